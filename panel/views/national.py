"""National recommendations routed to bodies: each body's list, a recommendation's page and history, the
responder's update, the secretariat's re-routing, chasers and the CSV for the Domestic Abuse Commissioner."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dhrqa import clock
from dhrqa.enums import Role
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from panel.enums import NATIONAL_MOVES
from panel.forms.national import NationalMoveForm, RerouteForm
from panel.national_export import export_routed
from panel.national_filters import RoutedFilter
from panel.queries import routed_for_user, routed_history_for_user
from panel.services.national_tracker import MOVES, chaseable, reroute, send_chasers


def _filtered(request):
    filters = RoutedFilter(request.GET or None, queryset=routed_for_user(request.user).order_by("due_on", "id"),
                           with_body=request.user.role == Role.SECRETARIAT)
    return filters


@require_GET
def national_list(request):
    """A body's routed recommendations (every body's, for the secretariat), filtered, 50 a page."""
    require_perm(request.user, "panel.view_national")
    filters = _filtered(request)
    page = paginate(request, filters.qs)
    today = clock.today()
    secretariat = request.user.role == Role.SECRETARIAT
    return render(request, "panel/national_list.html", {
        "form": filters.form,
        "page_obj": page,
        "rows": [(routed, routed.is_overdue(today)) for routed in page.object_list],
        "query": urlencode(filters.in_force()),
        "is_secretariat": secretariat,
        "body_name": request.user.national_body_name,
        "chaseable": chaseable(today).count() if secretariat else 0,
    })


def _routed(request, pk):
    """The recommendation, if this person may see it: 403 for roles that never do, 404 for another body's."""
    require_perm(request.user, "panel.view_national")
    return get_object_or_404(routed_for_user(request.user), pk=pk)


@require_GET
def national_detail(request, pk):
    routed = _routed(request, pk)
    return render(request, "panel/national_detail.html", {
        "routed": routed,
        "overdue": routed.is_overdue(),
        "history": routed_history_for_user(request.user, routed),
        "can_move": request.user.has_perm("panel.move_routed", routed) and bool(NATIONAL_MOVES[routed.status]),
        "can_reroute": request.user.has_perm("panel.manage_national"),
    })


def national_update(request, pk):
    """The body's responder records its next step: one of the moves the status allows, with a note."""
    routed = _routed(request, pk)
    require_perm(request.user, "panel.move_routed", routed)
    form = NationalMoveForm(request.POST if request.method == "POST" else None, status=routed.status, initial={"revision": routed.revision})
    if request.method == "POST" and form.is_valid():
        move, note = form.cleaned_data["move"], form.cleaned_data["note"]
        kwargs = {"reason": note} if move == "decline" else {"note": note}
        try:
            MOVES[move](routed=routed, by=request.user, revision=form.cleaned_data["revision"], **kwargs)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            routed.refresh_from_db()
            messages.success(request, f"Recommendation {routed.number} is now {routed.get_status_display().lower()}")
            return redirect("panel:national_detail", pk=routed.pk)
    return render(request, "panel/national_update.html", {"routed": routed, "form": form,
                                                          "has_moves": bool(NATIONAL_MOVES[routed.status])})


def national_reroute(request, pk):
    """The secretariat sends a recommendation to a named body instead (one routed to "Other", or wrongly)."""
    routed = _routed(request, pk)
    require_perm(request.user, "panel.manage_national")
    form = RerouteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reroute(routed=routed, to_body=form.cleaned_data["body"], rerouted_by=request.user,
                    note=form.cleaned_data["note"])
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            routed.refresh_from_db()
            messages.success(request, f"Recommendation {routed.number} has been routed to {routed.body_name}")
            return redirect("panel:national_detail", pk=routed.pk)
    return render(request, "panel/national_reroute.html", {"routed": routed, "form": form})


def national_chasers(request):
    """The secretariat sees how many overdue recommendations a chaser would go for, then sends them."""
    require_perm(request.user, "panel.manage_national")
    if request.method == "POST":
        sent = send_chasers(sent_by=request.user)
        if sent:
            messages.success(request, f"Chasers have been sent for {sent} recommendation{'s' if sent != 1 else ''}")
        else:
            messages.error(request, "No overdue recommendation is waiting for a chaser")
        return redirect("panel:national_list")
    rows = list(chaseable())
    return render(request, "panel/national_chasers.html", {"rows": rows})


@never_cache
@require_GET
def national_export(request):
    """Every routed recommendation the filters select, as a CSV for the Domestic Abuse Commissioner."""
    require_perm(request.user, "panel.manage_national")
    filters = _filtered(request)
    chunks = export_routed(routed=filters.qs, exported_by=request.user, filters=filters.in_force(),
                           today=clock.today())
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"national-recommendations-{clock.today():%Y-%m-%d}.csv")
    return response
