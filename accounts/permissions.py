"""Page permissions narrowed to the municipalities a user acts for.

Wagtail asks ``page.permissions_for_user(user)`` in every page view (edit, preview, revisions
and compare, history, usage, delete, copy, move, lock, unpublish, workflow actions), so the
narrowing lives in one tester that ``ExperiencePage.permissions_for_user`` returns. Out of
scope means "no page permission at all", whatever the groups say.
"""

from wagtail.models import PagePermissionTester

from .scope import can_act_on

NARROWED = [
    "can_edit",
    "can_delete",
    "can_unpublish",
    "can_publish",
    "can_submit_for_moderation",
    "can_set_view_restrictions",
    "can_unschedule",
    "can_lock",
    "can_unlock",
    "can_publish_subpage",
    "can_reorder_children",
    "can_move",
    "can_copy",
    "can_move_to",
    "can_copy_to",
    "can_view_revisions",
]


class MunicipalityPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = can_act_on(user, page)
        if not self.in_scope and hasattr(self, "permissions"):
            self.permissions = set()


def _narrow(name):
    inherited = getattr(PagePermissionTester, name)

    def method(self, *args, **kwargs):
        return self.in_scope and inherited(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in NARROWED:
    setattr(MunicipalityPagePermissionTester, _name, _narrow(_name))
