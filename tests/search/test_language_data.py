"""The curated word lists in search/data/ pass their own checks (search/data/validate.py)."""

import importlib.util
from pathlib import Path

from search.analysis import function_words

DATA = Path(__file__).resolve().parents[2] / "search" / "data"


def _validate():
    spec = importlib.util.spec_from_file_location("erfa_search_data_validate", DATA / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_curated_word_lists_pass_their_checks(capsys):
    assert _validate().main() == 0, capsys.readouterr().out


def test_function_words_hold_each_languages_common_words_but_not_it():
    words = function_words()
    assert {"og", "och", "af", "the", "hvordan", "hur", "korleis"} <= words
    assert "it" not in words
    assert not {"kommune", "kommun", "søknad", "digital"} & words
