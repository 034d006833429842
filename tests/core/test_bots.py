"""One bot rule (core.bots) for read counts, search logs and result clicks."""

import pytest

from django.test import RequestFactory

from core.bots import is_bot

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


def request(user_agent, **headers):
    return RequestFactory().get("/", HTTP_USER_AGENT=user_agent, **headers)


@pytest.mark.parametrize(
    "user_agent",
    [
        FIREFOX,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 "
        "Safari/537.36 Edg/128.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 "
        "Mobile Safari/537.36",
    ],
)
def test_browsers_are_readers(user_agent):
    assert not is_bot(request(user_agent))


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/128.0.0.0",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "Wget/1.21.4",
        "Go-http-client/2.0",
        "",
        "   ",
    ],
)
def test_crawlers_previews_scripts_and_empty_agents_are_bots(user_agent):
    assert is_bot(request(user_agent))


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}, {"HTTP_X_MOZ": "prefetch"}],
)
def test_browser_prefetches_are_not_reads(headers):
    assert is_bot(request(FIREFOX, **headers))
