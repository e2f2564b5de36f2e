"""What the person allowed to use a page would post to it: each form filled in as they would fill it.

The access table posts these as everyone else too, and checks that nothing
changed; posted by the person allowed, each one changes something.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from dhrqa.enums import Role
from submissions.enums import DocumentKind, IntakeCheck, RecommendationScope
from submissions.models import RaisedIssue
from tests.factories import upload
from tests.submissions.action_plan_files import filled, row


def _date(name, day, month, year):
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def _people(prefix, *pseudonyms):
    data = {f"{prefix}-TOTAL_FORMS": str(len(pseudonyms)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "10"}
    for index, pseudonym in enumerate(pseudonyms):
        data[f"{prefix}-{index}-pseudonym"] = pseudonym
    return data


def review_details(world=None, case=None):
    """The details of a review (or, read for its fields, of a decision not to review)."""
    return {
        "review_type": "dhr", "death_type": "homicide", "relationship": "intimate_partner",
        "police_force_area": "kent",
        **_date("date_of_death", 27, 3, 2024), **_date("date_csp_notified", 3, 4, 2024),
        **_date("date_decided", 24, 4, 2024), **_date("date_home_office_notified", 26, 4, 2024),
        "independent_chair_name": "Robin Chair", "author_name": "Sam Author",
        "decision_reasons": "The death was not the result of domestic abuse.",
        **_people("victim", "Louise"), **_people("perpetrator", "Neil"),
    }


def new_account(world, case):
    return {"full_name": "Alex Reader", "email": "alex.reader@example.gov.uk", "role": Role.PANEL_MEMBER}


def document(world, case):
    return {"kind": DocumentKind.TERMS_OF_REFERENCE, "file": upload("terms-of-reference.pdf")}


def confirmed(world, case):
    """The "are you sure?" pages post only their button (and the CSRF token the test client does without)."""
    return {"submit": ""}


def recommendation(world, case):
    return {"number": "2", "text": "Agencies should record coercive control.", "scope": RecommendationScope.LOCAL}


def changed_recommendation(world, case):
    return {"number": "1", "text": "Agencies should share what they know of the risk.",
            "scope": RecommendationScope.LOCAL}


def recommendations_spreadsheet(world, case):
    spreadsheet = filled(row("1", "Share the learning"), row("2", "Train front-line staff")).getvalue()
    return {"spreadsheet": SimpleUploadedFile("recommendations.xlsx", spreadsheet)}


def issue_answers(world, case):
    issues = RaisedIssue.objects.filter(submission__review=case.answered).order_by("position")
    return {f"issue_{issue.pk}": f"Issue {issue.position} is answered in section 4." for issue in issues}


def declaration(world, case):
    return {"confirm": "on"}


def withdrawal(world, case):
    return {"reason": "The report quotes a family member who has asked to see it first"}


def acceptance(world, case):
    return {"decision": "accept", "checks": list(IntakeCheck.values)}


def meeting(world, case):
    return {**_date("date", 17, 3, 2027), "chair": str(case.chair.pk)}


def agenda_item(world, case):
    return {"submission": str(case.accepted.pk)}


def verdict(world, case):
    return {"outcome": "adequate", "commendation": "", "issues": "",
            "response-TOTAL_FORMS": "3", "response-INITIAL_FORMS": "0",
            "response-MIN_NUM_FORMS": "0", "response-MAX_NUM_FORMS": "30"}
