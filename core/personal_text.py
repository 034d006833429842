"""The generic part of the GDPR registry: the person in any text of a registered model.

Every concrete text field is walked (``CharField`` and ``TextField`` with their subclasses
such as ``RichTextField`` and ``EmailField``, ``StreamField``, ``JSONField``), so a field
added later is covered without being listed anywhere. Fields with fixed choices are left
out: they hold codes, not text someone typed.

Every row is read and matched in Python rather than with a database ``LIKE``: erasure is
rare, and ``LIKE`` misses a name written with other spacing and, on SQLite, the case of
letters such as Æ, Ø and Å. StreamField and JSON values are matched and rewritten as their
stored JSON, so block structure and ids stay as they were.
"""

from django.db import models

from wagtail.fields import StreamField

from .personal_data import ERASED_TEXT, scrub

EXCERPT = 80


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField, StreamField))
        and not field.primary_key
        and not field.choices
    ]


def _raw(value):
    # A StreamValue's stored JSON; anything else is already plain data.
    return list(value.raw_data) if hasattr(value, "raw_data") else value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _hits(person, model):
    """``{pk: [field, ...]}`` for the rows of ``model`` whose text names the person."""
    fields = text_fields(model)
    if not fields:
        return {}
    pattern = person.pattern()
    hits = {}
    rows = model._base_manager.values_list("pk", *[field.attname for field in fields])
    for pk, *values in rows.iterator(chunk_size=2000):
        for field, value in zip(fields, values, strict=True):
            if any(pattern.search(text) for text in _strings(_raw(value))):
                hits.setdefault(pk, []).append(field.name)
    return hits


def _excerpt(value, pattern):
    for text in _strings(_raw(value)):
        match = pattern.search(text)
        if match:
            return text[max(0, match.start() - EXCERPT) : match.end() + EXCERPT]
    return ""


def _place(model, instance, fields, **extra):
    from wagtail.models import Page

    place = {
        "kind": "text",
        "model": model._meta.label,
        "object_id": instance.pk,
        "object": str(instance)[:200],
        "fields": fields,
        **extra,
    }
    if isinstance(instance, Page):
        place.update(page_id=instance.pk, title=instance.title, revisions=0)
    return place


def find(person, model_list):
    pattern = person.pattern()
    places = []
    for model in model_list:
        for pk, fields in _hits(person, model).items():
            instance = model._base_manager.get(pk=pk)
            excerpts = {name: _excerpt(getattr(instance, name), pattern) for name in fields}
            description = f"Text naming the person in {model._meta.verbose_name} ({', '.join(fields)})"
            places.append(_place(model, instance, fields, description=description, excerpts=excerpts))
    return places


def erase(person, model_list, *, dry_run=False):
    from wagtail.models import Page

    pattern = person.pattern()
    changes = []
    for model in model_list:
        for pk, fields in _hits(person, model).items():
            instance = model._base_manager.get(pk=pk)
            for name in fields:
                field = model._meta.get_field(name)
                value = scrub(_raw(getattr(instance, name)), person, pattern)
                if isinstance(value, str) and field.max_length and len(value) > field.max_length:
                    value = value[: field.max_length]
                setattr(instance, name, value)
            if not dry_run:
                if isinstance(instance, Page):
                    # In place, not as a new revision: a new revision would keep the old
                    # text, and erasure must not show up as an edit by whoever ran it.
                    instance.save(clean=False, update_fields=fields)
                else:
                    # A queryset update: rewriting text is not an edit, so no save() side effects.
                    model._base_manager.filter(pk=pk).update(**{name: getattr(instance, name) for name in fields})
            description = f"{ERASED_TEXT} written over the person in {model._meta.verbose_name}"
            changes.append(_place(model, instance, fields, description=description))
    return changes
