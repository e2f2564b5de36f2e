from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dhrqa import converters
from dhrqa.views.audit import audit_trail, audit_trail_export
from dhrqa.views.home import home
from dhrqa.views.lockout import user_locks
from dhrqa.views.users import SetPasswordView, SignInView, user_create, user_list

converters.register()

handler500 = "dhrqa.views.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("set-password/<uidb64:uidb64>/<token:token>/", SetPasswordView.as_view(), name="password_set"),
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/locked/", user_locks, name="user_locks"),
    path("audit-trail/", audit_trail, name="audit_trail"),
    path("audit-trail/export.csv", audit_trail_export, name="audit_trail_export"),
    path("admin/", admin.site.urls),
    path("", include("submissions.urls")),
    path("", include("panel.urls")),
]
