"""Composing a letter's content from a verdict and a letter template.

A template (panel.models.LetterTemplate) holds, as data, the letterhead and
the standard wording of a letter for one outcome set: the parts in PARTS,
some worded once and some for each outcome, written in the placeholder
language of panel.placeholders, and a layout that orders the paragraphs and
the blocks that come from the verdict (LAYOUT). This module checks that
wording (`wording_problems`), fills it in and returns the plain dict that
`panel.pdf` lays out and that a letter keeps, frozen, as its content.
"""

import hashlib
import json
from dataclasses import dataclass

from panel import placeholders
from panel.refusals import LetterCannotBeComposed

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()

# Blocks the secretariat edits: the issues' wording, and an extra paragraph placed before the closing one.
ISSUES_ROLE, EXTRA_ROLE, CLOSING_ROLE = "issues", "extra", "closing"


@dataclass(frozen=True)
class Part:
    """A piece of standard wording: `paragraphs[key]`, a string, or one string per outcome code."""

    key: str
    label: str
    by_outcome: bool
    max_length: int
    optional: bool = False


PARTS = (
    Part("salutation", "Greeting", by_outcome=False, max_length=200),
    Part("opening", "Opening paragraph", by_outcome=False, max_length=2000),
    Part("outcomes", "Verdict paragraph", by_outcome=True, max_length=2000),
    Part("issues_heading", "Heading above the issues", by_outcome=True, max_length=200, optional=True),
    Part("issues_intro", "Paragraph introducing the issues", by_outcome=True, max_length=1000),
    Part("national_intro", "Paragraph introducing the national responses", by_outcome=False, max_length=1000),
    Part("closing", "Closing paragraph", by_outcome=True, max_length=2000),
    Part("sign_off", "Sign-off", by_outcome=False, max_length=100),
)
PARTS_BY_KEY = {part.key: part for part in PARTS}
ISSUES_STYLES = {"bullets": "Bullet points", "numbered": "Numbered points"}

# The order of a letter's body, after the greeting and before the sign-off. Each template orders
# these six (paragraphs["layout"]); the three blocks of the verdict are placed only where it has them.
LAYOUT = {
    "opening": "Opening paragraph",
    "outcome": "Verdict paragraph",
    "commendation": "((commendation)): the chair's commendation, the report's strengths",
    "issues": "((issues)): the heading above the issues, the paragraph introducing them, and the issues",
    "national_responses": "((national_responses)): the paragraph introducing them, and the Panel's answers",
    "closing": "Closing paragraph",
}

# Placeholders that may be used only in some parts, and where: a paragraph every letter has must not
# name a value only some letters have.
PLACEHOLDER_LIMITS = {"national_actions": "only in the paragraph introducing the national responses"}

LETTERHEAD_KEYS = ("unit", "address_lines", "phone", "fax", "website", "logo")


def wording_at(paragraphs, part, code=None):
    """The text of one part (for outcome `code` if it varies by outcome), or None when there is none."""
    value = paragraphs.get(part.key)
    if part.by_outcome:
        value = value.get(code) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def part_name(part, outcome_label=None):
    """How messages name a part: "Opening paragraph", "Closing paragraph for Adequate"."""
    return f"{part.label} for {outcome_label}" if part.by_outcome else part.label


def text_problems(part, text):
    """What is wrong with `text` as the wording of `part`, each a sentence end ("has ((x)), which ...")."""
    if not text.strip():
        return [] if part.optional else ["is empty"]
    found = [] if len(text) <= part.max_length else [f"must be {part.max_length:,} characters or fewer"]
    return found + placeholders.problems(text, unavailable={} if part.key == "national_intro" else PLACEHOLDER_LIMITS)


def wording_problems(paragraphs, outcomes):
    """Every problem with a template's wording for `outcomes` [(code, label)], as (field key, message).

    The field key is the part's key, with ".<outcome code>" for a part worded by outcome.
    """
    found = []
    for part in PARTS:
        for code, label in (outcomes if part.by_outcome else [(None, None)]):
            key = f"{part.key}.{code}" if part.by_outcome else part.key
            text = wording_at(paragraphs, part, code)
            if text is None:
                if not part.optional:
                    found.append((key, f"{part_name(part, label)} is missing"))
                continue
            found.extend((key, f"{part_name(part, label)} {problem}") for problem in text_problems(part, text))
    if paragraphs.get("issues_style") not in ISSUES_STYLES:
        found.append(("issues_style", "Select how the issues are listed"))
    if not _is_layout(paragraphs.get("layout")):
        found.append(("layout", f"The layout must place each of {', '.join(LAYOUT)} once"))
    return found


def compose_letter_content(*, verdict, template, letter_date):
    """Everything the letter says, as a JSON-able dict (see panel.pdf).

    Refuses (LetterCannotBeComposed), naming the paragraph, when the template
    has no wording for the verdict's outcome, wording with a placeholder
    problem or a layout it cannot follow, or when a placeholder it uses has
    nothing to put in this letter: never a crash, never a gap.
    """
    item = verdict.agenda_item
    review = item.submission.review
    csp = review.csp
    chair = item.meeting.chair
    responses = list(verdict.national_responses.all())
    # Called only for the placeholders the wording uses.
    values = {
        "area": lambda: csp.area_name,
        "csp_contact": lambda: csp.contact_name,
        "csp_contact_salutation": lambda: csp.contact_salutation,
        "meeting_month": lambda: _meeting_month(item.meeting.date, letter_date),
        "meeting_date": lambda: f"{item.meeting.date:%-d %B %Y}",
        "outcome": lambda: verdict.outcome.label,
        "national_actions": lambda: actions_phrase(_answered_numbers(responses)),
        "chair": lambda: chair.full_name,
        "reference": lambda: review.reference,
        "victim": lambda: review.victim_pseudonym,
    }
    wording = _Wording(template, verdict.outcome, values)
    blocks = []
    for slot in wording.layout():
        if slot == "opening":
            blocks.append(wording.paragraph("opening"))
        elif slot == "outcome":
            blocks.append(wording.paragraph("outcomes"))
        elif slot == "commendation":
            blocks.extend(_paragraphs(verdict.commendation))
        elif slot == "issues":
            blocks.extend(_issue_blocks(wording, [issue.text for issue in verdict.issues.all()]))
        elif slot == "national_responses" and responses:
            blocks.append(wording.paragraph("national_intro"))
            for response in responses:
                blocks.extend(_paragraphs(response.text))
        elif slot == "closing":
            blocks.append({**wording.paragraph("closing"), "role": CLOSING_ROLE})

    return {
        "letterhead": {key: template.letterhead.get(key, [] if key == "address_lines" else "")
                       for key in LETTERHEAD_KEYS},
        "addressee": {
            "name": csp.contact_name,
            "title": csp.contact_title,
            "organisation": csp.contact_organisation,
            "address_lines": csp.contact_address_lines,
        },
        "salutation": wording.text("salutation"),
        "blocks": blocks,
        "closing": wording.text("sign_off"),
        "signatory": {"name": chair.full_name, "titles": chair.letter_title_lines},
        "reference": review.reference,
    }


def _issue_blocks(wording, issues):
    if not issues:
        return []
    blocks = []
    heading = wording.text("issues_heading")
    if heading:
        blocks.append({"kind": "heading", "text": heading})
    blocks.append(wording.paragraph("issues_intro"))
    # "bullets" (the 2014 layout) or "numbered" (the current one). The role lets the secretariat find
    # the issues to reword before the letter goes to the chair (panel.forms.letters).
    style = wording.template.paragraphs.get("issues_style")
    blocks.append({"kind": style if style in ISSUES_STYLES else "bullets", "items": issues, "role": ISSUES_ROLE})
    return blocks


class _Wording:
    """A template's wording for one outcome, filled in, or a refusal that names what is wrong."""

    def __init__(self, template, outcome, values):
        self.template = template
        self.outcome = outcome
        self.values = {name: self._checked(name, getter) for name, getter in values.items()}

    def text(self, key):
        part = PARTS_BY_KEY[key]
        text = wording_at(self.template.paragraphs, part, self.outcome.code)
        if text is None and part.optional:
            return ""
        if text is None:
            self._refuse(f"it has no {self._name(part)}")
        problems = text_problems(part, text)
        if problems:
            self._refuse(f"its {self._name(part)} {problems[0]}")
        return placeholders.fill(text, self.values).strip()

    def _name(self, part):
        name = part_name(part, self.outcome.label)
        return name[0].lower() + name[1:]

    def layout(self):
        layout = self.template.paragraphs.get("layout")
        if not _is_layout(layout):
            self._refuse(f"its layout must place each of {', '.join(LAYOUT)} once")
        return layout

    def paragraph(self, key):
        return {"kind": "paragraph", "text": self.text(key)}

    def _checked(self, name, getter):
        def value():
            text = str(getter() or "").strip()
            if not text:
                description = placeholders.PLACEHOLDERS[name][0]
                self._refuse(f"it uses (({name})), {description[0].lower()}{description[1:]}, "
                             "and this case has none")
            return text
        return value

    def _refuse(self, reason):
        ending = "" if reason.endswith("?") else "."
        raise LetterCannotBeComposed(f"{self.template} cannot make this letter: {reason}{ending} "
                                     "Correct the template, or the case, and try again")


def _is_layout(layout):
    return isinstance(layout, list) and sorted(map(str, layout)) == sorted(LAYOUT)


def _answered_numbers(responses):
    answered = {(rec.position, rec.number) for response in responses for rec in response.recommendations.all()}
    return [number for _position, number in sorted(answered)]


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


def _paragraphs(text):
    """Free text from the chair: a blank line starts a new paragraph."""
    chunks = [" ".join(chunk.split()) for chunk in "\n".join(map(str.strip, text.splitlines())).split("\n\n")]
    return [{"kind": "paragraph", "text": chunk} for chunk in chunks if chunk]


def content_digest(content):
    """A fingerprint of a letter's words, which a page sends back to say which words it showed."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
