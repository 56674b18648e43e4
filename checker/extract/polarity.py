"""Polarity, predicate frames and modality.

A frame is a predicate with its polarity and actors: « Les États-Unis et le Royaume-Uni n'ont pas
signé le texte » -> signer, negated, (US, GB). "declined to sign" -> signer, negated: a refusal
verb denies its complement. « ne … que » is restriction, not negation.
"""

from __future__ import annotations

import re

from checker.extract.lexicon import ANTONYMS, HEDGES, PREDICATE_CANON, REFUSAL
from checker.extract.places import country_named
from checker.extract.roles import as_one_verb, light_verb, name_spans, relative_antecedent, verb_roles
from checker.models import Frame
from checker.text import NE_COMPLEMENTS, NEGATION_ADVERBS, NEGATION_PHRASES

_RESTRICTIVE = re.compile(r"\bn(e\s|'|’)\S+(\s+\S+){0,3}\s+que\b", re.IGNORECASE)
# « n'a pas », « ne viendra jamais », « n'a rien dit »: « ne », a verb, the word that completes it
_NE_VERB_NEGATION = re.compile(r"\bn(e\s|'|’)\S+\s+(" + "|".join(sorted(NE_COMPLEMENTS)) + r")\b", re.IGNORECASE)
_NEGATING = NEGATION_ADVERBS["fr"] | NEGATION_ADVERBS["en"]
_EN_NEGATION = re.compile(
    r"\b(" + "|".join(sorted(NEGATION_ADVERBS["en"] | set(NEGATION_PHRASES["en"]))) + r")\b", re.IGNORECASE
)


def canonical_predicate(lemma: str) -> str:
    """« signer » and "sign" -> "signer": predicates comparable across languages."""
    lemma = lemma.casefold()
    return PREDICATE_CANON.get(lemma, lemma)


def _negated(verb) -> bool:
    words = {c.text.casefold() for c in verb.children if c.dep_ in {"advmod", "neg", "advmod:neg", "det", "obj"}}
    words |= {c.lemma_.casefold() for c in verb.children if c.dep_ in {"advmod", "neg"}}
    if words & _NEGATING:
        return True
    return bool({"ne", "n'", "n’"} & words) and not _RESTRICTIVE.search(verb.doc.text)


def _actors(verb, resolve) -> tuple[str, ...]:
    """Subjects of a verb (and their conjuncts), or the agent of a passive, as canonical ids."""
    heads = [c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass", "obl:agent", "agent", "nsubjpass"}]
    if not heads and verb.dep_ in {"xcomp", "acl"}:
        heads = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    out: list[str] = []
    for head in heads:
        for tok in [head, *head.conjuncts]:
            span = " ".join(
                t.text
                for t in tok.subtree
                if t.dep_ not in {"det", "punct", "cc", "case"}
                and (t.i == tok.i or t.head.i == tok.i or t.dep_ in {"flat:name", "compound", "fixed"})
            )
            actor = resolve(span) or resolve(tok.text)
            if actor and actor not in out:
                out.append(actor)
    return tuple(out)


def _left_actors(verb, resolve) -> tuple[str, ...]:
    """Fallback when the parse gives no subject (« Royaume-Uni » is often split into three tokens):
    the participants named between the clause start and the verb."""
    doc = verb.doc
    start = 0
    for tok in doc[: verb.i]:
        if tok.text in {",", ";", ":", "«", "»"} or (tok.pos_ == "VERB" and tok.i < verb.i - 1):
            start = tok.i + 1
    left = doc[start : verb.i].text
    found = []
    for piece in re.split(r"\s+(?:et|and|,)\s+", left):
        actor = resolve(piece)
        if actor and actor not in found:
            found.append(actor)
    return tuple(found)


def _head_nouns(verb) -> tuple[str, ...]:
    """Last resort for actors: the lemma of the subject's head noun (« le gouvernement » -> gouvernement)."""
    heads = [c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"}]
    return tuple(h.lemma_.casefold() for h in heads)


def predicate_frames(doc, resolve=country_named, locations: frozenset[str] = frozenset()) -> list[Frame]:
    """One frame per content verb of the sentence, with negation and refusal applied, and who did what
    to whom (roles; ``locations`` are place keys that say where, not to whom)."""
    frames = []
    names = name_spans(doc)
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.casefold()
        negated = _negated(tok)
        if tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.casefold() in REFUSAL:
            # a refused action is a denied one; « n'a pas refusé de signer » is not
            negated = not _negated(tok.head)
        actors = _actors(tok, resolve) or (_actors(tok.head, resolve) if tok.dep_ == "xcomp" else ())
        actors += tuple(x for x in _left_actors(tok, resolve) if x not in actors)
        predicate = canonical_predicate(lemma)
        if lemma in ANTONYMS:
            predicate, flips = ANTONYMS[lemma]
            negated = negated != flips
        roles = verb_roles(doc, tok, resolve, names, locations)
        light = light_verb(tok)
        if light is not None:  # « donner l'alerte au ministère » is « alerter le ministère »
            predicate, dissolved = light
            roles = as_one_verb(roles, dissolved)
        frames.append(
            Frame(
                predicate=predicate,
                negated=negated,
                actors=actors or _head_nouns(tok),
                roles=roles,
                sole=_cleft(tok),
            )
        )
    return frames


# « C'est X qui », « Ce sont les Américains qui », « C'est finalement X qui », "It was X who"
_CLEFT_BEFORE = re.compile(
    r"(?:\bc['’]\s*(?:est|était)|\bce\s+(?:sont|étaient)|\bit\s+(?:was|is))(?:\s+\w+ment|\s+\w+ly)?\s*$",
    re.IGNORECASE,
)


def _cleft(verb) -> bool:
    """Whether the verb's subject is the focus of a cleft (« C'est Paul Martin qui a alerté les secours »): the
    sentence says that one and no other did it."""
    relative = relative_antecedent(verb)
    if relative is None or relative[1] != "agent":
        return False
    antecedent = relative[0]
    if antecedent.dep_ in {"appos", "flat:name", "flat"}:  # « C'est le gardien, Paul Martin, qui »
        antecedent = antecedent.head
    doc, start = verb.doc, antecedent.i
    # back over the antecedent's own words (« le », « finalement le »), not over « c'est » that the parse hangs on it
    while start > 0 and doc[start - 1].head.i == antecedent.i and doc[start - 1].dep_ not in _CLEFT_WORDS:
        start -= 1
    return bool(_CLEFT_BEFORE.search(doc.text[: doc[start].idx]))


_CLEFT_WORDS = frozenset({"cop", "expl:subj", "expl", "nsubj", "punct", "advmod"})


def sentence_polarity(doc, frames: list[Frame]) -> str:
    """negative when a verb of the sentence is negated or refused (« ne s'attendait pas »)."""
    if any(f.negated for f in frames):
        return "negative"
    if any(t.lemma_.casefold() in REFUSAL and t.pos_ == "VERB" for t in doc):
        return "negative"
    text = doc.text
    if _NE_VERB_NEGATION.search(text) and not _RESTRICTIVE.search(text):
        return "negative"
    if _EN_NEGATION.search(text):
        return "negative"
    return "positive"


def modality(text: str, language: str, has_speaker: bool) -> str:
    """denied, hedged, reported or asserted."""
    low = text.casefold()
    if re.search(r"\b(a|ont) (nié|démenti)|\bdenied\b|\bdénoncé comme faux", low):
        return "denied"
    if any(h in low for h in HEDGES.get(language, ())):
        return "hedged"
    return "reported" if has_speaker else "asserted"
