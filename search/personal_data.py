"""Search in the GDPR registry (``core.personal_data``).

Search texts (``SearchLog``) and equivalence notes are walked for the person like any other
text. After an erasure every changed page goes through the outbox, so the engine index is
rewritten from the erased text; Wagtail's database index is refreshed by the registry itself.
"""

from core import personal_data


def reindex_erased_pages(changes):
    from .indexing import enqueue

    page_ids = sorted({change["page_id"] for change in changes if change.get("page_id")})
    if page_ids:
        enqueue(page_ids, "erasure")


def register(app_config):
    personal_data.register_models(*app_config.get_models())
    personal_data.after_erase(reindex_erased_pages)
