"""axe-core in the browser, from the copy bundled in the axe-playwright-python wheel (no download at run time)."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Violations in Wagtail's own admin markup that Erfa's templates cannot reach. Each entry is
# (rule id, CSS selector of the offending node); nothing else is ever excluded. Keep this list
# in step with the accessibility statement's "known issues".
WAGTAIL_ADMIN_EXCLUSIONS = []

_axe = Axe()


def blocking_violations(page, exclusions=()):
    """Serious and critical WCAG 2.1 A/AA violations on the page as it is now, as readable lines."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            selector = " ".join(str(part) for part in node["target"])
            if (violation["id"], selector) in exclusions:
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {selector}\n    {node['html'][:300]}")
    return found
