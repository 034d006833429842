"""Every URL pattern of the site, and what proves it keeps to the scope and visibility rules.

``tests/security/test_channel_inventory.py`` walks Django's URL resolver and fails for any
pattern missing here, so a new view has to be placed in one of these kinds before it ships:

- ``PAGE_OBJECT``: an admin URL naming a page (or its revision, workflow or task state). The
  inventory test requests it, as users of another municipality, for a report whose draft
  they must not see, and asserts 302/403/404 and that the draft's title is absent.
- ``LISTING``: an admin listing, search, report, chooser or API list. The inventory test
  requests it as those users and asserts the secret draft title is absent.
- ``Covered(test)``: a named test elsewhere covers it (the inventory test checks the test exists).
- ``NoObjectData(reason)``: the view shows no page, media, snippet or log data at all.

Keys are the full route as the resolver spells it. Where ``accounts/admin_urls.py`` replaces a
Wagtail view at the same path, the one key covers both.

A data registry over 400 lines on purpose: one entry per route, kept in one table so a reviewer
sees every channel and how it is covered in one place.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageObject:
    query: str = ""


@dataclass(frozen=True)
class Listing:
    kwargs: dict = field(default_factory=dict)
    query: str = ""

    def __hash__(self):
        return hash((tuple(sorted(self.kwargs.items())), self.query))


@dataclass(frozen=True)
class Covered:
    test: str  # "path/to/test_file.py::test_name"


@dataclass(frozen=True)
class NoObjectData:
    reason: str


PAGE_OBJECT = PageObject()
LISTING = Listing()
SECRET_QUERY = "q=Hemmelig"

MATRIX = "tests/accounts/test_permission_matrix.py::test_permission_matrix"
SNIPPET_MATRIX = "tests/accounts/test_reference_permission_matrix.py::test_snippet_permission_matrix"
MEDIA = "tests/accounts/test_media_permission_matrix.py"
MEDIA_READERS = "tests/security/test_media_visibility.py"
FUZZ = "tests/security/test_parameter_fuzz.py"
VISIBILITY = "tests/visibility/test_internal_pages.py"
ADMIN_ONLY = NoObjectData("open to users who manage users, sites or workflows only: administrators, unscoped")
STATIC = NoObjectData("static UI resource or form without object data")


def snippet_routes(app_model, *, covered_by, revisions=True):
    """The routes Wagtail's SnippetViewSet gives a model: one line here per snippet model."""
    base = f"admin/snippets/{app_model}/"
    chooser = f"admin/snippets/choose/{app_model}/"
    routes = {
        base: LISTING,
        f"{base}results/": LISTING,
        f"{base}add/": Covered(covered_by),
        f"{base}edit/<int:pk>/": Covered(covered_by),
        f"{base}delete/<int:pk>/": Covered(covered_by),
        f"{base}usage/<int:pk>/": Covered(
            "tests/security/test_channel_inventory.py::test_snippet_usage_hides_foreign_drafts"
        ),
        f"{base}history/<int:pk>/": Covered(covered_by),
        f"{base}history-results/<int:pk>/": Covered(covered_by),
        f"{base}copy/<int:pk>/": Covered(covered_by),
        chooser: LISTING,
        f"{chooser}results/": LISTING,
        f"{chooser}chosen/<str:pk>/": Covered(covered_by),
        f"{chooser}chosen-multiple/": Covered(covered_by),
        f"{chooser}create/": Covered(covered_by),
    }
    if revisions:
        routes[f"{base}history/<int:pk>/revisions/<int:revision_id>/revert/"] = Covered(covered_by)
        routes[
            f"{base}history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\."
            "(?P<revision_id_b>live|latest|\\d+)/$"
        ] = Covered(covered_by)
    return routes


def model_viewset_routes(prefix, *, cover, inspect=False, copy=True):
    routes = {
        f"admin/{prefix}/": cover,
        f"admin/{prefix}/results/": cover,
        f"admin/{prefix}/new/": cover,
        f"admin/{prefix}/edit/<int:pk>/": cover,
        f"admin/{prefix}/delete/<int:pk>/": cover,
        f"admin/{prefix}/history/<int:pk>/": cover,
        f"admin/{prefix}/history-results/<int:pk>/": cover,
        f"admin/{prefix}/usage/<int:pk>/": cover,
    }
    if inspect:
        routes[f"admin/{prefix}/inspect/<int:pk>/"] = cover
    if copy:
        routes[f"admin/{prefix}/copy/<int:pk>/"] = cover
    return routes


TYPE = {"content_type_app_name": "experiences", "content_type_model_name": "experiencepage"}
PAGES = "admin/pages/"
WORKFLOW_ACTION = "tests/accounts/test_reference_permission_matrix.py::test_out_of_scope_workflow_actions_are_refused"
FEEDBACK_ADMIN = NoObjectData("readers' feedback, questions and reuses: editors only, see tests/feedback")

ADMIN = {
    "admin/": Listing(),  # the dashboard: "awaiting your review" lists task states by page title
    "admin/test404/": STATIC,
    "admin/failwhale/": STATIC,
    # Admin API (the sidebar explorer); media endpoints belong to the media scope tests.
    "admin/api/main/^pages/": Listing(query="search=Hemmelig"),
    "admin/api/main/^pages/<int:pk>/": PAGE_OBJECT,
    "admin/api/main/^pages/find/": Listing(query="html_path=/"),
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": Covered(MATRIX),
    "admin/api/main/^documents/": Covered(MEDIA),
    "admin/api/main/^documents/<int:pk>/": Covered(MEDIA),
    "admin/api/main/^documents/find/": Covered(MEDIA),
    "admin/api/main/^images/": Covered(MEDIA),
    "admin/api/main/^images/<int:pk>/": Covered(MEDIA),
    "admin/api/main/^images/find/": Covered(MEDIA),
    # Pages
    PAGES: LISTING,
    f"{PAGES}<int:parent_page_id>/": PAGE_OBJECT,
    f"{PAGES}<int:parent_page_id>/results/": PAGE_OBJECT,
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": Covered(
        "tests/security/test_channel_inventory.py::test_bulk_action_confirmation_leaves_out_foreign_drafts"
    ),
    f"{PAGES}add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": PAGE_OBJECT,
    f"{PAGES}add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": (
        PAGE_OBJECT
    ),
    f"{PAGES}usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": Listing(kwargs=TYPE),
    f"{PAGES}create/<slug:app_label>/<slug:model_name>": Listing(
        kwargs={"app_label": "experiences", "model_name": "experiencepage"}
    ),
    f"{PAGES}usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": Listing(kwargs=TYPE),
    f"{PAGES}<int:page_id>/usage/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/edit/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/edit/preview/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/view_draft/": PAGE_OBJECT,
    f"{PAGES}<int:parent_page_id>/add_subpage/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/delete/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/unpublish/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/convert_alias/": PAGE_OBJECT,
    f"{PAGES}search/": Listing(query=SECRET_QUERY),
    f"{PAGES}search/results/": Listing(query=SECRET_QUERY),
    f"{PAGES}<int:page_to_move_id>/move/": PAGE_OBJECT,
    f"{PAGES}<int:page_to_move_id>/move/<int:destination_id>/confirm/": PAGE_OBJECT,
    f"{PAGES}<int:page_to_move_id>/set_position/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/copy/": PAGE_OBJECT,
    f"{PAGES}workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": PAGE_OBJECT,
    f"{PAGES}workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": PAGE_OBJECT,
    f"{PAGES}workflow/confirm_cancellation/<int:page_id>/": PAGE_OBJECT,
    f"{PAGES}workflow/preview/<int:page_id>/<int:task_id>/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/privacy/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/lock/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/unlock/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/revisions/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/revisions/<int:revision_id>/view/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/revisions/<int:revision_id>/revert/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/revisions/<int:revision_id>/unschedule/": PAGE_OBJECT,
    f"{PAGES}^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\."
    "(?P<revision_id_b>live|latest|\\d+)/$": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/workflow_history/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/history/": PAGE_OBJECT,
    f"{PAGES}<int:page_id>/history/results/": PAGE_OBJECT,
    # Page chooser
    "admin/choose-page/": LISTING,
    "admin/choose-page/<int:parent_page_id>/": PAGE_OBJECT,
    "admin/choose-page/search/": Listing(query=SECRET_QUERY),
    "admin/choose-page/chosen-multiple/": Listing(query="id=0"),
    "admin/choose-external-link/": STATIC,
    "admin/choose-email-link/": STATIC,
    "admin/choose-phone-link/": STATIC,
    "admin/choose-anchor-link/": STATIC,
    "admin/tag-autocomplete/": Covered(MEDIA),
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": Covered(MEDIA),
    # Collections and workflows are managed by administrators only.
    "admin/collections/": ADMIN_ONLY,
    "admin/collections/add/": ADMIN_ONLY,
    "admin/collections/<int:pk>/": ADMIN_ONLY,
    "admin/collections/<int:pk>/delete/": ADMIN_ONLY,
    "admin/collections/<int:collection_id>/privacy/": ADMIN_ONLY,
    **{
        f"admin/workflows/{route}": ADMIN_ONLY
        for route in [
            "list/",
            "list/results/",
            "add/",
            "enable/<int:pk>/",
            "disable/<int:pk>/",
            "edit/<int:pk>/",
            "usage/<int:pk>/",
            "usage/<int:pk>/results/",
            "remove/<int:page_pk>/",
            "remove/<int:page_pk>/<int:workflow_pk>/",
            "tasks/add/<str:app_label>/<str:model_name>/",
            "tasks/select_type/",
            "tasks/index/",
            "tasks/index/results/",
            "tasks/edit/<int:pk>/",
            "tasks/disable/<int:pk>/",
            "tasks/enable/<int:pk>/",
            "task_chooser/",
            "task_chooser/results/",
            "task_chooser/create/",
            "task_chooser/<int:task_id>/",
        ]
    },
    # Reports
    **{
        f"admin/reports/{route}": LISTING
        for route in [
            "locked/",
            "locked/results/",
            "workflow/",
            "workflow/results/",
            "workflow_tasks/",
            "workflow_tasks/results/",
            "site-history/",
            "site-history/results/",
            "aging-pages/",
            "aging-pages/results/",
            "page-types-usage/",
            "page-types-usage/results/",
        ]
    },
    "admin/account/": STATIC,
    "admin/logout/": STATIC,
    "admin/dismissibles/": STATIC,
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": Listing(
        kwargs={"app_label": "wagtailcore", "model_name": "page", "object_id": "{secret}", "session_id": 0}
    ),
    "admin/editing-sessions/release/<int:session_id>/": STATIC,
    "admin/block-preview/": STATIC,
    "admin/search-insight/": NoObjectData(
        "search terms and click counts, superusers only: tests/search/test_insights.py"
    ),
    "admin/invite/": Covered(MATRIX),
    "admin/overdue-guides/": NoObjectData("guides have no municipalities; Wagtail page permissions govern them"),
    "admin/editors-dashboard/": LISTING,
    # A gathering's sessions turned into draft reports: a foreign report's id is no gathering (404).
    "admin/gatherings/<int:page_id>/session-reports/": PAGE_OBJECT,
    **{
        f"admin/redirects/{route}": ADMIN_ONLY
        for route in [
            "",
            "results/",
            "add/",
            "<int:redirect_id>/",
            "<int:redirect_id>/delete/",
            "import/",
            "import/process/",
        ]
    },
    # Promoted results: listed with their pages' titles, so the listings are driven checks.
    "admin/searchpicks/": LISTING,
    "admin/searchpicks/results/": LISTING,
    "admin/searchpicks/reports/search-terms/": LISTING,
    "admin/searchpicks/reports/search-terms/results/": LISTING,
    **{
        f"admin/searchpicks/{route}": NoObjectData(
            "editors' forms for one promotion; pages are picked in the scoped page chooser"
        )
        for route in [
            "add/",
            "<int:query_id>/",
            "<int:query_id>/delete/",
            "queries/chooser/",
            "queries/chooser/results/",
        ]
    },
    "admin/settings/<slug:app_name>/<slug:model_name>/": ADMIN_ONLY,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": ADMIN_ONLY,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": ADMIN_ONLY,
    "admin/snippets/": STATIC,
    # Documents and images: the media scope tests.
    **{
        f"admin/documents/{route}": Covered(MEDIA)
        for route in [
            "",
            "results/",
            "add/",
            "edit/<int:document_id>/",
            "delete/<int:document_id>/",
            "multiple/add/",
            "multiple/<int:doc_id>/",
            "multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
            "multiple/<int:doc_id>/delete/",
            "multiple/delete_upload/<int:uploaded_file_id>/",
            "usage/<int:document_id>/",
            "chooser/",
            "chooser/results/",
            "chooser/chosen/<str:pk>/",
            "chooser/chosen-multiple/",
            "chooser/create/",
        ]
    },
    **{
        f"admin/images/{route}": Covered(MEDIA)
        for route in [
            "",
            "results/",
            "<int:image_id>/",
            "<int:image_id>/delete/",
            "<int:image_id>/generate_url/",
            "<int:image_id>/generate_url/output/",
            "<int:image_id>/preview/<str:filter_spec>/",
            "add/",
            "usage/<int:image_id>/",
            "multiple/add/",
            "multiple/<int:image_id>/",
            "multiple/create_from_uploaded_image/<int:uploaded_file_id>/",
            "multiple/<int:image_id>/delete/",
            "multiple/delete_upload/<int:uploaded_file_id>/",
            "chooser/",
            "chooser/results/",
            "chooser/chosen/<str:pk>/",
            "chooser/chosen-multiple/",
            "chooser/create/",
            "chooser/<int:image_id>/select_format/",
        ]
    },
    # Snippets: each a line.
    **snippet_routes("erfa_search/equivalence", covered_by=SNIPPET_MATRIX, revisions=False),
    **snippet_routes("experiences/municipality", covered_by=SNIPPET_MATRIX),
    **snippet_routes("experiences/network", covered_by=SNIPPET_MATRIX),
    **snippet_routes("experiences/region", covered_by=SNIPPET_MATRIX),
    **snippet_routes("experiences/topic", covered_by=SNIPPET_MATRIX),
    **snippet_routes("experiences/nationalsolution", covered_by=SNIPPET_MATRIX),
    **model_viewset_routes("memberships", cover=Covered(SNIPPET_MATRIX), inspect=True),
    **model_viewset_routes("reader_feedback", cover=FEEDBACK_ADMIN, inspect=True, copy=False),
    **model_viewset_routes("reader_questions", cover=FEEDBACK_ADMIN, inspect=True, copy=False),
    **model_viewset_routes("reader_reuses", cover=FEEDBACK_ADMIN, copy=False),
    **model_viewset_routes(
        "core_publicmedia",
        cover=Covered(f"{MEDIA_READERS}::test_network_editors_cannot_mark_another_municipalitys_draft_file_public"),
    ),
    **model_viewset_routes("sites", cover=ADMIN_ONLY),
    **model_viewset_routes("users", cover=ADMIN_ONLY),
    **model_viewset_routes("groups", cover=ADMIN_ONLY, copy=False),
    "admin/sprite/": STATIC,
    "admin/login/": Covered("tests/security/test_lockout.py"),
    "admin/password_reset/": STATIC,
    "admin/password_reset/done/": STATIC,
    "admin/password_reset/confirm/<uidb64>/<token>/": STATIC,
    "admin/password_reset/complete/": STATIC,
    "admin/jsi18n/": STATIC,
    "admin/^.*/$": NoObjectData("Wagtail's catch-all admin 404"),
}

PUBLIC = {
    "documents/^(\\d+)/(.*)$": Covered(MEDIA_READERS),
    "^documents/(\\d{19,})/": Covered(FUZZ),  # ids too long for the database answer 404 before Wagtail
    "documents/authenticate_with_password/<int:restriction_id>/": Covered(MEDIA_READERS),
    "api/v2/^pages/": Covered(f"{VISIBILITY}::test_api_v2_gives_internal_pages_to_signed_in_callers_only"),
    "api/v2/^pages/<int:pk>/": Covered(f"{VISIBILITY}::test_api_v2_gives_internal_pages_to_signed_in_callers_only"),
    "api/v2/^pages/find/": Covered(FUZZ),
    "api/v2/^images/": Covered(MEDIA_READERS),
    "api/v2/^images/<int:pk>/": Covered(MEDIA_READERS),
    "api/v2/^images/find/": Covered(MEDIA_READERS),
    "api/v2/^documents/": Covered(MEDIA_READERS),
    "api/v2/^documents/<int:pk>/": Covered(MEDIA_READERS),
    "api/v2/^documents/find/": Covered(MEDIA_READERS),
    "search/": Covered(
        "tests/search/test_internal_content.py::test_search_page_and_api_hide_internal_pages_from_anonymous_readers"
    ),
    "search/go/<int:log_id>/<int:page_id>/<int:position>/": Covered(
        f"{VISIBILITY}::test_search_result_clicks_lead_signed_in_readers_to_internal_pages"
    ),
    "api/search/": Covered(
        "tests/search/test_internal_content.py::test_search_page_and_api_hide_internal_pages_from_anonymous_readers"
    ),
    "api/search/suggest/": Covered(
        "tests/search/test_internal_content.py::test_suggestions_leave_internal_titles_and_names_out_for_anonymous_readers"
    ),
    "i18n/setlang/": STATIC,
    "i18n/<str:language>/": Covered(
        "tests/i18n/test_language_urls.py::test_language_switch_stays_on_this_site_and_rejects_unknown_languages"
    ),
    "jsi18n/": STATIC,
    "accounts/login/": Covered("tests/security/test_lockout.py"),
    "accounts/oidc/<slug:provider>/login/": Covered(
        "tests/accounts/test_oidc.py::test_sundsvall_employee_signs_in_through_entra_and_edits_exactly_sundsvalls_reports"
    ),
    "accounts/oidc/callback/": Covered("tests/accounts/test_oidc.py::test_replayed_callback_is_refused"),
    "accounts/logout/": STATIC,
    "robots.txt": STATIC,
    "favicon.ico": STATIC,
    "healthz": NoObjectData("liveness: the text ok, nothing else"),
    "readyz": NoObjectData("readiness: the state of each dependency, no object data"),
    "sitemap.xml": Covered(f"{VISIBILITY}::test_sitemap_lists_public_pages_only_whoever_asks"),
    "feedback/<int:page_id>/useful/": Covered(
        "tests/feedback/test_feedback.py::test_votes_on_drafts_restricted_or_other_pages_answer_404"
    ),
    "feedback/<int:page_id>/reused/": Covered(
        "tests/feedback/test_feedback.py::test_votes_on_drafts_restricted_or_other_pages_answer_404"
    ),
    "feedback/<int:page_id>/question/": Covered(
        "tests/feedback/test_feedback.py::test_votes_on_drafts_restricted_or_other_pages_answer_404"
    ),
    "feeds/experiences/rss/": Covered(
        "tests/subscriptions/test_feeds.py::test_drafts_and_restricted_pages_never_reach_a_feed"
    ),
    "feeds/experiences/atom/": Covered(
        "tests/subscriptions/test_feeds.py::test_drafts_and_restricted_pages_never_reach_a_feed"
    ),
    "feeds/<str:kind>/<str:slug>/rss/": Covered(
        "tests/subscriptions/test_feeds.py::test_drafts_and_restricted_pages_never_reach_a_feed"
    ),
    "feeds/<str:kind>/<str:slug>/atom/": Covered(
        "tests/subscriptions/test_feeds.py::test_drafts_and_restricted_pages_never_reach_a_feed"
    ),
    "feeds/news/rss/": Covered("tests/news/test_news.py::test_news_feeds_list_public_live_items_only"),
    "feeds/news/atom/": Covered("tests/news/test_news.py::test_news_feeds_list_public_live_items_only"),
    "feeds/news/network/<str:slug>/rss/": Covered(
        "tests/news/test_news.py::test_news_feed_of_a_network_lists_that_networks_items"
    ),
    "feeds/news/network/<str:slug>/atom/": Covered(
        "tests/news/test_news.py::test_news_feed_of_a_network_lists_that_networks_items"
    ),
    "subscriptions/": NoObjectData("the signed-in reader's own subscriptions"),
    "subscriptions/follow/": NoObjectData("follows a topic, municipality or network: reference data only"),
    "subscriptions/unsubscribe/<str:token>/": NoObjectData("a signed token for one subscription"),
    "subscriptions/searches/": Covered(
        "tests/subscriptions/test_saved_searches.py::test_anonymous_readers_cannot_save_searches"
    ),
    "subscriptions/searches/<int:pk>/delete/": Covered(
        "tests/subscriptions/test_saved_searches.py::test_a_reader_deletes_only_their_own_saved_searches"
    ),
    "tilgjengelighet/": STATIC,
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": Covered(
        f"{VISIBILITY}::test_visible_pages_honours_group_and_password_restrictions"
    ),
    "_util/login/": STATIC,
    "^((?:[\\w\\-]+/)*)$": Covered(f"{VISIBILITY}::test_internal_pages_send_anonymous_readers_to_sign_in"),
}

REGISTRY = {**PUBLIC, **ADMIN}
