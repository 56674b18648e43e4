#!/usr/bin/env python3
"""Write a judge folder's weights again in another storage: float16, or int8 rows with a scale each.

    python scripts/store_judge.py /tmp/judge-v16 --store int8 --out /tmp/judge-v16-int8

A judge with more than seven layers trained does not fit the package's 25 MB in float16; int8 rows (one
float16 scale a row) halve it. The folder's judge.json is copied with its storage named; the script prints
both sizes and, with --check, how often the two forms give the same label on the pairs of a dev case.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STORAGE = {
    "float16": "float16",
    "int8": "int8 rows: each matrix of the trained layers in int8 with a float16 scale a row (scripts/store_judge.py); "
    "biases, layer norms and the head in float16",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--store", choices=("float16", "int8"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check", type=Path, help="a dev case (corpus/): compare both forms' labels on its pairs")
    opts = parser.parse_args()
    from safetensors.torch import load_file, save_file

    from checker.compare.judge import JUDGE_FORMAT
    from checker.compare.judge_model import loaded_state, stored_state

    if opts.out.resolve() == opts.folder.resolve():
        parser.error("--out must be another folder")
    weights = loaded_state(load_file(str(opts.folder / "weights.safetensors")))
    opts.out.mkdir(parents=True, exist_ok=True)
    meta = json.loads((opts.folder / "judge.json").read_text(encoding="utf-8"))
    meta["storage"] = STORAGE[opts.store]
    (opts.out / "judge.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    save_file(
        stored_state(weights, opts.store), str(opts.out / "weights.safetensors"), metadata={"format": JUDGE_FORMAT}
    )
    sizes = [(f / "weights.safetensors").stat().st_size / 1e6 for f in (opts.folder, opts.out)]
    print(f"{opts.folder}: {sizes[0]:.1f} MB; {opts.out} ({opts.store}): {sizes[1]:.1f} MB")
    if opts.check:
        import tempfile

        import numpy as np

        from checker.compare.engine import candidate_pairs
        from checker.compare.judge import load_pair_judge
        from checker.config import load_settings
        from checker.pipeline import index_corpus

        settings = load_settings()
        with tempfile.TemporaryDirectory() as tmp:
            indexed = index_corpus(opts.check, settings, index=Path(tmp) / "i")
        claims = indexed.claims
        pairs = [(claims[i], claims[j]) for i, j in sorted(candidate_pairs(claims, indexed.vectors, 8))]
        before, after = (
            load_pair_judge(settings.cache_dir, folder=f).judge_claims(pairs) for f in (opts.folder, opts.out)
        )
        same = np.mean([a.label == b.label for a, b in zip(before, after)])
        gap = max(abs(a.contradiction - b.contradiction) for a, b in zip(before, after))
        print(f"{len(pairs)} pairs: the same label {same:.3f}, largest change of P(contradiction) {gap:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
