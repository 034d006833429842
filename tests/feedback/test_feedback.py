"""'Was this useful?', 'We reused this' and questions to the contributing municipality."""

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

from wagtail.models import PageViewRestriction

from accounts.membership import assign
from experiences.factories import ExperiencePageFactory, MunicipalityFactory
from feedback.models import COMMENT_MAX_LENGTH, Feedback, Question, Reuse
from wiki.factories import GuidePageFactory


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture
def malvik(db):
    return MunicipalityFactory(name="Malvik")


@pytest.fixture
def report(experience_index, malvik):
    return ExperiencePageFactory(
        parent=experience_index,
        title="SvarUt i Malvik",
        municipalities=[malvik],
        contact_name="Kari Kontakt",
        contact_email="kari@malvik.example.no",
    )


@pytest.fixture
def guide(wiki_index):
    return GuidePageFactory(parent=wiki_index, title="Kom i gang med digital post")


# --- was this useful? ---------------------------------------------------------------


def test_experience_and_guide_pages_carry_an_accessible_feedback_form(client, report, guide):
    for page in (report, guide):
        html = client.get(page.url).content.decode()
        assert f'action="/feedback/{page.pk}/useful/"' in html
        assert "csrfmiddlewaretoken" in html
        assert "<fieldset" in html and "<legend" in html
        assert 'name="comment"' in html and f'maxlength="{COMMENT_MAX_LENGTH}"' in html


def test_anonymous_vote_is_stored_and_thanked(english, report):
    response = english.post(f"/feedback/{report.pk}/useful/", {"useful": "yes", "comment": "  Nyttig!  "})
    assert response.status_code == 302
    assert response["Location"] == f"{report.url}#feedback"
    feedback = Feedback.objects.get()
    assert (feedback.page_id, feedback.useful, feedback.comment, feedback.language, feedback.handled) == (
        report.pk,
        True,
        "Nyttig!",
        "en",
        False,
    )
    html = english.get(report.url).content.decode()
    assert "Thank you for your feedback" in html
    assert f'action="/feedback/{report.pk}/useful/"' not in html


def test_guide_accepts_a_no_vote(client, guide):
    assert client.post(f"/feedback/{guide.pk}/useful/", {"useful": "no"}).status_code == 302
    assert Feedback.objects.get().useful is False


def test_one_vote_per_session_per_page(client, report, guide):
    client.post(f"/feedback/{report.pk}/useful/", {"useful": "yes"})
    client.post(f"/feedback/{report.pk}/useful/", {"useful": "no"})
    client.post(f"/feedback/{guide.pk}/useful/", {"useful": "no"})
    assert sorted(Feedback.objects.values_list("page_id", "useful")) == sorted([(report.pk, True), (guide.pk, False)])


def test_one_address_is_capped_even_without_cookies(client, report, settings):
    from feedback import views

    for _ in range(views.MAX_POSTS_PER_ADDRESS_PER_HOUR):
        client.cookies.clear()
        assert client.post(f"/feedback/{report.pk}/useful/", {"useful": "yes"}).status_code == 302
    client.cookies.clear()
    assert client.post(f"/feedback/{report.pk}/useful/", {"useful": "yes"}).status_code == 429
    assert Feedback.objects.count() == views.MAX_POSTS_PER_ADDRESS_PER_HOUR


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose yes or no."),
        ({"useful": "maybe"}, "Select a valid choice"),
        ({"useful": "yes", "comment": "x" * (COMMENT_MAX_LENGTH + 1)}, "at most 1000 characters"),
    ],
)
def test_bad_votes_answer_400_with_the_reason(english, report, data, message):
    response = english.post(f"/feedback/{report.pk}/useful/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_votes_on_drafts_restricted_or_other_pages_answer_404(client, experience_index, home):
    draft = ExperiencePageFactory(parent=experience_index, live=False)
    private = ExperiencePageFactory(parent=experience_index)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for page_id in (draft.pk, private.pk, home.pk, 999999, 2**64):
        assert client.post(f"/feedback/{page_id}/useful/", {"useful": "yes"}).status_code == 404
    assert not Feedback.objects.exists()


def test_signed_in_readers_can_give_feedback_on_internal_pages_they_may_open(client, experience_index, reader):
    internal = ExperiencePageFactory(parent=experience_index)
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    assert client.post(f"/feedback/{internal.pk}/useful/", {"useful": "yes"}).status_code == 404
    client.force_login(reader)
    assert client.post(f"/feedback/{internal.pk}/useful/", {"useful": "yes"}).status_code == 302
    assert Feedback.objects.get().page_id == internal.pk


def test_votes_need_the_csrf_token(report):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/feedback/{report.pk}/useful/", {"useful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_feedback_only_accepts_post(client, report):
    assert client.get(f"/feedback/{report.pk}/useful/").status_code == 405


# --- we reused this -------------------------------------------------------------------


def test_reuse_count_is_shown_and_counts_each_municipality_once(client, english, report, reader):
    levanger, timra = MunicipalityFactory(name="Levanger"), MunicipalityFactory(name="Timrå")
    assign(reader, [levanger, timra])
    english.force_login(reader)
    for municipality in (levanger, timra, levanger):
        response = english.post(f"/feedback/{report.pk}/reused/", {"municipality": municipality.pk})
        assert response.status_code == 302
    assert Reuse.objects.filter(page=report).count() == 2
    html = english.get(report.url).content.decode()
    assert "Reused by 2 municipalities: Levanger, Timrå" in html
    assert "Levanger is already recorded as reusing this." in html


def test_reuse_count_is_in_the_api(client, report):
    Reuse.objects.create(page=report, municipality=MunicipalityFactory())
    data = client.get(f"/api/v2/pages/{report.pk}/").json()
    assert data["reused_by_count"] == 1


def test_anonymous_readers_are_sent_to_sign_in_to_record_reuse(english, report):
    client = english
    html = client.get(report.url).content.decode()
    assert "Sign in to record that your municipality reused this." in html
    assert f'action="/feedback/{report.pk}/reused/"' not in html
    response = client.post(f"/feedback/{report.pk}/reused/", {"municipality": MunicipalityFactory().pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reuse.objects.exists()


def test_a_municipality_cannot_reuse_its_own_report_or_a_missing_one(english, report, reader, malvik):
    assign(reader, [malvik, MunicipalityFactory(name="Levanger")])
    english.force_login(reader)
    for value in (malvik.pk, "", "abc", 999999):
        response = english.post(f"/feedback/{report.pk}/reused/", {"municipality": value})
        assert response.status_code == 400
    assert not Reuse.objects.exists()


def test_members_are_offered_and_may_record_only_their_own_municipalities(english, report, reader):
    levanger, timra = MunicipalityFactory(name="Levanger"), MunicipalityFactory(name="Timrå")
    assign(reader, [levanger])
    english.force_login(reader)
    html = english.get(report.url).content.decode()
    assert f'<option value="{levanger.pk}">Levanger</option>' in html
    assert f'value="{timra.pk}"' not in html
    response = english.post(f"/feedback/{report.pk}/reused/", {"municipality": timra.pk})
    assert response.status_code == 400
    assert "Choose a municipality from the list." in response.content.decode()
    assert not Reuse.objects.exists()


def test_readers_without_a_municipality_get_an_explanation_instead_of_the_reuse_form(english, report, reader):
    english.force_login(reader)
    html = english.get(report.url).content.decode()
    assert "Only users linked to a municipality can record reuse." in html
    assert f'action="/feedback/{report.pk}/reused/"' not in html
    response = english.post(f"/feedback/{report.pk}/reused/", {"municipality": MunicipalityFactory().pk})
    assert response.status_code == 403
    assert "Only users linked to a municipality can record reuse." in response.content.decode()
    assert not Reuse.objects.exists()


def test_members_of_only_the_reporting_municipality_are_told_why_there_is_no_form(english, report, reader, malvik):
    assign(reader, [malvik])
    english.force_login(reader)
    html = english.get(report.url).content.decode()
    assert "Your municipality wrote this report" in html
    assert f'action="/feedback/{report.pk}/reused/"' not in html


# --- questions ------------------------------------------------------------------------


@pytest.fixture
def editors(django_user_model):
    group, _created = Group.objects.get_or_create(name="Editors")
    editor = django_user_model.objects.create_user("edna", email="edna@erfa.example", password="pw-edna-123")
    editor.groups.add(group)
    return group


def test_question_reaches_the_contact_person_and_the_editors(client, report, reader, editors):
    client.force_login(reader)
    response = client.post(f"/feedback/{report.pk}/question/", {"text": "Hvor lang tid tok opplæringen?"})
    assert response.status_code == 302
    assert response["Location"].endswith("#ask")
    question = Question.objects.get()
    assert (question.user, question.asker_email, question.emailed) == (reader, "reader@example.org", True)
    [message] = mail.outbox
    assert sorted(message.to) == ["edna@erfa.example", "kari@malvik.example.no"]
    assert message.reply_to == ["reader@example.org"]
    assert "Hvor lang tid tok opplæringen?" in message.body
    assert "SvarUt i Malvik" in message.subject


def test_question_without_editors_group_still_reaches_the_contact(client, report, reader):
    client.force_login(reader)
    client.post(f"/feedback/{report.pk}/question/", {"text": "Hei"})
    assert mail.outbox[0].to == ["kari@malvik.example.no"]


def test_anonymous_readers_see_a_sign_in_link_instead_of_the_question_form(client, report):
    html = client.get(report.url).content.decode()
    assert f'action="/feedback/{report.pk}/question/"' not in html
    assert "/accounts/login/?next=" in html
    response = client.post(f"/feedback/{report.pk}/question/", {"text": "Hei"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Question.objects.exists() and not mail.outbox


def test_empty_or_overlong_questions_answer_400(english, report, reader):
    english.force_login(reader)
    assert english.post(f"/feedback/{report.pk}/question/", {"text": ""}).status_code == 400
    assert english.post(f"/feedback/{report.pk}/question/", {"text": "x" * 2001}).status_code == 400
    assert not Question.objects.exists() and not mail.outbox


def test_signed_in_reader_sees_the_question_form_and_the_confirmation(english, report, reader):
    english.force_login(reader)
    # The form posts within the reader's language, so its answer comes back in English too.
    assert f'action="/en/feedback/{report.pk}/question/"' in english.get(report.url).content.decode()
    english.post(f"/feedback/{report.pk}/question/", {"text": "Hei"})
    assert "Your question has been sent." in english.get(report.url).content.decode()


def test_a_question_about_a_report_whose_stored_title_has_a_line_break_is_kept_and_sent(client, report, reader):
    # A title stored before titles were single-line (straight into the database).
    type(report).objects.filter(pk=report.pk).update(title="SvarUt i Malvik\r\nBcc: victim@example.org")
    client.force_login(reader)
    client.raise_request_exception = False
    response = client.post(f"/feedback/{report.pk}/question/", {"text": "Hvor lang tid tok opplæringen?"})
    assert response.status_code == 302
    assert Question.objects.get().emailed is True
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "SvarUt i Malvik Bcc: victim@example.org" in message.subject
    assert "victim@example.org" not in message.recipients()
