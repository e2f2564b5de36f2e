"""A person's account page for the secretariat, and closing or reopening the account."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from dhrqa.account_status import AccountStatusUnchanged, deactivate_user, reactivate_user
from dhrqa.models import User
from dhrqa.permissions import require_perm


def _account(request, pk):
    require_perm(request.user, "dhrqa.manage_users")
    return get_object_or_404(User.objects.select_related("csp"), pk=pk)


@never_cache
def user_detail(request, pk):
    person = _account(request, pk)
    return render(request, "dhrqa/user_detail.html", {
        "person": person, "can_manage": request.user.has_perm("dhrqa.manage_account", person),
    })


def _change_status(request, pk, *, service, template, done):
    person = _account(request, pk)
    require_perm(request.user, "dhrqa.manage_account", person)
    if request.method == "POST":
        try:
            service(person, by=request.user)
        except AccountStatusUnchanged as unchanged:
            messages.error(request, str(unchanged))
        else:
            messages.success(request, done.format(name=person.full_name))
        return redirect("user_detail", pk=person.pk)
    return render(request, template, {"person": person})


@never_cache
def user_deactivate(request, pk):
    return _change_status(request, pk, service=deactivate_user, template="dhrqa/user_deactivate.html",
                          done="{name}'s account has been deactivated. They have been signed out.")


@never_cache
def user_reactivate(request, pk):
    return _change_status(request, pk, service=reactivate_user, template="dhrqa/user_reactivate.html",
                          done="{name}'s account has been reactivated. They can sign in again.")
