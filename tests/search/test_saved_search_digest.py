"""A followed search's digest finds its new matches as search does, on every backend."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from subscriptions.models import DigestSettings, SavedSearch


def test_a_followed_search_reports_new_public_matches_in_its_municipality(search_backend, reader, experience_index):
    steinkjer, voss = MunicipalityFactory(name="Steinkjer"), MunicipalityFactory(name="Voss")
    digest = DigestSettings.objects.create(user=reader, frequency="daily")
    DigestSettings.objects.filter(pk=digest.pk).update(created=timezone.now() - datetime.timedelta(days=1))
    # Inflected as a reader types it; the filter as the search page saves it.
    SavedSearch.objects.create(user=reader, query="trygghetsalarmene", filters={"municipality": [steinkjer.slug]})
    ExperiencePageFactory(
        parent=experience_index, title="Digitale trygghetsalarmer i Steinkjer", municipalities=[steinkjer]
    )
    ExperiencePageFactory(parent=experience_index, title="Trygghetsalarm på Voss", municipalities=[voss])
    internal = ExperiencePageFactory(
        parent=experience_index, title="Intern trygghetsalarm-evaluering", municipalities=[steinkjer]
    )
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    ExperiencePageFactory(parent=experience_index, title="SvarUt i Steinkjer", municipalities=[steinkjer])
    search_backend.sync()

    call_command("send_digests", "--frequency", "daily", stdout=StringIO())

    [message] = mail.outbox
    assert "Digitale trygghetsalarmer i Steinkjer" in message.body
    for absent in ("Voss", "Intern", "SvarUt"):
        assert absent not in message.body
