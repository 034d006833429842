from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def label_admin_widgets():
    """Give Wagtail's rich text editors and tag inputs the name of their field (axe: label, aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-a11y.js"))
