"""Sentence spans for news text, quote-aware.

spaCy's French parser splits « quotes », compound adjectives (« russo-américaines ») and
attribution tails (« », a-t-il souligné ») into separate sentences, which loses the speaker of a
quote. This splitter is deliberately simple: paragraphs (lines) are hard boundaries; inside one,
a sentence ends at . ! ? … followed by a capital letter or an opening quote, never inside a
balanced « … » or “ … ”, and never after a known abbreviation (« M. Peskov »). A quote that runs
over several sentences therefore stays one claim with its attribution clause.
"""

from __future__ import annotations

import re

from checker.models import Span

_ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "av", "apr", "j.-c", "cf", "p", "art",
    "mr", "mrs", "ms", "jr", "sr", "gen", "col", "lt", "gov", "sen", "rep", "no", "vs", "u.s", "u.k", "inc", "ltd",
}
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
    return any(a < pos < b for a, b in ranges)


def _is_abbreviation(para: str, dot: int) -> bool:
    word = re.search(r"([\w.-]+)$", para[:dot])
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
    for span in spans:
        raw = text[span.start : span.end]
        lead = len(raw) - len(raw.lstrip())
        trimmed = raw.strip()
        if not trimmed:
            continue
        s = _trim_skipped(Span(start=span.start + lead, end=span.start + lead + len(trimmed)), skip, text)
        if s is not None and not _mostly_skipped(s, skip):
            out.append(s)
    return out


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
