"""Setting up, checking and resetting second factors (dhrqa/mfa/services.py), and who must have one (policy.py)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.enums import AuditAction
from dhrqa.mfa.policy import must_use_mfa
from dhrqa.mfa.services import (
    AlreadySetUp,
    WrongCode,
    check_sign_in_code,
    new_setup_key,
    reset_mfa,
    set_up_authenticator,
)
from dhrqa.models import AuditEvent
from tests.factories import UserFactory
from tests.mfa import code_for

pytestmark = pytest.mark.django_db


def test_set_up_code_cannot_be_used_again_to_sign_in(secretariat):
    key = new_setup_key()
    code = code_for(key)
    set_up_authenticator(secretariat, key=key, code=code)

    with pytest.raises(WrongCode):
        check_sign_in_code(secretariat, code)


def test_set_up_twice_keeps_the_first_app(secretariat):
    first, second = new_setup_key(), new_setup_key()
    set_up_authenticator(secretariat, key=first, code=code_for(first))

    with pytest.raises(AlreadySetUp):
        set_up_authenticator(secretariat, key=second, code=code_for(second))

    assert list(TOTPDevice.objects.filter(user=secretariat).values_list("key", flat=True)) == [first]
    assert AuditEvent.objects.filter(action=AuditAction.MFA_SET_UP).count() == 1


def test_reset_without_app_is_still_recorded(secretariat, csp_officer):
    reset_mfa(csp_officer, by=secretariat)

    assert list(AuditEvent.objects.filter(action=AuditAction.MFA_RESET).values_list("actor", "detail")) == [
        (secretariat.pk, {"had_authenticator": False}),
    ]


@pytest.mark.parametrize(("traits", "must"), [
    ({"secretariat": True}, True),
    ({"panel_member": True}, True),
    ({"chair": True}, True),
    ({"csp_officer": True}, False),
    ({"csp_officer": True, "is_staff": True}, True),
    ({"csp_officer": True, "is_superuser": True}, True),
])
def test_who_must_use_mfa(traits, must):
    assert must_use_mfa(UserFactory(**traits)) is must


def test_csp_officers_must_when_configured(csp_officer, settings):
    settings.DHRQA_MFA_REQUIRED_ROLES = settings.DHRQA_MFA_REQUIRED_ROLES | {"csp_officer"}

    assert must_use_mfa(csp_officer) is True
