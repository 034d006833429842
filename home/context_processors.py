from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _navigation():
    from experiences.models import ExperienceIndexPage
    from wiki.models import ThemeIndexPage, WikiIndexPage

    return {
        "experiences": ExperienceIndexPage.objects.live().first(),
        "wiki": WikiIndexPage.objects.live().first(),
        "themes": ThemeIndexPage.objects.live().first(),
    }


def navigation(request):
    """The section index pages for the header; looked up only when a template uses them."""
    return {
        "nav_pages": SimpleLazyObject(_navigation),
        "site_content_language": settings.ERFA_SITE_CONTENT_LANGUAGE,
    }
