"""Subscriptions in the GDPR registry (``core.personal_data``): export only.

Follows, saved searches, digest settings and the list of digests sent belong to a reader's *account*, not
to their role as a contact person, so ``erase_contact_person`` leaves them alone and says
they are still held; they go when the account is deleted (the rows cascade with it).
"""


def find_subscriptions(person):
    from .models import DigestItem, DigestSettings, Follow, SavedSearch

    places = []
    follows = list(
        Follow.objects.filter(user__email__iexact=person.email).select_related(
            "user", "topic", "municipality", "network", "solution"
        )
    )
    if follows:
        places.append(
            {
                "kind": "follow",
                "description": "What the person's account follows (deleted with the account)",
                "kept": True,
                "count": len(follows),
                "follows": [
                    {"user_id": f.user_id, "kind": f.kind, "target": str(f.target), "created": f.created}
                    for f in follows
                ],
            }
        )
    for digest_settings in DigestSettings.objects.filter(user__email__iexact=person.email):
        places.append(
            {
                "kind": "digest_settings",
                "description": "E-mail digest settings of the person's account (deleted with the account)",
                "kept": True,
                "user_id": digest_settings.user_id,
                "fields": {
                    "frequency": digest_settings.frequency,
                    "language": digest_settings.language,
                    "last_digest_at": digest_settings.last_digest_at,
                },
            }
        )
    sent = list(DigestItem.objects.filter(user__email__iexact=person.email).values_list("page_id", flat=True))
    if sent:
        places.append(
            {
                "kind": "digest_item",
                "description": "Experience reports already sent to the person in digests (deleted with the account)",
                "kept": True,
                "count": len(sent),
                "page_ids": sorted(sent),
            }
        )
    saved = list(SavedSearch.objects.filter(user__email__iexact=person.email))
    if saved:
        places.append(
            {
                "kind": "saved_search",
                "description": "Searches the person's account follows (deleted with the account)",
                "kept": True,
                "count": len(saved),
                "searches": [
                    {"user_id": s.user_id, "query": s.query, "filters": s.filters, "created": s.created} for s in saved
                ],
            }
        )
    return places
