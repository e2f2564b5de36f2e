"""The pre-screen: checks a careful reader makes on a report's text before the Panel sees it.

Pure functions on text (no models, no database), so the application, the
`prescreen` command and the benchmark all run the same checks:
`run_checks(sources, lexicon=..., pseudonyms=..., action_plan=...)` returns
the findings, in the order of the documents and then of the passages.
"""

from submissions.prescreen.findings import CHECK_LABELS, Check, Finding, Source
from submissions.prescreen.identifiers import identifier_findings
from submissions.prescreen.language import LexiconPhrase, language_findings
from submissions.prescreen.recommendations import recommendation_findings
from submissions.prescreen.sections import section_findings

__all__ = ["CHECK_LABELS", "Check", "Finding", "LexiconPhrase", "Source", "run_checks"]


def run_checks(sources, *, lexicon, pseudonyms=(), action_plan=None):
    """Every finding of the four checks on `sources` (Source), in a stable order.

    `lexicon` is a list of LexiconPhrase; `pseudonyms` the names of the
    review's pseudonym key, which are never identifiers; `action_plan` the
    recommendation numbers of the action plan's rows, or None to read them
    from an action plan among the sources.
    """
    findings = []
    for source in sources:
        findings += language_findings(source, lexicon)
        findings += identifier_findings(source, pseudonyms)
    findings += section_findings(sources)
    findings += recommendation_findings(sources, action_plan)
    return findings
