"""One real news sentence -> labelled variants: a fact changed, the same fact restated, another event.

Each operation takes a :class:`Source` (the sentence, its language, its article's publication date,
its spaCy parse and the claim the extract stage made of it) and a seeded ``random.Random``, and
returns a :class:`Variant` or None when it does not apply. The label says what the pair
(original, variant) is for the judge:

- ``contradiction``: one fact changed. A figure (« 8 400 » -> « 4 800 », or written in words), a date
  (« le 12 mars » -> « le 14 mars », « mardi » -> « jeudi »), a time of day, a town (another one of the
  same country: never an alias, never a place that contains it), a person doing the act, the agent and
  the object swapped, a negation added or removed, an antonym (« a accepté » -> « a refusé »), the order
  of two events (« avant » <-> « après »).
- ``agreement``: the same fact said otherwise. A figure in words or rounded (« 1 180 » -> « près de
  1 200 », « plus de 1 100 »), a date as the weekday it was (« le 4 août » -> « mardi », read against the
  publication date), the main clause alone (the rest dropped), another speaker or agency for the same
  words (content agrees; who said it is the attribution rules' business, not the judge's).
- ``unrelated``: not the same fact. The same template moved to another date and another place, or to
  an earlier year with another figure (« lors du séisme de 2019, 300 morts »).

The word tables below serve only to make training data: the judge learns from the pairs, and the
engine never looks these words up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.ingest.vocabulary import MONTHS, WEEKDAYS
from checker.models import Claim
from checker.text import MONTHS_BY_LANGUAGE, NE_COMPLEMENTS, NEGATION_ADVERBS, WEEKDAYS_BY_LANGUAGE, alternation

__all__ = ["OPERATIONS", "Source", "Variant", "variants"]

AGREE, CONFLICT, UNRELATED = "agreement", "contradiction", "unrelated"


@dataclass
class Source:
    """A sentence to vary, with what the operations need to know of it."""

    text: str
    language: str = "fr"
    published: str | None = None
    doc: Any = None  # spaCy Doc of ``text``
    claim: Claim | None = None
    names: Sequence[str] = ()  # other people's names of the same language, to put in someone's place
    cities: Callable[[str, str], list[str]] | None = None  # (country, excluded city) -> other cities
    group: str = ""


@dataclass(frozen=True)
class Variant:
    text: str
    label: str
    op: str
    meta: dict = field(default_factory=dict, compare=False)


# ------------------------------------------------------------------------------------------ numbers
_NUM = re.compile(
    r"(?<![\w.,/-])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?!\d)|\d+)((?:[.,]\d+)?)(?![\w/-])"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_NOT_A_COUNT_AFTER = re.compile(
    rf"^\s*(?:{_MONTH_NAMES}|h\b|h\d|heures?\b|:\d|e\b|ème|er\b|è|st\b|nd\b|rd\b|th\b|%?\s*ans?\b)", re.I
)
_NOT_A_COUNT_BEFORE = re.compile(r"(?:n°|no\.|article|loi|art\.|numéro|number|page|RN|A|D|route|vol|flight)\s*$", re.I)
_APPROX = {"fr": ("près de", "environ", "quelque"), "en": ("about", "nearly", "some", "around")}
_MORE_THAN = {"fr": "plus de", "en": "more than"}
_APPROX_BEFORE = re.compile(
    r"(?:près de|environ|quelque|plus de|moins de|au moins|about|nearly|some|around|more than|"
    r"less than|at least|over|almost|presque|un peu plus de)\s*$",
    re.I,
)


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float
    decimals: int
    style: str  # "fr" digits with spaces, "en" digits with commas, "plain"


def _numbers(text: str, language: str) -> list[_Number]:
    out = []
    for m in _NUM.finditer(text):
        whole, frac = m.group(1), m.group(2)
        if _NOT_A_COUNT_AFTER.match(text[m.end() :]) or _NOT_A_COUNT_BEFORE.search(text[: m.start()]):
            continue
        digits = re.sub(r"[ \u00a0\u202f]", "", whole)
        if "," in digits and language == "fr" and not frac:
            continue  # « 3,2 » in French is a decimal written without a thousands group: taken below
        digits = digits.replace(",", "")
        if len(digits) == 4 and 1900 <= int(digits) <= 2100 and not frac:
            continue  # a year
        decimals = len(frac) - 1 if frac else 0
        value = float(digits + ("." + frac[1:] if frac else ""))
        style = "fr" if re.search(r"[ \u00a0\u202f]", whole) else "en" if "," in whole else "plain"
        out.append(_Number(m.start(), m.end(), value, decimals, style))
    return out


def _format(value: float, decimals: int, style: str, language: str) -> str:
    if decimals:
        s = f"{value:.{decimals}f}"
        return s.replace(".", ",") if language == "fr" else s
    n = int(round(value))
    if style == "fr" or (style == "plain" and language == "fr" and n >= 10000):
        return f"{n:,}".replace(",", " ")
    if style == "en" or (style == "plain" and language == "en" and n >= 10000):
        return f"{n:,}"
    return str(n)


def _words(value: float, language: str) -> str | None:
    if value != int(value) or value > 999_999:
        return None
    try:
        from num2words import num2words
    except ImportError:
        return None
    return num2words(int(value), lang=language if language in {"fr", "en"} else "fr")


def _significant(value: float) -> int:
    digits = str(int(value)).rstrip("0")
    return max(1, len(digits))


def _round_to(value: float, significant: int) -> float:
    if value <= 0:
        return value
    step = 10 ** max(0, len(str(int(value))) - significant)
    return float(round(value / step) * step)


def _other_number(n: _Number, rng) -> float:
    v = n.value
    if n.decimals == 0 and v <= 12:
        choices = [x for x in range(max(1, int(v) - 3), int(v) + 4) if x != v]
        return float(rng.choice(choices))
    if n.decimals == 0 and rng.random() < 0.2 and len(set(str(int(v)))) > 1:
        digits = list(str(int(v)))
        i = rng.randrange(len(digits) - 1)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        swapped = float("".join(digits))
        if digits[0] != "0" and abs(swapped - v) / v > 0.1:
            return swapped  # transposed digits: « 8 400 » printed « 4 800 »
    factor = rng.uniform(0.55, 0.85) if rng.random() < 0.5 else rng.uniform(1.18, 1.9)
    new = v * factor
    if n.decimals:
        return round(new, n.decimals)
    return _round_to(new, max(_significant(v), 2))


def number_changed(s: Source, rng) -> Variant | None:
    nums = _numbers(s.text, s.language)
    if not nums:
        return None
    n = rng.choice(nums)
    new = _other_number(n, rng)
    if new == n.value or new <= 0:
        return None
    words = _words(new, s.language) if rng.random() < 0.3 else None
    shown = words or _format(new, n.decimals, n.style, s.language)
    return Variant(s.text[: n.start] + shown + s.text[n.end :], CONFLICT, "number", {"old": n.value, "new": new})


def number_restated(s: Source, rng) -> Variant | None:
    """The same figure in words, rounded (« près de 1 200 » for 1 180) or as a lower bound (« plus de 1 100 »);
    the forms are tried in a random order, the first that keeps the value wins."""
    nums = [n for n in _numbers(s.text, s.language) if n.value >= 2]
    if not nums:
        return None
    n = rng.choice(nums)
    before = s.text[: n.start]
    approximated = bool(_APPROX_BEFORE.search(before))
    forms = ["words", "rounded", "more-than"]
    rng.shuffle(forms)
    for form in forms:
        shown = _restated(n, form, approximated, s.language, rng)
        if shown:
            return Variant(before + shown + s.text[n.end :], AGREE, "number-restated")
    return None


def _restated(n: _Number, form: str, approximated: bool, language: str, rng) -> str | None:
    if form == "words":
        return _words(n.value, language) if n.value <= 10000 else None
    if approximated or n.value < 40:
        return None
    magnitude = 10 ** (len(str(int(n.value))) - 2)
    if form == "rounded":
        rounded = _round_to(n.value, 2 if n.value >= 100 else 1)
        if rounded == n.value or abs(rounded - n.value) / n.value > 0.05:
            return None
        return f"{rng.choice(_APPROX[language])} {_format(rounded, 0, n.style, language)}"
    lower = float(int(n.value / magnitude) * magnitude)
    if lower >= n.value or (n.value - lower) / n.value > 0.12:
        return None
    return f"{_MORE_THAN[language]} {_format(lower, 0, n.style, language)}"


def _root(doc):
    """The parse's root (its main verb), or None without a parse or a root."""
    return next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None


# ------------------------------------------------------------------------------------------ dates
_FR_MONTHS = MONTHS_BY_LANGUAGE["fr"]
_EN_MONTHS = tuple(name.capitalize() for name in MONTHS_BY_LANGUAGE["en"])
_FR_DAYS = WEEKDAYS_BY_LANGUAGE["fr"]
_EN_DAYS = tuple(name.capitalize() for name in WEEKDAYS_BY_LANGUAGE["en"])
_DATE_FR = re.compile(
    rf"\b(le |du |au )?(1er|\d{{1,2}}) ({'|'.join(_FR_MONTHS)}|fevrier|aout|decembre)( \d{{4}})?\b", re.I
)
_DATE_EN = re.compile(rf"\b(on )?({'|'.join(_EN_MONTHS)}) (\d{{1,2}})(?:st|nd|rd|th)?(,? \d{{4}})?\b")
_WEEKDAY_FR = re.compile(rf"\b({'|'.join(_FR_DAYS)})\b", re.I)
_WEEKDAY_EN = re.compile(rf"\b(on )?({'|'.join(_EN_DAYS)})\b")


def _published(s: Source) -> dt.date | None:
    if not s.published or len(s.published) < 10:
        return None
    try:
        return dt.date.fromisoformat(s.published[:10])
    except ValueError:
        return None


def _explicit_dates(s: Source) -> list[tuple[re.Match, int, int, int | None]]:
    """(match, day, month, year) of the explicit dates in the sentence."""
    out = []
    if s.language == "en":
        for m in _DATE_EN.finditer(s.text):
            out.append((m, int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(4)[-4:]) if m.group(4) else None))
    else:
        for m in _DATE_FR.finditer(s.text):
            day = 1 if m.group(2) == "1er" else int(m.group(2))
            out.append((m, day, MONTHS[m.group(3).lower()], int(m.group(4)) if m.group(4) else None))
    return [x for x in out if 1 <= x[1] <= 31]


def _write_date(s: Source, m: re.Match, day: int, month: int, year: int | None) -> str:
    if s.language == "en":
        return f"{m.group(1) or ''}{_EN_MONTHS[month - 1]} {day}" + (f", {year}" if year else "")
    lead = m.group(1) or ""
    return f"{lead}{'1er' if day == 1 else day} {_FR_MONTHS[month - 1]}" + (f" {year}" if year else "")


def date_changed(s: Source, rng) -> Variant | None:
    dates = _explicit_dates(s)
    if dates:
        m, day, month, year = rng.choice(dates)
        new_day = day + rng.choice([-5, -3, -2, -1, 1, 2, 3, 6, 8])
        if not 1 <= new_day <= 28:
            return None
        new = _write_date(s, m, new_day, month, year)
        return Variant(s.text[: m.start()] + new + s.text[m.end() :], CONFLICT, "date")
    pattern, names = (_WEEKDAY_EN, _EN_DAYS) if s.language == "en" else (_WEEKDAY_FR, _FR_DAYS)
    hits = list(pattern.finditer(s.text))
    if not hits:
        return None
    m = rng.choice(hits)
    word = m.group(m.lastindex or 1)
    index = WEEKDAYS[word.lower()]
    other = names[(index + rng.choice([1, 2, 3, 4, 5, 6])) % 7]
    if word[0].isupper():
        other = other[0].upper() + other[1:]
    start = m.start(m.lastindex or 1)
    return Variant(s.text[:start] + other + s.text[start + len(word) :], CONFLICT, "weekday")


def date_restated(s: Source, rng) -> Variant | None:
    """« le 4 août » <-> « mardi », read against the article's publication date (within the week before)."""
    pub = _published(s)
    if pub is None:
        return None
    for m, day, month, year in _explicit_dates(s):
        try:
            when = dt.date(year or pub.year, month, day)
        except ValueError:
            continue
        around = s.text[max(0, m.start() - 12) : m.start()].lower() + "|" + s.text[m.end() : m.end() + 8].lower()
        if any(d.lower() in around for d in (*_FR_DAYS, *_EN_DAYS)) or re.search(
            r"\|\s*(soir|matin|après-midi|au soir|au matin)", around
        ):
            continue  # « dimanche 2 août » is already a weekday; « le 5 août au soir » reads badly as « mardi au soir »
        if 0 <= (pub - when).days <= 6:
            name = (_EN_DAYS if s.language == "en" else _FR_DAYS)[when.weekday()]
            lead = "on " if s.language == "en" and m.group(1) else ""
            return Variant(s.text[: m.start()] + lead + name + s.text[m.end() :], AGREE, "date-as-weekday")
    pattern = _WEEKDAY_EN if s.language == "en" else _WEEKDAY_FR
    for m in pattern.finditer(s.text):
        word = m.group(m.lastindex or 1)
        if re.match(r"\s*(\d|soir|matin|après|apres|dernier|prochain)", s.text[m.end() :]):
            continue  # « mardi 4 août », « mardi soir », « mardi dernier »: the weekday is not alone
        back = (pub.weekday() - WEEKDAYS[word.lower()]) % 7
        when = pub - dt.timedelta(days=back)
        if s.language == "en":
            new = f"{'on ' if m.group(1) else ''}{_EN_MONTHS[when.month - 1]} {when.day}"
            return Variant(s.text[: m.start()] + new + s.text[m.end() :], AGREE, "weekday-as-date")
        new = f"le {'1er' if when.day == 1 else when.day} {_FR_MONTHS[when.month - 1]}"
        if word[0].isupper():
            new = new[0].upper() + new[1:]
        return Variant(s.text[: m.start()] + new + s.text[m.end() :], AGREE, "weekday-as-date")
    return None


_TIME_FR = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})?\b")
_TIME_EN = re.compile(r"\b(\d{1,2})(:\d{2})? ?(a\.m\.|p\.m\.|am|pm)\b")


def time_changed(s: Source, rng) -> Variant | None:
    pattern = _TIME_EN if s.language == "en" else _TIME_FR
    hits = [m for m in pattern.finditer(s.text) if int(m.group(1)) <= 23]
    if not hits:
        return None
    m = rng.choice(hits)
    hour = int(m.group(1))
    limit = 12 if s.language == "en" else 23
    new = hour + rng.choice([-5, -3, -2, 2, 3, 4, 6])
    if not 1 <= new <= limit:
        return None
    return Variant(s.text[: m.start(1)] + str(new) + s.text[m.end(1) :], CONFLICT, "time")


# ------------------------------------------------------------------------------------------ places, people
def place_changed(s: Source, rng) -> Variant | None:
    if s.claim is None or s.cities is None:
        return None
    towns = [p for p in s.claim.place_mentions if p.kind == "city" and p.country and p.role != "name"]
    if not towns:
        return None
    p = rng.choice(towns)
    start, end = p.start - s.claim.start, p.end - s.claim.start
    if s.text[start:end] != p.text:
        return None
    others = s.cities(p.country, p.name)
    if not others:
        return None
    return Variant(s.text[:start] + rng.choice(others) + s.text[end:], CONFLICT, "place")


def _people(s: Source) -> list:
    doc = s.doc
    if doc is None:
        return []
    return [e for e in doc.ents if e.label_ in {"PER", "PERSON"} and len(e.text) > 3]


def person_changed(s: Source, rng) -> Variant | None:
    """Another person does the act; with a quote, another person says the words (content unchanged)."""
    people = _people(s)
    if not people or not s.names:
        return None
    e = rng.choice(people)
    pool = [n for n in s.names if n not in s.text and n.split()[-1] not in e.text]
    if not pool:
        return None
    new = rng.choice(pool)
    text = s.text[: e.start_char] + new + s.text[e.end_char :]
    speaker = s.claim is not None and s.claim.speaker and (e.text in s.claim.speaker or s.claim.speaker in e.text)
    if s.claim is not None and s.claim.quote and speaker:
        return Variant(text, AGREE, "speaker")
    if _is_reporting(s):
        return None  # who said it changed, without a quote: attribution, not a content conflict
    return Variant(text, CONFLICT, "person", {"old": e.text})


_AGENCY = re.compile(
    r"\b(l'AFP|l’AFP|Reuters|l'agence Reuters|Associated Press|AP|Belga|l'ANSA|Anadolu|Bloomberg|dpa|EFE)\b"
)
_AGENCIES = ("l'AFP", "Reuters", "Associated Press", "Belga", "Bloomberg", "l'agence Anadolu", "dpa")


def agency_changed(s: Source, rng) -> Variant | None:
    hits = list(_AGENCY.finditer(s.text))
    if not hits:
        return None
    m = rng.choice(hits)
    other = rng.choice([a for a in _AGENCIES if a.replace("l'", "") not in m.group(0)])
    if s.language == "en":
        other = other.replace("l'agence ", "").replace("l'", "")
    return Variant(s.text[: m.start()] + other + s.text[m.end() :], AGREE, "agency")


_SYMMETRIC = {
    "rencontrer",
    "entretenir",
    "discuter",
    "négocier",
    "échanger",
    "affronter",
    "opposer",
    "signer",
    "meet",
    "discuss",
    "negotiate",
    "talk",
    "sign",
    "face",
    "marier",
    "marry",
    "allier",
    "fusionner",
    "merge",
    "joindre",
}
_ACTORS = {"PER", "PERSON", "ORG", "LOC", "GPE", "NORP"}


def roles_swapped(s: Source, rng) -> Variant | None:
    """« A a battu B » -> « B a battu A »: the two named participants on either side of the main verb."""
    doc = s.doc
    if doc is None:
        return None
    root = _root(doc)
    if root is None or root.pos_ not in {"VERB", "AUX"} or root.lemma_.lower() in _SYMMETRIC or _is_reporting(s):
        return None
    ents = [e for e in doc.ents if e.label_ in _ACTORS]
    before = [
        e
        for e in ents
        if e.end <= root.i and e.root.head.i == root.i or (e.end <= root.i and e.root.dep_.startswith("nsubj"))
    ]
    after = [
        e for e in ents if e.start > root.i and e.root.dep_ in {"obj", "dobj", "obl", "obl:arg", "pobj", "iobj", "nmod"}
    ]
    if not before or not after:
        return None
    a, b = before[0], after[0]
    if a.label_ != b.label_ or re.search(r"[«»\"“”]", s.text):
        return None  # a person and a place or a company swapped make nonsense; a swap must not cross a quote
    if a.text == b.text or a.root.dep_ == "conj" or b.root.dep_ == "conj":
        return None
    text = s.text
    new = text[: a.start_char] + b.text + text[a.end_char : b.start_char] + a.text + text[b.end_char :]
    return Variant(new, CONFLICT, "roles", {"old": (a.text, b.text)})


def _is_reporting(s: Source) -> bool:
    from checker.extract.lexicon import REPORTING

    doc = s.doc
    root = _root(doc)
    return root is not None and root.lemma_.lower() in REPORTING.get(s.language, set())


# ------------------------------------------------------------------------------------------ polarity
_CLITICS = {"se", "s'", "le", "la", "l'", "les", "lui", "leur", "y", "en", "me", "m'", "te", "t'", "nous", "vous"}
# The negation words come from checker.text; each list below leaves out, by name, the ones it never had.
# « ne » and a second word: pas, plus, jamais, guère, point (not « nullement »).
_NEGATORS_FR = re.compile(
    r"\b(ne|n'|n’)\s*(?:\w+\s+){0,3}?(" + alternation((NEGATION_ADVERBS["fr"] - {"nullement"}) | {"plus"}) + r")\b",
    re.I,
)
# A sentence with one of these is not negated again.
_ALREADY_NEGATED = (
    {"ne", "n'", "n’"} | NEGATION_ADVERBS["en"] | (NEGATION_ADVERBS["fr"] - {"guère", "point", "nullement"})
)
_EN_AUX = {
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "does",
    "do",
    "did",
}


def negated(s: Source, rng) -> Variant | None:
    doc = s.doc
    if doc is None or any(t.lower_ in _ALREADY_NEGATED for t in doc):
        return None
    root = _root(doc)
    if root is None or root.pos_ not in {"VERB", "AUX"} or _is_reporting(s):
        return None
    if s.language == "en":
        aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.lower_ in _EN_AUX and c.i < root.i]
        if aux:
            t = aux[0]
            return Variant(s.text[: t.idx + len(t.text)] + " not" + s.text[t.idx + len(t.text) :], CONFLICT, "negation")
        if root.lower_ in _EN_AUX:
            return Variant(
                s.text[: root.idx + len(root.text)] + " not" + s.text[root.idx + len(root.text) :], CONFLICT, "negation"
            )
        do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(root.tag_)
        if not do:
            return None
        return Variant(
            s.text[: root.idx] + f"{do} not {root.lemma_}" + s.text[root.idx + len(root.text) :], CONFLICT, "negation"
        )
    aux = [
        c
        for c in root.children
        if c.dep_ in {"aux", "aux:tense", "aux:pass", "cop"} and c.i < root.i and "Fin" in c.morph.get("VerbForm")
    ]
    target = aux[0] if aux else (root if "Fin" in root.morph.get("VerbForm") else None)
    if target is None or "-" in target.text:
        return None
    first = target.i
    while first > 0 and doc[first - 1].lower_ in _CLITICS and not doc[first - 1].dep_.startswith("nsubj"):
        first -= 1
    start = doc[first].idx
    if start == 0:
        return None
    word = s.text[start:]
    ne = "n'" if re.match(r"[aeiouyhéèêàâîôû]", word, re.I) else "ne "
    end = target.idx + len(target.text)
    return Variant(s.text[:start] + ne + s.text[start:end] + " pas" + s.text[end:], CONFLICT, "negation")


def unnegated(s: Source, rng) -> Variant | None:
    if s.language == "en":
        hits = list(
            re.finditer(r"\b(has|have|had|is|are|was|were|will|would|can|could|should|does|do|did) not\b", s.text)
        )
        if len(hits) != 1:
            return None
        m = hits[0]
        if m.group(1) in {"does", "do", "did"}:
            return None  # « did not sign » -> « signed » needs the past form
        return Variant(s.text[: m.start()] + m.group(1) + s.text[m.end() :], CONFLICT, "negation-removed")
    hits = list(_NEGATORS_FR.finditer(s.text))
    if len(hits) != 1 or hits[0].group(2).lower() not in {"pas", "point"}:
        return None
    m = hits[0]
    text = s.text[: m.start(2)].rstrip() + s.text[m.end(2) :]
    ne_start, ne_end = m.start(1), m.end(1)
    gap = 1 if text[ne_end : ne_end + 1] == " " else 0
    text = text[:ne_start] + text[ne_end + gap :]
    return Variant(text, CONFLICT, "negation-removed")


# Inflected opposites, French then English; both directions are used.
_OPPOSITES = [
    pair.split("/")
    for pair in """
accepté/refusé acceptée/refusée acceptés/refusés acceptées/refusées accepte/refuse acceptent/refusent
approuvé/rejeté approuvée/rejetée approuve/rejette approuvent/rejettent adopté/rejeté adoptée/rejetée
confirmé/démenti confirme/dément confirment/démentent reconnu/nié reconnaît/nie reconnaissent/nient
autorisé/interdit autorisée/interdite autorise/interdit ouvert/fermé ouverte/fermée ouverture/fermeture
hausse/baisse augmenté/diminué augmente/diminue augmentation/diminution progression/recul
gagné/perdu remporté/perdu victoire/défaite succès/échec réussi/échoué excédent/déficit
favorable/opposé favorables/opposés levé/maintenu levée/maintenue levées/maintenues
condamné/relaxé condamnée/relaxée coupable/innocent acquitté/condamné majorité/minorité
soutient/combat soutiennent/combattent validé/invalidé validée/invalidée
suspendu/prolongé suspendue/prolongée abaissé/relevé abaisse/relève arrêté/relâché arrêtée/relâchée
accord/refus confirmation/démenti interdiction/autorisation
accepted/rejected approved/rejected confirmed/denied admitted/denied increased/decreased rose/fell rise/fall
won/lost victory/defeat opened/closed allowed/banned lifted/maintained guilty/innocent convicted/acquitted
success/failure surplus/deficit higher/lower raised/lowered supports/opposes supported/opposed
""".split()
]


def antonym(s: Source, rng) -> Variant | None:
    found = []
    for a, b in _OPPOSITES:
        for x, y in ((a, b), (b, a)):
            for m in re.finditer(rf"(?<![\w-]){re.escape(x)}(?![\w-])", s.text, re.I):
                found.append((m, y))
    if not found:
        return None
    m, y = rng.choice(found)
    word = m.group(0)
    y = y[0].upper() + y[1:] if word[0].isupper() else y
    return Variant(s.text[: m.start()] + y + s.text[m.end() :], CONFLICT, "antonym")


_ORDER = re.compile(r"\b(avant|après|before|after)\b", re.I)
_ORDER_SWAP = {"avant": "après", "après": "avant", "before": "after", "after": "before"}


def order_swapped(s: Source, rng) -> Variant | None:
    hits = list(_ORDER.finditer(s.text))
    if len(hits) != 1:
        return None
    m = hits[0]
    word = m.group(1)
    new = _ORDER_SWAP[word.lower()]
    new = new[0].upper() + new[1:] if word[0].isupper() else new
    return Variant(s.text[: m.start()] + new + s.text[m.end() :], CONFLICT, "order")


# ------------------------------------------------------------------------------------------ another event
def other_event(s: Source, rng) -> Variant | None:
    """The same template on another date AND in another town, or in an earlier year with another figure."""
    moved_date = date_changed(s, rng)
    moved_place = (
        place_changed(
            Source(
                moved_date.text,
                s.language,
                s.published,
                None,
                _shifted(s.claim, moved_date.text, s.text),
                s.names,
                s.cities,
            ),
            rng,
        )
        if moved_date
        else None
    )
    if moved_place is not None:
        return Variant(moved_place.text, UNRELATED, "other-date-and-place")
    years = list(re.finditer(r"\b(20[0-3]\d)\b", s.text))
    nums = _numbers(s.text, s.language)
    if years and nums:
        y = rng.choice(years)
        earlier = str(int(y.group(1)) - rng.randint(3, 15))
        text = s.text[: y.start()] + earlier + s.text[y.end() :]
        changed = number_changed(Source(text, s.language), rng)
        if changed is not None:
            return Variant(changed.text, UNRELATED, "earlier-year")
    return None


def _shifted(claim: Claim | None, new_text: str, old_text: str) -> Claim | None:
    """The claim with its place offsets moved by the length change of an edit before or after them."""
    if claim is None:
        return None
    delta = len(new_text) - len(old_text)
    prefix = 0
    while prefix < min(len(new_text), len(old_text)) and new_text[prefix] == old_text[prefix]:
        prefix += 1
    mentions = []
    for p in claim.place_mentions:
        shift = delta if p.start - claim.start >= prefix else 0
        mentions.append(p.model_copy(update={"start": p.start + shift, "end": p.end + shift}))
    return claim.model_copy(update={"text": new_text, "place_mentions": mentions})


# ------------------------------------------------------------------------------------------ restatements
def main_clause(s: Source, rng) -> Variant | None:
    """The sentence cut after a clause that holds the main verb: what remains is still asserted."""
    doc = s.doc
    if doc is None:
        return None
    root = _root(doc)
    if root is None:
        return None
    cuts = [t.idx for t in doc if t.text in {",", ";"} and t.i > root.i + 1]
    words = len(s.text.split())
    cuts = [c for c in cuts if 7 <= len(s.text[:c].split()) <= words - 4]
    if not cuts or "«" in s.text or '"' in s.text:
        return None
    cut = rng.choice(cuts)
    return Variant(s.text[:cut].rstrip() + ".", AGREE, "main-clause")


_DROPPABLE = {"advmod", "amod", "obl", "obl:mod", "nmod", "appos", "acl", "npadvmod", "prep"}
# A modifier with one of these words is kept: negation (pas, plus, jamais, aucun, aucune; not, never), then
# the other words that turn a sentence's meaning.
_KEEP = (
    (NE_COMPLEMENTS - {"guère", "point", "nullement", "rien", "personne"})
    | (NEGATION_ADVERBS["en"] - {"n't"})
    | {"ne", "n'", "non", "no", "sans", "without"}
    | {"avant", "après", "before", "after", "dont", "sauf", "including", "except"}
)


def modifier_dropped(s: Source, rng) -> Variant | None:
    """The sentence less one modifier (an adverb, an adjective, a prepositional phrase without a figure):
    what remains is still asserted, in nearly the same words. Without these, every near-copy the judge
    saw in training would be a changed fact, and it would call any two close wordings a conflict."""
    doc = s.doc
    if doc is None:
        return None
    root = _root(doc)
    if root is None:
        return None
    options = []
    for t in doc:
        if t.dep_ not in _DROPPABLE or t.i == root.i:
            continue
        span = doc[t.left_edge.i : t.right_edge.i + 1]
        words = {w.lower_ for w in span}
        if (
            len(span) > 8
            or len(span) >= len(doc) - 5
            or root.i in range(span.start, span.end)
            or words & _KEEP
            or any(w.like_num or w.is_digit for w in span)
            or re.search(r"[«»\"“”]", span.text)
        ):
            continue
        options.append(span)
    if not options:
        return None
    span = rng.choice(options)
    before, after = s.text[: span.start_char].rstrip(), s.text[span.end_char :].lstrip()
    if before.endswith(",") and after[:1] in {",", "."}:
        before = before[:-1]
    text = (before + (" " if after[:1].isalnum() else "") + after).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r",\s*,", ",", text))
    if len(text.split()) < 5:
        return None
    return Variant(text[0].upper() + text[1:], AGREE, "modifier-dropped")


OPERATIONS: dict[str, Callable[[Source, object], Variant | None]] = {
    "number": number_changed,
    "number-restated": number_restated,
    "date": date_changed,
    "date-restated": date_restated,
    "time": time_changed,
    "place": place_changed,
    "person": person_changed,
    "agency": agency_changed,
    "roles": roles_swapped,
    "negation": negated,
    "negation-removed": unnegated,
    "antonym": antonym,
    "order": order_swapped,
    "other-event": other_event,
    "main-clause": main_clause,
    "modifier-dropped": modifier_dropped,
}


def variants(s: Source, rng, operations: Sequence[str] | None = None) -> list[Variant]:
    """Every operation that applies to the sentence, once each (in a fixed order, with ``rng`` drawn in turn)."""
    out = []
    for name in operations or OPERATIONS:
        try:
            v = OPERATIONS[name](s, rng)
        except (ValueError, IndexError, KeyError):
            v = None
        if v is not None and v.text != s.text and v.text.strip():
            out.append(v)
    return out
