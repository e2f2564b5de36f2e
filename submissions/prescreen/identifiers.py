"""Identifiers that should not be in a report: anything that names a person beyond the pseudonym key.

Each pattern is narrow on purpose, then checked: an NHS number must pass its
modulus 11 check digit, a National Insurance number its prefix rules, a phone
number the UK numbering plan. Paragraph numbers, years, meeting dates, sums of
money and references to legislation are left alone: dates only count near
"born", "DOB" or "date of birth", and names only as two or more capitalised
words there.
"""

import re

from submissions.prescreen.findings import Check

MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec")
MONTH = "(?:" + "|".join(MONTHS.split()) + r")\.?"
DATE = re.compile(
    r"(?<![\w/.])(?:"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + MONTH + r",?\s+\d{4}"
    r"|" + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r")(?![\w/])",
    re.IGNORECASE,
)
BIRTH_CUE = re.compile(r"\b(?:born|d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date)", re.IGNORECASE)
# How far from its cue a date of birth or a name may be, within the sentence.
CUE_REACH = 70

POSTCODE = re.compile(
    r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w])"
)
NHS_NUMBER = re.compile(r"(?<![\w.,£$/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[.,/-]\d)")
NI_NUMBER = re.compile(
    r"(?<![\w])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"(\s?)\d{2}\1\d{2}\1\d{2}\1[A-D](?![\w])"
)
PHONE = re.compile(r"(?<![\w£$.,/])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s\-()]{7,14}\d(?![\w]|[.,/]\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z\d-]+(?:\.[A-Za-z\d-]+)*\.[A-Za-z]{2,}(?![\w-])")
# A service's own mailbox ("DHREnquiries@homeoffice.gov.uk", "safeguarding@kent.police.uk") names no one.
ROLE_MAILBOX = re.compile(
    r"^[a-z]*(?:enquir|inquir|info|contact|admin|help|dhr|safeguard|team|office|service|referral|mash|marac|"
    r"reception|general|duty)[a-z]*@", re.IGNORECASE)

NAME = re.compile(
    r"(?<![\w’'])(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z’'\-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'\-]+){1,3}")
# Capitalised words that are not a person's name: any of them in a run of words makes it something else.
NOT_NAMES = frozenset((
    MONTHS + " monday tuesday wednesday thursday friday saturday sunday "
    "born date birth dob the a an in on at of and to this that he she they his her their it was were is "
    "when after before during following later then while where following mr mrs ms miss dr "
    "police constabulary council hospital trust nhs service services school college university court "
    "street road avenue lane close drive house centre center ward unit team panel review report home office "
    "county borough city district partnership safeguarding department ministry probation prison "
    "surgery practice clinic group limited ltd church mosque refuge housing association authority "
    "victim perpetrator adult child mother father son daughter brother sister partner husband wife "
    "north south east west united kingdom england wales scotland ireland britain british english"
).split())
MESSAGES = {
    "date_of_birth": "A date of birth identifies a person. Remove it, or give an age or age band instead.",
    "name": "A full name next to a birth detail may be a real name. Use the pseudonym from the pseudonym key, "
            "or a role (“her brother”), instead.",
    "postcode": "A postcode can identify where someone lived. Remove it, or name only the area (“a town in Kent”).",
    "nhs_number": "An NHS number identifies a person. Remove it.",
    "ni_number": "A National Insurance number identifies a person. Remove it.",
    "phone": "A phone number can identify a person. Remove it.",
    "email": "An e-mail address can identify a person. Remove it, or name the role or service instead.",
}


def nhs_check_digit_ok(digits):
    """The NHS number's modulus 11 check: weights 10 down to 2, and 11 minus the remainder."""
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def phone_ok(text):
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    # A person's number is a landline (01, 02) or a mobile (07): 0 and 10 more digits (a few 01 have 9).
    # 03 and 08 numbers are organisations' (helplines, councils), which reports rightly give.
    return digits[:2] in {"01", "02", "07"} and len(digits) in (10, 11)


def identifier_findings(source, pseudonyms):
    """A finding for each identifier in the source's text that is not one of the pseudonyms."""
    text = source.text
    spans = []
    for match in POSTCODE.finditer(text):
        spans.append((match.start(), match.end(), "postcode"))
    for match in NHS_NUMBER.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if digits[0] != "0" and nhs_check_digit_ok(digits):
            spans.append((match.start(), match.end(), "nhs_number"))
    for match in NI_NUMBER.finditer(text):
        spans.append((match.start(), match.end(), "ni_number"))
    for match in PHONE.finditer(text):
        if phone_ok(match.group()):
            spans.append((match.start(), match.end(), "phone"))
    for match in EMAIL.finditer(text):
        if not ROLE_MAILBOX.match(match.group()):
            spans.append((match.start(), match.end(), "email"))
    # "Adult B" as a whole, and each word of it: a name made only of the key's words is the key's.
    key = {name.lower() for name in pseudonyms} | {word.lower() for name in pseudonyms for word in name.split()}
    spans += _birth_details(text, key)
    findings, covered_to = [], -1
    for start, end, rule in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < covered_to:
            continue
        covered_to = end
        findings.append(source.finding(Check.IDENTIFIERS, start, end, MESSAGES[rule], rule=rule))
    return findings


def _sentence_window(text, cue):
    start = max(0, cue.start() - CUE_REACH)
    end = min(len(text), cue.end() + CUE_REACH)
    before = text[start:cue.start()]
    for stop in (". ", "\n\n", "; ", "\t"):
        if stop in before:
            start = max(start, cue.start() - len(before) + before.rfind(stop) + len(stop))
    after = text[cue.end():end]
    for stop in (". ", "\n\n", "; ", "\t"):
        if stop in after:
            end = min(end, cue.end() + after.find(stop))
    return start, end


def _birth_details(text, pseudonyms):
    spans = []
    for cue in BIRTH_CUE.finditer(text):
        start, end = _sentence_window(text, cue)
        for date in DATE.finditer(text, cue.end(), end):
            spans.append((date.start(), date.end(), "date_of_birth"))
        for name in NAME.finditer(text, start, end):
            words = re.findall(r"[A-Za-z’'\-]+", name.group())
            words = [word for word in words if word.lower() not in {"mr", "mrs", "ms", "miss", "dr"}]
            if len(words) < 2 or any(word.lower() in NOT_NAMES for word in words):
                continue
            if all(word.lower() in pseudonyms for word in words) or name.group().lower() in pseudonyms:
                continue
            spans.append((name.start(), name.end(), "name"))
    return spans
