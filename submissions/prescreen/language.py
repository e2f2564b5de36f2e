"""Language that blames the victim or excuses the perpetrator, from a lexicon the secretariat edits.

Each phrase matches as whole words, whatever the case, across line breaks,
extra spaces and hyphens; "..." in a phrase stands for up to three words
("volatile ... relationship" finds "a volatile, on-off relationship"), at
most MAX_GAPS times in a phrase; an entry that allows inflections also finds
"fails", "failing" and "failed" for "fail".
"""

import functools
import re
from dataclasses import dataclass

from submissions.prescreen.findings import Check

GAP = "..."
# Each gap multiplies the ways a passage can match by four (none to three words): eight gaps on "she she
# she ..." took minutes. Two keep it at sixteen. The possessive words and spaces never give back part of a
# word or of a run of spaces, which nothing after them could match anyway.
MAX_GAPS = 2
TOO_MANY_GAPS = f"Use ... at most {MAX_GAPS} times in a phrase"
GAP_PATTERN = r"[,;]?(?:[\s\-]++[\w'’]++[,;]?){0,3}?[\s\-]+"
SEPARATOR = r"[\s\-‐–]+"
# Words that are never inflected: "to" stays "to".
FIXED_WORDS = frozenset({"a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "by", "for", "with", "not",
                         "as", "her", "his", "him", "she", "he", "they", "them", "their", "was", "were", "why"})
IRREGULAR = {
    "chose": ("choose", "chooses", "chose", "chosen", "choosing"),
    "choose": ("choose", "chooses", "chose", "chosen", "choosing"),
    "did": ("do", "does", "did", "doing"),
    "does": ("do", "does", "did", "doing"),
    "do": ("do", "does", "did", "doing"),
    "made": ("make", "makes", "made", "making"),
    "make": ("make", "makes", "made", "making"),
    "lost": ("lose", "loses", "lost", "losing"),
    "lose": ("lose", "loses", "lost", "losing"),
    "left": ("leave", "leaves", "left", "leaving"),
    "leave": ("leave", "leaves", "left", "leaving"),
}


# A phrase of the form "<verb> to <verb>" ("failed to engage", "chose to return") blames the person it is said
# of; said of a service ("Services failed to engage with her", "the college's team failed to engage her
# mother") it is the criticism the review should make, so it is not reported. The subject is the word before
# the verb, past any adverbs and auxiliaries ("the police had repeatedly failed to engage").
VERB_TO_VERB = re.compile(r"^[\w'’]+\s+to\s+[\w'’]+", re.IGNORECASE)
AGENCY_WORDS = frozenset("""
    service services agency agencies police officer officers constabulary force professional professionals
    practitioner practitioners gp gps doctor doctors practice practices surgery nurse nurses midwife midwives
    health hospital hospitals trust trusts team teams college colleges school schools university council
    councils department departments staff worker workers caseworker caseworkers partnership partnerships
    provider providers organisation organisations organization organizations unit units board boards idva
    idvas marac probation housing landlord ambulance clinic clinics charity charities refuge refuges
    authority authorities system systems we panel
""".split())
SUBJECT_SKIP = frozenset("""
    had has have having was were been is are also then still often repeatedly consistently persistently
    again not never always simply both all ultimately initially subsequently later
""".split())
CLAUSE_START = re.compile(r"[.;:!?()\n\"“”]")


def _subject_is_an_agency(text, start, perpetrators=()):
    """Whether the word that governs a verb at `start` names a service, or the perpetrator (by pseudonym),
    rather than the victim: "Derek chose to return to the house" is about Derek's choice, not hers."""
    window = text[max(0, start - 80):start]
    boundary = None
    for boundary in CLAUSE_START.finditer(window):
        pass
    if boundary is not None:
        window = window[boundary.end():]
    words = re.findall(r"[A-Za-z][\w'’]*", window)
    while words and (words[-1].lower() in SUBJECT_SKIP or words[-1].lower().endswith("ly")):
        words.pop()
    if not words:
        return False
    head = re.sub(r"['’]s?$", "", words[-1].lower())
    if head in AGENCY_WORDS:
        return True
    said = [word.lower() for word in words]
    for name in perpetrators:
        name_words = re.findall(r"[a-z][\w'’]*", name.lower())
        if name_words and said[-len(name_words):] == name_words:
            return True
    return False


@dataclass(frozen=True)
class LexiconPhrase:
    """A lexicon entry as the check reads it."""

    phrase: str
    reason: str
    better: str
    inflect: bool = False


def word_forms(word):
    """The word and its simple inflections (over-generating is harmless: a non-word never matches)."""
    word = word.lower()
    if word in IRREGULAR:
        return set(IRREGULAR[word])
    bases = {word}
    for ending, replacement in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                                ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            bases.add(word[: -len(ending)] + replacement)
    for base in list(bases):
        if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
            bases.add(base[:-1])  # "snapp" -> "snap"
    forms = set()
    for base in bases:
        forms |= {base, base + "s", base + "es", base + "ed", base + "ing"}
        if base.endswith("e"):
            forms |= {base + "d", base[:-1] + "ing"}
        if base.endswith("y"):
            forms |= {base[:-1] + "ies", base[:-1] + "ied"}
        if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # "snap" -> "snapped"
    return forms


def _word_pattern(word, inflect):
    word = word.replace("’", "'")
    if inflect and word.lower() not in FIXED_WORDS and word.isalpha() and len(word) >= 3:
        return "(?:" + "|".join(re.escape(form) for form in sorted(word_forms(word), key=len, reverse=True)) + ")"
    return re.escape(word).replace("'", "['’]?")


def too_many_gaps(phrase):
    return phrase.count(GAP) > MAX_GAPS


@functools.lru_cache(maxsize=1024)
def phrase_pattern(phrase, inflect):
    """The compiled pattern of one lexicon phrase."""
    parts = []
    for chunk in phrase.strip().split(GAP):
        words = [w for w in re.split(r"[\s\-‐–]+", chunk.strip()) if w]
        if words:
            parts.append(SEPARATOR.join(_word_pattern(word, inflect) for word in words))
    return re.compile(r"(?<![\w'’])" + GAP_PATTERN.join(parts) + r"(?![\w'’])", re.IGNORECASE)


def language_findings(source, lexicon, perpetrators=()):
    """A finding for each use of a lexicon phrase in the source, where two overlap the longer one only.

    `perpetrators` are the perpetrators' pseudonyms: "<verb> to <verb>" phrases said of them are not reported."""
    matches = []
    for entry in lexicon:
        if too_many_gaps(entry.phrase):
            # Refused when saved since MAX_GAPS; an entry saved before would take minutes on a hostile text.
            continue
        said_of_someone = bool(VERB_TO_VERB.match(entry.phrase.strip()))
        for match in phrase_pattern(entry.phrase, entry.inflect).finditer(source.text):
            if said_of_someone and _subject_is_an_agency(source.text, match.start(), perpetrators):
                continue
            matches.append((match.start(), -match.end(), match.end(), entry))
    findings, covered_to = [], -1
    for start, _, end, entry in sorted(matches, key=lambda m: (m[0], m[1])):
        if start < covered_to:
            continue
        covered_to = end
        message = f"“{source.text[start:end]}”: {entry.reason} Instead: {entry.better}"
        findings.append(source.finding(Check.LANGUAGE, start, end, " ".join(message.split()), rule=entry.phrase))
    return findings
