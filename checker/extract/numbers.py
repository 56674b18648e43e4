"""Numbers with their units: « Soixante et un pays » -> 61 pays; « environ 30% » -> 27..33 %.

What the kept library does and what this module adds on top:

- ``text2num`` (``text_to_num.find_numbers``) reads numbers written in words over a token stream,
  in French and English: « soixante et un » -> 61, « trois » -> 3, « fifty-eight » -> 58, and flags
  ordinals. It gives token positions, so the mention is mapped back to the ORIGINAL text: no
  string rewriting (``alpha2digit``) and no re-alignment.
- Here: digits with the language's separators (« 30 000 », « 1,5 » in French, « 1,500 » and « 1.5 »
  in English), scale words (« 109 milliards » -> 1.09e11; French « billion » = 1e12, English 1e9),
  currency symbols and names (« d'euros » -> EUR, « $ » -> USD), « pour cent » / « % », the unit as a
  singular lemma in the article's language (« ans » -> an, « countries » -> country) with a
  language-independent ``unit_id`` (year, day, country, percent, EUR...), and approximation cues.
  Their word tables (scale words, cues, unit lemmas and ids, irregular plurals) are data, each saying why
  it exists: ``data/numbers.json``, validated when this module is imported.

Decisions (each has a test):

- ``text`` spans the approximation cue, the number, its scale and its unit: « environ 30% »,
  « 109 milliards d'euros ». Offsets are article offsets (``offset`` + position in the sentence).
- Approximations: environ / quelque / autour de / à peu près / about / around / some / roughly /
  approximately / près de -> low..high = value ± 10 %; presque / nearly / almost -> 0.9 value..value;
  « une trentaine » -> 30 ± 20 %; plus de / au moins / over / more than / at least -> low = value,
  high = None; moins de / jusqu'à / less than / up to -> low = None, high = value. Exact numbers have
  low = high = value and ``approximate`` False.
- « un » / « une » / « one » alone are articles or pronouns, not numbers, except « un seul pays »,
  « un an », « une semaine »... (followed by « seul » or a time unit). « un million » is a number.
- Ordinals (« premier », « deuxième », « 2e », « 1er »), numbers glued to letters or hyphens (« G20 »,
  « Covid-19 », « Rossiya-1 », « 10h30 »), the day of a date (« 18 février », « February 11 ») and a
  bare year (« en 2022 »: a four-digit number 1800..2100 with no unit) are not quantities.
- Plural scale words alone (« des millions de personnes ») are too vague to be a quantity.
- ``exclude``: article-offset spans (the dates' spans) whose numbers are skipped; a quantity with
  a time unit (« trois ans » in « depuis trois ans ») is kept even inside an excluded span, because
  a duration is also a number the comparison stage wants. With ``exclude=None`` the dates of the
  sentence are found here (``find_dates``) and excluded the same way; pass ``[]`` to exclude nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import text_to_num
from pydantic import Field, model_validator

from checker.datafile import StrictData, WordMap, WordsByLanguage, load_data
from checker.models import TIME_UNITS, Quantity
from checker.text import FUNCTION_WORDS, MONTHS_BY_LANGUAGE, strip_accents

__all__ = ["RawQuantity", "find_numbers", "lemmatize_unit", "scan_quantities"]

# --- word tables: data/numbers.json -------------------------------------------------------------

# The word tables are data (each saying why it exists), validated by pydantic when the module is imported: a
# malformed file is a ModelError naming it, not a traceback in a stage.
_DATA = Path(__file__).parent / "data" / "numbers.json"


class _Why(StrictData):
    why: str = Field(min_length=1, description="why the table, or this group of its entries, exists")


class _Scales(_Why):
    entries: dict[str, float] = Field(min_length=1)


class _ScalesByLanguage(_Why):
    fr: _Scales
    en: _Scales


class _ApproxNouns(_Why):
    entries: dict[str, int] = Field(min_length=1)


class _Cue(StrictData):
    cue: str = Field(min_length=1)
    kind: Literal["about", "below", "min", "max"]


class _FigureCues(_Why):
    """The words before a figure (or after it: « environ ») that make it approximate or a bound, by language."""

    fr: tuple[_Cue, ...] = Field(min_length=1)
    en: tuple[_Cue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _none_shadowed(self) -> _FigureCues:
        # the first cue that ends before the number wins: one that ends with an earlier cue would never be read
        for cues in (self.fr, self.en):
            for i, later in enumerate(cues):
                for earlier in cues[:i]:
                    if later.cue.endswith(" " + earlier.cue):
                        raise ValueError(f"cue {later.cue!r} comes after {earlier.cue!r}, so it is never read")
        return self


class _UnitIds(_Why):
    groups: tuple[WordMap, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_id_each(self) -> _UnitIds:
        seen: set[str] = set()
        for group in self.groups:
            if twice := seen & group.entries.keys():
                raise ValueError(f"lemmas in two groups: {sorted(twice)}")
            seen |= group.entries.keys()
        return self


class _SymbolLemmas(_Why):
    fr: dict[str, str] = Field(min_length=1)
    en: dict[str, str] = Field(min_length=1)


class _Lemmas(_Why):
    fr: WordMap
    en: WordMap


class _Tables(StrictData):
    about: str
    scales: _ScalesByLanguage
    currency_scales: _Scales
    approx_nouns: _ApproxNouns
    cues: _FigureCues
    suffix_cues: WordsByLanguage
    unit_ids: _UnitIds
    symbol_lemmas: _SymbolLemmas
    lemmas: _Lemmas

    @model_validator(mode="after")
    def _symbols_have_ids(self) -> _Tables:
        ids = {lemma for group in self.unit_ids.groups for lemma in group.entries}
        if missing := (self.symbol_lemmas.fr.keys() | self.symbol_lemmas.en.keys()) - ids:
            raise ValueError(f"currency symbols without a unit id: {sorted(missing)}")
        return self


def _load_tables() -> _Tables:
    return load_data(_DATA, _Tables, "the numbers' word tables")


_TABLES = _load_tables()

# --- tables -------------------------------------------------------------------------------------

# scale words after a number -> multiplier, per language (French « billion » is 10^12)
_SCALES: dict[str, dict[str, float]] = {"fr": dict(_TABLES.scales.fr.entries), "en": dict(_TABLES.scales.en.entries)}
# abbreviations that only count as a scale next to a currency (« 5 M€ », « $3m »)
_CURRENCY_SCALES: dict[str, float] = dict(_TABLES.currency_scales.entries)

# « une trentaine de » -> 30, approximately
_APPROX_NOUNS: dict[str, int] = dict(_TABLES.approx_nouns.entries)

# cue before the number -> kind of approximation, per language; the first that ends before the number wins
_CUES: dict[str, list[tuple[str, str]]] = {
    "fr": [(c.cue, c.kind) for c in _TABLES.cues.fr],
    "en": [(c.cue, c.kind) for c in _TABLES.cues.en],
}
_SUFFIX_CUES: dict[str, tuple[str, ...]] = {"fr": _TABLES.suffix_cues.fr, "en": _TABLES.suffix_cues.en}

# unit lemma -> language-independent id (lemmas of both languages in one table)
_UNIT_IDS: dict[str, str] = {lemma: id_ for group in _TABLES.unit_ids.groups for lemma, id_ in group.entries.items()}
# « 5 € » has the unit of « 5 euros »
_SYMBOL_LEMMAS: dict[str, dict[str, str]] = {"fr": dict(_TABLES.symbol_lemmas.fr), "en": dict(_TABLES.symbol_lemmas.en)}

# irregular or invariant plurals (everything else: French -s/-x, English -s/-es/-ies)
_LEMMAS: dict[str, dict[str, str]] = {"fr": dict(_TABLES.lemmas.fr.entries), "en": dict(_TABLES.lemmas.en.entries)}
_PLURAL_AL = re.compile(r"aux$")

# words that cannot be the unit noun right after a number: the function words (checker.text) less those
# this list never held, and the other pronouns, auxiliaries and quantity words it has
_NOT_UNITS = {
    "fr": (
        FUNCTION_WORDS["fr"]
        - set(
            """ainsi alors avoir car ceci cela celle celles celui ceux comme d donc déjà encore faire fait l lors n
or quoi s sous toujours ça être""".split()
        )
    )
    | set("""ai as avaient avait durant fut ma me mes moi moins mon sera seront ta te tes toi ton étaient""".split()),
    "en": (
        FUNCTION_WORDS["en"]
        - set("""also can could he i may might said she should so then they we whom whose you""".split())
    )
    | set("""about each every into least less more most over per under your""".split()),
}

# adjectives that may stand between the number and its noun: « trois nouveaux pays »
_SKIP_ADJ = frozenset(
    """nouveaux nouvelles nouveau nouvelle autres autre premiers premières derniers
dernières seuls seules seul seule principaux principales grands grandes petits petites
supplémentaires new other additional more further major top last first single""".split()
)

# month names, unaccented spellings and the abbreviations a figure may stand before (« 12 févr. »)
_MONTHS = frozenset(
    {spelling for names in MONTHS_BY_LANGUAGE.values() for name in names for spelling in (name, strip_accents(name))}
    | set("janv févr fév avr juil sept oct nov déc jan feb mar apr jun jul aug sep dec".split())
)

_TIME_UNIT_WORDS_AFTER_ONE = frozenset(
    """an année mois semaine heure minute siècle décennie year month
week hour decade century""".split()
)

# --- tokens -------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-‑][^\W\d_]+)*|\S", re.UNICODE)


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int


class _T2NTok:
    """Token as text_to_num sees it: digits are hidden so that « 3 millions » stays ours."""

    __slots__ = ("_text",)

    def __init__(self, text: str):
        self._text = "§" if text[:1].isdigit() else text

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: _T2NTok) -> bool:  # noqa: ARG002
        return False

    def not_a_number_part(self) -> bool:
        return False


def _tokens(sentence: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(sentence)]


def _norm_apos(text: str) -> str:
    return text.replace("’", "'").replace("ʼ", "'")


def _lang(language: str) -> str:
    return "en" if (language or "fr").lower().startswith("en") else "fr"


# --- digits -------------------------------------------------------------------------------------

_SFX = r"(?P<sfx>bn|mn|tn|md|mds|m|k)?"  # « $5bn », « 3m€ »: a scale only beside a currency
_DIGITS_RE = {
    # « 30 000 », « 30.000 », « 1,5 », « 27,5 », « 58 »
    "fr": re.compile(
        r"(?<![\w.,\-‑/])(?P<n>(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?![.\d])|\d+)"
        r"(?:,\d+(?![.,]?\d))?)" + _SFX + r"(?![\w\-‑/]|[.,]\d)",
        re.I,
    ),
    # « 1,500 », « 1.5 », « 58 »
    "en": re.compile(
        r"(?<![\w.,\-‑/])(?P<n>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)" + _SFX + r"(?![\w\-‑/]|[.,]\d)", re.I
    ),
}


def _digits_value(text: str, lang: str) -> float:
    raw = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if lang == "fr":
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", "")
    return float(raw)


# --- the scan shared with dates.py --------------------------------------------------------------


@dataclass(frozen=True)
class RawQuantity:
    """A quantity in sentence coordinates, before exclusion; dates.py reads durations from it."""

    start: int  # start of the mention (cue included)
    end: int
    num_start: int  # the number itself
    num_end: int
    value: float
    unit: str | None
    unit_id: str | None
    low: float | None
    high: float | None
    approximate: bool


def scan_quantities(sentence: str, language: str = "fr") -> list[RawQuantity]:
    """Every quantity of a sentence in sentence offsets, dates' numbers not yet excluded."""
    return list(_scan_cached(sentence, _lang(language)))


# A time or a duration written in parts is ONE quantity, in seconds: « 2 h 00 min 05 s », « 2h01'40'' »,
# « 59 min 48 s », « 2:00:35 ». Read part by part, « 00 min » and « 05 s » become figures of their own, and
# two race times (a winner's and a runner-up's) always "differ" on some part.
_MIN = r"(?:min(?:utes?)?\b|mn\b|['’′])"
_SEC = r"(?:s\b|sec\b|secondes?\b|seconds?\b|''|’’|″|\")"
_DURATION_RE = re.compile(
    rf"(?<![\d:,.])(?:(?P<h>\d{{1,3}}) ?h ?(?P<hm>\d{{1,2}}) ?{_MIN}(?: ?(?P<hs>\d{{1,2}}) ?{_SEC})?"
    rf"|(?P<m>\d{{1,3}}) ?{_MIN} ?(?P<ms>\d{{1,2}}) ?{_SEC}"
    r"|(?P<ch>\d{1,2}):(?P<cm>\d{2}):(?P<cs>\d{2})(?![\d:]))"
)


def _durations(sentence: str) -> list[RawQuantity]:
    out = []
    for m in _DURATION_RE.finditer(sentence):
        g = {k: int(v) for k, v in m.groupdict().items() if v is not None}
        seconds = (
            (g.get("h", 0) + g.get("ch", 0)) * 3600
            + (g.get("hm", 0) + g.get("m", 0) + g.get("cm", 0)) * 60
            + g.get("hs", 0)
            + g.get("ms", 0)
            + g.get("cs", 0)
        )
        out.append(
            RawQuantity(m.start(), m.end(), m.start(), m.end(), float(seconds), "s", "second", None, None, False)
        )
    return out


@lru_cache(maxsize=4096)
def _scan_cached(sentence: str, lang: str) -> tuple[RawQuantity, ...]:
    toks = _tokens(sentence)
    found: list[RawQuantity] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    # 0. times and durations in parts (« 2 h 00 min 05 s »), one quantity each
    for duration in _durations(sentence):
        found.append(duration)
        taken.append((duration.start, duration.end))

    # 1. digits (with a scale word or a currency around them)
    for m in _DIGITS_RE[lang].finditer(sentence):
        if overlaps(m.start("n"), m.end("n")):
            continue
        q = _build(
            sentence,
            toks,
            m.start("n"),
            m.end("n"),
            _digits_value(m.group("n"), lang),
            lang,
            digits=True,
            suffix=m.group("sfx"),
        )
        if q is not None:
            found.append(q)
            taken.append((q.start, q.end))

    # 2. words, read by text2num over the token stream
    for occ in text_to_num.find_numbers([_T2NTok(t.text) for t in toks], lang, threshold=0):
        first, last = toks[occ.start], toks[occ.end - 1]
        if occ.is_ordinal or overlaps(first.start, last.end):
            continue
        words = [t.text.lower() for t in toks[occ.start : occ.end]]
        if not _keep_word_number(words, toks, occ.start, occ.end, lang):
            continue
        q = _build(sentence, toks, first.start, last.end, float(occ.value), lang, digits=False)
        if q is not None:
            found.append(q)
            taken.append((q.start, q.end))

    # 3. « une trentaine de morts »
    for i, t in enumerate(toks):
        base = _APPROX_NOUNS.get(t.text.lower())
        if base is None or overlaps(t.start, t.end) or t.text.lower().endswith("s") and lang == "fr":
            continue
        if i == 0 or toks[i - 1].text.lower() not in ("une", "a"):
            continue
        unit_start = _after_de(toks, i + 1, lang)
        unit, unit_id, end = (
            _read_unit(sentence, toks, unit_start, lang) if unit_start is not None else (None, None, t.end)
        )
        found.append(
            RawQuantity(
                toks[i - 1].start,
                max(end, t.end),
                toks[i - 1].start,
                t.end,
                float(base),
                unit,
                unit_id,
                round(base * 0.8, 6),
                round(base * 1.2, 6),
                True,
            )
        )
    found.sort(key=lambda q: q.start)
    return tuple(found)


def _keep_word_number(words: list[str], toks: list[_Tok], i: int, j: int, lang: str) -> bool:
    """Reject the words that text2num reads as numbers but are not, here."""
    nxt = toks[j].text.lower() if j < len(toks) else ""
    prev = toks[i - 1].text.lower() if i > 0 else ""
    if len(words) == 1:
        w = words[0]
        if w in ("un", "une", "one"):
            # an article or a pronoun, unless « un seul », « un an », « one year »
            return nxt in ("seul", "seule", "single") or nxt in _TIME_UNIT_WORDS_AFTER_ONE
        if w in (
            "millions",
            "milliards",
            "milliers",
            "billions",
            "thousands",
            "centaines",
            "hundreds",
            "dizaines",
            "tens",
            "cents",
        ):
            return False  # « des millions de personnes »: vague
        if w == "cent" and prev == "pour":
            return False  # « pour cent » is the percent sign
        if w == "neuf" and (prev in ("à", "tout", "flambant", "du", "de") or not nxt[:1].isalpha()):
            return False  # « remis à neuf », « un bâtiment neuf »
        if w == "second":
            return False
    return True


def _after_de(toks: list[_Tok], k: int, lang: str) -> int | None:
    """Index of the word after « de » / « d' » / « of » at k, or k itself when there is none."""
    if k >= len(toks):
        return None
    w = _norm_apos(toks[k].text.lower())
    if lang == "fr" and w in ("de", "d"):
        if w == "d" and k + 1 < len(toks) and _norm_apos(toks[k + 1].text) == "'":
            return k + 2
        return k + 1
    if lang == "en" and w == "of":
        return k + 1
    return k


def _build(
    sentence: str, toks: list[_Tok], s: int, e: int, value: float, lang: str, digits: bool, suffix: str | None = None
) -> RawQuantity | None:
    """Extend a bare number with its scale, currency, unit and cue; None when it is not a quantity."""
    k = next((i for i, t in enumerate(toks) if t.start >= e), len(toks))
    prev_k = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].end <= s), None)

    # the day of a date: « 18 février », « February 11 »
    if k < len(toks) and toks[k].text.lower().rstrip(".") in _MONTHS:
        return None
    # the day or year after a month: "February 11", « juin 2026 »; in French a day comes before its month and a
    # year has four digits, so « rappelé le 4 juin 23 lots » counts 23 lots
    after_month = digits and prev_k is not None and toks[prev_k].text.lower().rstrip(".") in _MONTHS
    if after_month and (lang != "fr" or re.fullmatch(r"\d{4}", sentence[s:e])):
        return None
    # a time of day: « 14 h 30 »
    if digits and k + 1 < len(toks) and toks[k].text.lower() == "h" and toks[k + 1].text[:1].isdigit():
        return None

    start, end = s, e
    currency: str | None = None
    # currency before: « $109 billion », « 5 € »
    if prev_k is not None and toks[prev_k].text in ("$", "€", "£") and toks[prev_k].end >= s - 1:
        currency = toks[prev_k].text
        start = toks[prev_k].start
        if prev_k > 0 and toks[prev_k - 1].text.upper() == "US" and toks[prev_k - 1].end == toks[prev_k].start:
            start = toks[prev_k - 1].start

    # scale: « 109 milliards », « 1,5 million », « $5bn »
    scales = _SCALES[lang]
    if suffix:
        k = next((i for i, t in enumerate(toks) if t.start >= e + len(suffix)), len(toks))
        if not (currency or (k < len(toks) and toks[k].text in ("€", "$", "£"))):
            return None  # « 5m »: metres or minutes, not ours
        value *= _CURRENCY_SCALES[suffix.lower()]
        end = e + len(suffix)
    elif digits and k < len(toks):
        w = toks[k].text.lower().rstrip(".")
        if w in scales:
            value *= scales[w]
            end = toks[k].end
            k += 1
        elif w in _CURRENCY_SCALES and (currency or (k + 1 < len(toks) and toks[k + 1].text in ("€", "$", "£"))):
            value *= _CURRENCY_SCALES[w]
            end = toks[k].end
            k += 1
    elif not digits and k < len(toks) and toks[k].text.lower() in scales:
        value *= scales[toks[k].text.lower()]  # « deux milliards » is read by text2num already; « un million » too
        end = toks[k].end
        k += 1

    # unit
    unit = unit_id = None
    if currency:
        unit, unit_id = _SYMBOL_LEMMAS[lang][currency], _UNIT_IDS[currency]
    else:
        u = _after_de(toks, k, lang) if k < len(toks) else None
        # « 30 % », « 30 pour cent », « 30 percent », « 5 € »
        if k < len(toks) and toks[k].text == "%":
            unit, unit_id, end = "%", "percent", toks[k].end
        elif k + 1 < len(toks) and toks[k].text.lower() == "pour" and toks[k + 1].text.lower() == "cent":
            unit, unit_id, end = "%", "percent", toks[k + 1].end
        elif k < len(toks) and toks[k].text.lower() in ("percent", "pourcent", "pct"):
            unit, unit_id, end = "%", "percent", toks[k].end
        elif k + 1 < len(toks) and toks[k].text.lower() == "per" and toks[k + 1].text.lower() == "cent":
            unit, unit_id, end = "%", "percent", toks[k + 1].end
        elif k < len(toks) and toks[k].text in ("€", "$", "£"):
            unit, unit_id, end = _SYMBOL_LEMMAS[lang][toks[k].text], _UNIT_IDS[toks[k].text], toks[k].end
        elif u is not None and u < len(toks):
            unit, unit_id, uend = _read_unit(sentence, toks, u, lang)
            if unit is not None:
                end = uend

    # a bare year: « en 2022 », « 2014 »; a short year after a month (« mai 68 »)
    if digits and unit is None and (after_month or re.fullmatch(r"(1[89]|20)\d\d", sentence[s:e])):
        return None

    # approximation
    low: float | None = value
    high: float | None = value
    approximate = False
    before = _norm_apos(sentence[:start]).lower()
    for cue, kind in _CUES[lang]:
        if re.search(r"(?:^|[^\w])" + re.escape(cue) + (r"\s*$" if cue.endswith("'") else r"\s+$"), before):
            approximate = True
            start = len(before.rstrip()) - len(cue)
            low, high = _bounds(value, kind)
            break
    if not approximate:
        after = sentence[end : end + 12].lower()
        for cue in _SUFFIX_CUES[lang]:
            m = re.match(r"\s+" + re.escape(cue) + r"\b", after)
            if m:
                approximate = True
                end += m.end()
                low, high = _bounds(value, "about")
                break
    return RawQuantity(start, end, s, e, value, unit, unit_id, low, high, approximate)


def _bounds(value: float, kind: str) -> tuple[float | None, float | None]:
    if kind == "about":
        return round(value * 0.9, 6), round(value * 1.1, 6)
    if kind == "below":
        return round(value * 0.9, 6), value
    if kind == "min":
        return value, None
    return None, value  # max


def _read_unit(sentence: str, toks: list[_Tok], k: int, lang: str) -> tuple[str | None, str | None, int]:
    """The head noun at k (an adjective or two skipped): (lemma, unit_id, end offset)."""
    j = k
    while j < len(toks) - 1 and toks[j].text.lower() in _SKIP_ADJ and toks[j + 1].text[:1].isalpha():
        j += 1
    if j >= len(toks):
        return None, None, toks[k - 1].end if k else 0
    word = toks[j].text
    low = word.lower()
    if not word[:1].isalpha() or low in _NOT_UNITS[lang] or low in _SCALES[lang]:
        return None, None, toks[k - 1].end if k else 0
    # two-word currencies: « livres sterling », « francs suisses », « dollars américains »
    end = toks[j].end
    nxt = toks[j + 1].text.lower() if j + 1 < len(toks) else ""
    lemma = lemmatize_unit(low, lang)
    if lemma == "livre" and nxt == "sterling":
        lemma, end = "livre sterling", toks[j + 1].end
    elif lemma == "franc" and nxt in ("suisse", "suisses"):
        lemma, end = "franc suisse", toks[j + 1].end
    elif lemma == "dollar" and nxt in ("américains", "us", "american"):
        end = toks[j + 1].end
    unit_id = _UNIT_IDS.get(lemma, lemma)
    if lemma in ("livre",) and lang == "fr":
        unit_id = "livre"  # books, unless « sterling »
    return lemma, unit_id, end


def lemmatize_unit(word: str, language: str = "fr") -> str:
    """Singular lemma of a unit noun: « ans » -> « an », « jours » -> « jour », « countries » -> « country »."""
    lang = _lang(language)
    w = unicodedata.normalize("NFC", word.lower())
    if w in _LEMMAS[lang]:
        return _LEMMAS[lang][w]
    if lang == "fr":
        if len(w) > 4 and w.endswith("eaux"):
            return w[:-1]
        if len(w) > 4 and _PLURAL_AL.search(w) and w not in ("travaux",):
            return w[:-3] + "al"
        if len(w) > 3 and w[-1] in "sx" and not w.endswith(("ss", "us", "is")):
            return w[:-1]
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


# --- public -------------------------------------------------------------------------------------


def find_numbers(
    sentence: str,
    offset: int = 0,
    language: str = "fr",
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Quantity]:
    """Quantities of a sentence, with article offsets: « 109 milliards d'euros » -> 1.09e11 EUR.

    ``exclude`` holds article-offset spans (the sentence's dates) whose numbers are skipped, durations
    excepted: :func:`checker.extract.dates.find_numbers_beside_dates` finds the dates and passes them.
    Raises nothing: a sentence without numbers gives [].
    """
    out: list[Quantity] = []
    for q in scan_quantities(sentence, language):
        a, b = q.num_start + offset, q.num_end + offset
        if q.unit_id not in TIME_UNITS and any(a < e and s < b for s, e in exclude):
            continue
        out.append(
            Quantity(
                text=sentence[q.start : q.end],
                start=q.start + offset,
                end=q.end + offset,
                value=q.value,
                unit=q.unit,
                unit_id=q.unit_id,
                low=q.low,
                high=q.high,
                approximate=q.approximate,
            )
        )
    return out
