"""After a gathering, an editor turns a session into a draft report for the speakers' municipality."""

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document

from accounts.roles import EDITORS
from experiences.factories import MunicipalityFactory, NetworkFactory
from experiences.models import ExperiencePage

from ..accounts.conftest import make_user


def _url(gathering):
    return reverse("erfa_gathering_session_reports", args=[gathering.pk])


def test_an_editor_turns_a_session_into_a_prefilled_draft_report(autumn, django_user_model, client):
    session = autumn.sessions.get()
    session.slides = Document.objects.create(title="Lysark SvarUt", file=ContentFile(b"%PDF-1.4", name="svarut.pdf"))
    session.save()
    client.force_login(make_user(django_user_model, "editor", EDITORS))
    response = client.post(_url(autumn), {"session": session.pk})
    draft = ExperiencePage.objects.exclude(pk=session.report_id).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/pages/{draft.pk}/edit/")
    assert not draft.live
    assert draft.title == session.title
    assert list(draft.municipalities.all()) == [session.municipality]
    assert draft.network == autumn.networks.get()
    assert [attachment.document.title for attachment in draft.attachments.all()] == ["Lysark SvarUt"]


def test_an_editor_limited_to_another_network_cannot_draft_for_the_speakers_municipality(
    autumn, django_user_model, client
):
    elsewhere = NetworkFactory(name="Fosen", members=[MunicipalityFactory(name="Ørland")])
    editor = make_user(django_user_model, "fosen", EDITORS, networks=[elsewhere])
    client.force_login(editor)
    session = autumn.sessions.get()
    client.post(_url(autumn), {"session": session.pk})
    assert ExperiencePage.objects.count() == 1
    assert "Make a draft report" not in client.get(_url(autumn)).content.decode()


def test_a_reader_without_edit_rights_gets_404(autumn, reader, client):
    client.force_login(reader)
    assert client.get(_url(autumn)).status_code in (302, 403, 404)
    client.post(_url(autumn), {"session": autumn.sessions.get().pk})
    assert ExperiencePage.objects.count() == 1


def test_a_session_of_another_gathering_or_a_bad_id_is_404(autumn, django_user_model, client):
    client.force_login(make_user(django_user_model, "editor", EDITORS))
    assert client.post(_url(autumn), {"session": "²"}).status_code == 404
    assert client.post(_url(autumn), {"session": "9" * 40}).status_code == 404


def test_drafting_the_same_session_twice_makes_a_second_draft_with_its_own_address(autumn, django_user_model, client):
    client.force_login(make_user(django_user_model, "editor", EDITORS))
    session = autumn.sessions.get()
    statuses = [client.post(_url(autumn), {"session": session.pk}).status_code for _ in range(2)]
    assert statuses == [302, 302]
    drafts = ExperiencePage.objects.filter(live=False)
    assert drafts.count() == 2 and len(set(drafts.values_list("slug", flat=True))) == 2
