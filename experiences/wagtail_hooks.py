from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Municipality, NationalSolution, Network, Region, Topic


class ReferenceDataViewSet(SnippetViewSet):
    # The tables are small, and editors search them by any listed column (a municipality
    # number, a Swedish topic name); Wagtail's search backend only knows the model's indexed
    # fields and refuses the others, so the listing searches with the ORM.
    search_backend_name = None


class MunicipalityViewSet(ReferenceDataViewSet):
    model = Municipality
    icon = "home"
    list_display = ["name", "number", "region", "country", "population"]
    list_filter = ["country", "region"]
    search_fields = ["name", "number"]


class NetworkViewSet(ReferenceDataViewSet):
    model = Network
    icon = "group"
    list_display = ["name", "full_name", "country"]
    list_filter = ["country"]
    search_fields = ["name", "full_name"]


class RegionViewSet(ReferenceDataViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "name_sv", "name_en", "code", "country"]
    list_filter = ["country"]
    search_fields = ["name", "name_sv", "name_en"]
    panels = ["name", "name_sv", "name_en", "slug", "code", "country"]


class TopicViewSet(ReferenceDataViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "name_sv", "name_en", "slug"]
    search_fields = ["name", "name_sv", "name_en"]
    panels = ["name", "name_sv", "name_en", "slug"]


class NationalSolutionViewSet(ReferenceDataViewSet):
    model = NationalSolution
    icon = "cogs"
    list_display = ["name", "name_sv", "name_en", "country"]
    list_filter = ["country"]
    search_fields = ["name", "name_sv", "name_en"]
    panels = ["name", "name_sv", "name_en", "slug", "country", "description"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (MunicipalityViewSet, NetworkViewSet, RegionViewSet, TopicViewSet, NationalSolutionViewSet)


register_snippet(ReferenceDataGroup)
