"""Walking one URL of the access table: every kind of person, each CSP's object, every mismatch kept.

test_access_table.py holds the table; this is how a rule of it is checked.
"""

from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from dhrqa.models import AuditEvent, User
from panel.models import (
    AgendaItem,
    Assessment,
    ConflictOfInterest,
    Criterion,
    CriterionJudgement,
    Letter,
    LetterBundle,
    LetterTemplate,
    Meeting,
    MeetingMember,
    ReaderAssignment,
    RoutedRecommendation,
    RoutedRecommendationMove,
    SuggestedIssue,
    Verdict,
    VerdictIssue,
)
from submissions.models import (
    Document,
    IntakeDecision,
    IssueResponse,
    LexiconEntry,
    PrescreenFinding,
    RaisedIssue,
    Recommendation,
    Review,
    ReviewPerson,
    StoredFile,
    Submission,
)
from tests.dhrqa.casework import KINDS

FORBIDDEN = "You do not have permission to see this page"
NOT_FOUND = "Page not found"
# The templates that say so.
ERROR_PAGES = {403: "403.html", 404: "404.html"}
ALLOWED = (200, 302)


@dataclass(frozen=True)
class Rule:
    """What one URL answers each kind of person (in the order of casework.KINDS)."""

    answers: tuple
    # The URL's arguments for one CSP's casework; None when the URL names no object.
    kwargs: Callable | None = None
    # How the page is used: "post" for pages that are only ever posted to.
    method: str = "get"
    # Plausible data for a page that changes state, as (world, case) -> dict.
    form: Callable | None = None
    # Where a 302 leads, as (world, case, kind) -> path.
    to: Callable | None = None
    # The answer when signed out; None: a redirect to sign-in that comes back here.
    signed_out: int | None = None
    # Methods the view refuses (405) to everyone signed in.
    refuses: tuple = ()
    # A file download: HEAD must send headers and record nothing.
    download: bool = False
    # A change any of several people may make, once: after the first has made it, the others' posts are
    # answered as allowed and change nothing more (recording a meeting's attendance).
    changes_once: bool = False

    def answer(self, kind):
        return self.answers[KINDS.index(kind)]

    @property
    def changes_state(self):
        return self.form is not None or self.method == "post"


def url_names(patterns=None, namespace=None):
    """Every URL pattern's name (an unnamed pattern by its route, so that it cannot be missed)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name
        else:
            yield f"unnamed pattern {pattern.pattern}"


COUNTED_MODELS = (
    User, Review, ReviewPerson, Submission, Document, StoredFile, Recommendation, RaisedIssue, IssueResponse,
    IntakeDecision, Meeting, MeetingMember, AgendaItem, ReaderAssignment, Assessment, CriterionJudgement,
    SuggestedIssue, ConflictOfInterest, Criterion, Verdict, VerdictIssue, Letter, LetterTemplate, LetterBundle, AuditEvent,
    RoutedRecommendation, RoutedRecommendationMove,
    PrescreenFinding, LexiconEntry,
)
# Rows whose changes are not in their number: each one's id with the columns that change.
WATCHED = {
    Submission: "status", Letter: "status", Meeting: "status || coalesce(current_item_id, 0) || date || location",
    AgendaItem: "meeting_id || '/' || position || status", Verdict: "status || revision",
    Criterion: "position || heading || is_active", MeetingMember: "coalesce(attended::text, '-')",
    User: "is_active::text || '/' || session_generation",
    RoutedRecommendation: "status || '/' || body || '/' || chasers_sent",
    PrescreenFinding: "coalesce(considered_at::text, '-')",
    LexiconEntry: "md5(phrase || reason) || coalesce(retired_at::text, '-')",
}


def _state_query():
    counts = [f'(SELECT count(*) FROM "{model._meta.db_table}")' for model in COUNTED_MODELS]
    watched = [f'(SELECT string_agg(id || \':\' || {columns}, \',\' ORDER BY id) FROM "{model._meta.db_table}")'
               for model, columns in WATCHED.items()]
    return f"SELECT {', '.join(counts + watched)}"


def state():
    """Row counts of the main models, with what changes in rows that stay (statuses, positions): one query."""
    with connection.cursor() as cursor:
        cursor.execute(_state_query())
        values = cursor.fetchone()
    names = [model.__name__ for model in COUNTED_MODELS] + [f"{model.__name__} states" for model in WATCHED]
    return dict(zip(names, values))


def seen(response):
    """What a person sees: the status, with where a redirect leads or which error page it is."""
    if response.streaming:
        # Read to the end, as a browser would: the test client closes the file then.
        b"".join(response.streaming_content)
    if response.status_code == 302:
        return 302, response["Location"]
    if response.status_code in (403, 404):
        # The page's template rather than its heading: reading back thousands of pages costs seconds.
        return response.status_code, response.templates[0].name
    return response.status_code, None


def expected(answer, location=None):
    return answer, {302: location, 403: ERROR_PAGES[403], 404: ERROR_PAGES[404]}.get(answer)


class Walk:
    """One URL, asked by every kind of person about each CSP's object, with every mismatch kept."""

    def __init__(self, name, rule, world, signed_in):
        self.name, self.rule, self.world, self.signed_in = name, rule, world, signed_in
        self.mismatches = []
        self.checked = 0
        # A URL that names no object is asked once.
        self.cases = [world.kent, world.surrey] if rule.kwargs else [world.kent]
        self.people = [(case, kind, world.people(case)[kind]) for case in self.cases for kind in KINDS]

    def path(self, case):
        return reverse(self.name, kwargs=self.rule.kwargs(self.world, case) if self.rule.kwargs else None)

    def run(self):
        rule = self.rule
        for case, kind, user in self.people:
            for method in rule.refuses:
                self.ask(self.signed_in(user), method, case, kind, 405, unchanged=rule.changes_state)
        for case in self.cases:
            self.ask_signed_out(case)
        # Those refused go first, so that a change someone allowed made cannot hide one made by them.
        for case, kind, user in sorted(self.people, key=lambda person: rule.answer(person[1]) in ALLOWED):
            answer = rule.answer(kind)
            refused = answer not in ALLOWED
            self.ask(self.signed_in(user), rule.method, case, kind, answer,
                     location=rule.to and (lambda: rule.to(self.world, case, kind)),
                     unchanged=rule.changes_state and refused)
            if rule.form and rule.method == "get" and refused:
                self.ask(self.signed_in(user), "post", case, kind, answer, unchanged=True)
        self.post_forms_as_allowed()

    def ask_signed_out(self, case):
        rule, path = self.rule, self.path(case)
        sign_in = f"/sign-in/?next={quote(path)}"
        if rule.signed_out is None:
            self.ask(Client(), rule.method, case, "signed out", 302, location=sign_in, unchanged=rule.changes_state)
        else:
            self.ask(Client(), rule.method, case, "signed out", rule.signed_out,
                     location=rule.to and (lambda: rule.to(self.world, case, None)), unchanged=rule.changes_state)
        if rule.form and rule.method == "get":
            self.ask(Client(), "post", case, "signed out", 302, location=sign_in, unchanged=True)

    def ask(self, client, method, case, label, answer, *, location=None, unchanged):
        """Ask once and keep any mismatch. `location` (or a function giving it once asked) is where a 302 leads."""
        path = self.path(case)
        before = state() if unchanged else None
        if method == "post":
            response = client.post(path, self.rule.form(self.world, case) if self.rule.form else {})
        else:
            response = getattr(client, method)(path)
        got = seen(response)
        want = expected(answer, location() if callable(location) else location)
        self.checked += 1
        if got != want:
            self.mismatches.append((label, case.csp.code, method, want, got))
        if unchanged and state() != before:
            self.mismatches.append((label, case.csp.code, method, "nothing changed", "something changed"))

    def post_forms_as_allowed(self):
        """Each form is one its view acts on: posted by someone allowed, it changes something."""
        if not (self.rule.form and self.rule.method == "get"):
            return
        changed = set()
        for case, kind, user in self.people:
            if self.rule.answer(kind) in ALLOWED:
                client = self.signed_in(user)
                before = state()
                response = client.post(self.path(case), self.rule.form(self.world, case))
                self.checked += 1
                must_change = not (self.rule.changes_once and case.csp.code in changed)
                if response.status_code not in ALLOWED or (must_change and state() == before):
                    self.mismatches.append(
                        (kind, case.csp.code, "post", "a change", (response.status_code, "no change")))
                changed.add(case.csp.code)

    def report(self):
        """The mismatches, one line each, for the failure message."""
        return "\n".join(f"{self.name} on {csp}'s object, {method.upper()} as {kind}: expected {want}, got {got}"
                         for kind, csp, method, want, got in self.mismatches)
