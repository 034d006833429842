import pytest

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory
from gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory, in_days


@pytest.fixture
def calendar_page(home):
    return GatheringIndexPageFactory(parent=home)


@pytest.fixture
def trondelag(db):
    malvik = MunicipalityFactory(name="Malvik")
    return NetworkFactory(name="eForum Trøndelag", members=[malvik])


@pytest.fixture
def autumn(calendar_page, experience_index, trondelag):
    """eForum Trøndelag's autumn gathering, with a session presenting a report."""
    malvik = trondelag.members.get()
    report = ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", municipalities=[malvik])
    return GatheringPageFactory(
        parent=calendar_page,
        title="Høstsamling eForum Trøndelag",
        starts_at=in_days(20, 9),
        ends_at=in_days(21, 15),
        place="Scandic Lerkendal, Trondheim",
        networks=[trondelag],
        sessions=[
            {
                "starts_at": in_days(20, 10),
                "title": "Digital post med SvarUt, erfaringer fra Malvik",
                "track": "SvarUt",
                "speakers": "Kari Nordmann",
                "municipality": malvik,
                "report": report,
            }
        ],
    )
