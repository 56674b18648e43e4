"""The sentence a report writes about each finding, and the short phrase that names an event.

A finding's ``explanation`` is the JSON's (English, for machines and CI logs, never changed); a report
writes its own sentence from the finding's fields (verdict, kind, the values compared, the confidence,
and the judge's probability where the judge decided alone), in the report's language::

    Même fait, mais pas le même chiffre : l'un dit Soixante et un pays (61), l'autre 58 pays.
    Same fact, but not the same figure: one says Soixante et un pays (61), the other 58 pays.

An event the comparison names by its type and shared words (« statement (tonne, lourd, cargo) ») is
named in a report by the first words of a sentence that reports it.
"""

from __future__ import annotations

import re

from checker.models import Finding, SlotComparison
from checker.report.values import write_value
from checker.report.words import WORDS, Language

# What differs, with its article: « pas le même chiffre », "not the same figure".
_WHAT: dict[Language, dict[str, str]] = {
    "fr": {
        "number": "le même chiffre",
        "date": "la même date",
        "time": "la même heure",
        "place": "le même lieu",
        "role": "les mêmes rôles",
    },
    "en": {
        "number": "the same figure",
        "date": "the same date",
        "time": "the same time of day",
        "place": "the same place",
        "role": "the same roles",
    },
}
_AGREEING = ("number", "date", "time", "place", "polarity", "role")
EVENT_TYPES: dict[Language, dict[str, str]] = {
    "fr": {
        "ceasefire": "cessez-le-feu",
        "call": "appel",
        "summit": "sommet",
        "declaration": "déclaration",
        "signing": "signature",
        "acquisition": "rachat",
        "disaster": "catastrophe",
        "alert": "alerte",
        "match": "match",
        "vote": "vote",
        "meeting": "rencontre",
        "investment": "investissement",
        "announcement": "annonce",
        "sanctions": "sanctions",
        "election": "élection",
        "statement": "propos",
        "event": "événement",
        "series of events": "suite d'événements",
    },
    "en": {},
}
_KEYWORD_LABEL = re.compile(r"[^()]+ \([^()]+\)")  # « vote (délégué, nantes) »: a type and shared words
PHRASE_WORDS = 8


def _que(text: str) -> str:
    return f"qu'{text}" if re.match(r"[aeiouyàâéèêîôû]", text, re.IGNORECASE) else f"que {text}"


def _sides(comparison: SlotComparison, finding: Finding, language: Language) -> tuple[str, str]:
    """The two values, each looked up in the sentence of the claim that states it (left: the first)."""
    first, second = finding.claims
    return (
        write_value(comparison.slot, comparison.left, language, first.text),
        write_value(comparison.slot, comparison.right, language, second.text),
    )


def judge_probability(finding: Finding) -> float:
    """The judge's probability an explanation quotes (« probability 0.82 », « contradiction 0.82 »),
    else the finding's confidence."""
    found = re.search(r"\b(?:probability|contradiction|agreement) (\d+(?:\.\d+)?)", finding.explanation)
    return float(found[1]) if found else finding.confidence


def _judge_alone(finding: Finding, language: Language) -> str:
    p = WORDS[language].number(judge_probability(finding))
    if language == "fr":
        return (
            f"Le juge de paires lit les deux phrases comme le même fait raconté de façon incompatible (probabilité "
            f"{p}) ; aucune valeur extraite ne nomme la différence : lisez les deux phrases."
        )
    return (
        f"The pair judge reads both sentences as the same fact told incompatibly (probability {p}); "
        "no extracted value names the difference: read both sentences."
    )


def _attribution(finding: Finding, comparison: SlotComparison, language: Language) -> str:
    left, right = _sides(comparison, finding, language)
    by_judge = finding.explanation.startswith("The pair judge")
    p = WORDS[language].number(judge_probability(finding))
    if language == "fr":
        whom = "deux personnes" if comparison.slot == "speaker" else "deux agences"
        head = (
            f"Le juge de paires lit la même déclaration dans les deux phrases (probabilité {p}), attribuée"
            if by_judge
            else "Les mêmes propos, attribués"
        )
        return f"{head} à {whom} : {left} dans l'un, {right} dans l'autre."
    whom = "two speakers" if comparison.slot == "speaker" else "two agencies"
    head = (
        f"The pair judge reads the same statement in both sentences (probability {p}), credited"
        if by_judge
        else "The same words, credited"
    )
    return f"{head} to {whom}: {left} in one, {right} in the other."


def _conflict(finding: Finding, comparison: SlotComparison, language: Language) -> str:
    left, right = _sides(comparison, finding, language)
    slot = comparison.slot
    if language == "fr":
        if slot == "order":
            return f"Pas le même ordre des faits : l'un place {left}, l'autre {right}."
        if slot == "polarity":
            return f"Même fait, affirmé par l'un et nié par l'autre : l'un dit {_que(left)}, l'autre {_que(right)}."
        if slot == "role":
            return f"Même fait, mais pas {_WHAT['fr'][slot]} : l'un dit {_que(left)}, l'autre {_que(right)}."
        what = _WHAT["fr"].get(slot, f"la même valeur ({WORDS['fr'].kind(slot)})")
        return f"Même fait, mais pas {what} : l'un dit {left}, l'autre {right}."
    if slot == "order":
        return f"Not the same order of events: one puts {left}, the other {right}."
    if slot == "polarity":
        return f"Same fact, affirmed by one and denied by the other: one says {left}, the other that {right}."
    what = _WHAT["en"].get(slot, f"the same {WORDS['en'].kind(slot)}")
    that = "that " if slot == "role" else ""
    return f"Same fact, but not {what}: one says {left}, the other {that}{right}."


def _agreement(finding: Finding, language: Language, articles: int) -> str:
    words = WORDS[language]
    # « Les deux », "Both"; for an agreement several articles share: « Les 3 articles », "All 3 articles"
    every = ("Les deux", "Both") if articles <= 2 else (f"Les {articles} articles", f"All {articles} articles")
    by_slot = {c.slot: c for c in finding.compared if c.relation in {"equal", "compatible"}}
    if "order" in by_slot:
        placed = _sides(by_slot["order"], finding, language)[0]
        return f"{every[0]} placent {placed}." if language == "fr" else f"{every[1]} put {placed}."
    agreeing = [by_slot[s] for s in _AGREEING if s in by_slot]
    if not agreeing and "speaker" in by_slot:
        who = by_slot["speaker"].left or "—"
        return f"{every[0]} citent {who}." if language == "fr" else f"{every[1]} quote {who}."
    values = []
    for c in agreeing[:3]:
        left, right = _sides(c, finding, language)
        values.append(f"{words.slots.get(c.slot, c.slot)}{words.colon}{left if left == right else f'{left} / {right}'}")
    if articles <= 2:
        head = "Même fait dans les deux articles" if language == "fr" else "Same fact in both articles"
    else:
        head = f"Même fait dans {articles} articles" if language == "fr" else f"Same fact in {articles} articles"
    return f"{head} ({words.semicolon.join(values)})." if values else f"{head}."


def finding_sentence(finding: Finding, language: Language, articles: int = 2) -> str:
    """What an editor reads about a finding, in ``language``, from its fields (see the module's example);
    an agreement says how many ``articles`` state the fact when the report ties more than two together."""
    if finding.verdict == "agreement":
        return _agreement(finding, language, articles)
    comparison = finding.conflict()
    if comparison is None or finding.kind == "other":
        return _judge_alone(finding, language)
    if finding.kind in {"speaker", "source"}:
        return _attribution(finding, comparison, language)
    return _conflict(finding, comparison, language)


def short_phrase(sentence: str, words: int = PHRASE_WORDS) -> str:
    """The first ``words`` words of a sentence, « … » where it is cut: « Soixante et un pays ont signé mardi
    la déclaration finale du sommet » -> « Soixante et un pays ont signé mardi la … »."""
    split = sentence.split()
    if len(split) <= words:
        return " ".join(split)
    return " ".join(split[:words]).rstrip(",;:") + " …"


def event_name(label: str, sentence: str | None, language: Language) -> str:
    """How a report names an event: a label of shared words (« vote (délégué, nantes) ») by the first words
    of a sentence that reports it; a type alone (« summit ») by its name in ``language`` (« sommet »)."""
    if _KEYWORD_LABEL.fullmatch(label):
        if sentence:
            return short_phrase(sentence)
        label = label.split(" (", 1)[0]
    return EVENT_TYPES[language].get(label, label)
