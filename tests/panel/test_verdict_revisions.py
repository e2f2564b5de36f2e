"""A verdict's save sent without the revision its form was filled in from: refused, nothing saved.

A crafted form, or a page from before the release that sent revisions, would otherwise overwrite
unseen whatever was saved meanwhile (tests/panel/test_verdict_views.py has the crossed saves).
"""

from dhrqa.enums import AuditAction
from panel.forms.revisions import OUT_OF_DATE
from panel.models import Verdict
from tests.dhrqa.govuk_page import error_summary
from tests.panel.scenario import audit_trail
from tests.panel.test_verdict_views import national, post, verdict_form, verdict_url  # noqa: F401 - fixtures


def test_verdict_change_sent_without_its_revision_is_refused_and_saves_nothing(client_for, chair, pending_verdict,
                                                                              verdict_url, national):
    # A crafted form, or a page from before the release that sent revisions.
    data = {}
    for name, value in verdict_form(national, commendation="Sent without a revision."):
        data.setdefault(name, []).append(value)
    before = (pending_verdict.commendation, pending_verdict.revision)

    response = client_for(chair).post(verdict_url, data)

    assert response.status_code == 200
    assert error_summary(response) == [("#id_outcome_1", OUT_OF_DATE)]
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == before
    assert [action for _, action, _ in audit_trail(pending_verdict)] == [AuditAction.VERDICT_RECORDED]


def test_verdict_record_sent_with_an_empty_revision_is_refused_and_records_nothing(client_for, chair, agenda_item,
                                                                                  verdict_url, national):
    response = post(client_for(chair), verdict_url, verdict_form(national, based_on=""))

    assert error_summary(response) == [("#id_outcome_1", OUT_OF_DATE)]
    assert Verdict.objects.filter(agenda_item=agenda_item).exists() is False
