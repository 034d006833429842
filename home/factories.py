import factory
import wagtail_factories

from wagtail.models import Page, Site

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Erfa"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Information {n}")
    body = "<p>Plain information.</p>"

    class Meta:
        model = StandardPage


def make_site():
    """A default site whose root is a fresh HomePage (tests start from Wagtail's bare tree)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="erfa-home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Erfa")
    return home
