"""Why did (or didn't) checker flag a gold entry? For development: prints, for each gold entry of a
dev case, both claims as the judge reads them, whether the pair was a candidate (its rank among the
neighbours), the judge's probabilities and the finding `decide` makes of them.

    python scripts/explain_gold.py dev-cases/NAME [ID ...]
    python scripts/explain_gold.py --missed RUN_DIR dev-cases/A dev-cases/B ...

``--missed RUN_DIR`` (findings saved by ``score_dev_cases.py --save RUN_DIR``) explains, in each case
given, only the expected conflicts that run did not find, with the slot comparisons of each pair;
``--missed-agreements RUN_DIR`` the gold agreements it did not find.
"""

import json
import sys
import tempfile
import unicodedata
from pathlib import Path

from checker.compare import candidate_pairs, decide
from checker.compare.engine import _slots, learnt_step
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
    args = sys.argv[1:]
    if args[:1] in (["--missed"], ["--missed-agreements"]):
        run = Path(args[1])
        for case in args[2:]:
            explain(Path(case), set(), missed=run / f"{Path(case).name}.json", agreements=args[0] != "--missed")
        return
    explain(Path(args[0]), set(args[1:]))


def missed_ids(gold, saved, agreements=False):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "tools"))
    from score_findings import CONFLICTS, matches

    verdicts = {"agreement"} if agreements else CONFLICTS
    findings = json.loads(saved.read_text()).get("findings", [])
    return {e["id"] for e in gold["expect"] if e["verdict"] in verdicts and not any(matches(e, f) for f in findings)}


def explain(case, only, missed=None, agreements=False):
    gold = json.loads((case / "gold.json").read_text())
    if missed is not None:
        only = missed_ids(gold, missed, agreements)
        print(f"##### {case.name}: missed {sorted(only)}")
        if not only:
            return
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        indexed = index_corpus(case / "corpus", settings, index=Path(tmp) / "i")
    claims = indexed.claims
    position = {c.id: i for i, c in enumerate(claims)}
    candidates = candidate_pairs(claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors)
    judge = load_pair_judge(settings.cache_dir)
    model = learnt_step(judge)  # the shipped decision: the learnt conflict step where decision.json turns it on
    for e in gold["expect"] + gold.get("forbid", []):
        if only and e["id"] not in only:
            continue
        print(f"== {e['id']} {e['verdict']} {e.get('kind', '')} {e.get('note', '')[:80]}")
        for a in side(claims, e["a"])[:1]:
            print(f"   A [{a.article}] {render_claim(a)[:160]}")
            for b in side(claims, e["b"]):
                i, j = sorted((position[a.id], position[b.id]))
                sim = float(indexed.vectors[i] @ indexed.vectors[j])
                # in compare's order (the earlier claim first): the judge reads the two orders differently
                (judged,) = judge.judge_claims([(claims[i], claims[j])])
                f = decide(claims[i], claims[j], judged, sim, model=model)
                print(f"   B [{b.article}] {render_claim(b)[:160]}")
                print(
                    f"     candidate={'yes' if (i, j) in candidates else 'NO'} cosine={sim:.3f} "
                    f"judge={judged.probabilities()}"
                )
                print(f"     -> {f.verdict if f else None} {f.kind if f else ''} {f.explanation if f else ''}")
                for c in _slots(a, b):
                    print(f"     slot {c.slot}: {c.left} | {c.right} -> {c.relation}")


if __name__ == "__main__":
    main()
