"""The secretariat's pages for letter templates: each outcome set's template, its wording, and changing it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from panel import placeholders
from panel.composition import LAYOUT, PARTS, PLACEHOLDER_LIMITS, wording_at
from panel.forms.letter_templates import LetterTemplateForm
from panel.models import LetterTemplate
from panel.services.letter_templates import change_template, current_templates, is_newest, outcomes_of, versions_of


@require_safe
def template_list(request):
    require_perm(request.user, "panel.manage_letter_templates")
    return render(request, "panel/letter_template_list.html", {"templates": current_templates()})


@require_safe
def template_detail(request, pk):
    require_perm(request.user, "panel.manage_letter_templates")
    template = get_object_or_404(LetterTemplate.objects.select_related("outcome_set", "created_by"), pk=pk)
    versions = list(versions_of(template))
    outcomes = outcomes_of(template.outcome_set)
    return render(request, "panel/letter_template_detail.html", {
        "template": template, "versions": versions, "newest": versions[0],
        "letter_count": next(version.letter_count for version in versions if version.pk == template.pk),
        "layout": [LAYOUT.get(slot, slot) for slot in template.paragraphs.get("layout", [])],
        "parts": _wording(template, outcomes), **_placeholder_lists(),
    })


def template_change(request, pk):
    require_perm(request.user, "panel.manage_letter_templates")
    template = get_object_or_404(LetterTemplate.objects.select_related("outcome_set"), pk=pk)
    if not is_newest(template):
        messages.error(request, f"Version {template.version} is no longer the newest: change the newest version")
        return redirect("panel:letter_template_detail", pk=template.pk)
    form = LetterTemplateForm(request.POST or None, template=template, outcomes=outcomes_of(template.outcome_set))
    if request.method == "POST" and form.is_valid():
        try:
            new, saved = change_template(template=template, changed_by=request.user, **form.template_fields())
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            if saved:
                messages.success(request, f"Version {new.version} has been saved. Letters drafted from now on use "
                                          "it; letters drafted before keep the version they were made from")
            else:
                messages.info(request, "Nothing was changed, so no new version was saved")
            return redirect("panel:letter_template_detail", pk=new.pk)
    return render(request, "panel/letter_template_change.html",
                  {"template": template, "form": form, **_placeholder_lists()})


def _wording(template, outcomes):
    """Each part with its text, or its text for each outcome: [(label, [(outcome label or None, text)])]."""
    return [
        (part.label, [(label, wording_at(template.paragraphs, part, code) or "")
                      for code, label in (outcomes if part.by_outcome else [(None, None)])])
        for part in PARTS
    ]


def _placeholder_lists():
    return {
        "placeholders": [(f"(({name}))", description, example, PLACEHOLDER_LIMITS.get(name, ""))
                         for name, (description, example) in placeholders.PLACEHOLDERS.items()],
        "blocks": [(f"(({name}))", description) for name, description in placeholders.BLOCKS.items()],
    }
