from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dhrqa import converters
from dhrqa.views.audit import audit_trail, audit_trail_export
from dhrqa.views import mfa
from dhrqa.views.home import home
from dhrqa.views.lockout import user_locks
from dhrqa.views.passwords import accept_invitation, forgotten_password, reset_password
from dhrqa.views.users import SignInView, invitation_resend, user_create, user_list
from dhrqa.views.account import session_extend, session_status, sign_out_everywhere
from dhrqa.views.user_access import user_deactivate, user_detail, user_reactivate

converters.register()

handler500 = "dhrqa.views.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # The links in e-mails carry their token in the query string: see dhrqa/views/passwords.py.
    path("invitation/", accept_invitation, name="invitation_accept"),
    path("forgotten-password/", forgotten_password, name="forgotten_password"),
    path("reset-password/", reset_password, name="password_reset_choose"),
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/locked/", user_locks, name="user_locks"),
    path("audit-trail/", audit_trail, name="audit_trail"),
    path("audit-trail/export.csv", audit_trail_export, name="audit_trail_export"),
    path("users/<id:pk>/invitation/", invitation_resend, name="invitation_resend"),
    path("sign-in/code/", mfa.verify, name="mfa_verify"),
    path("account/", mfa.account, name="account"),
    path("account/two-factor/set-up/", mfa.set_up, name="mfa_setup"),
    path("account/two-factor/recovery-codes/", mfa.recovery_codes, name="mfa_recovery_codes"),
    path("account/two-factor/recovery-codes/new/", mfa.recovery_codes_replace, name="mfa_recovery_codes_replace"),
    path("users/<id:pk>/two-factor/reset/", mfa.user_mfa_reset, name="user_mfa_reset"),
    path("users/<id:pk>/", user_detail, name="user_detail"),
    path("users/<id:pk>/deactivate/", user_deactivate, name="user_deactivate"),
    path("users/<id:pk>/reactivate/", user_reactivate, name="user_reactivate"),
    path("account/sign-out-everywhere/", sign_out_everywhere, name="sign_out_everywhere"),
    path("session/extend/", session_extend, name="session_extend"),
    path("session/status/", session_status, name="session_status"),
    path("admin/", admin.site.urls),
    path("", include("submissions.urls")),
    path("", include("panel.urls")),
]
