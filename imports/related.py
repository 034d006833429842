"""Related-report links from an import file, completed once every line is in.

A line may name reports that come later in the file, or that an interrupted run never
reached; the importer keeps what it could not link yet and adds it at the end of the run.
"""

import logging

from django.db import transaction

from imports.records import LineError, checked_name, max_length, model

logger = logging.getLogger(__name__)


def related_ids(value):
    if value is None:
        return []
    limit = max_length("experiences.ExperiencePage", "external_id")
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise LineError("“related” must be a list of external ids.")
    return list(dict.fromkeys(checked_name(item, "related", limit) for item in value))


def apply_related(page, external_ids):
    """Link related reports already imported; return the ids still missing."""
    ExperiencePage = model("experiences.ExperiencePage")
    RelatedExperience = model("experiences.RelatedExperience")
    found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=external_ids)}
    page.related_links = [RelatedExperience(related_page=found[item]) for item in external_ids if item in found]
    return [item for item in external_ids if item not in found]


def resolve_deferred_related(deferred, user, result):
    """Add the links the file names that a page still lacks, once every line is in.

    ``deferred`` maps a page id to (line number, external ids). Runs for pages this run wrote
    and for existing pages it skipped, so it also finishes what an interrupted run left. It
    never publishes what an editor has not: a page that is not live, or has a newer draft,
    gets the links in a new draft revision instead.
    """
    for page_id, (number, external_ids) in deferred.items():
        try:
            with transaction.atomic():
                _link_related(page_id, number, external_ids, user, result)
        except Exception as error:
            logger.exception("Related links for import line %s failed unexpectedly", number)
            result.errors.append((number, f"Related links could not be added: {error!r}"[:500]))


def _link_related(page_id, number, external_ids, user, result):
    ExperiencePage = model("experiences.ExperiencePage")
    RelatedExperience = model("experiences.RelatedExperience")
    live = ExperiencePage.objects.get(pk=page_id)
    # Read before saving: for a page without a draft the "latest revision" is this same object.
    publish = live.live and not live.has_unpublished_changes
    page = live.get_latest_revision_as_object()
    linked = {link.related_page_id for link in page.related_links.all()}
    found = {p.external_id: p for p in ExperiencePage.objects.filter(external_id__in=external_ids)}
    added = False
    for external_id in external_ids:
        target = found.get(external_id)
        if target is None:
            result.warnings.append(
                f"line {number}: {page.external_id}: related experience “{external_id}” was not found."
            )
        elif target.pk not in linked:
            page.related_links.add(RelatedExperience(related_page=target))
            linked.add(target.pk)
            added = True
    if not added:
        return
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    else:
        result.warnings.append(
            f"line {number}: {page.external_id} is unpublished or has a draft; its related links were added to a "
            "new draft, not published."
        )
