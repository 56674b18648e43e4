"""Word lists the rule-based extractors share, French then English: lemmas, lower case.

The words live in ``data/lexicon.json``, each list with why it exists, validated here by pydantic when the
module is imported (a malformed file is a ModelError naming what is wrong, not a traceback in a stage). This
module gives them the shapes the extractors use: sets to test membership, dicts to map, ordered tuples where
order decides (event types: the first match wins).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pydantic import Field

from checker.datafile import StrictData, WordList, WordMap, WordsByLanguage, load_data
from checker.models import RoleName
from checker.text import SAYING

_DATA = Path(__file__).parent / "data" / "lexicon.json"

__all__ = [
    "ANTONYMS",
    "CASE_ROLES",
    "COUNT_REVISIONS",
    "COUNT_STAGES",
    "EVENT_MARKERS",
    "EVENT_TYPES",
    "HEDGES",
    "LIGHT_VERBS",
    "NOT_IN_NAMES",
    "ORDER_CUES",
    "PREDICATE_CANON",
    "REFUSAL",
    "REPORTING",
    "REPORTING_NEEDS",
    "TIME_WORDS",
    "TITLE_HEADS",
]


class _List(StrictData):
    why: str = Field(min_length=1, description="why the list exists")


class _Needs(_List):
    entries: dict[str, tuple[str, ...]] = Field(min_length=1)


class _WordFlags(_List):
    """Words, each with a yes or no its list's ``why`` explains (an order cue: the events come in text order)."""

    entries: dict[str, bool] = Field(min_length=1)


class _EventType(StrictData):
    type: str
    words: tuple[str, ...] = Field(min_length=1)


class _EventTypes(_List):
    entries: tuple[_EventType, ...] = Field(min_length=1)


class _Antonym(StrictData):
    predicate: str
    negated: bool


class _Antonyms(_List):
    entries: dict[str, _Antonym] = Field(min_length=1)


class _Revisions(_WordFlags):
    earlier: tuple[str, ...] = Field(min_length=1, description="words of an earlier time after the figure set against")


class _LightVerb(StrictData):
    predicate: str
    object_stays: bool


class _LightVerbs(_List):
    entries: dict[str, _LightVerb] = Field(min_length=1)


class _CaseRoles(_List):
    entries: dict[str, RoleName] = Field(min_length=1)


class _Lexicon(StrictData):
    about: str
    reporting: WordsByLanguage
    reporting_needs: _Needs
    refusal: WordList
    hedges: WordsByLanguage
    predicate_canon: WordMap
    event_types: _EventTypes
    event_markers: WordMap
    order_cues: _WordFlags
    title_heads: WordList
    time_words: WordList
    antonyms: _Antonyms
    count_stages: WordMap
    count_revisions: _Revisions
    case_roles: _CaseRoles
    not_in_names: WordList
    light_verbs: _LightVerbs


def _load() -> _Lexicon:
    return load_data(_DATA, _Lexicon, "the extraction's word lists")


_LEXICON = _load()

# Verbs that introduce reported speech or a stance: their subject is the claim's speaker. The verbs of
# saying are checker.text's (comparison reads them too), the others this file's.
REPORTING: dict[str, frozenset[str]] = {
    "fr": SAYING["fr"] | frozenset(_LEXICON.reporting.fr),
    "en": SAYING["en"] | frozenset(_LEXICON.reporting.en),
}
# « faire savoir », « faire valoir », « mettre en garde »: only with these next words.
REPORTING_NEEDS: dict[str, tuple[str, ...]] = dict(_LEXICON.reporting_needs.entries)
# Verbs whose complement is denied: « a refusé de signer », "declined to sign".
REFUSAL: frozenset[str] = frozenset(_LEXICON.refusal.words)
HEDGES: dict[str, tuple[str, ...]] = {"fr": _LEXICON.hedges.fr, "en": _LEXICON.hedges.en}
# Cross-language canonical predicates, so "sign" and « signer » meet.
PREDICATE_CANON: dict[str, str] = dict(_LEXICON.predicate_canon.entries)
# First match in this order wins: the more specific events first.
EVENT_TYPES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (e.type, frozenset(e.words)) for e in _LEXICON.event_types.entries
)
# Markers that an event is not the one reported elsewhere, or which one of a series it is.
EVENT_MARKERS: dict[str, str] = dict(_LEXICON.event_markers.entries)
# Order cues between two event anchors of a sentence: are the anchors in text order (earlier, later)?
ORDER_CUES: dict[str, bool] = dict(_LEXICON.order_cues.entries)
# Head nouns of titles: « le porte-parole » resolves to the person the article gave that title.
TITLE_HEADS: frozenset[str] = frozenset(_LEXICON.title_heads.words)
# Words of time: they name when, not what, so two claims do not share an event by sharing them.
TIME_WORDS: frozenset[str] = frozenset(_LEXICON.time_words.words)
# « a démenti X » is « n'a pas confirmé X »: antonyms mapped to (predicate, negated).
# Phrases that give a figure as one stage of a changing count: provisional (« premier bilan ») or updated.
COUNT_STAGES: dict[str, str] = dict(_LEXICON.count_stages.entries)
# The role a preposition gives a named participant (« contre X »: opponent), keys folded (« à » -> a).
CASE_ROLES: dict[str, RoleName] = dict(_LEXICON.case_roles.entries)
# Capitalised words that are no part of a role filler's name (« Monsieur », « Le président »).
NOT_IN_NAMES: frozenset[str] = frozenset(_LEXICON.not_in_names.words)


class Revisions(NamedTuple):
    """Words that set a figure against an earlier one (« contre 1 800 annoncés mardi », "up from 1,800"), each
    with whether a word of an earlier time (``earlier``: « annoncés », « initialement », "previously") must follow."""

    setting: dict[str, bool]
    earlier: tuple[str, ...]


COUNT_REVISIONS = Revisions(dict(_LEXICON.count_revisions.entries), _LEXICON.count_revisions.earlier)
ANTONYMS: dict[str, tuple[str, bool]] = {k: (v.predicate, v.negated) for k, v in _LEXICON.antonyms.entries.items()}
# « donner l'alerte » -> (alerter, the object dissolves); « déposer plainte » -> (porter, the object stays)
LIGHT_VERBS: dict[str, tuple[str, bool]] = {
    k: (v.predicate, v.object_stays) for k, v in _LEXICON.light_verbs.entries.items()
}
