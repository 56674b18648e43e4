"""find_times: clock times in French and English, their bounds and zones, and what is no time of day; and the
claims' numbers, which no longer hold a time's figures."""

from __future__ import annotations

import pytest

from checker.compare.slots import time_interval
from checker.extract import extract_article
from checker.extract.times import find_times
from checker.models import Article


def times(sentence: str, language: str = "fr", offset: int = 0) -> list[tuple[str, str, str, str | None]]:
    return [(t.text, t.value, t.bound, t.zone) for t in find_times(sentence, offset, language)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("La coupure est survenue à 17 h 48 mardi.", [("à 17 h 48", "17:48", "at", None)]),
        ("Tout s'est arrêté peu après 18h30.", [("peu après 18h30", "18:30", "shortly_after", None)]),
        ("Le trafic a repris vers 21 heures.", [("vers 21 heures", "21:00", "about", None)]),
        (
            "Les premiers projectiles ont volé peu avant minuit.",
            [("peu avant minuit", "00:00", "shortly_before", None)],
        ),
        ("Il a été retrouvé à 8 heures du soir.", [("à 8 heures du soir", "20:00", "at", None)]),
        ("Le magasin reste ouvert jusqu'à 23 heures.", [("jusqu'à 23 heures", "23:00", "until", None)]),
        (
            "La secousse, à 3 h 40 (1 h 40 GMT), a réveillé la ville.",
            [("à 3 h 40", "03:40", "at", None), ("1 h 40", "01:40", "at", "GMT")],
        ),
    ],
)
def test_extract_times_french_clock_times(sentence, expected):
    assert times(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Les négociations ont duré 21 heures.",  # a duration
        "Après 6 heures de négociations, un accord a été trouvé.",  # hours of something
        "Les secours ont cherché pendant 1 h 30.",  # a duration with minutes
        "Le train est arrivé avec un retard de 2 h 15.",
        "Le vainqueur a bouclé l'étape en 2 h 00 min 05 s.",  # a race time
        "Il fait beau dans le Midi.",  # the south, not noon
        "Elle a été placée 48 heures en garde à vue.",
    ],
)
def test_extract_times_durations_and_other_words_are_no_time_of_day(sentence):
    assert times(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bus overturned shortly after 2pm.", [("shortly after 2pm", "14:00", "shortly_after", None)]),
        ("Clashes began at around 5.30am on Tuesday.", [("around 5.30am", "05:30", "about", None)]),
        ("The quake struck at 0140 GMT.", [("at 0140", "01:40", "at", "GMT")]),
        ("It happened at 2:30 in the afternoon.", [("at 2:30 in the afternoon", "14:30", "at", None)]),
        ("The talks resumed at noon.", [("at noon", "12:00", "at", None)]),
        ("Doors open at 10 a.m. on Monday.", [("at 10 a.m.", "10:00", "at", None)]),
    ],
)
def test_extract_times_english_clock_times(sentence, expected):
    assert times(sentence, "en") == expected


def test_extract_times_english_hours_without_am_or_pm_may_be_either():
    (t,) = find_times("The trouble started at 6:10 on Tuesday.", 0, "en")
    assert (t.value, t.twelve_hour) == ("06:10", True)
    assert find_times("The score was 3:2 at half time.", 0, "en") == []  # no clock cue: a score


def test_extract_times_offsets_are_article_offsets():
    sentence = "La coupure est survenue à 17 h 48."
    (t,) = find_times(sentence, 100)
    assert sentence[t.start - 100 : t.end - 100] == "à 17 h 48"


def test_extract_times_intervals_follow_the_cue():
    def interval(sentence: str, language: str = "fr") -> tuple[int, int] | None:
        (t,) = find_times(sentence, 0, language)
        return time_interval(t)

    assert interval("à 17 h 48") == (17 * 60 + 43, 17 * 60 + 53)  # exact: five minutes either side
    assert interval("à 17 h 45") == (17 * 60 + 30, 18 * 60)  # a quarter hour may be rounded: fifteen
    assert interval("vers 21 heures") == (20 * 60 + 30, 21 * 60 + 30)
    assert interval("peu avant 6 h") == (5 * 60 + 30, 6 * 60)
    assert interval("peu après 6 h") == (6 * 60, 6 * 60 + 30)
    assert interval("avant 18 heures") == (6 * 60, 18 * 60)
    assert interval("depuis 6 heures") is None  # the start of a period is not compared


def test_extract_times_claims_carry_times_and_no_figure_of_a_time():
    text = "Le rorqual est mort dimanche vers 8 h 20, après deux tentatives de remise à l'eau."
    article = Article(id="a.txt", text=text, content_hash=Article.hash_text(text), language="fr")
    (claim,) = extract_article(article)
    assert [(t.value, t.bound) for t in claim.times] == [("08:20", "about")]
    assert [q.value for q in claim.numbers] == [2]  # « deux tentatives »; not the 20 of « 8 h 20 »


def test_extract_times_word_tables_are_checked(tmp_path):
    import json

    from checker.datafile import load_data
    from checker.errors import ModelError
    from checker.extract import times

    table = json.loads(times._DATA.read_text(encoding="utf-8"))
    table["bounds"]["entries"]["vers"] = "roughly"  # not a bound the comparison knows
    path = tmp_path / "time-words.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(ModelError, match="time-words.json"):
        load_data(path, times._TimeWords, "the time-of-day word tables")
