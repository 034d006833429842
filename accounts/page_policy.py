"""Wagtail's page permission policy, narrowed by the municipality scope.

Wagtail builds its page listings from the registered page policy: the explorer, page search,
page-type usage, the admin API behind the sidebar explorer, the page types usage, locked
pages, aging pages and workflow reports, and the page entries of site history. Narrowing the
policy's querysets here keeps all of them in step with ``MunicipalityPagePermissionTester``
(out of scope means no page permission at all) instead of patching each view.
"""

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .scope import pages_in_scope


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        # ``explorable_instances`` is built on this, so it is narrowed too.
        return pages_in_scope(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        # Its ancestors-of-granted-pages part would otherwise let an out-of-scope report back in
        # when a group holds a permission directly on it.
        return pages_in_scope(super().explorable_instances(user), user)


def register():
    from wagtail.models import AbstractPage

    register_permission_policy(AbstractPage, ScopedPagePermissionPolicy(Page))
