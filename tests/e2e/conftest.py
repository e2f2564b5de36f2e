"""Playwright on Debian's Chromium, with axe-core run on every page visited."""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.mfa import app_code, authenticator_for

# Playwright's sync API runs an event loop in this thread; Django's guard
# against async-unsafe calls would otherwise refuse the test's own ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def browser():
    # Per test: Playwright's event loop must not outlive the test, or code that
    # runs its own loop (pyHanko) and Django's connection handling break later.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    connections.close_all()


class Pages:
    """Opens signed-in browser pages and checks each one with axe-core."""

    def __init__(self, browser, live_server, password):
        self.browser = browser
        self.base = live_server.url
        self.password = password
        self.contexts = []
        self.visited = []
        self.csp_violations = []
        self._axe_page = None

    def open(self, path="/sign-in/", *, javascript=True):
        """A page in a browser of its own, signed out, at `path`."""
        context = self.browser.new_context(accept_downloads=True, java_script_enabled=javascript)
        self.contexts.append(context)
        page = context.new_page()
        page.javascript = javascript
        page.on("console", self._watch_console)
        page.goto(f"{self.base}{path}")
        return page

    def give_password(self, page, user):
        """Fill in and send the sign-in form on `page`."""
        self.check(page)
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password", exact=True).fill(self.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    def sign_in(self, user, *, javascript=True):
        """A browser signed in as `user`: the password, then for one who must use a second factor, the code.

        Such a person has an authenticator app already, as if set up earlier, and the code is the one it
        would show now (tests/mfa.py).
        """
        device = authenticator_for(user)
        page = self.open(javascript=javascript)
        self.give_password(page, user)
        if device is not None:
            self.check(page)
            page.get_by_label("Code", exact=True).fill(app_code(device))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
        self.check(page)
        return page

    def check(self, page):
        """Run axe-core on the page as it stands; fail on any violation."""
        page.wait_for_load_state()
        target = page if getattr(page, "javascript", True) else self._copy_for_axe(page)
        # evaluate() runs outside the page's CSP, which stays strict.
        target.evaluate(AXE.read_text())
        result = target.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        self.visited.append(page.url)
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"]]}
            for v in result["violations"]
        ]
        assert violations == [], f"axe-core violations on {page.url}:\n{json.dumps(violations, indent=2)}"
        assert self.csp_violations == [], f"Content Security Policy violations: {self.csp_violations}"

    def _copy_for_axe(self, page):
        """axe needs JavaScript: check a copy of a no-JavaScript page's DOM, without its scripts."""
        if self._axe_page is None:
            context = self.browser.new_context()
            self.contexts.append(context)
            self._axe_page = context.new_page()
        self._axe_page.goto(f"{self.base}/sign-in/")
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        self._axe_page.set_content(html, wait_until="load")
        return self._axe_page

    def _watch_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, live_server, password):
    pages = Pages(browser, live_server, password)
    yield pages
    pages.close()
    # While Playwright's loop runs, Django keeps this test's connection apart
    # from the one it uses afterwards: close it here, or it outlives the test.
    connections.close_all()

