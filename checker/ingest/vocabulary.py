"""Words the ingest rules need, French first then English: months, weekdays, stop words, agencies.

Kept as plain tables so that adding a language or an agency is adding a row, not a regex.
"""

from __future__ import annotations

import re

from checker.text import (
    AGENCIES,
    FUNCTION_WORDS,
    MONTHS_BY_LANGUAGE,
    WEEKDAYS_BY_LANGUAGE,
    alternation,
    strip_accents,
)

# Month names -> month number. Unaccented spellings too: feeds and old archives drop accents.
MONTHS: dict[str, int] = {
    spelling: n
    for names in MONTHS_BY_LANGUAGE.values()
    for n, name in enumerate(names, 1)
    for spelling in (name, strip_accents(name))
}

# Weekday names -> 0=Monday .. 6=Sunday, the convention of Article.published_weekday.
WEEKDAYS: dict[str, int] = {name: n for names in WEEKDAYS_BY_LANGUAGE.values() for n, name in enumerate(names)}

# Function words only one of the two languages has, for telling French from English (metadata.detect_language).
STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": FUNCTION_WORDS["fr"] - FUNCTION_WORDS["en"],
    "en": FUNCTION_WORDS["en"] - FUNCTION_WORDS["fr"],
}

_AGENCY_BY_ALIAS = {alias.casefold(): name for name, aliases in AGENCIES.items() for alias in aliases}
_ARTICLE_PREFIX = re.compile(r"^(?:l['’]|la |the |agence |agency )+", re.IGNORECASE)


def canonical_agency(name: str) -> str | None:
    """« l'Agence France-Presse » -> "AFP"; None for a name the table does not know."""
    key = name.strip().strip("()").strip()
    return _AGENCY_BY_ALIAS.get(key.casefold()) or _AGENCY_BY_ALIAS.get(_ARTICLE_PREFIX.sub("", key).casefold())


# Case-sensitive alternation of every agency alias: « AA » and « AP » are only agencies in capitals.
AGENCY_NAMES = "(?-i:" + alternation(a for aliases in AGENCIES.values() for a in aliases) + ")"
MONTH_NAMES = alternation(MONTHS)
WEEKDAY_NAMES = alternation(WEEKDAYS)
