"""Text normalisation shared by the stages (below them, beside ``models``): one accent fold.

Extraction folds names and words before looking them up, comparison folds slot values before
matching them; both must fold the same way, so neither owns the rule.
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
