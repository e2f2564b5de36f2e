"""The Django admin: superusers only, and every addition, change and deletion on the audit trail.

Django's admin lets in any active staff user and trusts its model
permissions: a staff user allowed to change users could make anyone, or
themselves, a superuser. Here only superusers reach it, so nobody there can
grant more than they hold; they sign in on the service's own sign-in page,
never a second password form. Every ModelAdmin registered on the site (ours,
the panel's, Django's own Group) is given AuditedAdmin, so nothing changes
in the admin without an event in dhrqa.audit, bulk "delete selected" included.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.base import ModelBase
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from dhrqa.audit import record
from dhrqa.enums import AuditAction


def _snapshot(obj):
    """What a deleted row held, for the audit trail (never a password hash)."""
    return {field.attname: str(field.value_from_object(obj)) for field in obj._meta.concrete_fields
            if field.name != "password"}


class AuditedAdmin:
    """Mixed into every ModelAdmin on the site.

    An admin that writes its own, more specific, event for additions and
    changes says so with `audits_saves = True`; deletions are always recorded here.
    """

    audits_saves = False

    def log_addition(self, request, obj, message):
        if not self.audits_saves:
            record(request.user, AuditAction.ADMIN_ADDED, obj, via="admin", changes=message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not self.audits_saves:
            record(request.user, AuditAction.ADMIN_CHANGED, obj, via="admin", changes=message)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, AuditAction.ADMIN_DELETED, obj, via="admin", deleted=_snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected": one event for each row, in the transaction that deletes them.
        with transaction.atomic():
            for obj in queryset:
                record(request.user, AuditAction.ADMIN_DELETED, obj, via="admin", bulk=True,
                       deleted=_snapshot(obj))
            super().delete_queryset(request, queryset)


class SuperuserAdminSite(admin.AdminSite):
    site_header = "DHR QA administration"
    site_title = "DHR QA admin"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @login_not_required
    def login(self, request, extra_context=None):
        """No second password form: the service's sign-in page, with all it checks, is the one way in."""
        if request.user.is_authenticated:
            # Signed in, but not a superuser.
            raise PermissionDenied
        back = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:index")
        return redirect_to_login(back)

    def password_change(self, request, extra_context=None):
        """An admin changing their own password: a change made in the admin, so in the audit trail too."""
        response = super().password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            record(request.user, AuditAction.PASSWORD_SET, request.user, via="admin")
        return response

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = type(admin_class.__name__, (AuditedAdmin, admin_class),
                               {"__module__": admin_class.__module__})
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        return super().register(models, admin_class, **options)
