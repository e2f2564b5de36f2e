from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.account_status import AccountStatusUnchanged, deactivate_user, reactivate_user
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent, CommunitySafetyPartnership, User

# Second factors change only through dhrqa.mfa.services, which audits each change: not in the admin,
# where a key could be read or a device added unseen.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["email", "full_name", "role", "csp", "national_body"]


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "csp", "national_body", "is_active"]
    list_filter = ["role", "is_active", "csp"]
    search_fields = ["email", "full_name"]
    actions = ["deactivate_selected", "reactivate_selected"]
    # save_model writes USER_CREATED and USER_CHANGED (dhrqa/admin_site.py records deletions).
    audits_saves = True
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "csp", "national_body", "letter_titles"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    def save_model(self, request, obj, form, change):
        status_changed = change and "is_active" in form.changed_data
        if status_changed:
            # Closing or reopening goes through the services: they end the sessions and record it.
            obj.is_active = not obj.is_active
        super().save_model(request, obj, form, change)
        if status_changed:
            (deactivate_user if obj.is_active else reactivate_user)(obj, by=request.user, via="admin")
            obj.refresh_from_db()
        action = AuditAction.USER_CHANGED if change else AuditAction.USER_CREATED
        record(request.user, action, obj, role=obj.role, via="admin", fields=sorted(form.changed_data))

    def log_change(self, request, obj, message):
        # The admin's password form saves without save_model: its change is recorded here (Django names
        # that URL auth_user_password_change whatever the user model).
        if request.resolver_match.url_name == "auth_user_password_change":
            record(request.user, AuditAction.PASSWORD_SET, obj, via="admin")
        return super().log_change(request, obj, message)

    def _change_status(self, request, queryset, service, done):
        changed = 0
        for user in queryset:
            try:
                service(user, by=request.user, via="admin")
                changed += 1
            except AccountStatusUnchanged:
                pass
        self.message_user(request, f"{changed} account{'' if changed == 1 else 's'} {done}.", messages.SUCCESS)

    @admin.action(description="Deactivate the selected accounts (signs them out)")
    def deactivate_selected(self, request, queryset):
        self._change_status(request, queryset, deactivate_user, "deactivated")

    @admin.action(description="Reactivate the selected accounts")
    def reactivate_selected(self, request, queryset):
        self._change_status(request, queryset, reactivate_user, "reactivated")

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "csp", "national_body", "usable_password", "password1", "password2"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is only ever added to, by the services."""

    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "actor__email"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommunitySafetyPartnership)
class CommunitySafetyPartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area_name", "contact_name"]
    search_fields = ["name", "area_name"]
    # save_model writes CSP_CHANGED.
    audits_saves = True

    def save_model(self, request, obj, form, change):
        # The contact details go into letters: every change is on the audit trail.
        super().save_model(request, obj, form, change)
        record(request.user, AuditAction.CSP_CHANGED, obj, via="admin", fields=sorted(form.changed_data))
