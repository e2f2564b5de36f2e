"""A review's particulars as one version was sent with them.

The review row holds the particulars as last sent. A draft that changes
them keeps the changes as a snapshot until it is sent; a sent version
keeps the snapshot it was sent with. So what the Panel read is never
changed under it, and the Home Office never sees what a CSP has not sent.

A snapshot is JSON: {"fields": {name: value, dates as ISO strings}, "people": [{role, pseudonym, age_band, sex,
ethnicity}, ...]}.
"""

import datetime

from submissions.models import Review, ReviewPerson

DETAIL_FIELDS = (
    "review_type", "death_type", "relationship", "police_force_area", "date_of_death", "date_csp_notified",
    "date_decided", "date_home_office_notified", "independent_chair_name", "author_name", "decision_reasons",
)
DATE_FIELDS = frozenset({"date_of_death", "date_csp_notified", "date_decided", "date_home_office_notified"})
PERSON_FIELDS = ("role", "pseudonym", "age_band", "sex", "ethnicity")


def snapshot(details, people):
    """The snapshot of typed particulars: `details` as the details form gives them, `people` as dicts."""
    fields = {}
    for name in DETAIL_FIELDS:
        value = details.get(name)
        if name in DATE_FIELDS:
            fields[name] = value.isoformat() if value else None
        else:
            fields[name] = value or ""
    # Role by role, each role in the order typed.
    people = sorted(({name: person.get(name, "") or "" for name in PERSON_FIELDS} for person in people),
                    key=lambda person: person["role"] != "victim")
    return {"fields": fields, "people": people}


def snapshot_of(review):
    """The review row's particulars as a snapshot (its people in their saved order)."""
    details = {name: getattr(review, name) for name in DETAIL_FIELDS}
    people = [{name: getattr(person, name) for name in PERSON_FIELDS} for person in review.people.all()]
    return snapshot(details, people)


def pending_or_current(draft, review):
    """What a draft will be sent with: its own changes, or the review's particulars as last sent."""
    return draft.details or snapshot_of(review)


def as_sent(submission):
    """The review as `submission` shows it: a draft with its changes, a sent version as it was sent."""
    review = submission.review
    taken = submission.details
    return review if taken is None else as_review(review, taken)


def changed_fields(before, after):
    """The names of the particulars that differ, "people" for any change to the people."""
    changed = sorted(name for name in DETAIL_FIELDS if before["fields"].get(name) != after["fields"].get(name))
    if before["people"] != after["people"]:
        changed.append("people")
    return changed


def apply_snapshot(review, taken):
    """Make the (locked) review row hold the snapshot's particulars."""
    for name, value in field_values(taken).items():
        setattr(review, name, value)
    review.save(update_fields=list(DETAIL_FIELDS))
    review.people.all().delete()
    save_people(review, taken)


def save_people(review, taken):
    """Save the snapshot's people as the (saved) review's, numbered role by role."""
    ReviewPerson.objects.bulk_create(_people(review, taken))


def as_review(review, taken):
    """An unsaved copy of `review` holding the snapshot, for the pages' summary of particulars."""
    copy = Review(pk=review.pk, reference=review.reference, kind=review.kind, csp=review.csp,
                  **field_values(taken))
    return ReviewAsSent(copy, _people(copy, taken))


class ReviewAsSent:
    """A Review with its particulars from a snapshot: its people answer `.all()` as a related manager does."""

    def __init__(self, review, people):
        self._review = review
        self.people = _People(people)

    def __getattr__(self, name):
        return getattr(self._review, name)


class _People(list):
    def all(self):
        return self


def field_values(taken):
    """The snapshot's particulars as the Review model holds them (dates as dates)."""
    fields = taken["fields"]
    return {
        name: (datetime.date.fromisoformat(fields[name]) if fields.get(name) else None) if name in DATE_FIELDS
        else fields.get(name, "")
        for name in DETAIL_FIELDS
    }


def _people(review, taken):
    positions = {}
    rows = []
    for person in taken["people"]:
        positions[person["role"]] = positions.get(person["role"], 0) + 1
        rows.append(ReviewPerson(review=review, position=positions[person["role"]], **person))
    return rows
