import pytest

from django.contrib.auth.models import Group

from accounts.membership import assign, set_role
from accounts.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS
from experiences.factories import ExperiencePageFactory, MunicipalityFactory

PASSWORD = "pw-Erfa-2026!"


@pytest.fixture
def municipality_a(db):
    return MunicipalityFactory(name="Malvik")


@pytest.fixture
def municipality_b(db):
    return MunicipalityFactory(name="Timrå", country="SE")


def make_user(django_user_model, username, role=None, municipalities=(), networks=None):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, first_name=username.title()
    )
    if role:
        set_role(user, role)
    if municipalities or networks:
        assign(user, municipalities, networks)
    return user


@pytest.fixture
def users(django_user_model, municipality_a, municipality_b):
    """One user per role; ``None`` stands for the anonymous visitor."""
    return {
        "anonymous": None,
        "reader": make_user(django_user_model, "reader"),
        "contributor_a": make_user(django_user_model, "contributor_a", CONTRIBUTORS, [municipality_a]),
        "contributor_b": make_user(django_user_model, "contributor_b", CONTRIBUTORS, [municipality_b]),
        "editor": make_user(django_user_model, "editor", EDITORS),
        "administrator": make_user(django_user_model, "administrator", ADMINISTRATORS),
    }


@pytest.fixture
def report_a(experience_index, municipality_a):
    return ExperiencePageFactory(parent=experience_index, title="SvarUt i Malvik", municipalities=[municipality_a])


@pytest.fixture
def roles_exist(db):
    assert Group.objects.filter(name__in=[CONTRIBUTORS, EDITORS, ADMINISTRATORS]).count() == 3
