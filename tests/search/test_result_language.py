"""Search results lead to the page in the reader's UI language, whoever indexed it."""

from django.utils import translation

from experiences.factories import ExperiencePageFactory

LINK = 'href="{}"'


def test_results_link_to_the_page_in_the_readers_language(client, experience_index, search_backend):
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", slug="svarut-i-malvik")
    # Indexed while a Swedish admin request was active: the index must still hold one address.
    with translation.override("sv"):
        search_backend.sync()

    swedish = client.get("/sv/search/", {"q": "SvarUt"}).content.decode()
    assert LINK.format("/sv/erfaringer/svarut-i-malvik/") in swedish
    bokmal = client.get("/search/", {"q": "SvarUt"}).content.decode()
    assert LINK.format("/erfaringer/svarut-i-malvik/") in bokmal
    assert "/sv/erfaringer/" not in bokmal


def test_index_holds_the_bokmal_address_whichever_language_indexed_it(experience_index):
    from search.documents import build_document

    page = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", slug="svarut-i-malvik")
    with translation.override("sv"):
        document = build_document(page)
    assert document["url"] == "/erfaringer/svarut-i-malvik/"
