"""Msgids of Wagtail's own admin strings that locale/nb overrides.

Wagtail 8.0.1's Norwegian Bokmål catalogue translates these with literal double quotes
around the page title, but Wagtail's page listing and page chooser templates render them
inside double-quoted HTML attributes (title="…", aria-label="…") via {% blocktrans %}, which
does not escape the translation itself. A page title such as `x onmouseover=alert(1) y`
then breaks out of the attribute (stored XSS in the Norwegian admin). Our catalogue in
LOCALE_PATHS takes precedence over Wagtail's, so locale/nb/LC_MESSAGES/django.po gives
these msgids translations with « » instead.

makemessages only keeps msgids it finds in our code and marks the rest obsolete, so the
msgids are listed here with gettext_noop. Nothing imports this module. Keep each msgid
byte-for-byte identical to Wagtail's (see wagtail/admin/templates/wagtailadmin/pages/
listing/_navigation_explore.html and chooser/tables/page_navigate_to_children_cell.html),
and check Wagtail's nb and sv catalogues again when upgrading Wagtail.
"""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_OVERRIDES = (
    # Page listing: title and aria-label of the "add child page" link.
    gettext_noop("Add a child page to '%(title)s'"),
    # Page listing: title and aria-label of the "explore child pages" link.
    gettext_noop("Explore child pages of '%(title)s'"),
    # Page chooser: title of the "explore subpages" link.
    gettext_noop("Explore subpages of '%(title)s'"),
)
