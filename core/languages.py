"""Content languages: the language a page is written in, separate from the UI language."""

from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("en", _("English")),
]
CONTENT_LANGUAGE_CODES = [code for code, _label in CONTENT_LANGUAGES]

COUNTRIES = [
    ("NO", _("Norway")),
    ("SE", _("Sweden")),
    ("DK", _("Denmark")),
    ("FI", _("Finland")),
    ("IS", _("Iceland")),
]
COUNTRY_CODES = [code for code, _label in COUNTRIES]

# The language an organisation of a country writes its own texts in when it does not say
# (a network's description): bokmål for Norway, as the site's default content language.
COUNTRY_LANGUAGES = {"NO": "nb", "SE": "sv", "DK": "da"}
