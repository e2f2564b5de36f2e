"""Demo data: a user for every role and the Kent review of the 2014 Panel letter.

The scenario goes through the same services as the application, so the
audit trail and the letter are exactly what a user would have produced.
"""

import datetime

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dhrqa.enums import Role
from dhrqa.models import User
from panel.enums import Outcome, OutcomeEra
from panel.services.letters import draft_letter, render_letter
from panel.services.meetings import create_meeting, schedule_on_agenda
from panel.services.verdicts import record_verdict
from submissions.enums import REQUIRED_DOCUMENT_KINDS
from submissions.models import CommunitySafetyPartnership, Review
from submissions.services.reviews import submit_submission
from submissions.uploads import inspect_upload

DEMO_PASSWORD = "demo-password-2014"
REFERENCE = "KENT-2014-01"

CSPS = {
    "kent": dict(
        name="Kent Community Safety Partnership", area_name="Kent",
        contact_name="Councillor Michael Hill OBE", contact_title="", contact_organisation="Kent County Council",
        contact_address="Room G.60\nSessions House\nCounty Hall\nMaidstone\nME14 1XQ",
        contact_salutation="Mr Hill",
    ),
    "medway": dict(
        name="Medway Community Safety Partnership", area_name="Medway",
        contact_name="Alex Morgan", contact_title="Community Safety Manager", contact_organisation="Medway Council",
        contact_address="Gun Wharf\nDock Road\nChatham\nME4 4TR", contact_salutation="Alex Morgan",
    ),
}

PEOPLE = [
    ("csp@kent.example", "Jo Kent", Role.CSP_OFFICER, "kent", ""),
    ("csp@medway.example", "Sam Medway", Role.CSP_OFFICER, "medway", ""),
    ("secretariat@homeoffice.example", "Priya Secretariat", Role.SECRETARIAT, None, ""),
    ("panel@homeoffice.example", "Morgan Reader", Role.PANEL_MEMBER, None, ""),
    ("chair@homeoffice.example", "Christian Papaleontiou", Role.CHAIR, None,
     "Acting Chair of the Home Office Quality Assurance Panel\n"
     "Head of the Interpersonal Violence Team, Violent Crime Unit"),
]

COMMENDATION = (
    "The QA Panel would like to commend you on this report, which the QA Panel felt demonstrated "
    "a good understanding of domestic violence."
)

ISSUES = [
    'Paragraph 5.12 of Executive Summary which states there is "...no concrete evidence that either '
    "Christopher or Elizabeth displayed any real desire to change their lifestyle in order to reduce the "
    'risks that they posed to each other and their children", could appear to a reader to be victim '
    "blaming. The Panel considered the text could be amended to ensure it remains victim focussed;",
    "The Panel considered that including some more text that explores the role of the other relevant "
    "agencies would be helpful; and,",
    "Please explicitly draw out the links between the recommendations in the report and the Action Plan, "
    "to support proper governance to monitor the progress of the Community Safety Partnership on each of "
    "the recommendations.",
]

NATIONAL_RESPONSES = [
    ([3], "Action three will be communicated to Ministry of Justice colleagues, and they will explore your "
          "suggestion regarding strategic level engagement with Probation Trusts. A response will be sent "
          "directly to you following their consideration."),
    ([4], 'The QA Panel also noted Action four which suggested that "The Home Office...consider issuing '
          "guidance to police forces regarding [the] transfer of information between police forces when "
          'victims and offenders involved in domestic abuse move". The Police National Database already '
          "enables users to access all events records relating to domestic incidents regardless of location, "
          "or place of residence. We will discuss with the College of Policing whether further guidance or "
          "training is needed to ensure police use the system to its fullest capability."),
    ([5, 6, 8], "On actions five, six, and eight regarding the Home Office working at national level with "
                "health colleagues, including mental health, the QA Panel consider that the Statutory Guidance "
                "clearly sets out the responsibilities of such statutory agencies, to assist in the DHR process "
                "to produce the most effective review possible. For example, the Clinical Commissioning Groups, "
                "and the NHS England. The Home Office will discuss with the relevant health agencies at a "
                "national level, to promote improved engagement with this process."),
    ([7], "On action seven, that recommends the Home Office issues guidance regarding the involvement in the "
          "DHR of persons convicted of domestic homicide, who have been victims of domestic abuse, the "
          '"Home Office Domestic Homicide Review Toolkit Guide to Overview Report Writing" should assist, as '
          'it suggests the Chairs should do their "...best to hear from the victim\'s family, the perpetrator '
          "and from others who might have known, such as friends, colleagues, employer and those in the local "
          'community". The Guide can be found at:\n\n'
          "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/143782/dhr-report-guide.pdf"
          "\n\nAlso, where the Chair wishes to interview the perpetrator potential disclosure issues should be "
          "discussed with the police Senior Investigating Officer, the CPS and the Coroner representative as "
          "appropriate as set out in section nine of the Statutory Guidance."),
]


def load_people():
    """Create the demo CSPs and one user per role; leave existing ones alone."""
    csps = {
        code: CommunitySafetyPartnership.objects.get_or_create(code=code, defaults=fields)[0]
        for code, fields in CSPS.items()
    }
    people = {}
    for email, name, role, csp_code, titles in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=role,
                csp=csps[csp_code] if csp_code else None, letter_titles=titles,
            )
        people[email] = user
    return people


def load_kent_scenario(people):
    """The Kent review through to a rendered draft letter. Returns False if it exists."""
    if Review.objects.filter(reference=REFERENCE).exists():
        return False
    officer = people["csp@kent.example"]
    secretariat = people["secretariat@homeoffice.example"]
    chair = people["chair@homeoffice.example"]
    with transaction.atomic():
        review = Review.objects.create(
            reference=REFERENCE, csp=officer.csp, victim_pseudonym="Elizabeth",
            perpetrator_pseudonym="Christopher", date_of_death=datetime.date(2012, 6, 14),
            independent_chair_name="Independent chair (demo)", registered_by=officer,
        )
        submission = submit_submission(review=review, submitted_by=officer, files=_demo_documents())
        meeting = create_meeting(date=datetime.date(2014, 1, 22), chair=chair, created_by=secretariat)
        item = schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)
        verdict = record_verdict(
            agenda_item=item, recorded_by=chair, outcome=Outcome.ADEQUATE, era=OutcomeEra.ADEQUACY,
            commendation=COMMENDATION, issues=ISSUES, national_responses=NATIONAL_RESPONSES,
        )
        letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=datetime.date(2014, 2, 6))
    # Rendered here as well as queued, so the demo needs no worker to show it.
    render_letter(letter.pk)
    return True


def _demo_documents():
    files = {}
    for kind in REQUIRED_DOCUMENT_KINDS:
        title = kind.label
        pdf = weasyprint.HTML(string=f"<h1>{title}</h1><p>Demo document for {REFERENCE}.</p>").write_pdf()
        uploaded = SimpleUploadedFile(f"{kind.value}.pdf", pdf, content_type="application/pdf")
        files[kind] = (uploaded, inspect_upload(uploaded, label=title))
    return files
