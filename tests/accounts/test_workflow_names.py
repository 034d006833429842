"""The moderation workflow and task that Erfa creates are named in the editor's admin language."""

from django.urls import reverse
from django.utils import translation

from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from accounts.roles import TASK_NAME, WORKFLOW_NAME
from experiences.factories import ExperiencePageFactory

from .helpers import edit_form


def _names():
    return str(Workflow.objects.get(name=WORKFLOW_NAME).name), str(Task.objects.get(name=TASK_NAME).specific.name)


def test_workflow_and_task_names_follow_the_admin_language(roles_exist):
    with translation.override("sv"):
        assert _names() == ("granskning", "redaktionens godkännande")
    with translation.override("nb"):
        assert _names() == ("gjennomgang", "redaksjonens godkjenning")
    with translation.override("en"):
        assert _names() == ("Moderation", "Editors approve")


def test_saving_the_workflow_keeps_the_message_id_not_one_languages_text(roles_exist):
    with translation.override("sv"):
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        workflow.save()
        task = Task.objects.get(name=TASK_NAME).specific
        task.save()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert Task.objects.filter(name=TASK_NAME).count() == 1


def test_a_name_an_administrator_types_is_kept_as_typed(roles_exist):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    workflow.name = "Kvalitetssikring"
    workflow.save()
    with translation.override("sv"):
        assert str(Workflow.objects.get(pk=workflow.pk).name) == "Kvalitetssikring"


def test_a_swedish_contributor_submitting_a_report_meets_no_english_workflow_names(
    client, users, experience_index, municipality_b
):
    contributor = users["contributor_b"]
    UserProfile.get_for_user(contributor).__class__.objects.filter(user=contributor).update(preferred_language="sv")
    report = ExperiencePageFactory(
        parent=experience_index, title="Digital brevlåda i Timrå", municipalities=[municipality_b], live=False
    )
    data = edit_form(client, report)  # signs in as an administrator to read the form, then out
    client.force_login(contributor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    page = client.get(edit_url).content.decode()
    assert "Lämna in till granskning" in page
    assert client.post(edit_url, {**data, "action-submit": "1"}).status_code == 302

    response = client.get(edit_url, follow=True)
    assert response.status_code == 200, response.redirect_chain
    page = response.content.decode()
    assert "redaktionens godkännande" in page
    for english in (WORKFLOW_NAME, TASK_NAME):
        assert english not in page
