"""What each submissions page posts when a person fills it in, with any field overridden or left out."""

from django.urls import reverse

PERSON_FIELDS = ("pseudonym", "age_band", "sex", "ethnicity")
DATES = {
    "date_of_death": ("27", "3", "2024"),
    "date_csp_notified": ("3", "4", "2024"),
    "date_decided": ("24", "4", "2024"),
    "date_home_office_notified": ("26", "4", "2024"),
}
OMIT = object()


def people(prefix, rows, *, total=None):
    """A people formset: `rows` are pseudonyms or dicts of PERSON_FIELDS."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) if total is None else total), f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        row = {"pseudonym": row} if isinstance(row, str) else row
        for name in PERSON_FIELDS:
            data[f"{prefix}-{index}-{name}"] = row.get(name, "")
    return data


def registration(victims=("Louise",), perpetrators=("Neil",), **fields):
    """The review details page filled in for a DHR; a date is given as (day, month, year); OMIT leaves a field out."""
    data = {
        **people("victim", victims), **people("perpetrator", perpetrators),
        "review_type": "dhr", "death_type": "homicide", "relationship": "intimate_partner",
        "police_force_area": "kent", "independent_chair_name": "Robin Chair", "author_name": "",
    }
    for name, parts in DATES.items():
        data.update(date(name, parts))
    for name, value in fields.items():
        if name in DATES or isinstance(value, tuple):
            data = {key: item for key, item in data.items() if not key.startswith(f"{name}_")}
            data.update(date(name, value))
        else:
            data[name] = value
    return {name: value for name, value in data.items() if value is not OMIT}


def decision_registration(**fields):
    data = registration(**fields)
    for name in ("review_type", "independent_chair_name", "author_name"):
        data.pop(name, None)
    data.setdefault("decision_reasons", "The death did not follow abuse by a relative, partner or household member.")
    return data


def date(name, parts):
    return {f"{name}_{index}": part for index, part in enumerate(parts)}


def recommendation(**fields):
    data = {
        "number": "1", "text": "Agencies should share information about domestic abuse risk.", "scope": "local",
        "national_body": "", "national_body_other": "", "lead_agency": "Community Safety Partnership",
        "action": "", **date("target_date", ("", "", "")),
    }
    for name, value in fields.items():
        if name == "target_date":
            data.update(date(name, value))
        else:
            data[name] = value
    return {name: value for name, value in data.items() if value is not OMIT}


def version_url(name, submission, **kwargs):
    return reverse(f"submissions:{name}", kwargs={
        "reference": submission.review.reference, "number": submission.number, **kwargs})
