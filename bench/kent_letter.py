"""The Kent 2014 letter's content and HTML, built without a database.

The content comes from `panel.composition.compose_letter_content`, the code
the application uses, fed unsaved model instances made from the constants in
`panel.demo`. The verdict and the review are stand-ins: unsaved ones
cannot follow their reverse relations (issues, national responses, people).
"""

import datetime
import json
import types

import django.conf

from dhrqa.models import CommunitySafetyPartnership, User
from panel import pdf
from panel.composition import compose_letter_content
from panel.demo import kent_2014, kent_letter
from panel.models import LetterTemplate, Meeting, VerdictIssue
from submissions.models import Recommendation

LETTER_DATE = datetime.date(2014, 2, 6)
MEETING_DATE = datetime.date(2014, 1, 22)
TEMPLATE_FILE = django.conf.settings.BASE_DIR / "panel" / "letter_templates" / "2014-layout.json"


class _Rows(list):
    """A list that answers `.all()` like the related manager it stands in for."""

    def all(self):
        return self


def _chair():
    email, name, role, _, titles = next(person for person in kent_2014.PEOPLE if person[0].startswith("chair@"))
    return User(email=email, full_name=name, role=role, letter_titles=titles)


def kent_content() -> dict:
    """The content dict of the Kent draft letter, as `draft_letter` would freeze it."""
    csp = CommunitySafetyPartnership(code="kent", **kent_2014.CSPS["kent"])
    review = types.SimpleNamespace(reference=kent_2014.REFERENCE, csp=csp, victim_pseudonym="Elizabeth")
    item = types.SimpleNamespace(meeting=Meeting(date=MEETING_DATE, chair=_chair()),
                                 submission=types.SimpleNamespace(review=review))
    verdict = types.SimpleNamespace(
        agenda_item=item,
        outcome=types.SimpleNamespace(code="adequate"),
        commendation=kent_letter.COMMENDATION,
        issues=_Rows(VerdictIssue(position=n, text=text) for n, text in enumerate(kent_letter.ISSUES, start=1)),
        national_responses=_Rows(
            types.SimpleNamespace(position=n, text=text, recommendations=_Rows(
                Recommendation(number=str(number), position=number) for number in numbers))
            for n, (numbers, text) in enumerate(kent_letter.NATIONAL_RESPONSES, start=1)
        ),
    )
    data = json.loads(TEMPLATE_FILE.read_text())
    template = LetterTemplate(version=1, name=data["name"], letterhead=data["letterhead"],
                              paragraphs=data["paragraphs"])
    return compose_letter_content(verdict=verdict, template=template, letter_date=LETTER_DATE)


def letter_html(content: dict, *, final: bool) -> str:
    """The HTML `panel.pdf.render_letter_pdf` lays out, for the baselines: the same function makes it."""
    return pdf.letter_html(content, letter_date=LETTER_DATE, final=final)


def letter_dir():
    """Where the letter's stylesheet lives; also the base URL for its HTML."""
    return django.conf.settings.BASE_DIR / "templates" / "panel" / "letter_pdf"
