"""API v2 page serializer whose ``html_url`` is on the configured base URL (core.urls)."""

from rest_framework.fields import Field

from wagtail.api.v2.serializers import PageSerializer

from .urls import page_url


class BaseUrlHtmlUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_url(page)


class BaseUrlPageSerializer(PageSerializer):
    html_url = BaseUrlHtmlUrlField(read_only=True)
