import copy

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.utils.version import get_main_version

from .personal_data import ERASE_ACTION


@hooks.register("register_log_actions")
def register_erasure_action(actions):
    # The history shows that a contact person was erased, and which fields, never who.
    actions.register_action(ERASE_ACTION, _("Erase contact person"), _("Contact person erased (GDPR)"))


@hooks.register("before_serve_document")
def serve_only_visible_documents(document, request):
    """A document is served to whoever may see it as a reader, or may use it in the admin.

    Editors and contributors download a draft's attachment while they review or write it; the
    media permission policy says which files that is for each of them.
    """
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404

    from wagtail.permissions import policy_registry

    from .visibility import media_visible_to, sees_internal

    user = request.user
    if media_visible_to(document, user):
        return None
    if sees_internal(user):
        policy = policy_registry.get_by_type(type(document))
        if policy.user_has_any_permission_for_instance(user, ["choose", "change"], document):
            return None
        raise Http404
    return redirect_to_login(request.get_full_path())


@hooks.register("construct_help_menu")
def name_whats_new_in_the_editors_language(request, items):
    """Wagtail formats its "What's new in Wagtail 8.0" label once per process, in the language of
    the first request that built the menu; every editor after that saw it in that language."""
    version = get_main_version(include_patch=False)
    for index, item in enumerate(items):
        if item.name == f"whats-new-in-wagtail-{version}":
            fresh = copy.copy(item)  # the registered item is shared by every request
            fresh.label = gettext("What's new in Wagtail %(version)s") % {"version": version}
            items[index] = fresh
