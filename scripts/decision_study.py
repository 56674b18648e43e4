#!/usr/bin/env python3
"""Every candidate pair of the dev cases, with what the decision sees and what the gold says of it.

    python scripts/decision_study.py --out /tmp/pairs.jsonl            # every dev case with a gold file
    python scripts/decision_study.py dev-cases/crue-vidourle --out x.jsonl

One JSON line per candidate pair: the case, both claims' ids, articles and texts, the cosine, the pair
judge's three probabilities, every slot comparison (slot, relation, both values), and the gold label:
the verdict and kind of the first entry of the case's gold file that matches the pair by the shared
scorer's rule (``forbid`` for a forbidden one), else ``none`` (the cases agree on what they do not plant).
For development: to see where the findings are lost, and to fit the decision on data.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
sys.path.insert(0, str(ROOT / "scripts"))
from score_dev_cases import cases  # noqa: E402
from score_findings import side_matches  # noqa: E402  (the shared scorer's own matching rule)


def gold_label(entries: list[dict], a: dict, b: dict) -> tuple[str, str | None]:
    for e in entries:
        if (side_matches(e["a"], a) and side_matches(e["b"], b)) or (
            side_matches(e["a"], b) and side_matches(e["b"], a)
        ):
            return e["label"], e["id"]
    return "none", None


def case_rows(case: Path, settings, judge, tmp: Path) -> list[dict]:
    from checker.compare.engine import _quote_cosine, _slots, candidate_pairs
    from checker.pipeline import index_corpus

    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    entries = [dict(e, label=f"{e['verdict']}:{e.get('kind', '')}") for e in gold.get("expect", [])]
    entries += [dict(e, label="forbid") for e in gold.get("forbid", [])]
    indexed = index_corpus(case / "corpus", settings, index=tmp / case.name)
    claims = indexed.claims
    dumped = [json.loads(c.model_dump_json()) for c in claims]
    pairs = sorted(
        candidate_pairs(claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors).items()
    )
    judged = judge.judge_claims([(claims[i], claims[j]) for (i, j), _ in pairs]) if pairs else []
    rows = []
    for ((i, j), cosine), p in zip(pairs, judged):
        a, b = claims[i], claims[j]
        label, entry = gold_label(entries, dumped[i], dumped[j])
        rows.append(
            {
                "case": case.name,
                "a": a.id,
                "b": b.id,
                "articles": [a.article, b.article],
                "texts": [a.text, b.text],
                "languages": [a.language, b.language],
                "cosine": round(cosine, 4),
                "quote_cosine": _quote_cosine(a, b, indexed.quote_vectors),
                "quotes": [bool(a.quote), bool(b.quote)],
                "judge": {"agreement": p.agreement, "contradiction": p.contradiction, "unrelated": p.unrelated},
                "slots": [[c.slot, c.relation, c.left, c.right] for c in _slots(a, b)],
                "label": label,
                "entry": entry,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--out", type=Path, required=True)
    opts = parser.parse_args()
    from checker.compare.judge import pair_judge
    from checker.config import load_settings

    settings = load_settings()
    judge = pair_judge("trained")
    with tempfile.TemporaryDirectory() as tmp, opts.out.open("w", encoding="utf-8") as out:
        for case in cases(opts.cases):
            rows = case_rows(case, settings, judge, Path(tmp))
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
            out.flush()
            gold = sum(r["label"] != "none" for r in rows)
            print(f"{case.name:<32} {len(rows):>5} pairs, {gold:>3} gold", flush=True)


if __name__ == "__main__":
    main()
