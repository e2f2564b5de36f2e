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
        in_section = match.namespace == self.section or (
            not match.namespace and match.url_name and match.url_name.startswith(self.section)
        )
        return "true" if in_section else None


REVIEWS = NavItem("Your reviews", "submissions:review_list", "submissions")
SUBMIT = NavItem("Register a review", "submissions:review_start", "submissions:review_start")
SUBMISSIONS = NavItem("Submissions", "submissions:submission_list", "submissions")
MEETINGS = NavItem("Meetings", "panel:meeting_list", "panel")
USERS = NavItem("Users", "user_list", "user_")

ITEMS_BY_ROLE = {
    Role.CSP_OFFICER: (REVIEWS, SUBMIT),
    Role.SECRETARIAT: (SUBMISSIONS, MEETINGS, USERS),
    Role.PANEL_MEMBER: (MEETINGS, SUBMISSIONS),
    Role.CHAIR: (MEETINGS, SUBMISSIONS),
}


def navigation(request):
    """Context processor: `navigation`, a list of dicts with label, url and current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = request.resolver_match
    items = ITEMS_BY_ROLE.get(user.role, ())
    currents = [item.current(match) for item in items]
    # "Register a review" sits inside the submissions namespace: it wins over "Your reviews".
    if "page" in currents:
        currents = [current if current == "page" else None for current in currents]
    return {
        "navigation": [
            {"label": item.label, "url": reverse(item.view_name), "current": current}
            for item, current in zip(items, currents)
        ]
    }
