"""What a check finds, and where: the page, the report's own paragraph number, and the passage."""

import bisect
import re
from dataclasses import dataclass, field

from django.db import models

from submissions.enums import DocumentKind


class Check(models.TextChoices):
    UNREADABLE = "unreadable", "Documents the checks could not read"
    LANGUAGE = "language", "Language"
    IDENTIFIERS = "identifiers", "Identifiers outside the pseudonym key"
    SECTIONS = "sections", "Model sections"
    RECOMMENDATIONS = "recommendations", "Recommendations and the action plan"


CHECK_LABELS = dict(Check.choices)

# The report's own paragraph numbers, at the start of a line: "5.12", "3.4.1", "12.1." (not "12.03.1985").
PARAGRAPH_NUMBER = re.compile(r"^[ \t]*(\d{1,2}(?:\.\d{1,3}){1,2})\.?(?=[ \t]+\S)", re.MULTILINE)
# A report numbers its paragraphs if this many lines start with a number.
NUMBERED_PARAGRAPHS = 3
QUOTE_REACH = 160
# Findings listed for one check in one document; the rest are counted in one finding ("And 1,234 more").
MAX_LISTED = 200
# Where a sentence ends: a full stop and a space, a blank line, a table cell, or a new numbered paragraph.
SENTENCE_END = re.compile(r"[.!?](?=\s)\s*|\n[ \t]*\n|\t|\n(?=[ \t]*\d{1,2}(?:\.\d{1,3})+\.?\s)")


@dataclass(frozen=True)
class Source:
    """One document's text: its kind (a DocumentKind value), its name, and where its pages start."""

    kind: str
    name: str
    text: str
    page_starts: tuple = ()
    _numbers: tuple = field(default=None, compare=False, repr=False)

    @property
    def kind_label(self):
        return DocumentKind(self.kind).label if self.kind in DocumentKind.values else self.kind

    def page_at(self, offset):
        if not self.page_starts:
            return None
        return max(bisect.bisect_right(self.page_starts, offset), 1)

    def paragraph_at(self, offset):
        starts, numbers = self._paragraph_numbers()
        if len(numbers) < NUMBERED_PARAGRAPHS:
            return ""
        index = bisect.bisect_right(starts, offset) - 1
        return numbers[index] if index >= 0 else ""

    def _paragraph_numbers(self):
        # Once a source: a hostile text has tens of thousands of numbered lines and as many findings.
        if self._numbers is None:
            matches = list(PARAGRAPH_NUMBER.finditer(self.text))
            numbers = ([match.start() for match in matches], [match.group(1) for match in matches])
            object.__setattr__(self, "_numbers", numbers)
        return self._numbers

    def quote(self, start, end):
        """The sentence around text[start:end], trimmed to a readable window, on one line."""
        window_start = max(0, start - QUOTE_REACH)
        before = self.text[window_start:start]
        cuts = [match.end() for match in SENTENCE_END.finditer(before)]
        if cuts:
            before = before[cuts[-1]:]
        elif window_start > 0:
            before = "…" + before
        after = self.text[end:end + QUOTE_REACH]
        stop = SENTENCE_END.search(after)
        if stop:
            after = after[:stop.start() + 1]
        elif end + QUOTE_REACH < len(self.text):
            after += "…"
        return " ".join((before + self.text[start:end] + after).split())

    def finding(self, check, start, end, message, rule=""):
        return Finding(
            check=check, document_kind=self.kind, document_name=self.name, page=self.page_at(start),
            paragraph=self.paragraph_at(start), quote=self.quote(start, end), message=message, rule=rule,
            offset=start,
        )


@dataclass(frozen=True)
class Finding:
    """One thing a check found: the passage, where it is, why it matters and what to do instead."""

    check: str
    document_kind: str
    document_name: str
    page: int | None
    paragraph: str
    quote: str
    message: str
    # What matched: a lexicon phrase, the kind of identifier, a section, a recommendation number.
    rule: str = ""
    # Where the passage starts in the document's text (None for what is missing from it).
    offset: int | None = field(default=None, compare=False)

    def as_json(self):
        kind = DocumentKind(self.document_kind).label if self.document_kind in DocumentKind.values else ""
        return {
            "check": self.check,
            "document": {"kind": self.document_kind, "kind_label": kind, "name": self.document_name},
            "page": self.page,
            "paragraph": self.paragraph or None,
            "quote": self.quote,
            "message": self.message,
        }


def unreadable_finding(kind, name):
    """What stands for every check of a document whose text could not be read (a scanned PDF has none)."""
    return Finding(
        check=Check.UNREADABLE, document_kind=kind, document_name=name, page=None, paragraph="", quote="",
        rule="unreadable",
        message=f"The pre-screen could not read {name}: check it by hand. The checks read a document's text, "
                "and a scanned document has none, so none of them looked at this one.",
    )


def more_like_these(finding, count):
    """One finding for the `count` others of a check in a document, after the first MAX_LISTED of them."""
    return Finding(
        check=finding.check, document_kind=finding.document_kind, document_name=finding.document_name, page=None,
        paragraph="", quote="", rule="more",
        message=f"And {count:,} more like these in this document: the pre-screen lists the first {MAX_LISTED} "
                "of each check. Look for the same kind of passage through the rest of it.",
    )
