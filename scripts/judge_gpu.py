#!/usr/bin/env python3
"""Train the pair judge on a GPU machine: the pairs are prepared here, trained there, the judge unpacked here.

    python scripts/judge_gpu.py candidates CASE... --out F.pkl   # here: the pairs the engine would judge
    python scripts/judge_gpu.py prepare --out gpu/ --cases notes/sealed/batch{9..15}/* \\
        --dev-cases notes/sealed/batch{16..27}/* --candidates-train T.pkl... --candidates-dev D.pkl...
                                                      # here (CPU, spaCy): build, render and tokenise
    python3 scripts/judge_gpu.py train gpu/ --device cuda --out OUT [--only NAME...]   # there
    python scripts/judge_gpu.py unpack OUT/NAME --into DIR          # here: a variant as a judge folder
    python scripts/judge_gpu.py judged OUT/probabilities.npz D.pkl... --judge NAME --out DIR
                                                      # here: tune_decision.py's pickles, for --leave-one-out

Why two halves: rendering a pair as the judge reads it needs checker's extraction (spaCy, the gazetteers),
which the GPU machine does not have, and that machine takes at most 64 MiB of files. So ``prepare`` writes
what training needs and nothing more: the token ids of every pair (over a vocabulary cut down to the tokens
they use), the word vectors of those tokens (the embeddings are never trained), e5's configuration, and
each pair's labels, weight, origin, group and role. ``train`` starts every variant from the shipped judge
(``--init``, all twelve layers and the head), trains all twelve layers, calibrates a temperature on the
held-out groups (8 %, as scripts/train_judge.py), and measures each variant, and the starting judge itself,
on the same pairs:

- held out: accuracy over the held-out groups, by origin (the written pairs' own among them);
- XNLI-fr dev (CC BY-NC: measured, never learnt from): 3-way accuracy;
- the gold pairs of read cases that no variant learns from (``--dev-cases``): how well P(contradiction)
  ranks their planted conflicts above their agreements and traps (AUC), and the mean P(contradiction) of
  each kind of conflict, of the agreements and of the traps;
- the pairs the engine would judge in those cases (``--candidates-dev``): the same AUC, and how often
  planted conflicts, traps and unnamed pairs reach P(contradiction) 0.6; their probabilities come back
  (``probabilities.npz``) for ``judged`` and scripts/tune_decision.py.

Candidate pairs of the training cases (``--candidates-train``) are judged by the starting judge and, per case,
the 40 unnamed ones it reads likeliest as contradictions and 20 drawn are learnt as "not a contradiction"
with its split between agreement and unrelated (scripts/train_judge.py's ``--candidates``). Every variant's
figures go to ``figures.json``; the two with the highest AUC over candidate pairs keep their weights, in
int8 rows, two files each under 16 MB (a run brings back eight files at most).
One seed for everything.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SHARED = ROOT.parent / "shared"
JUDGE = ROOT / "checker" / "compare" / "data" / "judge"

# name -> what it trains on (origin prefixes in focus, other pairs replayed), epochs, learning rate
VARIANTS: dict[str, dict] = {
    "written": {"focus": ("written:",), "replay": 6000, "epochs": 2, "lr": 3e-5},
    "written-gold": {"focus": ("written:", "gold"), "replay": 10000, "epochs": 2, "lr": 3e-5},
    "written-gold-polarity": {
        "focus": ("written:", "gold", "gen:paraphrase-polarity"),
        "replay": 10000,
        "epochs": 2,
        "lr": 3e-5,
    },
    "all": {"focus": ("",), "replay": 0, "epochs": 1, "lr": 2e-5},
    # the second run (notes/judge-decision-study.md, v17): the engine's own candidate pairs of the read training
    # cases learnt as "not a contradiction", with the starting judge's split between agreement and unrelated
    "written-gold-candidates": {"focus": ("written:", "gold", "candidate"), "replay": 10000, "epochs": 2, "lr": 3e-5},
    "written-gold-candidates-1ep": {
        "focus": ("written:", "gold", "candidate"),
        "replay": 10000,
        "epochs": 1,
        "lr": 3e-5,
    },
    "gold-candidates": {"focus": ("gold", "candidate"), "replay": 10000, "epochs": 2, "lr": 3e-5},
}
HARD, DRAWN = 40, 20  # a training case's candidate pairs learnt: the likeliest contradictions, and drawn ones
KEEP = 2  # variants whose weights come back
PART = 14 * 2**20  # bytes a weights file holds at most


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- prepare
def prepare(opts) -> int:
    import pickle

    from train_judge import pair_weights, pairs_digest, render_all, split_groups, training_cases

    from checker.compare.judge import load_tokenizer
    from checker.compare.judge_input import rendered_pairs
    from checker.index.bert import load_base_state
    from checker.index.encoders import e5_folder
    from checker.training.pairs import build_pairs, case_sentences, either_side_first
    from checker.training.sources import read_pair_set, read_written

    seed = opts.seed
    pairs = build_pairs(
        SHARED,
        ROOT / "training" / "stories",
        training_cases(set()) + [c for c in opts.cases if (c / "corpus").is_dir()],
        seed=seed,
        polarity_paraphrases=True,
        progress=lambda stage, d, t: log(f"{stage} {d}/{t}") if d == t or d % 2000 == 0 else None,
    )
    written = read_written(ROOT / "training" / "written")
    either_side_first(written, random.Random(seed))
    train_pairs = pairs + written
    dev = []
    for case in opts.dev_cases:
        if (case / "corpus").is_dir():
            _, gold = case_sentences(case)
            for p in gold:
                p.meta["batch"] = case.parent.name
            dev += gold
    xnli = read_pair_set("xnli-fr-dev", SHARED / "train" / "xnli-fr-dev.tsv")
    log(f"{len(pairs)} pairs, {len(written)} written, {len(dev)} dev gold pairs, {len(xnli)} XNLI-fr dev")
    everything = train_pairs + dev + xnli
    rendered = render_all(everything, Path.home() / ".cache" / "checker" / "judge-train" / "rendered.json")
    candidate_meta = []
    for role, files in (("cand-train", opts.candidates_train), ("cand-dev", opts.candidates_dev)):
        for path in files:
            for name, _gold, _claims, rows in pickle.loads(path.read_bytes()):  # noqa: S301 (our own file)
                rendered += rendered_pairs([(a, b) for a, b, *_ in rows])
                candidate_meta += [
                    {
                        "role": role,
                        "origin": "candidate",
                        "group": f"case:{name}",
                        "case": name,
                        "batch": path.stem,
                        "named": row[-1],
                        "labels": ["agreement", "unrelated"],
                        "weight": 1.0,
                    }
                    for row in rows
                ]
    folder = e5_folder()
    ids = [e.ids for e in load_tokenizer(folder).encode_batch(rendered)]
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    pad = int(config.get("pad_token_id", 1))
    used = sorted({t for row in ids for t in row} | {pad})
    compact = {t: i for i, t in enumerate(used)}
    flat = np.array([compact[t] for row in ids for t in row], dtype=np.uint16 if len(used) < 65536 else np.int32)
    offsets = np.cumsum([0] + [len(row) for row in ids]).astype(np.int64)
    held = split_groups(train_pairs, 0.08, seed)
    weights = pair_weights(train_pairs)
    rows = [
        {
            "role": "train",
            "held": h,
            "origin": p.origin,
            "group": p.group,
            "labels": list(p.labels),
            "weight": w,
        }
        for p, h, w in zip(train_pairs, held, weights)
    ]
    rows += [
        {
            "role": "dev",
            "origin": "gold",
            "group": p.group,
            "labels": list(p.labels),
            "kind": p.meta.get("kind"),
            "entry": p.meta.get("entry"),
            "batch": p.meta.get("batch"),
        }
        for p in dev
    ]
    rows += [{"role": "xnli", "origin": "xnli-fr-dev", "group": p.group, "labels": list(p.labels)} for p in xnli]
    rows += candidate_meta
    out: Path = opts.out
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "ids.npz", flat=flat, offsets=offsets)
    meta = {"pad": compact[pad], "vocab": len(used), "seed": seed, "pairs_sha256": pairs_digest(train_pairs)}
    meta["rows"] = rows
    with gzip.open(out / "pairs.json.gz", "wt", encoding="utf-8") as f:
        json.dump(meta, f)
    base = load_base_state(folder)
    from safetensors.torch import save_file

    embeddings = {k: v for k, v in base.items() if k.startswith("embeddings.")}
    embeddings["embeddings.word_embeddings.weight"] = embeddings["embeddings.word_embeddings.weight"][used].half()
    save_file({k: v.contiguous() for k, v in embeddings.items()}, str(out / "embeddings.safetensors"))
    (out / "config.json").write_text(json.dumps({**config, "vocab_size": len(used), "pad_token_id": compact[pad]}))
    size = sum(f.stat().st_size for f in out.iterdir()) / 2**20
    log(f"written {out}: {len(rows)} pairs, {len(used)} tokens, {size:.1f} MiB")
    return 0


def candidates(opts) -> int:
    """The pairs the engine would judge in each case (``tune_decision.candidate_rows``), with the gold entry
    that names each (the shared scorer's rule), pickled as ``[(name, gold, claims, rows)]``: rows
    ``(a, b, score, quote cosine, named)`` where named is "conflict", "agreement", "forbid" or None."""
    import pickle
    import tempfile

    from score_dev_cases import names_pair
    from tune_decision import candidate_rows

    from checker.config import load_settings

    settings = load_settings()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in opts.cases:
            gold = (
                json.loads((case / "gold.json").read_text(encoding="utf-8")) if (case / "gold.json").is_file() else {}
            )
            entries = [("forbid", e) for e in gold.get("forbid", [])] + [
                ("agreement" if e["verdict"] == "agreement" else "conflict", e) for e in gold.get("expect", [])
            ]
            claims, rows = candidate_rows(case, settings, Path(tmp))
            named = [next((k for k, e in entries if names_pair(e, a, b)), None) for a, b, *_ in rows]
            out.append((case.name, gold, claims, [(*row, n) for row, n in zip(rows, named)]))
            log(f"{case.name}: {len(rows)} candidate pairs")
    opts.out.write_bytes(pickle.dumps(out))
    return 0


# ------------------------------------------------------------------------------------------------ train
def _auc(scores: list[float], positive: list[bool]) -> float | None:
    """train_judge.auc, rounded, None (not nan: figures.json is JSON) with one class."""
    from train_judge import auc

    value = auc(scores, positive)
    return None if math.isnan(value) else round(value, 4)


def measure(rows, probs: np.ndarray, idx: dict[str, list[int]]) -> dict:
    """The figures of one judge (probabilities of every pair, calibrated) on the held-out, XNLI and dev pairs."""
    from checker.training.trainer import LABELS

    out: dict = {}
    pred = probs.argmax(1)

    def right(i: int) -> bool:
        return LABELS[pred[i]] in rows[i]["labels"]

    held = idx["held"]
    out["held_out"] = {"pairs": len(held), "accuracy": round(float(np.mean([right(i) for i in held])), 4)}
    by: dict[str, list[int]] = {}
    for i in held:
        origin = rows[i]["origin"]
        by.setdefault("written" if origin.startswith("written:") else origin, []).append(i)

    def share(v: list[int]) -> list:
        return [len(v), round(float(np.mean([right(i) for i in v])), 3)]

    out["held_out"]["by_origin"] = {k: share(v) for k, v in sorted(by.items())}
    written = [i for i in held if rows[i]["origin"].startswith("written:")]
    if written:
        kinds: dict[str, list[int]] = {}
        for i in written:
            kinds.setdefault(rows[i]["origin"], []).append(i)
        out["held_out"]["written_by_kind"] = {k: share(v) for k, v in sorted(kinds.items())}
    x = idx["xnli"]
    out["xnli_fr_dev_accuracy"] = round(float(np.mean([right(i) for i in x])), 4)
    dev = idx["dev"]
    conflict = [rows[i]["labels"] == ["contradiction"] for i in dev]
    contra = [float(probs[i, 1]) for i in dev]
    out["dev_auc_contradiction"] = _auc(contra, conflict)
    agree = [rows[i]["labels"] == ["agreement"] for i in dev]
    out["dev_auc_agreement"] = _auc([float(probs[i, 0]) for i in dev], agree)
    groups: dict[str, list[float]] = {}
    for i, c in zip(dev, contra):
        labels = rows[i]["labels"]
        name = (
            f"conflict:{rows[i]['kind']}"
            if labels == ["contradiction"]
            else "agreement"
            if labels == ["agreement"]
            else "trap"
        )
        groups.setdefault(name, []).append(c)
    out["dev_mean_p_contradiction"] = {k: [len(v), round(float(np.mean(v)), 3)] for k, v in sorted(groups.items())}
    out["dev_at_0.6"] = {k: round(float(np.mean([c >= 0.6 for c in v])), 3) for k, v in sorted(groups.items())}
    cand = idx.get("cand-dev", [])
    if cand:  # the pairs the engine asks about in read cases no variant learns from
        named = [rows[i]["named"] for i in cand]
        contra = [float(probs[i, 1]) for i in cand]
        out["candidates_auc_contradiction"] = _auc(contra, [n == "conflict" for n in named])
        out["candidates_auc_agreement"] = _auc([float(probs[i, 0]) for i in cand], [n == "agreement" for n in named])
        out["candidates_at_0.6"] = {
            str(k): [
                sum(n == k for n in named),
                round(float(np.mean([c >= 0.6 for c, n in zip(contra, named) if n == k])), 4),
            ]
            for k in ("conflict", "agreement", "forbid", None)
            if any(n == k for n in named)
        }
    return out


def train_variants(opts) -> int:
    import torch
    from safetensors.torch import load_file, save_file
    from train_judge import hardest_and_drawn, without_contradiction

    from checker.compare.judge import Judgement, bf16_native
    from checker.compare.judge_model import BertConfig, CrossEncoder, loaded_state, stored_state
    from checker.index.bert import pad_batch
    from checker.training.trainer import TrainConfig, allowed_mask, fit_temperature, predict, train

    data: Path = opts.data
    with gzip.open(data / "pairs.json.gz", "rt", encoding="utf-8") as f:
        meta = json.load(f)
    rows = meta["rows"]
    arrays = np.load(data / "ids.npz")
    flat, offsets = arrays["flat"].astype(np.int64), arrays["offsets"]
    ids = [flat[offsets[i] : offsets[i + 1]].tolist() for i in range(len(rows))]
    device = opts.device
    config = BertConfig.from_folder(data)
    base = {k: v.float() for k, v in load_file(str(data / "embeddings.safetensors")).items()}
    init = loaded_state(load_file(str(opts.init / "weights.safetensors")))
    init_meta = json.loads((opts.init / "judge.json").read_text(encoding="utf-8"))

    def fresh() -> CrossEncoder:
        m = CrossEncoder(config, dropout=0.1)
        m.load_hf_state({**base, **{k: v.float() for k, v in init.items()}})
        return m.to(device)

    idx = {
        "held": [i for i, r in enumerate(rows) if r["role"] == "train" and r["held"]],
        "fit": [i for i, r in enumerate(rows) if r["role"] == "train" and not r["held"]],
        "dev": [i for i, r in enumerate(rows) if r["role"] == "dev"],
        "xnli": [i for i, r in enumerate(rows) if r["role"] == "xnli"],
        "cand-train": [i for i, r in enumerate(rows) if r["role"] == "cand-train"],
        "cand-dev": [i for i, r in enumerate(rows) if r["role"] == "cand-dev"],
    }
    if opts.limit:  # a smoke run: a few pairs of each role
        draw = random.Random(meta["seed"])
        idx = {k: sorted(draw.sample(v, min(opts.limit, len(v)))) for k, v in idx.items()}
    needed = sorted({i for v in idx.values() for i in v})
    log(f"{len(needed)} pairs on {device}; computing the embeddings' outputs")
    model = fresh()
    model.eval()
    states: list = [None] * len(rows)
    order = sorted(needed, key=lambda i: len(ids[i]))
    with torch.inference_mode():
        for k in range(0, len(order), 512):
            chosen = order[k : k + 512]
            t, m = pad_batch([ids[i] for i in chosen], config.pad_id)
            x = model.lower(t.to(device), m.to(device), 0)
            for r, i in enumerate(chosen):
                states[i] = x[r, : len(ids[i])].to(torch.float16).clone()
    allowed = allowed_mask([r["labels"] for r in rows])
    held_allowed = allowed[idx["held"]].numpy()

    def calibrated(m: CrossEncoder, which: list[int]) -> tuple[np.ndarray, float]:
        logits = np.zeros((len(rows), 3), dtype=np.float32)
        logits[which] = predict(m, [states[i] for i in which], 0, batch=256, device=device)
        t = fit_temperature(logits[idx["held"]], held_allowed)
        z = logits / t
        z = z - z.max(1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(1, keepdims=True), t

    report: dict = {"data": {k: len(v) for k, v in idx.items()}, "init": init_meta.get("settings", {})}
    probs, t = calibrated(model, needed)
    report["start"] = {"temperature": t, **measure(rows, probs, idx)}
    log(f"start: {json.dumps(report['start'], ensure_ascii=False)}")
    del model
    opts.out.mkdir(parents=True, exist_ok=True)
    judged = {"start": probs[idx["cand-dev"]].astype(np.float16)}
    np.savez_compressed(opts.out / "probabilities.npz", **judged)
    # a training case's candidate pairs that no gold entry names, as scripts/train_judge.py's --candidates: the
    # HARD the starting judge reads likeliest as contradictions and DRAWN more, each learnt with the starting
    # judge's own split between agreement and unrelated (its contradiction share removed)
    soft = torch.zeros(len(rows), 3)
    draw = random.Random(meta["seed"])
    by_case: dict[str, list[int]] = {}
    for i in idx["cand-train"]:
        if rows[i]["named"] is None:
            by_case.setdefault(rows[i]["case"], []).append(i)
    chosen_candidates = []
    for case in sorted(by_case):
        chosen_candidates += hardest_and_drawn(by_case[case], lambda i: probs[i, 1], HARD, DRAWN, draw)
    for i in chosen_candidates:
        a, c, u = (float(x) for x in probs[i])
        soft[i] = torch.tensor(without_contradiction(Judgement(agreement=a, contradiction=c, unrelated=u)))
    log(f"candidate pairs learnt: {len(chosen_candidates)} of {len(idx['cand-train'])} ({len(by_case)} cases)")
    trained: list[str] = []
    for name, v in VARIANTS.items():
        if opts.only and name not in opts.only:
            continue
        draw = random.Random(meta["seed"])
        focus = [i for i in idx["fit"] if rows[i]["origin"].startswith(v["focus"])]
        if "candidate" in v["focus"]:
            focus += chosen_candidates
        others = [i for i in idx["fit"] if not rows[i]["origin"].startswith(v["focus"])]
        replay = min(v["replay"] if not opts.limit else v["replay"] // 100, len(others))
        fit = sorted(focus + draw.sample(others, replay))
        cfg = TrainConfig(
            frozen=0,
            epochs=v["epochs"],
            lr=v["lr"],
            head_lr=v["lr"],
            seed=meta["seed"],
            bf16=device.startswith("cuda") or bf16_native(),
            device=device,
            batch=32,
        )
        m = fresh()
        started = time.time()
        train(m, [states[i] for i in fit], allowed[fit], cfg, [rows[i]["weight"] for i in fit], log, soft[fit])
        minutes = round((time.time() - started) / 60, 2)
        probs, t = calibrated(m, [i for i in needed if rows[i]["role"] != "cand-train"])
        figures = {
            "temperature": t,
            "trained_pairs": len(fit),
            "focus_pairs": len(focus),
            "minutes": minutes,
            **measure(rows, probs, idx),
        }
        report[name] = figures
        log(f"{name}: {json.dumps(figures, ensure_ascii=False)}")
        # each variant's figures and probabilities as soon as they are known
        (opts.out / "figures.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
        judged[name] = probs[idx["cand-dev"]].astype(np.float16)
        np.savez_compressed(opts.out / "probabilities.npz", **judged)
        state = {
            k: v.detach().float().cpu()
            for k, v in m.hf_state_dict().items()
            if k.startswith(("head.", "encoder.layer."))
        }
        report.setdefault("variants", {})[name] = {
            "temperature": t,
            "settings": {**dataclasses.asdict(cfg), **v, "focus": list(v["focus"]), "trained_pairs": len(fit)},
            "pairs_sha256": meta["pairs_sha256"],
        }
        del m
        torch.cuda.empty_cache() if device.startswith("cuda") else None
        # the KEEP best so far by the AUC of P(contradiction) keep their weights, written at once (a run cut short
        # by its time limit still brings them back); the others' are removed
        trained.append(name)
        key = "candidates_auc_contradiction" if idx["cand-dev"] else "dev_auc_contradiction"
        ranked = sorted(trained, key=lambda n: -(report[n][key] or 0))
        report[f"ranked_by_{key}"] = ranked
        if name in ranked[:KEEP]:
            stored = stored_state(state, "int8")
            parts: list[dict] = [{}]
            size = 0
            for k in sorted(stored):
                n = stored[k].numel() * stored[k].element_size()
                if size + n > PART and parts[-1]:
                    parts.append({})
                    size = 0
                parts[-1][k] = stored[k]
                size += n
            for p, part in enumerate(parts):
                save_file(part, str(opts.out / f"{name}.{p}.safetensors"))
            report["variants"][name]["parts"] = len(parts)
        for dropped in ranked[KEEP:]:
            for f in opts.out.glob(f"{dropped}.*.safetensors"):
                f.unlink()
        (opts.out / "figures.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
        log(f"weights kept: {ranked[:KEEP]}")
    return 0


# ----------------------------------------------------------------------------------------------- unpack
def unpack(opts) -> int:
    """A variant's weights (``OUT/NAME.K.safetensors``, its settings in ``OUT/figures.json``) as a judge folder:
    weights.safetensors and a judge.json like scripts/train_judge.py writes (the shipped judge's, with this
    training's settings)."""
    from safetensors.torch import load_file, save_file

    from checker.compare.judge import JUDGE_FORMAT

    variant: Path = opts.variant
    report = json.loads((variant.parent / "figures.json").read_text(encoding="utf-8"))
    info = {**report["variants"][variant.name], "figures": report[variant.name]}
    state: dict = {}
    for p in range(info["parts"]):
        state.update(load_file(str(variant.parent / f"{variant.name}.{p}.safetensors")))
    start = json.loads(((opts.init or JUDGE) / "judge.json").read_text(encoding="utf-8"))
    judge = dict(start)
    judge.update(
        {
            "temperature": info["temperature"],
            "settings": {**info["settings"], "init": f"the judge trained from ({opts.init or JUDGE})"},
            "figures": info["figures"],
            "training_minutes": info["figures"]["minutes"],
            "trained_by": "scripts/judge_gpu.py (train, on a GPU machine)",
            "storage": "int8 rows: each matrix of the trained layers in int8 with a float16 scale a row; biases, "
            "layer norms and the head in float16",
        }
    )
    from checker.training.sources import LICENCES

    judge["data"] = {
        "this_training": {
            "pairs_prepared_sha256": info["pairs_sha256"],
            "trained_pairs": info["settings"]["trained_pairs"],
            "in_focus": info["settings"]["focus"],
            "replayed": info["settings"]["replay"],
            "candidate_pairs": "per read training case (the dev cases, ia-summit, batches 9-15), the 40 unnamed "
            "candidate pairs the starting judge read likeliest as contradictions and 20 drawn, learnt as not a "
            "contradiction with its split between agreement and unrelated",
        },
        "licences": {**start["data"].get("licences", {}), "written": LICENCES["written"][0]},
        "the_judge_trained_from": start["data"],
    }
    opts.into.mkdir(parents=True, exist_ok=True)
    save_file(state, str(opts.into / "weights.safetensors"), metadata={"format": JUDGE_FORMAT})
    (opts.into / "judge.json").write_text(json.dumps(judge, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"written {opts.into}")
    return 0


def judged(opts) -> int:
    """The candidate pairs of ``candidates`` pickles with one judge's probabilities from ``train``'s
    ``probabilities.npz``, written as scripts/tune_decision.py's pickles (one a batch, same name), for its
    ``--pool ... --leave-one-out`` and ``--ranking``."""
    import pickle

    from checker.compare.judge import Judgement

    probs = np.load(opts.probabilities)[opts.judge].astype(np.float64)
    batches = [pickle.loads(path.read_bytes()) for path in opts.pickles]  # noqa: S301 (our own files)
    total = sum(len(rows) for batch in batches for *_, rows in batch)
    if total != len(probs):  # checked before anything is written
        raise SystemExit(f"{total} candidate pairs in the pickles, {len(probs)} probabilities: not the same run")
    k = 0
    opts.out.mkdir(parents=True, exist_ok=True)
    for path, batch in zip(opts.pickles, batches):
        data = []
        for name, gold, claims, rows in batch:
            judged_rows = []
            for row in rows:
                a, c, u = probs[k]
                judged_rows.append((*row[:-1], Judgement(agreement=a, contradiction=c, unrelated=u)))
                k += 1
            data.append((name, gold, claims, judged_rows))
        (opts.out / path.name).write_bytes(pickle.dumps(data))
    log(f"written {len(opts.pickles)} pickles to {opts.out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="build, render and tokenise the pairs (here, with checker's extraction)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--cases", type=Path, nargs="*", default=[], help="read cases whose gold pairs are learnt")
    p.add_argument("--dev-cases", type=Path, nargs="*", default=[], help="read cases whose gold pairs are measured")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument(
        "--candidates-train", type=Path, nargs="*", default=[], help="pickles of `candidates`: their pairs are learnt"
    )
    p.add_argument(
        "--candidates-dev", type=Path, nargs="*", default=[], help="pickles of `candidates`: their pairs are measured"
    )
    c = sub.add_parser("candidates", help="the pairs the engine would judge in each case, pickled")
    c.add_argument("cases", type=Path, nargs="+")
    c.add_argument("--out", type=Path, required=True)
    j = sub.add_parser("judged", help="candidates pickles with one judge's probabilities, as tune_decision's")
    j.add_argument("probabilities", type=Path, help="train's probabilities.npz")
    j.add_argument("pickles", type=Path, nargs="+", help="the --candidates-dev pickles, in prepare's order")
    j.add_argument("--judge", required=True, help="start (the judge trained from) or a variant's name")
    j.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("train", help="train every variant from the prepared folder (on a GPU machine)")
    t.add_argument("data", type=Path)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--device", default="cuda")
    t.add_argument("--init", type=Path, default=JUDGE)
    t.add_argument("--only", nargs="*", help="these variants only")
    t.add_argument("--limit", type=int, default=0, help="a smoke run: this many pairs of each role (0: all)")
    u = sub.add_parser("unpack", help="a trained variant as a judge folder")
    u.add_argument("variant", type=Path, help="OUT/NAME (NAME.json and NAME.K.safetensors beside it)")
    u.add_argument("--into", type=Path, required=True)
    u.add_argument("--init", type=Path, help="the judge the variant was trained from (default: the shipped one)")
    opts = parser.parse_args()
    commands = {"prepare": prepare, "candidates": candidates, "train": train_variants, "unpack": unpack}
    return {**commands, "judged": judged}[opts.command](opts)


if __name__ == "__main__":
    sys.exit(main())
