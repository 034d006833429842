"""Telling readers from crawlers, link previews, monitors, scripts and prefetches.

One rule for every count of what people do (reads of a report, searches, result clicks):
if two counters disagreed on who is a reader, their figures could not be compared.
"""

import re

# An empty user agent counts as a bot too: browsers always send one.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|scrapy|facebookexternalhit|embedly|preview|"
    r"monitor|uptime|pingdom|lighthouse|headless|phantomjs|python-requests|python-urllib|"
    r"aiohttp|httpx|curl/|wget/|libwww|go-http-client|java/|okhttp|axios|node-fetch",
    re.IGNORECASE,
)


def is_bot(request):
    """Crawlers, prefetches and scripts: what they fetch is not a reader's read, search or click."""
    headers = request.headers
    # A prefetched page may never be looked at.
    if headers.get("Sec-Purpose", "").startswith("prefetch") or headers.get("Purpose") == "prefetch":
        return True
    if headers.get("X-Moz") == "prefetch":
        return True
    user_agent = headers.get("User-Agent", "").strip()
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))
