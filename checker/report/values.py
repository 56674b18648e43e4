"""Values as a reader writes them: the label the comparison stores for each compared value, read back
and written out in the report's language.

``compare`` labels values for the JSON, where machines read them and group findings on them; a report
writes them for a person::

    2025-02-11 (« mardi », inferred)   11 février 2025 (« mardi »)       11 February 2025 (“mardi”)
    --02-11                            11 février                        11 February
    Soixante et un pays (61 country)   Soixante et un pays (61)          Soixante et un pays (61)
    61 pays (61 country)               61 pays                           61 pays
    Ryad (Riyadh)                      Ryad                              Ryad
    GB: signer (denied)                le Royaume-Uni n'a pas signé      the United Kingdom did not sign
    Seoul < Bletchley Park             Séoul avant Bletchley Park        Seoul before Bletchley Park
    racheter: agent X, patient Y       X a racheté Y                     X bought Y

A name the comparison keeps in its canonical form (« Seoul », the registry's « peskov ») is written as
the claim's sentence writes it when the sentence holds it (« Séoul », « Peskov »). A label this module
cannot read is shown as it is, so that a report saved by another version still renders.

The words it writes with are data: ``data/values.json`` (countries, cities in French, French participles,
English verbs, each table saying why it exists), validated when this module is imported; the months are
``checker.text``'s, the countries' French names pycountry's (``checker.text.french_country_names``, which the
extraction's gazetteer reads too) but for the few the file writes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from checker.datafile import StrictData, WordList, WordMap, load_data
from checker.errors import ModelError
from checker.models import filler_text
from checker.report.words import WORDS, Language
from checker.text import MONTHS_BY_LANGUAGE, fold_in_place, french_country_names

APOSTROPHE = "'"
MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": MONTHS_BY_LANGUAGE["fr"],  # « 18 février 2025 »: lower case in French
    "en": tuple(name.capitalize() for name in MONTHS_BY_LANGUAGE["en"]),  # "18 February 2025"
}


# ---------------------------------------------------------------- the words, as data
# The tables live in ``data/values.json``, each saying why it exists, validated by pydantic when this module is
# imported: a malformed file is a ModelError naming it, not a traceback in a report.
_DATA = Path(__file__).parent / "data" / "values.json"


class _Table(StrictData):
    why: str = Field(min_length=1, description="why the table exists")


class _Country(StrictData):
    article: Literal["l'", "le", "la", "les", ""] = Field(description="the French article; none for « Israël »")
    gender: Literal["m", "f", "mp", "fp"] = Field(description="French gender, and number: p for a plural")
    english: str = Field(min_length=1, description="the English name, with its article (« the United Kingdom »)")


class _Countries(_Table):
    entries: dict[str, _Country] = Field(min_length=1)


class _FrenchName(StrictData):
    name: str = Field(min_length=1)
    why: str = Field(min_length=1, description="what pycountry's French catalogue lacks or writes otherwise")


class _FrenchNames(_Table):
    entries: dict[str, _FrenchName]


class _Verbs(_Table):
    entries: dict[str, tuple[str, str]] = Field(min_length=1, description="lemma -> (past, base form)")


class _ValueTables(StrictData):
    about: str
    countries: _Countries
    french_names: _FrenchNames
    french_places: WordMap
    participles: WordMap
    participle_endings: WordMap
    with_etre: WordList
    english_verbs: _Verbs

    @model_validator(mode="after")
    def _names_of_known_countries(self) -> _ValueTables:
        unknown = sorted(set(self.french_names.entries) - set(self.countries.entries))
        if unknown:
            raise ValueError(f"french_names names countries that countries lacks: {', '.join(unknown)}")
        return self


def _load() -> _ValueTables:
    return load_data(_DATA, _ValueTables, "the report's word lists")


def _french_names(data: _ValueTables) -> dict[str, str]:
    """Each country's French name without its article: pycountry's French catalogue's, or ``french_names``'s."""
    plain = french_country_names()
    names = {
        iso: data.french_names.entries[iso].name if iso in data.french_names.entries else plain.get(iso, "")
        for iso in data.countries.entries
    }
    lacking = [iso for iso, name in names.items() if not name]
    if lacking:
        raise ModelError(
            f"the report's word lists ({_DATA}): no French name for {', '.join(lacking)}: pycountry's French "
            "catalogue lacks it (is pycountry installed with its locales?); write it in french_names"
        )
    return names


def _with_article(article: str, name: str) -> str:
    """« le » + « Royaume-Uni » -> « le Royaume-Uni »; « l' » + « Inde » -> « l'Inde »; no article: the name."""
    return f"{article} {name}" if article and not article.endswith(APOSTROPHE) else f"{article}{name}"


_VALUES = _load()
_FRENCH = _french_names(_VALUES)


# ---------------------------------------------------------------- names as the sentence writes them
def as_written(name: str, sentence: str, *, article: bool = False) -> str:
    """``name`` as ``sentence`` writes it, whatever its accents and case: « Seoul » in « le sommet de
    Séoul » -> « Séoul »; with ``article``, the article before it too (« gouvernement » -> « le
    gouvernement »). ``name`` itself when the sentence does not hold it."""
    if not name or not sentence:
        return name
    before = r"(?:(?:le|la|les|l'|the)\s*)?" if article else ""
    found = re.search(rf"(?<!\w){before}{re.escape(fold_in_place(name))}(?!\w)", fold_in_place(sentence))
    return sentence[found.start() : found.end()] if found else name


def _elided(word: str, full: str, short: str) -> str:
    """« de » + « avril » -> « d'avril »; « ne » + « a » -> « n'a »; « ne » + « sont » -> « ne sont »."""
    return f"{short}{word}" if re.match(r"[aeiouyàâéèêëîïôûüœh]", word, re.IGNORECASE) else f"{full} {word}"


# ---------------------------------------------------------------- dates
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})(?:-(\d{2}))?")
Parts = tuple[int | None, int | None, int | None]


def _date_parts(value: str) -> Parts | None:
    """'2025-02-18' -> (2025, 2, 18); '--02-11' -> (None, 2, 11); '2025' -> (2025, None, None); else None."""
    m = _DATE.fullmatch(value)
    if not m:
        return None
    month, day = m[2] or m[4], m[3] or m[5]
    parts = (int(m[1]) if m[1] else None, int(month) if month else None, int(day) if day else None)
    if (parts[1] is not None and not 1 <= parts[1] <= 12) or (parts[2] is not None and not 1 <= parts[2] <= 31):
        return None
    return parts


def _day(day: int, language: Language) -> str:
    return "1er" if day == 1 and language == "fr" else str(day)


def _written_date(parts: Parts, language: Language, *, year: bool = True, month: bool = True) -> str:
    y, m, d = parts
    words = []
    if d is not None and m is not None:
        words.append(_day(d, language))
    if m is not None and month:
        words.append(MONTHS[language][m - 1])
    if y is not None and year:
        words.append(str(y))
    return " ".join(words)


def _date_or_none(value: str, language: Language) -> str | None:
    if ".." in value:
        start, _, end = value.partition("..")
        a, b = _date_parts(start), _date_parts(end)
        return _written_span(a, b, language) if a and b else None
    parts = _date_parts(value)
    return _written_date(parts, language) if parts else None


def write_date(value: str, language: Language) -> str:
    """An ISO date as a reader writes it: « 2025-02-18 » -> « 18 février 2025 » / "18 February 2025";
    a date without its year « --02-11 » -> « 11 février »; « 2022-02 » -> « février 2022 »; a span
    « 2025-02-10..2025-02-12 » -> « du 10 au 12 février 2025 » / "10–12 February 2025". Anything
    else as it is."""
    return _date_or_none(value, language) or value


def _written_span(a: Parts, b: Parts, language: Language) -> str:
    same_year, same_month = a[0] == b[0], a[0] == b[0] and a[1] == b[1]
    last = _written_date(b, language)
    if a[2] is not None and b[2] is not None and same_month:
        first = _day(a[2], language)
        return f"du {first} au {last}" if language == "fr" else f"{first}–{last}"
    first = _written_date(a, language, year=not same_year)
    if language == "en":
        return f"{first} – {last}"
    if a[2] is None:  # months or years: « de février à avril 2025 », « d'avril à juin »
        return f"{_elided(first, 'de', 'd' + APOSTROPHE)} à {last}"
    return f"du {first} au {last}"


def _date_value(label: str, language: Language) -> str:
    """« 2025-02-11 (« mardi », inferred) » -> « 11 février 2025 (« mardi ») »: the date, then the words
    the article wrote when they do not already say it (« samedi 14 mars » says « 14 mars 2026 »)."""
    value, _, note = label.partition(" (")
    shown = _date_or_none(value, language)
    if shown is None:
        return label
    written = re.search(r"«\s*(.+?)\s*»", note)
    parts = _date_parts(value.partition("..")[0])
    day_month = _written_date(parts, language, year=False) if parts else ""
    if not written or fold_in_place(day_month) in fold_in_place(written[1]):
        return shown
    return f"{shown} ({WORDS[language].quote(written[1])})"


def _time_value(label: str, language: Language) -> str:
    """« 18:30 (« peu après 18 h 30 ») » -> « « peu après 18 h 30 » »: the words the article wrote, which say how
    sure the time is; « 01:40 GMT (« at 0140 ») » keeps its zone: « « at 0140 » GMT »."""
    value, _, note = label.partition(" (")
    written = re.search(r"«\s*(.+?)\s*»", note)
    if not written:
        return label
    zone = value.partition(" ")[2]
    return WORDS[language].quote(written[1]) + (f" {zone}" if zone else "")


# ---------------------------------------------------------------- figures and places
_GLOSSED = re.compile(r"(?P<text>.+?) \((?P<gloss>[^()]*)\)", re.DOTALL)
_GLOSS_NUMBER = re.compile(r"(~?)(\d[\d \u00a0\u202f]*(?:\.\d+)?(?:e[+-]?\d+)?)")


def write_figure(value: float, language: Language) -> str:
    """A figure with the reader's separators: 109000000000 -> « 109 000 000 000 » / "109,000,000,000";
    1.5 -> « 1,5 » / "1.5"."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.6f}".rstrip("0").rstrip(".")
    if language == "fr":
        return text.replace(",", " ").replace(".", ",")
    return text


def _number_value(label: str, language: Language) -> str:
    """« 61 pays (61 country) » -> « 61 pays »: the article's words, which say the figure; when they
    spell it out, the figure after them: « Soixante et un pays (61 country) » -> « Soixante et un pays (61) »."""
    m = _GLOSSED.fullmatch(label)
    if not m:
        return label
    text = m["text"]
    figure = _GLOSS_NUMBER.match(m["gloss"])
    if any(c.isdigit() for c in text) or not figure:
        return text
    try:
        value = float(re.sub(r"[ \u00a0\u202f]", "", figure[2]))
    except ValueError:
        return text
    about = ("environ " if language == "fr" else "about ") if figure[1] else ""
    return f"{text} ({about}{write_figure(value, language)})"


def _place_value(label: str) -> str:
    """« Ryad (Riyadh) » -> « Ryad »: the place as the article writes it, not the gazetteer's name."""
    m = _GLOSSED.fullmatch(label)
    return m["text"] if m else label


# ---------------------------------------------------------------- who did what
# ISO 3166 codes the extraction gives actors (« le Royaume-Uni a signé » -> GB): the name with its article
# and gender (m, f; mp, fp for a plural) in French, the name in English (data/values.json's countries, the
# French names pycountry's but for its french_names).
COUNTRIES: dict[str, tuple[str, str, str]] = {
    iso: (_with_article(c.article, _FRENCH[iso]), c.gender, c.english) for iso, c in _VALUES.countries.entries.items()
}

# Places the gazetteer names in English, as French writes them: its countries (from COUNTRIES, « Saudi
# Arabia » -> « Arabie saoudite ») and the cities the news names most (data/values.json's french_places). A
# sentence that names the place comes first (« Ryad » where the article writes it so).
FRENCH_PLACES = {
    c.english.removeprefix("the "): _FRENCH[iso] for iso, c in _VALUES.countries.entries.items()
} | _VALUES.french_places.entries


def place_name(name: str, sentences: list[str] | tuple[str, ...], language: Language) -> str:
    """A place the comparison names canonically, as the reader writes it: as a sentence of the report
    writes it (« Seoul » -> « Séoul »), else in French its French name (« Riyadh » -> « Riyad »), else
    as it is."""
    for sentence in sentences:
        written = as_written(name, sentence)
        if written != name:
            return written
    if language != "fr":
        # the gazetteer's capital article (« The Netherlands ») is written as in a sentence: "the Netherlands"
        return "the " + name[4:] if name.startswith("The ") else name
    # the gazetteer writes some countries with their article (« The Netherlands »), the table without it
    return FRENCH_PLACES.get(name) or FRENCH_PLACES.get(name.removeprefix("The "), name)


# French past participles that no ending rule gives; then endings, longest first (« comprendre » ->
# « compris »), then -er -> é, -ir -> i, -re and -oir -> u.
_PARTICIPLES = _VALUES.participles.entries
_ENDINGS: tuple[tuple[str, str], ...] = tuple(
    sorted(_VALUES.participle_endings.entries.items(), key=lambda e: -len(e[0]))
)
# Verbs conjugated with « être »: « la France est venue ».
_WITH_ETRE = set(_VALUES.with_etre.words)
# The canonical predicates (French lemmas, ``extract`` maps English verbs onto them) in English: past, base.
_ENGLISH_VERBS = _VALUES.english_verbs.entries
_FRENCH_INFINITIVE = re.compile(r"(er|ir|re|oir)$")


def participle(lemma: str) -> str | None:
    """The French past participle of a verb: « signer » -> « signé », « comprendre » -> « compris »;
    None when ``lemma`` is no French infinitive."""
    if lemma in _PARTICIPLES:
        return _PARTICIPLES[lemma]
    for ending, replacement in _ENDINGS:
        if lemma.endswith(ending) and len(lemma) >= len(ending):
            return lemma[: -len(ending)] + replacement
    return None


def _actor(key: str, sentence: str, language: Language) -> tuple[str, str]:
    """An actor's name in the report's language and its French gender and number (m, f, mp, fp):
    « GB » -> (« le Royaume-Uni », m); a registry id or a noun as the sentence writes it, with its article
    (« peskov » -> « Peskov », « gouvernement » -> (« le gouvernement », m))."""
    if key in COUNTRIES:
        french, gender, english = COUNTRIES[key]
        return (french if language == "fr" else english), gender
    name = filler_text(key)
    written = as_written(name, sentence, article=True)
    if written == name and language == "fr":
        written = FRENCH_PLACES.get(name, name)  # a city the gazetteer names in English: « Moscow » -> « Moscou »
    article = written.casefold().split(" ", 1)[0]
    return written, {"la": "f", "les": "mp"}.get(article, "m")


def _subject(keys: list[str], sentence: str, language: Language) -> tuple[str, str]:
    """Several actors as one subject: « la France et le Royaume-Uni » (plural), with its gender."""
    actors = [_actor(k, sentence, language) for k in keys if k]
    if not actors:
        return ("?", "m")
    if len(actors) == 1:
        return actors[0]
    names = [name for name, _ in actors]
    joined = ", ".join(names[:-1]) + (" et " if language == "fr" else " and ") + names[-1]
    return joined, "fp" if all(g.startswith("f") for _, g in actors) else "mp"


def _french_clause(subject: str, gender: str, lemma: str, negated: bool, rest: str = "") -> str:
    """« le Royaume-Uni » + signer -> « le Royaume-Uni a signé »; negated: « n'a pas signé »; with
    « être »: « la France n'est pas venue »."""
    done = participle(lemma)
    if done is None:  # no French verb: its lemma, quoted
        return f"{subject} : {'pas ' if negated else ''}« {lemma} »{f' {rest}' if rest else ''}"
    plural = gender.endswith("p")
    if lemma in _WITH_ETRE:
        auxiliary = "sont" if plural else "est"
        done += ("e" if gender.startswith("f") else "") + ("s" if plural and not done.endswith("s") else "")
    else:
        auxiliary = "ont" if plural else "a"
    verb = f"{_elided(auxiliary, 'ne', 'n' + APOSTROPHE)} pas {done}" if negated else f"{auxiliary} {done}"
    return f"{subject} {verb}{f' {rest}' if rest else ''}"


def _english_clause(subject: str, lemma: str, negated: bool, rest: str = "") -> str:
    """« le Royaume-Uni » + signer -> "the United Kingdom signed"; negated: "did not sign"."""
    tail = f" {rest}" if rest else ""
    if lemma in _ENGLISH_VERBS:
        past, base = _ENGLISH_VERBS[lemma]
        return f"{subject} did not {base}{tail}" if negated else f"{subject} {past}{tail}"
    if _FRENCH_INFINITIVE.search(lemma):  # a French verb not in the table: its lemma, quoted
        return f"{subject}: {'not ' if negated else ''}“{lemma}”{tail}"
    return f"{subject} did {'not ' if negated else ''}{lemma}{tail}"  # an English verb the extraction kept


def clause(subject: str, gender: str, lemma: str, negated: bool, language: Language, rest: str = "") -> str:
    """Who did (or did not do) what, in the report's language."""
    if language == "fr":
        return _french_clause(subject, gender, lemma, negated, rest)
    return _english_clause(subject, lemma, negated, rest)


_POLARITY = re.compile(r"(?P<actors>.*): (?P<predicate>[^():]+?) \((?P<polarity>affirmed|denied)\)", re.DOTALL)


def _polarity_value(label: str, sentence: str, language: Language) -> str:
    """« GB: signer (denied) » -> « le Royaume-Uni n'a pas signé » / "the United Kingdom did not sign"."""
    m = _POLARITY.fullmatch(label)
    if not m:
        return label
    subject, gender = _subject(m["actors"].split(", "), sentence, language)
    return clause(subject, gender, m["predicate"], m["polarity"] == "denied", language)


_ROLE_WORDS: dict[Language, dict[str, str]] = {
    "fr": {"recipient": "à {}", "opponent": "contre {}", "behind": "(derrière : {})", "patient": "{}"},
    "en": {"recipient": "to {}", "opponent": "against {}", "behind": "(behind it: {})", "patient": "{}"},
}
_ROLE = re.compile(r"(agent|patient|recipient|opponent|behind) (.+)", re.DOTALL)


def _role_value(label: str, sentence: str, language: Language) -> str:
    """« racheter: agent Alpha, patient Beta » -> « Alpha a racheté Beta » / "Alpha bought Beta"."""
    predicate, sep, rest = label.partition(": ")
    roles = [_ROLE.fullmatch(part) for part in rest.split(", ")]
    if not sep or not all(roles):
        return label
    named = [(m[1], as_written(filler_text(m[2]), sentence)) for m in roles if m]
    agents = [who for role, who in named if role == "agent"]
    others = " ".join(_ROLE_WORDS[language][role].format(who) for role, who in named if role != "agent")
    if not agents:
        return label
    return clause(
        " et ".join(agents) if language == "fr" else " and ".join(agents), "m", predicate, False, language, others
    )


def _order_value(label: str, sentence: str, language: Language) -> str:
    """« Seoul < Bletchley Park » -> « Séoul avant Bletchley Park » / "Seoul before Bletchley Park"."""
    before, sep, after = label.partition(" < ")
    if not sep:
        return label
    word = "avant" if language == "fr" else "before"
    return f"{place_name(before, [sentence], language)} {word} {place_name(after, [sentence], language)}"


def write_value(slot: str, label: str | None, language: Language, sentence: str = "") -> str:
    """A compared value as the reader writes it (see the module's table); ``sentence`` is the claim that
    states it, where canonical names are looked up as written. « — » for no value."""
    if not label:
        return "—"
    if slot == "date":
        return _date_value(label, language)
    if slot == "time":
        return _time_value(label, language)
    if slot == "number":
        return _number_value(label, language)
    if slot == "place":
        return _place_value(label)
    if slot == "polarity":
        return _polarity_value(label, sentence, language)
    if slot == "role":
        return _role_value(label, sentence, language)
    if slot == "order":
        return _order_value(label, sentence, language)
    return label
