"""The CSP records where and when it published its report."""

from django.contrib import messages
from django.shortcuts import redirect, render

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from panel.forms.publications import PublicationForm
from panel.models import Publication
from panel.services.publications import approval_letter_date, record_publication
from submissions.views.objects import visible_review


def publication(request, reference):
    review = visible_review(request, reference)
    require_perm(request.user, "panel.record_publication", review)
    letter_date = approval_letter_date(review)
    current = Publication.objects.filter(review=review).first()
    initial = {"url": current.url, "published_on": current.published_on} if current else None
    # Until the letter approving it is issued there is nothing to record: a post gets the page that says so.
    data = request.POST if request.method == "POST" and letter_date is not None else None
    form = PublicationForm(data, initial=initial, letter_date=letter_date)
    if data is not None and form.is_valid():
        try:
            record_publication(review=review, url=form.cleaned_data["url"],
                               published_on=form.cleaned_data["published_on"], recorded_by=request.user)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Publication recorded")
            return redirect("submissions:review_detail", reference=review.reference)
    return render(request, "panel/publication.html", {
        "review": review, "form": form, "letter_date": letter_date, "current": current,
    })
