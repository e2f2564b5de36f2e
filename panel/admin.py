from django.contrib import admin

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.models import Outcome, OutcomeSet


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["position", "code", "label", "needs_new_version"]

    def has_delete_permission(self, request, obj=None):
        # Verdicts keep their outcome: an outcome no longer used stays, in a set no longer in force.
        return False


@admin.register(OutcomeSet)
class OutcomeSetAdmin(admin.ModelAdmin):
    """Outcome sets are data: an admin corrects the date a set came into force, or adds a new era's set."""

    list_display = ["name", "case_kind", "in_force_from"]
    inlines = [OutcomeInline]
    # save_model and save_formset write OUTCOME_SET_CHANGED (dhrqa/admin_site.py would otherwise).
    audits_saves = True

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(request.user, AuditAction.OUTCOME_SET_CHANGED, obj, via="admin", fields=sorted(form.changed_data))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changed = [f"{outcome.code}: {', '.join(fields)}" for outcome, fields in formset.changed_objects]
        added = [outcome.code for outcome in formset.new_objects]
        if changed or added:
            record(request.user, AuditAction.OUTCOME_SET_CHANGED, form.instance, via="admin", outcomes_changed=changed,
                   outcomes_added=added)
