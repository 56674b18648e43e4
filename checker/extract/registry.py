"""Canonical people and organisations (spelling variants map to one id), and agencies (checker.text.AGENCIES).

Two layers: the curated table in ``data/registry.json`` (Poutine = Putin, Ouchakov = Ushakov), and,
for anyone not listed, a transliteration key on the family name so that French and English
spellings of a Russian or Ukrainian name meet: « Dartchiev » and « Darchiev » -> ``darchiev``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from checker.text import AGENCIES, strip_accents

_DATA = Path(__file__).parent / "data" / "registry.json"

# French transliterations of Cyrillic names, mapped to the English (BGN-like) spelling.
# Applied in order: « tch » is English « ch » (Dartchiev -> darchiev), French « ch » is English « sh »
# (Ouchakov -> ushakov), « ou » is « u », « ï » / « ia » endings keep their letters.
_FR_RULES = (("tch", "\x00"), ("ch", "sh"), ("\x00", "ch"), ("ou", "u"), ("kh", "h"), ("j", "zh"))
_EN_RULES = (("kh", "h"),)


def name_key(name: str, language: str = "fr") -> str:
    """A spelling-independent key for a family name.

    « Ouchakov » (fr) -> "ushakov"; « Ushakov » (en) -> "ushakov"; « Zelenskyy » -> "zelenski".
    """
    family = name.strip().split()[-1] if name.strip() else ""
    key = strip_accents(family).casefold()
    key = re.sub(r"[^a-z]", "", key)
    for old, new in _FR_RULES if language == "fr" else _EN_RULES:
        key = key.replace(old, new)
    key = re.sub(r"y+$", "i", key).replace("yy", "y")
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters: Zelenskyy, Kellogg
    key = re.sub(r"e$", "", key) if len(key) > 5 else key  # Poutine -> putin
    return key


@dataclass(frozen=True)
class Known:
    id: str
    name: str
    kind: str  # person | organisation | agency
    titles: tuple[str, ...] = ()


@dataclass
class Registry:
    by_variant: dict[str, Known] = field(default_factory=dict)
    by_key: dict[str, Known] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)  # casefolded variant -> canonical id
    titles: dict[str, Known] = field(default_factory=dict)

    def person(self, name: str, language: str = "fr") -> Known | None:
        """The registry entry for a name as written, or None when nobody known carries it."""
        hit = self.by_variant.get(strip_accents(name).casefold())
        if hit:
            return hit
        return self.by_key.get(name_key(name, language))

    def agency(self, name: str) -> str | None:
        """Canonical agency id (AFP, TASS, Anadolu...) for a variant, else None."""
        return self.agencies.get(strip_accents(name).casefold().strip())


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """Load the curated registry (cached for the process)."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    reg = Registry()
    for kind, entries in (("person", data["people"]), ("organisation", data["organisations"])):
        for entry in entries:
            known = Known(entry["id"], entry["name"], kind, tuple(entry.get("titles", ())))
            for variant in entry["variants"]:
                reg.by_variant[strip_accents(variant).casefold()] = known
                if kind == "person":
                    for lang in ("fr", "en"):
                        reg.by_key.setdefault(name_key(variant, lang), known)
            for title in known.titles:
                reg.titles[strip_accents(title).casefold()] = known
    for agency, variants in AGENCIES.items():
        for variant in variants:
            reg.agencies[strip_accents(variant).casefold()] = agency
    return reg


def person_id(name: str, language: str = "fr") -> str:
    """Registry id for a person: the curated id, else the transliteration key of the family name."""
    known = load_registry().person(name, language)
    return known.id if known else name_key(name, language)
