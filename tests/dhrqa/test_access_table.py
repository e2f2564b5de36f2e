"""Who gets what from every URL: one table, walked for every kind of person and both CSPs' objects.

An object of another CSP is a 404, never a 403: one CSP must not learn what
another has sent. A page a role may never use is a 403, whatever object it
names. The Home Office never sees a CSP's draft versions (404). The Panel
sees a review only through the meetings its members sit on: a member on none
of them, or one who declared a conflict with the review, gets 404 for its
papers, assessments, verdict and letters. Signed out,
every page but sign-in, the letter check and the pages reached from an
invitation or a password reset e-mail leads to sign-in. Everyone is signed in past the code step
of multi-factor sign-in (tests/mfa.py). Pages
that change something are also posted to, with a plausible form, by everyone
not allowed, and must change nothing. The Django admin (ADMIN) is for
superusers alone: anyone else is sent to its sign-in page or refused.
"""

import datetime
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from dhrqa.enums import AuditAction, Role
from dhrqa.models import AuditEvent, User
from submissions.models import PrescreenFinding
from tests.dhrqa import plausible_forms as forms
from tests.dhrqa.access_walk import ERROR_PAGES, Rule, Walk, seen, state, url_names
from tests.dhrqa.casework import (
    CHAIR,
    CONFLICTED,
    KINDS,
    OTHER_CHAIR,
    OTHER_OFFICER,
    OTHER_RESPONDER,
    OWN_OFFICER,
    PANEL_MEMBER,
    READER,
    RESPONDER,
    SECRETARIAT,
)
from submissions.models import Review
from tests.factories import UserFactory
from tests.panel.delays import review_through

pytestmark = pytest.mark.django_db
D = datetime.date


def answered_review(world, case):
    return {"reference": case.answered.reference}


def draft_version(world, case):
    return {"reference": case.answered.reference, "number": case.draft.number}


def draft_document(world, case):
    return {**draft_version(world, case), "pk": case.draft_document.pk}


def draft_recommendation(world, case):
    return {**draft_version(world, case), "pk": case.recommendation.pk}


def draft_finding(world, case):
    """A pre-screen finding of the draft, made the first time it is asked for."""
    finding, _ = PrescreenFinding.objects.get_or_create(
        submission=case.draft, key=f"access-{case.csp.code}",
        defaults={"position": 0, "check_name": "language", "document_kind": "overview_report",
                  "document_name": "report.pdf", "quote": "She failed to engage.", "message": "Why."})
    return {**draft_version(world, case), "pk": finding.pk}


def received_version(world, case):
    return {"reference": case.received.review.reference, "number": case.received.number}


def officer(world, case):
    return {"pk": world.people(case)[OWN_OFFICER].pk}


def closed_account(world, case):
    """A deactivated account of the CSP's, made the first time it is asked for."""
    closed, _ = User.objects.get_or_create(
        email=f"closed@{case.csp.code}.example",
        defaults={"full_name": "Casey Closed", "role": Role.CSP_OFFICER, "csp": case.csp, "is_active": False})
    return {"pk": closed.pk}


HOME = {OWN_OFFICER: "/reviews/", OTHER_OFFICER: "/reviews/", SECRETARIAT: "/submissions/",
        PANEL_MEMBER: "/my-reviews/", READER: "/my-reviews/", CONFLICTED: "/my-reviews/",
        CHAIR: "/meetings/", OTHER_CHAIR: "/meetings/",
        RESPONDER: "/national-recommendations/", OTHER_RESPONDER: "/national-recommendations/"}
# Responders at national bodies (the last two): a page of the casework that a panel member on none of its meetings
# cannot find (404) does not exist for them either; every other page outside the tracker is 403.
EVERYONE = (200,) * 10
CSP_OFFICERS = (200, 200, 403, 403, 403, 403, 403, 403, 403, 403)
HOME_OFFICE = (403, 403, 200, 200, 200, 200, 200, 200, 403, 403)
PANEL = (403, 403, 403, 200, 200, 200, 200, 200, 403, 403)
SECRETARIAT_ONLY = (403, 403, 200, 403, 403, 403, 403, 403, 403, 403)
# Buttons only the secretariat presses, which lead back to the page they sit on.
SECRETARIAT_MOVES = (403, 403, 302, 403, 403, 403, 403, 403, 403, 403)
# Pages of one CSP's review that the secretariat reads too; the Panel reads it through its meetings.
CSP_AND_SECRETARIAT = (200, 404, 200, 404, 404, 404, 404, 404, 404, 404)
# Changing what a CSP has sent or is preparing: the secretariat may see it, never change it.
OWN_CSP_ONLY = (200, 404, 403, 404, 404, 404, 404, 404, 404, 404)
# Preparing a draft: its own CSP only; to the Home Office the draft does not exist.
PREPARING = (200, 404, 404, 404, 404, 404, 404, 404, 404, 404)
# A meeting's pages: the secretariat, and the Panel members who sit on it (the conflicted see its record).
ON_THE_MEETING = (404, 404, 200, 404, 200, 200, 200, 404, 404, 404)
# An item of a meeting: as the meeting, but never for a member conflicted with its review.
ITEM = (404, 404, 200, 404, 200, 404, 200, 404, 404, 404)
# What only the chair of the item's meeting does, among those who may see the item.
CHAIRS_ITEM = (404, 404, 403, 404, 403, 404, 200, 404, 404, 404)
# A letter: its CSP once issued, the secretariat, and the Panel members of its meeting who are not conflicted.
LETTER = (200, 404, 200, 404, 200, 404, 200, 404, 404, 404)
# A meeting's page only the secretariat uses: 404 to those who cannot see the meeting, 403 to its members.
MEETING_SECRETARIAT = (404, 404, 200, 404, 403, 403, 403, 404, 404, 404)
# What the secretariat does to a letter, among those who may see it.
SECRETARIAT_LETTER = (404, 404, 200, 404, 403, 404, 403, 404, 404, 404)


# The tracker of national recommendations.
SECRETARIAT_AND_RESPONDERS = (403, 403, 200, 403, 403, 403, 403, 403, 200, 200)
ROUTED = (403, 403, 200, 403, 403, 403, 403, 403, 200, 404)


def routed(world, case):
    return {"pk": case.routed.pk}


def approved_review(world, case):
    """A review of the CSP's whose letter approving publication is issued, made the first time it is asked for."""
    reference = f"{case.csp.code.upper()}-2016-900"
    if not Review.objects.filter(reference=reference).exists():
        review_through(case.csp, reference=reference, death=D(2016, 1, 4), notified=D(2016, 1, 11),
                       decided=D(2016, 2, 1), sent=D(2016, 9, 1), accepted=D(2016, 9, 8), meeting=D(2016, 12, 13),
                       letter=D(2017, 1, 10))
    return {"reference": reference}


def letter(name):
    return lambda world, case: {"pk": getattr(case, name).pk}


def meeting(name):
    return lambda world, case: {"pk": getattr(case, name).pk}


def item(name):
    return lambda world, case: {"pk": getattr(case, name).pk}


ACCESS = {
    # Each answer tuple is in the order of casework.KINDS: CSP officer of the object's CSP, of another CSP,
    # secretariat, panel member on none of its meetings, its reader, a member conflicted with it, chair of the
    # object's meeting, chair of another meeting, responder of the body the object is routed to, of another body.
    "home": Rule((302,) * 10, to=lambda world, case, kind: HOME[kind]),
    "login": Rule((302,) * 10, signed_out=200, to=lambda world, case, kind: "/"),
    "logout": Rule((302,) * 10, method="post", refuses=("get",), to=lambda world, case, kind: "/sign-in/"),
    # Reached from an e-mail, signed in or not; without a link's token they say the link does not work
    # (tests/dhrqa/test_invitations.py and test_password_reset.py follow real links).
    "invitation_accept": Rule(EVERYONE, signed_out=200),
    "password_reset_choose": Rule(EVERYONE, signed_out=200),
    "forgotten_password": Rule(EVERYONE, signed_out=200),
    "user_list": Rule(SECRETARIAT_ONLY),
    "user_create": Rule(SECRETARIAT_ONLY, form=forms.new_account),
    # Unlocking sign-in: the secretariat (and superusers, tests/dhrqa/test_lockout.py).
    "user_locks": Rule(SECRETARIAT_ONLY, form=forms.unlock),
    # The audit trail, and its CSV of every event the filters select: GET only, the download itself audited.
    "audit_trail": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "audit_trail_export": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "invitation_resend": Rule(SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": world.newcomer.pk},
                              form=forms.confirmed),
    # Multi-factor sign-in (tests/dhrqa/mfa/ walks the code step itself). Everyone here has given their code, or,
    # as CSP officers, need not: the code step sends them on, and only an officer without an app may set one up.
    "mfa_verify": Rule((302,) * 10, to=lambda world, case, kind: "/"),
    "mfa_setup": Rule((200, 200) + (302,) * 8, to=lambda world, case, kind: "/account/"),
    # New recovery codes are shown once, straight after they are made; after that the page leads to the account.
    "mfa_recovery_codes": Rule((302,) * 10, to=lambda world, case, kind: "/account/"),
    "mfa_recovery_codes_replace": Rule(
        (302,) * 10, method="post", refuses=("get",),
        to=lambda world, case, kind: "/account/" if kind in (OWN_OFFICER, OTHER_OFFICER)
        else "/account/two-factor/recovery-codes/?next=%2Faccount%2F",
    ),
    "account": Rule(EVERYONE),
    "user_mfa_reset": Rule(SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": world.people(case)[OWN_OFFICER].pk},
                           form=forms.confirmed),
    # A person's account, and closing or reopening it: the secretariat (tests/dhrqa/test_account_status.py
    # shows it refused for accounts above those it creates).
    "user_detail": Rule(SECRETARIAT_ONLY, kwargs=officer),
    "user_deactivate": Rule(SECRETARIAT_ONLY, kwargs=officer, form=forms.confirmed),
    "user_reactivate": Rule(SECRETARIAT_ONLY, kwargs=closed_account, form=forms.confirmed),
    # Everyone's own account; signing out everywhere ends the session that asks too.
    "sign_out_everywhere": Rule((302,) * 10, method="post", refuses=("get",), to=lambda world, case, kind: "/sign-in/"),
    # "Stay signed in" without JavaScript: back to the page, or home.
    "session_extend": Rule((302,) * 10, method="post", refuses=("get",), to=lambda world, case, kind: "/"),
    # What the timeout warning asks before it shows: the time left, as JSON.
    "session_status": Rule(EVERYONE, refuses=("post",)),
    "submissions:review_list": Rule(EVERYONE),
    "submissions:review_start": Rule(CSP_OFFICERS),
    "submissions:review_register": Rule(CSP_OFFICERS, form=forms.review_details),
    "submissions:decision_register": Rule(CSP_OFFICERS, form=forms.review_details),
    "submissions:review_detail": Rule(CSP_AND_SECRETARIAT, kwargs=answered_review),
    "submissions:review_details": Rule(OWN_CSP_ONLY, kwargs=answered_review, form=forms.review_details),
    "submissions:version_start": Rule(
        (302, 404, 403, 404, 404, 404, 404, 404, 404, 404), method="post", refuses=("get",),
        kwargs=lambda world, case: {"reference": case.withdrawn.reference},
        to=lambda world, case, kind: f"/reviews/{case.withdrawn.reference}/v2/",
    ),
    "submissions:version_detail": Rule(CSP_AND_SECRETARIAT, kwargs=received_version),
    "submissions:documents": Rule(PREPARING, kwargs=draft_version, form=forms.document),
    "submissions:document_remove": Rule(PREPARING, kwargs=draft_document, form=forms.confirmed),
    "submissions:recommendations": Rule(PREPARING, kwargs=draft_version),
    "submissions:recommendation_add": Rule(PREPARING, kwargs=draft_version, form=forms.recommendation),
    "submissions:recommendation_change": Rule(PREPARING, kwargs=draft_recommendation,
                                              form=forms.changed_recommendation),
    "submissions:recommendation_remove": Rule(PREPARING, kwargs=draft_recommendation, form=forms.confirmed),
    "submissions:recommendations_import": Rule(PREPARING, kwargs=draft_version,
                                               form=forms.recommendations_spreadsheet),
    "submissions:issues": Rule(PREPARING, kwargs=draft_version, form=forms.issue_answers),
    "submissions:declaration": Rule(PREPARING, kwargs=draft_version, form=forms.declaration),
    "submissions:submit": Rule(PREPARING, kwargs=draft_version, form=forms.confirmed),
    # The pre-screen of a draft: its CSP alone, who marks findings considered (with a reason) or reopens them.
    "submissions:prescreen": Rule(PREPARING, kwargs=draft_version, refuses=("post",)),
    "submissions:prescreen_consider": Rule(PREPARING, kwargs=draft_finding, form=forms.prescreen_reason),
    "submissions:prescreen_reopen": Rule(
        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404), method="post", refuses=("get",), kwargs=draft_finding,
        to=lambda world, case, kind: reverse("submissions:prescreen", kwargs=draft_version(world, case))
        + f"#finding-{draft_finding(world, case)['pk']}",
    ),
    # The language check's phrases: the secretariat.
    "submissions:lexicon_list": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "submissions:lexicon_add": Rule(SECRETARIAT_ONLY, form=forms.lexicon_phrase),
    "submissions:lexicon_change": Rule(SECRETARIAT_ONLY, kwargs=lambda world, case: {
        "pk": forms.lexicon_entry_of(world, case).pk}, form=forms.lexicon_change),
    "submissions:withdraw": Rule(OWN_CSP_ONLY, kwargs=received_version, form=forms.withdrawal),
    "submissions:intake": Rule((403, 404, 200, 404, 404, 404, 404, 404, 404, 404), kwargs=received_version,
                               form=forms.acceptance),
    "submissions:document_download": Rule(
        CSP_AND_SECRETARIAT, kwargs=lambda world, case: {"pk": case.sent_document.pk},
        refuses=("post",), download=True,
    ),
    # A blank template holds nothing of any CSP's.
    "submissions:recommendations_template": Rule(EVERYONE),
    "submissions:submission_list": Rule(SECRETARIAT_ONLY),
    # The CSV is a download of every row the filters select: GET only, recorded in the audit trail.
    "submissions:submission_export": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    # Planning meetings: the secretariat.
    "panel:meeting_list": Rule(HOME_OFFICE),
    "panel:meeting_create": Rule(SECRETARIAT_ONLY, form=forms.meeting),
    "panel:meeting_detail": Rule(ON_THE_MEETING, kwargs=meeting("meeting")),
    "panel:meeting_change": Rule(SECRETARIAT_ONLY, kwargs=meeting("planned"), form=forms.changed_meeting),
    "panel:meeting_members": Rule(SECRETARIAT_ONLY, kwargs=meeting("planned"), form=forms.members),
    "panel:meeting_release": Rule(SECRETARIAT_ONLY, kwargs=meeting("planned"), form=forms.confirmed),
    # Attendance is recorded by the secretariat or the meeting's chair, whoever does it first.
    "panel:meeting_hold": Rule((404, 404, 200, 404, 403, 403, 200, 404, 404, 404), kwargs=meeting("released"),
                               form=forms.attendance, changes_once=True),
    "panel:meeting_close": Rule(SECRETARIAT_ONLY, kwargs=meeting("meeting"), form=forms.confirmed),
    "panel:agenda_add": Rule(SECRETARIAT_ONLY, kwargs=meeting("planned"), form=forms.agenda_item),
    "panel:agenda_reorder": Rule(
        SECRETARIAT_MOVES, kwargs=item("planned_item"), method="post", refuses=("get",), form=forms.move_down,
        to=lambda world, case, kind: reverse("panel:meeting_detail", kwargs={"pk": case.planned.pk}),
    ),
    "panel:agenda_move": Rule(SECRETARIAT_ONLY, kwargs=item("planned_item"), form=forms.other_meeting),
    # Readers, conflicts and progress.
    "panel:my_reviews": Rule(PANEL),
    "panel:item_readers": Rule(SECRETARIAT_ONLY, kwargs=item("planned_item"), form=forms.readers),
    "panel:reader_remove": Rule(SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": case.reading_assignment.pk},
                                form=forms.confirmed),
    # Each declares their own: the reader and the chair of the item's meeting both can.
    "panel:declare_conflict": Rule((404, 404, 404, 404, 200, 404, 200, 404, 404, 404), kwargs=item("reading"),
                                   form=forms.conflict),
    "panel:meeting_progress": Rule((404, 404, 200, 404, 403, 403, 200, 404, 404, 404), kwargs=meeting("released")),
    "panel:meeting_reminders": Rule(SECRETARIAT_ONLY, kwargs=meeting("released"), form=forms.confirmed),
    # Assessments: the reader's own, and the others' once theirs is in.
    "panel:assessment": Rule((404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
                             kwargs=lambda world, case: {"pk": case.reading_assignment.pk}, form=forms.assessment),
    "panel:assessments": Rule(
        (404, 404, 200, 404, 302, 404, 200, 404, 404, 404), kwargs=item("reading"),
        to=lambda world, case, kind: reverse("panel:assessment", kwargs={"pk": case.reading_assignment.pk}),
    ),
    "panel:criterion_list": Rule(SECRETARIAT_ONLY),
    "panel:criterion_add": Rule(SECRETARIAT_ONLY, form=forms.criterion),
    "panel:criterion_change": Rule(SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": forms.criterion_of(world, case).pk},
                                   form=forms.criterion),
    "panel:criterion_move": Rule(
        SECRETARIAT_MOVES, kwargs=lambda world, case: {"pk": forms.criterion_of(world, case).pk}, method="post",
        refuses=("get",), form=forms.move_down,
        to=lambda world, case, kind: f"{reverse('panel:criterion_list')}#criterion-{forms.criterion_of(world, case).pk}",
    ),
    # The meeting itself.
    "panel:meeting_mode": Rule((404, 404, 200, 404, 403, 403, 200, 404, 404, 404), kwargs=meeting("sitting")),
    "panel:agenda_item_detail": Rule(ITEM, kwargs=item("scheduled")),
    "panel:item_document": Rule(
        ITEM, kwargs=lambda world, case: {"pk": case.reading.pk,
                                          "document_pk": case.reading.submission.documents.first().pk},
        refuses=("post",), download=True,
    ),
    "panel:verdict_record": Rule(CHAIRS_ITEM, kwargs=item("scheduled"), form=forms.verdict),
    "panel:verdict_confirm": Rule(CHAIRS_ITEM, kwargs=lambda world, case: {"pk": case.pending.agenda_item_id},
                                  form=forms.confirmed),
    "panel:letter_draft": Rule(
        SECRETARIAT_ONLY[:2] + (302,) + SECRETARIAT_ONLY[3:], method="post", refuses=("get",),
        kwargs=lambda world, case: {"verdict_pk": case.decided.pk},
        # Drafting again recomposes the verdict's open draft in place.
        to=lambda world, case, kind: reverse("panel:letter_detail", kwargs=letter("draft_letter")(world, case)),
    ),
    "panel:letter_detail": Rule(LETTER, kwargs=lambda world, case: {"pk": case.issued_letter.pk}),
    "panel:letter_status": Rule(LETTER, kwargs=lambda world, case: {"pk": case.issued_letter.pk}),
    "panel:letter_download": Rule(
        LETTER, kwargs=lambda world, case: {"pk": case.issued_letter.pk}, refuses=("post",), download=True,
    ),
    # Until it is issued, a letter does not exist for its CSP. The secretariat prepares it; the chair of its meeting
    # reads it as it will be signed, and signs it or sends it back.
    "panel:letters_to_sign": Rule(HOME_OFFICE),
    "panel:letter_edit": Rule(SECRETARIAT_LETTER, kwargs=letter("draft_letter"), form=forms.letter_edit),
    "panel:letter_send": Rule(SECRETARIAT_LETTER, kwargs=letter("draft_letter"), form=forms.confirmed),
    "panel:letter_render": Rule(
        SECRETARIAT_LETTER[:2] + (302,) + SECRETARIAT_LETTER[3:], kwargs=letter("failed_letter"), method="post",
        refuses=("get",), to=lambda world, case, kind: reverse("panel:letter_detail", kwargs=letter("failed_letter")(
            world, case)),
    ),
    "panel:letter_preview": Rule((404, 404, 200, 404, 404, 404, 200, 404, 404, 404), kwargs=letter("awaiting_letter")),
    "panel:letter_sign": Rule(CHAIRS_ITEM, kwargs=letter("awaiting_letter"), form=forms.signature),
    "panel:letter_return": Rule(CHAIRS_ITEM, kwargs=letter("awaiting_letter"), form=forms.return_comment),
    "panel:letter_withdraw": Rule(
        SECRETARIAT_LETTER[:2] + (302,) + SECRETARIAT_LETTER[3:], kwargs=letter("awaiting_letter"), method="post",
        refuses=("get",), to=lambda world, case, kind: reverse("panel:letter_detail", kwargs=letter("awaiting_letter")(
            world, case)),
    ),
    "panel:letter_issue": Rule(SECRETARIAT_LETTER, kwargs=letter("signed_letter"), form=forms.confirmed),
    "panel:letter_correct": Rule(SECRETARIAT_LETTER, kwargs=letter("signed_letter"), form=forms.correction),
    # Letter templates: the secretariat. Each change is a new version, so the walk follows the newest.
    "panel:letter_template_list": Rule(SECRETARIAT_ONLY),
    "panel:letter_template_detail": Rule(
        SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": forms.letter_template_of(world, case).pk}),
    "panel:letter_template_change": Rule(
        SECRETARIAT_ONLY, kwargs=lambda world, case: {"pk": forms.letter_template_of(world, case).pk},
        form=forms.letter_template),
    # Delays and publication: the dashboard, its CSV and the unpublished reports are the secretariat's; the CSP
    # records where it published its own report (tests/panel/test_publications.py).
    "panel:dashboard": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "panel:dashboard_export": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "panel:unpublished": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "panel:publication": Rule(OWN_CSP_ONLY, kwargs=approved_review, form=forms.publication),
    # Anyone holding a letter may check it, signed in or not (tests/panel/test_check_letter.py posts to it).
    "panel:check_letter": Rule(EVERYONE, signed_out=200),
    # A meeting's letters together: the secretariat.
    "panel:meeting_letters": Rule(MEETING_SECRETARIAT, kwargs=meeting("meeting")),
    "panel:meeting_letters_progress": Rule(MEETING_SECRETARIAT, kwargs=meeting("meeting")),
    "panel:meeting_letters_zip": Rule(
        MEETING_SECRETARIAT[:2] + (302,) + MEETING_SECRETARIAT[3:], kwargs=meeting("meeting"), method="post",
        refuses=("get",), to=lambda world, case, kind: reverse("panel:meeting_letters", kwargs={"pk": case.meeting.pk}),
    ),
    "panel:meeting_letters_zip_download": Rule(
        MEETING_SECRETARIAT, kwargs=lambda world, case: {"pk": forms.bundled(world, case).pk}, refuses=("post",),
        download=True,
    ),
    # National recommendations routed to bodies: the secretariat, and the responders of the body each is routed to;
    # another body's recommendation is 404 to a responder. Nobody else, the Panel included, uses these pages.
    "panel:national_list": Rule(SECRETARIAT_AND_RESPONDERS, refuses=("post",)),
    "panel:national_detail": Rule(ROUTED, kwargs=routed, refuses=("post",)),
    "panel:national_update": Rule((403,) * 8 + (200, 404), kwargs=routed, form=forms.national_move),
    "panel:national_reroute": Rule((403, 403, 200, 403, 403, 403, 403, 403, 403, 404), kwargs=routed,
                                   form=forms.reroute),
    "panel:national_chasers": Rule(SECRETARIAT_ONLY, form=forms.confirmed),
    "panel:national_export": Rule(SECRETARIAT_ONLY, refuses=("post",)),
    "panel:meeting_letters_prepare": Rule(
        MEETING_SECRETARIAT[:2] + (302,) + MEETING_SECRETARIAT[3:], kwargs=meeting("meeting"), method="post",
        refuses=("get",), form=forms.prepare_letters,
        to=lambda world, case, kind: reverse("panel:meeting_letters", kwargs={"pk": case.meeting.pk}),
    ),
}


def officer_account(world, case):
    return {"object_id": case.officer.pk}


def csp_record(world, case):
    return {"object_id": case.csp.pk}


# The Django admin (/admin/): superusers only. Everyone else signed in is sent to the admin's own sign-in page, which
# turns them away, and sees nothing the page holds; signed out, to a sign-in page. Each row: the URL's
# arguments, the template a superuser is shown.
ADMIN = {
    "admin:index": (None, "admin/index.html"),
    "admin:dhrqa_user_changelist": (None, "admin/change_list.html"),
    "admin:dhrqa_user_change": (officer_account, "admin/change_form.html"),
    "admin:dhrqa_user_delete": (officer_account, "admin/delete_confirmation.html"),
    "admin:dhrqa_auditevent_changelist": (None, "admin/change_list.html"),
    "admin:dhrqa_communitysafetypartnership_changelist": (None, "admin/change_list.html"),
    "admin:dhrqa_communitysafetypartnership_change": (csp_record, "admin/change_form.html"),
    "admin:panel_outcomeset_changelist": (None, "admin/change_list.html"),
    "admin:auth_group_changelist": (None, "admin/change_list.html"),
}


def test_access_table_covers_every_url_and_names_no_other():
    assert sorted(url_names()) == sorted(ACCESS)


def test_access_table_has_the_admin_and_the_public_letter_check():
    registered = {f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" for model in admin.site._registry}

    assert {"admin:index", "admin:dhrqa_user_change", "admin:dhrqa_user_delete"} | registered <= set(ADMIN)
    assert (ACCESS["panel:check_letter"].answers, ACCESS["panel:check_letter"].signed_out) == (EVERYONE, 200)


def admin_walk(name, world):
    """(path, case) for each object the admin URL is asked about."""
    kwargs, _ = ADMIN[name]
    cases = [world.kent, world.surrey] if kwargs else [world.kent]
    return [(reverse(name, kwargs=kwargs(world, case) if kwargs else None), case) for case in cases]


@pytest.mark.parametrize("name", list(ADMIN))
def test_access_table_admin_answer_for_every_person(name, world, signed_in, count_checked):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    mismatches, checked = [], 0
    for path, case in admin_walk(name, world):
        for kind, user in world.people(case).items():
            client = signed_in(user)
            before = state()
            # Posting to the delete page as anyone else must delete nothing.
            answers = (seen(client.get(path)), seen(client.post(path, {"post": "yes"})))
            if answers != ((302, f"/admin/login/?next={quote(path)}"),) * 2 or state() != before:
                mismatches.append((kind, case.csp.code, answers))
        signed_out = {seen(Client().get(path)), seen(Client().post(path, {"post": "yes"}))}
        # The admin's index sends people to its own sign-in page; the rest, to the service's.
        if not signed_out <= {(302, f"/sign-in/?next={quote(path)}"), (302, f"/admin/login/?next={quote(path)}")}:
            mismatches.append(("signed out", case.csp.code, signed_out))
        shown = signed_in(superuser).get(path)
        if (shown.status_code, shown.templates[0].name) != (200, ADMIN[name][1]):
            mismatches.append(("superuser", case.csp.code, (shown.status_code, shown.templates[0].name)))
        checked += 2 * len(KINDS) + 3

    count_checked("admin combinations", checked)
    assert mismatches == []


@pytest.mark.parametrize("name", list(ADMIN))
def test_access_table_admin_refuses_staff_who_are_not_superusers(name, world, signed_in):
    client = signed_in(UserFactory(secretariat=True, is_staff=True))
    mismatches = []
    for path, case in admin_walk(name, world):
        before = state()
        answers = {seen(client.get(path)), seen(client.post(path, {"post": "yes"}))}
        if not answers <= {(302, f"/admin/login/?next={quote(path)}"), (403, ERROR_PAGES[403])} or state() != before:
            mismatches.append((case.csp.code, answers))

    assert mismatches == []


@pytest.mark.parametrize("name", list(ACCESS))
def test_access_table_answer_for_every_person(name, world, signed_in, count_checked, signing_certificate):
    walk = Walk(name, ACCESS[name], world, signed_in)

    walk.run()

    count_checked("access combinations", walk.checked)
    assert walk.mismatches == [], walk.report()


DOWNLOADED = [AuditAction.DOCUMENT_DOWNLOADED, AuditAction.LETTER_DOWNLOADED, AuditAction.LETTER_BUNDLE_DOWNLOADED]


@pytest.mark.parametrize("name", [name for name, rule in ACCESS.items() if rule.download])
def test_download_head_sends_headers_and_records_no_download(name, world, signed_in, count_checked):
    walk = Walk(name, ACCESS[name], world, signed_in)
    case, rule = world.kent, walk.rule
    people = world.people(case)

    heads = {kind: signed_in(people[kind]).head(walk.path(case)) for kind in KINDS}
    downloads_after_heads = AuditEvent.objects.filter(action__in=DOWNLOADED).count()
    first_allowed = next(kind for kind in KINDS if rule.answer(kind) == 200)
    download = signed_in(people[first_allowed]).get(walk.path(case))
    body = b"".join(download.streaming_content)

    count_checked("HEAD requests", len(heads))
    assert {kind: head.status_code for kind, head in heads.items()} == {kind: rule.answer(kind) for kind in KINDS}
    assert downloads_after_heads == 0
    sent = (download["Content-Type"], download["Content-Disposition"], str(len(body)), b"")
    assert {
        kind: (head["Content-Type"], head["Content-Disposition"], head["Content-Length"], head.content)
        for kind, head in heads.items() if head.status_code == 200
    } == {kind: sent for kind in KINDS if rule.answer(kind) == 200}
    assert AuditEvent.objects.filter(action__in=DOWNLOADED).count() == 1
