"""Composing a letter's content from a verdict and a letter template.

The template's paragraphs are Django template strings held as data; this
module fills them in and returns the plain dict that `panel.pdf` lays out
and that a letter keeps, frozen, as its content.
"""

from django.conf import settings
from django.template import Context, Engine

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()

# Blocks the secretariat edits: the issues' wording, and an extra paragraph placed before the closing one.
ISSUES_ROLE, EXTRA_ROLE, CLOSING_ROLE = "issues", "extra", "closing"

# Plain text in, plain text out: the PDF template escapes it once.
_ENGINE = Engine(autoescape=False)


def compose_letter_content(*, verdict, template, letter_date):
    """Everything the letter says, as a JSON-able dict (see panel.pdf)."""
    item = verdict.agenda_item
    review = item.submission.review
    csp = review.csp
    chair = item.meeting.chair
    wording = template.paragraphs
    responses = list(verdict.national_responses.all())
    answered = {(rec.position, rec.number) for response in responses for rec in response.recommendations.all()}
    context = {
        "area": csp.area_name,
        "meeting_month": _meeting_month(item.meeting.date, letter_date),
        "meeting_date": f"{item.meeting.date:%-d %B %Y}",
        "national_actions": actions_phrase([number for _position, number in sorted(answered)]),
        "victim": review.victim_pseudonym,
        "review_reference": review.reference,
    }

    blocks = [_paragraph(wording["opening"], context), _paragraph(wording["outcomes"][verdict.outcome.code], context)]
    if verdict.commendation:
        blocks.extend(_paragraphs(verdict.commendation))
    issues = [issue.text for issue in verdict.issues.all()]
    if issues:
        heading = wording.get("issues_heading", {}).get(verdict.outcome.code)
        if heading:
            blocks.append({"kind": "heading", "text": heading})
        blocks.append(_paragraph(wording["issues_intro"][verdict.outcome.code], context))
        # "bullets" (the 2014 layout) or "numbered" (the current one). The role lets the secretariat find
        # the issues to reword before the letter goes to the chair (panel.forms.letters).
        blocks.append({"kind": wording.get("issues_style", "bullets"), "items": issues, "role": ISSUES_ROLE})
    if responses:
        blocks.append(_paragraph(wording["national_intro"], context))
        for response in responses:
            blocks.extend(_paragraphs(response.text))
    blocks.append({**_paragraph(wording["closing"][verdict.outcome.code], context), "role": CLOSING_ROLE})

    return {
        "letterhead": dict(settings.DHRQA_LETTERHEAD),
        "addressee": {
            "name": csp.contact_name,
            "title": csp.contact_title,
            "organisation": csp.contact_organisation,
            "address_lines": csp.contact_address_lines,
        },
        "salutation": f"Dear {csp.contact_salutation},",
        "blocks": blocks,
        "closing": wording["sign_off"],
        "signatory": {"name": chair.full_name, "titles": chair.letter_title_lines},
        "reference": review.reference,
    }


def actions_phrase(numbers):
    """The action plan's numbers as a letter names them.

    ["3", "4", "5", "6", "7", "8"] -> "Actions three to eight"; ["2", "5"] ->
    "Actions two and five". Numbers that are not whole numbers ("3.1", "R4")
    are named as written: "Actions 3.1 and R4".
    """
    if not numbers:
        return ""
    noun = "Action" if len(numbers) == 1 else "Actions"
    if not all(str(number).isascii() and str(number).isdigit() for number in numbers):
        return f"{noun} {_listed([str(number) for number in numbers])}"
    numbers = sorted({int(number) for number in numbers})
    runs = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{_word(run[0])} to {_word(run[-1])}")
        else:
            parts.extend(_word(n) for n in run)
    return f"{noun} {_listed(parts)}"


def _listed(parts):
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _word(number):
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def _meeting_month(meeting_date, letter_date):
    if meeting_date.year == letter_date.year:
        return f"{meeting_date:%B}"
    return f"{meeting_date:%B %Y}"


def _paragraph(template_string, context):
    return {"kind": "paragraph", "text": _ENGINE.from_string(template_string).render(Context(context)).strip()}


def _paragraphs(text):
    """Free text from the chair: a blank line starts a new paragraph."""
    chunks = [" ".join(chunk.split()) for chunk in "\n".join(map(str.strip, text.splitlines())).split("\n\n")]
    return [{"kind": "paragraph", "text": chunk} for chunk in chunks if chunk]
