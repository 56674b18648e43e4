"""Why did (or didn't) checker flag a gold entry? For development: prints, for each gold entry of a
dev case, the two claims' slots, the same-event test and the verdict.

    python scripts/explain_gold.py dev-cases/NAME [ID ...]
"""

import json
import sys
import unicodedata
from pathlib import Path

from checker.compare import judge_pair
from checker.compare.events import firmly_same, keyword_overlap, same_event
from checker.extract import extract_claims
from checker.index.encoders import load_encoder
from checker.ingest import read_corpus


def norm(t):
    return " ".join(unicodedata.normalize("NFKC", t).replace("\u2019", "'").casefold().split())


def alts(v):
    return [v] if isinstance(v, str) else v


def side(claims, s):
    return [c for c in claims if any(c.article.endswith(a) for a in alts(s["article"])) and any(norm(x) in norm(c.text) for x in alts(s["contains"]))]


def show(c):
    print(f"   [{c.article}] {c.text[:110]}")
    print(f"     type={c.event_type} markers={c.event_markers} part={c.participants} speaker={c.speaker_id} src={c.source}/{c.source_scope}")
    print(f"     dates={[(d.value, d.status) for d in c.date_mentions]} nums={[(q.value, q.unit_id) for q in c.numbers]} places={[(p.name, p.role) for p in c.place_mentions]}")
    print(f"     frames={[(f.predicate, f.negated, f.actors) for f in c.frames]} order={[(o.before, o.after) for o in c.order_facts]}")
    print(f"     kw={c.keywords}")


def main():
    case = Path(sys.argv[1])
    only = set(sys.argv[2:])
    gold = json.loads((case / "gold.json").read_text())
    claims = extract_claims(read_corpus(case / "corpus").articles)
    enc = load_encoder("e5-small")
    for e in gold["expect"] + gold.get("forbid", []):
        if only and e["id"] not in only:
            continue
        print(f"== {e['id']} {e['verdict']} {e.get('kind', '')}")
        for a in side(claims, e["a"])[:1]:
            show(a)
            for b in side(claims, e["b"]):
                show(b)
                va, vb = enc.encode([a.text, b.text])
                sim = float(va @ vb)
                m = same_event(a, b, sim)
                f = judge_pair(a, b, sim)
                print(f"     sim={sim:.3f} same={m} firm={firmly_same(a, b, m, sim)} overlap={keyword_overlap(a, b)}")
                print(f"     -> {f.verdict if f else None} {f.kind if f else ''} {f.explanation if f else ''}")


if __name__ == "__main__":
    main()
