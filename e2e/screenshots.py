"""Screenshots of the pages a first-time reader meets, for the README: `make screenshots`.

Home, an experience report, search results and a comparison of two reports, in bokmål and Swedish,
on a desktop (1366 px) and a phone (390 px) viewport, in Debian's Chromium against the e2e server
(e2e/server.py: demo content, real search engine). Written as `<page>-<language>-<device>.png`
into docs/screenshots/ (or the folder given), reduced to a 256-colour palette so the
sixteen files stay small enough to keep in the repository.

    python -m e2e.screenshots [folder]
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image

from .server import ROOT, running_server
from .test_accessibility import NORWEGIAN_EXPERIENCE, SWEDISH_EXPERIENCE, _path

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
LANGUAGES = {"nb": "nb-NO", "sv": "sv-SE"}
# A report in the reader's own language, as each would most likely open.
EXPERIENCES = {"nb": NORWEGIAN_EXPERIENCE, "sv": SWEDISH_EXPERIENCE}
DEVICES = {
    "desktop": {"width": 1366, "height": 900},
    "mobile": {"width": 390, "height": 844},
}
# Full pages run to several screens; the top of each says what it looks like.
HEIGHT_CAP = {"desktop": 1600, "mobile": 2000}


def _pages(server, language):
    prefix = "" if language == "nb" else f"/{language}"
    return {
        "home": prefix + "/",
        "experience": prefix + EXPERIENCES[language],
        "search": prefix + "/search/?q=bygglov",
        "compare": prefix + _path(server, "comparison"),
    }


def _small_png(png):
    """The screenshot as a palette PNG: flat interface colours survive, the file shrinks several times."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


def capture(server, browser, folder):
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for language, locale in LANGUAGES.items():
        pages = _pages(server, language)
        for device, viewport in DEVICES.items():
            context = browser.new_context(locale=locale, viewport=viewport, device_scale_factor=1)
            context.add_cookies([{"name": "erfa_language", "value": language, "url": server.url}])
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(server(path), wait_until="networkidle")
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
                height = min(page.evaluate("document.documentElement.scrollHeight"), HEIGHT_CAP[device])
                png = page.screenshot(
                    full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height}
                )
                target = folder / f"{name}-{language}-{device}.png"
                target.write_bytes(_small_png(png))
                written.append(target)
            context.close()
    return written


def main(argv):
    folder = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    from playwright.sync_api import sync_playwright

    with running_server() as server, sync_playwright() as playwright:
        # Debian's build, never one Playwright downloads; --no-sandbox because CI runs as root.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            written = capture(server, browser, folder)
        finally:
            browser.close()
    for target in written:
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  {target.stat().st_size // 1024} kB"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
