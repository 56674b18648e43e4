"""find_dates: absolute, partial, relative, ranges and durations, against partial anchors."""

from __future__ import annotations

import pytest

from checker.extract.dates import find_dates, parse_anchor


def one(sentence: str, **kw):
    found = find_dates(sentence, **kw)
    assert len(found) == 1, found
    return found[0]


def test_extract_dates_day_month_takes_the_anchor_year():
    d = one("Une première rencontre le 18 février à Ryad.", anchor="2025-02-27")
    assert (d.text, d.value, d.precision, d.status) == ("18 février", "2025-02-18", "day", "exact")


def test_extract_dates_day_month_without_anchor_keeps_no_year():
    d = one("après une première rencontre le 18 février à Ryad")
    assert d.value == "--02-18"


def test_extract_dates_year_rolls_back_when_far_after_the_anchor():
    assert one("La réunion du 20 novembre a échoué.", anchor="2025-02-27").value == "2024-11-20"


def test_extract_dates_future_tense_keeps_a_later_date_in_the_year():
    sentence = "Un autre rendez-vous se tiendra au Grand Palais le 20 juin, réservé aux start-up."
    assert one(sentence, anchor="2025-02-11").value == "2025-06-20"


def test_extract_dates_full_date_and_weekday_with_date_are_exact():
    d = one("Le sommet s'est achevé mardi 11 février 2025 au Grand Palais.")
    assert (d.text, d.value, d.status) == ("mardi 11 février 2025", "2025-02-11", "exact")
    assert one("s'est achevé mardi 11 février au Grand Palais", anchor="2025-02").value == "2025-02-11"


def test_extract_dates_offsets_are_article_offsets():
    sentence = "La déclaration finale a été adoptée le 12 février par les pays participants."
    d = one(sentence, offset=1000)
    assert (d.start, d.end) == (1000 + sentence.index("12 février"), 1000 + sentence.index(" par"))
    assert d.text == "12 février"


def test_extract_dates_month_year_is_partial():
    sentence = "depuis le début de la guerre en Ukraine en février 2022."
    d = one(sentence)
    assert (d.text, d.value, d.precision, d.status) == ("février 2022", "2022-02", "month", "partial")


def test_extract_dates_months_and_years_of_the_ia_corpus():
    sentence = (
        "Ce sommet fait suite à celui de Bletchley Park, au Royaume-Uni, en novembre 2023, puis à celui de "
        "Séoul, en mai 2024."
    )
    assert [d.value for d in find_dates(sentence)] == ["2023-11", "2024-05"]


def test_extract_dates_bare_year_needs_a_preposition():
    assert [d.value for d in find_dates("Il vit à Kiev depuis 2014 et travaille en 2022.")] == ["2014", "2022"]
    assert find_dates("Une hausse de 2000 euros a été votée.") == []


def test_extract_dates_numbers_are_not_dates():
    sentence = "58 pays ont signé, le cessez-le-feu de 30 jours et 109 milliards d'euros."
    assert find_dates(sentence, anchor="2025-02-11") == []


def test_extract_dates_month_list_is_one_range():
    sentence = "ont tenu des consultations bilatérales en vue d'une normalisation en février et avril à Istanbul"
    d = one(sentence)
    assert (d.text, d.value, d.range_end, d.precision) == ("février et avril", "--02", "--04", "month")
    assert one(sentence, anchor="2025-05-02").range_end == "2025-04"


def test_extract_dates_day_range():
    d = one("Les discussions auront lieu du 10 au 12 février à Riyad.")
    assert (d.value, d.range_end, d.precision) == ("--02-10", "--02-12", "day")
    assert one("les 10 et 11 février", anchor="2025-03-01").range_end == "2025-02-11"


def test_extract_dates_weekday_resolves_against_partial_anchor():
    d = one("Le président français a annoncé dimanche 109 milliards d'euros.", anchor="--02-11", anchor_weekday=1)
    assert (d.text, d.value, d.precision, d.status) == ("dimanche", "--02-09", "day", "inferred")


def test_extract_dates_weekday_resolves_against_full_anchor():
    assert one("Lundi, il a déclaré qu'il menait des discussions.", anchor="2025-02-18").value == "2025-02-17"
    # the anchor's own weekday is the same day
    assert one("a déclaré, mardi, que la Russie", anchor="2025-02-11").value == "2025-02-11"


def test_extract_dates_weekday_future_tense_goes_forward():
    assert one("La réunion se tiendra lundi à Riyad.", anchor="2025-02-12").value == "2025-02-17"


def test_extract_dates_weekday_of_a_plan_told_from_the_past_goes_forward():
    """A wire of Tuesday 14 April: the conditional of a reported plan, « devait » + infinitive, what is awaited,
    planned or considered all point to the coming Wednesday; a past told at second hand (« aurait été »,
    « serait mort ») and a plain passé composé stay behind."""
    tuesday = "2026-04-14"
    for text in (
        "La ministre a fait savoir qu'elle se rendrait à Évreux mercredi.",
        "La ministre devait se rendre sur place mercredi.",
        "La ministre est attendue mercredi à Évreux.",
        "Une visite est prévue mercredi.",
        "Une manifestation est envisagée mercredi dans le centre-ville.",
        "La DGAC a demandé aux compagnies de réduire leurs vols mercredi matin.",
    ):
        assert one(text, anchor=tuesday).value == "2026-04-15", text
    assert one("She said she would visit Evreux on Wednesday.", language="en", anchor=tuesday).value == "2026-04-15"
    thursday = "2026-04-16"
    assert one("Le suspect aurait été interpellé mardi.", anchor=thursday).value == "2026-04-14"
    assert one("Il serait mort dimanche.", anchor=thursday).value == "2026-04-12"
    assert one("Le ministre a annoncé mardi sa démission.", anchor=thursday).value == "2026-04-14"
    assert one("Il est accusé d'avoir frappé un agent mardi.", anchor=thursday).value == "2026-04-14"
    assert one("Le glissement de terre survenu mardi a coupé la route.", anchor=thursday).value == "2026-04-14"
    # a plan moves a weekday ahead, not a month and day into next year: the plan may be past by now
    text = "L'arrêté pris le 12 février cesse de produire ses effets jusqu'au jugement, attendu d'ici l'automne."
    assert one(text, anchor="2026-04-16").value == "2026-02-12"


def test_extract_dates_weekday_modifiers():
    found = find_dates("jeudi dernier, puis mardi prochain", anchor="2025-02-27")
    assert [(d.text, d.value) for d in found] == [("jeudi dernier", "2025-02-20"), ("mardi prochain", "2025-03-04")]
    d = one("des pourparlers ont commencé ce jeudi matin à Istanbul", anchor="2025-02-27")
    assert (d.text, d.value) == ("ce jeudi matin", "2025-02-27")


def test_extract_dates_weekday_without_day_anchor_is_unresolved():
    for kw in ({}, {"anchor_weekday": 1}, {"anchor": "2025-02"}, {"anchor": "--02-11"}):
        d = one("a annoncé dimanche", **kw)
        assert (d.text, d.value, d.precision, d.status) == ("dimanche", None, "weekday", "unresolved")


def test_extract_dates_relative_words():
    found = find_dates("hier, aujourd’hui et la semaine dernière", anchor="2025-02-27")
    assert [(d.value, d.status) for d in found] == [
        ("2025-02-26", "inferred"),
        ("2025-02-27", "inferred"),
        ("2025-02-17", "inferred"),
    ]
    assert found[2].range_end == "2025-02-23"
    # « aujourd'hui » in an article known only to its month
    d = one("Le Kremlin a annoncé aujourd’hui avoir pris la décision", anchor="2025-02")
    assert (d.value, d.precision) == ("2025-02", "month")
    assert one("hier", anchor=None).status == "unresolved"


def test_extract_dates_start_of_year_takes_the_anchor_year():
    sentence = "après le retour de Donald Trump à la Maison Blanche en début d'année."
    d = one(sentence, anchor="2025-05-14")
    assert (d.value, d.precision, d.status) == ("2025", "year", "partial")
    assert one(sentence).status == "unresolved"


def test_extract_dates_duration():
    sentence = (
        "Le président américain Donald Trump a accéléré les négociations avec la Russie pour mettre fin au "
        "conflit ukrainien, qui dure depuis trois ans."
    )
    d = one(sentence, anchor="2025-02-18")
    assert (d.text, d.value, d.precision, d.status, d.duration_days) == (
        "depuis trois ans",
        None,
        "unknown",
        "partial",
        pytest.approx(1095.75),
    )


def test_extract_dates_ago_is_a_point():
    d = one("il y a trois ans, la guerre commençait", anchor="2025-02-27")
    assert (d.value, d.precision, d.status) == ("2022", "year", "inferred")


def test_extract_dates_english():
    sentence = "The Artificial Intelligence Action Summit ended on Tuesday, February 11, at the Grand Palais."
    d = one(sentence, language="en", anchor="2025-02-11")
    assert (d.text, d.value, d.status) == ("Tuesday, February 11", "2025-02-11", "exact")
    d = one("French President Emmanuel Macron said on Sunday that", language="en", anchor="2025-02-11")
    assert (d.text, d.value) == ("Sunday", "2025-02-09")
    found = find_dates(
        "in May 2024, on February 11, 2025, yesterday and last week; it may rain", language="en", anchor="2025-02-27"
    )
    assert [d.value for d in found] == ["2024-05", "2025-02-11", "2025-02-26", "2025-02-17"]


def test_extract_dates_ia_summit_dates_disagree_as_they_should():
    """c_hebdo says 12 February, a_agence says Tuesday 11 February: the values must differ."""
    a = one("s'est achevé mardi 11 février au Grand Palais", anchor="2025-02-11")
    c = one("La déclaration finale a été adoptée le 12 février par les pays participants.", anchor="2025-02-11")
    assert (a.value, c.value) == ("2025-02-11", "2025-02-12")


def test_extract_dates_numeric_forms():
    assert [d.value for d in find_dates("le 11/02/2025 puis le 2025-02-18")] == ["2025-02-11", "2025-02-18"]


def test_extract_dates_impossible_day_is_dropped():
    assert find_dates("le 31 février") == []


def test_extract_dates_parse_anchor_forms():
    assert parse_anchor("2025-02-27").weekday == 3
    assert parse_anchor("--02-11", 1).day_date().weekday() == 1
    assert parse_anchor("2025-02").day is None
    assert parse_anchor("not a date") == parse_anchor(None)


def test_extract_dates_on_the_seed_sentence(shared):
    text = (shared / "seeds" / "001_953b2f7760cf7467.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "en février et avril" in line)
    offset = text.index(sentence)
    found = find_dates(sentence, offset, anchor="2025-05-14")
    assert [d.value for d in found] == ["2025-02", "2025-02-18", "2022-02"]
    assert all(text[d.start : d.end] == d.text for d in found)


def test_extract_dates_a_deadline_lies_ahead_unless_a_verb_says_otherwise():
    def value(sentence: str, language: str = "fr") -> str | None:
        (found,) = find_dates(sentence, 0, language, "2026-06-10")
        return found.value

    # present tense, no verb near: « jusqu'au », "until" point forward (was the previous September)
    assert value("L'arrêté, valable jusqu'au 30 septembre, autorise des tirs.") == "2026-09-30"
    assert value("The order is valid until September 30.", "en") == "2026-09-30"
    assert value("Le plan court d'ici le 30 septembre.") == "2026-09-30"
    # a past verb still reads the past; a date without a deadline keeps the past by default
    assert value("Il a été détenu jusqu'au 30 septembre.") == "2025-09-30"
    assert value("The order was valid until September 30.", "en") == "2025-09-30"
    assert value("Le festival a eu lieu le 30 septembre.") == "2025-09-30"


def _date_words() -> dict:
    import json

    from checker.extract import dates

    return json.loads(dates._DATA.read_text(encoding="utf-8"))


def test_extract_dates_cue_words_say_why_and_are_folded():
    """Each list of the data file says why it exists; its words are as the finder folds text (lower case,
    straight apostrophes), or they would never match."""
    table = _date_words()
    lists = [table["unit_days"], *table["cues"].values()]
    assert all(part["why"].strip() for part in lists)
    cues = table["cues"]
    words = [w for name, part in cues.items() if name not in ("range_words", "extra_relative") for w in part["fr"]]
    words += [w for name, part in cues.items() if name not in ("range_words", "extra_relative") for w in part["en"]]
    words += [w for lang in ("fr", "en") for pair in cues["range_words"][lang] for w in pair]
    words += [w for lang in ("fr", "en") for w in cues["extra_relative"][lang]]
    assert words and all(w == w.lower().replace("’", "'") and w == w.strip() for w in words)


@pytest.mark.parametrize(
    ("part", "key", "value"),
    [
        ("cues", "last", {"fr": ["dernier"], "en": ["last"]}),  # a list without its why
        ("unit_days", "days", {"day": 0}),  # a unit no longer than nothing
        ("cues", "extra_relative", {"why": "w", "fr": {"la veille": {"unit": "fortnight", "offset": 0}}, "en": {}}),
        ("cues", "typo", {"why": "w", "fr": [], "en": []}),
    ],
)
def test_extract_dates_a_malformed_words_file_is_an_error_naming_it(tmp_path, monkeypatch, part, key, value):
    import json

    from checker.errors import ModelError
    from checker.extract import dates

    table = _date_words()
    table[part][key] = value
    path = tmp_path / "date-words.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(dates, "_DATA", path)
    with pytest.raises(ModelError, match="date-words.json"):
        dates._load_words()
