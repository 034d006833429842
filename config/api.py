"""Wagtail API v2 at /api/v2/: public pages, images and documents, read-only.

Documents and images are listed only where ``core.visibility.visible_media`` lets the reader
see them (used by a live page they may open, or marked public).
"""

import unicodedata

from django.db import models

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.api_fields import BaseUrlPageSerializer
from core.params import MAX_DIGITS, ascii_int
from core.visibility import visible_media

# Wagtail reads these with int() and hands any size to the database (10**30 overflows SQLite).
NUMBER_PARAMETERS = ("offset", "limit", "id", "child_of", "descendant_of", "ancestor_of", "translation_of")
# Page-tree parameters that also take the word "root".
TREE_PARAMETERS = ("child_of", "descendant_of")


class CheckedParametersMixin:
    """Every parameter Wagtail's endpoints would pass unchecked to the database or the search
    backend answers 400 with a message instead of a 500:

    - numbers (offset, ids, tree positions, integer field filters) must be ASCII digits that
      fit a database integer (core.params);
    - ``search`` may not hold control characters (NUL); quotes are dropped, because the SQLite
      backend quotes each term for FTS5 without escaping quotes inside it (``src="x"`` became
      a column filter); a search of nothing but spaces and quotes is no search.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._check_numbers(request)
        self._clean_search(request)

    def _number_parameters(self):
        fields = {
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey))
        }
        return {*NUMBER_PARAMETERS, *fields}

    def _check_numbers(self, request):
        for name in self._number_parameters() & set(request.GET):
            for value in request.GET.getlist(name):
                if name in TREE_PARAMETERS and value == "root":
                    continue
                if ascii_int(value) is None:
                    raise BadRequestError(
                        f"{name} must be a whole number of at most {MAX_DIGITS} digits, not {value[:40]!r}"
                    )

    @staticmethod
    def _clean_search(request):
        if "search" not in request.GET:
            return
        text = request.GET["search"]
        if any(unicodedata.category(char) == "Cc" for char in text):
            raise BadRequestError("search must not contain control characters")
        query = request._request.GET.copy()
        text = " ".join(text.replace('"', " ").split())
        if text:
            query["search"] = text
        else:
            del query["search"]
            query.pop("search_operator", None)
        request._request.GET = query


class PagesEndpoint(CheckedParametersMixin, PagesAPIViewSet):
    base_serializer_class = BaseUrlPageSerializer  # html_url on BASE_URL, not the Site record


class VisibleMediaMixin:
    def get_queryset(self):
        return visible_media(super().get_queryset(), self.request.user)


class ImagesEndpoint(VisibleMediaMixin, CheckedParametersMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(VisibleMediaMixin, CheckedParametersMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
