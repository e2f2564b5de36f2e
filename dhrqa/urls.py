from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dhrqa import converters
from dhrqa.views.account import account, session_extend, session_status, sign_out_everywhere
from dhrqa.views.home import home
from dhrqa.views.user_access import user_deactivate, user_detail, user_reactivate
from dhrqa.views.users import SetPasswordView, SignInView, user_create, user_list

converters.register()

urlpatterns = [
    path("", home, name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("set-password/<uidb64:uidb64>/<token:token>/", SetPasswordView.as_view(), name="password_set"),
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/<id:pk>/", user_detail, name="user_detail"),
    path("users/<id:pk>/deactivate/", user_deactivate, name="user_deactivate"),
    path("users/<id:pk>/reactivate/", user_reactivate, name="user_reactivate"),
    path("account/", account, name="account"),
    path("account/sign-out-everywhere/", sign_out_everywhere, name="sign_out_everywhere"),
    path("session/extend/", session_extend, name="session_extend"),
    path("session/status/", session_status, name="session_status"),
    path("admin/", admin.site.urls),
    path("", include("submissions.urls")),
    path("", include("panel.urls")),
]
