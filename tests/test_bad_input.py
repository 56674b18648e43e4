"""The bad-input suite: hostile and random input through the readers, the date and number normalisers
and extraction. Whatever comes in, nothing but a CheckerError escapes, and every offset points at the
text it claims to (a claim's sentence, a date's words, a figure's words) in the article's text.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from checker.errors import CheckerError
from checker.extract.dates import find_dates, find_numbers_beside_dates
from checker.ingest import SUPPORTED_SUFFIXES, normalise_date, read_article, read_files
from checker.ingest.dating import parse_iso_partial
from checker.models import Article

# No example database: each run explores afresh rather than replaying the last run's failures.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# News-like characters with the ones that break parsers: quotes, dashes, digits, punctuation runs,
# control characters, newlines of three kinds, and letters of several scripts.
NEWS_ALPHABET = st.sampled_from(
    list(string.ascii_letters + string.digits + string.punctuation + " \t\n\r\x0b\x0c")
    + list("éèàçôÉÀ«»“”’…–—€%°\u00a0\u202f\u2028\u0301ßøЖ中🙂")
)
news_text = st.text(NEWS_ALPHABET, max_size=400)
# Words the date and number rules look for, so that examples reach deep into them.
WORDS = [
    "le",
    "la",
    "du",
    "au",
    "en",
    "de",
    "depuis",
    "jusqu'au",
    "et",
    "à",
    "mardi",
    "lundi",
    "dimanche",
    "février",
    "mars",
    "décembre",
    "janvier",
    "2025",
    "1999",
    "18",
    "1er",
    "31",
    "30",
    "3,5",
    "1 200",
    "millions",
    "milliard",
    "d'euros",
    "€",
    "%",
    "pays",
    "ans",
    "jours",
    "semaine",
    "dernier",
    "prochain",
    "environ",
    "près",
    "plus",
    "moins",
    "vingt",
    "soixante",
    "et",
    "un",
    "cent",
    "mille",
    "hier",
    "demain",
    "May",
    "3rd",
    "last",
    "week",
    "Tuesday",
    "-",
    "/",
    ".",
    ",",
    "«",
    "»",
    "(",
    ")",
    "2025-02-11",
    "11/02/2025",
]
news_words = st.lists(st.sampled_from(WORDS) | st.text(NEWS_ALPHABET, max_size=6), max_size=25).map(" ".join)
sentences = news_text | news_words


# ---------------------------------------------------------------- readers
def _read_one(folder: Path, name: str, data: bytes) -> tuple[list[Article], list]:
    path = folder / name
    path.write_bytes(data)
    try:
        articles, problems = read_files([(path, name)])
    finally:
        path.unlink()
    return articles, problems


def _assert_well_formed(article: Article) -> None:
    assert isinstance(article.text, str) and article.text.strip()
    last = 0
    for span in article.boilerplate:  # sorted, disjoint, inside the text
        assert last <= span.start < span.end <= len(article.text)
        last = span.end
    if article.published is not None:
        assert parse_iso_partial(article.published) is not None


@FUZZ
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES), data=st.binary(max_size=600))
def test_bad_input_readers_take_any_bytes(tmp_path, suffix, data):
    """Random bytes under every suffix: articles or named problems, never an exception."""
    articles, problems = _read_one(tmp_path, f"x{suffix}", data)
    for article in articles:
        _assert_well_formed(article)
    assert all(p.reason for p in problems)


@FUZZ
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES), text=news_text)
def test_bad_input_readers_take_any_text(tmp_path, suffix, text):
    articles, problems = _read_one(tmp_path, f"x{suffix}", text.encode("utf-8"))
    for article in articles:
        _assert_well_formed(article)
    if suffix == ".txt" and text.strip():  # a text file is its text, verbatim, whatever it holds
        assert [a.text for a in articles] == [text]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | news_text,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "body", "title", "date", "published", "id", "url", "lang", "source", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(value=json_values, as_lines=st.booleans())
def test_bad_input_json_records_of_any_shape(tmp_path, value, as_lines):
    """Any JSON value (or list of them, one per line) is read or named: a bad record does not stop the others."""
    if as_lines:
        items = value if isinstance(value, list) else [value]
        articles, _ = _read_one(tmp_path, "feed.jsonl", "\n".join(json.dumps(v) for v in items).encode())
    else:
        articles, _ = _read_one(tmp_path, "feed.json", json.dumps(value).encode())
    for article in articles:
        _assert_well_formed(article)


@FUZZ
@given(
    front=st.dictionaries(
        st.sampled_from(["title", "date", "published", "lang", "source", "outlet", "agency"]), json_values, max_size=4
    ),
    body=news_text,
)
def test_bad_input_markdown_front_matter_of_any_shape(tmp_path, front, body):
    text = "---\n" + json.dumps(front) + "\n---\n" + body  # JSON is YAML: any value the YAML reader may meet
    articles, _ = _read_one(tmp_path, "a.md", text.encode("utf-8"))
    for article in articles:
        _assert_well_formed(article)


@FUZZ
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES), data=st.binary(max_size=300))
def test_bad_input_read_article_raises_only_checker_errors(tmp_path, suffix, data):
    path = tmp_path / f"a{suffix}"
    path.write_bytes(data)
    try:
        _assert_well_formed(read_article(path, tmp_path))
    except CheckerError as exc:
        assert str(exc) and "\n" not in str(exc)  # one line, for the CLI's one error line


# ---------------------------------------------------------------- date and number normalisers
@FUZZ
@given(
    value=st.one_of(
        news_text,
        news_words,
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.dates(),
        st.datetimes(),
        st.lists(st.integers(), max_size=3),
    )
)
def test_bad_input_normalise_date_gives_iso_or_none(value):
    iso = normalise_date(value)
    assert iso is None or parse_iso_partial(iso) is not None


def _date_value(value: str) -> bool:
    """A claim's date: ISO, partial allowed, --MM-DD or --MM when no year is written."""
    return parse_iso_partial(value) is not None or re.fullmatch(r"--(0[1-9]|1[0-2])", value) is not None


anchors = st.none() | st.sampled_from(
    ["2025-02-27", "2025-02", "2025", "--02-18", "0001-01-01", "9999-12-31", "2024-02-29", "not a date"]
)


@FUZZ
@given(
    sentence=sentences,
    offset=st.integers(0, 10_000),
    language=st.sampled_from(["fr", "en", "de", "", "fr-FR"]),
    anchor=anchors,
    weekday=st.none() | st.integers(0, 6),
)
@example(sentence="hier", offset=0, language="fr", anchor="0001-01-01", weekday=None)  # found: OverflowError
@example(sentence="dans 9000 ans", offset=0, language="fr", anchor="2025-02-27", weekday=None)
def test_bad_input_find_dates_offsets_point_at_the_date(sentence, offset, language, anchor, weekday):
    for d in find_dates(sentence, offset, language, anchor, weekday):
        assert sentence[d.start - offset : d.end - offset] == d.text
        assert d.value is None or _date_value(d.value)
        assert d.range_end is None or _date_value(d.range_end)


@FUZZ
@given(sentence=sentences, offset=st.integers(0, 10_000), language=st.sampled_from(["fr", "en", "de", ""]))
def test_bad_input_find_numbers_offsets_point_at_the_figure(sentence, offset, language):
    for q in find_numbers_beside_dates(sentence, offset, language):
        assert sentence[q.start - offset : q.end - offset] == q.text
        assert q.value == q.value  # not NaN
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


# ---------------------------------------------------------------- extraction on hostile articles
@pytest.fixture(scope="module")
def extract():
    from checker.extract import extract_claims

    return extract_claims


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(sentences, min_size=1, max_size=6).map("\n".join), language=st.sampled_from(["fr", "en"]))
def test_bad_input_claim_offsets_point_at_the_claim(tmp_path, extract, text, language):
    """Every claim, date, place and figure of a hostile article indexes the article's text verbatim."""
    assume(text.strip())
    articles, _ = _read_one(tmp_path, "a.txt", text.encode("utf-8"))
    if not articles:
        return
    article = articles[0].model_copy(update={"language": language})
    for claim in extract([article]):
        assert article.text[claim.start : claim.end] == claim.text
        for mention in [*claim.date_mentions, *claim.numbers, *claim.place_mentions]:
            assert article.text[mention.start : mention.end] == mention.text


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES), data=st.binary(max_size=300) | sentences.map(str.encode))
def test_bad_input_claims_command_exits_0_or_3(tmp_path, suffix, data):
    """Through the whole command: claims, or one error line with exit 3; never a traceback (exit 4)."""
    from click.testing import CliRunner

    from checker.cli import main

    path = tmp_path / f"a{suffix}"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["claims", str(path), "-q"], prog_name="checker")
    assert result.exit_code in (0, 3), result.output
    if result.exit_code == 3:
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
