"""Words the ingest rules need, French first then English: months, weekdays, stop words, agencies.

Kept as plain tables so that adding a language or an agency is adding a row, not a regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Month names -> month number. Unaccented spellings too: feeds and old archives drop accents.
MONTHS: dict[str, int] = {
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

# Weekday names -> 0=Monday .. 6=Sunday, the convention of Article.published_weekday.
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

# Frequent function words, for telling French from English (see metadata.detect_language).
STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les des du de et est une un que qui dans pour pas sur au aux avec ce cette il elle "
        "ils ont été par se ne plus son sa ses leur a l d qu n s selon mais ou".split()
    ),
    "en": frozenset(
        "the of and to in is that for on with as was were by at from this it be are has have an "
        "said its their but or not which will would".split()
    ),
}

# Canonical agency name -> the ways articles write it. Canonical names are what Article.agency holds.
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse", "France Presse"),
    "Anadolu": ("AA", "Anadolu", "Agence Anadolu", "Anadolu Agency", "Anadolu Ajansı"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "TASS": ("TASS", "Tass", "ITAR-TASS", "ТАСС"),
    "RIA Novosti": ("RIA Novosti", "RIA-Novosti", "Ria Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Xinhua": ("Xinhua", "Chine nouvelle", "Agence Chine nouvelle"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "DPA": ("DPA", "dpa", "Deutsche Presse-Agentur"),
}

_AGENCY_BY_ALIAS = {alias.casefold(): name for name, aliases in AGENCIES.items() for alias in aliases}
_ARTICLE_PREFIX = re.compile(r"^(?:l['’]|la |the |agence |agency )+", re.IGNORECASE)


def canonical_agency(name: str) -> str | None:
    """« l'Agence France-Presse » -> "AFP"; None for a name the table does not know."""
    key = name.strip().strip("()").strip()
    return _AGENCY_BY_ALIAS.get(key.casefold()) or _AGENCY_BY_ALIAS.get(_ARTICLE_PREFIX.sub("", key).casefold())


def alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that « RIA Novosti » wins over « RIA »."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Case-sensitive alternation of every agency alias: « AA » and « AP » are only agencies in capitals.
AGENCY_NAMES = "(?-i:" + alternation(a for aliases in AGENCIES.values() for a in aliases) + ")"
MONTH_NAMES = alternation(MONTHS)
WEEKDAY_NAMES = alternation(WEEKDAYS)
