"""Copies: articles that carry the same dispatch, so that a report counts their words once.

A regional daily that reprints an AFP dispatch under a new first paragraph, two sites that run the same
Reuters wire: what they state, one source stated. Two articles are copies when most of the shorter
one's main text (its text less boilerplate) is in the other, read as runs of five words: at least
``COPY_SHARE`` of its runs, or ``AGENCY_SHARE`` when both credit the same agency (an edited reprint
of a dispatch whose credit it keeps), and never fewer than ``MIN_SHARED`` runs (a quote both print is
not a copy). Copies of copies are one group.

The work grows with the corpus's words, not with the square of its articles: every run of five words
is hashed once, and in an inverted index of those hashes each run is credited to the first article
that holds it, paired with each later one (a run that 200 reprints share makes 199 pairs, not 19,900).
Pairs credited with enough runs are then measured exactly on their two sets of runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from checker.graph import components
from checker.models import Article, CopyGroup

SHINGLE = 5  # words in a run
COPY_SHARE = 0.6  # share of the shorter text's runs found in the other
AGENCY_SHARE = 0.4  # the same, when both articles credit the same agency
MIN_SHARED = 20  # runs in common, at least: one long sentence is a quote, not a dispatch
# A pair is measured when the index credits it with this share of its shorter text's runs: below what
# it shares, as a run held by an earlier third article is credited to that one (which then pairs with both).
_CANDIDATE_SHARE = AGENCY_SHARE / 2
_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it modulo 2**64 loses nothing


def main_text(article: Article) -> str:
    """The article's text less its boilerplate spans (credits, ads, prompts): what it reports."""
    kept, at = [], 0
    for span in sorted(article.boilerplate, key=lambda s: s.start):
        kept.append(article.text[at : span.start])
        at = max(at, span.end)
    kept.append(article.text[at:])
    return " ".join(kept)


def _shingles(text: str, vocabulary: dict[str, int]) -> np.ndarray:
    """The distinct runs of ``SHINGLE`` words of a text, as sorted 64-bit hashes (case ignored)."""
    ids = np.fromiter(
        (vocabulary.setdefault(w, len(vocabulary)) for w in _WORD.findall(text.casefold())), dtype=np.uint64
    )
    count = len(ids) - SHINGLE + 1
    if count < 1:
        return np.zeros(0, np.uint64)
    hashed = ids[:count].copy()
    for k in range(1, SHINGLE):
        hashed = hashed * _MIX + ids[k : k + count]  # array arithmetic wraps modulo 2**64, silently
    return np.unique(hashed)


def _candidates(sets: list[np.ndarray]) -> list[tuple[int, int]]:
    """Pairs of articles (i < j) the inverted index credits with ``_CANDIDATE_SHARE`` of the shorter one's
    runs: each run is credited to the pair (first article that holds it, each later one)."""
    sizes = np.array([len(s) for s in sets], np.int64)
    if sizes.sum() == 0:
        return []
    hashes = np.concatenate(sets)
    docs = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
    order = np.argsort(hashes, kind="stable")  # stable: within one hash, articles stay in corpus order
    hashes, docs = hashes[order], docs[order]
    first = np.ones(len(hashes), bool)
    first[1:] = hashes[1:] != hashes[:-1]
    holder = docs[first][np.cumsum(first) - 1]  # the first article holding each run
    codes, credited = np.unique(holder[~first] * len(sets) + docs[~first], return_counts=True)
    left, right = codes // len(sets), codes % len(sets)
    keep = credited >= _CANDIDATE_SHARE * np.minimum(sizes[left], sizes[right])
    return list(zip(left[keep].tolist(), right[keep].tolist()))


def _order(article: Article) -> tuple[bool, str, str]:
    """Earliest published first (undated last), then by id: the first of a group is the likeliest original."""
    return (article.published is None, article.published or "", article.id)


def find_copies(articles: Sequence[Article]) -> list[CopyGroup]:
    """The groups of articles that carry the same dispatch, each with the share of text its weakest link
    shares and the agency its members credit; articles that copy none are in no group. Raises nothing."""
    vocabulary: dict[str, int] = {}
    sets = [_shingles(main_text(a), vocabulary) for a in articles]

    links: list[tuple[int, int, float]] = []
    for i, j in _candidates(sets):
        shared = len(np.intersect1d(sets[i], sets[j], assume_unique=True))
        share = shared / min(len(sets[i]), len(sets[j]))
        same_agency = articles[i].agency is not None and articles[i].agency == articles[j].agency
        if shared >= MIN_SHARED and share >= (AGENCY_SHARE if same_agency else COPY_SHARE):
            links.append((i, j, share))
    root = components((i, j) for i, j, _ in links)
    members: dict[int, list[int]] = {}
    for n in sorted({n for pair in links for n in pair[:2]}):
        members.setdefault(root[n], []).append(n)
    weakest: dict[int, float] = {}
    for i, _, share in links:
        weakest[root[i]] = min(share, weakest.get(root[i], 1.0))
    groups = []
    for top, indices in members.items():
        ordered = sorted((articles[i] for i in indices), key=_order)
        agencies = {a.agency for a in ordered if a.agency}
        groups.append(
            CopyGroup(
                articles=tuple(a.id for a in ordered),
                agency=agencies.pop() if len(agencies) == 1 else None,
                shared=round(weakest[top], 3),
            )
        )
    return sorted(groups, key=lambda g: g.articles)
