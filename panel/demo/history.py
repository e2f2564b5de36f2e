"""Years of fictional reviews for the delay dashboard, made fast with bulk inserts from a seeded random source.

Unlike the Kent and Medway scenarios, these do not go through the services
(ten thousand reviews through them would take minutes): each row is written
as the services would have left it, with no audit events. The same builder
fills the demo (`loaddemo`), the dashboard's query-count test and its benchmark.

Each review goes: death, the CSP notified, its decision, the Home Office
notified (now and then not recorded), version 1 sent, accepted, a monthly Panel
meeting, the letter; after "publish after changes", version 2 to a later
meeting; then, for most approved reports, publication. A step whose date
would fall after `today` has not happened yet.
"""

import datetime
import functools
import hashlib
import json
import math
import random
from dataclasses import dataclass, field

import weasyprint
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone

from dhrqa.enums import Role
from dhrqa.models import CommunitySafetyPartnership, User
from dhrqa.storage import private_storage
from panel.enums import AgendaItemStatus, LetterStatus, MeetingStatus, RenderStatus, VerdictStatus
from panel.models import AgendaItem, Letter, LetterTemplate, Meeting, OutcomeSet, Publication, Verdict
from submissions.enums import (
    CaseKind,
    DeathType,
    IntakeCheck,
    PersonRole,
    PoliceForceArea,
    Relationship,
    ReviewType,
    SubmissionStatus,
)
from submissions.models import IntakeDecision, Review, ReviewPerson, Submission

# Fictional partnerships: the areas are invented, so no figure can be read as a real CSP's.
HISTORY_CSPS = [
    ("northdale", "Northdale"), ("eastmoor", "Eastmoor"), ("westbrook", "Westbrook"),
    ("southvale", "Southvale"), ("highcliff", "Highcliff"), ("lowfield", "Lowfield"),
    ("marshton", "Marshton"), ("rivermead", "Rivermead"),
]
PSEUDONYMS = ["Anna", "Beth", "Carys", "Dee", "Elin", "Faye", "Gwen", "Hana", "Iris", "Jade", "Kira", "Lena",
              "Mina", "Nia", "Orla", "Pia", "Rhea", "Sana", "Tess", "Una", "Vera", "Wren", "Yara", "Zoe"]
# Reference numbers from here on, so that a CSP's own demo reviews (numbered from 1) never clash.
FIRST_NUMBER = 101
BATCH = 2000
ALL_CHECKED = {check.value: True for check in IntakeCheck}


@dataclass
class LetterFile:
    """The signed PDF each fictional letter points at, and its SHA-256."""

    name: str
    sha256: str


@dataclass
class History:
    """What build_history made, for its callers to report and test."""

    reviews: list = field(default_factory=list)
    meetings: int = 0
    letters: int = 0
    publications: int = 0


def history_csps():
    """The fictional CSPs, made once."""
    csps = []
    for code, area in HISTORY_CSPS:
        csp, _ = CommunitySafetyPartnership.objects.get_or_create(code=code, defaults=dict(
            name=f"{area} Community Safety Partnership", area_name=area, contact_name="Demo Contact",
            contact_title="Review Co-ordinator", contact_organisation=f"{area} Council",
            contact_address=f"Town Hall\n{area}\nAB1 2CD", contact_salutation="Demo Contact",
        ))
        csps.append(csp)
    return csps


def csp_officers(csps):
    """{csp id: an officer of it}: one already there, else a closed account, which cannot sign in."""
    officers = {}
    for csp in csps:
        officer = User.objects.filter(csp=csp, role=Role.CSP_OFFICER).order_by("id").first()
        if officer is None:
            officer = User(email=f"officer@{csp.code}.example", full_name=f"{csp.area_name} Officer",
                           role=Role.CSP_OFFICER, csp=csp, is_active=False)
            officer.set_unusable_password()
            officer.save()
        officers[csp.pk] = officer
    return officers


@functools.lru_cache(maxsize=None)
def _at(day):
    # Asked some twenty times a review, for a few thousand distinct days.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _days(rng, median, spread, least=1):
    """Days, log-normally spread around `median`: most near it, a long tail of delays."""
    return max(int(rng.lognormvariate(math.log(median), spread)), least)


class _Builder:
    def __init__(self, *, rng, today, secretariat, chair, letter_file):
        self.rng, self.today = rng, today
        self.secretariat, self.chair, self.letter_file = secretariat, chair, letter_file
        self.meetings = {}
        self.reviews, self.people, self.versions, self.intakes = [], [], [], []
        # (version, meeting date, outcome, letter date or None), in version order.
        self.decisions = []
        self.publications = []
        sets = {s.code: s for s in OutcomeSet.objects.filter(case_kind=CaseKind.REVIEW).prefetch_related("outcomes")}
        self.outcome_sets = sorted(sets.values(), key=lambda s: s.in_force_from)
        self.templates = {}
        for template in LetterTemplate.objects.order_by("version"):
            self.templates[template.outcome_set_id] = template

    def meeting_after(self, day):
        """The Panel's monthly meeting (the second Tuesday) on or after `day`, or None if it is not yet past."""
        year, month = day.year, day.month
        while True:
            first = datetime.date(year, month, 1)
            meeting_day = first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)
            if meeting_day >= day:
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if meeting_day >= self.today:
            return None
        if meeting_day not in self.meetings:
            self.meetings[meeting_day] = Meeting(
                date=meeting_day, location="Home Office, 2 Marsham Street (demo)", capacity=500, chair=self.chair,
                status=MeetingStatus.CLOSED, papers_released_at=_at(meeting_day - datetime.timedelta(days=14)),
                held_at=_at(meeting_day), closed_at=_at(meeting_day + datetime.timedelta(days=1)),
                created_by=self.secretariat, created_at=_at(meeting_day - datetime.timedelta(days=60)),
            )
        return meeting_day

    def outcome(self, meeting_day, codes_and_weights):
        in_force = [s for s in self.outcome_sets if s.in_force_from <= meeting_day][-1]
        outcomes = {o.code: o for o in in_force.outcomes.all()}
        codes = [code for code in codes_and_weights if code in outcomes]
        weights = [codes_and_weights[code] for code in codes]
        return outcomes[self.rng.choices(codes, weights)[0]]

    def version(self, review, number, sent, officer, weights):
        """A sent version, and as far as it has gone by `today`: accepted, decided at a meeting, its letter issued.

        Returns (outcome, letter date), each None if not reached. The version's status is worked out before it
        is made, as the status service would have left it (nothing here assigns a status afterwards).
        """
        accepted = sent + datetime.timedelta(days=self.rng.randint(3, 40))
        accepted = accepted if accepted < self.today else None
        meeting_day = self.meeting_after(accepted + datetime.timedelta(days=14)) if accepted else None
        outcome = letter_day = None
        if meeting_day is not None:
            outcome = self.outcome(meeting_day, weights)
            letter_day = meeting_day + datetime.timedelta(days=_days(self.rng, 30, 0.35, least=7))
            letter_day = letter_day if letter_day < self.today else None
        if letter_day is not None:
            status = SubmissionStatus.CHANGES_REQUESTED if outcome.needs_new_version else SubmissionStatus.CONCLUDED
        elif meeting_day is not None:
            status = SubmissionStatus.DECIDED
        else:
            status = SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.SUBMITTED
        version = Submission(
            review=review, number=number, status=status,
            status_changed_at=_at(letter_day or meeting_day or accepted or sent),
            created_by=officer, created_at=_at(sent - datetime.timedelta(days=20)), declaration_by=officer,
            declaration_at=_at(sent), submitted_by=officer, submitted_at=_at(sent),
        )
        self.versions.append(version)
        if accepted is not None:
            self.intakes.append(IntakeDecision(submission=version, checklist=ALL_CHECKED, accepted=True,
                                               decided_by=self.secretariat, decided_at=_at(accepted)))
        if meeting_day is not None:
            self.decisions.append((version, meeting_day, outcome, letter_day))
        return outcome, letter_day

    def review(self, csp, officer, decided, number):
        rng, today = self.rng, self.today
        notified = decided - datetime.timedelta(days=_days(rng, 25, 0.8))
        death = notified - datetime.timedelta(days=rng.randint(1, 21))
        home_office = decided + datetime.timedelta(days=rng.randint(0, 20)) if rng.random() > 0.05 else None
        # Time to complete the review: a median of about fifteen months, a few within six.
        sent = decided + datetime.timedelta(days=_days(rng, 450, 0.5, least=90))
        if sent >= today:
            sent = today - datetime.timedelta(days=rng.randint(1, 60))
        review = Review(
            reference=f"{csp.code.upper()}-{decided.year}-{number:03d}", reference_year=decided.year,
            reference_number=number, kind=CaseKind.REVIEW, csp=csp, review_type=ReviewType.DHR,
            death_type=rng.choice([DeathType.HOMICIDE] * 4 + [DeathType.SUICIDE]),
            relationship=rng.choice(list(Relationship)), police_force_area=rng.choice(list(PoliceForceArea)),
            date_of_death=death, date_csp_notified=notified, date_decided=decided,
            date_home_office_notified=home_office if home_office is None or home_office < today else None,
            independent_chair_name="Independent chair (demo)", registered_by=officer,
            registered_at=_at(min(decided + datetime.timedelta(days=3), sent)),
        )
        self.reviews.append(review)
        self.people.append(ReviewPerson(review=review, role=PersonRole.VICTIM, position=1,
                                        pseudonym=rng.choice(PSEUDONYMS)))
        outcome, letter_day = self.version(review, 1, sent, officer, {
            "adequate": 85, "inadequate": 15, "publish": 45, "publish_after_changes": 45, "resubmit": 10})
        if outcome is not None and outcome.needs_new_version and letter_day is not None:
            # The changes asked for: version 2, to a later meeting, approved.
            sent = letter_day + datetime.timedelta(days=_days(rng, 120, 0.5, least=20))
            if sent >= today:
                return
            outcome, letter_day = self.version(review, 2, sent, officer, {"adequate": 1, "publish": 1})
        if outcome is None or outcome.needs_new_version or letter_day is None or rng.random() < 0.2:
            return
        published = letter_day + datetime.timedelta(days=_days(rng, 90, 0.9, least=1))
        if published < today:
            self.publications.append(Publication(
                review=review, url=f"https://www.{csp.code}.example/community-safety/dhr/{review.reference.lower()}",
                published_on=published, recorded_by=officer, recorded_at=_at(published)))

    def save(self):
        """Insert every row, parents first."""
        insert(Review, self.reviews)
        insert(ReviewPerson, self.people)
        insert(Submission, self.versions)
        insert(IntakeDecision, self.intakes)
        insert(Meeting, list(self.meetings.values()))
        positions, items, verdicts, letters = {}, [], [], []
        for version, meeting_day, outcome, letter_day in self.decisions:
            meeting = self.meetings[meeting_day]
            positions[meeting_day] = positions.get(meeting_day, 0) + 1
            items.append(AgendaItem(meeting=meeting, submission=version, position=positions[meeting_day],
                                    status=AgendaItemStatus.DISCUSSED, scheduled_by=self.secretariat,
                                    scheduled_at=_at(meeting_day - datetime.timedelta(days=10))))
        insert(AgendaItem, items)
        for item, (version, meeting_day, outcome, letter_day) in zip(items, self.decisions):
            verdicts.append(Verdict(agenda_item=item, outcome=outcome, status=VerdictStatus.CONFIRMED,
                                    recorded_by=self.chair, recorded_at=_at(meeting_day),
                                    confirmed_by=self.chair, confirmed_at=_at(meeting_day)))
        insert(Verdict, verdicts)
        for verdict, (version, meeting_day, outcome, letter_day) in zip(verdicts, self.decisions):
            if letter_day is not None:
                letters.append(self.letter(verdict, version, outcome, letter_day))
        insert(Letter, letters)
        insert(Publication, self.publications)
        return len(letters)

    def letter(self, verdict, version, outcome, letter_day):
        signed = _at(letter_day - datetime.timedelta(days=1))
        return Letter(
            verdict=verdict, template=self.templates[outcome.outcome_set_id], status=LetterStatus.ISSUED,
            content={"reference": version.review.reference, "salutation": "Dear Demo Contact,", "blocks": [],
                     "closing": "Yours sincerely,", "signatory": {"name": self.chair.full_name, "titles": []}},
            letter_date=letter_day - datetime.timedelta(days=1), render_status=RenderStatus.READY,
            signed_pdf=self.letter_file.name, signed_pdf_sha256=self.letter_file.sha256,
            drafted_by=self.secretariat, drafted_at=_at(letter_day - datetime.timedelta(days=5)),
            sent_for_signing_by=self.secretariat, sent_for_signing_at=_at(letter_day - datetime.timedelta(days=4)),
            signed_by=self.chair, signed_at=signed, issued_by=self.secretariat, issued_at=_at(letter_day),
        )


def insert(model, rows):
    """Insert `rows` (unsaved instances of `model`) and give each its id.

    On Postgres, with COPY and ids taken from the table's sequence: Django's
    bulk_create spends most of its time preparing each value, and ten thousand
    reviews make some ninety thousand rows. Elsewhere (SQLite), bulk_create.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    table = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(rows)])
        for row, (pk,) in zip(rows, cursor.fetchall()):
            row.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_copy_value(f, row) for f in fields])


def _copy_value(field_, row):
    if isinstance(field_, models.ForeignKey):
        # The parent was inserted first, so its id is set by now.
        parent = getattr(row, field_.name, None) if field_.is_cached(row) else None
        return parent.pk if parent is not None else getattr(row, field_.attname)
    value = getattr(row, field_.attname)
    if isinstance(field_, models.JSONField):
        return None if value is None else json.dumps(value)
    if isinstance(field_, models.FileField):
        return value.name or ""
    return value


def build_history(*, csps, officers, secretariat, chair, count, today, letter_file, seed=2016,
                  first_day=datetime.date(2016, 1, 1)):
    """Make `count` fictional reviews of `csps`, decided between `first_day` and `today`, and return a History.

    The same `seed`, CSPs and `today` make the same reviews every time. Every
    row is inserted with bulk_create, parents first, in one transaction.
    """
    rng = random.Random(seed)
    builder = _Builder(rng=rng, today=today, secretariat=secretariat, chair=chair, letter_file=letter_file)
    span = (today - first_day).days - 60
    numbers = {}
    decided_days = sorted(first_day + datetime.timedelta(days=rng.randrange(span)) for _ in range(count))
    for decided in decided_days:
        csp = csps[rng.randrange(len(csps))]
        number = numbers[(csp.pk, decided.year)] = numbers.get((csp.pk, decided.year), FIRST_NUMBER - 1) + 1
        builder.review(csp, officers[csp.pk], decided, number)
    with transaction.atomic():
        letters = builder.save()
    return History(reviews=builder.reviews, meetings=len(builder.meetings), letters=letters,
                   publications=len(builder.publications))


# The demo's history ends here, whatever day loaddemo runs, so that it is the same every time.
DEMO_HISTORY_END = datetime.date(2026, 11, 30)
DEMO_HISTORY_REVIEWS = 1500


def load_history(people, *, count=DEMO_HISTORY_REVIEWS):
    """Ten years of fictional reviews for the dashboard, across eight invented CSPs.

    Kent's and Medway's own demo reviews are left as they are: their officers'
    lists show only the scenarios the README describes. Returns the History,
    or None if it is there already.
    """
    if Review.objects.filter(csp__code=HISTORY_CSPS[0][0]).exists():
        return None
    csps = history_csps()
    return build_history(
        csps=csps, officers=csp_officers(csps), secretariat=people["secretariat@homeoffice.example"],
        chair=people["chair@homeoffice.example"], count=count, today=DEMO_HISTORY_END,
        letter_file=history_letter_file(),
    )


def history_letter_file():
    """One PDF that every fictional letter points at, saying what it is, so a download of one works.

    Its own file and fingerprint, never the Kent letter's: checking the Kent
    letter on the public page must find the Kent letter.
    """
    pdf = weasyprint.HTML(string=(
        "<h1>Fictional letter</h1><p>This stands for the Panel's letters to the fictional reviews that "
        "fill the delay dashboard in the demo. No Panel wrote it.</p>")).write_pdf()
    name = private_storage().save("letters/demo-history-letter.pdf", ContentFile(pdf))
    return LetterFile(name=name, sha256=hashlib.sha256(pdf).hexdigest())
