"""The extraction engine: each asserting sentence of an article -> one Claim with its slots.

Sentences go through spaCy; each slot comes from its module (``attribution``, ``dates``, ``numbers``
+ ``counted``, ``places``, ``polarity``, ``events``) and is put together here, with the sentence-level
rules that need several of them (datelines, « depuis » dates, referential numbers, the role of a place).
``extract_claims(articles)`` is a function over a batch, with no state beyond the loaded spaCy
pipelines, so a distributed engine can map it over partitions. ``EXTRACTOR_VERSION`` digests this
package's code and data.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from checker.extract.attribution import ArticleMemory, attribute
from checker.extract.counted import counted
from checker.extract.dates import find_dates
from checker.extract.events import (
    background,
    core_lemmas,
    count_stage,
    event_markers,
    event_type,
    event_types,
    is_anchor_name,
    is_event_location,
    is_host,
    order_facts,
    participants,
    tense_of,
)
from checker.extract.lexicon import REPORTING, TIME_WORDS
from checker.extract.nlp import load_nlp
from checker.extract.numbers import find_numbers
from checker.extract.places import country_named, find_places
from checker.extract.polarity import canonical_predicate, modality, predicate_frames, sentence_polarity
from checker.extract.registry import load_registry
from checker.extract.sentences import split_sentences
from checker.extract.times import find_times
from checker.models import Article, Claim, Frame, PlaceMention
from checker.progress import Progress
from checker.text import FUNCTION_WORDS, QUOTED


def _source_digest() -> str:
    """A digest of the extraction code and data: any change to them re-extracts stored claims."""
    root = Path(__file__).parent
    digest = hashlib.sha1()
    digest.update((root.parent / "models.py").read_bytes())  # the Claim shape is part of the output
    digest.update((root.parent / "text.py").read_bytes())  # the accent fold names and words go through
    digest.update((root.parent / "data" / "words.json").read_bytes())  # the word lists text.py reads
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# Named rules version + digest of the code, so an index never serves claims of older rules.
EXTRACTOR_VERSION = f"fr-rules.v1+{_source_digest()}"


def _quote_of(text: str) -> str | None:
    """The quoted words of a sentence, when they form a statement (scare quotes of 1-2 words are not)."""
    parts = [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]
    parts = [p for p in parts if len(p.split()) >= 3]
    return " … ".join(parts) if parts else None


def _is_assertion(doc) -> bool:
    """A sentence asserts something when it has a verb and some length, and is not a question."""
    words = [t for t in doc if t.is_alpha]
    if len(words) < 4 or doc.text.rstrip().endswith("?"):
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in doc) or bool(
        re.search(r"\b(est|sont|a|ont|is|are|was|were)\b", doc.text)
    )


def _keywords(doc, language: str) -> list[str]:
    """Content lemmas (nouns, names, verbs, adjectives), without stop words and reporting verbs."""
    stop = FUNCTION_WORDS.get(language, frozenset())
    out: list[str] = []
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN", "VERB", "ADJ"} or not tok.is_alpha:
            continue
        lemma = canonical_predicate(tok.lemma_.casefold())
        if (
            lemma in stop
            or lemma in REPORTING.get(language, ())
            or len(lemma) < 3
            or lemma in out
            or lemma in TIME_WORDS
            or load_registry().agency(lemma)
        ):
            continue
        out.append(lemma)
    return out


def _proposition(doc, language: str) -> tuple[str | None, str | None, str | None]:
    """(subject, predicate, object) of the main content verb; through reporting verbs to what is reported."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None, None, None
    verb = root
    for child in root.children:
        if child.dep_ in {"ccomp", "parataxis"} and child.pos_ in {"VERB", "AUX", "ADJ"}:
            verb = child
            break

    def phrase(tok):
        return " ".join(t.text for t in tok.subtree)[:120] if tok is not None else None

    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}), None)
    obj = next((c for c in verb.children if c.dep_ in {"obj", "dobj", "obl:arg", "attr", "xcomp"}), None)
    return phrase(subj), canonical_predicate(verb.lemma_), phrase(obj)


def _resolve_actor(places: list[PlaceMention], people: list[tuple[int, int, str]], sentence: str):
    def resolve(text: str) -> str | None:
        for start, end, pid in people:
            if sentence[start:end] and sentence[start:end] in text:
                return pid
        for place in places:
            if place.text in text and place.country:
                return place.country if place.kind == "country" else place.name
        return country_named(text)

    return resolve


_REFERENTIAL = re.compile(r"\b(les|des|aux|ces|ses|nos|vos|leurs|the|both|these|those|its|their)\s*$", re.IGNORECASE)


def _referential(text: str, q) -> bool:
    """« les dirigeants des deux pays », « le plus combatif des trois syndicats », "the two countries": a
    reference to known things, not a figure."""
    return q.value <= 3 and not q.approximate and bool(_REFERENTIAL.search(text[max(0, q.start - 12) : q.start]))


_DEATH_VERBS = re.compile(
    r"^\W*(\w+\s+){0,3}(ont péri|ont perdu la vie|sont mort|sont décédé|ont été tué|tuée?s|"
    r"mort(e|s|es)?\b|décédée?s|died|were killed|killed|dead)",
    re.IGNORECASE,
)
_MAGNITUDE_BEFORE = re.compile(r"\b(magnitude|magnitud)\s*(de\s*)?$", re.IGNORECASE)


def _unit_in_context(text: str, q):
    """Units the words around a number decide: « 712 personnes ont péri » counts deaths;
    « séisme de magnitude 6,4 » / "magnitude 6.4 earthquake" is a magnitude."""
    if _MAGNITUDE_BEFORE.search(text[max(0, q.start - 16) : q.start]):
        return q.model_copy(update={"unit": "magnitude", "unit_id": "magnitude"})
    if q.unit_id == "person" and (
        _DEATH_VERBS.search(text[q.end : q.end + 40]) or _KILLED_BEFORE.search(text[max(0, q.start - 30) : q.start])
    ):
        return q.model_copy(update={"unit_id": "death"})
    return q


_SINCE = re.compile(r"\b(depuis|since|à partir d[eu']|from)\s*(le|la|l'|the|début|early)?\s*$", re.I)
_KILLED_BEFORE = re.compile(
    r"\b(killed|kill|tué|tuant|coûté la vie à|claimed the lives of)\s+"
    r"(at least|au moins|some|about|environ|près de|nearly|more than|plus de)?\s*$",
    re.I,
)
_DATELINE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .'’-]+,\s*$")


def _is_dateline(sentence: str, offset: int, mention) -> bool:
    """« RABAT, March 11 (Reuters) - »: the dispatch's date, not the date of what it reports."""
    before = sentence[: mention.start - offset]
    after = sentence[mention.end - offset : mention.end - offset + 20]
    return bool(_DATELINE.match(before)) and bool(re.match(r"\s*(\([^)]*\))?\s*[-–—]", after))


_AT_VENUE = re.compile(r"\b(au|à la|à l'|à l’|dans le|dans la|at the|at)\s*$", re.I)


def _place_role(sentence: str, offset: int, place: PlaceMention) -> PlaceMention:
    """Refine the gazetteer's role with the event: « sommet de Séoul » names an event; « la guerre en
    Ukraine » is not where the reported event happened."""
    if is_anchor_name(sentence, offset, place):
        return place.model_copy(update={"role": "name"})
    located = is_event_location(sentence, offset, place)
    if located and place.kind == "venue" and _AT_VENUE.search(sentence[: place.start - offset]):
        return place.model_copy(update={"role": "location"})  # « au stade Vélodrome »
    if place.role == "location" and not located:
        return place.model_copy(update={"role": "other"})
    if (
        place.role == "other"
        and located
        and place.kind in {"city", "venue"}
        and re.match(r"\s*\w+", sentence[place.end - offset :])
        and is_host(sentence, offset, place)
    ):
        return place.model_copy(update={"role": "location"})
    return place


def _language(article: Article) -> str:
    return article.language if article.language in {"fr", "en"} else "fr"


def extract_article(article: Article, nlp=None) -> list[Claim]:
    """Claims of one article, in text order."""
    language = _language(article)
    nlp = nlp or load_nlp(language)
    spans = split_sentences(article.text, article.boilerplate)
    docs = nlp.pipe([article.text[s.start : s.end] for s in spans], batch_size=64)
    return _claims_from_docs(article, spans, docs)


def _claims_from_docs(article: Article, spans, docs) -> list[Claim]:
    language = _language(article)
    memory = ArticleMemory(language=language)
    claims: list[Claim] = []
    for span, doc in zip(spans, docs):
        attribution = attribute(doc, memory)
        if not _is_assertion(doc):
            continue
        text = doc.text
        dates = [
            d
            for d in find_dates(text, span.start, language, article.published, article.published_weekday)
            if not _is_dateline(text, span.start, d)
        ]
        dates = [
            d.model_copy(update={"since": True}) if _SINCE.search(text[: d.start - span.start]) else d for d in dates
        ]
        times = find_times(text, span.start, language)
        numbers = [
            _unit_in_context(article.text, q)
            for q in find_numbers(text, span.start, language, exclude=[(d.start, d.end) for d in dates])
            if not _referential(article.text, q) and not any(q.start < t.end and t.start < q.end for t in times)
        ]
        numbers = [counted(doc, q, span.start) for q in numbers]
        places = [_place_role(text, span.start, p) for p in find_places(text, span.start, language)]
        towns = frozenset(p.name for p in places if p.kind in {"city", "venue", "region"})
        frames: list[Frame] = predicate_frames(doc, _resolve_actor(places, attribution.mentions, text), towns)
        subject, predicate, obj = _proposition(doc, language)
        speaker = attribution.speaker
        source: str | None = article.agency
        source_key: str | None = None
        scope: Literal["sentence", "article"] | None = "article" if article.agency else None
        source_kind: Literal["agency", "body"] | None = "agency" if article.agency else None
        if attribution.source:
            source, scope, source_kind = attribution.source, "sentence", "agency"
        elif attribution.body:
            source, scope, source_kind = attribution.body[0], "sentence", "body"
            source_key = attribution.body[1].text()
        lemmas = [t.lemma_.casefold() for t in doc]
        keywords = _keywords(doc, language)
        core = core_lemmas(doc)
        claims.append(
            Claim(
                id=Claim.make_id(article.id, span.start, text),
                article=article.id,
                text=text,
                start=span.start,
                end=span.end,
                language=language,
                published=article.published,
                subject=subject,
                predicate=predicate,
                object=obj,
                speaker=speaker.name if speaker else None,
                speaker_id=speaker.id if speaker else None,
                speaker_title=speaker.title if speaker else None,
                source=source,
                source_scope=scope,
                source_kind=source_kind,
                source_key=source_key,
                quote=_quote_of(text),
                dates=[d.value for d in dates if d.value],
                date_mentions=dates,
                places=[p.name for p in places],
                place_mentions=places,
                numbers=numbers,
                times=times,
                entities=attribution.people,
                polarity=sentence_polarity(doc, frames),
                modality=modality(text, language, speaker is not None),
                frames=frames,
                keywords=keywords,
                participants=participants(text, places),
                tense=tense_of(doc),
                event_type=event_type(core),
                event_types=event_types(core),
                event_markers=event_markers([t.text for t in doc], lemmas)
                + ([b] if (b := background(doc, dates)) else [])
                + count_stage(text),
                order_facts=order_facts(
                    text,
                    span.start,
                    places,
                    dates,
                    [(span.start + a, span.start + b, pid) for a, b, pid in attribution.mentions],
                ),
            )
        )
    return claims


def extract_claims(articles: Sequence[Article], progress: Progress | None = None) -> list[Claim]:
    """Claims of every article, in corpus order. Raises ModelError when spaCy's French model is missing.

    Sentences of all articles go through spaCy in large batches (much faster than article by article
    for many short texts, e.g. sentence pairs)."""
    return [c for claims in extract_batch(articles, progress) for c in claims]


def extract_batch(articles: Sequence[Article], progress: Progress | None = None) -> list[list[Claim]]:
    """Claims of each article (one list per article, in order), parsed in large spaCy batches."""
    out: list[list[Claim]] = [[] for _ in articles]
    for language in dict.fromkeys(_language(a) for a in articles):
        chosen = [i for i, a in enumerate(articles) if _language(a) == language]
        spans = {i: split_sentences(articles[i].text, articles[i].boilerplate) for i in chosen}
        texts = [articles[i].text[s.start : s.end] for i in chosen for s in spans[i]]
        docs = iter(load_nlp(language).pipe(texts, batch_size=256))
        for n, i in enumerate(chosen, 1):
            out[i] = _claims_from_docs(articles[i], spans[i], [next(docs) for _ in spans[i]])
            if progress:
                progress(n, len(chosen))
    return out


__all__ = ["EXTRACTOR_VERSION", "extract_article", "extract_batch", "extract_claims"]
