"""find_numbers: digits and words, units, approximations, and what is not a quantity."""

from __future__ import annotations

import random

import pytest

from checker.extract.dates import find_dates, find_numbers_beside_dates
from checker.extract.numbers import find_numbers, lemmatize_unit
from checker.extract.places import find_places


def one(sentence: str, **kw):
    found = find_numbers(sentence, **kw) if "exclude" in kw else find_numbers_beside_dates(sentence, **kw)
    assert len(found) == 1, found
    return found[0]


def test_extract_numbers_words_map_back_to_the_original_span():
    sentence = "Soixante et un pays ont signé mardi la déclaration finale du sommet de Paris."
    q = one(sentence, offset=500)
    assert (q.text, q.value, q.unit, q.unit_id) == ("Soixante et un pays", 61, "pays", "country")
    assert (q.start, q.end) == (500, 500 + len("Soixante et un pays"))
    assert (q.low, q.high, q.approximate) == (61, 61, False)


def test_extract_numbers_digits_with_unit():
    q = one("Sommet sur l'IA à Paris : une déclaration finale signée par 58 pays")
    assert (q.text, q.value, q.unit, q.unit_id) == ("58 pays", 58, "pays", "country")


def test_extract_numbers_scale_and_currency():
    q = one("Le président français a annoncé dimanche 109 milliards d'euros d'investissements privés.")
    assert (q.text, q.value, q.unit, q.unit_id) == ("109 milliards d'euros", 1.09e11, "euro", "EUR")
    q = one("27,5 milliards de dollars ont été promis")
    assert (q.value, q.unit_id) == (2.75e10, "USD")
    assert one("1,5 million de réfugiés").value == 1.5e6
    assert one("30 000 personnes").value == 30000


def test_extract_numbers_english():
    sentence = "signed by 58 countries; 109 billion euros of private investment; more than 1,500 people; three years"
    found = find_numbers_beside_dates(sentence, language="en")
    assert [(q.value, q.unit, q.unit_id) for q in found] == [
        (58, "country", "country"),
        (1.09e11, "euro", "EUR"),
        (1500, "person", "person"),
        (3, "year", "year"),
    ]
    assert found[2].approximate and (found[2].low, found[2].high) == (1500, None)
    assert one("$5bn pledged", language="en").value == 5e9


def test_extract_numbers_approximations():
    q = one("environ 30% des votants")
    assert (q.text, q.unit, q.unit_id, q.low, q.high, q.approximate) == ("environ 30%", "%", "percent", 27, 33, True)
    more, less = find_numbers_beside_dates("plus de 50 morts et moins de 10 blessés")
    assert (more.low, more.high, less.low, less.high) == (50, None, None, 10)
    assert one("près de 60 soldats").approximate
    assert (one("une trentaine de morts").value, one("30 % environ").approximate) == (30, True)


def test_extract_numbers_ceasefire_days():
    q = one("Concernant le cessez-le-feu proposé de 30 jours, il a fait savoir que l’Ukraine y serait favorable.")
    assert (q.value, q.unit, q.unit_id) == (30, "jour", "day")


def test_extract_numbers_duration_is_also_a_number():
    sentence = (
        "Donald Trump a accéléré les négociations avec la Russie pour mettre fin au conflit ukrainien, "
        "qui dure depuis trois ans."
    )
    q = one(sentence)
    assert (q.text, q.value, q.unit, q.unit_id) == ("trois ans", 3, "an", "year")
    # even when the orchestrator excludes every date span, the duration's included
    span = (sentence.index("depuis"), len(sentence) - 1)
    assert one(sentence, exclude=[span]).value == 3


def test_extract_numbers_time_words():
    found = find_numbers_beside_dates(
        "Le sommet de Séoul s'était tenu en mai 2024, six mois après celui de Bletchley Park, et deux "
        "semaines plus tard."
    )
    assert [(q.value, q.unit, q.unit_id) for q in found] == [(6, "mois", "month"), (2, "semaine", "week")]


def test_extract_numbers_dates_are_excluded():
    sentence = "après une première rencontre le 18 février à Ryad depuis février 2022, en 2022."
    assert find_numbers_beside_dates(sentence) == []
    # spans given by the caller are honoured too
    assert find_numbers("58 pays", exclude=[(0, 2)]) == []
    assert len(find_numbers("58 pays", exclude=[])) == 1


def test_extract_numbers_ordinals_and_names_are_not_quantities():
    sentence = (
        "le premier sommet, la deuxième rencontre, le 2e round, le 1er mars, le G20, la Covid-19, la chaîne "
        "Rossiya-1, à 10h30"
    )
    assert find_numbers_beside_dates(sentence) == []


def test_extract_numbers_articles_are_not_one():
    assert find_numbers_beside_dates("Une déclaration finale a été adoptée par un sommet.") == []
    assert [(q.value, q.unit) for q in find_numbers_beside_dates("un seul pays, un an")] == [(1, "pays"), (1, "an")]


def test_extract_numbers_neuf_as_new_is_not_nine():
    assert [q.value for q in find_numbers_beside_dates("un bâtiment remis à neuf pour neuf personnes")] == [9]


def test_extract_numbers_lemmas():
    assert [lemmatize_unit(w) for w in ("ans", "jours", "pays", "euros", "réfugiés", "généraux")] == [
        "an",
        "jour",
        "pays",
        "euro",
        "réfugié",
        "général",
    ]
    assert [lemmatize_unit(w, "en") for w in ("countries", "years", "people", "taxes")] == [
        "country",
        "year",
        "person",
        "tax",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré, mardi, que la Russie percevait un réel intérêt.",
        "« Nous avons besoin de règles communes », a déclaré Emmanuel Macron en clôture des travaux.",
    ],
)
def test_extract_numbers_none_in_plain_sentences(sentence):
    assert find_numbers_beside_dates(sentence) == []


_WORDS = (
    "le du au en à de 18 février mardi dimanche 2022 depuis trois ans il y a Paris Ryad New Delhi "
    "Arabie saoudite milliards 1,5 30 000 % environ plus un seul premier 1er 31 mai May Sunday "
    "last dernier et , . ’ -"
).split()


def test_extract_numbers_dates_and_places_give_article_substrings():
    """Whatever the words, every mention's text is the article's text at its offsets."""
    rng = random.Random(7)
    for _ in range(200):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 16)))
        for language in ("fr", "en"):
            found = [
                *find_numbers_beside_dates(text, 7, language),
                *find_dates(text, 7, language, "2025-02-27"),
                *find_places(text, 7, language),
            ]
            assert all(text[m.start - 7 : m.end - 7] == m.text for m in found), text


@pytest.mark.parametrize(
    "sentence, language, written, seconds",
    [
        ("Il a battu le record en 2 h 00 min 05 s, dimanche.", "fr", "2 h 00 min 05 s", 7205),
        ("Il est passé au semi en 59 min 48 s.", "fr", "59 min 48 s", 3588),
        ("Elle a couru en 2h01'40'', son record.", "fr", "2h01'40''", 7300),
        ("He broke the record of 2:00:35, set in Chicago.", "en", "2:00:35", 7235),
    ],
)
def test_extract_numbers_a_time_in_parts_is_one_quantity_in_seconds(sentence, language, written, seconds):
    """Read part by part, « 00 min » and « 05 s » were figures of their own, and two race times always
    "differed" on one part."""
    (q,) = find_numbers_beside_dates(sentence, language=language)
    assert (sentence[q.start : q.end], q.value, q.unit_id) == (written, seconds, "second")


def test_extract_numbers_a_time_of_day_is_not_a_duration():
    assert all(q.unit_id != "second" for q in find_numbers_beside_dates("Le départ a été donné à 9 h 15 par 11 °C."))


def _no_why(table):
    del table["unit_ids"]["groups"][0]["why"]


def _unknown_table(table):
    table["typo"] = {"why": "a table no one reads", "entries": {"x": "y"}}


def _unknown_kind(table):
    table["cues"]["fr"][0]["kind"] = "roughly"


def _shadowed_cue(table):
    table["cues"]["en"].reverse()  # « more than » before « no more than »: the longer cue is never read


def _symbol_without_id(table):
    table["symbol_lemmas"]["en"]["¥"] = "yen"


@pytest.mark.parametrize("breaks", [_no_why, _unknown_table, _unknown_kind, _shadowed_cue, _symbol_without_id])
def test_extract_numbers_a_malformed_word_table_is_an_error_naming_it(tmp_path, monkeypatch, breaks):
    import json

    from checker.errors import ModelError
    from checker.extract import numbers

    table = json.loads(numbers._DATA.read_text(encoding="utf-8"))
    assert all(value["why"].strip() for name, value in table.items() if name != "about")
    numbers._Tables.model_validate(table)  # the shipped file is valid: only the change below breaks it
    breaks(table)
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(numbers, "_DATA", path)
    with pytest.raises(ModelError, match="numbers.json"):
        numbers._load_tables()


def test_extract_numbers_a_count_after_a_french_date_is_no_year():
    from checker.extract import extract_article
    from checker.models import Article

    def figures(text: str) -> list[tuple[str, float]]:
        article = Article(id="a.txt", text=text, published="2026-06-10", content_hash=Article.hash_text(text))
        return [(q.text, q.value) for c in extract_article(article) for q in c.numbers]

    # « le 4 juin 23 lots »: in French the day comes before the month and a year has four digits
    assert figures("L'entreprise avait rappelé le 4 juin 23 lots de poulet cuit.") == [("23 lots", 23.0)]
    assert figures("Les événements de mai 68 ont marqué la ville de Nantes.") == []
    assert figures("Le 12 mars 2025, quatorze personnes ont été blessées à Lille.") == [("quatorze personnes", 14.0)]


def test_extract_numbers_the_time_units_of_the_table_are_the_models():
    """numbers.json's group of time units maps lemmas to the ids checker.models.TIME_UNITS names (read by the
    extraction to keep durations inside a date's span, and by the comparison to leave times out of a count's parts)."""
    import json
    from pathlib import Path

    from checker.extract import numbers
    from checker.models import TIME_UNITS

    table = json.loads((Path(numbers.__file__).with_name("data") / "numbers.json").read_text(encoding="utf-8"))
    (group,) = [g for g in table["unit_ids"]["groups"] if g["why"].startswith("units of time")]
    assert set(group["entries"].values()) == TIME_UNITS
