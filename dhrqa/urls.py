from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dhrqa import converters
from dhrqa.views import mfa
from dhrqa.views.home import home
from dhrqa.views.users import SetPasswordView, SignInView, user_create, user_list

converters.register()

urlpatterns = [
    path("", home, name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/code/", mfa.verify, name="mfa_verify"),
    path("account/", mfa.account, name="account"),
    path("account/two-factor/set-up/", mfa.set_up, name="mfa_setup"),
    path("account/two-factor/recovery-codes/", mfa.recovery_codes, name="mfa_recovery_codes"),
    path("account/two-factor/recovery-codes/new/", mfa.recovery_codes_replace, name="mfa_recovery_codes_replace"),
    path("set-password/<uidb64:uidb64>/<token:token>/", SetPasswordView.as_view(), name="password_set"),
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/<id:pk>/two-factor/reset/", mfa.user_mfa_reset, name="user_mfa_reset"),
    path("admin/", admin.site.urls),
    path("", include("submissions.urls")),
    path("", include("panel.urls")),
]
