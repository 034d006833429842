import datetime

from django.utils import translation
from django.utils.formats import date_format

from wiki.factories import GuidePageFactory, body
from wiki.models import GuidePage, WikiIndexPage


def test_guides_nest_under_the_wiki_and_each_other(db):  # page types resolve through content types
    assert GuidePage.can_create_at(WikiIndexPage())
    assert GuidePage.can_create_at(GuidePage())
    assert GuidePage.subpage_types == ["wiki.GuidePage"]


def test_guide_renders_body_toc_and_breadcrumbs(english, wiki_index):
    parent = GuidePageFactory(parent=wiki_index, title="Digital post")
    guide = GuidePageFactory(parent=parent, title="Kom i gang med SvarUt", body=body("Forberedelser", "Opplæring"))
    response = english.get(guide.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tekst om forberedelser." in html
    anchors = [anchor for anchor, _text, _level in guide.table_of_contents]
    assert len(anchors) == 2
    for anchor in anchors:
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html
    assert parent.url in html  # breadcrumb to the parent guide
    assert wiki_index.url in html


def test_overdue_guide_shows_needs_review_marker(english, wiki_index):
    overdue = GuidePageFactory(
        parent=wiki_index, last_reviewed=datetime.date.today() - datetime.timedelta(days=400), review_interval_months=12
    )
    fresh = GuidePageFactory(parent=wiki_index, last_reviewed=datetime.date.today())
    assert overdue.needs_review and not fresh.needs_review
    assert "Needs review" in english.get(overdue.url).content.decode()
    assert "Needs review" not in english.get(fresh.url).content.decode()


def test_owner_email_only_for_signed_in_users(client, wiki_index, reader):
    guide = GuidePageFactory(parent=wiki_index, owner_name="Ola Eier", owner_email="ola.eier@example.no")
    assert "ola.eier@example.no" not in client.get(guide.url).content.decode()
    client.force_login(reader)
    assert "ola.eier@example.no" in client.get(guide.url).content.decode()


def publish_new_version(guide, user=None, **changes):
    latest = guide.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(latest, name, value)
    revision = latest.save_revision(user=user)
    revision.publish(user=user)
    return revision


def test_history_lists_published_versions_with_author(english, wiki_index, django_user_model):
    editor = django_user_model.objects.create_user(
        "redaktor", first_name="Rita", last_name="Redaktør", is_superuser=True
    )
    guide = GuidePageFactory(parent=wiki_index, title="Kom i gang")
    publish_new_version(guide, user=editor, summary="En ny og bedre oppsummering.")
    response = english.get(f"{guide.url}historikk/")
    assert response.status_code == 200
    versions = response.context["versions"]
    assert len(versions) == 2
    assert versions[0].author == "Rita Redaktør"
    assert "summary" in versions[0].changed_fields
    assert "Rita Redaktør" in response.content.decode()


def test_history_compares_two_versions(english, wiki_index):
    guide = GuidePageFactory(parent=wiki_index, summary="Gammel oppsummering.")
    first = GuidePage.objects.get(pk=guide.pk).live_revision_id
    second = publish_new_version(guide, summary="Ny oppsummering.")
    response = english.get(f"{guide.url}historikk/{first}/{second.pk}/")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert ("removed", "Gammel oppsummering.") in comparison["rows"]
    assert ("added", "Ny oppsummering.") in comparison["rows"]
    html = response.content.decode()
    assert "Gammel oppsummering." in html and "Ny oppsummering." in html


def test_history_never_shows_unpublished_drafts(client, wiki_index):
    guide = GuidePageFactory(parent=wiki_index)
    published = GuidePage.objects.get(pk=guide.pk).live_revision_id
    latest = guide.get_latest_revision_as_object()
    latest.summary = "Hemmelig utkast som aldri ble publisert."
    draft = latest.save_revision()
    assert client.get(f"{guide.url}historikk/{published}/{draft.pk}/").status_code == 404
    assert "Hemmelig utkast" not in client.get(f"{guide.url}historikk/").content.decode()


def test_wiki_index_lists_top_level_guides(client, wiki_index):
    top = GuidePageFactory(parent=wiki_index, title="Arkiv")
    GuidePageFactory(parent=top, title="Noark 5 i praksis")
    html = client.get(wiki_index.url).content.decode()
    assert "Arkiv" in html
    assert "Noark 5 i praksis" in html


def test_overdue_count_is_shown_to_editors_and_readers_see_only_the_marker_with_its_date(
    english, wiki_index, django_user_model
):
    from django.contrib.auth.models import Permission

    last_reviewed = datetime.date.today() - datetime.timedelta(days=400)
    GuidePageFactory(parent=wiki_index, title="Gammel veileder", last_reviewed=last_reviewed, review_interval_months=12)
    reader_html = english.get(wiki_index.url).content.decode()
    assert 'data-testid="overdue-count"' not in reader_html
    with translation.override("en"):
        shown = date_format(last_reviewed, "DATE_FORMAT")
    assert "Needs review" in reader_html and f"Last reviewed {shown}" in reader_html

    editor = django_user_model.objects.create_user("edna", password="pw-edna-123")
    editor.user_permissions.add(Permission.objects.get(content_type__app_label="dashboard", codename="view_dashboard"))
    english.force_login(editor)
    editor_html = english.get(wiki_index.url).content.decode()
    assert 'data-testid="overdue-count"' in editor_html
    assert "/admin/editors-dashboard/" in editor_html
