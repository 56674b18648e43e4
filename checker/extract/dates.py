"""Time expressions, normalised against the article's date: « 18 février » (2025-02-27) -> 2025-02-18.

What the kept library does and what this module adds on top:

- ``dateparser`` gives the vocabulary of each language (month and weekday names, « hier »,
  « la semaine dernière », « yesterday »... from its locale data) and parses the core of a date
  (« 18 février 2025 », « February 11 », « 11/02/2025 ») with ``DateDataParser``, whose ``parts``
  say which of year, month and day the text wrote: a day is never invented (where it declines or
  misreads a span the candidate finder matched, that finder's own day-month-year groups are used).
  It is slow-ish (about 2 ms a call), so a regular-expression candidate finder built from that
  vocabulary runs first, and dateparser only sees candidate spans (cached).
- Here: prepositions that make a bare month or year a date (« en février », « en 2022 »,
  « depuis 2014 »; never a bare number), lists and ranges (« en février et avril », « du 10 au
  12 février »), durations (« depuis trois ans », read with ``numbers.scan_quantities``), and the
  resolution against a partial anchor (« --02-11 » with its weekday), with the verb's tense. The words
  (prepositions, cues of direction, of duration and of ranges, units of time) are data,
  ``data/date-words.json``, each list saying why it exists; the patterns built from them stay here.

Decisions (each has a test):

- ``text`` is the date expression without a plain preposition or article (« le 18 février » ->
  « 18 février », « on Sunday » -> « Sunday »), but with the words that change its meaning
  (« jeudi dernier », « ce jeudi matin », « début février », « du 10 au 12 février ») and with the cue
  of a duration (« depuis trois ans »).
- A day and month without a year take the anchor's year when it has one; if that puts the date
  more than 60 days after a full anchor date, the previous year (a future-tense sentence instead
  moves a date more than 30 days before the anchor to the next year). Status stays « exact »: the
  text wrote the day, as models.DateMention documents. Without an anchor year: « --02-18 ».
- A month alone, a month and year, a year: precision month / year, status « partial ».
  « en début d'année » -> the anchor's year, precision year, status partial.
- Weekdays and « hier », « aujourd'hui », « yesterday »...: resolved only against an anchor with a
  day (« --02-11 » with weekday 1 is enough for « dimanche » -> « --02-09 »), status « inferred ».
  Direction: « dernier » / « last » before, « prochain » / « next » after, otherwise the tense of
  the nearest verb (future -> on or after the anchor), by default on or before it (news report
  the past: « a annoncé dimanche »). With no usable anchor: value None, status « unresolved »,
  precision « weekday » for a weekday (« day » for « hier »). « aujourd'hui » with a month-only anchor
  gives that month (inferred).
- « la semaine dernière » / « last week »: value = its Monday, range_end = its Sunday, inferred.
- Lists and ranges are one mention: value = first, range_end = last (« en février et avril »,
  « du 10 au 12 février », « de 2020 à 2022 »).
- A duration (« depuis trois ans », « pendant six mois », « for three years », « au cours des deux
  dernières semaines ») is a DateMention with value None, precision « unknown », status « partial »
  and ``duration_days`` (3 × 365.25). « il y a trois ans » / « three years ago » / « dans deux jours »
  is a point, resolved against the anchor (inferred). « 30 jours » alone is a number, not a date.
- Years alone only after a preposition (« en 2022 », « in 2024 », « depuis 2014 », « fin 2024 »).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PositiveFloat, StrictInt

from checker.datafile import StrictData, load_data
from checker.extract.numbers import find_numbers, scan_quantities
from checker.models import DateMention, Quantity
from checker.text import MONTHS_BY_LANGUAGE, WEEKDAYS_BY_LANGUAGE

__all__ = ["DateAnchor", "find_dates", "find_numbers_beside_dates", "parse_anchor"]

# dateparser's locale keys for the months and weekdays are their English names, in checker.text's order
_MONTH_KEYS = MONTHS_BY_LANGUAGE["en"]
_DAY_KEYS = WEEKDAYS_BY_LANGUAGE["en"]
_DATA = Path(__file__).parent / "data" / "date-words.json"
_DDP_BASE = dt.datetime(2024, 1, 1)  # a leap year, so that « 29 février » parses; its year is never used
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

# --- per-language cue words (French and English; other languages get dateparser's vocabulary only)
# The words are data (``data/date-words.json``, each list saying why it exists), validated when this module is
# imported: a malformed file is a ModelError naming it. The patterns built from them stay here.


class _UnitDays(StrictData):
    why: str = Field(min_length=1, description="why the table exists")
    days: dict[str, PositiveFloat] = Field(min_length=1, description="unit id -> its length in days")


class _Phrases(StrictData):
    """A date cue's words in French and English (a language may have none), and why they exist."""

    why: str = Field(min_length=1, description="why the list exists")
    fr: tuple[str, ...]
    en: tuple[str, ...]


class _Pairs(StrictData):
    why: str = Field(min_length=1, description="why the list exists")
    fr: tuple[tuple[str, str], ...]
    en: tuple[tuple[str, str], ...]


class _Relative(StrictData):
    unit: Literal["day", "week", "month", "year", "none"]  # "none": unresolvable
    offset: StrictInt


class _Relatives(StrictData):
    why: str = Field(min_length=1, description="why the list exists")
    fr: dict[str, _Relative]
    en: dict[str, _Relative]


class _CueWords(StrictData):
    """The word fields of :class:`_DateCues`, each with its French and English words."""

    point_preps: _Phrases
    span_preps: _Phrases
    last: _Phrases
    next: _Phrases
    this: _Phrases
    dayparts: _Phrases
    duration: _Phrases
    ago_before: _Phrases
    ahead_before: _Phrases
    ago_after: _Phrases
    range_words: _Pairs
    list_joins: _Phrases
    extra_relative: _Relatives
    year_phrases: _Phrases


class _DateWords(StrictData):
    about: str
    unit_days: _UnitDays
    cues: _CueWords


def _load_words() -> _DateWords:
    return load_data(_DATA, _DateWords, "the date finder's words")


_WORDS = _load_words()
# a duration's unit -> its length in days: « depuis trois ans » lasts 3 × 365.25 days
_UNIT_DAYS: dict[str, float] = dict(_WORDS.unit_days.days)


@dataclass(frozen=True)
class _DateCues:
    """One language's words that make or qualify a date (read from date-words.json, compiled once)."""

    point_preps: tuple[str, ...]  # make a bare month or year a date; left out of the span
    span_preps: tuple[str, ...]  # kept in the span: they change the meaning (« début février »)
    last: tuple[str, ...]
    next: tuple[str, ...]
    this: tuple[str, ...]
    dayparts: tuple[str, ...]
    duration: tuple[str, ...]  # cue + quantity with a time unit = a duration
    ago_before: tuple[str, ...]  # « il y a » + quantity
    ahead_before: tuple[str, ...]  # « dans » + quantity
    ago_after: tuple[str, ...]  # quantity + « ago »
    range_words: tuple[tuple[str, str], ...]  # (« du », « au »)
    list_joins: tuple[str, ...]
    extra_relative: dict[str, tuple[str, int]]  # phrase -> (unit, offset); unit "none": unresolvable
    year_phrases: tuple[str, ...]  # « en début d'année »: the anchor's year, partial
    future: re.Pattern[str]
    plan: re.Pattern[str]  # a plan told from the past: ahead for a weekday, no cue for a year
    past: re.Pattern[str]


def _language_cues(
    lang: Literal["fr", "en"], *, future: re.Pattern[str], plan: re.Pattern[str], past: re.Pattern[str]
) -> _DateCues:
    """One language's cues: its words from the data file, its tense patterns from the caller."""
    words = _WORDS.cues

    def of(field: Any) -> Any:
        return getattr(field, lang)

    return _DateCues(
        point_preps=of(words.point_preps),
        span_preps=of(words.span_preps),
        last=of(words.last),
        next=of(words.next),
        this=of(words.this),
        dayparts=of(words.dayparts),
        duration=of(words.duration),
        ago_before=of(words.ago_before),
        ahead_before=of(words.ahead_before),
        ago_after=of(words.ago_after),
        range_words=of(words.range_words),
        list_joins=of(words.list_joins),
        extra_relative={phrase: (r.unit, r.offset) for phrase, r in of(words.extra_relative).items()},
        year_phrases=of(words.year_phrases),
        future=future,
        plan=plan,
        past=past,
    )


_FR = _language_cues(
    "fr",
    # futur simple (« se tiendra », « organisera », « sera »), « va / doit / devrait » + infinitive
    future=re.compile(
        r"\b(?:[a-zàâçéèêëîïôûùüÿœ]{1,}(?:era|eront|ira|iront|dra|dront|rra|rront|vra|vront|ura|"
        r"uront)|sera|seront|aura|auront|fera|feront|ira|iront|va|vont|doit|doivent|devrait|"
        r"devraient)\b"
    ),
    # a plan told from the past: the conditional of reported plans (« elle se rendrait à Évreux mercredi », but
    # not « aurait été », « serait mort »: a past told at second hand), the future seen from the past (« devait
    # se rendre sur place mercredi »), what is awaited or planned (« est attendue mercredi », « prévue samedi »,
    # « une manifestation est envisagée samedi », which the passé composé's shape would otherwise claim), and
    # what someone was asked, invited, ordered or decided to do (« a demandé aux compagnies de réduire leurs vols
    # samedi »; not « d'avoir »: « accusé d'avoir frappé mardi »; not any « de » + noun: « de terre »)
    plan=re.compile(
        r"\b(?:(?!(?:aur|ser)(?:ait|aient)\b)[a-zàâçéèêëîïôûùüÿœ]{2,}(?:rait|raient)|devait|devaient|"
        r"attendue?s?|prévue?s?|programmée?s?|envisagée?s?|"
        r"(?:demand|décid|propos|promi|annonc|appel|invit|pri|charg|autoris|ordonn|exig|somm|projet)"
        r"[a-zéèê]*\s+(?:[^\s.;]+\s+){0,4}?d(?:e\s+|')(?!(?:avoir|être)\b)[a-zàâçéèêëîïôûùüÿœ]{2,}(?:er|ir|re))\b"
    ),
    # passé composé and plus-que-parfait: « a annoncé », « s'est achevé », « avait annoncé »
    past=re.compile(
        r"\b(?:a|ont|avait|avaient|est|sont|était|étaient|a-t-il|a-t-elle|ont-ils)\s+"
        r"(?:(?:déjà|été|ensuite|aussi|également|encore|finalement|notamment)\s+)*"
        r"[a-zàâçéèêëîïôûùüÿœ-]+(?:é|ée|és|ées|i|ie|is|it|u|ue|us|ert|int)\b"
    ),
)

_EN = _language_cues(
    "en",
    future=re.compile(
        r"\b(?:will|shall|'ll|is to|are to|is due to|are due to|is set to|are set to|"
        r"is expected to|are expected to|is scheduled to|are scheduled to)\b"
    ),
    # a plan told from the past: "she would visit on Wednesday" (not "would have"), "was due to"
    plan=re.compile(
        r"\b(?:would(?! have)|was due to|were due to|was to|were to|was expected to|were expected to|"
        r"was scheduled to|were scheduled to)\b"
    ),
    past=re.compile(r"\b(?:[a-z]{2,}ed|said|met|held|told|made|took|began|gave|went|came|won|was|were)\b"),
)


def _cues(lang: str) -> _DateCues | None:
    return {"fr": _FR, "en": _EN}.get(lang)


# --- vocabulary from dateparser -----------------------------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    lang: str
    months: dict[str, int]  # folded name -> 1..12
    weekdays: dict[str, int]  # folded name -> 0..6
    month_re: str
    weekday_re: str
    relative: dict[str, tuple[str, int]]  # folded phrase -> (unit, offset): « hier » -> (day, -1)
    relative_re: str


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("ʼ", "'").lower()


def _alt(words, cap: bool = False) -> str:
    """A regex alternation of phrases, longest first; spaces match any run of spaces."""
    pats = []
    for w in sorted(set(words), key=len, reverse=True):
        pat = re.escape(w).replace("\\ ", " ").replace(" ", r"\s+").replace("'", "['’]")
        if cap:  # English capitalises months and days: « may » is a verb, « May » a month
            pat = "(?-i:" + pat[0].upper() + ")" + pat[1:]
        pats.append(pat)
    return "|".join(pats)


@lru_cache(maxsize=16)
def _vocab(lang: str) -> _Vocab:
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(lang).info
    except Exception:  # noqa: BLE001 - an unknown language code: English vocabulary
        info = default_loader.get_locale("en").info
    cap = lang == "en"
    months: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    for i, key in enumerate(_MONTH_KEYS, 1):
        names = [_fold(n) for n in info.get(key, [])]
        longest = max(names, key=len)
        for n in names:
            months[n] = i
            (full if n == longest else abbr).append(n)
    # abbreviations (« févr. », « Sept. ») only with their dot: « sept » is also a number
    month_re = "(?:" + _alt(full, cap) + (rf"|(?:{_alt(abbr, cap)})\." if abbr else "") + ")"
    weekdays: dict[str, int] = {}
    for i, key in enumerate(_DAY_KEYS):
        weekdays[max((_fold(n) for n in info.get(key, [])), key=len)] = i
    weekday_re = "(?:" + _alt(weekdays, cap) + ")"
    relative: dict[str, tuple[str, int]] = {}
    for key, phrases in (info.get("relative-type") or {}).items():
        m = re.fullmatch(r"(in )?(\d+) (day|week|month|year)( ago)?", key)
        if m:
            off = int(m.group(2)) * (1 if m.group(1) else -1)
            for p in phrases:
                if len(p) >= 4 and not re.search(r"\b(?:mo|wk|yr|till)\b", p):
                    relative[re.sub(r"\s+", " ", _fold(p))] = (m.group(3), off)
    cues = _cues(lang)
    if cues:
        for p, (unit, off) in cues.extra_relative.items():
            relative[_fold(p)] = (unit, off)
    return _Vocab(lang, months, weekdays, month_re, weekday_re, relative, _alt(relative))


# --- anchor -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateAnchor:
    """The article's date, possibly partial: year, month, day and weekday, each maybe None."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    def day_date(self) -> dt.date | None:
        """A calendar date for day arithmetic: the real one, or one in a proxy year for « --02-11 »."""
        if self.month is None or self.day is None:
            return None
        year = self.year if self.year is not None else _proxy_year(self.month, self.day, self.weekday)
        return dt.date(year, self.month, self.day)

    def knows_weekday(self) -> bool:
        return self.day is not None and (self.year is not None or self.weekday is not None)


@lru_cache(maxsize=512)
def _proxy_year(month: int, day: int, weekday: int | None) -> int:
    """A year where --MM-DD falls on the weekday: arithmetic on « --02-11 » (Tuesday) is then right."""
    if weekday is None:
        return 2024 if (month, day) == (2, 29) else 2023
    for r in range(30):
        for y in (2025 - r, 2025 + r):
            try:
                if dt.date(y, month, day).weekday() == weekday:
                    return y
            except ValueError:
                continue
    return 2024


_ANCHOR_RE = re.compile(r"(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})(?:-(\d{2}))?)(?:T.*)?")


def parse_anchor(anchor: str | None, anchor_weekday: int | None = None) -> DateAnchor:
    """« 2025-02-27 », « 2025-02 », « 2025 », « --02-11 » or None -> DateAnchor; unreadable -> an empty one."""
    m = _ANCHOR_RE.fullmatch((anchor or "").strip())
    if not m:
        return DateAnchor(weekday=anchor_weekday)
    y = int(m[1]) if m[1] else None
    mo = int(m[2] or m[4]) if (m[2] or m[4]) else None
    d = int(m[3] or m[5]) if (m[3] or m[5]) else None
    try:
        day = dt.date(2024 if y is None else y, mo or 1, d or 1)  # 2024: « --02-29 » is a real day
    except ValueError:
        return DateAnchor(weekday=anchor_weekday)
    return DateAnchor(y, mo, d, day.weekday() if y is not None and d is not None else anchor_weekday)


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    """2025-02-18, 2025-02, 2025, --02-18, --02; None when there is nothing to write."""
    if y is None:
        if m is None:
            return None
        return f"--{m:02d}" + (f"-{d:02d}" if d else "")
    if not 1 <= y <= 9999:  # « dans 9000 ans »: no year ISO can write
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def _iso_date(d: dt.date, anchor: DateAnchor) -> str | None:
    return _iso(d.year if anchor.year is not None else None, d.month, d.day)


# --- candidates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    kind: str
    m: re.Match[str] | None = None
    data: tuple = ()


@lru_cache(maxsize=16)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    v = _vocab(lang)
    c = _cues(lang)
    M, W = v.month_re, v.weekday_re
    day_sfx = r"(?:er|ᵉʳ|e)?" if lang == "fr" else r"(?:st|nd|rd|th)?"
    p: dict[str, str] = {}
    wd_pre = rf"(?:(?P<wd>{W}),?\s+)?"
    mod = rf"(?:\s+(?P<mod>{_alt(c.last + c.next)}))?" if c and lang != "en" else ""
    # « mardi 11 février 2025 », « 18 février », « 12 février dernier », « 11 February 2025 »
    p["dmy"] = rf"\b{wd_pre}(?P<d>{_DAY}){day_sfx}(?:\s+of)?\s+(?P<m>{M})(?:,?\s+(?P<y>{_YEAR}))?(?![\w-]){mod}"
    if lang == "en":  # « Tuesday, February 11 », « February 11, 2025 »
        p["mdy"] = rf"\b{wd_pre}(?P<m>{M})\s+(?P<d>{_DAY}){day_sfx}(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
    # 11/02/2025, 2025-02-18
    p["num"] = (
        rf"(?<![\w/.-])(?:{_DAY}[/.](?:1[0-2]|0?[1-9])[/.]{_YEAR}|"
        rf"{_YEAR}-(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9]))(?![\w/.-])"
    )
    span_q = rf"(?:(?P<q>{_alt(c.span_preps)})\s*)?" if c else ""
    # « février 2022 », « début février 2022 »
    p["my"] = rf"(?<![\w-]){span_q}(?P<m>{M})\s+(?P<y>{_YEAR})(?![\w%-]|\s*%|[.,]\d)"
    p["weekday"] = rf"\b(?P<wd>{W})(?![\w-])"
    if v.relative_re:  # « hier », « la semaine dernière », « yesterday »
        p["rel"] = rf"(?<![\w-])(?P<phrase>{v.relative_re})(?![\w-])"
    if c:
        joins = _alt(c.list_joins)
        # « en février et avril », « début mars », « in May »
        p["month"] = (
            rf"(?:\b(?P<prep>{_alt(c.point_preps)})\s+|(?<![\w-])(?P<q>{_alt(c.span_preps)})\s*)"
            rf"(?P<m>{M})(?P<more>(?:\s*(?:{joins})\s+(?:{M}))*)(?:\s+(?P<y>{_YEAR}))?(?![\w-])"
        )
        # « en 2022 », « depuis 2014 », « fin 2024 »
        p["year"] = (
            rf"(?:\b(?P<prep>{_alt(c.point_preps)})\s+|(?<![\w-])(?P<q>{_alt(c.span_preps)})\s*)"
            rf"(?P<y>{_YEAR})(?![\w%-]|\s*%|[.,]\d|\s+\d)"
        )
        # « du 10 au 12 février », « les 10 et 11 février », « du 28 février au 2 mars »
        rng = "|".join(
            rf"(?:{_alt((a,))})\s+(?P<d1_{i}>{_DAY}){day_sfx}(?:\s+(?P<m1_{i}>{M}))?"
            rf"\s+(?:{_alt((b,))})\s+(?:le\s+)?"
            for i, (a, b) in enumerate(c.range_words)
        )
        p["drange"] = (
            rf"\b(?:{rng}|(?P<d1_x>{_DAY})\s*[-–]\s*)(?P<d2>{_DAY}){day_sfx}\s+(?P<m>{M})"
            rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
        )
        if lang == "en":  # « February 10-12 », « between February 10 and 12 »
            p["drange_en"] = (
                rf"\b(?:from\s+|between\s+)?(?P<m>{M})\s+(?P<d1>{_DAY}){day_sfx}"
                rf"\s*(?:-|–|to|and|through)\s*(?P<d2>{_DAY}){day_sfx}(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])"
            )
        # « de 2020 à 2022 », « between 2020 and 2022 »
        firsts = _alt([a for a, _ in c.range_words] + (["de"] if lang == "fr" else []))
        seconds = _alt([b for _, b in c.range_words] + (["à"] if lang == "fr" else []))
        p["yrange"] = rf"\b(?:{firsts})\s+(?P<y1>{_YEAR})\s*(?:{seconds}|-|–)\s*(?P<y2>{_YEAR})(?![\w%-])"
        # « ce jeudi matin », « jeudi dernier », « last Tuesday »
        pre = rf"(?:(?P<pre>{_alt(c.this + c.last + c.next)})\s+)?"
        part = rf"(?:\s+(?P<part>{_alt(c.dayparts)}))?"
        p["weekday"] = rf"\b{pre}(?P<wd>{W})(?![\w-]){part}{mod}"
        p["yearrel"] = rf"(?<![\w-])(?P<phrase>{_alt(c.year_phrases)})(?![\w-])"
    return {k: re.compile(s, re.I) for k, s in p.items()}


@lru_cache(maxsize=4096)
def _candidates(sentence: str, lang: str) -> tuple[_Cand, ...]:
    """Candidate spans, the longest winning overlaps, in text order."""
    raw: list[_Cand] = []
    quantities = scan_quantities(sentence, lang)
    with_unit = [(q.num_start, q.num_end) for q in quantities if q.unit is not None]
    for kind, pat in _patterns(lang).items():
        for m in pat.finditer(sentence):
            if kind in ("year", "yrange", "my") and any(s < m.end() and m.start() < e for s, e in with_unit):
                continue  # « de 2000 euros »: a quantity, not a year
            s, e = m.start(), m.end()
            if kind in ("month", "year") and m.group("prep"):
                s = m.start("m") if kind == "month" else m.start("y")
            raw.append(_Cand(s, e, kind, m))
    c = _cues(lang)
    if c is not None:
        raw.extend(_quantity_candidates(sentence, quantities, c))
    raw.sort(key=lambda x: (-(x.end - x.start), x.start))
    chosen: list[_Cand] = []
    for cand in raw:
        if all(cand.end <= o.start or cand.start >= o.end for o in chosen):
            chosen.append(cand)
    return tuple(sorted(chosen, key=lambda x: x.start))


def _quantity_candidates(sentence: str, quantities, c: _DateCues) -> list[_Cand]:
    """Durations and offsets: « depuis trois ans », « il y a deux jours », « three years ago »."""
    out: list[_Cand] = []
    low = _fold(sentence)
    for q in quantities:
        if q.unit_id not in _UNIT_DAYS:
            continue
        before = low[: q.start].rstrip()
        cue = _ending_cue(before, c.duration)
        if cue is not None:
            out.append(_Cand(cue, q.end, "duration", None, (q.value, q.unit_id, 0)))
            continue
        cue = _ending_cue(before, c.ago_before)
        if cue is not None:
            out.append(_Cand(cue, q.end, "ago", None, (q.value, q.unit_id, -1)))
            continue
        m = re.match(r"\s+(?:" + "|".join(map(re.escape, c.ago_after)) + r")\b", low[q.end :]) if c.ago_after else None
        if m:
            out.append(_Cand(q.start, q.end + m.end(), "ago", None, (q.value, q.unit_id, -1)))
            continue
        cue = _ending_cue(before, c.ahead_before)
        if cue is not None:
            out.append(_Cand(cue, q.end, "ago", None, (q.value, q.unit_id, 1)))
    return out


def _ending_cue(before: str, cues: tuple[str, ...]) -> int | None:
    for cue in sorted(cues, key=len, reverse=True):
        if before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum()):
            return len(before) - len(cue)
    return None


# --- dateparser on candidate spans --------------------------------------------------------------


@lru_cache(maxsize=8)
def _ddp(lang: str):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings={"RELATIVE_BASE": _DDP_BASE, "PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=4096)
def _parse_core(text: str, lang: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) as the text wrote them, None for a part it did not write; None: no date."""
    try:
        data = _ddp(lang).get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    parts = set(getattr(data, "parts", None) or ())
    d = data.date_obj
    return (
        d.year if "year" in parts else None,
        d.month if "month" in parts else None,
        d.day if "day" in parts else None,
    )


def _core(v: _Vocab, text: str, d: str, m: str, y: str | None) -> tuple[int | None, int, int] | None:
    """The date that a day-month(-year) span writes, checked by dateparser; None if it is no date."""
    mo = v.months.get(_fold(m).rstrip("."))
    if mo is None:
        return None
    mine = (int(y) if y else None, mo, int(d))
    try:
        dt.date(mine[0] or 2024, mo, mine[2])
    except ValueError:
        return None  # « 31 février »
    got = _parse_core(re.sub(r"\s+", " ", text.strip()), v.lang)
    if got is not None and got[1:] == mine[1:] and got[0] == mine[0]:
        return got  # type: ignore[return-value]
    return mine  # dateparser declined or misread the span (« 1er mars » forms): our groups are plain


# --- resolution ---------------------------------------------------------------------------------


# A deadline right before a date (« valable jusqu'au 30 septembre », "until September 30"): with no verb
# that says otherwise, it lies ahead of the article, not in the year before.
_DEADLINE = re.compile(r"(?:\bjusqu['’](?:au|à|a)|\bd['’]ici(?: au| le)?|\buntil|\btill)\s+(?:le\s+)?$", re.IGNORECASE)


def _tense(sentence: str, pos: int, lang: str, *, plans: bool = False) -> str:
    """« future » or « past »: the tense of the verb nearest to pos; when none is found, « future » after a
    deadline (« jusqu'au », "until"), else « past » (news reports the past). ``plans``: a plan told from the
    past (« se rendrait », « devait », « est attendue ») is a future too. That holds for a weekday, which lies
    within days of the telling (« elle se rendrait à Évreux mercredi »), not for a month and day, which the
    plan may have passed (« l'arrêté pris le 12 février ..., attendu d'ici l'automne », a March article)."""
    default = "future" if _DEADLINE.search(sentence[:pos]) else "past"
    c = _cues(lang)
    if c is None:
        return default
    low = _fold(sentence)
    best, best_dist = default, 10**9
    cues = (
        (("future", c.future), ("future", c.plan), ("past", c.past))
        if plans
        else (("future", c.future), ("past", c.past))
    )
    for kind, pat in cues:
        for m in pat.finditer(low):
            dist = min(abs(m.start() - pos), abs(m.end() - pos))
            if dist < best_dist:
                best, best_dist = kind, dist
    return best


def _infer_year(mo: int, day: int | None, anchor: DateAnchor, tense: str, mod: str | None) -> int | None:
    """The anchor's year, or the one before (after) when the date would fall too far after (before) it.

    « 18 février » in an article of 2025-02-27 -> 2025; « 20 novembre » (past tense) -> 2024.
    """
    if anchor.year is None:
        return None
    y = anchor.year
    if anchor.month is None:
        return y
    ref = dt.date(y, anchor.month, anchor.day or 15)
    try:
        cand = dt.date(y, mo, day or 1)
    except ValueError:  # 29 February of a common year
        return y
    if mod == "last":
        return y - 1 if cand > ref else y
    if mod == "next":
        return y + 1 if cand < ref else y
    if tense == "future":
        return y + 1 if (ref - cand).days > 30 else y
    return y - 1 if (cand - ref).days > 60 else y


def _mod_kind(word: str | None, c: _DateCues | None) -> str | None:
    if not word or c is None:
        return None
    w = _fold(word)
    return "last" if w in c.last else "next" if w in c.next else "this" if w in c.this else None


def _resolve_weekday(wd: int, anchor: DateAnchor, direction: str) -> dt.date | None:
    """The date of a weekday near the anchor: « dimanche » before a Tuesday anchor -> two days before."""
    a = anchor.day_date() if anchor.knows_weekday() else None
    if a is None:
        return None
    aw = a.weekday()
    if direction == "last":
        delta = -((aw - wd) % 7 or 7)
    elif direction == "next":
        delta = (wd - aw) % 7 or 7
    elif direction == "future":
        delta = (wd - aw) % 7
    else:
        delta = -((aw - wd) % 7)
    return a + dt.timedelta(days=delta)


def _shift(anchor: DateAnchor, unit: str, n: int) -> dict:
    """The anchor moved by n units: « hier » -> day -1; value None when the anchor lacks the unit."""
    if unit == "day":
        a = anchor.day_date()
        if a is not None:
            return dict(value=_iso_date(a + dt.timedelta(days=n), anchor), precision="day", status="inferred")
        if n == 0 and anchor.month is not None:  # « aujourd'hui » in an article of 2025-02
            return dict(value=_iso(anchor.year, anchor.month), precision="month", status="inferred")
        if n == 0 and anchor.year is not None:
            return dict(value=_iso(anchor.year), precision="year", status="inferred")
        return dict(value=None, precision="day", status="unresolved")
    if unit == "week":
        a = anchor.day_date() if anchor.knows_weekday() else None
        if a is None:
            return dict(value=None, precision="day", status="unresolved")
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=n)
        return dict(
            value=_iso_date(monday, anchor),
            range_end=_iso_date(monday + dt.timedelta(days=6), anchor),
            precision="day",
            status="inferred",
        )
    if unit == "month":
        if anchor.month is None:
            return dict(value=None, precision="month", status="unresolved")
        k = anchor.month - 1 + n
        y = anchor.year + k // 12 if anchor.year is not None else None
        return dict(value=_iso(y, k % 12 + 1), precision="month", status="inferred")
    if unit == "year" and anchor.year is not None:
        return dict(value=_iso(anchor.year + n), precision="year", status="inferred")
    return dict(value=None, precision="year" if unit == "year" else "day", status="unresolved")


def _lang(language: str) -> str:
    return (language or "fr").lower().replace("_", "-").split("-")[0]


def find_dates(
    sentence: str,
    offset: int = 0,
    language: str = "fr",
    anchor: str | None = None,
    anchor_weekday: int | None = None,
) -> list[DateMention]:
    """Time expressions of a sentence, normalised against the article's date, with article offsets.

    « a annoncé dimanche » with anchor « --02-11 » (weekday 1, Tuesday) -> « --02-09 », inferred.
    Raises nothing: an unknown language falls back to English vocabulary; no date gives [].
    """
    lang = _lang(language)
    anc = parse_anchor(anchor, anchor_weekday)
    out: list[DateMention] = []
    for cand in _candidates(sentence, lang):
        try:
            fields = _resolve(sentence, cand, lang, anc)
        except (OverflowError, ValueError):  # « hier » in an article dated 0001-01-01: past the calendar's ends
            fields = None
        if fields is not None:
            out.append(
                DateMention(
                    text=sentence[cand.start : cand.end], start=cand.start + offset, end=cand.end + offset, **fields
                )
            )
    return out


def find_numbers_beside_dates(sentence: str, offset: int = 0, language: str = "fr") -> list[Quantity]:
    """The sentence's quantities that are not part of one of its dates (« le 12 mars » is no count of
    12; « depuis trois ans » stays a duration): :func:`checker.extract.numbers.find_numbers` with the
    dates :func:`find_dates` reads. Lives here, not in ``numbers``, so that dates import numbers and
    never the reverse."""
    dates = [(d.start, d.end) for d in find_dates(sentence, offset, language) if d.duration_days is None]
    return find_numbers(sentence, offset, language, exclude=dates)


def _resolve(sentence: str, cand: _Cand, lang: str, anc: DateAnchor) -> dict | None:
    """The normalised fields of one candidate, or None when it turns out to be no date."""
    v, c, m, kind = _vocab(lang), _cues(lang), cand.m, cand.kind

    if kind == "duration":
        value, unit, _ = cand.data
        return dict(value=None, precision="unknown", status="partial", duration_days=round(value * _UNIT_DAYS[unit], 4))

    if kind == "ago":  # « il y a trois ans », « dans deux semaines », « three days ago »
        value, unit, sign = cand.data
        if not float(value).is_integer() or unit not in ("day", "week", "month", "year"):
            return dict(value=None, precision="unknown", status="unresolved")
        n = int(value) * sign
        if unit == "week":
            a = anc.day_date()
            if a is None:
                return dict(value=None, precision="day", status="unresolved")
            return dict(value=_iso_date(a + dt.timedelta(weeks=n), anc), precision="day", status="inferred")
        return _shift(anc, unit, n)

    assert m is not None
    gd = m.groupdict()

    if kind == "num":
        core = _parse_core(m.group(), lang)
        if not core or None in core:
            return None
        return dict(value=_iso(*core), precision="day", status="exact")

    if kind in ("dmy", "mdy"):
        first, last = ("d", "m") if kind == "dmy" else ("m", "d")
        written = sentence[m.start(first) : m.end("y") if gd.get("y") else m.end(last)]
        core = _core(v, written, gd["d"], gd["m"], gd.get("y"))
        if core is None:
            return None
        y, mo, d = core
        if y is None:
            y = _infer_year(mo, d, anc, _tense(sentence, cand.start, lang), _mod_kind(gd.get("mod"), c))
            wd = v.weekdays.get(_fold(gd["wd"])) if gd.get("wd") else None
            if y is not None and wd is not None:
                y = _match_weekday(y, mo, d, wd)
        return dict(value=_iso(y, mo, d), precision="day", status="exact")

    if kind in ("drange", "drange_en"):
        d1 = gd.get("d1") or next((gd[k] for k in gd if k.startswith("d1_") and gd[k]), None)
        m1 = next((gd[k] for k in gd if k.startswith("m1_") and gd[k]), None)
        mo2 = v.months.get(_fold(gd["m"]).rstrip("."))
        mo1 = v.months.get(_fold(m1).rstrip(".")) if m1 else mo2
        if d1 is None or mo1 is None or mo2 is None:
            return None
        d1i, d2i = int(d1), int(gd["d2"])
        y2 = int(gd["y"]) if gd.get("y") else _infer_year(mo2, d2i, anc, _tense(sentence, cand.start, lang), None)
        y1 = y2 - 1 if (y2 is not None and mo1 > mo2) else y2
        try:
            if dt.date(y1 or 2024, mo1, d1i) > dt.date(y2 or 2024, mo2, d2i) and mo1 == mo2:
                return None
        except ValueError:
            return None
        return dict(value=_iso(y1, mo1, d1i), range_end=_iso(y2, mo2, d2i), precision="day", status="exact")

    if kind in ("my", "month"):
        names = [gd["m"]] + (re.findall(v.month_re, gd["more"], re.I) if gd.get("more") else [])
        months = [v.months.get(_fold(n).rstrip(".")) for n in names]
        if None in months:
            return None
        month = months[0]
        assert month is not None  # checked above
        y = int(gd["y"]) if gd.get("y") else _infer_year(month, None, anc, _tense(sentence, cand.start, lang), None)
        return dict(
            value=_iso(y, months[0]),
            range_end=_iso(y, months[-1]) if len(months) > 1 else None,
            precision="month",
            status="partial",
        )

    if kind == "year":
        return dict(value=gd["y"], precision="year", status="partial")

    if kind == "yrange":
        return dict(value=gd["y1"], range_end=gd["y2"], precision="year", status="partial")

    if kind == "yearrel":  # « en début d'année »
        if anc.year is None:
            return dict(value=None, precision="year", status="unresolved")
        return dict(value=_iso(anc.year), precision="year", status="partial")

    if kind == "rel":  # « hier », « aujourd'hui », « la semaine dernière », « yesterday »
        unit, n = v.relative.get(re.sub(r"\s+", " ", _fold(gd["phrase"])), ("none", 0))
        if unit == "none":
            return dict(value=None, precision="day", status="unresolved")
        return _shift(anc, unit, n)

    if kind == "weekday":
        wd = v.weekdays.get(_fold(gd["wd"]))
        if wd is None:
            return None
        mk = _mod_kind(gd.get("mod"), c) or _mod_kind(gd.get("pre"), c)
        day = _resolve_weekday(
            wd, anc, mk if mk in ("last", "next") else _tense(sentence, cand.start, lang, plans=True)
        )
        if day is None:
            return dict(value=None, precision="weekday", status="unresolved")
        return dict(value=_iso_date(day, anc), precision="day", status="inferred")
    return None


def _match_weekday(y: int, mo: int, d: int, wd: int) -> int:
    """The year nearest to y in which the date falls on the weekday the text names (« mardi 11 février »)."""
    for cand in (y, y - 1, y + 1):
        try:
            if dt.date(cand, mo, d).weekday() == wd:
                return cand
        except ValueError:
            continue
    return y
