from wagtail.models import Page

from experiences.factories import (
    ExperiencePageFactory,
    MunicipalityFactory,
    NationalSolutionFactory,
    NetworkFactory,
    TopicFactory,
)
from experiences.models import ExperienceIndexPage, ExperiencePage
from home.models import HomePage


def make_report(experience_index, **kwargs):
    defaults = {
        "title": "SvarUt i Malvik",
        "summary": "Malvik sendte brev digitalt fra første dag.",
        "contact_name": "Kari Kontakt",
        "contact_role": "Arkivleder",
        "contact_email": "kari.kontakt@malvik.example.no",
        "what_worked": "<p>Opplæring i små grupper fungerte.</p>",
        "key_figures": [{"type": "figure", "value": {"label": "Brev sendt digitalt", "value": "11 400"}}],
    }
    defaults.update(kwargs)
    return ExperiencePageFactory(parent=experience_index, **defaults)


def test_experience_pages_live_under_the_index_only(db):  # page types resolve through content types
    assert ExperiencePage.parent_page_types == ["experiences.ExperienceIndexPage"]
    assert ExperiencePage.can_create_at(ExperienceIndexPage())
    assert not ExperiencePage.can_create_at(HomePage())
    assert not ExperiencePage.can_create_at(Page())


def test_experience_page_renders_its_sections_and_figures(client, experience_index):
    municipality = MunicipalityFactory(name="Malvik")
    solution = NationalSolutionFactory(name="SvarUt")
    topic = TopicFactory(name="Digital post")
    page = make_report(experience_index, municipalities=[municipality], national_solutions=[solution], topics=[topic])
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("SvarUt i Malvik", "Opplæring i små grupper fungerte.", "11 400", "Brev sendt digitalt", "Malvik"):
        assert text in html
    assert 'lang="nb"' in html


def test_contact_email_hidden_from_anonymous(client, experience_index):
    page = make_report(experience_index)
    html = client.get(page.url).content.decode()
    assert "kari.kontakt@malvik.example.no" not in html
    assert "Kari Kontakt" not in html


def test_contact_shown_to_signed_in_reader(client, experience_index, reader):
    page = make_report(experience_index)
    client.force_login(reader)
    html = client.get(page.url).content.decode()
    assert "kari.kontakt@malvik.example.no" in html
    assert "Kari Kontakt" in html


def test_draft_experience_is_not_served(client, experience_index):
    page = ExperiencePageFactory(parent=experience_index, live=False, title="Hemmelig utkast")
    assert client.get(f"/{experience_index.slug}/{page.slug}/").status_code == 404


def test_related_experiences_are_linked(client, experience_index):
    from experiences.models import RelatedExperience

    other = make_report(experience_index, title="SvarUt i Steinkjer")
    page = make_report(experience_index, title="SvarUt i Levanger")
    page.related_links = [RelatedExperience(related_page=other)]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert other.url in html


def test_municipality_page_lists_its_contributions(client, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    other = MunicipalityFactory(name="Sundsvall")
    make_report(experience_index, title="Rapport fra Malvik", municipalities=[malvik])
    make_report(experience_index, title="Rapport från Sundsvall", municipalities=[other])
    response = client.get(f"{experience_index.url}kommune/{malvik.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapport fra Malvik" in html
    assert "Rapport från Sundsvall" not in html


def test_network_page_lists_members_and_contributions(client, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    network = NetworkFactory(name="DiguT", members=[malvik])
    make_report(experience_index, title="Felles SvarUt", municipalities=[malvik], network=network)
    make_report(experience_index, title="Uten nettverk", municipalities=[malvik])
    html = client.get(f"{experience_index.url}nettverk/{network.slug}/").content.decode()
    assert "DiguT" in html
    assert "Malvik" in html
    assert "Felles SvarUt" in html
    assert "Uten nettverk" not in html


def test_municipality_and_network_pages_are_paged_with_the_full_count(client, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    network = NetworkFactory(name="DiguT", members=[malvik])
    for number in range(23):
        make_report(experience_index, title=f"Rapport {number:02d}", municipalities=[malvik], network=network)
    for route in (f"kommune/{malvik.slug}/", f"nettverk/{network.slug}/"):
        first = client.get(f"{experience_index.url}{route}").content.decode()
        second = client.get(f"{experience_index.url}{route}?page=2").content.decode()
        assert "23 erfaringer" in first and "23 erfaringer" in second
        assert first.count('<article class="ds-card card"') == 20
        assert second.count('<article class="ds-card card"') == 3
        assert 'rel="next"' in first
        assert client.get(f"{experience_index.url}{route}?page=x").status_code == 400


def test_unknown_municipality_page_is_404(client, experience_index):
    assert client.get(f"{experience_index.url}kommune/finnes-ikke/").status_code == 404


def test_municipality_list_shows_counts(client, experience_index):
    malvik = MunicipalityFactory(name="Malvik")
    make_report(experience_index, municipalities=[malvik])
    response = client.get(f"{experience_index.url}kommuner/")
    assert response.status_code == 200
    assert "Malvik" in response.content.decode()


def test_filter_options_are_shared_per_audience_and_never_show_internal_values_to_the_public(
    client, reader, experience_index
):
    from wagtail.models import PageViewRestriction

    public = MunicipalityFactory(name="Malvik")
    hidden = MunicipalityFactory(name="Hemmelighamn")
    make_report(experience_index, title="Offentlig", municipalities=[public])
    internal = make_report(experience_index, title="Intern", municipalities=[hidden])
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(reader)
    signed_in = client.get(experience_index.url).content.decode()
    client.logout()
    anonymous = client.get(experience_index.url).content.decode()
    assert "Hemmelighamn" in signed_in
    assert "Hemmelighamn" not in anonymous and "Malvik" in anonymous


def test_index_filters_show_counts_and_leave_out_values_no_report_has(english, experience_index):
    malvik = MunicipalityFactory(name="Malvik", country="NO")
    make_report(experience_index, title="SvarUt i Malvik", municipalities=[malvik], status="completed")
    make_report(experience_index, title="Digital post i Malvik", municipalities=[malvik], status="completed")
    response = english.get(experience_index.url)
    html = response.content.decode()
    options = response.context["options"]
    assert [(code, count) for code, _label, count in options["country"]] == [("NO", 2)]
    assert [(code, count) for code, _label, count in options["status"]] == [("completed", 2)]
    assert 'name="country" value="SE"' not in html and 'name="country" value="NO"' in html
    assert 'name="status" value="planned"' not in html
    assert '>Malvik <span class="facet-count">(2<span class="ds-sr-only"> results</span>)</span></label>' in html
