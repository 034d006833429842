"""Follow buttons and the "My subscriptions" page."""

import pytest

from experiences.factories import ExperiencePageFactory, MunicipalityFactory, NetworkFactory, TopicFactory
from subscriptions.models import DigestSettings, Follow


@pytest.fixture
def malvik(db):
    return MunicipalityFactory(name="Malvik")


def test_follow_and_unfollow_a_municipality_from_its_page(english, experience_index, reader, malvik):
    english.force_login(reader)
    url = experience_index.url + "kommune/malvik/"
    assert "Follow Malvik" in english.get(url).content.decode()

    response = english.post(
        "/subscriptions/follow/", {"kind": "municipality", "slug": "malvik", "action": "follow", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Follow.objects.get(user=reader).municipality == malvik
    assert DigestSettings.objects.get(user=reader).language == "en"
    assert 'aria-pressed="true"' in english.get(url).content.decode()

    english.post("/subscriptions/follow/", {"kind": "municipality", "slug": "malvik", "action": "follow"})
    assert Follow.objects.filter(user=reader).count() == 1

    english.post(
        "/subscriptions/follow/", {"kind": "municipality", "slug": "malvik", "action": "unfollow", "next": url}
    )
    assert not Follow.objects.filter(user=reader).exists()


def test_network_page_and_filtered_index_offer_follow_buttons(english, experience_index, reader):
    NetworkFactory(name="DiguT")
    TopicFactory(name="Digital post")
    english.force_login(reader)
    assert "Follow DiguT" in english.get(experience_index.url + "nettverk/digut/").content.decode()
    assert "Follow Digital post (en)" in english.get(experience_index.url + "?topic=digital-post").content.decode()


def test_experience_page_offers_to_follow_its_topics_and_municipalities(english, experience_index, reader, malvik):
    page = ExperiencePageFactory(parent=experience_index, municipalities=[malvik], topics=[TopicFactory(name="Post")])
    english.force_login(reader)
    html = english.get(page.url).content.decode()
    assert "Follow Malvik" in html and "Follow Post (en)" in html


def test_anonymous_readers_are_asked_to_sign_in(client, experience_index, malvik):
    html = client.get(experience_index.url + "kommune/malvik/").content.decode()
    assert 'action="/subscriptions/follow/"' not in html
    response = client.post("/subscriptions/follow/", {"kind": "municipality", "slug": "malvik", "action": "follow"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/subscriptions/").status_code == 302
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "data, status",
    [
        ({"kind": "planet", "slug": "malvik", "action": "follow"}, 400),
        ({"kind": "municipality", "slug": "", "action": "follow"}, 400),
        ({"kind": "municipality", "slug": "malvik", "action": "explode"}, 400),
        ({"kind": "municipality", "slug": "atlantis", "action": "follow"}, 404),
    ],
)
def test_bad_follow_requests_are_refused(client, reader, malvik, data, status):
    client.force_login(reader)
    assert client.post("/subscriptions/follow/", data).status_code == status
    assert not Follow.objects.exists()


def test_follow_never_redirects_off_site(client, reader, malvik):
    client.force_login(reader)
    data = {"kind": "municipality", "slug": "malvik", "action": "follow", "next": "https://evil.example/"}
    assert client.post("/subscriptions/follow/", data)["Location"] == "/subscriptions/"


def test_my_subscriptions_sets_frequency_language_and_follows(client, reader, malvik):
    topic, network = TopicFactory(), NetworkFactory()
    client.force_login(reader)
    assert client.get("/subscriptions/").status_code == 200
    response = client.post(
        "/subscriptions/",
        {
            "frequency": "daily",
            "language": "sv",
            "topic": [topic.pk],
            "municipality": [malvik.pk],
            "network": [network.pk],
        },
    )
    assert response.status_code == 302
    settings = DigestSettings.objects.get(user=reader)
    assert (settings.frequency, settings.language) == ("daily", "sv")
    assert {str(follow.target) for follow in Follow.objects.filter(user=reader)} == {str(topic), "Malvik", str(network)}

    client.post("/subscriptions/", {"frequency": "weekly", "language": "sv", "topic": [topic.pk]})
    assert [follow.topic for follow in Follow.objects.filter(user=reader)] == [topic]


def test_my_subscriptions_rejects_unknown_values(english, reader):
    english.force_login(reader)
    response = english.post("/subscriptions/", {"frequency": "hourly", "language": "fi", "topic": [99999]})
    assert response.status_code == 400
    assert DigestSettings.objects.get(user=reader).frequency == "weekly"
