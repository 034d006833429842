"""The admin's "Public files": where editors mark a document or image public (``core.models.PublicMedia``).

Marking a file public publishes it without any page, so it takes what changing the file takes
(``media_scope.may_change_media``): an editor limited to a network cannot publish another
municipality's draft attachment. Only Editors and Administrators hold the model permissions.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from core.models import PublicMedia

from .media_scope import may_change_media


class PublicMediaForm(WagtailAdminModelForm):
    class Meta:
        model = PublicMedia
        fields = ["document", "image"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are only the files this user may change: the lists name no others.
        for name in ("document", "image"):
            field = self.fields[name]
            policy = policy_registry.get_by_type(field.queryset.model)
            field.queryset = policy.instances_user_has_any_permission_for(self.for_user, ["change"])

    def clean(self):
        cleaned = super().clean()
        document, image = cleaned.get("document"), cleaned.get("image")
        if bool(document) == bool(image):
            raise forms.ValidationError(_("Choose either a document or an image."), code="one_file")
        if not may_change_media(self.for_user, document or image):
            raise forms.ValidationError(
                _("You may not publish this file: a page you may not publish uses it."), code="out_of_scope"
            )
        return cleaned

    def save(self, commit=True):
        if self.instance.marked_by_id is None:
            self.instance.marked_by = self.for_user
        return super().save(commit=commit)


class PublicMediaViewSet(ModelViewSet):
    model = PublicMedia
    icon = "globe"
    menu_label = gettext_lazy("Public files")
    add_to_settings_menu = True
    list_display = ["__str__", "marked_by", "marked_at"]
    form_fields = ["document", "image"]

    def get_form_class(self, for_update=False):
        return PublicMediaForm


public_media_viewset = PublicMediaViewSet("core_publicmedia")
