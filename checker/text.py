"""Text normalisation shared by the stages (below them, beside ``models``): one accent fold, and the
calendar's words in each language.

Extraction folds names and words before looking them up, comparison folds slot values before
matching them; both must fold the same way, so neither owns the rule. Reading dates (ingest, extract),
writing them (report) and varying them (training) use the same month and weekday names.
"""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """The text less its combining marks: « Élysée » -> "Elysee" (case kept)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Accent-free, case-free form with straight apostrophes: « L’Élysée » -> "l'elysee"."""
    return strip_accents(text).casefold().replace("’", "'")


# The calendar's words, lower case, in order (January first, Monday first: Article.published_weekday's
# convention). Tables derived from them (spellings without accents, numbers, capitals) live with their users.
MONTHS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ),
}  # fmt: skip
WEEKDAYS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
