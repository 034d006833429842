import wagtail_factories


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
