"""What a figure counts, beyond its unit.

« 14 820 cas confirmés depuis janvier » and « environ 21 300 cas cliniquement évocateurs » both count
cases, but not the same cases; « 1 960 cas … la semaine dernière » counts one week, « 15 000 cas depuis
janvier » the whole epidemic. The words that qualify the unit (its adjectives, participles and
complements, the verb it is the subject of) and the period the sentence gives the count are kept with
the figure, so that two figures are compared only when nothing says they count different things.
"""

from __future__ import annotations

import re

from checker.extract.lexicon import TIME_WORDS
from checker.models import Period, Quantity, period_tag
from checker.text import fold

_PERIODS: tuple[tuple[Period, re.Pattern[str]], ...] = (
    ("since", re.compile(r"\b(depuis|since|au total|en tout|in total|cumul\w*|so far)\b", re.I)),
    ("week", re.compile(r"\b(semaine|hebdomadaire|week|weekly)\b", re.I)),
    ("day", re.compile(r"\b(par jour|quotidien\w*|per day|a day|daily|en 24 heures|in 24 hours)\b", re.I)),
)
_QUALIFYING_DEPS = {"amod", "acl", "acl:relcl", "nmod", "compound"}
_SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass"}
_SKIP = {"être", "avoir", "be", "have", "faire", "do", "dont", "environ", "plus", "moins"}


def _stem(word: str) -> str:
    return fold(word)[:6]


def qualifiers(doc, start: int, end: int) -> tuple[str, ...]:
    """Stems of the words that qualify the figure at character offsets [start, end) of ``doc`` (the
    sentence)."""
    tokens = [t for t in doc if t.idx >= start and t.idx < end]
    if not tokens:
        return ()
    nouns = [t for t in tokens if t.pos_ in {"NOUN", "PROPN"}]
    unit = nouns[-1] if nouns else tokens[-1].head
    out: list[str] = []
    inside = {t.i for t in tokens}
    for child in unit.children:
        if child.dep_ in _QUALIFYING_DEPS and child.pos_ in {"NOUN", "ADJ", "VERB", "PROPN"} and child.i not in inside:
            lemma = child.lemma_.casefold()
            if lemma not in TIME_WORDS and lemma not in _SKIP and len(lemma) > 2:
                out.append(_stem(lemma))
    if unit.dep_ in _SUBJECT_DEPS and unit.head.pos_ == "VERB" and unit.head.lemma_.casefold() not in _SKIP:
        out.append(_stem(unit.head.lemma_))
    return tuple(dict.fromkeys(out))


def periods(text: str, start: int, end: int) -> tuple[Period, ...]:
    """The periods that the clause around the figure at [start, end) of ``text`` (the sentence) counts over."""
    left = max(text.rfind(p, 0, start) for p in ",;:(")
    rights = [i for i in (text.find(p, end) for p in ",;:)") if i >= 0]
    clause = text[left + 1 : min(rights) if rights else len(text)]
    return tuple(name for name, rx in _PERIODS if rx.search(clause))


# between a name and the age set beside it: « Jordi Puigvert, 47 ans », « Rémi Castanier (54 ans) »,
# « Anne Roux, âgée de 61 ans », "John Hale, aged 47"
_AGE_GAP = re.compile(r"\s*[,(]\s*(?:âgée?s?\s+de\s+|aged\s+)?", re.I)
_PERSON_LABELS = {"PER", "PERSON"}


def age_of(doc, start: int, unit_id: str | None) -> str | None:
    """The person a figure of years at character ``start`` of ``doc`` (the sentence) is the age of, when the
    sentence sets it beside a name (``age:`` and the name's last word, folded); None otherwise. Two people's
    ages are two counts (« Rémi Castanier, 54 ans » and « Jordi Puigvert, 47 ans »), never a contradiction."""
    if unit_id != "year":
        return None
    for ent in doc.ents:
        if ent.label_ in _PERSON_LABELS and ent.end_char <= start:
            gap = _AGE_GAP.fullmatch(doc.text, ent.end_char, start)
            if gap is not None and ent.text.split():
                return "age:" + fold(ent.text.split()[-1])
    return None


def counted(doc, q: Quantity, offset: int) -> Quantity:
    """The figure with what it counts (``counts``, then its periods as tags for earlier readers) and over which
    periods; ``offset`` is where the sentence ``doc`` starts in the article."""
    found = periods(doc.text, q.start - offset, q.end - offset)
    words = qualifiers(doc, q.start - offset, q.end - offset)
    holder = age_of(doc, q.start - offset, q.unit_id)
    words = (holder, *words) if holder else words
    return q.model_copy(update={"counts": words + tuple(period_tag(p) for p in found), "periods": found})
