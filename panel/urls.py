from django.urls import path

from panel.views import (
    assessments,
    bulk_letters,
    check_letter,
    criteria,
    dashboard,
    letter_templates,
    letters,
    meeting_mode,
    meetings,
    national,
    publications,
    readers,
)
from panel.views.agenda import agenda_item_detail, item_document
from panel.views.verdicts import verdict_confirm, verdict_record

app_name = "panel"

urlpatterns = [
    # Planning meetings and their agendas
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/change/", meetings.meeting_change, name="meeting_change"),
    path("meetings/<id:pk>/members/", meetings.meeting_members, name="meeting_members"),
    path("meetings/<id:pk>/release-papers/", meetings.meeting_release, name="meeting_release"),
    path("meetings/<id:pk>/attendance/", meetings.meeting_hold, name="meeting_hold"),
    path("meetings/<id:pk>/close/", meetings.meeting_close, name="meeting_close"),
    path("meetings/<id:pk>/agenda/add/", meetings.agenda_add, name="agenda_add"),
    path("agenda-items/<id:pk>/reorder/", meetings.agenda_reorder, name="agenda_reorder"),
    path("agenda-items/<id:pk>/move/", meetings.agenda_move, name="agenda_move"),
    # Readers, conflicts of interest, progress and reminders
    path("my-reviews/", readers.my_reviews, name="my_reviews"),
    path("agenda-items/<id:pk>/readers/", readers.item_readers, name="item_readers"),
    path("reader-assignments/<id:pk>/remove/", readers.reader_remove, name="reader_remove"),
    path("agenda-items/<id:pk>/conflict/", readers.declare_conflict, name="declare_conflict"),
    path("meetings/<id:pk>/progress/", readers.meeting_progress, name="meeting_progress"),
    path("meetings/<id:pk>/reminders/", readers.meeting_reminders, name="meeting_reminders"),
    # Assessments and the criteria they use
    path("reader-assignments/<id:pk>/assessment/", assessments.assessment, name="assessment"),
    path("agenda-items/<id:pk>/assessments/", assessments.item_assessments, name="assessments"),
    path("criteria/", criteria.criterion_list, name="criterion_list"),
    path("criteria/new/", criteria.criterion_add, name="criterion_add"),
    path("criteria/<id:pk>/", criteria.criterion_change, name="criterion_change"),
    path("criteria/<id:pk>/move/", criteria.criterion_move, name="criterion_move"),
    # The meeting itself: meeting mode and verdicts
    path("meetings/<id:pk>/in-meeting/", meeting_mode.meeting_mode, name="meeting_mode"),
    path("agenda-items/<id:pk>/", agenda_item_detail, name="agenda_item_detail"),
    path("agenda-items/<id:pk>/documents/<id:document_pk>/", item_document, name="item_document"),
    path("agenda-items/<id:pk>/verdict/", verdict_record, name="verdict_record"),
    path("agenda-items/<id:pk>/verdict/confirm/", verdict_confirm, name="verdict_confirm"),
    # Letters
    path("verdicts/<id:verdict_pk>/letters/new/", letters.letter_draft, name="letter_draft"),
    path("letters/to-sign/", letters.letters_waiting, name="letters_to_sign"),
    path("letters/<id:pk>/", letters.letter_detail, name="letter_detail"),
    path("letters/<id:pk>/status/", letters.letter_status, name="letter_status"),
    path("letters/<id:pk>/download/", letters.letter_download, name="letter_download"),
    path("letters/<id:pk>/preview/", letters.letter_preview, name="letter_preview"),
    path("letters/<id:pk>/edit/", letters.letter_edit, name="letter_edit"),
    path("letters/<id:pk>/try-again/", letters.letter_render, name="letter_render"),
    path("letters/<id:pk>/send/", letters.letter_send, name="letter_send"),
    path("letters/<id:pk>/sign/", letters.letter_sign, name="letter_sign"),
    path("letters/<id:pk>/send-back/", letters.letter_return, name="letter_return"),
    path("letters/<id:pk>/take-back/", letters.letter_withdraw, name="letter_withdraw"),
    path("letters/<id:pk>/issue/", letters.letter_issue, name="letter_issue"),
    path("letters/<id:pk>/correct/", letters.letter_correct, name="letter_correct"),
    # A meeting's letters together
    path("meetings/<id:pk>/letters/", bulk_letters.meeting_letters, name="meeting_letters"),
    path("meetings/<id:pk>/letters/prepare/", bulk_letters.meeting_letters_prepare, name="meeting_letters_prepare"),
    path("meetings/<id:pk>/letters/progress/", bulk_letters.meeting_letters_progress,
         name="meeting_letters_progress"),
    path("meetings/<id:pk>/letters/zip/", bulk_letters.meeting_letters_zip, name="meeting_letters_zip"),
    path("meetings/<id:pk>/letters/zip/download/", bulk_letters.meeting_letters_zip_download,
         name="meeting_letters_zip_download"),
    # Letter templates, as data
    path("letter-templates/", letter_templates.template_list, name="letter_template_list"),
    path("letter-templates/<id:pk>/", letter_templates.template_detail, name="letter_template_detail"),
    path("letter-templates/<id:pk>/change/", letter_templates.template_change, name="letter_template_change"),
    # Delays and publication
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.csv", dashboard.dashboard_export, name="dashboard_export"),
    path("dashboard/unpublished/", dashboard.unpublished_reports, name="unpublished"),
    path("reviews/<reference:reference>/publication/", publications.publication, name="publication"),
    # Anyone holding a letter, signed in or not
    # National recommendations routed to bodies
    path("national-recommendations/", national.national_list, name="national_list"),
    path("national-recommendations/export/", national.national_export, name="national_export"),
    path("national-recommendations/chasers/", national.national_chasers, name="national_chasers"),
    path("national-recommendations/<id:pk>/", national.national_detail, name="national_detail"),
    path("national-recommendations/<id:pk>/update/", national.national_update, name="national_update"),
    path("national-recommendations/<id:pk>/reroute/", national.national_reroute, name="national_reroute"),
    path("check-a-letter/", check_letter.check_letter, name="check_letter"),
]
