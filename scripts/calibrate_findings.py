"""Fit the finding-confidence calibration on the dev cases, and say how well it holds on cases it did not see.

    python scripts/calibrate_findings.py            # fit, print leave-one-case-out figures, write the weights
    python scripts/calibrate_findings.py --check    # print the figures only
    python scripts/calibrate_findings.py --reliability dev-cases/x dev-cases/y   # calibrated findings of
                                                    # these cases by confidence bin (e.g. on held-out cases)

Every conflict finding of every dev case with a gold file (dev-cases/*, ../shared/dev-cases/*) is
labelled right when it matches an expected conflict (the shared scorer's rule), wrong otherwise. The
model: logistic regression on logit(raw score) + one indicator per kind (checker/compare/calibration.py).
Leave-one-case-out: each case's findings are scored by a model fitted on the other cases; the
reliability table and expected calibration error (ECE) printed come from those out-of-case scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from score_dev_cases import CONFLICTS, cases, matches  # noqa: E402

from checker.compare.calibration import KINDS, PATH, features  # noqa: E402

BINS = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
C = 1.0  # L2 strength; fixed, not tuned on the figures reported


def labelled(case_dirs: list[Path], calibrated: bool) -> list[tuple[str, float, str, bool]]:
    """(case, confidence, kind, right) for every conflict finding."""
    from checker.compare import compare_claims
    from checker.config import load_settings
    from checker.pipeline import index_corpus

    settings = load_settings()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in case_dirs:
            gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
            expected = [e for e in gold["expect"] if e["verdict"] in CONFLICTS]
            indexed = index_corpus(case / "corpus", settings, index=Path(tmp) / case.name)
            findings = compare_claims(indexed.claims, indexed.vectors, neighbours=settings.neighbours,
                                      quote_vectors=indexed.quote_vectors, calibrated=calibrated)
            for f in findings:
                if f.verdict in CONFLICTS:
                    data = json.loads(f.model_dump_json())
                    rows.append((case.name, f.confidence, f.kind, any(matches(e, data) for e in expected)))
    return rows


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=1000).fit(x, y)


def table(probs: np.ndarray, y: np.ndarray) -> tuple[list[str], float]:
    lines, ece = ["confidence   findings   mean conf   right"], 0.0
    for lo, hi in BINS:
        sel = (probs >= lo) & (probs < hi)
        if sel.any():
            ece += sel.sum() / len(y) * abs(probs[sel].mean() - y[sel].mean())
            lines.append(f"[{lo:.1f}, {min(hi, 1.0):.1f})   {sel.sum():8d}   {probs[sel].mean():9.2f}   {y[sel].mean():5.2f}")
    return lines, ece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the figures, write nothing")
    parser.add_argument("--reliability", nargs="+", type=Path, help="calibrated findings of these cases by bin")
    opts = parser.parse_args()
    if opts.reliability:
        rows = labelled(opts.reliability, calibrated=True)
        probs, y = np.array([r[1] for r in rows]), np.array([r[3] for r in rows], float)
        lines, ece = table(probs, y)
        print(f"{len(rows)} conflict findings over {len(opts.reliability)} cases, {int(y.sum())} right")
        print("\n".join(lines) + f"\nECE {ece:.3f}")
        return
    case_dirs = cases([])
    rows = labelled(case_dirs, calibrated=False)
    names = sorted({r[0] for r in rows})
    x = np.array([features(r[1], r[2]) for r in rows])
    y = np.array([r[3] for r in rows], float)
    group = np.array([r[0] for r in rows])
    out_of_case = np.zeros(len(rows))
    for name in names:
        test = group == name
        if len(set(y[~test])) < 2:
            out_of_case[test] = y[~test].mean()
            continue
        out_of_case[test] = fit(x[~test], y[~test]).predict_proba(x[test])[:, 1]
    raw = np.array([r[1] for r in rows])
    raw_lines, raw_ece = table(raw, y)
    lines, ece = table(out_of_case, y)
    print(f"{len(rows)} conflict findings over {len(names)} dev cases, {int(y.sum())} right ({y.mean():.2f})")
    print("raw scores:\n" + "\n".join(raw_lines) + f"\nECE {raw_ece:.3f}")
    print("calibrated, leave one case out:\n" + "\n".join(lines) + f"\nECE {ece:.3f}")
    if opts.check:
        return
    model = fit(x, y)
    PATH.write_text(json.dumps({
        "about": "Finding confidence calibration (checker/compare/calibration.py); refit with scripts/calibrate_findings.py",
        "kinds": list(KINDS),
        "coef": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "C": C,
        "data": {"cases": names, "findings": len(rows), "right": int(y.sum())},
        "leave_one_case_out": {"ece": round(ece, 4), "raw_ece": round(raw_ece, 4), "table": lines},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
