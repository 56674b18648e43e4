"""Times of day: « La coupure est survenue à 17 h 48 » -> 17:48; « vers 21 heures » -> about 21:00; "shortly
after 6 a.m." -> 06:00, shortly after; "0140 GMT" -> 01:40 in GMT.

Read as figures, clock times were noise and worse: « 17 h 48 mardi » was 48 « mardi », « vers 21 heures » a
duration of 21 hours that "agreed" with any other 21 hours, and the 20 of « 8 h 20 » a figure the sentence seemed
to state. Here a time of day is its own value (:class:`checker.models.TimeMention`), and the extraction leaves its
figures out of the claim's numbers.

What is read (each has a test):

- French: « 17 h 48 », « 17h48 », « 17 heures 48 », « 8 h », « 21 heures », « midi », « minuit », with « du matin » /
  « du soir » / « de l'après-midi » after an hour of 12 or less. Hours without minutes are a time only after a
  clock cue (« à », « vers », « dès », « peu avant » ... data/time-words.json), and not before « de » (« 6 heures
  de négociations »); with minutes they are a time unless a cue of duration stands before them (« pendant 1 h 30 »).
- English: "2:30pm", "2.30 p.m.", "2pm", "10 a.m.", "14:30" or "6:10" after a clock cue ("at", "around", "by" ...),
  "0140 GMT", "noon", "midnight", "midday" after a clock cue. An h:mm of 12 or less without am/pm is marked
  ``twelve_hour``: the comparison reads it both ways.
- The zone, when named right after: GMT / UTC / TU, « heure de Paris »; « heure locale » and no zone are local.
- An hour above 24, or minutes above 59, is no time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from checker.datafile import StrictData, WordsByLanguage, load_data
from checker.models import TimeBound, TimeMention

__all__ = ["find_times"]

_DATA = Path(__file__).parent / "data" / "time-words.json"


class _Map(StrictData):
    why: str = Field(min_length=1)
    entries: dict[str, str] = Field(min_length=1)


class _Bounds(StrictData):
    why: str = Field(min_length=1)
    entries: dict[str, TimeBound] = Field(min_length=1)


class _TimeWords(StrictData):
    about: str
    clock_cues: WordsByLanguage
    duration_cues: WordsByLanguage
    bounds: _Bounds
    zones: _Map


_WORDS = load_data(_DATA, _TimeWords, "the time-of-day word tables")
_BOUNDS: dict[str, TimeBound] = {k.casefold(): v for k, v in _WORDS.bounds.entries.items()}
_ZONES = {k.casefold(): v for k, v in _WORDS.zones.entries.items()}

_SP = r"[ \u00a0\u202f]?"
_PATTERNS = {
    "fr": re.compile(
        r"(?<![\w,.:/-])(?:"
        rf"(?P<h>[01]?\d|2[0-4]){_SP}(?:h|heures?){_SP}(?P<m>[0-5]\d)(?!\s?(?:min|mn|s\b|['’′\"]|\d))"
        rf"|(?P<hh>[01]?\d|2[0-4]){_SP}(?P<unit>h|heures?)(?![\w'’])"
        r"|(?P<noon>midi|minuit)"
        r")(?![\w-])",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w,.:/-])(?:"
        rf"(?P<ah>1[0-2]|0?\d)(?:[:.](?P<am_m>[0-5]\d))?{_SP}(?P<ampm>[ap]\.{_SP}m\b\.?|[ap]m\b)"
        r"|(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)(?![\d:])"
        r"|(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?:GMT|UTC|hours\b))"
        r"|(?P<noon>noon|midnight|midday)"
        r")(?![\w-])",
        re.IGNORECASE,
    ),
}
# « 17 h 48 » in an English article (a French name for the time, quoted) and "14:30" in a French one
_FR_IN_EN = re.compile(rf"(?<![\w,.:/-])(?P<h>[01]?\d|2[0-3]){_SP}h{_SP}(?P<m>[0-5]\d)(?![\w])", re.IGNORECASE)
_COLON_IN_FR = re.compile(r"(?<![\w,.:/-])(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)(?![\d:\w])")
_PART_OF_DAY = re.compile(
    r"^\s+(du matin|du soir|de l['’]après-midi|de l['’]apres-midi|de la nuit"
    r"|in the morning|in the afternoon|in the evening|at night)\b",
    re.IGNORECASE,
)
_MORNING = frozenset({"du matin", "de la nuit", "in the morning", "at night"})
_ZONE_AFTER = re.compile(
    r"^\s*\(?\s*(heures? locales?|heure de paris|heure française|heure de greenwich|local time|"
    r"paris time|gmt|utc|tu)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the cues that may end a text, longest first: after the start or a space (a cue ending
    with an apostrophe, « d' », anywhere), its words apart by any space, ’ read as '."""

    def one(cue: str) -> str:
        words = r"\s+".join(re.escape(w).replace("'", "['’]") for w in _fold(cue).split())
        return words if cue.endswith("'") else r"(?<!\S)" + words

    return re.compile(
        "(?:" + "|".join(one(c) for c in sorted(cues, key=lambda c: -len(_fold(c)))) + r")\s*$", re.IGNORECASE
    )


def _ending_cue(before: str, cues: tuple[str, ...]) -> tuple[str, int] | None:
    """The longest cue that ends ``before`` (its last words), folded, and where it starts; None when none does."""
    m = _cue_pattern(cues).search(before)
    return (_fold(m.group().strip()), m.start()) if m else None


def _lang(language: str) -> str:
    return "en" if (language or "fr").lower().startswith("en") else "fr"


@lru_cache(maxsize=4096)
def _scan(sentence: str, lang: str) -> tuple[tuple[int, int, int, int, str, str | None, bool], ...]:
    """(start, end, hour, minute, bound, zone, twelve_hour) of each time in a sentence, in sentence offsets."""
    clock = _WORDS.clock_cues.fr if lang == "fr" else _WORDS.clock_cues.en
    duration = _WORDS.duration_cues.fr if lang == "fr" else _WORDS.duration_cues.en
    found = []
    matches = list(_PATTERNS[lang].finditer(sentence))
    extra = _FR_IN_EN if lang == "en" else _COLON_IN_FR
    matches += [m for m in extra.finditer(sentence) if not any(o.start() <= m.start() < o.end() for o in matches)]
    for m in sorted(matches, key=lambda m: m.start()):
        g = m.groupdict()
        before = sentence[: m.start()]
        cue, cue_start = _ending_cue(before, clock) or (None, m.start())
        twelve = False
        end = m.end()
        if g.get("noon"):
            if cue is None:
                continue  # « le Midi », "noon" as a noun: a time only after « à », « vers », "at" ...
            word = g["noon"].casefold()
            hour, minute = (0, 0) if word in {"minuit", "midnight"} else (12, 0)
        elif g.get("ampm"):
            hour, minute = int(g["ah"]) % 12, int(g["am_m"] or 0)
            if g["ampm"].casefold().startswith("p"):
                hour += 12
        elif g.get("mil"):
            hour, minute = int(g["mil"][:2]), int(g["mil"][2:])
        elif g.get("ch") is not None:
            hour, minute = int(g["ch"]), int(g["cm"])
            marked = _ZONE_AFTER.match(sentence[m.end() :]) or _PART_OF_DAY.match(sentence[m.end() :])
            if lang == "en" and cue is None and not marked:
                continue  # "3:2" scores, "2:30" a race time: a clock after "at", "around" ..., or before a zone
            if lang == "fr" and cue is None:
                continue
            twelve = lang == "en" and 1 <= hour <= 12 and not _PART_OF_DAY.match(sentence[m.end() :])
        elif g.get("m") is not None:
            hour, minute = int(g["h"]), int(g["m"])
            if _ending_cue(before, duration) and not cue:
                continue  # « pendant 1 h 30 », « un retard de 2 h 15 »: a duration
        else:
            hour, minute = int(g["hh"]), 0
            if cue is None:
                continue  # « 21 heures » alone is as often a duration as a time
            if re.match(r"\s+(?:de\b|d['’])", sentence[m.end() :], re.IGNORECASE):
                continue  # « après 6 heures de négociations »
        if hour == 24:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        part = _PART_OF_DAY.match(sentence[end:])
        if part and hour <= 12:
            word = part.group(1).casefold().replace("’", "'")
            if word not in _MORNING and hour < 12:
                hour += 12
            elif word in _MORNING and hour == 12:
                hour = 0
            end += part.end()
        zone = None
        if z := _ZONE_AFTER.match(sentence[end:]):
            zone = _ZONES.get(_fold(z.group(1)).replace("heures locales", "heure locale"))
            zone = None if zone == "local" else zone
        start = cue_start
        bound = _BOUNDS.get(cue or "", "at")
        found.append((start, end, hour, minute, bound, zone, twelve))
    return tuple(found)


def find_times(sentence: str, offset: int = 0, language: str = "fr") -> list[TimeMention]:
    """The times of day of a sentence, with article offsets (``offset`` + position in the sentence)."""
    return [
        TimeMention(
            text=sentence[s:e].strip(),
            start=s + offset,
            end=e + offset,
            value=f"{h:02d}:{mi:02d}",
            bound=bound,
            zone=zone,
            twelve_hour=twelve,
        )
        for s, e, h, mi, bound, zone, twelve in _scan(sentence, _lang(language))
    ]
