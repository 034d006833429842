import logging

import pytest

from django.contrib.auth.forms import UsernameField
from django.test import override_settings

PASSWORD = "correct-horse-battery-staple"
WRONG = "wrong-password-42"
LOGINS = {"admin": "/admin/login/", "site": "/accounts/login/"}


@pytest.fixture
def editor(django_user_model, home):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def attempt(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("login", LOGINS)
def test_five_failures_lock_the_user_name_even_for_the_right_password(client, editor, login):
    url = LOGINS[login]
    client.cookies["erfa_language"] = "en"
    for _ in range(5):
        assert attempt(client, url, "editor", WRONG).status_code == 200
    response = attempt(client, url, "editor", PASSWORD)
    assert response.status_code == 429
    assert 800 < int(response["Retry-After"]) <= 901
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_out_answer_does_not_reveal_whether_the_account_exists(client, editor):
    client.cookies["erfa_language"] = "en"
    answers = {}
    for username in ("editor", "nobody-by-this-name"):
        for _ in range(5):
            attempt(client, "/admin/login/", username, WRONG)
        response = attempt(client, "/admin/login/", username, WRONG)
        answers[username] = (response.status_code, response.content.decode().replace(username, "NAME"))
    assert answers["editor"][0] == answers["nobody-by-this-name"][0] == 429
    assert answers["editor"][1].count("Too many failed") == answers["nobody-by-this-name"][1].count("Too many failed")


def test_four_failures_then_success_resets_the_count(client, editor):
    for _ in range(4):
        attempt(client, "/accounts/login/", "editor", WRONG)
    assert attempt(client, "/accounts/login/", "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "/accounts/login/", "editor", WRONG)
    assert attempt(client, "/accounts/login/", "editor", PASSWORD).status_code == 302


def test_lock_is_per_address_so_others_cannot_lock_a_user_out(client, editor):
    for _ in range(5):
        attempt(client, "/admin/login/", "editor", WRONG, REMOTE_ADDR="203.0.113.5")
    assert attempt(client, "/admin/login/", "editor", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert attempt(client, "/admin/login/", "editor", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_user_name_case_does_not_buy_extra_attempts(client, editor):
    for name in ("editor", "Editor", "EDITOR", "eDitor", "editoR"):
        attempt(client, "/admin/login/", name, WRONG)
    assert attempt(client, "/admin/login/", "editor", PASSWORD).status_code == 429


@override_settings(ERFA_LOGIN_LOCKOUT={"FAILURES": 2, "WINDOW": 60, "LOCK": 0})
def test_the_lock_expires(client, editor):
    for _ in range(2):
        attempt(client, "/admin/login/", "editor", WRONG)
    # LOCK=0 stands in for "the lock period has passed" without sleeping.
    assert attempt(client, "/admin/login/", "editor", PASSWORD).status_code == 302


def test_failures_and_locks_are_logged_without_the_password(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="erfa.security"):
        for _ in range(6):
            attempt(client, "/admin/login/", "editor", WRONG)
    messages = [record.getMessage() for record in caplog.records if record.name == "erfa.security"]
    assert any("Sign-in failed (1 of 5)" in message and "'editor'" in message for message in messages)
    assert any("Sign-in locked" in message for message in messages)
    assert any("refused while locked" in message for message in messages)
    assert all(WRONG not in message for message in messages)
    assert all("127.0.0.1" in message for message in messages)


# Spellings Django's sign-in forms turn into "editor" before authenticating (NFKC and outer
# spaces), and case variants, which the lockout folds as well.
SPELLINGS = ["ｅditor", "ｅｄｉｔｏｒ", "editor ", " editor", "EDITOR", "Ｅditor", "\u3000editor"]


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_spelling_of_a_locked_name_is_still_locked(client, editor, login, spelling):
    url = LOGINS[login]
    for _ in range(5):
        attempt(client, url, "editor", WRONG)
    assert attempt(client, url, spelling, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("login", LOGINS)
def test_failures_under_other_spellings_count_for_the_same_name(client, editor, login):
    url = LOGINS[login]
    for spelling in SPELLINGS[:5]:
        attempt(client, url, spelling, WRONG)
    assert attempt(client, url, "editor", PASSWORD).status_code == 429


def test_the_fullwidth_spelling_signs_in_when_not_locked(client, editor):
    # The premise of the two tests above: Django's sign-in form really does sign "ｅditor" in
    # as "editor" (Wagtail's admin form does not normalise, so there it is only refused).
    assert attempt(client, "/accounts/login/", "ｅditor", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize("spelling", ["editor", "ｅditor"])
def test_any_other_authenticate_call_is_refused_for_a_locked_name(client, editor, rf, spelling):
    from django.contrib.auth import authenticate

    for _ in range(5):
        attempt(client, "/accounts/login/", "editor", WRONG)
    request = rf.post("/elsewhere/")
    # What a sign-in path outside the two forms would pass on, normalised as Django's form does.
    assert authenticate(request, username=UsernameField().to_python(spelling), password=PASSWORD) is None
    other_address = rf.post("/elsewhere/", REMOTE_ADDR="198.51.100.8")
    assert authenticate(other_address, username="editor", password=PASSWORD) == editor
