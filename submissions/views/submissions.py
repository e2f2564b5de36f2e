from django.core.paginator import Paginator
from django.shortcuts import render

from dhrqa.permissions import require_perm
from submissions.models import Submission
from submissions.enums import SubmissionStatus

PER_PAGE = 50


def submission_list(request):
    require_perm(request.user, "submissions.list_submissions")
    submissions = (
        Submission.objects.exclude(status=SubmissionStatus.DRAFT)
        .select_related("review__csp").prefetch_related("review__people").order_by("submitted_at", "id")
    )
    page = Paginator(submissions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "submissions/submission_list.html", {"submissions": page, "page_obj": page})


def submission_export(request):
    require_perm(request.user, "submissions.export_submissions")
    raise NotImplementedError
