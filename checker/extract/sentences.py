"""Sentence spans for news text, quote-aware.

spaCy's French parser splits « quotes », compound adjectives (« russo-américaines ») and
attribution tails (« », a-t-il souligné ») into separate sentences, which loses the speaker of a
quote. This splitter is deliberately simple: paragraphs (lines) are hard boundaries; inside one,
a sentence ends at . ! ? … followed by a capital letter or an opening quote, never inside a
balanced « … » or “ … ”, and never after a known abbreviation (« M. Peskov »; the list is
``data/sentence-words.json``). A quote that runs over several sentences therefore stays one claim with its
attribution clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from checker.datafile import StrictData, load_data
from checker.models import Article, ReadProblem, Span

_DATA = Path(__file__).parent / "data" / "sentence-words.json"


class _Abbreviations(StrictData):
    why: str = Field(min_length=1, description="why the list exists")
    fr: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)


class _SentenceWords(StrictData):
    """``data/sentence-words.json``, validated when this module is imported: a malformed file is a ModelError
    naming it."""

    about: str
    abbreviations: _Abbreviations


def _load_words() -> _SentenceWords:
    return load_data(_DATA, _SentenceWords, "the sentence splitter's abbreviations")


_WORDS = _load_words()
# « M. Peskov », "Mr. Smith": a dot after one of these ends no sentence (lower case, without the last dot)
_ABBREVIATIONS = {*_WORDS.abbreviations.fr, *_WORDS.abbreviations.en}

_OPEN = {"«": "»", "“": "”"}
_END = re.compile(r"[.!?…]+[»”\"')\]]*")
_NEXT = re.compile(r"\s+(?=[«“\"'(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])")


def _quote_ranges(para: str) -> list[tuple[int, int]]:
    """Balanced quote ranges in a paragraph; an unclosed or stray quote mark opens nothing."""
    ranges, stack = [], []
    for i, ch in enumerate(para):
        if ch in _OPEN:
            stack.append((ch, i))
        elif stack and ch == _OPEN[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                ranges.append((start, i))
    return ranges


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether pos is inside one of the balanced quote ranges (disjoint, in order: a binary search)."""
    n = bisect.bisect_left(ranges, (pos, pos)) - 1
    return n >= 0 and ranges[n][0] < pos < ranges[n][1]


def _is_abbreviation(para: str, dot: int) -> bool:
    # The word before the dot, read from a short window: a long paragraph must not be scanned from its
    # start at every full stop (quadratic); an abbreviation is a few letters.
    word = re.search(r"([\w.-]+)$", para[max(0, dot - 40) : dot])
    if not word:
        return False
    token = word.group(1).casefold().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(text: str, skip: tuple[Span, ...] = ()) -> list[Span]:
    """Spans of the sentences of ``text``, leaving out those mostly inside a ``skip`` span.

    Offsets are into ``text``; surrounding whitespace is excluded.
    """
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        para_start = pos
        pos += len(line)
        para = line.rstrip("\r\n")
        quotes = _quote_ranges(para)
        start = 0
        for match in _END.finditer(para):
            end = match.end()
            if _inside(match.start(), quotes) or _is_abbreviation(para, match.start()):
                continue
            if not _NEXT.match(para, end):
                continue
            spans.append(Span(start=para_start + start, end=para_start + end))
            start = end
        spans.append(Span(start=para_start + start, end=para_start + len(para)))
    out = []
    skip = tuple(sorted(skip, key=lambda b: (b.start, b.end)))
    starts = [b.start for b in skip]
    for span in spans:
        raw = text[span.start : span.end]
        lead = len(raw) - len(raw.lstrip())
        trimmed = raw.strip()
        if not trimmed:
            continue
        start = span.start + lead
        near = _overlapping(skip, starts, start, start + len(trimmed))
        s = _trim_skipped(Span(start=start, end=start + len(trimmed)), near, text)
        if s is not None and not _mostly_skipped(s, near):
            out.append(s)
    return out


def _overlapping(skip: tuple[Span, ...], starts: list[int], start: int, end: int) -> tuple[Span, ...]:
    """The skip spans (sorted by start) that overlap [start, end): only those can trim or cover it.

    Boilerplate spans do not overlap each other (they are merged), so the search starts one before
    the first span starting at or after ``start``."""
    n = max(0, bisect.bisect_left(starts, start) - 1)
    stop = bisect.bisect_left(starts, end, lo=n)
    return tuple(b for b in skip[n:stop] if b.end > start)


def _trim_skipped(span: Span, skip: tuple[Span, ...], text: str) -> Span | None:
    """Cut a skipped span off the start of a sentence: « date 2025-02 Le Kremlin a annoncé… »."""
    start = span.start
    for b in sorted(skip, key=lambda b: b.start):
        if b.start <= start < b.end < span.end:
            start = b.end
    while start < span.end and text[start].isspace():
        start += 1
    return Span(start=start, end=span.end) if start < span.end else None


def _mostly_skipped(span: Span, skip: tuple[Span, ...]) -> bool:
    length = span.end - span.start
    covered = sum(max(0, min(span.end, b.end) - max(span.start, b.start)) for b in skip)
    return covered * 2 > length


def limit_claims(articles: Sequence[Article], limit: int) -> tuple[list[Article], list[ReadProblem]]:
    """Articles with at most ``limit`` sentences outside boilerplate (each claim is one of them), and a
    ReadProblem for each of the others: counted before the costly extraction, which then never sees them."""
    kept, problems = [], []
    for article in articles:
        # a sentence ends at a line end or at . ! ? …: an article with fewer of those needs no splitting
        bound = len(article.text.splitlines()) + sum(article.text.count(mark) for mark in ".!?…")
        count = len(split_sentences(article.text, article.boilerplate)) if bound > limit else 0
        if count > limit:
            reason = (
                f"{count:,} candidate claims, over the limit of {limit:,} (setting max_claims_per_article): skipped"
            )
            problems.append(ReadProblem(path=article.id, reason=reason))
        else:
            kept.append(article)
    return kept, problems
