"""The corrector on its own, over a vocabulary given by the test (search/spelling.py)."""

from search.spelling import Corrector, corrected_query, edit_distance


def corrector(*words, frequent=()):
    counts = {word: (1, word) for word in words}
    counts.update({word: (50, word) for word in frequent})
    return Corrector(counts)


def test_a_swap_of_neighbours_is_one_edit():
    assert edit_distance("skolskjust", "skolskjuts", 2) == 1
    assert corrector("skolskjuts").correct_word("skolskjust") == "skolskjuts"


def test_nordic_letters_are_compared_folded():
    words = corrector("bygglovsansokan", "soknad")
    assert words.correct_word("bygglovsansökan") is None  # known, only folded
    assert words.correct_word("søknadd") == "soknad"


def test_long_words_allow_two_edits_short_words_one():
    words = corrector("velferdsteknologi", "kamera")
    assert words.correct_word("velfredstekologi") == "velferdsteknologi"
    assert words.correct_word("kmeraa") is None  # two edits, and its deletions meet kamera's


def test_the_most_frequent_of_equally_near_words_wins():
    assert corrector("alarmen", frequent=["alarmer"]).correct_word("alarmex") == "alarmer"


def test_a_compound_with_a_typo_in_its_last_part_is_corrected_part_by_part():
    words = corrector("trygghet", "alarm")
    assert words.correct_word("trygghetsalrm") == "trygghetsalarm"


def test_the_corrected_query_keeps_everything_else_as_typed():
    assert corrected_query("Trygghetsalrm, i Steinkjr!", {"Trygghetsalrm": "Trygghetsalarm"}) == (
        "Trygghetsalarm, i Steinkjr!"
    )
