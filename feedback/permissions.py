"""Who may see and handle reader feedback, and the grant to the editors' groups.

The groups themselves ("Editors", "Administrators") belong to the accounts app; they are
looked up by name and silently skipped while they do not exist.
"""

from django.contrib.auth.models import Group, Permission

EDITOR_GROUPS = ("Editors", "Administrators")
EDITOR_PERMISSIONS = (
    ("feedback", "view_feedback"),
    ("feedback", "change_feedback"),
    ("feedback", "view_question"),
    ("feedback", "change_question"),
    ("feedback", "view_reuse"),
    ("dashboard", "view_dashboard"),
)


def grant_editor_permissions(sender=None, **kwargs):
    permissions = []
    for app_label, codename in EDITOR_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            permissions.append(permission)
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.add(*permissions)


def editor_emails():
    """Addresses of everyone in the Editors group (none if the group does not exist yet)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(groups__name="Editors", is_active=True).exclude(email="")
    return sorted({user.email for user in users})
