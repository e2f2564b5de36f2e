"""An agenda item's page, and the documents of its version for those who may read the meeting's papers."""

import rules
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dhrqa.permissions import get_permitted_or_404
from panel.queries import agenda_item_detail as agenda_item_query
from panel.queries import items_for_user, recusals
from submissions.queries import issues_and_answers
from submissions.review_details import as_sent
from submissions.views.documents import send_document


def agenda_item_detail(request, pk):
    item = get_permitted_or_404(request.user, "panel.view_item", agenda_item_query(request.user), pk=pk)
    user = request.user
    verdict = getattr(item, "verdict", None)
    letters = list(verdict.letters.all()) if verdict else []
    previous, answered = issues_and_answers(item.submission)
    readers = list(item.readers.all())
    return render(request, "panel/agenda_item_detail.html", {
        "item": item,
        "review": as_sent(item.submission),
        "verdict": verdict,
        "letters": letters,
        "latest_letter": letters[0] if letters else None,
        "previous": previous,
        "answered": answered,
        "readers": readers,
        "my_reading": next((reading for reading in readers if reading.reader_id == user.pk), None),
        "can_read_papers": user.has_perm("panel.read_papers", item),
        "can_read_assessments": user.has_perm("panel.read_assessments", item),
        "can_record_verdict": user.has_perm("panel.record_verdict", item),
        "can_declare_conflict": user.has_perm("panel.declare_conflict", item),
        # The secretariat's: assigning readers and drafting the letter (panel.plan_meetings, panel.draft_letter).
        "can_plan": rules.has_perm("panel.plan_meetings", user),
        "recusals": list(recusals(item)),
    })


@never_cache
@require_safe
def item_document(request, pk, document_pk):
    """A document of the item's version, for those who may read the papers: 404 before release or when conflicted."""
    item = get_permitted_or_404(request.user, "panel.read_papers",
                                items_for_user(request.user).select_related("meeting", "submission__review"), pk=pk)
    document = get_object_or_404(
        item.submission.documents.select_related("stored_file", "submission__review"), pk=document_pk)
    return send_document(request, document, back=("panel:agenda_item_detail", {"pk": item.pk}))
