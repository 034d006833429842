"""The moderation workflow's and task's names in the reader's admin language.

Wagtail stores a workflow's and a task's name as a database row and prints it in many admin
places ("Submit to Moderation", "Awaiting Editors approve", history, reports). The names
Erfa creates (accounts/roles.py) are message ids: when such a row is loaded, its name becomes
the lazy translation, so every place Wagtail prints it speaks the editor's language. Saving the
row unchanged stores the message id again, never one language's text; a name an administrator
types in the admin is kept as typed and shown as typed.
"""

from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext_lazy as _

from .roles import TASK_NAME, WORKFLOW_NAME

# The message ids, written out so makemessages finds them.
TRANSLATED = {
    WORKFLOW_NAME: _("Moderation"),
    TASK_NAME: _("Editors approve"),
}


def _translate(sender, instance, **kwargs):
    name = instance.__dict__.get("name")
    if isinstance(name, str) and name in TRANSLATED:
        instance.name = TRANSLATED[name]


def _store_message_id(sender, instance, **kwargs):
    for message_id, translated in TRANSLATED.items():
        if instance.__dict__.get("name") is translated:
            instance.name = message_id


def _with_subclasses(model):
    found = {model}
    for subclass in model.__subclasses__():
        found |= _with_subclasses(subclass)
    return found


def connect():
    from wagtail.models import Task, Workflow

    # Task types are subclasses of Task (multi-table): a signal's sender is the loaded class.
    for model in {Workflow, *_with_subclasses(Task)}:
        if model._meta.abstract:
            continue
        uid = f"erfa-workflow-names-{model._meta.label_lower}"
        post_init.connect(_translate, sender=model, dispatch_uid=uid)
        pre_save.connect(_store_message_id, sender=model, dispatch_uid=uid)
