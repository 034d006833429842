"""The three roles as data, and the one function that makes the database match them.

``apply(apps)`` runs from the data migration (with historical models) and again whenever a
new experience or wiki index is created (with the real ones), so a fresh site, a test tree
and a long-lived database all end up with the same groups, grants and workflow.

Wagtail ships two groups of its own. Its "Editors" group becomes our Editors (its grants are
replaced by ours); its "Moderators" group and its "Moderators approval" workflow on the root
page are removed, because moderation here is the Editors' job and only reports and guides
go through review.
"""

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
WORKFLOW_NAME = "Moderation"
TASK_NAME = "Editors approve"

CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]
CONTRIBUTOR_COLLECTION_ACTIONS = ["add", "change", "choose"]
EDITOR_COLLECTION_ACTIONS = ["add", "change", "delete", "choose"]

# (app_label, codename): what editors curate besides pages.
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("experiences", f"{action}_{model}")
        for model in ("municipality", "network", "region", "topic", "nationalsolution")
        for action in ("add", "change", "delete", "view")
    ],
    *[("erfa_search", f"{action}_equivalence") for action in ("add", "change", "delete", "view")],
    ("erfa_search", "view_searchlog"),
    *[("wagtailsearchpromotions", f"{action}_searchpromotion") for action in ("add", "change", "delete", "view")],
    *[("wagtailsearchpromotions", f"{action}_query") for action in ("add", "change", "view")],
    # Read-only views of the audit trail and of who belongs where; see accounts.models.
    ("accounts", "view_account"),
    ("accounts", "view_role"),
    ("accounts", "view_membership"),
    # Marking a document or image public without a page (core.models.PublicMedia).
    *[("core", f"{action}_publicmedia") for action in ("add", "change", "delete", "view")],
]
CONTRIBUTOR_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _ensure_permissions_exist(apps):
    """Permissions are normally created after all migrations; grants made in one need them now."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)


def _grant_models(apps, group, pairs):
    permissions = [p for p in (_permission(apps, a, c) for a, c in pairs) if p is not None]
    group.permissions.add(*permissions)


def _grant_page(apps, group, page_id, codenames):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        permission = _permission(apps, "wagtailcore", codename)
        GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


def _grant_collection(apps, group, collection_id, actions):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for app_label, model in MEDIA:
        for action in actions:
            permission = _permission(apps, app_label, f"{action}_{model}")
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection_id=collection_id, permission=permission
                )


def _index_page_ids(apps):
    ids = []
    for app_label, model in (("experiences", "ExperienceIndexPage"), ("wiki", "WikiIndexPage")):
        ids += list(apps.get_model(app_label, model).objects.values_list("pk", flat=True))
    return ids


def _moderation_workflow(apps):
    from django.contrib.contenttypes.models import ContentType as RealContentType

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("accounts", "ScopedGroupApprovalTask")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="scopedgroupapprovaltask")
        task = Task.objects.create(name=TASK_NAME, content_type_id=content_type.pk, active=True)
        task.groups.set(Group.objects.filter(name__in=[EDITORS, ADMINISTRATORS]))
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
        RealContentType.objects.clear_cache()
    return workflow


def attach_indexes(apps, workflow, page_ids):
    Group = apps.get_model("auth", "Group")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    contributors = Group.objects.get(name=CONTRIBUTORS)
    for page_id in page_ids:
        _grant_page(apps, contributors, page_id, CONTRIBUTOR_PAGE_PERMISSIONS)
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})


def apply(apps):
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    # Wagtail's defaults: its Moderators' approval workflow sits on the root page and would
    # put every page through review; its Moderators group duplicates our Editors.
    for old in Workflow.objects.filter(name="Moderators approval"):
        WorkflowPage.objects.filter(workflow=old).delete()
        old.active = False
        old.save(update_fields=["active"])
    Group.objects.filter(name="Moderators").delete()

    contributors, _ = Group.objects.get_or_create(name=CONTRIBUTORS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    for group in (contributors, editors, administrators):
        group.permissions.clear()
        apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
        apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=group).delete()

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    _grant_models(apps, contributors, CONTRIBUTOR_MODEL_PERMISSIONS)
    _grant_models(apps, editors, EDITOR_MODEL_PERMISSIONS)
    # Administrators hold every model permission (users, groups, sites, settings, workflows…)
    # without being superusers, so membership still decides what they are.
    administrators.permissions.set(Permission.objects.all())
    for group, pages, collections in (
        (editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_ACTIONS),
        (administrators, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_ACTIONS),
        (contributors, [], CONTRIBUTOR_COLLECTION_ACTIONS),
    ):
        if root_page is not None and pages:
            _grant_page(apps, group, root_page.pk, pages)
        if root_collection is not None:
            _grant_collection(apps, group, root_collection.pk, collections)

    workflow = _moderation_workflow(apps)
    attach_indexes(apps, workflow, _index_page_ids(apps))


def attach_new_index(sender, instance, created, raw=False, **kwargs):
    """A new experience or wiki index gets the contributors' grant and the moderation workflow."""
    if not created or raw:
        return
    from django.apps import apps as global_apps

    Workflow = global_apps.get_model("wagtailcore", "Workflow")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None or not global_apps.get_model("auth", "Group").objects.filter(name=CONTRIBUTORS).exists():
        return
    attach_indexes(global_apps, workflow, [instance.pk])
