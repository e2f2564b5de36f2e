"""The sections of the Home Office's model overview report (Appendix 4 of the 2016 statutory guidance).

A section counts as present when a line of the overview report reads as its
heading: with or without its number ("4.", "Section 4:", "4.1"), in any case,
in any of the wordings reports use for it. Each missing section is a finding.
"""

import re

from submissions.enums import DocumentKind
from submissions.prescreen.findings import Check

# (name, the heading's wordings as patterns, why it matters). The patterns match a whole heading line.
MODEL_SECTIONS = [
    ("Introduction", [r"introduction.{0,40}", r"preface"],
     "it says whose death the review is about and why it was held."),
    ("Timescales", [r"timescales?.{0,40}", r"time ?scales? (?:of|for) the review", r"timeline of the review"],
     "it says when the review began and ended, and why any delay happened."),
    ("Confidentiality", [r"confidentiality.{0,40}", r"anonymi[sz]ation"],
     "it explains the pseudonyms and who may see the report."),
    ("Terms of reference", [r"(?:the )?terms of reference.{0,40}", r"scope(?: of the review)?"],
     "it sets out what the review was asked to look at."),
    ("Methodology", [r"methodology.{0,40}", r"methods?(?: of the review)?", r"(?:the )?review process"],
     "it says how the review gathered and weighed its information."),
    ("Involvement of family and friends",
     [r"(?:the )?involvement of (?:the )?famil(?:y|ies).{0,50}",
      r"famil(?:y|ies)(?:,)? (?:and|friends).{0,40}involvement.{0,50}",
      r"(?:the )?voice of the (?:famil(?:y|ies)|victim).{0,50}", r"famil(?:y|ies) involvement.{0,50}",
      r"(?:contributions?|engagement|input) (?:of|from|with) (?:the )?famil(?:y|ies).{0,50}",
      r"famil(?:y|ies)(?:,)? friends.{0,50}"],
     "the Panel looks for the family's voice and a sense of who the victim was."),
    ("Contributors to the review", [r"contributors.{0,40}", r"(?:agency )?contributions to the review",
                                    r"agencies (?:involved|contributing).{0,50}"],
     "it lists the agencies that provided information."),
    ("The review panel members",
     [r"(?:the )?(?:review )?panel(?: members(?:hip)?)?", r"membership of the (?:review )?panel"],
     "it shows who sat on the panel and that they were independent of the case."),
    ("Chair and author of the overview report",
     [r"(?:the )?(?:independent )?(?:chair|author)s?(?: (?:and|&) (?:author|chair))?"
      r"(?: of the (?:review|overview report))?",
      r"(?:statement of )?independence.{0,30}"],
     "it shows the chair's and author's independence."),
    ("Parallel reviews", [r"parallel (?:reviews|processes|proceedings).{0,50}", r"other reviews.{0,50}"],
     "it says which other reviews, inquests or prosecutions ran alongside."),
    ("Equality and diversity",
     [r"equality(?:,)? (?:and|&) diversity.{0,50}", r"equalit(?:y|ies).{0,50}", r"diversity.{0,50}",
      r"protected characteristics.{0,50}"],
     "the Panel asks how the nine protected characteristics were considered."),
    ("Dissemination", [r"dissemination.{0,50}", r"distribution(?: list)?"],
     "it says who will receive the report and its learning."),
    ("Background information", [r"background(?: information)?(?: \(the facts\))?.{0,50}", r"the facts",
                                r"summary of (?:the )?(?:facts|events)"],
     "it sets out the facts of the case."),
    ("Chronology", [r"chronology.{0,50}", r"(?:combined|integrated|agency) chronology.{0,50}"],
     "it gives the sequence of agencies' contact."),
    ("Overview", [r"overview", r"overview of (?:the )?(?:agency )?(?:involvement|contact|information).{0,50}",
                  r"summary of agency (?:involvement|contact)"],
     "it summarises what agencies knew and did."),
    ("Analysis", [r"analysis.{0,50}", r"(?:key )?(?:issues|themes) (?:arising|identified).{0,50}"],
     "it weighs what happened against good practice."),
    ("Conclusions", [r"conclusions?.{0,50}"], "it draws together what the review found."),
    ("Lessons to be learnt", [r"lessons (?:to be )?(?:learnt|learned|identified).{0,50}", r"learning.{0,50}",
                              r"key learning.{0,50}"],
     "it states what the agencies and the partnership should learn."),
    ("Recommendations", [r"recommendations.{0,50}"], "it lists what should change, as the action plan carries it."),
]
# A heading's number, as reports write it: "4", "4.", "4.1", "4.0.1", "Section 4:", "Part 2 -", "A.",
# "PART ONE:", "Section IV –", "Chapter 5:". The separator may stand apart ("Section 1 – Introduction").
WORD_NUMBERS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|thirty")
NUMBER = (r"(?:(?i:section|part|chapter)[ \t]+)?"
          r"(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z]|[IVX]{1,5}|(?i:(?:twenty|thirty)[ \t-]?)?(?i:" + WORD_NUMBERS + r"))"
          r"(?:[ \t]*[.):\-–—][ \t]*|[ \t]+)")
HEADING = re.compile(
    r"^[ \t]*(?:" + NUMBER + r")?(?P<title>[A-Za-z][^\n]{0,90}?)[ \t]*[:.]?[ \t]*$", re.MULTILINE)
SECTION_PATTERNS = [
    (name, re.compile("^(?:" + "|".join(patterns) + ")$", re.IGNORECASE), why) for name, patterns, why in MODEL_SECTIONS
]
# A heading's vocabulary: a line that reads as a heading (see _heading_like) and holds one of a section's key
# words names that section, whatever else it says ("The Involvement of Family, Friends, Work Colleagues,
# Neighbours and the Wider Community"; "Chair of the Review and Author of the Overview Report").
SECTION_VOCABULARY = {
    "Introduction": r"\bintroduction\b|\bpreface\b",
    "Timescales": r"\btime ?scales?\b|\btimeline of the review\b",
    "Confidentiality": r"\bconfidentiality\b|\banonymi[sz]ation\b",
    "Terms of reference": r"\bterms of reference\b",
    "Methodology": r"\bmethodology\b|\breview process\b|\bmethods?\b",
    "Involvement of family and friends":
        r"\bfamil(?:y|ies)\b.{0,40}\b(?:friends|involvement|voice|contributions?|engagement|neighbours)\b|"
        r"\b(?:involvement|voice|contributions?|engagement|views) of\b.{0,20}\bfamil(?:y|ies)\b",
    "Contributors to the review": r"\bcontributors\b|\bagencies (?:involved|contributing)\b",
    "The review panel members": r"\bpanel\b",
    "Chair and author of the overview report": r"\b(?:chair|author)s?\b|\bindependence\b",
    "Parallel reviews": r"\bparallel\b|\bother reviews\b",
    "Equality and diversity": r"\bequalit(?:y|ies)\b|\bdiversity\b|\bprotected characteristics\b",
    "Dissemination": r"\bdissemination\b|\bdistribution\b",
    "Background information": r"\bbackground\b|\bthe facts\b",
    "Chronology": r"\bchronology\b",
    "Overview": r"\boverview\b(?! report)",
    "Analysis": r"\banalysis\b",
    "Conclusions": r"\bconclusions?\b",
    "Lessons to be learnt": r"\blessons\b|\blearning\b",
    "Recommendations": r"\brecommendations\b",
}
VOCABULARY_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in SECTION_VOCABULARY.items()}
SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


def _heading_like(title):
    """A title written as a heading, not a sentence: at most 14 words, no sentence's full stop, and every
    word but the small ones capitalised ("Involvement of Family and Friends", "PARALLEL REVIEWS")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", title)
    if not words or len(words) > 14 or re.search(r"[.;?!]", title.rstrip(".")):
        return False
    return all(word[0].isupper() or word.lower() in SMALL_WORDS for word in words)


def headings(text):
    """Every line short enough to be a heading, as its title without number or trailing colon."""
    return [" ".join(match.group("title").replace("&", "and").split()) for match in HEADING.finditer(text)]


def missing_sections(text):
    """The names of the model sections no heading of the text matches, in the model's order."""
    titles = headings(text)
    heading_titles = [title for title in titles if _heading_like(title)]
    return [name for name, pattern, _ in SECTION_PATTERNS
            if not any(pattern.match(title) for title in titles)
            and not any(VOCABULARY_PATTERNS[name].search(title) for title in heading_titles)]


def section_findings(sources):
    """A finding for each model section missing from the overview report (none without one)."""
    findings = []
    for source in sources:
        if source.kind != DocumentKind.OVERVIEW_REPORT:
            continue
        missing = set(missing_sections(source.text))
        for name, _, why in SECTION_PATTERNS:
            if name in missing:
                message = (f"The model overview report has a section “{name}”, and this report has no heading "
                           f"for it: {why} Add the section, under a heading that names it.")
                findings.append(_document_finding(source, message, name))
    return findings


def _document_finding(source, message, rule):
    from submissions.prescreen.findings import Finding

    return Finding(check=Check.SECTIONS, document_kind=source.kind, document_name=source.name, page=None,
                   paragraph="", quote="", message=message, rule=rule)
