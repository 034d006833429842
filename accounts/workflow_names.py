"""The moderation workflow's and task's names in the reader's admin language.

Wagtail stores a workflow's and a task's name as a database row and prints it in many admin
places ("Submit to Moderation", "Awaiting Editors approve", history, reports). The names
Erfa creates (accounts/roles.py) are message ids: when such a row is loaded, its name becomes
the translation in the active language, so every place Wagtail prints it speaks the editor's
language. Saving the
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
    # A plain string in the language active when the row is loaded (Wagtail's admin activates the
    # editor's before its views read anything): Wagtail's __str__ must return a str, not a proxy.
    name = instance.__dict__.get("name")
    if isinstance(name, str) and name in TRANSLATED:
        translated = str(TRANSLATED[name])
        instance._erfa_loaded_name = (name, translated)
        instance.name = translated


def _store_message_id(sender, instance, **kwargs):
    message_id, translated = getattr(instance, "_erfa_loaded_name", (None, None))
    if message_id is not None and instance.name == translated:
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
