"""The material the judge learns from, each piece with its licence.

- Public pair sets from ``../shared/train`` and ``../shared/eval`` (:func:`read_pair_set`). Each
  reader maps the set's labels onto the judge's three (agreement, contradiction, unrelated); where a
  set does not tell two of them apart, the pair gets both as allowed labels (DACCORD's « compatibles »
  is agreement OR unrelated; a PAWS-X non-paraphrase is contradiction OR unrelated) and the training
  loss asks only that the model put its probability on that set.
- Annotated stories (``training/stories/*/*.json``, written for this project, MIT): every sentence says
  which story facts it states and with which value; two sentences of different articles that share a
  fact with one value agree, with two values conflict, and share nothing: not the same fact
  (:func:`story_pairs`).
- Dev cases (``dev-cases/*``: articles plus gold): their sentences are varied by
  :mod:`checker.training.perturb`, and their gold entries give real cross-outlet pairs (:func:`gold_pairs`).

``LICENCES`` says which sources a judge shipped in the package may learn from.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.compare.judge_input import strip_dateline
from checker.models import Article, Claim

__all__ = [
    "LICENCES",
    "SHIPPABLE",
    "Pair",
    "Sentence",
    "Story",
    "gold_pairs",
    "read_pair_set",
    "read_written",
    "read_story",
    "story_pairs",
    "strip_dateline",
]

AGREE, CONFLICT, UNRELATED = "agreement", "contradiction", "unrelated"

# Source -> (licence, may a shipped judge learn from it)
LICENCES: dict[str, tuple[str, bool]] = {
    "daccord": ("BSD-2-Clause (../shared/eval/daccord/LICENSE)", True),
    "rte3-fr": ("BSD-2-Clause (../shared/eval/rte3-fr/LICENSE)", True),
    "pawsx-fr": ("PAWS-X: free for any purpose, with acknowledgement", True),
    "stsb-fr": (
        "STS-B scores CC BY-SA 4.0; texts per original source (news headlines, MSR paraphrases, captions, forums)",
        True,
    ),
    "xnli-fr-dev": ("CC BY-NC 4.0: measured on, never learnt from by a shipped judge", False),
    "xnli-mt-fr": ("CC BY-NC 4.0: measured on, never learnt from by a shipped judge", False),
    "sick-fr": ("CC BY-NC-SA 3.0: measured on, never learnt from by a shipped judge", False),
    "stories": ("written for this project, MIT (training/stories/)", True),
    "dev-cases": ("written for this project, MIT (dev-cases/)", True),
    "written": ("written for this project, MIT (training/written/: labelled pairs of outlets' sentences)", True),
    "corpus": ("the sample corpus (corpus/): its own articles' sentences, varied", True),
}
SHIPPABLE = frozenset(name for name, (_, ok) in LICENCES.items() if ok)


@dataclass
class Pair:
    """Two texts and what the judge should say of them (one label, or a set when the data cannot tell)."""

    a: str
    b: str
    labels: tuple[str, ...]
    source: str  # a key of LICENCES
    origin: str  # how it was made: "daccord", "story", "gold", "gen:number", ...
    group: str  # pairs of one group never straddle a train / validation split
    a_lang: str = "fr"
    b_lang: str = "fr"
    a_pub: str | None = None
    b_pub: str | None = None
    meta: dict = field(default_factory=dict)

    def key(self) -> str:
        return hashlib.sha1(f"{self.a}\x00{self.b}".encode()).hexdigest()[:16]


def _h(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


WRITTEN_LABELS = (AGREE, CONFLICT, UNRELATED)


def read_written(folder: Path) -> list[Pair]:
    """The labelled pairs of ``training/written/*.jsonl``: two outlets' sentences on one invented story, each
    line ``{"story", "a", "b", "label", "kind", "lang_a", "lang_b", "pub_a", "pub_b"}`` (a JSON object). They
    were written, by writers who never saw the engine, to teach what the generated pairs cannot: a yes and a
    no, or one fact, in two outlets' own words (training/written/README.md). A line that does not parse or
    has another label is an error, with its file and line."""
    out = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = row["label"]
                if label not in WRITTEN_LABELS or not row["a"].strip() or not row["b"].strip():
                    raise ValueError(f"label {label!r} or an empty side")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path.name}:{n}: not a written pair ({exc})") from exc
            out.append(
                Pair(
                    row["a"].strip(),
                    row["b"].strip(),
                    (label,),
                    "written",
                    f"written:{row.get('kind') or label}",
                    f"written:{path.stem.split('-')[0]}:{row.get('story', '')}",
                    row.get("lang_a", "fr"),
                    row.get("lang_b", "fr"),
                    row.get("pub_a"),
                    row.get("pub_b"),
                )
            )
    return out


# ------------------------------------------------------------------------------------------ pair sets
def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_pair_set(name: str, path: Path, *, splits: Sequence[str] | None = None) -> list[Pair]:
    """One public set as judge pairs. ``name`` is a key of LICENCES; ``splits`` filters sets that have them."""
    rows = _rows(path)
    if splits is not None:
        rows = [r for r in rows if r.get("split", "").lower() in {s.lower() for s in splits}]
    out: list[Pair] = []
    for r in rows:
        if name == "daccord":
            labels = (CONFLICT,) if r["label_text"] == "contradiction" else (AGREE, UNRELATED)
            out.append(
                Pair(
                    r["premise"],
                    r["hypothesis"],
                    labels,
                    name,
                    name,
                    "daccord:" + (r.get("url") or _h(r["premise"])),
                    meta={"id": r["id"]},
                )
            )
        elif name in {"rte3-fr", "xnli-fr-dev", "xnli-mt-fr", "sick-fr"}:
            text = (r.get("label_text") or r.get("label") or "").strip().lower()
            label = {
                "entailment": AGREE,
                "neutral": UNRELATED,
                "contradiction": CONFLICT,
                "yes": AGREE,
                "unknown": UNRELATED,
                "no": CONFLICT,
                "0": AGREE,
                "1": UNRELATED,
                "2": CONFLICT,
            }.get(text)
            if label is None:
                continue
            premise = r.get("premise") or r.get("sentence1") or r.get("sentence_A") or ""
            hypothesis = r.get("hypothesis") or r.get("sentence2") or r.get("sentence_B") or ""
            out.append(
                Pair(
                    premise,
                    hypothesis,
                    (label,),
                    name,
                    name,
                    f"{name}:{_h(premise)}",
                    meta={"id": r.get("id") or r.get("uid") or r.get("pair_ID") or ""},
                )
            )
        elif name == "pawsx-fr":
            labels = (AGREE,) if r["label"].strip() == "1" else (CONFLICT, UNRELATED)
            out.append(
                Pair(
                    r["sentence1"],
                    r["sentence2"],
                    labels,
                    name,
                    name,
                    f"paws:{_h(r['sentence1'])}",
                    meta={"id": r["id"]},
                )
            )
        elif name == "stsb-fr":
            score = float(r["score"])
            if score >= 4.0:
                labels = (AGREE,)
            elif score <= 1.0:
                labels = (UNRELATED,)
            elif score <= 3.0:
                labels = (CONFLICT, UNRELATED)
            else:
                continue  # 3-4: mostly the same with a detail changed; neither label is safe
            out.append(Pair(r["sentence1"], r["sentence2"], labels, name, name, f"stsb:{_h(r['sentence1'])}"))
        else:
            raise ValueError(f"unknown pair set {name!r}")
    return [p for p in out if p.a.strip() and p.b.strip()]


# ------------------------------------------------------------------------------------------ sentences
@dataclass
class Sentence:
    """A sentence of an article, ready to be varied: its claim (slots, offsets) and its article's facts."""

    text: str
    language: str
    published: str | None
    group: str
    article: str
    claim: Claim | None = None
    facts: dict[str, str] = field(default_factory=dict)
    speaker: str | None = None
    agency: str | None = None


# ------------------------------------------------------------------------------------------ stories
@dataclass
class Story:
    name: str
    sentences: list[Sentence]


def read_story(path: Path) -> Story:
    """An annotated story (see training/stories/README.md)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    name = Path(path).stem
    out = []
    for art in data["articles"]:
        for s in art["sentences"]:
            text = s["text"].strip()
            if not text:
                continue
            out.append(
                Sentence(
                    text,
                    art.get("language", "fr"),
                    art.get("published"),
                    f"story:{name}",
                    f"{name}/{art['id']}",
                    facts=dict(s.get("facts") or {}),
                    speaker=s.get("speaker"),
                    agency=s.get("agency"),
                )
            )
    return Story(name, out)


def story_label(s: Sentence, t: Sentence) -> str:
    """Agreement when the shared facts have one value each, contradiction when one differs, unrelated when
    none is shared."""
    shared = set(s.facts) & set(t.facts)
    if not shared:
        return UNRELATED
    return CONFLICT if any(s.facts[f] != t.facts[f] for f in shared) else AGREE


def story_pairs(story: Story) -> list[Pair]:
    """Every pair of sentences from two different articles of the story, labelled by their facts."""
    out = []
    sents = story.sentences
    for i, s in enumerate(sents):
        for t in sents[i + 1 :]:
            if s.article == t.article:
                continue
            label = story_label(s, t)
            out.append(
                Pair(
                    strip_dateline(s.text),
                    strip_dateline(t.text),
                    (label,),
                    "stories",
                    "story",
                    s.group,
                    s.language,
                    t.language,
                    s.published,
                    t.published,
                    meta={"shared": sorted(set(s.facts) & set(t.facts))},
                )
            )
    return out


# ------------------------------------------------------------------------------------------ dev cases
def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _alternatives(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _side(side: dict, claims: Iterable[Claim]) -> list[Claim]:
    arts = _alternatives(side["article"])
    wanted = [_norm(c) for c in _alternatives(side["contains"])]
    return [
        c
        for c in claims
        if any(c.article == a or c.article.endswith("/" + a) for a in arts) and any(w in _norm(c.text) for w in wanted)
    ]


def gold_pairs(case: str, gold: dict, claims: Sequence[Claim], articles: dict[str, Article]) -> list[Pair]:
    """Real cross-outlet pairs from a dev case's gold file. An attribution conflict is the same statement
    (content agrees: who said it is for the attribution rules); a forbidden contradiction is not one."""
    out = []
    for entry, forbidden in [(e, False) for e in gold.get("expect", [])] + [(e, True) for e in gold.get("forbid", [])]:
        labels: tuple[str, ...]
        if forbidden:
            labels = (AGREE, UNRELATED)
        else:
            labels = {"agreement": (AGREE,), "contradiction": (CONFLICT,), "attribution_conflict": (AGREE,)}[
                entry["verdict"]
            ]
        for a in _side(entry["a"], claims):
            for b in _side(entry["b"], claims):
                if a.article == b.article:
                    continue
                out.append(
                    Pair(
                        a.text,
                        b.text,
                        labels,
                        "dev-cases",
                        "gold",
                        f"case:{case}",
                        a.language,
                        b.language,
                        articles[a.article].published,
                        articles[b.article].published,
                        meta={"entry": entry["id"], "kind": entry.get("kind")},
                    )
                )
    return out
