"""The site structure every Erfa install needs, with no demo content in it.

A HomePage as the default site's root, the experience, wiki and theme indexes and the
"about" page the footer links to, each with its texts in bokmål, Swedish and English (the
UI languages; see ``core.translation``). Creating the experience and wiki indexes gives them the
contributors' grants and the moderation workflow (``accounts.roles``), so a new install
can take its own content at once. ``setup_site`` runs this; ``load_demo`` runs it before
the demo, so there is one definition of the structure.

Idempotent: a page that exists is left as editors made it (found by type, or by slug for
the about page), only what is missing is created.
"""

from django.db import transaction

from wagtail.models import Page, Site

from home.models import HomePage, StandardPage


def _child(parent, model, slug, *, one_per_site=False, **fields):
    existing = model.objects.child_of(parent)
    if not one_per_site:
        existing = existing.filter(slug=slug)
    existing = existing.first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


@transaction.atomic
def ensure_site(hostname="localhost", port=80):
    """A HomePage as the default site's root, with the index pages under it."""
    from experiences.models import ExperienceIndexPage
    from gatherings.models import GatheringIndexPage
    from wiki.models import ThemeIndexPage, WikiIndexPage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own migration leaves a placeholder "Welcome" page; replace it.
        for placeholder in root.get_children().filter(slug="home"):
            if not placeholder.specific_class or placeholder.specific_class is Page:
                placeholder.delete()
        home = HomePage(slug="home", **HOME)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Erfa")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Erfa"
        site.save()
    _child(home, ExperienceIndexPage, "erfaringer", one_per_site=True, **EXPERIENCE_INDEX)
    _child(home, WikiIndexPage, "wiki", one_per_site=True, **WIKI_INDEX)
    _child(home, ThemeIndexPage, "tema", one_per_site=True, **THEME_INDEX)
    _child(home, GatheringIndexPage, "samlinger", one_per_site=True, **GATHERING_INDEX)
    _child(home, StandardPage, "om-erfa", **ABOUT)
    return home


HOME = {
    "title": "Erfa",
    "title_sv": "Erfa",
    "title_en": "Erfa",
    "intro": "<p>Erfaringer fra kommunenes digitaliseringsarbeid, delt på tvers av kommuner, regioner og land.</p>",
    "intro_sv": (
        "<p>Erfarenheter från kommunernas digitaliseringsarbete, delade mellan kommuner, regioner och länder.</p>"
    ),
    "intro_en": (
        "<p>What municipalities have learnt from their digitalisation work, "
        "shared across municipalities, regions and countries.</p>"
    ),
}
EXPERIENCE_INDEX = {
    "title": "Erfaringer",
    "title_sv": "Erfarenheter",
    "title_en": "Experiences",
    "intro": "<p>Erfaringsrapporter fra kommuner i Norge og Sverige.</p>",
    "intro_sv": "<p>Erfarenhetsrapporter från kommuner i Norge och Sverige.</p>",
    "intro_en": "<p>Experience reports from municipalities in Norway and Sweden.</p>",
}
WIKI_INDEX = {
    "title": "Veiledere",
    "title_sv": "Vägledningar",
    "title_en": "Guides",
    "intro": "<p>Veiledere skrevet og vedlikeholdt av nettverkene.</p>",
    "intro_sv": "<p>Vägledningar som nätverken skriver och håller aktuella.</p>",
    "intro_en": "<p>Guides written and kept up to date by the networks.</p>",
}
THEME_INDEX = {
    "title": "Tema",
    "title_sv": "Teman",
    "title_en": "Themes",
    "intro": "<p>Temasider kuratert av redaktørene.</p>",
    "intro_sv": "<p>Temasidor som redaktörerna sammanställer.</p>",
    "intro_en": "<p>Theme pages curated by the editors.</p>",
}
GATHERING_INDEX = {
    "title": "Samlinger",
    "title_sv": "Träffar",
    "title_en": "Gatherings",
    "intro": "<p>Samlinger, konferanser og strategimøter i nettverkene, med program og presentasjoner.</p>",
    "intro_sv": "<p>Träffar, konferenser och strategimöten i nätverken, med program och presentationer.</p>",
    "intro_en": "<p>The networks' gatherings, conferences and strategy meetings, with programmes and slides.</p>",
}
ABOUT = {
    "title": "Om Erfa",
    "title_sv": "Om Erfa",
    "title_en": "About Erfa",
    "body": (
        "<p>Erfa er en erfaringsbase der kommuner i Norden deler hva de har lært når de digitaliserer tjenester. "
        "Rapportene er skrevet av kommunene selv, og redaktører i de regionale nettverkene kuraterer temasider.</p>"
        "<h2>Slik bidrar du</h2><p>Logg inn, skriv en erfaringsrapport for din kommune og send den til godkjenning.</p>"
    ),
    "body_sv": (
        "<p>Erfa är en erfarenhetsbank där kommuner i Norden delar med sig av vad de har lärt sig när de "
        "digitaliserar sina tjänster. Rapporterna skrivs av kommunerna själva, och redaktörer i de regionala "
        "nätverken sammanställer temasidor.</p>"
        "<h2>Så bidrar du</h2><p>Logga in, skriv en erfarenhetsrapport för din kommun "
        "och skicka den för granskning.</p>"
    ),
    "body_en": (
        "<p>Erfa is an experience base where Nordic municipalities share what they have learnt while digitalising "
        "their services. The reports are written by the municipalities themselves, and editors in the regional "
        "networks curate theme pages.</p>"
        "<h2>How to contribute</h2><p>Sign in, write an experience report for your municipality and submit it "
        "for review.</p>"
    ),
}
