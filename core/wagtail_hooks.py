from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from .personal_data import ERASE_ACTION


@hooks.register("register_log_actions")
def register_erasure_action(actions):
    # The history shows that a contact person was erased, and which fields, never who.
    actions.register_action(ERASE_ACTION, _("Erase contact person"), _("Contact person erased (GDPR)"))
