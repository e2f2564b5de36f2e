"""A CSP's code goes into references and URLs as it is: only letters, digits and single hyphens."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CSPFactory

pytestmark = pytest.mark.django_db

CODE_MESSAGE = "Enter a code of lower-case letters and digits, with single hyphens between words, like north-kent"


@pytest.mark.parametrize("code", ["north_kent", "North-Kent", "north--kent", "-kent", "kent-", "kent 2"])
def test_csp_code_refused_when_a_reference_could_not_hold_it(code):
    csp = CSPFactory.build(code=code)

    with pytest.raises(ValidationError) as refused:
        csp.full_clean()

    assert refused.value.message_dict["code"][-1] == CODE_MESSAGE


def test_csp_code_with_hyphens_accepted():
    CSPFactory.build(code="north-kent-2").full_clean()
