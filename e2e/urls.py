from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def fail_on_purpose(request):
    raise RuntimeError("e2e: a deliberate server error to exercise the 500 page")


# Before the site's patterns, whose last entry is Wagtail's catch-all.
urlpatterns = [path("e2e-server-error/", fail_on_purpose), *site_urlpatterns]
