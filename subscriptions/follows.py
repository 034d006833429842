"""Following topics, municipalities, networks and national solutions."""

from django.db import IntegrityError, transaction

from experiences.models import Municipality, NationalSolution, Network, Topic

from .models import KINDS, DigestSettings, Follow

MODELS = {"topic": Topic, "municipality": Municipality, "network": Network, "solution": NationalSolution}


def kind_of(obj):
    for kind, model in MODELS.items():
        if isinstance(obj, model):
            return kind
    raise TypeError(f"{type(obj).__name__} cannot be followed")


def followed_ids(user):
    """{kind: set of ids} the user follows."""
    ids = {kind: set() for kind in KINDS}
    for follow in Follow.objects.filter(user=user):
        ids[follow.kind].add(getattr(follow, f"{follow.kind}_id"))
    return ids


def is_following(user, obj):
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **{kind_of(obj): obj}).exists()


def ensure_settings(user, language):
    settings, _created = DigestSettings.objects.get_or_create(user=user, defaults={"language": language})
    return settings


def follow(user, obj):
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **{kind_of(obj): obj})
    except IntegrityError:
        pass  # a parallel request followed it first


def unfollow(user, obj):
    Follow.objects.filter(user=user, **{kind_of(obj): obj}).delete()


def set_follows(user, kind, objects):
    wanted = {obj.pk for obj in objects}
    current = followed_ids(user)[kind]
    Follow.objects.filter(user=user, **{f"{kind}_id__in": current - wanted}).delete()
    Follow.objects.bulk_create([Follow(user=user, **{f"{kind}_id": pk}) for pk in wanted - current])
