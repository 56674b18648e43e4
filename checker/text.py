"""Text normalisation shared by the stages (below them, beside ``models``): the accent folds, the
calendar's words, the function words in each language, the verbs of saying (``data/words.json``) and the
countries' French names (pycountry's catalogue).

Three folds, one rule (accents off, case off, curly apostrophes straight): :func:`fold` for comparing
words, :func:`fold_key` for lookup keys (separators such as hyphens as spaces, spaces collapsed:
« Arabie-Saoudite » = « arabie saoudite »), :func:`fold_in_place` where offsets must survive (one
character for one: a match in the folded text is a match at the same place in the original).

Extraction folds names and words before looking them up, comparison folds slot values before
matching them; both must fold the same way, so neither owns the rule. Reading dates (ingest, extract),
writing them (report) and varying them (training) use the same month and weekday names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from checker.datafile import StrictData, WordList, WordsByLanguage, load_data


def strip_accents(text: str) -> str:
    """The text less its combining marks: « Élysée » -> "Elysee" (case kept)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Accent-free, case-free form with straight apostrophes: « L’Élysée » -> "l'elysee"."""
    return strip_accents(text).casefold().replace("’", "'")


# Quoted words: « … », “ … ” or " … " (the group that matched holds them). The extraction reads a claim's quote
# with it; comparison reads what a sentence says outside its quotes with it.
QUOTED = re.compile(r"«\s*([^«»]+?)\s*»|“\s*([^“”]+?)\s*”|\"([^\"]+)\"")
_COMBINING = re.compile("[\u0300-\u036f]")


def fold_key(text: str, separators: str = "") -> str:
    """:func:`fold`, each character of ``separators`` as a space, runs of spaces as one, trimmed:
    « Arabie-Saoudite », separators "-'" -> "arabie saoudite". Fast on ASCII (gazetteer keys)."""
    low = text.replace("’", "'").lower()
    if not low.isascii():
        low = _COMBINING.sub("", unicodedata.normalize("NFKD", low))
    if separators:
        low = low.translate(_separator_table(separators))
    return " ".join(low.split())


@lru_cache(maxsize=16)
def _separator_table(separators: str) -> dict[int, str]:
    return {ord(ch): " " for ch in separators}


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch.replace("’", "'"))[:1].lower()[:1]
    return base or ch


_ASCII_SPACES = "".join(chr(i) for i in range(128) if chr(i).isspace())


def fold_in_place(text: str, separators: str = "") -> str:
    """Same length as ``text``: lower case, no accents, ’ as ', each character of ``separators`` and every
    space as " " (« L’Élysée-Ouest », "-" -> "l'elysee ouest"): offsets into the result are offsets into ``text``."""
    if text.isascii():
        low = text.lower()
        return low.translate(_separator_table(separators + _ASCII_SPACES)) if separators else low
    return "".join(" " if (ch in separators or (separators and ch.isspace())) else _fold_char(ch) for ch in text)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words or phrases, longest first so that « RIA Novosti » wins over « RIA »."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


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


# Function words (articles, prepositions, pronouns, auxiliaries, conjunctions), lower case. Extraction
# leaves them out of a claim's content words; a capitalised one never joins a person's or a place's name
# (« Selon Martin », « Après Lyon »); ingest tells French from English by those only one language has.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les l un une des du de d au aux à a et ou en dans sur pour par avec sans sous entre vers chez "
        "contre ce cet cette ces se sa son ses leur leurs nos notre vos votre il elle ils elles on nous vous "
        "je tu qui que qu quoi dont où ne n s pas plus très être avoir été est sont était ont fait faire "
        "comme mais donc or ni car si tout tous toute toutes aussi ainsi alors y lui eux même selon après "
        "avant depuis lors pendant cela ça ceci celui celle ceux celles déjà encore toujours".split()
    ),
    "en": frozenset(
        "the a an and or of to in on at for by with from as is are was were be been has have had it its "
        "this that these those he she they we you i his her our their not no but so if then than also "
        "which who whom whose will would can could should may might said after before since during "
        "between".split()
    ),
}


# Negation. French negates with « ne » and a second word (« n'a pas signé », « ne … jamais », « n'a rien
# dit »); the adverbs among those also mark a verb as negated when a parse hangs them on it, the others only
# after « ne » (« plus » is also "more", « personne » "a person", « aucun » needs its noun). English: its
# negators, then the phrases. Extraction reads a clause's polarity with them (checker.extract.polarity).
NEGATION_ADVERBS: dict[str, frozenset[str]] = {
    "fr": frozenset({"pas", "jamais", "guère", "point", "nullement"}),
    "en": frozenset({"not", "n't", "never"}),
}
NE_COMPLEMENTS: frozenset[str] = NEGATION_ADVERBS["fr"] | {"plus", "aucun", "aucune", "rien", "personne"}
NEGATION_PHRASES: dict[str, tuple[str, ...]] = {"fr": (), "en": ("no longer",)}


# Word lists that are data (``data/words.json``, each list saying why it exists), validated when this module
# is imported: a malformed file is a ModelError naming it, not a traceback in a stage.
_WORDS_DATA = Path(__file__).parent / "data" / "words.json"


class _SharedWords(StrictData):
    about: str
    saying: WordsByLanguage
    sole_agent: WordList
    que_not_reporting: WordList


def _load_words() -> _SharedWords:
    return load_data(_WORDS_DATA, _SharedWords, "the shared word lists")


_WORDS = _load_words()

# Verbs that only report speech: extraction's reporting verbs include them (with those that take a stance),
# comparison does not take two articles agreeing that someone spoke for news.
SAYING: dict[str, frozenset[str]] = {"fr": frozenset(_WORDS.saying.fr), "en": frozenset(_WORDS.saying.en)}
# Predicates with one agent per event: two winners of one stage, two buyers of one company conflict.
SOLE_AGENT: frozenset[str] = frozenset(_WORDS.sole_agent.words)
# Words before « que » that make it no « que » of indirect speech (« alors que », « parce que »).
QUE_NOT_REPORTING: frozenset[str] = frozenset(_WORDS.que_not_reporting.words)

# News agencies: canonical name -> the ways articles write it. Canonical names are what Article.agency and a
# claim's source hold; ingest reads an article's agency with them, extract a sentence's (« selon l'AFP »).
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
    "Bloomberg": ("Bloomberg",),
}


@lru_cache(maxsize=1)
def french_country_names() -> Mapping[str, str]:
    """ISO alpha-2 -> the country's name in pycountry's French catalogue where it is a plain name (« Japon »,
    « Arabie saoudite », « Corée du Sud »; none for « Russie, Fédération de » or « Saint-Martin (partie
    française) »), in pycountry's order; empty without the catalogue. Extraction's gazetteer and the report
    read them here, so both name a country alike."""
    import gettext

    import pycountry

    try:
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:  # the catalogue is missing
        return MappingProxyType({})
    names: dict[str, str] = {}
    for country in pycountry.countries:
        french = translate(getattr(country, "common_name", None) or country.name)
        if not re.search(r"[,(\n]", french):
            names[country.alpha_2] = french
    return MappingProxyType(names)
