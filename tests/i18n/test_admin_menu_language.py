"""The admin speaks each editor's language: the help menu whoever opened the admin first, and no
Swedish message falls back to bokmål."""

from wagtail.users.models import UserProfile


def _admin_home(client, user, language):
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    client.force_login(user)
    return client.get("/admin/").content.decode()


def test_whats_new_in_wagtail_follows_each_editors_language(client, django_user_model):
    first = django_user_model.objects.create_superuser("forste", "forste@example.org", "pw-Erfa-2026!")
    second = django_user_model.objects.create_superuser("andra", "andra@example.org", "pw-Erfa-2026!")

    norwegian = _admin_home(client, first, "nb")
    swedish = _admin_home(client, second, "sv")

    assert "Nytt i Wagtail" in norwegian
    assert "Nytt i Wagtail" not in swedish
    assert "nytt i Wagtail" in swedish  # "Vad är nytt i Wagtail"


def test_no_message_falls_back_to_bokmal_in_the_swedish_ui():
    """Django answers a message missing in Swedish with the default language's (bokmål) text."""
    from django.utils.translation import trans_real

    bokmal, swedish = trans_real.translation("nb")._catalog, trans_real.translation("sv")._catalog
    assert [key for key in bokmal.keys() if key not in swedish] == []  # noqa: SIM118 - a catalogue, not a dict
