"""Meeting mode: the chair takes the Panel through the agenda, one item at a time.

The page costs the same number of queries whatever the size of the agenda
and the number of readers: the agenda is one query, and only the current
item's assessments, recommendations and verdict are loaded.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.assessment_summary import side_by_side
from panel.enums import MeetingStatus
from panel.outcomes import criteria_for
from panel.queries import (
    assessments_of_item,
    load_verdict_summary,
    meeting_mode_agenda,
    meetings_for_user,
    national_recommendations,
)
from panel.services.meetings import go_to_item
from submissions.queries import issues_and_answers

# An agenda item's id as a form sends it: a whole number of at most 18 digits (a bigint holds 19).
MAX_ID_DIGITS = 18


def meeting_mode(request, pk):
    """The chair (and the secretariat, to follow) sees the agenda and the current item; the chair moves it on."""
    meeting = get_permitted_or_404(request.user, "panel.view_meeting", meetings_for_user(request.user), pk=pk)
    require_perm(request.user, "panel.view_progress", meeting)
    if request.method == "POST":
        require_perm(request.user, "panel.run_meeting", meeting)
        return _move(request, meeting)
    if meeting.status != MeetingStatus.HELD:
        messages.error(request, "Meeting mode is open only while the meeting is being held")
        return redirect("panel:meeting_detail", pk=meeting.pk)
    agenda = list(meeting_mode_agenda(meeting, request.user))
    current = next((item for item in agenda if item.pk == meeting.current_item_id), None)
    chairing = request.user.has_perm("panel.run_meeting", meeting)
    context = {"meeting": meeting, "agenda": agenda, "current": current, "chairing": chairing}
    if current is not None and not current.recused:
        context.update(_current_item(current, chairing, own_first=current.own_unsubmitted))
    return render(request, "panel/meeting_mode.html", context)


def _current_item(item, chairing, *, own_first):
    """What the Panel discusses of the current item: a constant number of queries.

    A chair who reads the item and has not submitted their own assessment
    does not see the others' (panel.read_assessments): `own_first`.
    """
    verdict = getattr(item, "verdict", None)
    if verdict is not None:
        load_verdict_summary(verdict)
    previous, answered = issues_and_answers(item.submission)
    summary = None if own_first else side_by_side(assessments_of_item(item), criteria_for(item.submission.review.kind))
    return {
        "verdict": verdict,
        "previous": previous,
        "answered": answered,
        "summary": summary,
        "own_first": own_first,
        "recommendations": list(national_recommendations(item.submission)),
        # The chair of the meeting, not recused from the item, is who records its verdict (panel.record_verdict).
        "can_record_verdict": chairing,
    }


def _move(request, meeting):
    """"Next item", or the item chosen from the agenda."""
    item = None
    if "next" not in request.POST:
        item = _chosen_item(request, meeting)
        if item is None:
            messages.error(request, "Choose an item on this meeting's agenda")
            return redirect("panel:meeting_mode", pk=meeting.pk)
    try:
        meeting = go_to_item(meeting=meeting, item=item, moved_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
        if meeting.status != MeetingStatus.HELD:
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return redirect("panel:meeting_mode", pk=meeting.pk)


def _chosen_item(request, meeting):
    value = request.POST.get("item", "")
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS):
        return None
    return meeting.agenda_items.filter(pk=int(value)).first()
