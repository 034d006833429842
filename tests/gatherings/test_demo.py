from django.core.management import call_command

from gatherings.models import GatheringPage


def test_the_demo_has_upcoming_and_past_gatherings_presenting_demo_reports(db, client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    gatherings = GatheringPage.objects.live()
    assert gatherings.count() == 3
    autumn = gatherings.get(slug="hostsamling-eforum-trondelag")
    assert not autumn.is_past and {"SvarUt", "Plan, bygg og geodata"} <= set(autumn.tracks())
    assert any(g.is_past for g in gatherings)
    report = autumn.sessions.exclude(report=None).first().report
    assert autumn.title in client.get(report.url).content.decode()
    assert autumn.title in client.get("/").content.decode()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert GatheringPage.objects.count() == 3
