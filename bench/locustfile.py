"""The simulated users of bench/load.py: four kinds of person, each walking a journey of real pages.

Run by bench/load.py, which fills the database, signs everyone in and names
them in the JSON file DHRQA_LOAD_PLAN. Every request is named after its
journey, so the statistics come out a journey at a time; a page that does
not answer 200 with the page the journey expected (a sign-in page instead,
an error page) is a failure.

Forms are posted as a browser would: the page is fetched, its form read
(hidden fields, the CSRF token, the values already filled in) and sent back
with the button a person would press.
"""

import itertools
import json
import os
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

from journeys import (
    BARE, BROWSE, DOWNLOAD, DRAFT_READING_SECONDS, OPEN_REVIEW, RENDER_ASK, RENDER_POLL, RENDER_READY, SAVE_DRAFT,
    THINK_SECONDS,
)

PLAN = json.loads(open(os.environ["DHRQA_LOAD_PLAN"]).read())
RENDER_WAIT_SECONDS = 60
_turns = {kind: itertools.count() for kind in PLAN["people"]}



def _person(kind):
    """The next of this kind's signed-in people, so that users of one kind spread over their accounts."""
    people = PLAN["people"][kind]
    return people[next(_turns[kind]) % len(people)]


class SignedIn(HttpUser):
    abstract = True
    # Reading a page takes a person a few seconds at least; THINK_SECONDS in bench/journeys.py.
    wait_time = between(*THINK_SECONDS)
    kind = None

    def on_start(self):
        self.person = _person(self.kind)
        host = self.host.split("//", 1)[1].split(":")[0]
        self.client.cookies.set(PLAN["session_cookie"], self.person["session"], domain=host)

    def page(self, path, journey, *, expect):
        """GET a page; a failure unless it is a 200 showing `expect`."""
        with self.client.get(path, name=journey, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code} {response.headers.get('Location', '')}")
            elif expect not in response.text:
                response.failure(f"{path}: the page did not say {expect!r}")
            return response

    def post_form(self, path, journey, *, button, changes=None, expect_redirect=True):
        """Fetch the page at `path`, fill its form as a person would and press `button` (or one of several)."""
        buttons = (button,) if isinstance(button, str) else button
        shown = self.page(path, journey, expect=buttons[0])
        form = _form_with_button(shown.text, buttons)
        if form is None:
            return None
        data = {**form["fields"], **(changes or {})}
        action = form["action"] or path
        with self.client.post(action, data=data, name=journey, catch_response=True, allow_redirects=False,
                              headers={"Referer": self.host + path}) as response:
            if expect_redirect and response.status_code != 302:
                response.failure(f"POST {action}: {response.status_code}, not the redirect of a saved form")
            return response


class BareView(SignedIn):
    """The baseline: a signed-in person asking for a page that does one query and nothing else."""

    kind = "secretariat"

    @task
    def bare(self):
        self.page("/bench/bare/", BARE, expect="First submission")


class CspOfficer(SignedIn):
    """Looks through their CSP's reviews, opens one and downloads one of its documents."""

    weight = 4
    kind = "officer"

    @task
    def review_and_document(self):
        self.page("/reviews/", BROWSE, expect="Reviews")
        review = self.person["reviews"][next(_turns["officer"]) % len(self.person["reviews"])]
        self.page(review["path"], OPEN_REVIEW, expect=review["reference"])
        with self.client.get(review["document"], name=DOWNLOAD, catch_response=True, stream=True) as response:
            body = response.content
            if response.status_code != 200 or not body.startswith(b"%PDF-"):
                response.failure(f"{review['document']}: {response.status_code}, {len(body)} bytes")


class Secretariat(SignedIn):
    """Works through the submissions list, a filtered page of it, the meetings and a review."""

    weight = 2
    kind = "secretariat"

    @task
    def lists(self):
        self.page("/submissions/", BROWSE, expect="Submissions")
        self.page("/submissions/?status=submitted&q=Louise", BROWSE, expect="Submissions")
        self.page("/meetings/", BROWSE, expect="Meetings")
        review = PLAN["reviews"][next(_turns["secretariat"]) % len(PLAN["reviews"])]
        self.page(review["path"], OPEN_REVIEW, expect=review["reference"])


class Reader(SignedIn):
    """A panel member opens their reviews and saves their assessment as a draft."""

    weight = 3
    kind = "reader"

    @task
    def assess(self):
        self.page("/my-reviews/", BROWSE, expect="My reviews")
        reading = self.person["readings"][next(_turns["reader"]) % len(self.person["readings"])]
        self.page(reading["item"], OPEN_REVIEW, expect=reading["reference"])
        strengths = f"Saved under load at {time.time():.3f}: the report gives the victim a voice."
        self.post_form(reading["assessment"], SAVE_DRAFT, button="Save as draft", changes={"strengths": strengths})


class LetterDrafter(SignedIn):
    """The secretariat drafts a verdict's letter again and waits, as the page does, until it is rendered."""

    weight = 1
    kind = "drafter"
    # Each draft is read before the next is asked for.
    wait_time = between(*DRAFT_READING_SECONDS)

    @task
    def draft(self):
        verdict = self.person["verdict"]
        started = time.perf_counter()
        response = self.post_form(verdict["item"], RENDER_ASK, button=("Draft the letter", "Draft the letter again"))
        if response is None or response.status_code != 302:
            return
        status_path = response.headers["Location"].rstrip("/") + "/status/"
        while time.perf_counter() - started < RENDER_WAIT_SECONDS:
            answer = self.client.get(status_path, name=RENDER_POLL)
            if answer.status_code == 200 and answer.json()["status"] == "draft:ready":
                break
            if answer.status_code == 200 and answer.json()["status"] == "draft:failed":
                _fire(RENDER_READY, started, "the draft failed to render")
                return
            time.sleep(0.25)
        else:
            _fire(RENDER_READY, started, f"not ready after {RENDER_WAIT_SECONDS} s")
            return
        _fire(RENDER_READY, started)


def _fire(name, started, failure=None):
    events.request.fire(request_type="LETTER", name=name, response_time=(time.perf_counter() - started) * 1000,
                        response_length=0, exception=RuntimeError(failure) if failure else None, context={})


class _Forms(HTMLParser):
    """Each form on a page: its action, its fields' current values, its buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select, self._button = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": {}, "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and ("selected" in attrs
                                                    or self._select not in self._form["fields"]):
            self._form["fields"][self._select] = attrs.get("value", "")
        elif tag == "button":
            self._button = {"name": attrs.get("name"), "value": attrs.get("value", ""), "text": ""}
            self._form["buttons"].append(self._button)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data
        if self._button is not None:
            self._button["text"] += data


def _form_with_button(html, texts):
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        for button in form["buttons"]:
            if re.sub(r"\s+", " ", button["text"]).strip() in texts:
                fields = dict(form["fields"])
                if button["name"]:
                    fields[button["name"]] = button["value"]
                return {"action": form["action"], "fields": fields}
    return None
