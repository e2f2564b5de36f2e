from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        fields = ["email", "full_name", "role", "csp"]


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "csp", "is_active"]
    list_filter = ["role", "is_active", "csp"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "csp", "letter_titles"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = AuditAction.USER_CHANGED if change else AuditAction.USER_CREATED
        record(request.user, action, obj, role=obj.role, via="admin", fields=sorted(form.changed_data))

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "csp", "usable_password", "password1", "password2"]}),
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

    def save_model(self, request, obj, form, change):
        # The contact details go into letters: every change is on the audit trail.
        super().save_model(request, obj, form, change)
        record(request.user, AuditAction.CSP_CHANGED, obj, via="admin", fields=sorted(form.changed_data))
