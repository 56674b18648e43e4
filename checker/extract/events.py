"""Event type, event markers, participants and order facts of a sentence.

Order facts come from cues between two event anchors (places and named venues) in one sentence:
« le premier sommet s'était tenu à Séoul, avant celui de Bletchley Park » -> Seoul before
Bletchley Park; « six mois après celui de Bletchley Park » after « Le sommet de Séoul » ->
Bletchley Park before Seoul; « fait suite à celui de Bletchley Park (…), puis à celui de Séoul » ->
Bletchley Park before Seoul. Dated anchors also order themselves (2023-11 before 2024-05).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.extract.lexicon import COUNT_REVISIONS, COUNT_STAGES, EVENT_MARKERS, EVENT_TYPES, ORDER_CUES
from checker.extract.places import countries_named_in
from checker.models import DateMention, OrderFact, PlaceMention
from checker.text import alternation


def event_types(lemmas: list[str]) -> list[str]:
    """Event types named by some lemmas, most specific first (see lexicon.EVENT_TYPES)."""
    lemma_set = {lemma.casefold() for lemma in lemmas}
    return [name for name, words in EVENT_TYPES if lemma_set & words]


def event_type(lemmas: list[str]) -> str | None:
    """The most specific event type named by the lemmas, or None."""
    found = event_types(lemmas)
    return found[0] if found else None


_CORE_HEADS = {"ROOT", "ccomp", "parataxis", "conj"}
_CORE_ARGUMENTS = {
    "nsubj",
    "nsubj:pass",
    "obj",
    "obl",
    "obl:arg",
    "obl:mod",
    "nsubjpass",
    "dobj",
    "pobj",
    "attr",
    "xcomp",
}


def core_lemmas(doc) -> list[str]:
    """Lemmas of what the sentence is about: the main verbs, their subjects and objects, and the nouns
    those govern (« la déclaration finale du sommet »), not every word (« un public en fusion »)."""
    core = []
    for root in (t for t in doc if t.dep_ in _CORE_HEADS and t.pos_ in {"VERB", "NOUN", "ADJ"}):
        core.append(root)
        for child in root.children:
            if child.dep_ in _CORE_ARGUMENTS:
                core.append(child)
                core.extend(g for g in child.children if g.dep_ in {"nmod", "amod", "compound", "prep", "pobj"})
    # a name is not an event: « La Réunion » (the island), « Tour des Alpes » as a name
    return [t.lemma_.casefold() for t in core if not (t.text[:1].isupper() and t.i > 0)]


_EVENT_WORDS = {w for _, words in EVENT_TYPES for w in words} | {"rendez-vous", "événement", "event", "série", "tour"}


def event_markers(words: list[str], lemmas: list[str] | None = None) -> list[str]:
    """Markers such as other, next, first, second, previous, in text order, without repeats.

    A marker counts only when it qualifies an event noun within the next three words: « le prochain
    sommet », « un autre rendez-vous », but not « au prochain Conseil des ministres »."""
    lemmas = lemmas or [w.casefold() for w in words]
    out: list[str] = []
    for i, word in enumerate(words):
        marker = EVENT_MARKERS.get(word.casefold())
        if not marker or marker in out:
            continue
        window = {lem.casefold() for lem in lemmas[i + 1 : i + 4]} | {w.casefold() for w in words[i + 1 : i + 4]}
        if window & _EVENT_WORDS:
            out.append(marker)
    return out


_COUNT_STAGE = re.compile(r"(?<![\w-])(" + alternation(COUNT_STAGES) + r")(?![\w-])")


# a figure set against another: the setting words, then a figure, after one word at most (« contre 1 800 »,
# « au lieu des 310 millions »; not « contre la fermeture de 3 classes »), then within a few more words a word
# of an earlier time (« annoncés mardi »)
_SET_AGAINST = re.compile(
    r"(?<![\w-])(" + alternation(COUNT_REVISIONS.setting) + r")(?![\w-])((?:\W+\w+)??\W*\d[^.;:!?]{0,60})"
)
_EARLIER = re.compile(r"(?<![\w-])(?:" + alternation(COUNT_REVISIONS.earlier) + r")(?![\w-])")


def _sets_against_earlier(low: str) -> bool:
    """Whether a sentence (lower case) sets a figure against an earlier one: « 4 300 appels, contre 1 800 annoncés
    mardi », « 340 millions d'euros, contre 310 millions annoncés », "up from 1,800"; not « 25 voix contre 12 »."""
    for m in _SET_AGAINST.finditer(low):
        if not COUNT_REVISIONS.setting[m.group(1)] or _EARLIER.search(m.group(2)):
            return True
    return False


def count_stage(text: str) -> list[str]:
    """``["updated"]`` or ``["provisional"]`` when the sentence gives its figures as one stage of a count that
    changes (« selon un premier bilan », « le bilan a été revu à la hausse », "the latest toll"; a figure set
    against an earlier one, « contre 1 800 annoncés mardi »), else ``[]``. A sentence that names both
    (« revu à la hausse par rapport au premier bilan ») gives the update."""
    low = text.casefold().replace("’", "'")
    found = {COUNT_STAGES[m.group(1)] for m in _COUNT_STAGE.finditer(low)}
    if _sets_against_earlier(low):
        found.add("updated")
    return ["updated"] if "updated" in found else ["provisional"] if found else []


def participants(text: str, places: list[PlaceMention]) -> list[str]:
    """Countries a sentence is about: the countries it names (by name, demonym, capital or seat of government,
    ``places.countries_named_in``) and those of its country places."""
    found = countries_named_in(text)
    for place in places:
        if place.kind == "country" and place.country and place.country not in found:
            found.append(place.country)
    return found


_ANCHOR_NOUN = re.compile(
    r"\b(sommet|summit|celui|celle|rencontre|réunion|conférence|édition)\s+(de|d'|d’|du|in|of)\s*$", re.I
)


@dataclass(frozen=True)
class EventAnchor:
    """An event anchor in a sentence: a place, or a person whose action is ordered (« X a ouvert le
    score, avant que Y n'égalise »)."""

    name: str
    start: int
    end: int
    within: tuple[str, ...] = ()


def order_facts(
    sentence: str,
    offset: int,
    places: list[PlaceMention],
    dates: list[DateMention],
    people: Sequence[tuple[int, int, str]] = (),
) -> list[OrderFact]:
    """Order facts between the event anchors of one sentence (see the module docstring).

    ``people`` are (start, end, registry id) of persons named, in article offsets."""
    place_anchors = sorted((EventAnchor(p.name, p.start, p.end, p.within) for p in places), key=lambda a: a.start)
    person_anchors = sorted((EventAnchor(pid, start, end) for start, end, pid in people), key=lambda a: a.start)
    # places are ordered with places, people with people: « Paris » (a team) is not one of the scorers
    pairs = list(zip(place_anchors, place_anchors[1:])) + list(zip(person_anchors, person_anchors[1:]))
    anchors = place_anchors
    facts: list[OrderFact] = []
    for left, right in pairs:
        if left.name == right.name or right.name in left.within or left.name in right.within:
            continue
        between = sentence[left.end - offset : right.start - offset]
        for word in re.findall(r"[\wÀ-ÿ]+", between.casefold()):
            if word in ORDER_CUES:
                earlier, later = (left, right) if ORDER_CUES[word] else (right, left)
                facts.append(OrderFact(before=earlier.name, after=later.name, cue=word))
                break
    # « fait suite à A » : A came before the event the sentence is about; dated anchors order too.
    dated = []
    for place in anchors:
        near = [d for d in dates if d.value and d.start >= place.end and d.start - place.end < 40]
        if near and near[0].value and not near[0].value.startswith("--"):
            dated.append((near[0].value, place))
    for (d1, p1), (d2, p2) in zip(dated, dated[1:]):
        if d1 != d2 and p1.name != p2.name:
            earlier, later = (p1, p2) if d1 < d2 else (p2, p1)
            fact = OrderFact(before=earlier.name, after=later.name, cue="dates")
            if not any(f.before == fact.before and f.after == fact.after for f in facts):
                facts.append(fact)
    return facts


def is_anchor_name(sentence: str, offset: int, place: PlaceMention) -> bool:
    """True when a place names an event rather than locating it: « le sommet de Séoul »."""
    return bool(_ANCHOR_NOUN.search(sentence[: place.start - offset]))


_EVENT_CUES = re.compile(
    r"\b(sommet|summit|réunion|rencontre|entretien|pourparlers|consultations?|discussions?|négociations?|"
    r"conférence|visite|rendez-vous|édition|cérémonie|tenu|tenue|tenues|tenus|tiendra|tient|tiennent|tenait|"
    r"déroul\w*|lieu|achev\w*|organis\w*|commenc\w*|réuni\w*|rencontr\w*|signé\w*|adopt\w*|"
    r"held|hold|took place|hosted|met|meeting|talks|ended|signed)\b",
    re.IGNORECASE,
)
_NOT_EVENT_PLACE = re.compile(
    r"\b(conflit|guerre|crise|paix|situation|retour|war|conflict|crisis|peace|return)(\s+\S+){0,3}\s*$", re.IGNORECASE
)
# « l'ambassadeur russe aux États-Unis »: a place that completes an office, not where something happened
_OFFICE_BEFORE = re.compile(
    r"\b(ambassadeur|ambassadrice|ambassade|consul|consulat|envoyé|représentant|délégation|président|ministre|"
    r"correspondant|ambassador|envoy|embassy|basée?s?|installée?s?|implantée?s?|siège|originaires?|née?s?|fondée?s?|créée?s?|"
    r"based|headquartered|born)(\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)
_HOST_AFTER = re.compile(
    r"^\s*(organisera|organise|accueillera|accueille|accueillait|a accueilli|hosts?|will host|hosted)\b", re.I
)


# A locative set at the head of the sentence, before its subject and verb, alone or after one short phrase of time
# (« À Marseille, », « Mercredi dernier, à Aix-en-Provence, », "In Lyon, "): French and English news set the scene so.
_FRONTED_BEFORE = re.compile(r"^\s*(?:[^,;:«»]{1,40},\s*)?(?:à|au|aux|en|dans|in|at)\s*$", re.IGNORECASE)
_AUXILIARY_VERB = re.compile(r"\b(a|ont|est|sont|avait|avaient|était|sera|seront|has|have|was|were)\s+\w+", re.I)


def is_event_location(sentence: str, offset: int, place: PlaceMention) -> bool:
    """True when « à X » / « en X » says where an event happened: an event word in the same clause
    before it, and not the place of a conflict (« la guerre en Ukraine », « le retour … à la Maison Blanche »)."""
    if _HOST_AFTER.match(sentence[place.end - offset :]):
        return True  # « New Delhi organisera la prochaine édition »: the host city
    before = sentence[: place.start - offset]
    # « À Marseille, les éboueurs… », « Mercredi dernier, à Aix, la réunion… »: the scene of the sentence
    if _FRONTED_BEFORE.match(before) and sentence[place.end - offset :].lstrip().startswith(","):
        return True
    clause = re.split(r"[;:«»]|,\s+(?:qui|que|dont|où|mais|tandis)\b", before)[-1]
    head = re.sub(r"\s*(à|au|aux|en|dans|in|at|à la|à l'|à l’)\s*$", "", clause.rstrip(), flags=re.IGNORECASE)
    if _NOT_EVENT_PLACE.search(head) or _OFFICE_BEFORE.search(head):
        return False
    # a verb of the clause before the place: « la digue a cédé à Lunel », « s'est achevé … au Grand Palais »
    return bool(_EVENT_CUES.search(clause) or _AUXILIARY_VERB.search(clause))


def is_host(sentence: str, offset: int, place: PlaceMention) -> bool:
    """« New Delhi organisera … », "Paris hosts …": the place is the subject of hosting."""
    return bool(_HOST_AFTER.match(sentence[place.end - offset :]))


# pluperfect or « déjà »; « un précédent entretien » is not enough (the sentence may be about today's)
_BACKGROUND = re.compile(r"\b(avait|avaient|était|étaient|had)(\s*,[^,]{1,30},)?\s+(déjà\s+)?\w+|\bdéjà\b", re.I)
_WRITTEN_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def background(doc, dates: list[DateMention]) -> str | None:
    """How far back a sentence looks.

    "past": an earlier event recalled with its year, pluperfect or « déjà » (« En septembre 2002, des
    crues similaires avaient fait 23 morts »): never the current event. "earlier": pluperfect alone
    (« Le 18 novembre, les députés avaient rejeté une motion »): an event before the one reported,
    which may still be told again elsewhere in other words, so it can agree but not contradict.
    """
    text = doc.text
    if not _BACKGROUND.search(text):
        return None
    return "past" if any(_WRITTEN_YEAR.search(d.text) for d in dates) else "earlier"


def tense_of(doc) -> str | None:
    """past, present or future of the sentence's main verb (through auxiliaries): « a battu » past,
    « savoure » present, « se tiendra » future. A present-tense sentence dated « ce lundi » speaks of
    the day of writing, not of the event that other articles date."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    verb = root if root.pos_ in {"VERB", "AUX"} else next((c for c in root.children if c.dep_ == "cop"), None)
    if verb is None:
        return None
    auxes = [c for c in root.children if c.dep_.startswith("aux")]
    tenses = set(verb.morph.get("Tense")) | {t for a in auxes for t in a.morph.get("Tense")}
    if "Fut" in tenses:
        return "future"
    if auxes and "Part" in verb.morph.get("VerbForm"):
        return "past"
    if not auxes and verb.lang_ == "fr" and "Fin" in verb.morph.get("VerbForm"):
        # the French model tags some presents as past (« savoure »): trust the ending for simple tenses
        past = re.search(r"(ait|aient|ais|èrent|a|it|ut)$", verb.text) and tenses & {"Past", "Imp"}
        return "past" if past else "present"
    if tenses & {"Past", "Imp"}:
        return "past"
    if "Pres" in tenses:
        return "present"
    return None
