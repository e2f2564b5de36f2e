"""Every list view costs the same number of queries for 1 row as for 50 (a full page): no N+1.

The users page; the submissions app's lists are in tests/submissions/test_query_counts.py, and
the Panel's pages beside their other tests in tests/panel/ (test_*query_counts*.py and the pages' own
modules).
"""

import pytest
from django.urls import reverse

from tests.dhrqa.govuk_page import table_column
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every page starts with two: the session and the signed-in user.
# Session, user, the count of users for the pagination, the page's users with CSP.
USER_LIST_QUERIES = 4


@pytest.mark.parametrize("rows", [1, 50])
def test_user_list_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    # The secretariat officer looking is one of the rows.
    for _ in range(rows - 1):
        UserFactory(csp_officer=True)
    client = client_for(secretariat)

    with django_assert_max_num_queries(USER_LIST_QUERIES):
        response = client.get(reverse("user_list"))

    assert len(table_column(response)) == rows

