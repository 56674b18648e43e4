"""When an article was written: an ISO date (partial allowed) and the weekday, with how it was found.

Evidence, strongest first; each step records what it read in the basis, for a person to check:

1. A date the file states: front matter, JSON field, HTML metadata, or a marker in the text
   (« date 2025-02 » in seed 003, « Publié le 11 février 2025 », « MOSCOU, 25 février 2025 »).
2. A weekday with a date in the lead: « s'est achevé mardi 11 février » -> "--02-11", Tuesday.
   Without a written year, the year is inferred only when exactly one year within ±2 of the latest
   year the text mentions puts that date on that weekday: « mardi 11 février » in a text that
   mentions 2023 and 2024 -> 2025-02-11 (2025 is the only year of 2022..2026 where it is a Tuesday).
3. A weekday said to be today anywhere: « aujourd'hui (jeudi) » (seed 003), « ce jeudi matin »
   (seed 002) -> Thursday, date unknown.
4. A lone weekday in the lead: « a déclaré, mardi, » (seed 000) -> Tuesday, date unknown. News copy
   names the day of the event it reports, which for a dispatch is the day it was written.

Nothing found: everything None. The value "--MM-DD" means month and day known, year not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from checker.ingest.boilerplate import BoilerplateMatch
from checker.ingest.vocabulary import MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS
from checker.text import MONTHS_BY_LANGUAGE, WEEKDAYS_BY_LANGUAGE

# English names for the bases, whatever the locale.
_MONTH_NAMES = ("", *(name.capitalize() for name in MONTHS_BY_LANGUAGE["en"]))
_DAY_NAMES = tuple(name.capitalize() for name in WEEKDAYS_BY_LANGUAGE["en"])

_ISO_PARTIAL = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|--(?P<m>\d{2})-(?P<d>\d{2})")
_ISO_PREFIX = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_WRITTEN_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)? (?:{MONTH_NAMES}) \d{{4}}|(?:{MONTH_NAMES}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

# « mardi 11 février », « le mardi 1er avril 2025 », « Tuesday, February 11 », « Tuesday 11 February ».
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{WEEKDAY_NAMES}),? (?:"
    rf"(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)? (?:of )?(?P<month>{MONTH_NAMES})"
    rf"|(?P<month2>{MONTH_NAMES}) (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf")(?:,? (?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)
# « aujourd'hui (jeudi) », « aujourd'hui jeudi », « ce jeudi matin », « jeudi (aujourd'hui) », « today (Thursday) ».
_TODAY_WEEKDAY = re.compile(
    rf"\baujourd['’]hui,? (?:\((?P<wd>{WEEKDAY_NAMES})\)|(?P<wd5>{WEEKDAY_NAMES})\b)|\bce (?P<wd2>{WEEKDAY_NAMES})\b"
    rf"|\b(?P<wd3>{WEEKDAY_NAMES}) \(aujourd['’]hui\)|\btoday,? \((?P<wd4>{WEEKDAY_NAMES})\)",
    re.IGNORECASE,
)
# A weekday on its own, not one of « lundi prochain », « mardi dernier », « chaque mardi », « last Tuesday ».
_LONE_WEEKDAY = re.compile(
    rf"(?<!chaque )(?<!tous les )(?<!last )(?<!next )(?<!every )\b(?P<wd>{WEEKDAY_NAMES})\b"
    r"(?! (?:prochain|dernier|précédent|suivant|d['’]avant)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateInference:
    """The date and the weekday, each with its own basis: a manifest may override one and not the other."""

    published: str | None = None
    published_basis: str | None = None
    weekday: int | None = None
    weekday_basis: str | None = None


def parse_iso_partial(value: str) -> tuple[int | None, int | None, int | None] | None:
    """« 2025-02-11 » -> (2025, 2, 11); « 2025-02 » -> (2025, 2, None); « --02-11 » -> (None, 2, 11).

    None when the value is not one of those shapes or names no real day.
    """
    m = _ISO_PARTIAL.fullmatch(value)
    if not m:
        return None
    year: int | None
    month: int | None
    day: int | None
    if m["m"]:
        year, month, day = None, int(m["m"]), int(m["d"])
    else:
        year = int(m["year"])
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
    try:
        dt.date(2000 if year is None else year, month or 1, day or 1)  # 2000 is a leap year: « --02-29 » is a real day
    except ValueError:
        return None
    return year, month, day


def weekday_of(value: str | None) -> int | None:
    """The weekday of a full ISO date (0=Monday), None for a partial one."""
    parts = parse_iso_partial(value) if value else None
    if not parts or None in parts:
        return None
    return dt.date(*parts).weekday()  # type: ignore[arg-type]


def normalise_date(value: object) -> str | None:
    """A date as a file states it -> ISO, partial allowed; None if it cannot be read.

    « 2025-02-11T09:30:00+01:00 » -> "2025-02-11"; « 2025-02 » stays; « 11 février 2025 » ->
    "2025-02-11"; « 11/02/2025 » -> "2025-02-11" (day first, as French and British write it).
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if parse_iso_partial(text):
        return text
    m = _ISO_PREFIX.fullmatch(text)
    if m and parse_iso_partial(m[1]):
        return m[1]
    return _parse_written_date(text)


def _parse_written_date(text: str) -> str | None:
    """The first full written date in ``text``, by dateparser, or None.

    dateparser reads the many shapes publication lines take (« 11 février 2025 à 14h32 »,
    « Feb. 11, 2025 », « 11/02/2025 ») in French and English, but fills a missing year with the
    current one and reads « 11 février » as February 2011; so it is only given a piece that
    already shows a four-digit year, found by the two regexes above.
    """
    m = _NUMERIC_DATE.search(text) or _WRITTEN_DATE.search(text)
    if not m:
        return None
    from dateparser.date import DateDataParser  # import cost only when a file needs it

    parser = DateDataParser(languages=["fr", "en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    data = parser.get_date_data(m[0])
    if data.date_obj is None:
        return None
    return data.date_obj.date().isoformat()


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:  # 29 February in a common year
        return None


def _quote(text: str, start: int, end: int, before: int = 0) -> str:
    """The evidence as a person can find it: « a déclaré, mardi, » with ``before`` characters of context."""
    if before:
        cut = text.rfind(" ", max(0, start - before), start - 1)
        line = text.rfind("\n", 0, start) + 1
        start = max(cut + 1 if cut >= 0 else start, line)
    return "« " + " ".join(text[start:end].split()) + " »"


def _infer_year(month: int, day: int, weekday: int, text: str) -> tuple[int | None, str]:
    """The year the text itself writes in which month/day falls on weekday, if exactly one does.

    Years near the latest one written are NOT guessed: a weekly recalling « les crues de septembre
    2002 » would put « samedi 11 octobre » in 2003. Only a year the article names can be taken.
    """
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if not years:
        return None, "year unknown: the text writes none"
    fits = [year for year in years if _weekday(year, month, day) == weekday]
    if len(fits) == 1:
        return fits[0], (
            f"year {fits[0]} inferred: the only year the text writes in which "
            f"{day} {_MONTH_NAMES[month]} is a {_DAY_NAMES[weekday]}"
        )
    return None, "year unknown: no year written in the text fits the weekday"


def _stated(stated: tuple[str, str] | None, matches: Iterable[BoilerplateMatch], text: str) -> tuple[str, str] | None:
    """The first date the file states, as (ISO value, basis)."""
    if stated:
        return stated
    for m in matches:
        if m.date:
            value = normalise_date(m.date)
            if value:
                return value, f"marker {_quote(text, m.start, m.end)} in the text"
    return None


def _weekday_date(text: str, lead: list[tuple[int, int]]) -> tuple[re.Match[str], int, int, int] | None:
    for start, end in lead:
        m = _WEEKDAY_DATE.search(text, start, end)
        if m:
            month = MONTHS[(m["month"] or m["month2"]).lower()]
            day = int(m["day"] or m["day2"])
            try:
                dt.date(2000, month, day)
            except ValueError:
                continue
            return m, WEEKDAYS[m["wd"].lower()], month, day
    return None


def _weekday_only(text: str, content: list[tuple[int, int]], lead: list[tuple[int, int]]) -> tuple[int, str] | None:
    for start, end in content:
        m = _TODAY_WEEKDAY.search(text, start, end)
        if m:
            word = m["wd"] or m["wd2"] or m["wd3"] or m["wd4"] or m["wd5"]
            return WEEKDAYS[word.lower()], f"weekday from {_quote(text, m.start(), m.end())} (said of today)"
    for start, end in lead:
        m = _LONE_WEEKDAY.search(text, start, end)
        if m:
            return WEEKDAYS[m["wd"].lower()], (
                f"weekday from {_quote(text, m.start(), m.end(), before=30)} in the lead "
                "(the day of the reported event, taken as the day of writing)"
            )
    return None


def infer_dates(
    text: str,
    matches: Iterable[BoilerplateMatch],
    content: list[tuple[int, int]],
    lead_lines: int = 4,
    stated: tuple[str, str] | None = None,
) -> DateInference:
    """Date and weekday of an article from the evidence listed in the module docstring.

    ``matches`` are the boilerplate matches (date markers carry a ``date``), ``content`` the
    non-boilerplate lines as (start, end) ranges, of which the first ``lead_lines`` are the lead;
    ``stated`` is a date the file's metadata gives, as (ISO value, basis). Raises nothing.
    """
    lead = content[:lead_lines]
    declared = _stated(stated, matches, text)
    found = _weekday_date(text, lead)
    if declared:
        value, basis = declared
        year, month, day = parse_iso_partial(value) or (None, None, None)
        if day is None and year and found and month in (None, found[2]):
            m, weekday, month, day = found
            if _weekday(year, month, day) == weekday:  # « date 2025-02 » + « mardi 11 février »
                value = f"{year:04d}-{month:02d}-{day:02d}"
                basis = f"{basis} + {_quote(text, m.start(), m.end())} in the lead"
        full = weekday_of(value)
        if full is not None:
            return DateInference(value, basis, full, basis)
        other = _weekday_only(text, content, lead)
        return DateInference(value, basis, other[0] if other else None, other[1] if other else None)
    if found:
        m, weekday, month, day = found
        quoted = _quote(text, m.start(), m.end())
        actual = _weekday(int(m["year"]), month, day) if m["year"] else None
        if actual is not None:  # a written year (« 29 février 2025 » is no day: read as if unwritten)
            value = f"{int(m['year']):04d}-{month:02d}-{day:02d}"
            basis = f"{quoted} in the lead"
            if actual != weekday:
                basis += f" (but {value} is a {_DAY_NAMES[actual]}: the written date is kept)"
            return DateInference(value, basis, actual, basis)
        year, why = _infer_year(month, day, weekday, text)
        value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        basis = f"{quoted} in the lead; {why}"
        return DateInference(value, basis, weekday, basis)
    other = _weekday_only(text, content, lead)
    if other:
        return DateInference(None, None, other[0], other[1])
    return DateInference()
