"""A person named in a page's own contact fields, for the GDPR registry (``core.personal_data``).

A contact person's name, role and address belong together: when the address or the name
matches, all of them are emptied on the current page and in **every** stored revision
(``Revision.content``, which Wagtail keeps for drafts, history and rollback), rather than
only the matching text being replaced. The text walker (``core.personal_text``) then finds
the person anywhere else. An app registers its page type when it starts::

    register_contact_fields(ExperiencePage, "contact_email", "contact_name", ("contact_role",),
                            kind="contact_person", description="Contact person on a report")
"""

import json

from django.db.models import Q

from . import personal_data


def _revisions(model):
    from wagtail.models import Revision

    return Revision.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )


class ContactFields:
    def __init__(self, model, email_field, name_field, others=(), *, kind, description):
        self.model = model
        self.email_field = email_field
        self.name_field = name_field
        self.personal = (email_field, name_field, *others)
        self.kind = kind
        self.description = description

    def _matching(self, person):
        query = Q(**{f"{self.email_field}__iexact": person.email})
        if person.name:
            query |= Q(**{f"{self.name_field}__iexact": person.name})
        return self.model.objects.filter(query)

    def _fields_match(self, person, content):
        return person.field_matches(content.get(self.email_field), content.get(self.name_field))

    def find(self, person):
        revisions_by_page = {}
        for revision in _revisions(self.model).only("pk", "object_id", "content").iterator():
            text = json.dumps(revision.content, ensure_ascii=False)
            if self._fields_match(person, revision.content) or person.mentioned_in(text):
                revisions_by_page.setdefault(int(revision.object_id), []).append(revision.pk)
        current = {page.pk: page for page in self._matching(person)}
        places = []
        for page_id in sorted(set(current) | set(revisions_by_page)):
            page = current.get(page_id) or self.model.objects.filter(pk=page_id).first()
            in_fields = page_id in current
            places.append(
                {
                    "kind": self.kind if in_fields else "page_history",
                    "description": self.description if in_fields else "Only in older versions (revisions) of a page",
                    "page_id": page_id,
                    "page_type": self.model._meta.label_lower,
                    "title": page.title if page is not None else None,
                    "live": page.live if page is not None else None,
                    "url": page.get_url() if page is not None else None,
                    "fields": {name: getattr(page, name) for name in self.personal} if in_fields else {},
                    "revision_ids": sorted(revisions_by_page.get(page_id, [])),
                }
            )
        return places

    def erase(self, person, *, dry_run=False, user=None):
        touched = {}
        for page in self._matching(person):
            fields = [name for name in self.personal if getattr(page, name)]
            for name in fields:
                setattr(page, name, "")
            touched[page.pk] = {"title": page.title, "fields": fields, "revisions": 0}
            if not dry_run and fields:
                # In place, not as a new revision: see core.personal_text.
                page.save(clean=False, update_fields=fields)
        for revision in _revisions(self.model).only("pk", "object_id", "content").iterator():
            if not self._fields_match(person, revision.content):
                continue
            content = {**revision.content, **{name: "" for name in self.personal if name in revision.content}}
            page_id = int(revision.object_id)
            if page_id not in touched:
                page = self.model.objects.filter(pk=page_id).first()
                touched[page_id] = {"title": page.title if page else None, "fields": [], "revisions": 0}
            touched[page_id]["revisions"] += 1
            if not dry_run:
                type(revision).objects.filter(pk=revision.pk).update(content=content)
        return [
            {
                "kind": self.kind,
                "description": "Contact fields emptied on the page and in its revisions",
                "model": self.model._meta.label,
                "object_id": page_id,
                "page_id": page_id,
                **change,
            }
            for page_id, change in touched.items()
        ]


def register_contact_fields(model, email_field, name_field, others=(), *, kind, description):
    contact = ContactFields(model, email_field, name_field, others, kind=kind, description=description)
    personal_data.register(contact.find)
    personal_data.register_eraser(contact.erase)
    return contact
