"""Score checker on every dev case with a gold file, in one process (the encoder loads once).

    python scripts/score_dev_cases.py                       # dev-cases/* and ../shared/dev-cases/*
    python scripts/score_dev_cases.py dev-cases/incendie-serra --save /tmp/runs

Prints the shared scorer's line per case, then the totals over all cases (conflicts pooled). Indexes go
to a temporary folder; ``--save DIR`` keeps each case's findings JSON as DIR/<case>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
from score_findings import CONFLICTS, matches  # noqa: E402  (the shared scorer's own matching rule)


def cases(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    found = sorted(p.parent for p in (ROOT / "dev-cases").glob("*/gold.json"))
    return found + sorted(p.parent for p in (ROOT.parent / "shared" / "dev-cases").glob("*/gold.json"))


def names_pair(entry: dict, a, b) -> bool:
    """Whether a gold entry names the pair of claims ``a``, ``b`` (either way round), as the shared scorer
    would match a finding of the entry's verdict on them: the label of a candidate pair in the studies."""
    sides = [{"article": a.article, "text": a.text}, {"article": b.article, "text": b.text}]
    return matches(entry, {"verdict": entry["verdict"], "claims": sides})


def score(gold: dict, findings: list[dict]) -> dict[str, int]:
    expected = [e for e in gold["expect"] if e["verdict"] in CONFLICTS]
    agreements = [e for e in gold["expect"] if e["verdict"] == "agreement"]
    found = [f for f in findings if f["verdict"] in CONFLICTS]
    return {
        "found": len(found),
        "right": sum(any(matches(e, f) for e in expected) for f in found),
        "expected": len(expected),
        "hit": sum(any(matches(e, f) for f in findings) for e in expected),
        "agreements": len(agreements),
        "agreed": sum(any(matches(e, f) for f in findings) for e in agreements),
        "forbidden": sum(any(matches(e, f) for f in findings) for e in gold.get("forbid", [])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--save", type=Path)
    opts = parser.parse_args()
    from checker.config import load_settings
    from checker.pipeline import compare_corpus

    settings = load_settings()
    total = dict.fromkeys(("found", "right", "expected", "hit", "agreements", "agreed", "forbidden"), 0)
    kinds: Counter[str] = Counter()  # gold conflicts per kind
    kinds_hit: Counter[str] = Counter()  # ... found
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(opts.cases):
            report = compare_corpus(case / "corpus", settings, index=Path(tmp) / case.name)
            data = json.loads(report.model_dump_json())
            if opts.save:
                opts.save.mkdir(parents=True, exist_ok=True)
                saved = json.dumps(data, ensure_ascii=False, indent=1)
                (opts.save / f"{case.name}.json").write_text(saved, encoding="utf-8")
            gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
            s = score(gold, data["findings"])
            for e in gold["expect"]:
                if e["verdict"] in CONFLICTS:
                    kinds[e.get("kind", "?")] += 1
                    kinds_hit[e.get("kind", "?")] += any(matches(e, f) for f in data["findings"])
            for k in total:
                total[k] += s[k]
            print(_line(case.name, s))
    print(_line("ALL", total))
    print("by kind (gold conflicts found):", ", ".join(f"{k} {kinds_hit[k]}/{n}" for k, n in sorted(kinds.items())))


def _line(name: str, s: dict[str, int]) -> str:
    p = s["right"] / s["found"] if s["found"] else 0.0
    r = s["hit"] / s["expected"] if s["expected"] else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    agree = s["agreed"] / s["agreements"] if s["agreements"] else 1.0
    return (
        f"{name:<28} P {p:.2f} R {r:.2f} F1 {f1:.2f} | agreement recall {agree:.2f} | "
        f"forbidden {s['forbidden']} | conflicts found {s['found']}"
    )


if __name__ == "__main__":
    main()
