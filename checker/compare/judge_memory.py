"""The pair judge's answers, remembered between runs in the user cache.

A CI job checks the same articles against the same index on every push, and ``compare`` re-runs after one
new article judge the same pairs again: the judge is the costliest step of both (about 70 ms a pair on two
cores). What the judge reads of a pair is two lines of text (:func:`checker.compare.judge_input.render_claim`:
the sentence and its resolved values), so its answer depends on those two lines and on the judge alone. This
module keeps each answer under a digest of the judge's identity (its weights, its description, the
precision it runs at on this CPU) and the two lines, and asks the judge only for the pairs it has not seen.
The answers are the judge's own, rounded as it rounds them: a run with the memory gives the same findings as
a run without (``tests/compare/test_compare_judge_memory.py``).

Where: the ``judgements`` table of the user cache's memory file (:mod:`checker.memo`). At most
:data:`MAX_ROWS` answers are kept (about 100 MB), the oldest forgotten first. The table holds digests and
probabilities, never a sentence (the claims of checked articles are kept, with their text, in another table of
the same file: :mod:`checker.extract.remembered`). A memory that cannot be read or
written is done without, with the same findings; the setting ``remember = false`` turns it off.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from checker.compare.judge import DATA_DIR, MAX_TOKENS, Judgement, bf16_native
from checker.memo import Memo, digest, memo_file
from checker.models import Claim
from checker.progress import Progress

__all__ = ["MAX_ROWS", "RememberingJudge", "judge_identity", "remembering"]

MAX_ROWS = 1_000_000
_PACKED = struct.Struct("<3d")  # agreement, contradiction, unrelated


@lru_cache(maxsize=4)
def judge_identity(folder: Path = DATA_DIR, precision: str | None = None) -> bytes:
    """A digest of everything the shipped judge's answer depends on besides the two lines: its description
    (judge.json: the base model's source digest, the trained layers, the temperature), its weights, how many
    tokens it reads, and the precision it runs at here (bfloat16 where the CPU has it, else float32: their
    probabilities differ in the fourth digit)."""
    h = hashlib.sha256()
    for name in ("judge.json", "weights.safetensors"):
        with open(folder / name, "rb") as f:
            h.update(hashlib.file_digest(f, "sha256").digest())
    resolved = precision or ("bf16" if bf16_native() else "fp32")
    h.update(f"{MAX_TOKENS}|{resolved}".encode())
    return h.digest()


class RememberingJudge:
    """Wraps a judge (the shipped one, in this process or in the model worker): answers the pairs it has
    judged before from the memory, asks the judge for the others and remembers them."""

    learnt_step = True  # the same probabilities as the judge it wraps

    def __init__(self, judge, memo: Memo, identity: bytes) -> None:
        self._judge, self._memo, self._identity = judge, memo, identity
        self.hits = self.asked = 0  # for the curious and the tests: pairs answered from memory / by the judge

    def judge_claims(
        self, pairs: Sequence[tuple[Claim, Claim]], batch_size: int = 32, progress: Progress | None = None
    ) -> list[Judgement]:
        from checker.compare.judge_input import rendered_pairs

        keys = [digest(self._identity, a, b) for a, b in rendered_pairs(pairs)]
        return self._answer(keys, lambda todo: self._judge.judge_claims([pairs[i] for i in todo], batch_size, progress))

    def judge_texts(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32, progress: Progress | None = None):
        keys = [digest(self._identity, a, b) for a, b in pairs]
        return self._answer(keys, lambda todo: self._judge.judge_texts([pairs[i] for i in todo], batch_size, progress))

    def _answer(self, keys: list[bytes], ask) -> list[Judgement]:
        answers, todo = self._memo.recall_or_work_out(keys, ask, _dump, _load)
        self.hits, self.asked = self.hits + len(keys) - len(todo), self.asked + len(todo)
        return answers


def _dump(j: Judgement) -> bytes:
    return _PACKED.pack(j.agreement, j.contradiction, j.unrelated)


def _load(raw: bytes) -> Judgement | None:
    return Judgement(*_PACKED.unpack(raw)) if len(raw) == _PACKED.size else None


def judgements_memo(cache_dir: str | Path | None = None) -> Memo:
    return Memo(memo_file(cache_dir), "judgements", MAX_ROWS)


def remembering(judge, cache_dir: str | Path | None = None):
    """``judge`` wrapped with the memory, or ``judge`` itself when the judge's files cannot be read (its own
    load then says what is wrong)."""
    try:
        identity = judge_identity()
    except OSError:
        return judge
    return RememberingJudge(judge, judgements_memo(cache_dir), identity)
