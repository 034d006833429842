from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Municipality, NationalSolution, Network, Region, Topic


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "home"
    list_display = ["name", "number", "region", "country", "population"]
    list_filter = ["country", "region"]
    search_fields = ["name", "number"]


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "group"
    list_display = ["name", "full_name", "country"]
    list_filter = ["country"]
    search_fields = ["name", "full_name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "code", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "name_sv", "name_en", "slug"]
    search_fields = ["name", "name_sv", "name_en"]


class NationalSolutionViewSet(SnippetViewSet):
    model = NationalSolution
    icon = "cogs"
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (MunicipalityViewSet, NetworkViewSet, RegionViewSet, TopicViewSet, NationalSolutionViewSet)


register_snippet(ReferenceDataGroup)
