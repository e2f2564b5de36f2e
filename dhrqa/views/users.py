from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from dhrqa import throttle
from dhrqa.accounts import NotAwaitingAcceptance, awaiting_acceptance, invite, resend_invitation
from dhrqa.forms import InvitationForm, SignInForm
from dhrqa.models import User
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm
from dhrqa.views.lockout import sign_in_throttled


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A "next" back to this page would loop (Django raises for a signed-in person): home instead.
        url = super().get_redirect_url()
        return "" if url and url.split("?")[0] == reverse("login") else url

    def post(self, request, *args, **kwargs):
        # Before the form: an address over the limit has no password checked, and no failure counted.
        if not throttle.allowed(request, name="sign_in", limit=settings.DHRQA_SIGN_IN_RATE_LIMIT,
                                window_seconds=settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS):
            return sign_in_throttled(request)
        return super().post(request, *args, **kwargs)


def user_list(request):
    require_perm(request.user, "dhrqa.manage_users")
    users = paginate(request, User.objects.select_related("csp").order_by("role", "full_name", "id"))
    return render(request, "dhrqa/user_list.html", {"users": users, "page_obj": users})


@never_cache
def user_create(request):
    """Invite a person: the account is made, and the link to choose a password goes to them alone."""
    require_perm(request.user, "dhrqa.manage_users")
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        user = invite(form=form, invited_by=request.user)
        return render(request, "dhrqa/invitation_sent.html", {"new_user": user})
    return render(request, "dhrqa/user_create.html", {"form": form, "invitation_days": settings.DHRQA_INVITATION_DAYS})


@never_cache
def invitation_resend(request, pk):
    """Send a person who has not yet chosen a password a new invitation; the old link stops working."""
    require_perm(request.user, "dhrqa.manage_users")
    person = get_object_or_404(User, pk=pk)
    require_perm(request.user, "dhrqa.resend_invitation", person)
    if request.method == "POST":
        try:
            resend_invitation(user=person, sent_by=request.user)
        except NotAwaitingAcceptance:
            messages.error(request, f"{person.full_name} has already accepted their invitation")
        else:
            messages.success(request, f"A new invitation has been sent to {person.email}. "
                                      "The link in the earlier one no longer works.")
        return redirect("user_list")
    return render(request, "dhrqa/invitation_resend.html", {
        "person": person, "awaiting": awaiting_acceptance(person),
    })
