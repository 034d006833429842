"""Editors manage the cross-language equivalence list as snippets in the admin."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import Equivalence

MAX_PREFILL = 300


class EquivalenceCreateView(CreateView):
    def get_initial_form_instance(self):
        # One click from a zero-result query in the search insight report lands here
        # with the query already filled in (?terms=…).
        instance = super().get_initial_form_instance() or self.model()
        instance.terms = self.request.GET.get("terms", "")[:MAX_PREFILL]
        return instance


class EquivalenceViewSet(SnippetViewSet):
    model = Equivalence
    icon = "resubmit"
    menu_label = _("Equivalent terms")
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = EquivalenceCreateView
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
