"""The pairings that look at every pair of claims, at corpus sizes of a few thousand quoting claims: the same
quote (token-set ratio, and the cosine of quote vectors across languages) and order facts.

    python bench/bench_pairing.py                          # 500 to 8,000 quoting claims
    python bench/bench_pairing.py --quotes 1000 4000 --baseline-up-to 2000
    python bench/bench_pairing.py --distinct               # no two quotes the same text (the worst case)

Claims are built reproducibly (seed 7) from the quoted words (« … », “ … ”) of the sample and dev-case
articles (a few hundred), each quote with one word changed or dropped now and then, so that many texts recur as
reprinted quotes do (``--distinct`` adds a word of its own to each, the worst case: no text measured once for
several claims), ten claims an article, half in French
and half in English, each with a random 384-dimension quote vector (the cost does not depend on the values);
one claim in fifty carries an order fact between two of eight places.

For each size, in one run: the **baseline** (the pair-by-pair loops the engine used until 2026-12-05, kept
here) and the engine's ``same_quote_pairs`` and ``order_pairs``; prints both times, the ratio baseline /
engine, the time per thousand quoting claims (flat for work that grows with the claims, doubling with each
doubling for quadratic work), and checks that both find the same pairs. The baseline is skipped above
``--baseline-up-to`` (at ten microseconds a pair it takes minutes).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
_QUOTED = re.compile(r"«\s*([^«»]+?)\s*»|“\s*([^“”]+?)\s*”")
PLACES = ["Paris", "Lyon", "Séoul", "Bletchley Park", "Ryad", "Doha", "Genève", "Istanbul"]


def _quotes() -> list[str]:
    found = sorted((ROOT / "corpus").glob("*.*")) + sorted((ROOT / "dev-cases").glob("*/corpus/*.*"))
    quotes = []
    for path in found:
        for match in _QUOTED.finditer(path.read_text(encoding="utf-8", errors="replace")):
            words = next(g for g in match.groups() if g).split()
            if len(words) >= 3:
                quotes.append(" ".join(words))
    if not quotes:
        raise SystemExit("no quoted words in corpus/ or dev-cases/")
    return quotes


def make_claims(count: int, seed: int = 7, distinct: bool = False):
    from checker.models import Claim, OrderFact

    rng = random.Random(seed)
    vectors_rng = np.random.default_rng(seed)
    quotes = _quotes()
    claims, vectors = [], {}
    for k in range(count):
        words = rng.choice(quotes).split()
        if rng.random() < 0.5:  # one word changed or dropped: near-misses for the ratio
            at = rng.randrange(len(words))
            words[at : at + 1] = [] if rng.random() < 0.5 else [words[at][::-1]]
        if distinct:
            words.append(f"n{k}")
        facts = ()
        if k % 50 == 0:
            before, after = rng.sample(PLACES, 2)
            facts = (OrderFact(before=before, after=after, cue="avant"),)
        text = "« " + " ".join(words) + " »"
        claims.append(
            Claim(
                id=f"c{k}",
                article=f"{k // 10:05d}.txt",
                text=text,
                start=0,
                end=len(text),
                language="fr" if (k // 10) % 2 else "en",
                quote=" ".join(words),
                order_facts=facts,
            )
        )
        v = vectors_rng.normal(size=384).astype(np.float32)
        vectors[f"c{k}"] = v / np.linalg.norm(v)
    return claims, vectors


def baseline_quotes(claims, quote_vectors):
    """The engine's loop until 2026-12-05: every pair of quoting claims through the same test, one at a time."""
    from checker.compare.engine import same_quote

    quoted = [i for i, c in enumerate(claims) if c.quote]
    out = []
    for x, i in enumerate(quoted):
        for j in quoted[x + 1 :]:
            if claims[i].article != claims[j].article and same_quote(claims[i], claims[j], quote_vectors):
                out.append((i, j))
    return sorted(out)


def baseline_orders(claims):
    """order_pairs until 2026-12-05: every pair of claims with order facts through the same test."""
    from checker.compare.order import _containers, order_relation

    containers = _containers(claims)
    with_facts = [c for c in claims if c.order_facts]
    out = []
    for i, a in enumerate(with_facts):
        for b in with_facts[i + 1 :]:
            if a.article != b.article and order_relation(a, b, containers):
                out.append((a.id, b.id))
    return sorted(out)


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, nargs="+", default=[500, 1000, 2000, 4000, 8000])
    parser.add_argument("--baseline-up-to", type=int, default=2000)
    parser.add_argument("--distinct", action="store_true", help="no two quotes the same text")
    opts = parser.parse_args()
    from checker.compare.engine import same_quote_pairs
    from checker.compare.order import order_pairs

    print(
        "| quoting claims | distinct quotes | pairs found | baseline | engine | ratio baseline / engine "
        "| engine per 1,000 claims |"
    )
    print("|---|---|---|---|---|---|---|")
    for count in opts.quotes:
        claims, vectors = make_claims(count, distinct=opts.distinct)
        engine_s, found = timed(same_quote_pairs, claims, vectors)
        order_s, ordered = timed(lambda c: sorted({(a.id, b.id) for _, a, _, b, _ in order_pairs(c)}), claims)
        engine_s += order_s
        if count <= opts.baseline_up_to:
            base_s, expected = timed(baseline_quotes, claims, vectors)
            order_base_s, expected_orders = timed(baseline_orders, claims)
            base_s += order_base_s
            if expected != found or expected_orders != ordered:
                raise SystemExit(f"{count} claims: the engine and the baseline found different pairs")
            base, ratio = f"{base_s:.2f} s", f"{base_s / engine_s:.1f}"
        else:
            base, ratio = "(skipped)", "—"
        print(
            f"| {count:,} | {len({c.quote for c in claims}):,} | {len(found):,} + {len(ordered)} | {base} "
            f"| {engine_s:.2f} s | {ratio} "
            f"| {1000 * engine_s / count:.3f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
