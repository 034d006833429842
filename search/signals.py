"""Every change that affects what anonymous search may find writes to the outbox."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from attachments.signals import text_changed

from .facets import invalidate as invalidate_labels
from .indexing import enqueue
from .models import Equivalence
from .names import invalidate as invalidate_names
from .spelling import invalidate as invalidate_spelling
from .suggest import invalidate_vocabulary
from .synonyms import invalidate


def _with_descendants(page):
    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]


def on_publish(sender, instance, **kwargs):
    enqueue([instance.pk], "publish")
    invalidate_vocabulary()
    invalidate_spelling()


def on_unpublish(sender, instance, **kwargs):
    enqueue([instance.pk], "unpublish")
    invalidate_vocabulary()
    invalidate_spelling()


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        enqueue([instance.pk], "delete")
        invalidate_vocabulary()
        invalidate_spelling()


def on_move(sender, instance, **kwargs):
    enqueue(_with_descendants(instance), "move")


def on_privacy_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue(_with_descendants(page), "privacy")
    invalidate_vocabulary()
    invalidate_spelling()


def on_attachment_text_changed(sender, document_id, page_ids, **kwargs):
    # The pages using the file carry its text in their index entries.
    if page_ids:
        enqueue(page_ids, "attachment")


def connect():
    text_changed.connect(on_attachment_text_changed, dispatch_uid="erfa_search_attachment_text")
    page_published.connect(on_publish, dispatch_uid="erfa_search_publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="erfa_search_unpublish")
    post_delete.connect(on_delete, dispatch_uid="erfa_search_delete")
    post_page_move.connect(on_move, dispatch_uid="erfa_search_move")
    post_save.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid="erfa_search_privacy_save")
    post_delete.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid="erfa_search_privacy_delete")
    post_save.connect(invalidate, sender=Equivalence, dispatch_uid="erfa_search_equivalence_save")
    post_delete.connect(invalidate, sender=Equivalence, dispatch_uid="erfa_search_equivalence_delete")
    for signal in (post_save, post_delete):
        signal.connect(invalidate_spelling, sender=Equivalence, dispatch_uid=f"erfa_search_spelling_{id(signal)}")
    from experiences.models import Municipality, NationalSolution, Network, Region, Topic

    for model in (Municipality, Network):
        post_save.connect(invalidate_names, sender=model, dispatch_uid=f"erfa_search_names_{model.__name__}")
    for model in (Municipality, Network, Region, Topic, NationalSolution):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_labels, sender=model, dispatch_uid=f"erfa_search_labels_{model.__name__}_{id(signal)}"
            )
