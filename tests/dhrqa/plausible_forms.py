"""What the person allowed to use a page would post to it: each form filled in as they would fill it.

The access table posts these as everyone else too, and checks that nothing
changed; posted by the person allowed, each one changes something.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dhrqa.enums import Role
from panel.models import Criterion
from submissions.enums import DocumentKind, IntakeCheck, RecommendationScope
from submissions.models import LexiconEntry, RaisedIssue
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


def unlock(world, case):
    """The "Unlock" button of a locked email address; the lock is made (again) first, as failed sign-ins would."""
    AccessAttempt.objects.update_or_create(
        username="locked.out@example.gov.uk", ip_address="10.9.9.9", user_agent="Browser",
        defaults={"failures_since_start": settings.AXES_FAILURE_LIMIT, "attempt_time": timezone.now(),
                  "get_data": "", "post_data": "", "http_accept": "*/*", "path_info": "/sign-in/"})
    return {"kind": "account", "value": "locked.out@example.gov.uk"}


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
    return {**_date("date", 17, 3, 2027), "start_time": "10:30am", "location": "2 Marsham Street",
            "video_link": "", "capacity": "8", "chair": str(case.chair.pk), "members": [str(case.reader.pk)]}


def changed_meeting(world, case):
    return {**meeting(world, case), "location": "Peel Building, 2 Marsham Street"}


def members(world, case):
    return {"invite": "", "members": [str(world.panel_member.pk)]}


def attendance(world, case):
    return {"attended": [str(case.reader.pk), str(case.colleague.pk)]}


def agenda_item(world, case):
    return {"submission": str(case.accepted.pk)}


def move_down(world, case):
    return {"direction": "down"}


def other_meeting(world, case):
    return {"meeting": str(case.released.pk)}


def readers(world, case):
    return {"readers": [str(case.colleague.pk)]}


def conflict(world, case):
    return {"kind": "professional", "reason": "I was the CSP's domestic abuse lead until last year."}


def assessment(world, case):
    """The reader's draft: one criterion judged, the rest to come."""
    criterion = first_criterion()
    return {f"judgement_{criterion.pk}": criterion.judgement_options[0], f"comment_{criterion.pk}": "On time.",
            "strengths": "A clear chronology.", "recommended_outcome": "",
            "issue-TOTAL_FORMS": "1", "issue-INITIAL_FORMS": "0", "issue-MIN_NUM_FORMS": "0",
            "issue-MAX_NUM_FORMS": "30", "issue-0-text": "Define coercive control.", "issue-0-citation": "3.2",
            "action": "save", "based_on": "0"}


def first_criterion():
    return Criterion.objects.order_by("position").first()


def criterion_of(world, case):
    """A criterion for each CSP's walk, so that each one's change is its own."""
    return Criterion.objects.order_by("pk")[0 if case is world.kent else 1]


def criterion(world, case):
    return {"heading": f"Learning shared with {case.csp.area_name} agencies",
            "guidance": "Lessons were acted on early.", "judgement_options": "Met\nNot met", "applies_to": "all",
            "is_active": "on"}


def verdict(world, case):
    """The verdict on an item of a meeting in the current years, whose version has no national recommendations."""
    return {"outcome": "publish", "commendation": "A clear account of the victim's life.",
            "issue-TOTAL_FORMS": "1", "issue-INITIAL_FORMS": "0", "issue-MIN_NUM_FORMS": "0",
            "issue-MAX_NUM_FORMS": "40", "issue-0-text": "Define coercive control.", "issue-0-order": "",
            "response-TOTAL_FORMS": "0", "response-INITIAL_FORMS": "0",
            "response-MIN_NUM_FORMS": "0", "response-MAX_NUM_FORMS": "30", "based_on": "0"}


def letter_edit(world, case):
    """The draft's addressee, greeting and issues as they are, with an extra paragraph."""
    content = case.draft_letter.content
    return {"addressee_name": "Dana Contact", "addressee_title": "", "addressee_organisation": "",
            "address": "1 High Street\nTown", "salutation": content.get("salutation") or "Dear Dana Contact,",
            "extra_paragraph": "We are grateful to the family for their part in the review.",
            "based_on": case.draft_letter.content_digest}


def signature(world, case):
    """The signing page's button, with the fingerprint of the words it showed the chair."""
    return {"submit": "", "read": case.awaiting_letter.content_digest}


def return_comment(world, case):
    return {"comment": "Please name the family's advocate."}


def correction(world, case):
    return {"reason": "The CSP's name is misspelt in the address."}


def prepare_letters(world, case):
    return {"action": "prepare"}


def letter_template_of(world, case):
    """A template for each CSP's walk (the newest of two outcome sets), so that each one's change is its own."""
    from panel.models import LetterTemplate, OutcomeSet

    outcome_set = OutcomeSet.objects.order_by("pk")[0 if case is world.kent else 2]
    return LetterTemplate.objects.filter(outcome_set=outcome_set).order_by("-version").first()


def letter_template(world, case):
    """The template's change form as the page fills it in, with a new website in the letterhead."""
    from panel.forms.letter_templates import LetterTemplateForm
    from panel.services.letter_templates import outcomes_of

    template = letter_template_of(world, case)
    form = LetterTemplateForm(template=template, outcomes=outcomes_of(template.outcome_set))
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, (list, tuple)) else str(value)
    data["website"] = f"www.gov.uk/{case.csp.code}-letters"
    return data


def bundled(world, case):
    """The case's meeting, with a ZIP of its signed letters ready to download."""
    from panel.enums import RenderStatus
    from panel.services.bulk_letters import build_bundle, request_bundle

    meeting = case.meeting
    bundle = meeting.letter_bundles.first()
    if bundle is None or bundle.status != RenderStatus.READY:
        build_bundle(request_bundle(meeting=meeting, requested_by=world.secretariat).pk)
    return meeting


def publication(world, case):
    today = timezone.localdate()
    return {"url": f"https://www.{case.csp.code}.example/dhr/published", **_date("published_on", today.day,
                                                                                  today.month, today.year)}


def national_move(world, case):
    """The body's responder acknowledges the recommendation it was sent."""
    return {"move": "acknowledge", "note": "Received by our policy team.", "revision": str(case.routed.revision)}


def reroute(world, case):
    return {"body": "dhsc", "note": "Health leads on this."}


def prescreen_reason(world, case):
    return {"reason": "The passage quotes the police log, and the report says so."}


def lexicon_phrase(world, case):
    return {"phrase": f"{case.csp.code} excuse", "inflect": "on", "reason": "It excuses the perpetrator.",
            "better": "Describe what the perpetrator did."}


def lexicon_entry_of(world, case):
    """A phrase for each CSP's walk, so that each one's change is its own."""
    return LexiconEntry.objects.order_by("pk")[0 if case is world.kent else 1]


def lexicon_change(world, case):
    entry = lexicon_entry_of(world, case)
    return {"phrase": entry.phrase, "inflect": "on", "reason": f"Seen in {case.csp.area_name}.",
            "better": entry.better, "active": "on"}
