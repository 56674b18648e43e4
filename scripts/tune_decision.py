#!/usr/bin/env python3
"""Choose the thresholds of checker/compare/data/decision.json on held-out dev cases.

    python scripts/tune_decision.py                 # the cases of dev-cases/HOLDOUT (never trained on)
    python scripts/tune_decision.py --write         # also write the chosen values into decision.json
    python scripts/tune_decision.py --judged F      # keep the judgements in F (a pickle) and reuse them
    python scripts/tune_decision.py --judged F --judge-only CASE...   # judge the cases' candidate pairs, stop
    python scripts/tune_decision.py --judged G --rejudge F --judge-dir DIR   # F's pairs judged by another judge
    python scripts/tune_decision.py --judged F --ranking   # how well P(contradiction) ranks the planted pairs
    python scripts/tune_decision.py --pool F1 F2 ...       # the grid on several pickles' cases pooled
    python scripts/tune_decision.py --pool F1 F2 ... --leave-one-out   # each pickle scored with the thresholds
                                                           # chosen on the others, against the shipped ones
    python scripts/tune_decision.py --pool ... --only same_fact_one_count   # the others held at the shipped values
    python scripts/tune_decision.py --pool ... --leave-one-out --learnt-step --only agreement same_statement
                                                           # with the learnt conflict step deciding contradictions
                                                           # (left out: fitted on the other pickles each time)

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
from train_judge import auc  # noqa: E402  (one ranking figure for every study)

GRID = {
    "agreement": (0.5, 0.6, 0.7, 0.8, 0.9),
    "contradiction": (0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "contradiction_with_slot": (0.2, 0.3, 0.4, 0.5, 0.6),
    "same_statement": (0.7, 0.8, 0.9, 0.95),
    "same_fact_with_slot": (None, 0.9, 0.95, 0.98),
    # the shipped slots (time and role added by rules, not a grid), the three the grid first chose, figures alone
    "same_fact_slots": (("number", "date", "time", "place", "role"), ("number", "date", "place"), ("number",)),
    "same_fact_one_count": (None, 0.7, 0.8, 0.9),
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


def candidate_rows(case: Path, settings, tmp: Path):
    """A case's claims and the pairs the engine would judge, each ``(a, b, score, quote cosine)``."""
    from checker.compare.engine import _quote_cosine, candidate_pairs
    from checker.pipeline import index_corpus

    indexed = index_corpus(case / "corpus", settings, index=tmp / case.name)
    claims = indexed.claims
    pairs = sorted(
        candidate_pairs(claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors).items()
    )
    return claims, [
        (claims[i], claims[j], score, _quote_cosine(claims[i], claims[j], indexed.quote_vectors))
        for (i, j), score in pairs
    ]


def judged_case(case: Path, settings, tmp: Path, judge_dir: Path | None = None):
    claims, rows = candidate_rows(case, settings, tmp)
    judged = judge_of(settings, judge_dir).judge_claims([(a, b) for a, b, *_ in rows])
    return claims, [(*row, v) for row, v in zip(rows, judged)]


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


def _outcome_key(v, decision) -> tuple:
    """What decide() reads of the thresholds for a pair judged ``v``: every comparison of a probability with a
    threshold (checker/compare/engine.py: same_statement, contradiction, contradiction_with_slot,
    same_fact_with_slot and its slots, agreement). Two grid points with the same key decide the pair alike."""
    same_fact = 1.0 - v.unrelated
    return (
        v.agreement >= decision.same_statement,
        v.contradiction >= decision.contradiction,
        v.contradiction >= decision.contradiction_with_slot,
        decision.same_fact_with_slot is not None and same_fact >= decision.same_fact_with_slot,
        decision.same_fact_slots if decision.same_fact_with_slot is not None else None,
        decision.same_fact_one_count is not None and same_fact >= decision.same_fact_one_count,
        v.agreement >= decision.agreement,
    )


class GridScorer:
    """findings_for() and the scorer over a grid without repeating work: a pair is decided once for each outcome
    of its threshold comparisons (most pairs have one or two over the whole grid), the order findings and a
    finding's JSON once, and a case's set of findings scored once."""

    def __init__(self, model=None) -> None:
        self.model = model  # the learnt conflict step, or None: the thresholds decide contradictions
        self.decided: dict[tuple, object] = {}
        self.orders: dict[int, list] = {}
        self.as_json: dict[str, dict] = {}
        self.scored: dict[tuple, dict[str, int]] = {}

    def case(self, gold, claims, rows, decision) -> dict[str, int]:
        from checker.compare.engine import _order_finding, decide
        from checker.compare.order import order_pairs

        _slots_once()
        found = {}
        for row in rows:
            a, b, similarity, qcos, v = row
            key = (id(row), *_outcome_key(v, decision))
            if key not in self.decided:
                self.decided[key] = decide(a, b, v, similarity, decision=decision, quote_cosine=qcos, model=self.model)
            f = self.decided[key]
            if f:
                found[f.id] = f
        if id(claims) not in self.orders:
            self.orders[id(claims)] = [_order_finding(*o) for o in order_pairs(claims)]
        for f in self.orders[id(claims)]:
            found.setdefault(f.id, f)
        ids = (id(gold), *sorted(found))
        if ids not in self.scored:
            for fid, f in found.items():
                if fid not in self.as_json:
                    self.as_json[fid] = json.loads(f.model_dump_json())
            self.scored[ids] = score(gold, [self.as_json[fid] for fid in found])
        return self.scored[ids]


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


TOTALS = ("found", "right", "expected", "hit", "agreements", "agreed", "forbidden")


def grid_points(fixed: dict | None = None) -> list[tuple]:
    """The grid's points; ``fixed`` (threshold -> value) holds those thresholds at one value."""
    points = []
    axes = [(fixed[name],) if fixed and name in fixed else values for name, values in GRID.items()]
    for values in itertools.product(*axes):
        point = dict(zip(GRID, values))
        if point["same_fact_with_slot"] is None and point["same_fact_slots"] != GRID["same_fact_slots"][0]:
            continue  # the rule is off: which slots it would read changes nothing
        points.append(values)
    return points


def grid_counts(data, decision_type, fixed: dict | None = None, model=None):
    """The scorer's counts (TOTALS) of every grid point on every case: an array points x cases x counts, so that
    any set of cases is scored by a sum. ``model``: the learnt conflict step deciding contradictions (as in the
    engine when decision.json turns it on; its own thresholds are then unused), or None."""
    import numpy as np

    points = grid_points(fixed)
    counts = np.zeros((len(points), len(data), len(TOTALS)), dtype=np.int64)
    scorer = GridScorer(model)
    for p, values in enumerate(points):
        if p % 500 == 0:
            print(f"grid: {p} of {len(points)} points", file=sys.stderr)
        decision = decision_type(**dict(zip(GRID, values)))
        for c, (_, gold, claims, rows) in enumerate(data):
            s = scorer.case(gold, claims, rows, decision)
            counts[p, c] = [s[k] for k in TOTALS]
    return points, counts


def ranked(points, totals) -> list[tuple]:
    """Grid points best first by the objective (F1 + half the agreement recall - 0.1 a forbidden finding), ties
    to the stricter values; totals is points x counts."""
    results = []
    for values, row in zip(points, totals):
        total = dict(zip(TOTALS, (int(x) for x in row)))
        p, r, f1, agree = summary(total)
        results.append(
            (f1 + 0.5 * agree - 0.1 * total["forbidden"], values, p, r, f1, agree, total["forbidden"], total["found"])
        )
    results.sort(
        key=lambda x: (-x[0], tuple(-1.0 if v is None else -len(v) if isinstance(v, tuple) else v for v in x[1]))
    )
    return results


def print_leave_one_out(folds: list[tuple[str, list[int]]], points, counts_of, shipped_values) -> None:
    """For each fold, the thresholds chosen on the other folds applied to it; the folds' counts pooled, against the
    shipped thresholds on the same cases. ``counts_of(name)``: the grid's counts (grid_counts) that fold is scored
    with (one array for all, or one a fold where the learnt step was fitted without it)."""
    import numpy as np

    chosen = np.zeros(len(TOTALS), dtype=np.int64)
    shipped = np.zeros(len(TOTALS), dtype=np.int64)
    for name, cases in folds:
        counts = counts_of(name)
        shipped += counts[points.index(shipped_values)][cases].sum(axis=0)
        others = [c for c in range(counts.shape[1]) if c not in cases]
        best = ranked(points, counts[:, others].sum(axis=1))[0][1]
        held = counts[points.index(best)][cases].sum(axis=0)
        chosen += held
        one = ranked([best], [held])[0]
        print(
            f"{name}: chosen on the others {best}  |  P {one[2]:.2f} R {one[3]:.2f} F1 {one[4]:.2f}  "
            f"agreement {one[5]:.2f}  forbidden {one[6]}  conflicts {one[7]}"
        )
    # "shipped": decision.json's thresholds, with the learnt step only where --learnt-step asks for it
    for label, totals in (("chosen on the other folds", chosen), ("shipped", shipped)):
        obj, _, p, r, f1, agree, forb, found = ranked([shipped_values], [totals])[0]
        print(
            f"pooled, {label}: objective {obj:.3f}  |  P {p:.2f} R {r:.2f} F1 {f1:.2f}  agreement {agree:.2f}  "
            f"forbidden {forb}  conflicts {found}"
        )


def learnt_steps(data, folds: list[tuple[str, list[int]]], each_fold: bool) -> dict:
    """The learnt conflict step fitted on every case (key None) and, with ``each_fold``, on all but each fold's
    cases (key: the fold's name), as scripts/train_conflict_model.py fits it."""
    import numpy as np
    from train_conflict_model import fit, rows_of

    rows = [rows_of(case) for case in data]

    def fitted(cases: list[int]):
        return fit(*(np.concatenate([rows[c][k] for c in cases]) for k in range(3)))

    steps = {None: fitted(list(range(len(data))))}
    if each_fold:
        for name, cases in folds:
            steps[name] = fitted([c for c in range(len(data)) if c not in cases])
            print(f"learnt step without {name}: threshold {steps[name].threshold}", file=sys.stderr)
    return steps


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
    parser.add_argument(
        "--pool",
        type=Path,
        nargs="+",
        help="instead of --judged: several pickles of judgements (one a batch), their cases pooled",
    )
    parser.add_argument(
        "--leave-one-out",
        action="store_true",
        help="with --pool: first, for each pickle, the thresholds chosen on the others applied to it; pooled, "
        "against the shipped thresholds",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(GRID),
        help="vary only these thresholds, the others held at decision.json's values (a grid of all of them is "
        "4 times larger with each new threshold: 16,800 points took hours on 104 cases)",
    )
    parser.add_argument(
        "--learnt-step",
        action="store_true",
        help="with --pool: the learnt conflict step decides contradictions, as in the engine (its thresholds unused; "
        "the grid then matters for agreement and same_statement): fitted on every pickle, and with --leave-one-out "
        "on the other pickles for each one left out (scripts/train_conflict_model.py's fit)",
    )
    opts = parser.parse_args()
    from checker.compare.engine import DECISION_FILE, Decision
    from checker.config import load_settings

    settings = load_settings()
    cases = opts.cases or holdout()
    data = []
    folds: list[tuple[str, list[int]]] = []
    if opts.rejudge and not (opts.judged and not opts.judged.exists()):
        parser.error("--rejudge writes its judgements to a new --judged file")
    if opts.learnt_step and not opts.pool:
        parser.error("--learnt-step needs --pool (the step is fitted on the pooled pickles' cases)")
    if opts.leave_one_out and not (opts.pool and len(opts.pool) > 1):
        parser.error("--leave-one-out needs --pool with two pickles or more (each one a fold)")
    if opts.pool:
        if opts.judged or opts.rejudge or opts.cases:
            parser.error("--pool reads judgements already made: no --judged, --rejudge or cases with it")
        for path in opts.pool:
            batch = pickle.loads(path.read_bytes())  # noqa: S301 (a file this script wrote)
            folds.append((path.stem, list(range(len(data), len(data) + len(batch)))))
            data += batch
        print(f"judgements read from {len(opts.pool)} pickles: {len(data)} cases", file=sys.stderr)
    elif opts.judged and opts.judged.exists():
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
    fixed = {k: v for k, v in zip(GRID, shipped_values) if k not in opts.only} if opts.only else None
    steps = learnt_steps(data, folds, opts.leave_one_out) if opts.learnt_step else {}
    points, counts = grid_counts(data, Decision, fixed, steps.get(None))
    if opts.leave_one_out:
        by_fold = {name: grid_counts(data, Decision, fixed, steps[name])[1] for name in steps if name is not None}
        print_leave_one_out(folds, points, lambda name: by_fold.get(name, counts), shipped_values)
    results = ranked(points, counts.sum(axis=1))
    print("objective  " + "  ".join(GRID) + "  |  P  R  F1  agreement-recall  forbidden  conflicts")
    for obj, values, p, r, f1, agree, forb, found in results[:15]:
        print(f"{obj:.3f}  {values}  |  {p:.2f} {r:.2f} {f1:.2f}  {agree:.2f}  {forb}  {found}")
    for obj, values, p, r, f1, agree, forb, found in results:
        if values == shipped_values:
            shown = f"{p:.2f} {r:.2f} {f1:.2f}  {agree:.2f}  {forb}  {found}"
            print(f"decision.json as it is: {obj:.3f}  {values}  |  {shown}")
    # the wide net: the best conflict F1 among the points with no more forbidden findings than the wide thresholds
    # shipped have on these cases (how decision-wide.json is chosen)
    wide = json.loads((DECISION_FILE.parent / "decision-wide.json").read_text(encoding="utf-8"))
    wide_values = tuple(Decision.model_validate(wide).model_dump()[k] for k in GRID)
    for label, row in (
        ("decision-wide.json as it is", next((x for x in results if x[1] == wide_values), None)),
        (
            "best F1 with no more forbidden findings",
            max(
                (x for x in results if x[6] <= next((y[6] for y in results if y[1] == wide_values), 0)),
                key=lambda x: (x[4], x[0]),
                default=None,
            ),
        ),
    ):
        if row is not None:
            obj, values, p, r, f1, agree, forb, found = row
            print(f"{label}: {obj:.3f}  {values}  |  {p:.2f} {r:.2f} {f1:.2f}  {agree:.2f}  {forb}  {found}")
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
        names = ", ".join(name for name, _ in folds) if folds else ", ".join(name for name, *_ in data)
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
