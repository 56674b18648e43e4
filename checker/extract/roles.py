"""Who did what to whom: the semantic roles of a verb's named participants.

« Le RC Lens a racheté le FC Sochaux » -> racheter: agent ~lens, patient ~sochaux. « Le FC Sochaux a
été racheté par le RC Lens » gives the same roles (the passive subject is the patient, « par » the
agent), so the two agree, while « Sochaux a racheté Lens » swaps them. The roles are read from the
dependency parse, climbing from each name to the verb; the preposition met on the way decides where
the parse attaches a complement to the wrong word (« livré des avions à l'Inde » -> recipient IN).

A role filler is an entity key: a registry id (person), an ISO country code, a gazetteer place, or
``~`` + the folded capitalised words of a name (« les Celliers de Bourg » -> ``~celliers bourg``). The
direct object that names no entity is kept as a thing (``:étape``), so « X a remporté l'étape » and
« Y a remporté l'étape » can be seen to disagree on who won.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.extract.lexicon import CASE_ROLES, LIGHT_VERBS, NOT_IN_NAMES
from checker.models import RoleFiller, RoleName
from checker.text import fold as _fold

Resolve = Callable[[str], "str | None"]

_GENITIVE = {"de", "du", "des", "d'", "d’", "of"}
_DEP_ROLES: dict[str, RoleName] = {
    "nsubj": "agent",
    "obl:agent": "agent",
    "agent": "agent",
    "obj": "patient",
    "dobj": "patient",
    "nsubj:pass": "patient",
    "nsubjpass": "patient",
    "iobj": "recipient",
    "dative": "recipient",
    "obl:arg": "recipient",
}
_CLIMB = {"nmod", "flat:name", "flat", "compound", "appos", "conj", "amod", "nummod", "pobj", "prep", "fixed", "poss"}
_CONNECTORS = {"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "of", "the", "&", "-"}


def _is_name_token(tok) -> bool:
    if not tok.text[:1].isupper() or not any(ch.isalpha() for ch in tok.text):
        return False
    if tok.pos_ in {"DET", "ADP", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "PUNCT"}:
        return False
    if tok.i == 0 or tok.doc[tok.i - 1].text in {"«", '"', "(", "-", "–", "—"}:
        return tok.pos_ == "PROPN"  # a capital that starts the sentence says nothing
    return tok.pos_ in {"PROPN", "NOUN", "X", "ADJ"}


def name_spans(doc) -> list[tuple[int, int]]:
    """Token spans of capitalised names, joined through « de », « des », "of": « Celliers de Bourg »."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        if not _is_name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            if _is_name_token(doc[j]):
                j += 1
            elif doc[j].text.casefold() in _CONNECTORS and j + 1 < len(doc) and _is_name_token(doc[j + 1]):
                j += 2
            else:
                break
        spans.append((i, j))
        i = j
    return spans


def _name_key(doc, start: int, end: int, resolve: Resolve) -> str | None:
    text = doc[start:end].text
    resolved = resolve(text)
    if resolved:
        return resolved
    words = [_fold(t.text) for t in doc[start:end] if _is_name_token(t) and _fold(t.text) not in NOT_IN_NAMES]
    return RoleFiller.name_key(words) if words else None


def _case(tok) -> str | None:
    for child in tok.children:
        if child.dep_ in {"case", "mark"}:
            return _fold(child.text)
    if tok.dep_ == "pobj":
        return _fold(tok.head.text)
    return None


def _role_towards(tok, verb) -> str | None:
    """The role of the phrase headed by ``tok`` in ``verb``'s clause, or None when it is not the verb's."""
    passive = any(c.dep_ in {"aux:pass", "auxpass"} for c in verb.children)
    for _ in range(12):
        case = _case(tok)
        if case in CASE_ROLES:
            role = CASE_ROLES[case]
            if role == "agent" and not passive:
                return None  # « par 40 voix », "by Monday"
            return role if _reaches(tok, verb) else None
        if tok.head.i == verb.i and tok.i != verb.i:
            return _DEP_ROLES.get(tok.dep_)
        if tok.dep_ not in _CLIMB or tok.head.i == tok.i:
            return None
        if tok.dep_ == "nmod" and case not in _GENITIVE | {None}:
            return None  # « la réunion avec X », « le match à Lyon »: not a participant of the verb
        tok = tok.head
    return None


def _reaches(tok, verb) -> bool:
    for _ in range(12):
        if tok.i == verb.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


_RELATIVE_SUBJECTS = {"qui", "who", "that"}
_RELATIVE_CLAUSES = {"acl:relcl", "relcl", "acl", "dep"}  # « C'est X qui a … » is often parsed "dep"


def relative_antecedent(verb) -> tuple[Any, RoleName] | None:
    """The word a relative clause's « qui » / "who" stands for, and its role in the clause's verb: « le gardien,
    qui a donné l'alerte » -> (gardien, agent); « Sochaux, qui a été racheté » -> (Sochaux, patient)."""
    if verb.dep_ not in _RELATIVE_CLAUSES or verb.head.i == verb.i or verb.head.i > verb.i:
        return None
    for child in verb.children:
        if child.text.casefold() in _RELATIVE_SUBJECTS:
            if child.dep_ in {"nsubj:pass", "nsubjpass"}:
                return verb.head, "patient"
            if child.dep_ == "nsubj":
                return verb.head, "agent"
    return None


def _stands_for(head, antecedent) -> bool:
    """Whether a name headed by ``head`` is the antecedent, or set beside it (« le gardien, Paul Martin, qui »)."""
    return (
        head.i == antecedent.i
        or (head.head.i == antecedent.i and head.dep_ in {"appos", "flat:name", "flat", "compound"})
        or (antecedent.head.i == head.i and antecedent.dep_ in {"appos", "flat:name", "flat", "compound"})
    )


def verb_roles(
    doc, verb, resolve: Resolve, names: list[tuple[int, int]] | None = None, locations: frozenset[str] = frozenset()
) -> tuple[tuple[str, str], ...]:
    """(role, entity key) pairs for the named participants of ``verb``; the direct object (or the passive subject)
    as a thing (``:lemma``) when it names no entity. ``locations`` are keys of towns and venues: « à Briançon »
    says where, not to whom. The name a relative « qui » stands for is the agent of its clause's verb (the patient
    of a passive one): « C'est Paul Martin qui a alerté les pompiers »."""
    names = name_spans(doc) if names is None else names
    relative = relative_antecedent(verb)
    out: list[tuple[str, str]] = []
    for start, end in names:
        span = doc[start:end]
        head = span.root
        if head.i == verb.i:
            continue
        role = _role_towards(head, verb)
        if role is None and relative is not None and _stands_for(head, relative[0]):
            role = relative[1]
        key = _name_key(doc, start, end, resolve) if role else None
        if role == "recipient" and key in locations:
            continue
        if role and key and (role, key) not in out:
            out.append((role, key))
    if not any(r == "patient" for r, _ in out):
        for child in verb.children:
            if child.dep_ in {"obj", "dobj", "nsubj:pass", "nsubjpass"} and child.pos_ == "NOUN":
                out.append(("patient", RoleFiller.thing_key(_fold(child.lemma_))))
                break
    if not any(r == "agent" for r, _ in out):
        thing = _thing_agent(verb, relative)
        if thing is not None:
            out.append(("agent", RoleFiller.thing_key(_fold(thing.lemma_))))
    return tuple(out)


def _thing_agent(verb, relative):
    """The noun that does the act when it names no entity: the subject (« le chauffeur a alerté »), the « par »
    of a passive (« donnée par son épouse »), the antecedent of « qui » (« C'est le chasseur qui a … »)."""
    if relative is not None:
        return relative[0] if relative[1] == "agent" and relative[0].pos_ == "NOUN" else None
    passive = any(c.dep_ in {"aux:pass", "auxpass"} for c in verb.children)
    for child in verb.children:
        if child.pos_ != "NOUN":
            continue
        if (child.dep_ == "nsubj" and not passive) or child.dep_ in {"obl:agent", "agent"}:
            return child
    return None


def light_verb(verb) -> tuple[str, str | None] | None:
    """The one verb a light verb and its object make (« donner l'alerte » -> alerter), and the thing key of the
    object when it dissolves into that verb (None when it stays the thing acted on: « déposer plainte »)."""
    for child in verb.children:
        if child.dep_ in {"obj", "dobj", "nsubj:pass", "nsubjpass"}:
            found = LIGHT_VERBS.get(f"{verb.lemma_.casefold()} {child.lemma_.casefold()}")
            if found:
                predicate, stays = found
                return predicate, None if stays else RoleFiller.thing_key(_fold(child.lemma_))
    return None


def as_one_verb(roles: tuple[tuple[str, str], ...], dissolved: str | None) -> tuple[tuple[str, str], ...]:
    """A light verb's roles as its one verb's: the dissolved object goes, and whom the act was for (« donner
    l'alerte au ministère », « prendre contact avec X ») is the one acted on."""
    if dissolved is None:
        return roles
    return tuple(("patient" if r == "recipient" else r, k) for r, k in roles if (r, k) != ("patient", dissolved))
