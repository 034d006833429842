import pytest

from django.core.management import call_command

from experiences.models import ExperiencePage, Network
from wiki.models import GuidePage, ThemePage


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_meets_the_content_brief(demo):
    experiences = ExperiencePage.objects.live()
    assert experiences.count() >= 30
    municipalities = {m.pk for page in experiences for m in page.municipalities.all()}
    assert len(municipalities) >= 12
    assert {"NO", "SE"} <= {m.country for page in experiences for m in page.municipalities.all()}
    assert Network.objects.filter(experiences__in=experiences).distinct().count() >= 3
    assert {"nb", "nn", "sv"} <= set(experiences.values_list("language", flat=True))
    assert GuidePage.objects.live().count() >= 10
    assert GuidePage.objects.live().filter(depth__gt=GuidePage.objects.order_by("depth").first().depth).exists()
    assert ThemePage.objects.live().count() >= 4


def test_demo_pages_all_render(demo, client):
    for page in (
        list(ExperiencePage.objects.live()[:5]) + list(GuidePage.objects.live()) + list(ThemePage.objects.live())
    ):
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/").status_code == 200


def test_load_demo_again_keeps_existing_data(demo):
    page = ExperiencePage.objects.live().first()
    revision = page.get_latest_revision_as_object()
    revision.title = "Redigert av en redaktør"
    revision.save_revision().publish()
    counts = (ExperiencePage.objects.count(), GuidePage.objects.count(), ThemePage.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ExperiencePage.objects.count(), GuidePage.objects.count(), ThemePage.objects.count()) == counts
    assert ExperiencePage.objects.get(pk=page.pk).title == "Redigert av en redaktør"
