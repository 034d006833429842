"""Start-up checks of the search configuration: an unsupported engine stops migrate, runserver and check."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_search_engine(app_configs=None, **kwargs):
    from .engine import unsupported_engine_message

    message = unsupported_engine_message(settings.ERFA_SEARCH["ENGINE"])
    if message is None:
        return []
    return [checks.Error(message, hint="Set SEARCH_ENGINE to a supported value.", id="erfa_search.E001")]
