"""Editors search the reference data listings by any column they see."""

import pytest

from experiences.factories import MunicipalityFactory, NationalSolutionFactory, NetworkFactory, TopicFactory


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-123"))
    return client


@pytest.mark.parametrize(
    ("model", "make", "query", "wanted", "unwanted"),
    [
        ("municipality", lambda: [MunicipalityFactory(name="Malvik", number="5031"), MunicipalityFactory(name="Timrå")],
         "5031", "Malvik", "Timrå"),
        ("municipality", lambda: [MunicipalityFactory(name="Malvik"), MunicipalityFactory(name="Timrå")],
         "alv", "Malvik", "Timrå"),
        ("topic", lambda: [TopicFactory(name="Velferdsteknologi", name_sv="Välfärdsteknik"),
                           TopicFactory(name="Barnehage", name_sv="Förskola")],
         "välfärd", "Velferdsteknologi", "Barnehage"),
        ("network", lambda: [NetworkFactory(name="DiguT", full_name="Digitalisering i Trøndelag"),
                             NetworkFactory(name="eSamverkan", full_name="Samverkan i Västernorrland")],
         "trøndelag", "DiguT", "eSamverkan"),
        ("nationalsolution", lambda: [NationalSolutionFactory(name="SvarUt"), NationalSolutionFactory(name="Digipost")],
         "svar", "SvarUt", "Digipost"),
    ],
)  # fmt: skip
def test_reference_data_listing_searches_every_listed_column(admin_client, model, make, query, wanted, unwanted):
    make()
    response = admin_client.get(f"/admin/snippets/experiences/{model}/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert wanted in html
    assert unwanted not in html
