"""Who may change, replace or delete a document or image: the media side of the scope rule.

A file belongs to the pages that use it (Wagtail's reference index). A user may change it
only if they may change every one of those pages: each page in their scope
(``scope.pages_acted_on``) and editable for them, and each *live* page also publishable by
them, because a file replaced in place is served at once and would skip the moderation a
change to that page goes through. So a contributor never replaces the file of a published
report, not even their own: they upload a new file and attach it to the report, which is
reviewed like every other change. A file no page uses belongs to whoever uploaded it (and
to users without a municipality limit). Anything else that uses a file (a snippet) needs the
user's change permission on that model.

Wagtail's collection permissions still apply first; ``ScopedMediaPermissionPolicy`` narrows
them for every admin channel that asks the policy: edit and file replacement, delete, the
listings, bulk actions, the multiple-upload editor, choosers and the document serve view.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, PagePermissionTester, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from core.visibility import media_visible_to, visible_media

from .scope import municipality_scope, pages_acted_on

CHANGE_ACTIONS = {"change", "delete"}


def _changeable_pages(user, page_ids):
    acted_on = pages_acted_on(user, page_ids)
    allowed = set()
    for page in Page.objects.filter(pk__in=acted_on):
        tester = PagePermissionTester(user, page)
        if tester.can_edit() and (not page.live or tester.can_publish()):
            allowed.add(page.pk)
    return allowed


def changeable_media_ids(user, model, ids):
    """Of the documents or images of ``model`` with these ``ids``, those ``user`` may change or delete."""
    ids = {int(pk) for pk in ids}
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or not ids:
        return ids
    page_type = ContentType.objects.get_for_model(Page).pk
    uses = defaultdict(set)
    for media_id, base_type, source_type, source_id in (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(model), to_object_id__in=[str(pk) for pk in ids]
        )
        .values_list("to_object_id", "base_content_type_id", "content_type_id", "object_id")
        .distinct()
    ):
        uses[int(media_id)].add((page_type if base_type == page_type else source_type, source_id))
    pages = _changeable_pages(
        user, {int(source) for uses_ in uses.values() for kind, source in uses_ if kind == page_type}
    )
    unlimited = municipality_scope(user) is None
    uploaders = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "uploaded_by_user_id"))

    def may_change_source(kind, source):
        if kind == page_type:
            return int(source) in pages
        source_model = ContentType.objects.get_for_id(kind).model_class()
        return source_model is not None and user.has_perm(
            f"{source_model._meta.app_label}.change_{source_model._meta.model_name}"
        )

    allowed = set()
    for pk in ids:
        if pk not in uses:
            if unlimited or uploaders.get(pk) == user.pk:
                allowed.add(pk)
        elif all(may_change_source(kind, source) for kind, source in uses[pk]):
            allowed.add(pk)
    return allowed


def may_change_media(user, media):
    """Whether ``user`` may change, replace the file of, or delete this one document or image."""
    return media.pk in changeable_media_ids(user, type(media), [media.pk])


class ScopedMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection/ownership policy for documents and images, narrowed by ``changeable_media_ids``.

    "choose" (choosers, and downloading a file that is not public) is narrowed for users with a
    municipality limit to the files they may change plus the ones they may see as readers, so
    another municipality's draft attachments stay out of their lists.
    """

    def _may_choose(self, user, instance):
        if municipality_scope(user) is None:
            return True
        return may_change_media(user, instance) or media_visible_to(instance, user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        change = actions & CHANGE_ACTIONS
        parent = super().user_has_any_permission_for_instance
        if change and parent(user, change, instance) and may_change_media(user, instance):
            return True
        if "choose" in actions and parent(user, ["choose"], instance) and self._may_choose(user, instance):
            return True
        others = actions - CHANGE_ACTIONS - {"choose"}
        return bool(others) and parent(user, others, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        # Lists of ids rather than subqueries: the admin's search accepts only plain filters.
        actions = set(actions)
        found = set()
        change = actions & CHANGE_ACTIONS
        if change:
            candidates = super().instances_user_has_any_permission_for(user, change)
            found |= changeable_media_ids(user, self.model, candidates.values_list("pk", flat=True))
        if "choose" in actions:
            candidates = super().instances_user_has_any_permission_for(user, ["choose"])
            if municipality_scope(user) is None:
                if not change:
                    return candidates
                found |= set(candidates.values_list("pk", flat=True))
            else:
                found |= changeable_media_ids(user, self.model, candidates.values_list("pk", flat=True))
                found |= set(visible_media(candidates, user).values_list("pk", flat=True))
        return self.model._default_manager.filter(pk__in=found)


def register_policies():
    """Registered for the exact models, so Wagtail's own registration (made later) does not win."""
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model, get_image_model_string
    from wagtail.permissions import register_permission_policy

    for model, label, auth_model in (
        (get_document_model(), get_document_model_string(), "wagtaildocs.Document"),
        (get_image_model(), get_image_model_string(), "wagtailimages.Image"),
    ):
        policy = ScopedMediaPermissionPolicy(label, auth_model=auth_model, owner_field_name="uploaded_by_user")
        register_permission_policy(model, policy, exact_class=True)
