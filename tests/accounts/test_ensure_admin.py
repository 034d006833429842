from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_admin_password_comes_from_environment(db, monkeypatch, capsys):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-chosen-password")
    call_command("ensure_admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("a-long-chosen-password")
    assert "a-long-chosen-password" not in capsys.readouterr().out


def test_generated_password_is_printed_once(db, monkeypatch, capsys):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    password = first.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert password not in second and "already exists" in second
