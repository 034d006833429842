"""No sideways scrolling on a phone: on every public page type, at 320 and 390 px, the document is
no wider than the viewport. Wide tables scroll inside their own focusable region instead."""

import pytest

from .test_accessibility import PUBLIC_PAGES, _path

WIDTHS = [320, 390]
PAGES = {name: status for name, (_, status) in PUBLIC_PAGES.items()}


def _document_overflow(page):
    """How many CSS pixels the page sticks out past the viewport's right edge (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_no_wider_than_a_phone(reused_page, e2e_server, name, language, width):
    page = reused_page(language)
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(e2e_server(_path(e2e_server, name)))
    assert response.status == PAGES[name]
    assert _document_overflow(page) <= 0, f"{name} ({language}) is wider than {width} px"
