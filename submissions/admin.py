from django.contrib import admin

from submissions.models import CommunitySafetyPartnership


@admin.register(CommunitySafetyPartnership)
class CommunitySafetyPartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area_name", "contact_name"]
    search_fields = ["name", "area_name"]
