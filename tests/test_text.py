"""The shared folds: one rule (accents, case, curly apostrophes), three shapes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import text
from checker.errors import ModelError
from checker.text import fold, fold_in_place, fold_key


def test_text_fold_key_makes_one_key_of_spellings():
    assert fold_key("Arabie-Saoudite", "-'") == fold_key("  arabie   saoudite ", "-'") == "arabie saoudite"
    assert fold_key("L’Élysée", "'") == "l elysee"
    assert fold_key("Côte d’Ivoire") == "cote d'ivoire"  # no separators: the apostrophe stays, straightened


@pytest.mark.parametrize(
    ("text", "separators", "expected"),
    [
        ("L’Élysée-Ouest", "-", "l'elysee ouest"),
        ("Séoul", "", "seoul"),
        ("Saint-Denis\tcentre", "-", "saint denis centre"),
        ("Saint-Denis\tcentre", "", "saint-denis\tcentre"),
    ],
)
def test_text_fold_in_place_examples(text, separators, expected):
    assert fold_in_place(text, separators) == expected


@given(st.text(max_size=60), st.sampled_from(["", "-'’", "-"]))
def test_text_fold_in_place_keeps_offsets(text, separators):
    folded = fold_in_place(text, separators)
    assert len(folded) == len(text)
    # a word found in the folded text is found at the same offsets in the original, folded alike
    for start in range(0, len(text), 7):
        assert fold_in_place(text[start : start + 5], separators) == folded[start : start + 5]


def test_text_fold_agrees_with_fold_key_on_words():
    for word in ("Élysée", "Genève", "Münster", "Ryad", "Kyiv"):
        assert fold_key(word) == fold(word)


def test_text_word_lists_say_why_and_a_broken_file_is_named(tmp_path, monkeypatch):
    table = json.loads(text._WORDS_DATA.read_text(encoding="utf-8"))
    assert table["saying"]["why"].strip() and "déclarer" in text.SAYING["fr"] and "say" in text.SAYING["en"]
    del table["saying"]["why"]
    path = tmp_path / "words.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(text, "_WORDS_DATA", path)
    with pytest.raises(ModelError, match="words.json"):
        text._load_words()


def test_text_french_country_names_are_pycountry_plain_ones():
    names = text.french_country_names()
    assert names["JP"] == "Japon" and names["SA"] == "Arabie saoudite" and names["US"] == "États-Unis"
    assert "RU" not in names and "PS" not in names  # « Russie, Fédération de », « Palestine, État de »
