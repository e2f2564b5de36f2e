"""The criteria readers judge reports against: data the secretariat adds, changes, orders and retires.

A criterion is never deleted: assessments made against it keep it. Retired
(is_active False), it is no longer offered in new assessments.
"""

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.enums import CriterionScope
from panel.models import Criterion

CRITERION_FIELDS = ("heading", "guidance", "judgement_options", "applies_to", "is_active")
MIN_OPTIONS, MAX_OPTIONS, MAX_OPTION_LENGTH = 2, 6, 100
UP, DOWN = "up", "down"


def check_judgement_options(options):
    """Refuse a list of judgements a reader could not choose from sensibly (the form says why first)."""
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(f"A criterion offers {MIN_OPTIONS} to {MAX_OPTIONS} judgements, not {len(options)}")
    if any(not option or len(option) > MAX_OPTION_LENGTH for option in options):
        raise ValueError(f"Each judgement is 1 to {MAX_OPTION_LENGTH} characters")
    if len({option.casefold() for option in options}) != len(options):
        raise ValueError("Each judgement is offered once")


def add_criterion(*, added_by, heading, guidance, judgement_options, applies_to=CriterionScope.ALL):
    """Add a criterion at the end of the list.

    1. Check its judgements; lock the criteria while the last place is read.
    2. Save it after the last, and write the audit event with what it says.
    (Places are not unique: two additions at once tie, are ordered by id,
    and the next move numbers them all again.)
    """
    check_judgement_options(judgement_options)
    with transaction.atomic():
        positions = list(Criterion.objects.select_for_update().values_list("position", flat=True))
        criterion = Criterion.objects.create(
            position=max(positions, default=0) + 1, heading=heading, guidance=guidance,
            judgement_options=list(judgement_options), applies_to=applies_to,
        )
        record(added_by, AuditAction.CRITERION_ADDED, criterion, position=criterion.position, heading=heading,
               guidance=guidance, judgement_options=list(judgement_options), applies_to=applies_to)
    return criterion


def change_criterion(*, criterion, changed_by, **fields):
    """Change what a criterion says, which cases it applies to, or retire it (is_active=False).

    1. Check the fields and judgements; lock the criterion.
    2. Save what changed and write the audit event with the old and new
       values. Nothing changed, nothing is written.
    """
    unknown = set(fields) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"Criteria have no field {sorted(unknown)}")
    if "judgement_options" in fields:
        fields["judgement_options"] = list(fields["judgement_options"])
        check_judgement_options(fields["judgement_options"])
    with transaction.atomic():
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
        changes = {}
        for name, value in fields.items():
            old = getattr(criterion, name)
            if old != value:
                changes[name] = [old, value]
                setattr(criterion, name, value)
        if not changes:
            return criterion
        criterion.changed_at = clock.now()
        criterion.save(update_fields=[*changes, "changed_at"])
        record(changed_by, AuditAction.CRITERION_CHANGED, criterion, changes=changes)
    return criterion


def move_criterion(*, criterion, direction, moved_by):
    """Move a criterion one place up or down the list readers see. Returns False at either end.

    1. Lock every criterion, in order; swap this one with its neighbour.
    2. Number them 1, 2, 3... again (saving only those whose number changed)
       and write the audit event with its old and new place.
    """
    if direction not in (UP, DOWN):
        raise ValueError(f"A criterion moves {UP} or {DOWN}, not {direction!r}")
    with transaction.atomic():
        ordered = list(Criterion.objects.select_for_update().order_by("position", "id"))
        index = next(index for index, row in enumerate(ordered) if row.pk == criterion.pk)
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(ordered):
            return False
        old_position = ordered[index].position
        ordered[index], ordered[other] = ordered[other], ordered[index]
        renumbered = []
        for position, row in enumerate(ordered, start=1):
            if row.position != position:
                row.position = position
                renumbered.append(row)
        Criterion.objects.bulk_update(renumbered, ["position"])
        moved = ordered[other]
        record(moved_by, AuditAction.CRITERION_CHANGED, moved, changes={"position": [old_position, moved.position]},
               moved=direction, swapped_with=ordered[index].heading)
    return True
