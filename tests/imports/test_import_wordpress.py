"""``import_wordpress`` on a WordPress export written like a regional digitalisation blog's.

The export (tests/imports/data/wordpress/) has a newsletter with Gutenberg blocks, headings,
lists, a captioned picture, a linked programme PDF and shortcodes; a classic-editor post with a
gallery; a Swedish post (Polylang); a draft, a private post, a post in the bin, a page, a menu
item, a post whose date does not exist, a comment with a reader's name and address, and an
attachment only on the internet.
"""

import shutil
from pathlib import Path

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from experiences.factories import MunicipalityFactory
from experiences.models import ExperiencePage, Network
from news.models import NewsIndexPage, NewsItemPage
from wiki.models import GuidePage

DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT = "digitalt-i-trondelag.wordpress.xml"
NEWSLETTER = "Nyhetsbrev fra Digitalt i Trøndelag – 1. halvår 2016"


@pytest.fixture
def blog(tmp_path, settings):
    """A copy of the export and its files, so nothing the import does touches the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "export"
    shutil.copytree(DATA, folder)
    return folder


def run(path, capsys, *args):
    """Run the command as from a terminal: (exit code, stdout, stderr with the final error)."""
    message = ""
    try:
        call_command("import_wordpress", str(path), *args)
        code = 0
    except CommandError as error:
        code, message = error.returncode, str(error)
    out, err = capsys.readouterr()
    return code, out, err + message


@pytest.fixture
def site(home, experience_index, wiki_index):
    return home


def newsletter():
    return NewsItemPage.objects.get(title=NEWSLETTER)


def test_published_posts_become_news_items_in_the_blogs_language(site, blog, capsys):
    code, out, err = run(blog / EXPORT, capsys)
    # The post with an impossible date fails; everything else is in.
    assert code == 1
    page = newsletter()
    assert page.live
    assert page.language == "nb"
    assert page.date.isoformat() == "2016-06-20"
    assert page.first_published_at.isoformat().startswith("2016-06-20T08:00")
    assert page.intro.startswith("Strategigruppen er i gang")
    assert sorted(tag.name for tag in page.tags.all()) == [
        "Digital forvaltning i kommunene",
        "KS Læring",
        "Nyhetsbrev",
        "SvarUt",
    ]
    assert isinstance(page.get_parent().specific, NewsIndexPage)
    swedish = NewsItemPage.objects.get(title="eSamverkan får en fortsättning")
    assert swedish.language == "sv"


def test_newsletter_headings_lists_and_pictures_become_body_blocks(site, blog, capsys):
    run(blog / EXPORT, capsys)
    body = newsletter().body
    kinds = [block.block_type for block in body]
    assert kinds[:3] == ["paragraph", "heading", "paragraph"]
    headings = [(block.value["text"], block.value["level"]) for block in body if block.block_type == "heading"]
    assert headings == [("Strategigruppen er i gang", "h2"), ("eForum Trøndelag", "h2"), ("Plan for høsten", "h3")]
    html = "".join(str(block.value.source) for block in body if block.block_type == "paragraph")
    assert "<ul><li>SvarUt og digital post</li>" in html
    assert "<ol><li>Temasamlinger om SvarUt</li>" in html
    assert "<b>oppsummering</b>" in html
    # Scripts, shortcodes and Gutenberg's comments are gone.
    assert "sporing" not in html and "contact-form" not in html and "wp:" not in html
    [figure] = [block.value for block in body if block.block_type == "figure"]
    assert figure["caption"] == "Fra eForum på Stiklestad i oktober."
    assert figure["image"].contextual_alt_text == "Deltakere i plenum på Stiklestad"
    # The resized copy named in the post was found as its original next to the export.
    assert figure["image"].file.name.endswith(".jpg")


def test_a_linked_attachment_becomes_a_document_link(site, blog, capsys):
    run(blog / EXPORT, capsys)
    document = Document.objects.get()
    assert document.title == "Program eForum høsten 2016"
    html = "".join(str(block.value.source) for block in newsletter().body if block.block_type == "paragraph")
    assert f'<a id="{document.pk}" linktype="document">programmet for høstens eForum</a>' in html


def test_attachments_that_cannot_be_fetched_are_reported_not_fatal(site, blog, capsys):
    code, out, err = run(blog / EXPORT, capsys)
    assert "warning: Attachment 103: https://digitaltrondelag.example.no/wp-content/uploads/2016/04/referat" in err
    assert "does not download from the internet" in err
    assert NewsItemPage.objects.filter(title="SvarUt-samlinger høsten 2016", live=True).exists()


def test_classic_editor_paragraphs_and_gallery_are_converted(site, blog, capsys):
    run(blog / EXPORT, capsys)
    body = NewsItemPage.objects.get(title="SvarUt-samlinger høsten 2016").body
    paragraphs = [str(block.value.source) for block in body if block.block_type == "paragraph"]
    assert paragraphs[0].startswith(
        "<p>Som oppfølging av SvarUt-sporet på eForum inviterer vi til to kommunesamlinger.<br"
    )
    assert any(block.block_type == "figure" for block in body)
    assert any('href="mailto:post@trondelag.example.no"' in html for html in paragraphs)


def test_drafts_and_private_posts_stay_unpublished_drafts(site, blog, capsys):
    run(blog / EXPORT, capsys)
    draft = NewsItemPage.objects.get(title="Utkast: felles handlingsplan for Trøndelag")
    private = NewsItemPage.objects.get(title="Internt: budsjett for etableringsprosjektet")
    assert not draft.live and not private.live
    assert not Redirect.objects.filter(redirect_page__in=[draft, private]).exists()
    assert not Page.objects.filter(title="Gammelt innlegg i papirkurven").exists()
    assert not Page.objects.filter(title="Hjem").exists()


def test_a_bad_item_is_reported_by_id_and_reason_and_the_rest_imports(site, blog, capsys):
    code, out, err = run(blog / EXPORT, capsys)
    assert code == 1
    assert "item 15 (Ødelagt innlegg fra en gammel utvidelse): the publication date “2016-13-45 25:00:00” is not" in err
    assert "created 7, updated 0 (2 as unpublished drafts), skipped 1, failed 1" in err
    assert not Page.objects.filter(title__startswith="Ødelagt").exists()


def test_old_addresses_answer_301_to_the_new_page(site, blog, capsys, client):
    run(blog / EXPORT, capsys)
    page = newsletter()
    for old in ("/2016/06/20/nyhetsbrev-1-halvar-2016/", "/?p=10"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == page.url
    assert client.get(page.url).status_code == 200


def test_reimport_updates_pages_and_never_duplicates_them(site, blog, capsys):
    run(blog / EXPORT, capsys)
    page = newsletter()
    export = blog / EXPORT
    export.write_text(export.read_text().replace("God sommer!", "Riktig god sommer!"))
    code, out, err = run(export, capsys)
    assert "created 0, updated 7" in err
    assert NewsItemPage.objects.filter(title=NEWSLETTER).count() == 1
    assert NewsIndexPage.objects.count() == 1
    assert Image.objects.count() == 1 and Document.objects.count() == 1
    page.refresh_from_db()
    assert "Riktig god sommer!" in str(list(page.body)[-1].value.source)
    assert Redirect.objects.filter(old_path="/?p=10").count() == 1


def test_no_comment_author_text_on_any_public_page(site, blog, capsys, client):
    run(blog / EXPORT, capsys)
    urls = [page.url for page in Page.objects.live().specific() if page.url]
    urls += ["/feeds/news/rss/", "/feeds/news/atom/", "/api/v2/pages/?type=news.NewsItemPage&fields=*"]
    assert len(urls) > 8
    for url in urls:
        content = client.get(url).content.decode()
        for secret in ("Kari Kommentator", "kari.kommentator", "Takk for et flott nyhetsbrev", "192.0.2.44"):
            assert secret not in content, (url, secret)
    # Authors are not published either.
    assert "Eva Rådgiver" not in client.get(newsletter().url).content.decode()


def test_comments_are_counted_not_imported(site, blog, capsys):
    code, out, err = run(blog / EXPORT, capsys)
    assert "1 comments counted, not imported" in err  # the spam comment is not counted
    from django.apps import apps

    for model in apps.get_models():
        text_fields = [f.name for f in model._meta.fields if f.get_internal_type() in ("CharField", "TextField")]
        for name in text_fields:
            assert not model.objects.filter(**{f"{name}__contains": "Kommentator"}).exists(), (model, name)


def test_dry_run_writes_nothing(site, blog, capsys, settings):
    before = Page.objects.count()
    code, out, err = run(blog / EXPORT, capsys, "--dry-run")
    assert "dry run, nothing was saved: created 7" in err
    assert Page.objects.count() == before
    assert not Redirect.objects.exists() and not Image.objects.exists() and not Document.objects.exists()
    assert not Network.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_mapping_file_makes_categories_reports_guides_or_network_news(site, blog, capsys):
    MunicipalityFactory(name="Malvik", country="NO")
    code, out, err = run(blog / EXPORT, capsys, "--mapping", str(blog / "mapping.yaml"))
    report = ExperiencePage.objects.get(title="Malvik tok i bruk SvarUt på tre måneder")
    assert [m.name for m in report.municipalities.all()] == ["Malvik"]
    assert report.network.name == "DiguT"
    assert report.summary == "Malvik sender nå brev digitalt gjennom SvarUt."
    assert "Vi koblet sak/arkiv til SvarUt" in report.what_we_did
    assert report.live
    guide = GuidePage.objects.get(title="Om Digitalt i Trøndelag")
    assert guide.live
    swedish = NewsItemPage.objects.get(title="eSamverkan får en fortsättning")
    assert swedish.network.name == "eSamverkan Västernorrland" and swedish.language == "sv"
    assert newsletter().network.name == "DiguT"


def test_mapping_naming_an_unknown_municipality_reports_the_items(site, blog, capsys):
    code, out, err = run(blog / EXPORT, capsys, "--mapping", str(blog / "mapping.yaml"))
    assert "item 17 (Malvik tok i bruk SvarUt på tre måneder): the municipality “Malvik” is not in Erfa" in err
    assert not ExperiencePage.objects.exists()
    assert NewsItemPage.objects.filter(title=NEWSLETTER).exists()


def test_a_mapping_file_with_an_unknown_type_is_refused_before_importing(site, blog, capsys):
    mapping = blog / "bad.json"
    mapping.write_text('{"categories": {"eForum": {"type": "event"}}}')
    code, out, err = run(blog / EXPORT, capsys, "--mapping", str(mapping))
    assert code == 1
    assert "type must be one of news, experience, guide" in err
    assert not NewsItemPage.objects.exists()


def test_a_file_that_breaks_off_keeps_what_came_before(site, blog, capsys):
    export = blog / EXPORT
    text = export.read_text()
    cut = text.index("<title><![CDATA[eSamverkan får")
    export.write_text(text[:cut] + "<title><![CDATA[halv")
    code, out, err = run(export, capsys)
    assert code == 1
    assert "not well-formed XML" in err
    assert NewsItemPage.objects.filter(title=NEWSLETTER).exists()


def test_an_export_with_entity_declarations_is_refused(site, tmp_path, capsys):
    export = tmp_path / "laughs.xml"
    export.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<rss><channel><item><title>&b;</title></item></channel></rss>"
    )
    code, out, err = run(export, capsys)
    assert code == 1
    assert "declares XML entities" in err
    assert not Page.objects.filter(title__contains="aaaa").exists()
