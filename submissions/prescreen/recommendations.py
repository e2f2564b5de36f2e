"""Recommendations: the report's, the action plan's and the executive summary's must be the same ones.

A report names its recommendations as "Recommendation 3", "Recommendations 2
and 4", "Recommendations 1 to 3" or "R3", or lists them as numbered lines
under its "Recommendations" heading. Numbers are compared as written, without
prefixes: "R3", "Rec 3" and "3." are all "3".
"""

import re

from submissions.enums import DocumentKind
from submissions.prescreen.findings import Check, Finding

NUMBER = r"\d{1,2}(?:\.\d{1,2})?[a-z]?"
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
WORD_VALUES = {word: str(value) for value, word in enumerate(WORDS, 1)}
WORD_NUMBER = r"(?:" + "|".join(WORDS) + r")\b"
ANY_NUMBER = r"(?:" + NUMBER + "|" + WORD_NUMBER + ")"
# "Recommendation 3", "Recommendations 2 and 4", "Recommendation One", "four recommendations (1 to 4)",
# "three recommendations, One to Three", "recommendations: 1.1 and 1.2".
MENTION = re.compile(
    r"\b(?:Recommendations?|Recs?\.?)(?P<sep>[ \t\xa0]*[(:,][ \t\xa0]*|[ \t\xa0]+)(?:No\.?[ \t]*|number[ \t]+)?"
    r"(?P<first>" + ANY_NUMBER + r")"
    r"(?P<more>(?:[ \t]*(?:,|and|&|to|-|–)[ \t]*(?:" + ANY_NUMBER + r"))*)(?![\w.]\d)",
    re.IGNORECASE,
)
# In a sentence about the recommendations, the numbers it cites without the word: "care programme reviews (1)",
# "1.1 and 1.2 to the police, 2.1 to children's services". Not paragraph or page references.
RECOMMENDATIONS_WORD = re.compile(r"\brecommendations\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
CITED = re.compile(r"(?<![\w.])(?:\((?P<bracketed>\d{1,2}(?:\.\d{1,2})?)\)|(?P<dotted>\d{1,2}\.\d{1,2}))(?![\w.]?\d)")
REFERENCE_BEFORE = re.compile(r"(?:paragraphs?|paras?\.?|sections?|pages?|p\.|chapters?|parts?)[ \t]*$", re.IGNORECASE)
LABEL = re.compile(r"(?<![\w/])R(?P<first>" + NUMBER + r")(?![\w])")
RECOMMENDATIONS_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?:(?:single|multi)[- ]agency |national |local )?recommendations[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE)
LISTED = re.compile(r"^[ \t]*(?:R|Rec(?:ommendation)?\s*)?(?P<first>\d{1,2}(?:\.\d{1,2})?[a-z]?)[.):]?[ \t]+\S",
                    re.MULTILINE | re.IGNORECASE)
NEXT_HEADING = re.compile(r"^[ \t]*(?:\d{1,2}\.?[ \t]+)?(?:appendix|annex|glossary|references|bibliography)\b",
                          re.IGNORECASE | re.MULTILINE)
PLAN_ROW = re.compile(r"^\s*(?:R|Rec(?:ommendation)?\.?\s*)?(?P<number>\d{1,2}(?:\.\d{1,2})?[a-z]?)\.?(?:\t|\s|$)",
                      re.IGNORECASE)


def normalise(number):
    """ "R3", "Rec. 3", "3.", " 3 " and "Three" are all "3"."""
    number = re.sub(r"^(?:recommendation|rec\.?|r)\s*", "", str(number).strip(), flags=re.IGNORECASE)
    number = number.rstrip(".").lower()
    return WORD_VALUES.get(number, number)


def _expand(first, more, spelled_lower=True):
    """The numbers of "1 to 3, 5" or "One to Three". A spelled-out number in lower case ("recommendations, one
    of which") counts only straight after the word ("Recommendation one")."""
    if first.isalpha() and first.islower() and not spelled_lower:
        return []
    numbers = [normalise(first)]
    tokens = re.findall(r"(,|and|&|to|-|–)\s*(" + ANY_NUMBER + ")", more or "", re.IGNORECASE)
    for joiner, number in tokens:
        if number.isalpha() and number.islower():
            break
        number = normalise(number)
        previous = numbers[-1]
        if joiner.lower() in ("to", "-", "–") and previous.isdigit() and number.isdigit() \
                and 0 < int(number) - int(previous) <= 50:
            numbers += [str(n) for n in range(int(previous) + 1, int(number) + 1)]
        else:
            numbers.append(number)
    return numbers


def mentioned(text):
    """{number: offset of its first mention} of every recommendation the text names."""
    found = {}
    for match in MENTION.finditer(text):
        for number in _expand(match.group("first"), match.group("more"), not match.group("sep").strip()):
            found.setdefault(normalise(number), match.start())
    scanned_to = 0
    for match in RECOMMENDATIONS_WORD.finditer(text):
        if match.start() < scanned_to:
            continue  # in a sentence already read: each character is read once, whatever the text
        end_match = SENTENCE_END.search(text, match.end(), match.end() + 400)
        end = end_match.start() if end_match else min(len(text), match.end() + 400)
        scanned_to = end
        for cited in CITED.finditer(text, match.end(), end):
            if REFERENCE_BEFORE.search(text, max(0, cited.start() - 12), cited.start()):
                continue
            found.setdefault(normalise(cited.group("bracketed") or cited.group("dotted")), cited.start())
    for match in LABEL.finditer(text):
        found.setdefault(normalise(match.group("first")), match.start())
    headings = list(RECOMMENDATIONS_HEADING.finditer(text))
    if headings:
        heading = headings[-1]
        # The heading's own number ("17 Recommendations"): lines numbered 17.1, 17.2 are the report's paragraphs.
        section = re.match(r"[ \t]*(\d{1,2})", heading.group())
        paragraph_prefix = section.group(1) + "." if section else None
        end_match = NEXT_HEADING.search(text, heading.end())
        end = end_match.start() if end_match else len(text)
        for match in LISTED.finditer(text, heading.end(), end):
            number = normalise(match.group("first"))
            if paragraph_prefix and number.startswith(paragraph_prefix):
                continue
            # A numbered paragraph that introduces the recommendations ("33. The panel makes five
            # recommendations") or names its own ("17.1 Recommendation One:") is not recommendation 33 or 17.1.
            line_end = text.find("\n", match.start())
            line = text[match.start():line_end if line_end >= 0 else len(text)]
            if RECOMMENDATIONS_WORD.search(line) or MENTION.search(line):
                continue
            found.setdefault(number, match.start())
    return dict(sorted(found.items(), key=lambda item: item[1]))


def action_plan_numbers(text):
    """The recommendation numbers of an action plan read as text: the first cell of each row that is a number."""
    numbers = []
    for line in text.splitlines():
        match = PLAN_ROW.match(line)
        if match and normalise(match.group("number")) not in numbers:
            numbers.append(normalise(match.group("number")))
    return numbers


def recommendation_findings(sources, action_plan):
    """Findings where the report, the action plan and the executive summary disagree on the recommendations."""
    report = next((source for source in sources if source.kind == DocumentKind.OVERVIEW_REPORT), None)
    if report is None:
        return []
    in_report = mentioned(report.text)
    plan_source = next((source for source in sources if source.kind == DocumentKind.ACTION_PLAN), None)
    if action_plan is None and plan_source is not None:
        action_plan = action_plan_numbers(plan_source.text)
    findings = []
    if action_plan is not None:
        plan = [normalise(number) for number in action_plan]
        for number, offset in in_report.items():
            if number not in plan:
                findings.append(report.finding(
                    Check.RECOMMENDATIONS, offset, offset + len(number), rule=f"report:{number}",
                    message=f"Recommendation {number} is in the overview report but not in the action plan. "
                            "Add it to the action plan, or correct the number in the report."))
        for number in plan:
            if number not in in_report:
                findings.append(Finding(
                    check=Check.RECOMMENDATIONS, document_kind=DocumentKind.ACTION_PLAN,
                    document_name=plan_source.name if plan_source else "Action plan", page=None, paragraph="",
                    quote="", rule=f"plan:{number}",
                    message=f"Recommendation {number} is in the action plan but the overview report does not "
                            "name it. Number the recommendations in the report as the action plan does."))
    summary = next((source for source in sources if source.kind == DocumentKind.EXECUTIVE_SUMMARY), None)
    if summary is not None and in_report:
        in_summary = mentioned(summary.text)
        if not in_summary:
            # One finding, not one a recommendation: the summary may list them without their numbers.
            return findings + [Finding(
                check=Check.RECOMMENDATIONS, document_kind=summary.kind, document_name=summary.name, page=None,
                paragraph="", quote="", rule="summary-none",
                message=f"The executive summary names none of the overview report's {len(in_report)} "
                        "recommendations by number. List them with the report's numbers, so that readers can "
                        "follow each one to the action plan.")]
        for number, offset in in_summary.items():
            if number not in in_report:
                findings.append(summary.finding(
                    Check.RECOMMENDATIONS, offset, offset + len(number), rule=f"summary:{number}",
                    message=f"Recommendation {number} is in the executive summary but not in the overview report. "
                            "The executive summary's recommendations must be the report's."))
        for number, offset in in_report.items():
            if number not in in_summary:
                findings.append(report.finding(
                    Check.RECOMMENDATIONS, offset, offset + len(number), rule=f"missing-from-summary:{number}",
                    message=f"Recommendation {number} is in the overview report but not in the executive "
                            "summary. The executive summary should list every recommendation of the report."))
    return findings
