"""Who is who across articles: people by a spelling-independent key, institutions and agencies by a table.

People are not listed: each article names them (NER, with the titles it gives them), and one person's
spellings in two articles meet through a transliteration key on the family name, so that French and
English spellings of a Russian or Ukrainian name meet: « Dartchiev » and « Darchiev » -> ``darchiev``,
« Poutine » and "Putin" -> ``putin``. ``data/registry.json`` names the institutions that speak through
the name of their seat (« le Kremlin », "the White House"), each with why it is there; agencies come from
``checker.text.AGENCIES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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


class _Institution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    variants: tuple[str, ...] = Field(min_length=1)
    why: str = Field(min_length=1, description="why the entry exists")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heads: tuple[str, ...] = Field(min_length=1, description="the words that name this kind of body")
    named: bool = Field(False, description="a kind, not a body: two of them are one only under one name")
    why: str = Field(min_length=1)


class _Carriers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: tuple[str, ...]
    why: str = Field(min_length=1)


class _Registry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str
    organisations: tuple[_Institution, ...]
    bodies: tuple[_Body, ...] = ()
    carriers: _Carriers | None = None


@dataclass(frozen=True)
class BodyKind:
    """A kind of credited body found in a phrase: its name (the first of its heads, folded: "pompiers"),
    whether two of that kind are one only under one name, and the head that named it."""

    name: str
    named: bool
    head: str


@dataclass(frozen=True)
class Known:
    id: str
    name: str
    kind: str  # organisation | agency


@dataclass
class Registry:
    by_variant: dict[str, Known] = field(default_factory=dict)  # casefolded variant -> organisation
    agencies: dict[str, str] = field(default_factory=dict)  # casefolded variant -> canonical id
    bodies: dict[str, BodyKind] = field(default_factory=dict)  # folded head -> the kind it names
    body_heads: tuple[str, ...] = ()  # the keys of ``bodies``, longest first
    carriers: frozenset[str] = frozenset()  # folded words for what a body publishes (« les données du »)

    def body_kind(self, phrase: str) -> BodyKind | None:
        """The kind of body a credited phrase names by its words (« la préfecture du Rhône » -> the prefecture's
        kind), the longest head first (« fire service » before « service »), or None."""
        words = f" {strip_accents(phrase).casefold()} "
        for head in self.body_heads:
            if f" {head} " in words:
                return self.bodies[head]
        return None

    def agency(self, name: str) -> str | None:
        """Canonical agency id (AFP, TASS, Anadolu...) for a variant, else None."""
        return self.agencies.get(strip_accents(name).casefold().strip())


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """Load the table (cached for the process)."""
    table = _Registry.model_validate_json(_DATA.read_text(encoding="utf-8"))
    reg = Registry()
    for entry in table.organisations:
        known = Known(entry.id, entry.name, "organisation")
        for variant in entry.variants:
            reg.by_variant[strip_accents(variant).casefold()] = known
    for agency, variants in AGENCIES.items():
        for variant in variants:
            reg.agencies[strip_accents(variant).casefold()] = agency
    for body in table.bodies:
        name = strip_accents(body.heads[0]).casefold()
        for head in body.heads:
            folded = strip_accents(head).casefold()
            reg.bodies.setdefault(folded, BodyKind(name, body.named, folded))
    reg.body_heads = tuple(sorted(reg.bodies, key=len, reverse=True))
    if table.carriers:
        reg.carriers = frozenset(strip_accents(w).casefold() for w in table.carriers.words)
    return reg


def person_id(name: str, language: str = "fr") -> str:
    """A person's id: the transliteration key of the family name (:func:`name_key`)."""
    return name_key(name, language)
