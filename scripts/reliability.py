"""How often checker's conflict findings are right, by confidence bin, over dev cases with gold files.

    python scripts/reliability.py ../shared/dev-cases/ia-summit dev-cases/crue-vidourle ...

A conflict finding is right when it matches an expected conflict of the gold file (the scorer's
rule); wrong otherwise. Runs `checker compare DIR/corpus --format json` for each case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "tools"))
from score_findings import CONFLICTS, matches  # noqa: E402  (the shared scorer's own matching rule)

BINS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def main(cases: list[str]) -> None:
    rows = []
    for case in map(Path, cases):
        gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
        out = subprocess.run([sys.executable, "-m", "checker.cli", "compare", str(case / "corpus"), "--format", "json",
                              "-q", "--index", f"/tmp/reliability-{case.name}"], capture_output=True, text=True, check=True)
        for f in json.loads(out.stdout)["findings"]:
            if f["verdict"] in CONFLICTS:
                ok = any(matches(e, f) for e in gold["expect"] if e["verdict"] in CONFLICTS)
                rows.append((f["confidence"], ok))
    print(f"{len(rows)} conflict findings over {len(cases)} cases")
    print("confidence   findings   right")
    for lo, hi in BINS:
        hits = [ok for c, ok in rows if lo <= c < hi]
        if hits:
            print(f"[{lo:.1f}, {min(hi, 1.0):.1f})   {len(hits):8d}   {sum(hits) / len(hits):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
