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
    path("meetings/<id:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/agenda/add/", agenda_add, name="agenda_add"),
    path("agenda-items/<id:pk>/", agenda_item_detail, name="agenda_item_detail"),
    path("agenda-items/<id:pk>/verdict/", verdict_record, name="verdict_record"),
    path("verdicts/<id:verdict_pk>/letters/new/", letter_draft, name="letter_draft"),
    path("letters/<id:pk>/", letter_detail, name="letter_detail"),
    path("letters/<id:pk>/status/", letter_status, name="letter_status"),
    path("letters/<id:pk>/download/", letter_download, name="letter_download"),
    path("letters/<id:pk>/sign/", letter_sign, name="letter_sign"),
    path("letters/<id:pk>/issue/", letter_issue, name="letter_issue"),
]
