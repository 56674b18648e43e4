#!/usr/bin/env python3
"""Train the learnt conflict step (checker/compare/conflict_model.py) on judged dev cases, and measure it.

    python scripts/tune_decision.py --judged /tmp/holdout.pkl          # judge dev-cases/HOLDOUT once
    python scripts/train_conflict_model.py /tmp/holdout.pkl [more.pkl ...] [--write]

Each pickle holds judged cases (tune_decision.py's ``--judged`` format: the claims and every candidate
pair with the judge's probabilities). The cases must be ones the judge never learnt from. Every candidate
pair is a row: its features (conflict_model.FEATURES) and a label, 1 when the pair matches a planted
contradiction of the case's gold (the shared scorer's rule), else 0.

Measured by leaving one group out (one pickle = one group, or each case when there is one pickle): the
model is fitted on the other groups, its threshold chosen there (the best pair-level F1 on the fitted
rows), and the left-out group's findings (as ``decide`` makes them) are scored as tune_decision scores them,
next to the same cases' findings with ``decision.json``'s thresholds. The figures printed are development
figures: a blind batch run once is the one to report. ``--write`` fits on everything and writes
checker/compare/data/conflict_model.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
from score_dev_cases import names_pair  # noqa: E402  (the shared scorer's own matching rule)
from tune_decision import findings_for, score, summary  # noqa: E402

from checker.compare.conflict_model import (  # noqa: E402
    FEATURES,
    MODEL_FILE,
    ConflictModel,
    features,
    judge_fingerprint,
)
from checker.compare.engine import _slots, load_decision  # noqa: E402

SEED = 13


@dataclass(frozen=True)
class StepSettings:
    """How the step is fitted. The defaults are the shipped step's: C and the trap weight chosen left out one batch
    of 31-45 at a time among 0.05, 0.5, 5 and 3, 10, 30 (notes/judge-decision-study.md, "The step's regularisation
    and the weight of traps"; 0.5 and 10 before)."""

    trap_weight: float = 30.0  # a planted trap or agreement, as a pair that is no contradiction
    beta: float = 0.3  # the threshold's F-beta: precision counts about ten times as much as recall
    c: float = 5.0  # the logistic regression's inverse regularisation strength


SHIPPED = StepSettings()


def rows_of(
    case, names: tuple[str, ...] = FEATURES, settings: StepSettings = SHIPPED
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of a judged case's candidate pairs: a trap of the gold (« forbid ») or
    one of its agreements counts ``settings.trap_weight`` times as a pair that is no contradiction."""
    _, gold, _, rows = case
    planted = [e for e in gold["expect"] if e["verdict"] == "contradiction"]
    not_conflicts = [e for e in gold["expect"] if e["verdict"] == "agreement"] + list(gold.get("forbid", []))
    xs, ys, ws = [], [], []
    for a, b, similarity, _, judged in rows:
        xs.append(features(a, b, judged, similarity, _slots(a, b), names))
        label = float(any(names_pair(e, a, b) for e in planted))
        trap = any(names_pair(e, a, b) for e in not_conflicts)
        ys.append(label)
        ws.append(settings.trap_weight if trap and not label else 1.0)
    return np.asarray(xs), np.asarray(ys), np.asarray(ws)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    why: str = "",
    names: tuple[str, ...] = FEATURES,
    settings: StepSettings = SHIPPED,
) -> ConflictModel:
    """Logistic regression on standardised features; the threshold with the best weighted F-beta (beta
    ``settings.beta`` < 1: a false alarm costs an editor more than a miss) on the fitted rows."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    lr = LogisticRegression(C=settings.c, max_iter=2000, random_state=SEED).fit(z, y, sample_weight=w)
    p = lr.predict_proba(z)[:, 1]
    best, threshold = -1.0, 0.5
    b2 = settings.beta**2
    for t in np.arange(0.05, 0.96, 0.01):
        tp = float((w * ((p >= t) & (y == 1))).sum())
        fp = float((w * ((p >= t) & (y == 0))).sum())
        fn = float((w * ((p < t) & (y == 1))).sum())
        f = (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp) if tp else 0.0
        if f > best:
            best, threshold = f, float(round(t, 2))
    return ConflictModel(
        features=names,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in lr.coef_[0]),
        bias=float(lr.intercept_[0]),
        threshold=threshold,
        judge=judge_fingerprint(),
        why=why,
    )


def scored(cases, model: ConflictModel | None) -> dict[str, int]:
    decision = load_decision()
    if model is not None:
        decision = decision.model_copy(update={"conflict_model": True})
    total = dict.fromkeys(("found", "right", "expected", "hit", "agreements", "agreed", "forbidden"), 0)
    for _, gold, claims, rows in cases:
        s = score(gold, findings_for(claims, rows, decision, model=model))
        for k in total:
            total[k] += s[k]
    return total


def line(name: str, total: dict[str, int]) -> str:
    p, r, f1, agree = summary(total)
    objective = f1 + 0.5 * agree - 0.1 * total["forbidden"]
    return (
        f"{name:<28} objective {objective:.3f} | P {p:.2f} R {r:.2f} F1 {f1:.2f} | agreement recall {agree:.2f} | "
        f"forbidden {total['forbidden']} | conflicts {total['found']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judged", nargs="+", type=Path, help="pickles written by tune_decision.py --judged")
    parser.add_argument("--write", action="store_true", help="fit on every case and write the shipped model")
    parser.add_argument("--beta", type=float, default=SHIPPED.beta, help=f"the threshold's F-beta ({SHIPPED.beta})")
    parser.add_argument("--trap-weight", type=float, default=SHIPPED.trap_weight, help=f"({SHIPPED.trap_weight})")
    parser.add_argument(
        "--c", type=float, default=SHIPPED.c, help=f"the regression's inverse regularisation ({SHIPPED.c})"
    )
    parser.add_argument(
        "--without",
        nargs="+",
        default=[],
        choices=FEATURES,
        metavar="FEATURE",
        help="leave these features out (to measure what they add); the model file names the ones it weighs",
    )
    opts = parser.parse_args()
    names = tuple(f for f in FEATURES if f not in opts.without)
    settings = StepSettings(trap_weight=opts.trap_weight, beta=opts.beta, c=opts.c)
    groups = []
    for path in opts.judged:
        cases = pickle.loads(path.read_bytes())  # noqa: S301 (files tune_decision.py wrote)
        groups.append((path.stem, cases))
    if len(groups) == 1:
        groups = [(case[0], [case]) for case in groups[0][1]]
    data = {name: [rows_of(c, names, settings) for c in cases] for name, cases in groups}
    positives = sum(int(y.sum()) for parts in data.values() for _, y, _ in parts)
    rows = sum(len(y) for parts in data.values() for _, y, _ in parts)
    print(f"{len(groups)} groups, {rows} candidate pairs, {positives} planted contradictions among them")
    thresholds_total = dict.fromkeys(("found", "right", "expected", "hit", "agreements", "agreed", "forbidden"), 0)
    model_total = dict(thresholds_total)
    for name, cases in groups:
        train = [part for other, parts in data.items() if other != name for part in parts]
        model = fit(*(np.concatenate([part[k] for part in train]) for k in range(3)), names=names, settings=settings)
        base, learnt = scored(cases, None), scored(cases, model)
        for k in thresholds_total:
            thresholds_total[k] += base[k]
            model_total[k] += learnt[k]
        print(f"left out {name}: threshold {model.threshold}")
        print("  " + line("decision.json thresholds", base))
        print("  " + line("learnt conflict model", learnt))
    print("pooled over the left-out groups:")
    print("  " + line("decision.json thresholds", thresholds_total))
    print("  " + line("learnt conflict model", model_total))
    if opts.write:
        learnt_on = ", ".join(name for name, _ in groups)
        why = (
            f"logistic regression (C={settings.c:g}, traps and agreements weighted {settings.trap_weight:g}, "
            f"seed {SEED}) on {rows} "
            f"candidate pairs of judged dev cases the judge never learnt from ({learnt_on}), {positives} of them "
            f"planted contradictions; threshold: best pair-level F{settings.beta:g} on them "
            "(scripts/train_conflict_model.py)"
        )
        parts = [part for parts in data.values() for part in parts]
        model = fit(*(np.concatenate([part[k] for part in parts]) for k in range(3)), why, names, settings)
        MODEL_FILE.write_text(json.dumps(model.model_dump(), indent=1) + "\n", encoding="utf-8")
        print(f"written {MODEL_FILE} (threshold {model.threshold})")
        for feature, weight in sorted(zip(names, model.weights), key=lambda fw: -abs(fw[1])):
            print(f"  {weight:+.2f}  {feature}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
