"""What the search box template (templates/includes/search_box.html) takes from search."""

import json

from django import template

from search.suggest import FOLDED_LETTERS

register = template.Library()


@register.simple_tag
def folded_letters():
    """The folding table as JSON for autocomplete.js (escaped by the template, read back by the browser)."""
    return json.dumps(FOLDED_LETTERS, ensure_ascii=False, sort_keys=True)
