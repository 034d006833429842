"""GDPR: a person written into every kind of text the site holds is exported, then erased from
every table of the database and from the engine index.

The check after erasing does not ask the registry where it looked: it reads every text column
of every table (``connection.introspection``) with raw SQL, so a table or field the registry
does not know about fails the test.
"""

import io
import json

import pytest

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, models

from taggit.models import Tag
from wagtail import blocks
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents.models import Document
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Comment, CommentReply, Page, ReferenceIndex
from wagtail.search import index

from attachments.extraction import extract_pending
from core import personal_data
from core.personal_text import text_fields
from experiences.factories import (
    ExperienceIndexPageFactory,
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
)
from experiences.models import ExperienceAttachment
from feedback.models import Feedback, Question
from gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory, in_days
from gatherings.models import Session
from home.factories import StandardPageFactory, make_site
from news.factories import NewsIndexPageFactory, NewsItemPageFactory
from search.insight_models import SearchLog
from search.models import Equivalence
from wiki.factories import GuidePageFactory, ThemeIndexPageFactory, ThemePageFactory, WikiIndexPageFactory

from ..attachments.files import pdf_bytes
from ..search.conftest import engine_urls, search_backend  # noqa: F401

EMAIL = "kari.kontakt@malvik.example.no"
NAME = "Kari Kontakt"
TEXT = f"Spør {NAME}, {EMAIL}"
# Page fields Wagtail derives or that address the page: not text anyone writes.
STRUCTURAL = {"slug", "url_path", "draft_title", "path", "translation_key", "latest_revision_created_at"}


def _fitting(field, number):
    for candidate in (f"{number} {TEXT}" if field.unique else TEXT, EMAIL, NAME):
        if not field.max_length or len(candidate) <= field.max_length:
            return candidate
    return None


def _block_value(block):
    if isinstance(block, blocks.RichTextBlock):
        return f"<p>{TEXT}</p>"
    if isinstance(block, blocks.ChoiceBlock):
        return next(value for value, _ in block.field.choices if value)
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return TEXT
    if isinstance(block, blocks.StructBlock):
        values = {name: _block_value(child) for name, child in block.child_blocks.items()}
        return values if all(value is not None for value in values.values()) else None
    return None


def fill(instance, number=0):
    """Write the person into every text field of ``instance`` that can hold them."""
    for field in text_fields(type(instance)):
        if field.name in STRUCTURAL:
            continue
        if isinstance(field, StreamField):
            children = field.stream_block.child_blocks.items()
            stream = [{"type": name, "value": _block_value(child)} for name, child in children]
            setattr(instance, field.name, [item for item in stream if item["value"] is not None])
        elif field.get_internal_type() == "JSONField":
            setattr(instance, field.name, {"text": TEXT})
        elif field.name.endswith("email"):
            setattr(instance, field.name, EMAIL)
        elif isinstance(field, models.URLField):
            setattr(instance, field.name, f"https://example.org/?kontakt={EMAIL}")
        elif (value := _fitting(field, number)) is not None:
            setattr(instance, field.name, value)
    return instance


def page_models():
    return [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]


def rows_naming_the_person():
    """``{table: count}`` of rows in any text column that holds the name or the address."""
    hits = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
            quoted = connection.ops.quote_name(table)
            for column in columns:
                column = connection.ops.quote_name(column)
                # Names come from the database's own catalogue, quoted; the values are parameters.
                text = f"CAST({column} AS TEXT)"
                sql = f"SELECT COUNT(*) FROM {quoted} WHERE {text} LIKE %s OR {text} LIKE %s"  # noqa: S608
                cursor.execute(sql, [f"%{EMAIL}%", f"%{NAME}%"])
                count = cursor.fetchone()[0]
                if count:
                    hits[table] = hits.get(table, 0) + count
    return hits


@pytest.fixture
def everywhere(home, django_user_model, client):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw-ed-123456")
    experience_index = ExperienceIndexPageFactory(parent=home)
    wiki_index = WikiIndexPageFactory(parent=home)
    theme_index = ThemeIndexPageFactory(parent=home)
    calendar = GatheringIndexPageFactory(parent=home)
    gathering = GatheringPageFactory(parent=calendar)
    news_index = NewsIndexPageFactory(parent=home)
    pages = {
        calendar,
        gathering,
        home,
        experience_index,
        wiki_index,
        theme_index,
        ExperiencePageFactory(parent=experience_index),
        GuidePageFactory(parent=wiki_index),
        ThemePageFactory(parent=theme_index),
        StandardPageFactory(parent=home),
        news_index,
        NewsItemPageFactory(parent=news_index),
    }
    assert {type(page) for page in pages} == set(page_models()), "a page type has no page in this test"
    for number, page in enumerate(sorted(pages, key=lambda page: page.pk)):
        page = fill(page.get_latest_revision_as_object(), number)
        page.save_revision(user=editor).publish()
        index.insert_or_update_object(Page.objects.get(pk=page.pk).specific)
    report = next(page for page in pages if type(page).__name__ == "ExperiencePage")

    snippets = [
        fill(NetworkFactory(), 1),
        fill(NationalSolutionFactory(), 2),
        fill(MunicipalityFactory(), 3),
        fill(TopicFactory(), 4),
        fill(Equivalence(terms="x"), 5),
    ]
    for snippet in snippets:
        snippet.save()
        log(instance=snippet, action="wagtail.edit", user=editor)
    # A real PDF naming the person: the worker reads it into the attachment text that search indexes.
    document = Document.objects.create(title=TEXT, file=ContentFile(pdf_bytes([[TEXT]]), name="kari.pdf"))
    ExperienceAttachment.objects.create(page=report, document=document, title=TEXT)
    ReferenceIndex.create_or_update_for_object(Page.objects.get(pk=report.pk).specific)
    extract_pending()
    Tag.objects.create(name=TEXT, slug="kari")
    # A speaker in a gathering's programme (sessions are saved with the page, not revisioned here).
    Session.objects.create(page=gathering, starts_at=in_days(30, 10), title="SvarUt", speakers=NAME, description=TEXT)
    Query.get(TEXT)

    Feedback.objects.create(page=report, useful=False, comment=TEXT, language="nb")
    Question.objects.create(page=report, asker_email=EMAIL, text=TEXT, recipients=f"ola@example.no\n{EMAIL}")
    SearchLog.objects.create(query=f"{NAME} svarut", ui_language="nb", results=1, engine="database")
    SearchLog.objects.create(query="svarut", ui_language="nb", results=1, engine="database", filters={"q": TEXT})
    comment = Comment.objects.create(page=report, user=editor, text=TEXT, contentpath="title")
    CommentReply.objects.create(comment=comment, user=editor, text=TEXT)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(report.pk),
        object_repr=TEXT,
        action_flag=2,
        change_message=TEXT,
    )
    # A failed sign-in with the address as user name: the audit log keeps the name tried.
    client.post("/accounts/login/", {"username": EMAIL, "password": "not-the-password"})
    return {"report": report, "pages": pages}


# Tables the fixture must have written to, so the check after erasing proves something.
WRITTEN = {
    "home_homepage",
    "home_standardpage",
    "experiences_experienceindexpage",
    "experiences_experiencepage",
    "experiences_network",
    "experiences_nationalsolution",
    "experiences_experienceattachment",
    "gatherings_gatheringindexpage",
    "gatherings_gatheringpage",
    "gatherings_session",
    "wiki_guidepage",
    "wiki_themepage",
    "wiki_themeindexpage",
    "wiki_wikiindexpage",
    "news_newsindexpage",
    "news_newsitempage",
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_pagelogentry",
    "wagtailcore_modellogentry",
    "wagtailcore_comment",
    "wagtailcore_commentreply",
    "wagtailsearch_indexentry",
    "wagtailsearch_indexentry_fts",
    "wagtailsearch_indexentry_fts_content",
    "wagtaildocs_document",
    "attachments_attachmentpage",
    "erfa_search_searchlog",
    "erfa_search_equivalence",
    "feedback_feedback",
    "feedback_question",
    "django_admin_log",
    "taggit_tag",
}


def full_text_blocks_with(word):
    """Segments of SQLite's full-text index holding ``word`` as a term (the LIKE above reads
    text, but terms live in binary blocks, and a changed row's old terms stay in them until
    the segments are merged)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailsearch_indexentry_fts_data WHERE instr(block, %s) > 0", [word])
        return cursor.fetchone()[0]


def _tables_of(label):
    model = apps.get_model(label)
    tables = {model._meta.db_table, *(parent._meta.db_table for parent in model._meta.get_parent_list())}
    if label == "wagtailsearch.IndexEntry":
        # SQLite's full-text tables follow IndexEntry through triggers.
        tables |= {
            name for name in connection.introspection.table_names() if name.startswith(f"{model._meta.db_table}_fts")
        }
    return tables


@pytest.mark.parametrize("search_backend", ["opensearch"], indirect=True)
def test_erasure_leaves_the_person_in_no_table_and_no_index(search_backend, everywhere):  # noqa: F811
    search_backend.sync()
    engine = search_backend.engine
    before = rows_naming_the_person()
    assert set(before) >= WRITTEN, WRITTEN - set(before)
    assert EMAIL in _engine_text(engine)

    out = io.StringIO()
    call_command("erase_contact_person", "--email", EMAIL, "--name", NAME, stdout=out)
    search_backend.sync()

    assert rows_naming_the_person() == {}
    assert EMAIL not in _engine_text(engine) and NAME.lower() not in _engine_text(engine)
    assert "Still held" not in out.getvalue()
    # The pages still publish and render after their text was rewritten in place.
    report = everywhere["report"].get_latest_revision_as_object()
    report.save_revision().publish()


def test_export_lists_every_table_that_holds_the_person(everywhere):
    before = rows_naming_the_person()
    places = personal_data.export(personal_data.Person(EMAIL, NAME))["places"]
    covered = set().union(*(_tables_of(place["model"]) for place in places if "model" in place))
    assert set(before) - covered == set()
    out = io.StringIO()
    call_command("export_personal_data", "--email", EMAIL, "--name", NAME, stdout=out)
    assert len(json.loads(out.getvalue())["places"]) == len(places)


def test_every_model_with_text_is_in_the_registry_or_named_as_not_personal(db):
    registered = set(personal_data.registered_models())
    missing = [
        model._meta.label
        for model in apps.get_models()
        if text_fields(model)
        and not model._meta.proxy
        and model not in registered
        and model._meta.label not in personal_data.NOT_PERSONAL
    ]
    assert missing == []


def _engine_text(engine):
    engine.client.indices.refresh(index=engine.alias)
    hits = engine.client.search(index=engine.alias, body={"query": {"match_all": {}}, "size": 1000})
    return json.dumps([hit["_source"] for hit in hits["hits"]["hits"]], ensure_ascii=False).lower()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_erased_words_leave_the_full_text_segments_too():
    # Committed writes: inside a test's transaction SQLite keeps new terms in memory, and
    # the segments this is about are only written at commit.
    home = make_site()
    page = StandardPageFactory(parent=home, title=TEXT, body=f"<p>{TEXT}</p>")
    index.insert_or_update_object(page)
    assert full_text_blocks_with(b"malvik")
    call_command("erase_contact_person", "--email", EMAIL, "--name", NAME, stdout=io.StringIO())
    assert full_text_blocks_with(b"malvik") == 0
