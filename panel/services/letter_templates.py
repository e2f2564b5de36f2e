"""Letter templates as data: the secretariat changes the wording and the letterhead, and each change is a new version.

A version that letters were made from never changes. `change_template`
saves the next version; letters drafted from then on use it
(panel.services.letters.current_template), letters drafted before keep the
version they record, and the audit trail says what changed, old and new.
"""

from django.db import transaction
from django.db.models import Count

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.composition import LETTERHEAD_KEYS, PARTS, wording_problems
from panel.enums import LetterLogo
from panel.models import LetterTemplate, OutcomeSet
from panel.refusals import LetterTemplateRefused

MAX_NAME_LENGTH, MAX_ERA_LENGTH = 200, 100
MAX_ADDRESS_LINES, MAX_LETTERHEAD_LINE = 6, 100
LETTERHEAD_LENGTHS = {"unit": 200, "phone": 50, "fax": 50, "website": 200}


def current_templates():
    """The newest version of each outcome set's template, in the outcome sets' order: one query."""
    newest = LetterTemplate.objects.order_by("outcome_set_id", "-version").distinct("outcome_set_id").values("pk")
    return (LetterTemplate.objects.filter(pk__in=newest).select_related("outcome_set", "created_by")
            .order_by("outcome_set__case_kind", "-outcome_set__in_force_from"))


def versions_of(template):
    """Every version of `template`'s outcome set's template, newest first, each with how many letters it made."""
    return (LetterTemplate.objects.filter(outcome_set_id=template.outcome_set_id).order_by("-version")
            .select_related("created_by").annotate(letter_count=Count("letters")))


def is_newest(template):
    return not LetterTemplate.objects.filter(outcome_set_id=template.outcome_set_id,
                                             version__gt=template.version).exists()


def outcomes_of(outcome_set):
    """(code, label) of each outcome of a set, in order: what a template words by outcome."""
    return [(outcome.code, outcome.label) for outcome in outcome_set.outcomes.all()]


def letterhead_problems(letterhead):
    """What is wrong with a letterhead, as messages; [] when it can go on a letter."""
    found = []
    if not isinstance(letterhead, dict) or set(letterhead) != set(LETTERHEAD_KEYS):
        return [f"A letterhead has exactly these parts: {', '.join(LETTERHEAD_KEYS)}"]
    for key, limit in LETTERHEAD_LENGTHS.items():
        if not isinstance(letterhead[key], str) or len(letterhead[key]) > limit:
            found.append(f"The letterhead's {key} must be text of {limit} characters or fewer")
    lines = letterhead["address_lines"]
    if (not isinstance(lines, list) or len(lines) > MAX_ADDRESS_LINES
            or any(not isinstance(line, str) or len(line) > MAX_LETTERHEAD_LINE for line in lines)):
        found.append(f"The letterhead's address must be {MAX_ADDRESS_LINES} lines or fewer, "
                     f"each of {MAX_LETTERHEAD_LINE} characters or fewer")
    if letterhead["logo"] not in LetterLogo.values:
        found.append("The letterhead's logo must be one of the logos the application has")
    return found


def change_template(*, template, changed_by, name, era, letterhead, paragraphs):
    """Save changed wording, name, era or letterhead as the next version of a template.

    1. Check the wording for every outcome of the set (panel.composition.wording_problems),
       the letterhead and the lengths; refuse, with the first problem, if any.
    2. Lock the outcome set, so that two changes cannot both become the next
       version, and refuse unless `template` is still the newest version.
    3. If nothing changed, save nothing and return `template`.
    4. Save the next version and write the audit event with each part that
       changed, its old and new value.
    Returns (the newest version, whether a new one was saved).
    """
    problems = [message for _key, message in wording_problems(paragraphs, outcomes_of(template.outcome_set))]
    problems += letterhead_problems(letterhead)
    if not name.strip() or len(name) > MAX_NAME_LENGTH or not era.strip() or len(era) > MAX_ERA_LENGTH:
        problems.append(f"A template needs a name of {MAX_NAME_LENGTH} characters or fewer and an era of "
                        f"{MAX_ERA_LENGTH} or fewer")
    if problems:
        raise LetterTemplateRefused(problems[0])
    with transaction.atomic():
        OutcomeSet.objects.select_for_update().get(pk=template.outcome_set_id)
        if not is_newest(template):
            raise LetterTemplateRefused(f"Someone saved a newer version of {template.name} while you were "
                                        "changing it: your changes have not been saved. Start again from the "
                                        "newest version")
        changes = _changes(template, {"name": name, "era": era, "letterhead": letterhead, "paragraphs": paragraphs})
        if not changes:
            return template, False
        new = LetterTemplate.objects.create(
            outcome_set_id=template.outcome_set_id, version=template.version + 1, name=name, era=era,
            letterhead=letterhead, paragraphs=paragraphs, created_by=changed_by,
        )
        record(changed_by, AuditAction.LETTER_TEMPLATE_CHANGED, new, outcome_set=template.outcome_set.code,
               from_version=template.version, to_version=new.version, changes=changes)
    return new, True


def _changes(template, fields):
    """{part: [old, new]} for each part that differs, parts named as in wording_problems ("closing.adequate")."""
    old, new = _flat(template.name, template.era, template.letterhead, template.paragraphs), _flat(**fields)
    return {key: [old.get(key), new.get(key)] for key in sorted(set(old) | set(new), key=_reading_order)
            if old.get(key) != new.get(key)}


def _flat(name, era, letterhead, paragraphs):
    flat = {"name": name, "era": era}
    flat.update((f"letterhead.{key}", value) for key, value in letterhead.items())
    for key, value in paragraphs.items():
        if isinstance(value, dict):
            flat.update((f"{key}.{code}", text) for code, text in value.items())
        else:
            flat[key] = value
    return flat


_ORDER = ["name", "era", *(f"letterhead.{key}" for key in LETTERHEAD_KEYS), "layout",
          *(part.key for part in PARTS), "issues_style"]


def _reading_order(key):
    head = key if key.startswith("letterhead.") else key.split(".")[0]
    return (_ORDER.index(head) if head in _ORDER else len(_ORDER), key)
