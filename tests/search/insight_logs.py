"""Search requests and search-log rows for the insight tests (logging, clicks and the report)."""

import datetime

from django.test import RequestFactory
from django.utils import timezone

from search.models import SearchClick, SearchLog

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def search_request(language="nb", user_agent=BROWSER, user=None, **headers):
    request = RequestFactory().get("/search/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR="203.0.113.7", **headers)
    request.LANGUAGE_CODE = language
    if user is not None:
        request.user = user
    return request


def add_log(query, results=1, language="nb", days_ago=0, clicks=0):
    log = SearchLog.objects.create(
        query=query,
        ui_language=language,
        results=results,
        engine="database",
        filters={},
        created_at=timezone.now() - datetime.timedelta(days=days_ago, minutes=1),
    )
    for position in range(1, clicks + 1):
        SearchClick.objects.create(log=log, page_id=1, position=position)
    return log
