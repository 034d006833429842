"""Suggestions and the script that highlights them fold letters with one table
(search.suggest.FOLDED_LETTERS): the page hands it to autocomplete.js."""

import json
import re
from html import unescape
from pathlib import Path

from django.conf import settings

from search.suggest import FOLDED_LETTERS, fold

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "autocomplete.js"


def test_the_search_box_hands_the_servers_folding_table_to_the_script(client, home):
    html = client.get("/search/").content.decode()
    tables = [json.loads(unescape(value)) for value in re.findall(r'data-fold="([^"]*)"', html)]
    assert tables and all(table == FOLDED_LETTERS for table in tables)
    assert fold("Bærum Härnösand") == "barum harnosand"


def test_the_script_keeps_no_folding_table_of_its_own():
    script = SCRIPT.read_text(encoding="utf-8")
    assert 'getAttribute("data-fold")' in script
    letters = "".join(FOLDED_LETTERS)
    assert not re.search(rf"[\"'][{letters}][\"']\s*:", script)
