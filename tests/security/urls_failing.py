"""The site's URLs plus one view that fails, to see the headers on a 500 response."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("deliberate failure for the 500-page test")


urlpatterns = [path("__fail__/", failing_view), *site_urlpatterns]
