"""The Django admin (dhrqa/admin_site.py): superusers only, and every change on the audit trail."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from dhrqa.enums import AuditAction, Role
from dhrqa.models import AuditEvent, CommunitySafetyPartnership, User
from tests.factories import CSPFactory, UserFactory
from tests.mfa import app_code, authenticator_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return User.objects.create_superuser("ada.admin@homeoffice.example", "a-long-admin-password", full_name="Ada Admin")


@pytest.fixture
def admin_client(client_for, superuser):
    return client_for(superuser)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id").values_list(
        "actor__email", "object_type", "object_id", "object_repr", "detail"))


@pytest.fixture
def staff_user_manager():
    """A staff user holding every permission on users: Django's admin would let them make anyone a superuser."""
    user = UserFactory(secretariat=True, is_staff=True, email="sam.staff@homeoffice.example")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="dhrqa"))
    return user


@pytest.mark.parametrize("path", ["/admin/", "/admin/dhrqa/user/"])
def test_admin_refuses_staff_who_are_not_superusers(client_for, staff_user_manager, path):
    response = client_for(staff_user_manager).get(path)

    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={path}")


def test_staff_cannot_make_themselves_superuser_with_a_crafted_post(client_for, staff_user_manager):
    client = client_for(staff_user_manager)

    response = client.post(reverse("admin:dhrqa_user_change", args=[staff_user_manager.pk]), {
        "email": staff_user_manager.email, "full_name": staff_user_manager.full_name, "role": Role.SECRETARIAT,
        "is_active": "on", "is_staff": "on", "is_superuser": "on",
    })

    staff_user_manager.refresh_from_db()
    assert (response.status_code, staff_user_manager.is_superuser) == (302, False)
    assert response["Location"].startswith("/admin/login/")


def test_admin_sign_in_refuses_a_signed_in_staff_user(client_for, staff_user_manager):
    response = client_for(staff_user_manager).get("/admin/login/?next=/admin/")

    assert (response.status_code, response.templates[0].name) == (403, "403.html")


def test_admin_sends_the_signed_out_to_the_service_sign_in_and_back(client, superuser):
    device = authenticator_for(superuser)
    to_sign_in = client.get("/admin/dhrqa/user/")
    signed_in = client.post(to_sign_in["Location"], {
        "username": "ada.admin@homeoffice.example", "password": "a-long-admin-password"})
    # An admin owes the code of their authenticator app too.
    code_step = client.get(signed_in["Location"])
    given = client.post(code_step["Location"], {"code": app_code(device)})

    assert to_sign_in["Location"] == "/sign-in/?next=/admin/dhrqa/user/"
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/dhrqa/user/")
    assert code_step["Location"] == "/sign-in/code/?next=%2Fadmin%2Fdhrqa%2Fuser%2F"
    assert (given["Location"], client.get(given["Location"]).status_code) == ("/admin/dhrqa/user/", 200)


def test_admin_own_sign_in_page_leads_to_the_service_sign_in(client):
    response = client.get("/admin/login/?next=/admin/dhrqa/user/")

    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/admin/dhrqa/user/")


def test_admin_sign_in_ignores_an_offsite_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == "/sign-in/?next=/admin/"


def test_admin_open_to_a_superuser(admin_client):
    response = admin_client.get("/admin/dhrqa/user/")

    assert response.status_code == 200


def test_admin_delete_is_audited_with_what_was_deleted(admin_client, superuser):
    csp = CSPFactory(name="Thanet Community Safety Partnership", code="thanet")

    response = admin_client.post(reverse("admin:dhrqa_communitysafetypartnership_delete", args=[csp.pk]),
                                 {"post": "yes"})

    assert response.status_code == 302
    assert CommunitySafetyPartnership.objects.filter(pk=csp.pk).exists() is False
    [(actor, object_type, object_id, object_repr, detail)] = events(AuditAction.ADMIN_DELETED)
    assert (actor, object_type, object_id, object_repr) == (
        "ada.admin@homeoffice.example", "dhrqa.CommunitySafetyPartnership", str(csp.pk), str(csp))
    assert (detail["via"], detail["deleted"]["name"], detail["deleted"]["code"]) == (
        "admin", "Thanet Community Safety Partnership", "thanet")


def test_admin_bulk_delete_selected_audits_each_row(admin_client):
    readers = Group.objects.create(name="Readers")
    writers = Group.objects.create(name="Writers")

    response = admin_client.post(reverse("admin:auth_group_changelist"), {
        "action": "delete_selected", "_selected_action": [readers.pk, writers.pk], "post": "yes",
    })

    assert response.status_code == 302
    assert Group.objects.count() == 0
    assert events(AuditAction.ADMIN_DELETED) == [
        ("ada.admin@homeoffice.example", "auth.Group", str(group.pk), group.name,
         {"via": "admin", "bulk": True, "deleted": {"id": str(group.pk), "name": group.name}})
        for group in sorted([readers, writers], key=lambda group: group.pk)
    ]


def test_admin_deleting_a_user_is_audited_without_the_password_hash(admin_client):
    leaver = UserFactory(panel_member=True, email="leaver@homeoffice.example")

    admin_client.post(reverse("admin:dhrqa_user_delete", args=[leaver.pk]), {"post": "yes"})

    [(_, object_type, object_id, _, detail)] = events(AuditAction.ADMIN_DELETED)
    assert (object_type, object_id, detail["deleted"]["email"]) == ("dhrqa.User", str(leaver.pk), leaver.email)
    assert "password" not in detail["deleted"]
    assert User.objects.filter(pk=leaver.pk).exists() is False


def test_admin_addition_and_change_are_audited(admin_client):
    admin_client.post(reverse("admin:auth_group_add"), {"name": "Auditors"})
    auditors = Group.objects.get(name="Auditors")
    admin_client.post(reverse("admin:auth_group_change", args=[auditors.pk]), {"name": "Internal auditors"})

    assert events(AuditAction.ADMIN_ADDED) == [
        ("ada.admin@homeoffice.example", "auth.Group", str(auditors.pk), "Auditors",
         {"via": "admin", "changes": [{"added": {}}]})]
    assert events(AuditAction.ADMIN_CHANGED) == [
        ("ada.admin@homeoffice.example", "auth.Group", str(auditors.pk), "Internal auditors",
         {"via": "admin", "changes": [{"changed": {"fields": ["Name"]}}]})]


def test_admin_deactivating_a_user_ends_their_sessions_and_is_audited(admin_client, panel_member, password):
    browser = Client()
    browser.post(reverse("login"), {"username": panel_member.email, "password": password})

    admin_client.post(reverse("admin:dhrqa_user_changelist"), {
        "action": "deactivate_selected", "_selected_action": [panel_member.pk],
    })
    next_request = browser.get(reverse("account"))

    assert (next_request.status_code, next_request["Location"]) == (302, "/sign-in/?next=/account/")
    assert User.objects.get(pk=panel_member.pk).is_active is False
    assert [(event[0], event[4]) for event in events(AuditAction.USER_DEACTIVATED)] == [
        ("ada.admin@homeoffice.example", {"role": "panel_member", "via": "admin"})]


def test_admin_unticking_active_on_the_change_form_ends_sessions(admin_client, panel_member, password):
    browser = Client()
    browser.post(reverse("login"), {"username": panel_member.email, "password": password})

    response = admin_client.post(reverse("admin:dhrqa_user_change", args=[panel_member.pk]), {
        "email": panel_member.email, "full_name": panel_member.full_name, "role": Role.PANEL_MEMBER, "csp": "",
        "letter_titles": "", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00",
    })

    assert response.status_code == 302
    assert browser.get(reverse("account")).status_code == 302
    assert [event[4] for event in events(AuditAction.USER_DEACTIVATED)] == [
        {"role": "panel_member", "via": "admin"}]
    # The form above leaves the dates as posted, not as they were: they count as changed too.
    assert [event[4]["fields"] for event in events(AuditAction.USER_CHANGED)] == [
        ["date_joined", "is_active", "last_login"]]


def test_admin_password_change_is_audited_and_ends_the_persons_sessions(admin_client, panel_member, password):
    browser = Client()
    browser.post(reverse("login"), {"username": panel_member.email, "password": password})

    response = admin_client.post(reverse("admin:auth_user_password_change", args=[panel_member.pk]), {
        "password1": "a-new-long-passphrase-2027", "password2": "a-new-long-passphrase-2027"})

    assert response.status_code == 302
    assert [(event[0], event[2], event[4]) for event in events(AuditAction.PASSWORD_SET)] == [
        ("ada.admin@homeoffice.example", str(panel_member.pk), {"via": "admin"})]
    assert browser.get(reverse("account")).status_code == 302


def test_admin_changing_their_own_password_is_audited(admin_client, superuser):
    response = admin_client.post("/admin/password_change/", {
        "old_password": "a-long-admin-password", "new_password1": "four quite random words",
        "new_password2": "four quite random words"})

    superuser.refresh_from_db()
    assert (response.status_code, superuser.check_password("four quite random words")) == (302, True)
    events = AuditEvent.objects.filter(action=AuditAction.PASSWORD_SET)
    assert list(events.values_list("actor", "object_id", "detail")) == [
        (superuser.pk, str(superuser.pk), {"via": "admin"})]
