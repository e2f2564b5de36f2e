from django.shortcuts import redirect

from dhrqa.enums import Role


def home(request):
    if request.user.role == Role.CSP_OFFICER:
        return redirect("submissions:review_list")
    if request.user.role == Role.SECRETARIAT:
        return redirect("submissions:submission_list")
    return redirect("panel:meeting_list")
