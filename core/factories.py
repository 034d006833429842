import factory
import wagtail_factories

from wagtail.models import Page, Site

from core.models import HomePage, StandardPage


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Sets cluster relations before the first save, then publishes once (``live=False``: a draft).

    Subclasses name their many-to-many relations in ``_relations``; ``tags`` is always handled.
    """

    _relations = ()

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent")
        related = {name: kwargs.pop(name) for name in cls._relations if name in kwargs}
        tags = kwargs.pop("tags", None) or []
        page = model_class(*args, **kwargs)
        for name, value in related.items():
            setattr(page, name, value or [])
        page.tags.set(tags)
        live = page.live
        page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        # publish() works on a copy; hand back the page as the database now has it.
        page.refresh_from_db()
        return page


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Erfa"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Information {n}")
    body = "<p>Plain information.</p>"

    class Meta:
        model = StandardPage


def make_site():
    """A default site whose root is a fresh HomePage (tests start from Wagtail's bare tree)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="erfa-home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Erfa")
    return home
