"""Generated experience reports in the page tree, fast, and Wagtail's database index for them.

The reports come from a ``benchmarks.textgen`` writer; this module only puts them in the database.
"""

import datetime
import sys
import time

CHUNK = 500  # pages per generation transaction
DB_INDEX_CHUNK = 1000


def reference_data():
    """The writer's keyword arguments: municipalities, topics, national solutions and networks with members."""
    from experiences.models import Municipality, NationalSolution, Network, Topic

    networks = [(network, set(network.members.values_list("pk", flat=True))) for network in Network.objects.all()]
    return {
        "municipalities": list(Municipality.objects.select_related("region")),
        "topics": list(Topic.objects.all()),
        "national_solutions": list(NationalSolution.objects.all()),
        "networks": networks,
    }


def experience_ids():
    from experiences.models import ExperiencePage

    return set(ExperiencePage.objects.values_list("pk", flat=True))


def _published_at(date, rng):
    from django.utils import timezone

    moment = datetime.datetime.combine(date, datetime.time(rng.randint(7, 16), rng.randrange(60)))
    return timezone.make_aware(moment)


def generate_reports(count, writer, rng, *, progress=True):
    """``count`` live reports under the experience index, without revisions or publishing.

    Pages are saved with Wagtail's ``Page.save`` (url_path, locale, log entry) at tree paths
    computed here, and their relations bulk-inserted. The outbox stays empty (no engine is
    configured yet); the reference index and Wagtail's database search index are not updated.
    """
    from tqdm import tqdm

    from django.db import transaction
    from django.db.models import F
    from django.db.models.signals import post_save

    from modelsearch.signal_handlers import post_save_signal_handler
    from taggit.models import Tag
    from wagtail.models import Page
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from core.text import nordic_slugify
    from experiences.models import ExperienceIndexPage, ExperiencePage, ExperiencePageTag

    parent = ExperienceIndexPage.objects.get()
    last = parent.get_last_child()
    position = parent._str2int(last.path[-parent.steplen :]) if last else 0
    through = {
        name: ExperiencePage._meta.get_field(name) for name in ("municipalities", "topics", "national_solutions")
    }
    tag_ids = {}
    disconnected = post_save.disconnect(post_save_signal_handler, sender=ExperiencePage)
    bar = tqdm(total=count, unit="page", desc="Generating reports", file=sys.stderr, disable=not progress)
    try:
        with disable_reference_index_auto_update():
            for start in range(0, count, CHUNK):
                size = min(CHUNK, count - start)
                links = {name: [] for name in through}
                tags = []
                with transaction.atomic():
                    for number in range(start, start + size):
                        report = writer.report()
                        fields = report["fields"]
                        moment = _published_at(report["published"], rng)
                        position += 1
                        page = ExperiencePage(
                            **fields,
                            slug=f"{nordic_slugify(fields['title'])[:60].strip('-')}-{number + 1}",
                            draft_title=fields["title"],
                            locale_id=parent.locale_id,
                            live=True,
                            has_unpublished_changes=False,
                            first_published_at=moment,
                            last_published_at=moment,
                            path=ExperiencePage._get_path(parent.path, parent.depth + 1, position),
                            depth=parent.depth + 1,
                            numchild=0,
                        )
                        page._cached_parent_obj = parent  # Page.save builds url_path from it
                        page.save(clean=False)
                        for name, field in through.items():
                            links[name].extend(
                                field.remote_field.through(
                                    **{
                                        f"{field.m2m_field_name()}_id": page.pk,
                                        f"{field.m2m_reverse_field_name()}_id": item.pk,
                                    }
                                )
                                for item in report[name]
                            )
                        for tag in report["tags"]:
                            if tag not in tag_ids:
                                tag_ids[tag] = Tag.objects.get_or_create(name=tag)[0].pk
                            tags.append(ExperiencePageTag(tag_id=tag_ids[tag], content_object_id=page.pk))
                    for name, field in through.items():
                        field.remote_field.through.objects.bulk_create(links[name])
                    ExperiencePageTag.objects.bulk_create(tags)
                    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + size)
                bar.update(size)
    finally:
        bar.close()
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ExperiencePage)
    parent.refresh_from_db()
    return parent


def new_draft(parent, writer, suffix, *, title_prefix="", slug_length=60):
    """A report saved as a draft the way the editor saves one; relations set before the first save.

    ``suffix`` ends the slug, so drafts with the same title stay apart.
    """
    from core.text import nordic_slugify
    from experiences.models import ExperiencePage

    report = writer.report()
    fields = report["fields"]
    fields["title"] = f"{title_prefix}{fields['title']}"
    slug = f"{nordic_slugify(fields['title'])[:slug_length].strip('-')}-{suffix}"
    page = ExperiencePage(**fields, slug=slug, live=False)
    page.municipalities = report["municipalities"]
    page.topics = report["topics"]
    page.national_solutions = report["national_solutions"]
    page.tags.set(report["tags"])
    parent.add_child(instance=page)
    return page


def build_database_index(page_ids, *, progress=True):
    """Wagtail's database index for pages generate_reports wrote (it bypasses the signals); seconds."""
    from tqdm import tqdm

    from modelsearch.backends import get_search_backend

    from experiences.models import ExperiencePage

    index = get_search_backend().get_index_for_model(ExperiencePage)
    ids = sorted(page_ids)
    started = time.perf_counter()
    with tqdm(total=len(ids), unit="page", desc="Database index", file=sys.stderr, disable=not progress) as bar:
        for start in range(0, len(ids), DB_INDEX_CHUNK):
            chunk = ids[start : start + DB_INDEX_CHUNK]
            index.add_items(ExperiencePage, list(ExperiencePage.get_indexed_objects().filter(pk__in=chunk)))
            bar.update(len(chunk))
    return round(time.perf_counter() - started, 1)
