"""A Swedish or English reader meets Erfa in their own language: on every public page type, no text of
the interface (the chrome) is bokmål-only, the Swedish UI shows none of our English source strings
where a Swedish translation exists, and dates are written the locale's way.

What counts as the interface: every text node in the page body and the labels a screen reader reads
(aria-label, placeholder, title, alt), including collapsed and screen-reader-only text. Left out:
what is ``hidden`` until a script fills it in; content in its own language (an element whose ``lang``
differs from the page's UI language is a report's, guide's or place's own text and stays as
written); tags, words contributors typed in no one language.

What counts as bokmål-only: an nb msgstr of our catalogue that differs both from its msgid and from
the Swedish msgstr of the same message (``Status``, ``Wiki`` and ``Tema`` are the same words in all
three and prove nothing).
"""

import re
import urllib.parse

import pytest

from tests.i18n.catalogue import project_catalogue

from .test_accessibility import GUIDE, NORWEGIAN_EXPERIENCE, SWEDISH_EXPERIENCE, _page_ids

LANGUAGES = ["sv", "en"]

PAGES = {
    "home": "/",
    "experience index": "/erfaringer/?country=SE&topic=building-permits",
    "experience (nb content)": NORWEGIAN_EXPERIENCE,
    "experience (sv content)": SWEDISH_EXPERIENCE,
    "comparison": None,
    "municipality list": "/erfaringer/kommuner/",
    "municipality": "/erfaringer/kommune/malvik/",
    "network": "/erfaringer/nettverk/digut/",
    "wiki index": "/wiki/",
    "guide": GUIDE,
    "guide history": GUIDE + "historikk/",
    "theme index": "/tema/",
    "theme": "/tema/digital-post-og-svarut/",
    "standard page": "/om-erfa/",
    "accessibility statement": "/tilgjengelighet/",
    "search results with facets": "/search/?q=svarut",
    "search results filtered": "/search/?q=bygglov&country=SE",
    "search without results": "/search/?q=qqxxzzvv",
    "sign-in": "/accounts/login/",
    "not found": "/finnes-ikke/",
}
STATUS = {"not found": 404}

MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
# A day, a month name and a year, with an optional "." after the day (the bokmål form).
ANY_DATE = re.compile(
    r"\b\d{1,2}(\.?) (" + "|".join({m for names in MONTHS.values() for m in names.split()}) + r") \d{4}\b", re.I
)

# The page's interface texts: (text, where it was found) for every text node and label outside
# elements in another language than the page, scripts and templates.
CHROME_TEXTS = """() => {
  const uiLang = document.documentElement.lang;
  const foreign = (el) => { const owner = el.closest('[lang]'); return owner && owner.lang !== uiLang; };
  const skipped = 'script, style, template, noscript, [hidden], input[name=tag] ~ label';
  const ignored = (el) => el.closest(skipped) || foreign(el);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !ignored(el)) texts.push([walker.currentNode.textContent, el.tagName.toLowerCase()]);
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
    if (ignored(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.hasAttribute(name)) texts.push([el.getAttribute(name), `${el.tagName.toLowerCase()}[${name}]`]);
    }
  }
  texts.push([document.title, 'title']);
  return texts.map(([text, where]) => [text.replace(/\\s+/g, ' ').trim(), where]).filter(([text]) => text);
}"""

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _matcher(message):
    """A pattern for one translated string; placeholders match any text. None for strings a text node
    cannot hold whole (markup) or too little of which is fixed to mean anything."""
    if "<" in message or "\n" in message:
        return None
    parts = PLACEHOLDER.split(message)
    if len(parts) > 1 and sum(ch.isalpha() for ch in "".join(parts)) < 4:
        return None
    return re.compile(r"\s*" + ".+?".join(re.escape(re.sub(r"\s+", " ", p)) for p in parts) + r"\s*")


def _strings(entries):
    return [form for entry in entries if entry.translated for form in entry.msgstr]


@pytest.fixture(scope="module")
def wrong_language_strings():
    """For each UI language, the (pattern, message) pairs its interface must not show, and the texts
    that are right in it whatever else they equal."""
    nb, sv = project_catalogue("nb"), project_catalogue("sv")
    swedish = {(e.context, e.msgid): e for e in sv if e.translated}
    bokmal_only = set()
    english_translated_to_swedish = set()
    for entry in nb:
        if not entry.translated:
            continue
        other = swedish.get((entry.context, entry.msgid))
        sources = {entry.msgid, entry.msgid_plural}
        for form in entry.msgstr:
            if form not in sources and (other is None or form not in other.msgstr):
                bokmal_only.add(form)
    for entry in swedish.values():
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source not in entry.msgstr:
                english_translated_to_swedish.add(source)
    right = {
        "sv": set(_strings(sv)),
        "en": {source for entry in nb for source in (entry.msgid, entry.msgid_plural) if source},
    }
    wrong = {
        "sv": [("bokmål", text) for text in bokmal_only]
        + [("English", text) for text in english_translated_to_swedish],
        "en": [("bokmål", text) for text in bokmal_only],
    }
    compiled = {
        language: [(kind, text, pattern) for kind, text in items if (pattern := _matcher(text))]
        for language, items in wrong.items()
    }
    return compiled, right


def _address(server, name, language):
    path = PAGES[name]
    if path is None:
        ids = _page_ids(server, NORWEGIAN_EXPERIENCE, SWEDISH_EXPERIENCE)
        path = "/erfaringer/sammenlign/?" + urllib.parse.urlencode([("ids", i) for i in ids])
    return server(f"/{language}{path}")


def _wrong_texts(texts, wrong, right):
    found = []
    for text, where in texts:
        if text in right:
            continue
        for kind, message, pattern in wrong:
            if pattern.fullmatch(text):
                found.append(f"{kind} {text!r} in <{where}> (catalogue: {message!r})")
    return found


def _wrong_dates(texts, language):
    months = MONTHS[language].split()
    found = []
    for text, where in texts:
        for match in ANY_DATE.finditer(text):
            if match.group(1) or match.group(2) not in months:
                found.append(f"date {match.group(0)!r} in <{where}>")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_interface_speaks_the_readers_language(reused_page, e2e_server, wrong_language_strings, name, language):
    wrong, right = wrong_language_strings
    page = reused_page(language)
    response = page.goto(_address(e2e_server, name, language))
    assert response.status == STATUS.get(name, 200)
    assert page.get_attribute("html", "lang") == language
    texts = page.evaluate(CHROME_TEXTS)
    assert texts, "the page shows no interface text at all"
    problems = _wrong_texts(texts, wrong[language], right[language]) + _wrong_dates(texts, language)
    assert problems == [], f"{name} ({language}):\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_written_the_locales_way(reused_page, e2e_server, language):
    """The check above finds dates in the wrong form; this one proves it sees dates at all."""
    page = reused_page(language)
    page.goto(_address(e2e_server, "experience (nb content)", language))
    texts = page.evaluate(CHROME_TEXTS)
    months = MONTHS[language].split()
    dates = [m.group(0) for text, _ in texts for m in ANY_DATE.finditer(text)]
    assert dates, "no date on a report's page"
    assert all(re.fullmatch(r"\d{1,2} (\w+) \d{4}", d) and d.split()[1] in months for d in dates), dates
