"""The secretariat's dashboard of delays and publication, its CSV, and the reports waiting to be published."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dhrqa import clock
from dhrqa.pagination import PER_PAGE, page_number
from dhrqa.permissions import require_perm
from panel.delays.report import build_report
from panel.delays.stages import STAGES, load_review_dates
from panel.delays.statistics import targets, unpublished
from panel.forms.dashboard import DashboardFilterForm
from panel.services.delay_exports import export_delays


def _filtered(request):
    form = DashboardFilterForm(request.GET)
    form.is_valid()
    year, csp = form.chosen()
    reviews = load_review_dates(csp_id=csp.pk if csp else None, year=year)
    query = "&".join(part for part in (f"year={year}" if year else "", f"csp={csp.pk}" if csp else "") if part)
    return form, year, csp, reviews, query


@require_GET
def dashboard(request):
    require_perm(request.user, "panel.view_delays")
    form, year, csp, reviews, query = _filtered(request)
    today = clock.today()
    report = build_report(reviews, today)
    breach_page = Paginator(report.breaches, PER_PAGE).get_page(page_number(request.GET.get("page")))
    return render(request, "panel/dashboard.html", {
        "form": form, "year": year, "csp": csp, "query": query, "report": report, "stages": STAGES,
        "targets": targets(), "page_obj": breach_page, "waiting": len(unpublished(reviews, today)),
    })


@never_cache
@require_GET
def dashboard_export(request):
    require_perm(request.user, "panel.view_delays")
    form, year, csp, reviews, _ = _filtered(request)
    chunks = export_delays(reviews=reviews, exported_by=request.user,
                           filters={"year": year, "csp": csp.name if csp else None})
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"delays-{clock.today():%Y-%m-%d}.csv")
    return response


@require_GET
def unpublished_reports(request):
    """Reports the Panel approved, with their letter issued, that no one has recorded as published."""
    require_perm(request.user, "panel.view_delays")
    today = clock.today()
    waiting = unpublished(load_review_dates(), today)
    page = Paginator(waiting, PER_PAGE).get_page(page_number(request.GET.get("page")))
    return render(request, "panel/unpublished.html", {"page_obj": page, "count": len(waiting)})
