"""The secretariat's pages for the language check's phrases: list, add, change or retire."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from submissions.forms.prescreen import LexiconEntryForm
from submissions.models import LexiconEntry
from submissions.services.lexicon import add_entry, change_entry


@require_safe
def lexicon_list(request):
    require_perm(request.user, "submissions.manage_lexicon")
    entries = LexiconEntry.objects.order_by("retired_at", "phrase", "pk")
    return render(request, "submissions/lexicon_list.html", {"entries": entries})


def lexicon_add(request):
    require_perm(request.user, "submissions.manage_lexicon")
    form = LexiconEntryForm(request.POST if request.method == "POST" else None, adding=True)
    if request.method == "POST" and form.is_valid():
        try:
            entry = add_entry(added_by=request.user, **form.cleaned_data)
        except IllegalTransition as refused:
            form.add_error("phrase", str(refused))
        else:
            messages.success(request, f"“{entry.phrase}” has been added to the language check")
            return redirect("submissions:lexicon_list")
    return render(request, "submissions/lexicon_form.html", {"form": form, "entry": None})


def lexicon_change(request, pk):
    require_perm(request.user, "submissions.manage_lexicon")
    entry = get_object_or_404(LexiconEntry, pk=pk)
    initial = {"phrase": entry.phrase, "inflect": entry.inflect, "reason": entry.reason, "better": entry.better,
               "active": entry.retired_at is None}
    form = LexiconEntryForm(request.POST if request.method == "POST" else None, initial=initial, adding=False)
    if request.method == "POST" and form.is_valid():
        try:
            entry = change_entry(entry=entry, changed_by=request.user, **form.cleaned_data)
        except IllegalTransition as refused:
            form.add_error("phrase", str(refused))
        else:
            retired = entry.retired_at is not None
            messages.success(request, f"“{entry.phrase}” has been {'retired' if retired else 'saved'}")
            return redirect("submissions:lexicon_list")
    return render(request, "submissions/lexicon_form.html", {"form": form, "entry": entry})
