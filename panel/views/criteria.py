"""The secretariat's pages for the criteria readers judge reports against."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from dhrqa.permissions import require_perm
from panel.forms.criteria import CriterionForm, MoveForm, criterion_initial
from panel.models import Criterion
from panel.services.criteria import UP, add_criterion, change_criterion, move_criterion


@require_safe
def criterion_list(request):
    require_perm(request.user, "panel.manage_criteria")
    return render(request, "panel/criterion_list.html", {"criteria": Criterion.objects.order_by("position", "id")})


def criterion_add(request):
    require_perm(request.user, "panel.manage_criteria")
    form = CriterionForm(request.POST or None, adding=True)
    if request.method == "POST" and form.is_valid():
        criterion = add_criterion(added_by=request.user, **form.cleaned_data)
        messages.success(request, f"{criterion.heading} has been added at the end of the criteria")
        return redirect("panel:criterion_list")
    return render(request, "panel/criterion_form.html", {"form": form, "criterion": None})


def criterion_change(request, pk):
    require_perm(request.user, "panel.manage_criteria")
    criterion = get_object_or_404(Criterion, pk=pk)
    form = CriterionForm(request.POST or None, initial=criterion_initial(criterion), adding=False)
    if request.method == "POST" and form.is_valid():
        was_active = criterion.is_active
        criterion = change_criterion(criterion=criterion, changed_by=request.user, **form.cleaned_data)
        if was_active and not criterion.is_active:
            messages.success(request, f"{criterion.heading} has been retired: new assessments no longer offer it")
        else:
            messages.success(request, f"{criterion.heading} has been saved")
        return redirect("panel:criterion_list")
    return render(request, "panel/criterion_form.html", {"form": form, "criterion": criterion})


@require_POST
def criterion_move(request, pk):
    require_perm(request.user, "panel.manage_criteria")
    criterion = get_object_or_404(Criterion, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to move the criterion up or down")
    else:
        direction = form.cleaned_data["direction"]
        if move_criterion(criterion=criterion, direction=direction, moved_by=request.user):
            messages.success(request, f"{criterion.heading} has been moved {direction}")
        else:
            messages.error(request, f"{criterion.heading} is already {'first' if direction == UP else 'last'}")
    # Back to the row moved, so that pressing the button again moves it on.
    return redirect(f"{reverse('panel:criterion_list')}#criterion-{criterion.pk}")
