"""The placeholder language of letter templates: ((name)), as in GOV.UK Notify.

A paragraph of a letter template is plain text in which ((area)) stands for
a value of the letter ("Kent"). The language is deliberately small: a fixed
set of names (PLACEHOLDERS), and nothing else. No filters, no attribute
access, no conditions, no loops, nothing executed.

- `problems` finds everything that looks like a placeholder but is not one
  of the names allowed where it stands: an unknown name, a misspelt one,
  brackets left open, or the Django `{{ area }}` the templates used before.
  The secretariat is told, by name, before anything is saved; a letter never
  carries a stray bracket or a gap.
- `fill` puts the values in, in one pass. A value is inserted as it is: text
  in a value that looks like a placeholder ("((area))", "{{ area }}") is
  never read again.

Three more names are blocks, not words: ((commendation)), ((issues)) and
((national_responses)). A template's layout places them between its
paragraphs (panel.composition.LAYOUT); written inside a paragraph they are
reported too.
"""

import difflib
import re

# Inline placeholders: each becomes a few words of the letter. Examples are from the Kent letter of 2014.
PLACEHOLDERS = {
    "area": ("The CSP's area, as letters name it", "Kent"),
    "csp_contact": ("The name of the CSP's contact, as the letter is addressed to them",
                    "Councillor Michael Hill OBE"),
    "csp_contact_salutation": ("The CSP's contact as the letter greets them", "Mr Hill"),
    "meeting_month": ("The month of the Panel's meeting, with its year if the letter is dated in another year",
                      "January"),
    "meeting_date": ("The date of the Panel's meeting", "22 January 2014"),
    "outcome": ("The verdict, as its outcome set names it", "Adequate"),
    "national_actions": ("The action plan's national recommendations the Panel answers", "Actions three to eight"),
    "chair": ("The name of the meeting's chair, who signs the letter", "Christian Papaleontiou"),
    "reference": ("The review's reference", "KENT-2014-01"),
    "victim": ("The victim's pseudonym", "Elizabeth"),
}

# Block placeholders: placed by the layout, between paragraphs, never inside one.
BLOCKS = {
    "commendation": "The chair's commendation, the report's strengths: one paragraph for each the chair wrote",
    "issues": "The issues, with the heading and the paragraph introducing them; left out when there are none",
    "national_responses": "The Panel's answers to national recommendations, after the paragraph introducing "
                          "them; left out when there are none",
}

PLACEHOLDER = re.compile(r"\(\(([^()]*)\)\)")
_OPEN, _CLOSE = "((", "))"
_DJANGO = re.compile(r"\{\{(.{0,40}?)\}\}|\{%.{0,40}?%\}|\{\{|\{%")
_FRAGMENT = 30


def problems(text, *, unavailable=None):
    """What is wrong with the placeholders in `text`, each as the end of a sentence, or [].

    Each completes "<The paragraph> ...", e.g. "has ((areaa)), which is not a
    placeholder: did you mean ((area))?". `unavailable` maps names that may
    not be used in this paragraph to where they may be ("only in ...").
    """
    unavailable = unavailable or {}
    found = []
    for match in PLACEHOLDER.finditer(text):
        found.append(_name_problem(match.group(0), match.group(1), unavailable))
    # Double brackets that are not part of a placeholder are one half written, or a typing slip.
    taken = {index for match in PLACEHOLDER.finditer(text) for index in range(*match.span())}
    unclosed = _outside(text, _OPEN, taken)
    if unclosed is not None:
        fragment = text[unclosed:unclosed + _FRAGMENT]
        fragment = (_OPEN + fragment[2:].split(_OPEN)[0]).rstrip()
        found.append(f'has "{fragment}" with no closing brackets: write placeholders as ((area))')
    unopened = _outside(text, _CLOSE, taken)
    if unopened is not None:
        fragment = text[max(0, unopened + 2 - _FRAGMENT):unopened + 2].split(_OPEN)[-1].lstrip()
        found.append(f'has "{fragment}" with no opening brackets: write placeholders as ((area))')
    for match in _DJANGO.finditer(text):
        name = _normalised(match.group(1) or "")
        example = f"(({name}))" if name in PLACEHOLDERS else "((area))"
        found.append(f'has "{match.group(0)}": write placeholders with double round brackets, as {example}')
    return [problem for problem in found if problem]


def _name_problem(written, name, unavailable):
    if name in PLACEHOLDERS:
        if name in unavailable:
            return f"has {written}, which can be used {unavailable[name]}"
        return None
    if name in BLOCKS:
        return f"has {written}, which the layout places between paragraphs: it cannot go inside one"
    if not name.strip():
        return f"has {written} with no placeholder name between the brackets"
    normalised = _normalised(name)
    shown = written if len(name) <= _FRAGMENT else f"(({name[:_FRAGMENT]}…))"
    if normalised in PLACEHOLDERS or normalised in BLOCKS:
        return f"has {shown}: write it as (({normalised})), in lower case with no spaces"
    close = difflib.get_close_matches(normalised, PLACEHOLDERS, n=1, cutoff=0.75)
    if close:
        return f"has {shown}, which is not a placeholder: did you mean (({close[0]}))?"
    return f"has {shown}, which is not a placeholder: use one from the list of placeholders"


def _outside(text, pair, taken):
    """Where `pair` first stands in `text` outside every placeholder, or None."""
    index = text.find(pair)
    while index != -1:
        if index not in taken and index + 1 not in taken:
            return index
        index = text.find(pair, index + 1)
    return None


def _normalised(name):
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def fill(text, values):
    """`text` with each ((name)) replaced by `values[name]()`, in one pass.

    Call it only on text `problems` passed: every name in it must be in
    `values`. The values are called only for the names the text uses.
    """
    return PLACEHOLDER.sub(lambda match: values[match.group(1)](), text)
