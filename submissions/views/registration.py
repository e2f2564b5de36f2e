"""Registering a review, and changing its particulars while a version is being prepared."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from dhrqa.error_summary import error_links
from dhrqa.formsets import shown_unchecked, with_extra_row
from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from submissions.review_details import as_sent
from submissions.enums import CaseKind, PersonRole, SubmissionStatus
from submissions.forms.details import (
    PERSON_FIELDS,
    CaseKindForm,
    PerpetratorFormSet,
    ReviewDetailsForm,
    VictimFormSet,
    initial_people,
)
from submissions.services.reviews import register_review, update_review
from submissions.views.objects import visible_review

PREFIXES = {PersonRole.VICTIM: "victim", PersonRole.PERPETRATOR: "perpetrator"}
FORMSETS = {PersonRole.VICTIM: VictimFormSet, PersonRole.PERPETRATOR: PerpetratorFormSet}


@never_cache
def review_start(request):
    require_perm(request.user, "submissions.register_review")
    posted = request.POST if request.method == "POST" else None
    form = CaseKindForm(posted)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["kind"] == CaseKind.REVIEW:
            return redirect("submissions:review_register")
        return redirect("submissions:decision_register")
    return render(request, "submissions/review_start.html", {"form": form})


@never_cache
def review_register(request, kind):
    require_perm(request.user, "submissions.register_review")
    kind = CaseKind(kind)
    details, people = _bound_forms(request, kind)
    if _all_valid(request, details, people):
        review = register_review(officer=request.user, kind=kind, details=details.details(),
                                 people=_people(people))
        messages.success(request, f"{review.get_kind_display()} {review.reference} has been registered. "
                                  "Add its documents next.")
        return redirect("submissions:version_detail", reference=review.reference, number=1)
    return _render(request, details, people, kind=kind, review=None)


@never_cache
def review_details(request, reference):
    review = visible_review(request, reference)
    require_perm(request.user, "submissions.start_version", review)
    draft = review.submissions.filter(status=SubmissionStatus.DRAFT).first()
    # The form starts from what the draft will send: its own changes, or the review as last sent.
    shown = as_sent(draft) if draft is not None else review
    details, people = _bound_forms(request, review.kind, review=shown)
    if draft is not None and _all_valid(request, details, people):
        try:
            update_review(review=review, changed_by=request.user, details=details.details(), people=_people(people))
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "The review's details have been saved")
        return redirect("submissions:version_detail", reference=review.reference, number=draft.number)
    if draft is None:
        messages.error(request, "The review's details can be changed only while a version is being prepared")
        return redirect("submissions:review_detail", reference=review.reference)
    return _render(request, details, people, kind=review.kind, review=review, draft=draft)


def _bound_forms(request, kind, review=None):
    data = request.POST if request.method == "POST" else None
    adding = data is not None and any(f"add_{prefix}" in data for prefix in PREFIXES.values())
    if review is not None and data is None:
        initial = {name: getattr(review, name) for name in ReviewDetailsForm.base_fields}
        details = ReviewDetailsForm(kind=kind, initial=initial)
    else:
        details = ReviewDetailsForm(data, kind=kind)
        if adding:
            shown_unchecked(details)
    people = {}
    for role, prefix in PREFIXES.items():
        formset_class = FORMSETS[role]
        if adding:
            people[role] = with_extra_row(formset_class, data, prefix=prefix, fields=PERSON_FIELDS)
            if f"add_{prefix}" not in data:
                people[role].extra = 0
        elif data is not None:
            people[role] = formset_class(data, prefix=prefix)
        else:
            people[role] = formset_class(prefix=prefix, initial=initial_people(review, role) if review else None)
    return details, people


def _all_valid(request, details, people):
    if request.method != "POST" or any(f"add_{prefix}" in request.POST for prefix in PREFIXES.values()):
        return False
    valid = details.is_valid()
    for formset in people.values():
        valid = formset.is_valid() and valid
    return valid


def _people(people):
    return people[PersonRole.VICTIM].people() + people[PersonRole.PERPETRATOR].people()


def _render(request, details, people, *, kind, review, draft=None):
    victims, perpetrators = people[PersonRole.VICTIM], people[PersonRole.PERPETRATOR]
    return render(request, "submissions/review_details.html", {
        "form": details, "victims": victims, "perpetrators": perpetrators, "kind": kind,
        "review": review, "draft": draft,
        "page_has_errors": bool(error_links(victims, perpetrators, details)),
    })
