from django.shortcuts import render

from dhrqa.permissions import require_perm
from submissions.queries import submissions_for_home_office


def submission_list(request):
    require_perm(request.user, "submissions.list_submissions")
    submissions = submissions_for_home_office()
    return render(request, "submissions/submission_list.html", {"submissions": submissions})
