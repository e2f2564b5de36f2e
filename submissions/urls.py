from django.urls import path

from submissions.views.documents import document_download
from submissions.views.reviews import review_create, review_detail, review_list
from submissions.views.submissions import submission_list

app_name = "submissions"

urlpatterns = [
    path("reviews/", review_list, name="review_list"),
    path("reviews/new/", review_create, name="review_create"),
    path("reviews/<str:reference>/", review_detail, name="review_detail"),
    path("documents/<int:pk>/download/", document_download, name="document_download"),
    path("submissions/", submission_list, name="submission_list"),
]
