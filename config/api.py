"""Wagtail API v2 at /api/v2/: public pages, images and documents, read-only.

Documents and images are listed only where ``core.visibility.visible_media`` lets the reader
see them (used by a live page they may open, or marked public).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.api_fields import BaseUrlPageSerializer
from core.visibility import visible_media


class QuotesFreeSearchMixin:
    """The SQLite search backend quotes each term for FTS5 without escaping quotes inside it, so
    ``?search=src="javascript:x"`` became FTS syntax (a column filter) and a 500. Quotes carry no
    meaning for a search here; they are dropped."""

    def listing_view(self, request):
        if '"' in request.GET.get("search", ""):
            query = request._request.GET.copy()
            query["search"] = query["search"].replace('"', " ")
            request._request.GET = query
        return super().listing_view(request)


class PagesEndpoint(QuotesFreeSearchMixin, PagesAPIViewSet):
    base_serializer_class = BaseUrlPageSerializer  # html_url on BASE_URL, not the Site record


class VisibleMediaMixin:
    def get_queryset(self):
        return visible_media(super().get_queryset(), self.request.user)


class ImagesEndpoint(VisibleMediaMixin, QuotesFreeSearchMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(VisibleMediaMixin, QuotesFreeSearchMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
