from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Erfa site security"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        # Connects the sign-in failure and success receivers of the lockout.
        from security import lockout  # noqa: F401
        from security.page_cache import new_generation

        # A changed page can appear on many others (listings, themes, home), so any change
        # starts a new generation of the page cache rather than forgetting one URL.
        page_published.connect(new_generation, dispatch_uid="erfa_page_cache_publish")
        page_unpublished.connect(new_generation, dispatch_uid="erfa_page_cache_unpublish")
        post_page_move.connect(new_generation, dispatch_uid="erfa_page_cache_move")
        post_delete.connect(self._page_deleted, dispatch_uid="erfa_page_cache_delete")
        # A privacy change is a publish as far as readers go: a page made internal must leave
        # the anonymous cache at once, and listings must show a page that became public.
        post_save.connect(new_generation, sender=PageViewRestriction, dispatch_uid="erfa_page_cache_restrict")
        post_delete.connect(new_generation, sender=PageViewRestriction, dispatch_uid="erfa_page_cache_unrestrict")

    @staticmethod
    def _page_deleted(sender, instance, **kwargs):
        from wagtail.models import Page

        from security.page_cache import new_generation

        if isinstance(instance, Page):
            new_generation()
