from django.contrib import admin

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from submissions.models import CommunitySafetyPartnership


@admin.register(CommunitySafetyPartnership)
class CommunitySafetyPartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area_name", "contact_name"]
    search_fields = ["name", "area_name"]

    def save_model(self, request, obj, form, change):
        # The contact details go into letters: every change is on the audit trail.
        super().save_model(request, obj, form, change)
        record(request.user, AuditAction.CSP_CHANGED, obj, via="admin", fields=sorted(form.changed_data))
