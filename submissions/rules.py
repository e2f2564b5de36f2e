"""Who may do what with reviews, submissions and documents."""

import rules

from dhrqa.rules import is_csp_officer, is_home_office


@rules.predicate
def is_officer_of_csp(user, review):
    return review is not None and user.csp_id == review.csp_id


@rules.predicate
def is_officer_of_document_csp(user, document):
    return document is not None and user.csp_id == document.submission.review.csp_id


can_view_review = is_home_office | (is_csp_officer & is_officer_of_csp)

rules.add_perm("submissions.register_review", is_csp_officer)
rules.add_perm("submissions.view_review", can_view_review)
rules.add_perm("submissions.list_submissions", is_home_office)
rules.add_perm("submissions.download_document", is_home_office | (is_csp_officer & is_officer_of_document_csp))
