"""Reader feedback in the GDPR registry (``core.personal_data``): export and erasure.

Found by e-mail address: questions the person asked (the reply-to address or the asking
account), questions e-mailed to them as a contact person, reuses their account recorded and
anonymous comments that quote the address. Erasure anonymises rather than deletes: the
question text, the vote and the municipality's reuse stay useful to editors and the
dashboard, but nothing in them points at the person any more.
"""

from django.db.models import Q

from core.personal_data import ERASED_TEXT


def _asked(person):
    from .models import Question

    return Question.objects.filter(Q(asker_email__iexact=person.email) | Q(user__email__iexact=person.email))


def _recipients(question):
    return {line.strip().lower() for line in question.recipients.splitlines() if line.strip()}


def _addressed(person):
    """Questions e-mailed to the address (``recipients`` holds one address a line) or quoting it."""
    from .models import Question

    email = person.email.lower()
    candidates = Question.objects.filter(Q(recipients__icontains=person.email) | Q(text__icontains=person.email))
    return [
        question
        for question in candidates.exclude(pk__in=_asked(person).values("pk")).order_by("pk")
        if email in _recipients(question) or email in question.text.lower()
    ]


def _reuses(person):
    from .models import Reuse

    return Reuse.objects.filter(user__email__iexact=person.email)


def _comments(person):
    from .models import Feedback

    return Feedback.objects.filter(comment__icontains=person.email)


def _place(kind, description, items, **listed):
    """One entry of the registry's answer, or none when the person is not in ``items``."""
    return [{"kind": kind, "description": description, "count": len(items), **listed}] if items else []


def find_feedback(person):
    asked = list(_asked(person).order_by("pk"))
    addressed = _addressed(person)
    reuse_ids = list(_reuses(person).order_by("pk").values_list("pk", flat=True))
    comment_ids = list(_comments(person).order_by("pk").values_list("pk", flat=True))
    return [
        *_place(
            "question_asked",
            "Questions the person asked about experience reports",
            asked,
            questions=[
                {"question_id": q.pk, "page_id": q.page_id, "asker_email": q.asker_email, "created": q.created}
                for q in asked
            ],
        ),
        *_place(
            "question_recipient",
            "Questions sent to the person as a contact person, or quoting their address",
            addressed,
            question_ids=[q.pk for q in addressed],
        ),
        *_place(
            "reuse_recorder",
            "Reuses of experience reports recorded by the person's account",
            reuse_ids,
            reuse_ids=reuse_ids,
        ),
        *_place(
            "feedback_comment",
            "Anonymous feedback comments that quote the address",
            comment_ids,
            feedback_ids=comment_ids,
        ),
    ]


def erase_feedback(person, *, dry_run=False, user=None):
    pattern = person.email_pattern()
    changes = []

    asked = list(_asked(person))
    if not dry_run:
        for question in asked:
            question.asker_email = ERASED_TEXT
            question.user = None
            question.text = pattern.sub(ERASED_TEXT, question.text)
            question.recipients = pattern.sub(ERASED_TEXT, question.recipients)
            question.save(update_fields=["asker_email", "user", "text", "recipients"])
    if asked:
        changes.append({"kind": "question_asked", "description": "Asker removed from questions", "count": len(asked)})

    addressed = _addressed(person)
    if not dry_run:
        for question in addressed:
            question.recipients = pattern.sub(ERASED_TEXT, question.recipients)
            question.text = pattern.sub(ERASED_TEXT, question.text)
            question.save(update_fields=["recipients", "text"])
    if addressed:
        changes.append(
            {
                "kind": "question_recipient",
                "description": "Address removed from questions sent to the person",
                "count": len(addressed),
            }
        )

    # The municipality's reuse stays counted; only who recorded it goes.
    reuses = _reuses(person)
    count = reuses.count()
    if count:
        if not dry_run:
            reuses.update(user=None)
        changes.append({"kind": "reuse_recorder", "description": "Recorder removed from reuses", "count": count})

    comments = list(_comments(person))
    if not dry_run:
        for feedback in comments:
            feedback.comment = pattern.sub(ERASED_TEXT, feedback.comment)
            feedback.save(update_fields=["comment"])
    if comments:
        changes.append(
            {
                "kind": "feedback_comment",
                "description": "Address removed from feedback comments",
                "count": len(comments),
            }
        )
    return changes
