"""The reports' own words in each language they are written in, and which language a report is written in.

A French corpus gets a French report and an English one an English report (``Report.language``, the
language of most of its articles); ``render_markdown(report, "en")`` asks for another. Everything an
editor reads that is not quoted from an article is here: headings, table headers, verdict and kind
names, the notes about each finding. The values themselves are written by ``values.py``, the sentence
about each finding by ``sentences.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.errors import ConfigError
from checker.models import Report

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")


def report_language(report: Report, language: str | None = None) -> Language:
    """The language to write ``report`` in: ``language`` when given, else the language of most of its
    articles, else English (a report saved before the language was recorded, or in a language the
    reports are not written in).

    Raises ConfigError: ``language`` is given and is not one the reports are written in.
    """
    if language is not None and language not in LANGUAGES:
        raise ConfigError(f"no report in {language!r}: reports are written in {' or '.join(LANGUAGES)}")
    chosen = language or report.language
    return chosen if chosen in LANGUAGES else "en"


@dataclass(frozen=True)
class Words:
    """One language's words for the reports. Templates are ``str.format`` strings."""

    title: str  # {corpus}
    summary: str  # {articles} {claims} {model} {schema}; markdown wraps the model in backticks itself
    thresholds: dict[str, str]  # the report's thresholds -> the sentence that says what they do
    verdicts: dict[str, str]  # verdict -> its name in a heading (capitalised)
    kinds: dict[str, str]  # finding kind -> its name in a heading
    slots: dict[str, str]  # slot -> its name in the table of compared values
    relations: dict[str, str]  # slot relation -> its name in that table
    counts_header: tuple[str, str, str]  # verdict, discrepancies, pairs of claims
    html_counts_header: tuple[str, str, str]  # verdict, discrepancies, findings
    not_read: str
    conflicts: str
    no_conflict: str
    states: str  # the value a claim states
    speaker: str
    source: str
    compared_header: tuple[str, str, str, str]  # slot, first, second, relation
    finding_id: str  # {id}
    finding_id_confidence: str  # {id} {confidence}
    same_discrepancy: str
    timeline: str
    timeline_note: str
    timeline_header: tuple[str, str, str, str]
    events: str
    events_note: str
    events_header: tuple[str, str, str, str, str]
    agreements: str
    no_agreement: str
    agreements_header: tuple[str, str, str, str]  # confidence, what agrees, articles, confirmed by
    confirmed_by: tuple[str, str]  # {n}: one independent outlet, several
    sides_header: tuple[str, str, str]  # the value, independent outlets, articles
    same_dispatch: str  # after copies of one dispatch
    copies: str
    copies_note: str
    copies_header: tuple[str, str, str]  # agency, articles, text in common
    # the HTML page
    discrepancy_count: tuple[str, str]  # one, several: after the number
    shown: str  # after the number of discrepancies the filters leave shown
    discrepancies: str
    article_header: tuple[str, str, str]  # article, states, sentence
    finding_ids: tuple[str, str]  # one, several: before the ids
    all: str
    filter_verdict: str
    filter_kind: str
    filter_article: str
    filter_confidence: str
    confidence: str
    colon: str  # « : » in French, ": " in English
    semicolon: str
    decimal_comma: bool
    quotes: tuple[str, str]  # around words quoted from an article

    def verdict(self, verdict: str) -> str:
        return self.verdicts.get(verdict, verdict)

    def kind(self, kind: str) -> str:
        return self.kinds.get(kind, kind)

    def number(self, value: float, places: int = 2) -> str:
        """A decimal as the reader writes it: 0.85 -> « 0,85 » in French."""
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.decimal_comma else text

    def percent(self, share: float) -> str:
        """A share as the reader writes it: 0.868 -> « 87 % » in French, "87%" in English."""
        return f"{share * 100:.0f}{' %' if self.decimal_comma else '%'}"

    def confirmed(self, outlets: int) -> str:
        """« confirmé par 2 médias indépendants », "confirmed by 1 independent outlet"."""
        return self.confirmed_by[outlets != 1].format(n=outlets)

    def quote(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"


FRENCH = Words(
    title="Rapport de divergences : {corpus}",
    summary="{articles} articles, {claims} affirmations comparées avec l'encodeur {model} (schéma {schema}).",
    thresholds={
        "cautious": "Seuils prudents (--thresholds cautious) : moins de contradictions signalées, plus souvent justes.",
        "wide": "Seuils larges (--thresholds wide) : plus de contradictions signalées, moins souvent justes : "
        "lisez les preuves de chacune.",
    },
    verdicts={
        "contradiction": "Contradiction",
        "attribution_conflict": "Conflit d'attribution",
        "agreement": "Accord",
    },
    kinds={
        "date": "date",
        "place": "lieu",
        "number": "chiffre",
        "order": "ordre des faits",
        "polarity": "affirmé ou nié",
        "role": "qui a fait quoi",
        "other": "autre",
        "speaker": "auteur des propos",
        "source": "agence",
    },
    slots={
        "date": "date",
        "time": "heure",
        "place": "lieu",
        "number": "chiffre",
        "order": "ordre",
        "polarity": "affirmé ou nié",
        "role": "qui a fait quoi",
        "speaker": "auteur des propos",
        "source": "agence",
    },
    relations={"conflict": "différent", "equal": "identique", "compatible": "compatible", "unknown": "inconnu"},
    counts_header=("verdict", "divergences", "paires d'affirmations"),
    html_counts_header=("verdict", "divergences", "constats"),
    not_read="Fichiers non lus",
    conflicts="Divergences",
    no_conflict="Aucune contradiction ni aucun conflit d'attribution.",
    states="valeur",
    speaker="auteur des propos",
    source="agence",
    compared_header=("comparé", "premier article", "second article", "rapport"),
    finding_id="constat `{id}`",
    finding_id_confidence="constat `{id}`, confiance {confidence}",
    same_discrepancy="La même divergence avec d'autres articles :",
    timeline="Chronologie",
    timeline_note=(
        "Les événements datés, tels que les sources les rapportent ; un même événement à deux dates mérite "
        "d'être vérifié."
    ),
    timeline_header=("date", "événement", "lieu", "sources"),
    events="Événements",
    events_note=(
        "Les événements que rapportent plusieurs sources, avec les dates et les lieux qu'elles donnent "
        "(un désaccord apparaît comme deux valeurs)."
    ),
    events_header=("événement", "dates", "lieux", "sources", "constats"),
    agreements="Accords",
    no_agreement="Aucun accord entre les sources.",
    agreements_header=("confiance", "ce qui concorde", "articles", "confirmation"),
    confirmed_by=("confirmé par {n} média indépendant", "confirmé par {n} médias indépendants"),
    sides_header=("valeur", "médias indépendants", "articles"),
    same_dispatch="reprise de la même dépêche",
    copies="Reprises d'une même dépêche",
    copies_note=(
        "Ces articles reprennent le texte d'une même dépêche (parfois sous un nouveau premier paragraphe) : "
        "dans les divergences et les accords, chaque groupe compte pour un seul média."
    ),
    copies_header=("agence", "articles", "texte en commun"),
    discrepancy_count=("divergence entre les sources", "divergences entre les sources"),
    shown="affichées",
    discrepancies="Divergences",
    article_header=("article", "valeur", "phrase"),
    finding_ids=("constat", "constats"),
    all="tous",
    filter_verdict="verdict",
    filter_kind="type",
    filter_article="article",
    filter_confidence="confiance au moins",
    confidence="confiance",
    colon=" : ",
    semicolon=" ; ",
    decimal_comma=True,
    quotes=("« ", " »"),
)

ENGLISH = Words(
    title="Discrepancy report: {corpus}",
    summary="{articles} articles, {claims} claims compared with encoder {model} (schema {schema}).",
    thresholds={
        "cautious": "Cautious thresholds (--thresholds cautious): fewer contradictions said, more often right.",
        "wide": "Wide thresholds (--thresholds wide): more contradictions said, less often right: read the evidence "
        "of each.",
    },
    verdicts={
        "contradiction": "Contradiction",
        "attribution_conflict": "Attribution conflict",
        "agreement": "Agreement",
    },
    kinds={
        "date": "date",
        "place": "place",
        "number": "figure",
        "order": "order of events",
        "polarity": "affirmed or denied",
        "role": "who did what",
        "other": "other",
        "speaker": "speaker",
        "source": "agency",
    },
    slots={
        "date": "date",
        "time": "time of day",
        "place": "place",
        "number": "figure",
        "order": "order",
        "polarity": "affirmed or denied",
        "role": "who did what",
        "speaker": "speaker",
        "source": "agency",
    },
    relations={"conflict": "differ", "equal": "same", "compatible": "compatible", "unknown": "unknown"},
    counts_header=("verdict", "discrepancies", "pairs of claims"),
    html_counts_header=("verdict", "discrepancies", "findings"),
    not_read="Files not read",
    conflicts="Conflicts",
    no_conflict="No contradiction or attribution conflict found.",
    states="states",
    speaker="speaker",
    source="source",
    compared_header=("compared", "first", "second", "relation"),
    finding_id="finding id `{id}`",
    finding_id_confidence="finding id `{id}`, confidence {confidence}",
    same_discrepancy="The same discrepancy with other articles:",
    timeline="Timeline",
    timeline_note="Dated events as the sources report them; one event on two dates is worth a look.",
    timeline_header=("date", "event", "where", "sources"),
    events="Events",
    events_note=(
        "Events several sources report, with the dates and places they give (a disagreement shows as two values)."
    ),
    events_header=("event", "dates", "where", "sources", "findings"),
    agreements="Agreements",
    no_agreement="No agreement found between sources.",
    agreements_header=("confidence", "what agrees", "articles", "confirmation"),
    confirmed_by=("confirmed by {n} independent outlet", "confirmed by {n} independent outlets"),
    sides_header=("states", "independent outlets", "articles"),
    same_dispatch="copy of the same dispatch",
    copies="Copies of one dispatch",
    copies_note=(
        "These articles carry the text of one dispatch (sometimes under a new first paragraph): in the "
        "conflicts and agreements, each group counts as one outlet."
    ),
    copies_header=("agency", "articles", "text in common"),
    discrepancy_count=("discrepancy between sources", "discrepancies between sources"),
    shown="shown",
    discrepancies="Discrepancies",
    article_header=("article", "states", "sentence"),
    finding_ids=("finding", "findings"),
    all="all",
    filter_verdict="verdict",
    filter_kind="kind",
    filter_article="article",
    filter_confidence="confidence at least",
    confidence="confidence",
    colon=": ",
    semicolon="; ",
    decimal_comma=False,
    quotes=("“", "”"),
)

WORDS: dict[Language, Words] = {"fr": FRENCH, "en": ENGLISH}
