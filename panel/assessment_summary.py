"""The readers' assessments of one report side by side, and whether they agree.

Plain Python over rows already loaded (panel.queries.assessments_of_item
and panel.outcomes.criteria_for): nothing here queries the database, so a
page that shows it costs the same whatever the number of readers.

Only submitted assessments are shown. A draft is its author's alone: here
its reader is listed as still to submit, with nothing of what they wrote.
"""

from dataclasses import dataclass, field

from panel.enums import AssessmentStatus


@dataclass(frozen=True)
class Cell:
    """One reader's judgement of the report against one criterion."""

    judgement: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Row:
    criterion: object
    cells: list
    # Two or more readers judged it, and not alike.
    readers_differ: bool = False


@dataclass(frozen=True)
class Agreement:
    """What the submitted assessments recommend, in a sentence."""

    text: str
    # Every reader who has submitted recommends the same outcome (False when none has).
    agreed: bool


@dataclass(frozen=True)
class Suggestion:
    reader: object
    issue: object


@dataclass
class SideBySide:
    # The reader assignments whose assessment is submitted, in the order they were assigned: one column each.
    columns: list
    # Readers with a draft or nothing yet: named, never shown.
    waiting: list
    rows: list
    agreement: Agreement
    suggestions: list = field(default_factory=list)

    @property
    def assessments(self):
        return [reading.assessment for reading in self.columns]


def side_by_side(readings, criteria):
    """The submitted assessments of `readings` as rows, one per criterion, and their agreement.

    `readings` are an item's ReaderAssignment rows with assessment,
    recommended outcome, judgements (with criteria) and suggested issues
    loaded; `criteria` the criteria in force for the case. A criterion since
    retired still has its row where a submitted assessment judged it.
    """
    columns = [reading for reading in readings if reading.assessment_status == AssessmentStatus.SUBMITTED]
    waiting = [reading for reading in readings if reading.assessment_status != AssessmentStatus.SUBMITTED]
    judged = [{j.criterion_id: j for j in reading.assessment.judgements.all()} for reading in columns]
    rows = []
    for criterion in _rows_of(criteria, judged):
        cells = [_cell(judgements.get(criterion.pk)) for judgements in judged]
        given = {cell.judgement for cell in cells if cell.judgement}
        rows.append(Row(criterion, cells, readers_differ=len(given) > 1))
    suggestions = [
        Suggestion(reading.reader, issue)
        for reading in columns for issue in reading.assessment.suggested_issues.all()
    ]
    outcomes = [reading.assessment.recommended_outcome for reading in columns]
    return SideBySide(columns, waiting, rows, agreement(outcomes, waiting=len(waiting)), suggestions)


def own_answers(assessment, criteria):
    """One reader's assessment, draft or submitted, as rows of one cell each: for its author only."""
    judged = {judgement.criterion_id: judgement for judgement in assessment.judgements.all()}
    return [Row(criterion, [_cell(judged.get(criterion.pk))]) for criterion in _rows_of(criteria, [judged])]


def _rows_of(criteria, judged):
    """The criteria in force, and any other (since retired) that a judgement shown was made against, in order."""
    shown = {criterion.pk: criterion for criterion in criteria}
    for judgements in judged:
        for judgement in judgements.values():
            shown.setdefault(judgement.criterion_id, judgement.criterion)
    return sorted(shown.values(), key=lambda criterion: (criterion.position, criterion.pk))


def _cell(judgement):
    if judgement is None:
        return Cell()
    return Cell(judgement.judgement, judgement.comment)


def agreement(outcomes, *, waiting=0):
    """A sentence on the outcomes the submitted assessments recommend.

    "Both readers recommend Publish after changes"; "The readers differ:
    1 recommends Publish, 1 recommends Resubmit"; while some have not
    submitted, it says it speaks for those who have.
    """
    if not outcomes:
        return Agreement("No assessment has been submitted yet", agreed=False)
    counts = {}
    for outcome in sorted(outcomes, key=lambda outcome: (outcome.position, outcome.pk)):
        counts.setdefault(outcome, 0)
        counts[outcome] += 1
    if len(counts) > 1:
        parts = ", ".join(f"{count} {_recommend(count)} {outcome.label}" for outcome, count in counts.items())
        return Agreement(f"The readers differ: {parts}", agreed=False)
    label, count = outcomes[0].label, len(outcomes)
    if waiting:
        who = "The one reader who has submitted" if count == 1 else f"The {count} readers who have submitted"
    elif count == 1:
        who = "The reader"
    elif count == 2:
        who = "Both readers"
    else:
        who = f"All {count} readers"
    return Agreement(f"{who} {_recommend(count)} {label}", agreed=True)


def _recommend(count):
    return "recommends" if count == 1 else "recommend"
