from django.urls import path

from panel.views.agenda import agenda_item_detail, verdict_record
from panel.views.letters import (
    letter_detail,
    letter_download,
    letter_draft,
    letter_issue,
    letter_sign,
    letter_status,
)
from panel.views.meetings import agenda_add, meeting_create, meeting_detail, meeting_list

app_name = "panel"

urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda/add/", agenda_add, name="agenda_add"),
    path("agenda-items/<int:pk>/", agenda_item_detail, name="agenda_item_detail"),
    path("agenda-items/<int:pk>/verdict/", verdict_record, name="verdict_record"),
    path("verdicts/<int:verdict_pk>/letters/new/", letter_draft, name="letter_draft"),
    path("letters/<int:pk>/", letter_detail, name="letter_detail"),
    path("letters/<int:pk>/status/", letter_status, name="letter_status"),
    path("letters/<int:pk>/download/", letter_download, name="letter_download"),
    path("letters/<int:pk>/sign/", letter_sign, name="letter_sign"),
    path("letters/<int:pk>/issue/", letter_issue, name="letter_issue"),
]
