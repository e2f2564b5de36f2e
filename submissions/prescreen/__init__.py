"""The pre-screen: checks a careful reader makes on a report's text before the Panel sees it.

Pure functions on text (no models, no database), so the application, the
`prescreen` command and the benchmark all run the same checks:
`run_checks(sources, lexicon=..., pseudonyms=..., action_plan=...)` returns
the findings, in the order of the documents and then of the passages.
"""

from collections import Counter

from submissions.prescreen.findings import (
    CHECK_LABELS, MAX_LISTED, Check, Finding, Source, more_like_these, unreadable_finding,
)
from submissions.prescreen.identifiers import identifier_findings
from submissions.prescreen.language import LexiconPhrase, language_findings
from submissions.prescreen.recommendations import recommendation_findings
from submissions.prescreen.sections import section_findings

__all__ = ["CHECK_LABELS", "MAX_LISTED", "Check", "Finding", "LexiconPhrase", "Source", "run_checks"]


def run_checks(sources, *, lexicon, pseudonyms=(), action_plan=None, unreadable=(), perpetrators=()):
    """Every finding of the four checks on `sources` (Source), in a stable order.

    `lexicon` is a list of LexiconPhrase; `pseudonyms` the names of the
    review's pseudonym key, which are never identifiers; `action_plan` the
    recommendation numbers of the action plan's rows, or None to read them
    from an action plan among the sources; `unreadable` the (kind, name) of
    documents whose text could not be read, a finding each, first; `perpetrators` the perpetrators'
    pseudonyms, of whom "failed to engage" or "chose to return" is not victim-blaming. A check
    lists at most MAX_LISTED findings in a document, then one for the rest.
    """
    findings = [unreadable_finding(kind, name) for kind, name in unreadable]
    for source in sources:
        findings += language_findings(source, lexicon, perpetrators)
        findings += identifier_findings(source, pseudonyms)
    findings += section_findings(sources)
    findings += recommendation_findings(sources, action_plan)
    return _capped(findings)


def _capped(findings):
    # A hostile document (thousands of phone numbers) must not become thousands of rows and cards.
    def group(finding):
        return finding.check, finding.document_kind, finding.document_name

    totals = Counter(group(finding) for finding in findings)
    listed, seen = [], Counter()
    for finding in findings:
        seen[group(finding)] += 1
        if seen[group(finding)] <= MAX_LISTED:
            listed.append(finding)
        elif seen[group(finding)] == MAX_LISTED + 1:
            listed.append(more_like_these(finding, totals[group(finding)] - MAX_LISTED))
    return listed
