"""Who may do what with reviews, versions and documents.

The secretariat and the review's own CSP. Panel members read the papers of
the meetings they sit on through the panel's pages (panel/rules.py).
"""

import rules

from dhrqa.rules import is_csp_officer, is_secretariat
from submissions.enums import SubmissionStatus


@rules.predicate
def is_officer_of_csp(user, review):
    return review is not None and user.csp_id == review.csp_id


@rules.predicate
def is_officer_of_submission_csp(user, submission):
    return submission is not None and user.csp_id == submission.review.csp_id


@rules.predicate
def is_officer_of_document_csp(user, document):
    return document is not None and user.csp_id == document.submission.review.csp_id


@rules.predicate
def document_was_sent(user, document):
    return document is not None and document.submission.status != SubmissionStatus.DRAFT


can_view_review = is_secretariat | (is_csp_officer & is_officer_of_csp)
is_own_csp_officer = is_csp_officer & is_officer_of_submission_csp

rules.add_perm("submissions.register_review", is_csp_officer)
rules.add_perm("submissions.view_review", can_view_review)
rules.add_perm("submissions.start_version", is_csp_officer & is_officer_of_csp)
rules.add_perm("submissions.prepare_submission", is_own_csp_officer)
rules.add_perm("submissions.withdraw_submission", is_own_csp_officer)
rules.add_perm("submissions.check_intake", is_secretariat)
rules.add_perm("submissions.list_submissions", is_secretariat)
rules.add_perm("submissions.export_submissions", is_secretariat)
rules.add_perm(
    "submissions.download_document",
    (is_secretariat & document_was_sent) | (is_csp_officer & is_officer_of_document_csp),
)
rules.add_perm("submissions.consider_prescreen_finding", is_own_csp_officer)
rules.add_perm("submissions.manage_lexicon", is_secretariat)
