#!/usr/bin/env python3
"""Choose the thresholds of checker/compare/data/decision.json on held-out dev cases.

    python scripts/tune_decision.py                 # the cases of dev-cases/HOLDOUT (never trained on)
    python scripts/tune_decision.py --write         # also write the chosen values into decision.json
    python scripts/tune_decision.py --judged F      # keep the judgements in F (a pickle) and reuse them
    python scripts/tune_decision.py --judged F --judge-only CASE...   # judge the cases' candidate pairs, stop
    python scripts/tune_decision.py --judged G --rejudge F --judge-dir DIR   # F's pairs judged by another judge
    python scripts/tune_decision.py --judged F --ranking   # how well P(contradiction) ranks the planted pairs

Each case is indexed and its candidate pairs judged ONCE; then every combination of thresholds in the
grid turns the same judgements into findings, scored with the shared scorer's matching rule, pooled
over the cases. The objective: conflict F1 plus half the agreement recall, minus 0.1 per forbidden
finding. The cases must be ones the judge never learnt from (dev-cases/HOLDOUT), and the figures this
prints are development figures: the blind batches run once are the ones to report.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from score_dev_cases import score  # noqa: E402  (the shared scorer's rule, counted as score_dev_cases counts)

GRID = {
    "agreement": (0.5, 0.6, 0.7, 0.8, 0.9),
    "contradiction": (0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "contradiction_with_slot": (0.2, 0.3, 0.4, 0.5, 0.6),
    "same_statement": (0.7, 0.8, 0.9, 0.95),
    "same_fact_with_slot": (None, 0.9, 0.95, 0.98),
    "same_fact_slots": (("number", "date", "place"), ("number",)),
}


def holdout() -> list[Path]:
    names = [
        line.strip()
        for line in (ROOT / "dev-cases" / "HOLDOUT").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [ROOT / "dev-cases" / n for n in names]


def judge_of(settings, folder: Path | None):
    from checker.compare.judge import DATA_DIR, load_pair_judge

    return load_pair_judge(settings.cache_dir, folder=folder or DATA_DIR)


def judged_case(case: Path, settings, tmp: Path, judge_dir: Path | None = None):
    from checker.compare.engine import _quote_cosine, candidate_pairs
    from checker.pipeline import index_corpus

    indexed = index_corpus(case / "corpus", settings, index=tmp / case.name)
    claims = indexed.claims
    pairs = sorted(
        candidate_pairs(claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors).items()
    )
    judged = judge_of(settings, judge_dir).judge_claims([(claims[i], claims[j]) for (i, j), _ in pairs])
    rows = [
        (claims[i], claims[j], score, _quote_cosine(claims[i], claims[j], indexed.quote_vectors), v)
        for ((i, j), score), v in zip(pairs, judged)
    ]
    return claims, rows


def _slots_once() -> None:
    """The slot comparisons of a pair do not depend on the thresholds: compute each pair's once for the grid."""
    from checker.compare import engine

    if getattr(engine._compared, "cached", False):
        return
    compute, done = engine._compared, {}

    def compared(a, b):
        key = (id(a), id(b))  # the same claim objects at every point of the grid
        if key not in done:
            done[key] = compute(a, b)
        return done[key]

    compared.cached = True  # type: ignore[attr-defined]
    engine._compared = compared


def findings_for(claims, rows, decision, model=None) -> list[dict]:
    from checker.compare.engine import _order_finding, decide
    from checker.compare.order import order_pairs

    _slots_once()

    found = {}
    for a, b, similarity, qcos, v in rows:
        f = decide(a, b, v, similarity, decision=decision, quote_cosine=qcos, model=model)
        if f:
            found[f.id] = f
    for kind, a, fa, b, fb in order_pairs(claims):
        f = _order_finding(kind, a, fa, b, fb)
        found.setdefault(f.id, f)
    return [json.loads(f.model_dump_json()) for f in found.values()]


def auc(scores: list[float], positive: list[bool]) -> float:
    """The probability that a positive pair is ranked above a negative one (ties count half); nan with one class."""
    from sklearn.metrics import roc_auc_score  # the [train] extra, as for the scripts that train

    return float(roc_auc_score(positive, scores)) if 0 < sum(positive) < len(positive) else float("nan")


def print_ranking(data) -> None:
    """AUC of P(contradiction) for the candidate pairs a planted conflict names, of P(agreement) for those a
    gold agreement names, pooled over the cases; and how many planted pairs are among those read >= 0.5."""
    from score_dev_cases import CONFLICTS, names_pair

    contra, agree, is_conflict, is_agreement = [], [], [], []
    for _, gold, _claims, rows in data:
        conflicts = [e for e in gold["expect"] if e["verdict"] in CONFLICTS]
        agreements = [e for e in gold["expect"] if e["verdict"] == "agreement"]
        for a, b, *_, v in rows:
            contra.append(v.contradiction)
            agree.append(v.agreement)
            is_conflict.append(any(names_pair(e, a, b) for e in conflicts))
            is_agreement.append(any(names_pair(e, a, b) for e in agreements))
    high = [c for p, c in zip(contra, is_conflict) if p >= 0.5]
    print(
        f"{len(data)} cases, {len(contra)} candidate pairs: AUC of P(contradiction) for the {sum(is_conflict)} "
        f"planted pairs {auc(contra, is_conflict):.3f}; of P(agreement) for the {sum(is_agreement)} gold "
        f"agreements {auc(agree, is_agreement):.3f}; {len(high)} pairs at P(contradiction) >= 0.5, "
        f"{sum(high)} planted"
    )


def summary(total: dict[str, int]) -> tuple[float, float, float, float]:
    p = total["right"] / total["found"] if total["found"] else 0.0
    r = total["hit"] / total["expected"] if total["expected"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    agree = total["agreed"] / total["agreements"] if total["agreements"] else 0.0
    return p, r, f1, agree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--judged",
        type=Path,
        help="pickle of the cases' judgements: read if it exists (same judge and extraction!), else written",
    )
    parser.add_argument(
        "--judge-only",
        action="store_true",
        help="with --judged: write the judgements and stop (candidate pairs for scripts/train_judge.py --candidates)",
    )
    parser.add_argument(
        "--judge-dir",
        type=Path,
        help="judge with the judge in this folder (weights.safetensors, judge.json) instead of the shipped one",
    )
    parser.add_argument(
        "--rejudge",
        type=Path,
        help="with --judged: the claims and candidate pairs of this pickle, judged again (no extraction, no index)",
    )
    parser.add_argument(
        "--ranking",
        action="store_true",
        help="print how well the judge's probabilities rank the gold's pairs among the candidates (AUC), and stop",
    )
    opts = parser.parse_args()
    from checker.compare.engine import DECISION_FILE, Decision
    from checker.config import load_settings

    settings = load_settings()
    cases = opts.cases or holdout()
    data = []
    if opts.rejudge and not (opts.judged and not opts.judged.exists()):
        parser.error("--rejudge writes its judgements to a new --judged file")
    if opts.judged and opts.judged.exists():
        data = pickle.loads(opts.judged.read_bytes())  # noqa: S301 (a file this script wrote)
        print(f"judgements read from {opts.judged}: {[name for name, *_ in data]}", file=sys.stderr)
    elif opts.rejudge:
        for name, gold, claims, rows in pickle.loads(opts.rejudge.read_bytes()):  # noqa: S301 (this script's own)
            judged = judge_of(settings, opts.judge_dir).judge_claims([(a, b) for a, b, *_ in rows])
            data.append((name, gold, claims, [(*row[:-1], v) for row, v in zip(rows, judged)]))
            print(f"judged {name} again: {len(rows)} pairs", file=sys.stderr)
        opts.judged.write_bytes(pickle.dumps(data))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for case in cases:
                claims, rows = judged_case(case, settings, Path(tmp), opts.judge_dir)
                data.append((case.name, json.loads((case / "gold.json").read_text(encoding="utf-8")), claims, rows))
                print(f"judged {case.name}: {len(rows)} pairs", file=sys.stderr)
        if opts.judged:
            opts.judged.write_bytes(pickle.dumps(data))
    if opts.ranking:
        print_ranking(data)
        return 0
    if opts.judge_only:
        return 0
    shipped = json.loads(DECISION_FILE.read_text(encoding="utf-8"))
    shipped_values = tuple(Decision.model_validate(shipped).model_dump()[k] for k in GRID)
    results = []
    for values in itertools.product(*GRID.values()):
        if values[list(GRID).index("same_fact_with_slot")] is None and values[-1] != GRID["same_fact_slots"][0]:
            continue  # the rule is off: which slots it would read changes nothing
        decision = Decision(**dict(zip(GRID, values)))
        total = dict.fromkeys(("found", "right", "expected", "hit", "agreements", "agreed", "forbidden"), 0)
        for _, gold, claims, rows in data:
            s = score(gold, findings_for(claims, rows, decision))
            for k in total:
                total[k] += s[k]
        p, r, f1, agree = summary(total)
        results.append(
            (f1 + 0.5 * agree - 0.1 * total["forbidden"], values, p, r, f1, agree, total["forbidden"], total["found"])
        )
    results.sort(
        key=lambda x: (-x[0], tuple(-1.0 if v is None else -len(v) if isinstance(v, tuple) else v for v in x[1]))
    )
    print("objective  " + "  ".join(GRID) + "  |  P  R  F1  agreement-recall  forbidden  conflicts")
    for obj, values, p, r, f1, agree, forb, found in results[:15]:
        print(f"{obj:.3f}  {values}  |  {p:.2f} {r:.2f} {f1:.2f}  {agree:.2f}  {forb}  {found}")
    for obj, values, p, r, f1, agree, forb, found in results:
        if values == shipped_values:
            shown = f"{p:.2f} {r:.2f} {f1:.2f}  {agree:.2f}  {forb}  {found}"
            print(f"decision.json as it is: {obj:.3f}  {values}  |  {shown}")
    print("best objective for each value of each threshold:")
    for k, name in enumerate(GRID):
        tops = {}
        for row in results:  # sorted best first
            tops.setdefault(row[1][k], row)
        print(f"  {name}: " + ", ".join(f"{v}: {row[0]:.3f} (F1 {row[4]:.2f})" for v, row in tops.items()))
    best = dict(zip(GRID, results[0][1]))
    if opts.write:
        current = json.loads(DECISION_FILE.read_text(encoding="utf-8"))
        current.update(best)
        names = ", ".join(name for name, *_ in data)
        where = f"chosen by scripts/tune_decision.py on {len(data)} dev cases the judge never learnt from ({names})"
        current["why"] = current.get("why", {}) | {
            "agreement": f"below it the judge's agreements were mostly different facts; {where}",
            "contradiction": f"least probability at which a conflict without a named value was right often enough; "
            f"{where}",
            "contradiction_with_slot": f"an extracted figure, date or place that differs lets a weaker judgement "
            f"stand; {where}",
            "same_statement": f"two reported speeches read as one statement: below it, two people saying similar "
            f"things; {where}",
            "same_fact_with_slot": f"the judge sure enough that both tell one fact, an extracted figure, date or "
            f"place that differs is a contradiction (null: off); {where}",
            "same_fact_slots": f"the extracted values that rule reads; {where}",
        }
        DECISION_FILE.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written {DECISION_FILE}: {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
