"""The service navigation for the signed-in user's role.

Each item says whether the page shown is the item's own page ("page") or
inside its section ("true"), for `aria-current` and the active style.
"""

from dataclasses import dataclass

from django.urls import reverse

from dhrqa.enums import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    view_name: str
    # The URL namespace, or url-name prefix, of the pages in this section.
    section: str

    def current(self, match):
        if match is None:
            return None
        if match.view_name == self.view_name:
            return "page"
        in_section = match.namespace == self.section or bool(match.view_name.startswith(self.section))
        return "true" if in_section else None


REVIEWS = NavItem("Your reviews", "submissions:review_list", "submissions")
SUBMIT = NavItem("Register a review", "submissions:review_start", "submissions:review_start")
SUBMISSIONS = NavItem("Submissions", "submissions:submission_list", "submissions")
MEETINGS = NavItem("Meetings", "panel:meeting_list", "panel")
MY_REVIEWS = NavItem("My reviews", "panel:my_reviews", "panel:my_reviews")
CRITERIA = NavItem("Criteria", "panel:criterion_list", "panel:criterion")
LANGUAGE_CHECK = NavItem("Language check", "submissions:lexicon_list", "submissions:lexicon")
LETTERS_TO_SIGN = NavItem("Letters to sign", "panel:letters_to_sign", "panel:letters_to_sign")
LETTER_TEMPLATES = NavItem("Letter templates", "panel:letter_template_list", "panel:letter_template")
DELAYS = NavItem("Delays", "panel:dashboard", "panel:dashboard")
USERS = NavItem("Users", "user_list", "user_")
NATIONAL = NavItem("National recommendations", "panel:national_list", "panel:national_")
AUDIT_TRAIL = NavItem("Audit trail", "audit_trail", "audit_trail")

ITEMS_BY_ROLE = {
    Role.CSP_OFFICER: (REVIEWS, SUBMIT),
    Role.SECRETARIAT: (SUBMISSIONS, MEETINGS, DELAYS, CRITERIA, LANGUAGE_CHECK, LETTER_TEMPLATES, NATIONAL, USERS,
                       AUDIT_TRAIL),
    Role.PANEL_MEMBER: (MY_REVIEWS, MEETINGS, LETTERS_TO_SIGN),
    Role.CHAIR: (MEETINGS, LETTERS_TO_SIGN, MY_REVIEWS),
    Role.RESPONDER: (NATIONAL,),
}


def navigation(request):
    """Context processor: `navigation`, a list of dicts with label, url and current."""
    user = getattr(request, "user", None)
    # Before the code step of signing in (dhrqa/mfa/middleware.py), every item would lead back to it.
    if user is None or not user.is_authenticated or getattr(request, "mfa_pending", False):
        return {"navigation": []}
    match = request.resolver_match
    items = ITEMS_BY_ROLE.get(user.role, ())
    currents = [item.current(match) for item in items]
    # One item is current: its own page first ("Register a review" sits inside the
    # submissions namespace, and wins over "Your reviews"), else the narrowest section
    # ("Criteria", panel:criterion..., wins over "Meetings", the whole panel namespace).
    if "page" in currents:
        currents = [current if current == "page" else None for current in currents]
    elif "true" in currents:
        narrowest = max((len(item.section), index) for index, (item, current) in enumerate(zip(items, currents))
                        if current)[1]
        currents = [current if index == narrowest else None for index, current in enumerate(currents)]
    return {
        "navigation": [
            {"label": item.label, "url": reverse(item.view_name), "current": current}
            for item, current in zip(items, currents)
        ]
    }
