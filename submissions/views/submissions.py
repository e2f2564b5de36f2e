"""The Home Office's list of every version sent, with filters, search, sorting and a CSV export."""

from urllib.parse import urlencode

import rules
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dhrqa import clock
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm
from submissions.filters import SubmissionFilter
from submissions.queries import submission_list_for_user
from submissions.services.exports import export_submissions
from submissions.submission_table import ROW_FIELDS, Sort, headers, rows


def submission_list(request):
    require_perm(request.user, "submissions.list_submissions")
    filters = SubmissionFilter(request.GET, queryset=submission_list_for_user(request.user))
    sort = Sort.from_param(request.GET.get("sort"))
    # Counted as submissions, so that the count joins no table it does not filter on.
    page = paginate(request, sort.apply(filters.qs))
    filter_params = filters.params()
    return render(request, "submissions/submission_list.html", {
        "form": filters.form,
        "page_obj": page,
        "rows": rows(page.object_list.values(*ROW_FIELDS), clock.today()),
        "headers": headers(sort, filter_params),
        "sort": sort,
        "selected": filters.selected(keep=sort.params),
        "clear_link": "?" + urlencode(sort.params),
        # The filters and sort, kept by the pagination and the CSV link.
        "query": urlencode([*filter_params, *sort.params]),
        # Asked of the rules alone: Django's model backend would cost two queries to say no.
        "can_export": rules.has_perm("submissions.export_submissions", request.user),
    })


@never_cache
@require_GET
def submission_export(request):
    require_perm(request.user, "submissions.export_submissions")
    filters = SubmissionFilter(request.GET, queryset=submission_list_for_user(request.user))
    sort = Sort.from_param(request.GET.get("sort"))
    chunks = export_submissions(
        submissions=sort.apply(filters.qs), exported_by=request.user, filters=filters.in_force(), sort=sort.param,
    )
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"submissions-{clock.today():%Y-%m-%d}.csv")
    return response
