from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from dhrqa import throttle
from dhrqa.accounts import create_account, set_password_path
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.forms import SignInForm, UserCreateForm
from dhrqa.models import User
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm
from dhrqa.views.lockout import sign_in_throttled


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before the form: an address over the limit has no password checked, and no failure counted.
        if not throttle.allowed(request, name="sign_in", limit=settings.DHRQA_SIGN_IN_RATE_LIMIT,
                                window_seconds=settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS):
            return sign_in_throttled(request)
        return super().post(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "registration/set_password.html"
    post_reset_login = False
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.user, AuditAction.PASSWORD_SET, form.user)
        messages.success(self.request, "Your password has been set. You can now sign in.")
        return response


def user_list(request):
    require_perm(request.user, "dhrqa.manage_users")
    users = paginate(request, User.objects.select_related("csp").order_by("role", "full_name", "id"))
    return render(request, "dhrqa/user_list.html", {"users": users, "page_obj": users})


@never_cache
def user_create(request):
    require_perm(request.user, "dhrqa.manage_users")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_account(form=form, created_by=request.user)
        link = request.build_absolute_uri(set_password_path(user))
        return render(request, "dhrqa/user_created.html", {"new_user": user, "link": link})
    return render(request, "dhrqa/user_create.html", {"form": form})
