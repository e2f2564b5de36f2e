"""The secretariat's audit trail: every event, newest first, filtered, paged and downloaded as a CSV."""

from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dhrqa import clock
from dhrqa.audit_filters import AuditEventFilter
from dhrqa.audit_trail import EventRow, audit_events, export_audit_trail
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm


@never_cache
@require_GET
def audit_trail(request):
    require_perm(request.user, "dhrqa.view_audit_trail")
    filters = AuditEventFilter(request.GET, queryset=audit_events())
    page = paginate(request, filters.qs)
    return render(request, "dhrqa/audit_trail.html", {
        "form": filters.form,
        "page_obj": page,
        "rows": [EventRow.of(event) for event in page.object_list],
        "filtered": bool(filters.in_force()),
        # The filters, kept by the pagination and the CSV link.
        "query": urlencode(filters.params()),
    })


@never_cache
@require_GET
def audit_trail_export(request):
    require_perm(request.user, "dhrqa.view_audit_trail")
    filters = AuditEventFilter(request.GET, queryset=audit_events())
    chunks = export_audit_trail(events=filters.qs, exported_by=request.user, filters=filters.in_force())
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"audit-trail-{clock.today():%Y-%m-%d}.csv")
    return response
