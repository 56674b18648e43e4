"""Why did (or didn't) checker flag a gold entry? For development: prints, for each gold entry of a
dev case, both claims as the judge reads them, whether the pair was a candidate (its rank among the
neighbours), the judge's probabilities and the finding `decide` makes of them.

    python scripts/explain_gold.py dev-cases/NAME [ID ...]
"""

import json
import sys
import tempfile
import unicodedata
from pathlib import Path

from checker.compare import candidate_pairs, decide
from checker.compare.judge import load_pair_judge
from checker.compare.judge_input import render_claim
from checker.config import load_settings
from checker.pipeline import index_corpus


def norm(t):
    return " ".join(unicodedata.normalize("NFKC", t).replace("\u2019", "'").casefold().split())


def alts(v):
    return [v] if isinstance(v, str) else v


def side(claims, s):
    return [
        c
        for c in claims
        if any(c.article.endswith(a) for a in alts(s["article"]))
        and any(norm(x) in norm(c.text) for x in alts(s["contains"]))
    ]


def main():
    case = Path(sys.argv[1])
    only = set(sys.argv[2:])
    gold = json.loads((case / "gold.json").read_text())
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        indexed = index_corpus(case / "corpus", settings, index=Path(tmp) / "i")
    claims = indexed.claims
    position = {c.id: i for i, c in enumerate(claims)}
    candidates = candidate_pairs(claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors)
    judge = load_pair_judge(settings.cache_dir)
    for e in gold["expect"] + gold.get("forbid", []):
        if only and e["id"] not in only:
            continue
        print(f"== {e['id']} {e['verdict']} {e.get('kind', '')} {e.get('note', '')[:80]}")
        for a in side(claims, e["a"])[:1]:
            print(f"   A [{a.article}] {render_claim(a)[:160]}")
            for b in side(claims, e["b"]):
                i, j = sorted((position[a.id], position[b.id]))
                sim = float(indexed.vectors[i] @ indexed.vectors[j])
                (judged,) = judge.judge_claims([(a, b)])
                f = decide(a, b, judged, sim)
                print(f"   B [{b.article}] {render_claim(b)[:160]}")
                print(
                    f"     candidate={'yes' if (i, j) in candidates else 'NO'} cosine={sim:.3f} "
                    f"judge={judged.probabilities()}"
                )
                print(f"     -> {f.verdict if f else None} {f.kind if f else ''} {f.explanation if f else ''}")


if __name__ == "__main__":
    main()
