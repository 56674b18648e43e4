"""The pair judge's answers, remembered between runs in the user cache.

A CI job checks the same articles against the same index on every push, and ``compare`` re-runs after one
new article judge the same pairs again: the judge is the costliest step of both (about 70 ms a pair on two
cores). What the judge reads of a pair is two lines of text (:func:`checker.compare.judge_input.render_claim`:
the sentence and its resolved values), so its answer depends on those two lines and on the judge alone. This
module keeps each answer under a digest of the judge's identity (its weights, its description, the
precision it runs at on this CPU) and the two lines, and asks the judge only for the pairs it has not seen.
The answers are the judge's own, rounded as it rounds them: a run with the memory gives the same findings as
a run without (``tests/compare/test_compare_judge_memory.py``).

Where: ``<models dir>/judgements.sqlite3`` (SQLite, from the standard library: one file, safe for two
checkers at once). At most :data:`MAX_ROWS` answers are kept (about 90 MB: 87 bytes an answer); past that the oldest go.
The file holds digests and probabilities, never a sentence: an embargoed article leaves no text in it.
An optimisation only: a cache that cannot be read or written (read-only home, a broken file, a locked
database) is done without, with the same findings; setting ``judgement_cache = false`` turns it off.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from checker.compare.judge import DATA_DIR, MAX_TOKENS, Judgement, bf16_native
from checker.files import models_dir
from checker.models import Claim
from checker.progress import Progress

__all__ = ["MAX_ROWS", "RememberingJudge", "judge_identity", "memory_file", "remembering"]

MAX_ROWS = 1_000_000
_FILE = "judgements.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS judgements ("
    "key BLOB PRIMARY KEY, agreement REAL NOT NULL, contradiction REAL NOT NULL, unrelated REAL NOT NULL)"
)
_LOOKUP_CHUNK = 500  # keys per SELECT: below the 999 bound parameters of the oldest SQLite builds


def memory_file(cache_dir: str | Path | None = None) -> Path:
    return models_dir(cache_dir) / _FILE


@lru_cache(maxsize=4)
def judge_identity(folder: Path = DATA_DIR, precision: str | None = None) -> bytes:
    """A digest of everything the shipped judge's answer depends on besides the two lines: its description
    (judge.json: the base model's source digest, the trained layers, the temperature), its weights, how many
    tokens it reads, and the precision it runs at here (bfloat16 where the CPU has it, else float32: their
    probabilities differ in the fourth digit)."""
    digest = hashlib.sha256()
    for name in ("judge.json", "weights.safetensors"):
        with open(folder / name, "rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    resolved = precision or ("bf16" if bf16_native() else "fp32")
    digest.update(f"{MAX_TOKENS}|{resolved}".encode())
    return digest.digest()


def _key(identity: bytes, left: str, right: str) -> bytes:
    return hashlib.blake2b(b"\x00".join((identity, left.encode(), right.encode())), digest_size=20).digest()


class RememberingJudge:
    """Wraps a judge (the shipped one, in this process or in the model worker): answers the pairs it has
    judged before from the memory, asks the judge for the others and remembers them."""

    learnt_step = True  # the same probabilities as the judge it wraps

    def __init__(self, judge, path: Path, identity: bytes) -> None:
        self._judge, self._path, self._identity = judge, path, identity
        self.hits = self.asked = 0  # for the curious and the tests: pairs answered from memory / by the judge

    def judge_claims(
        self, pairs: Sequence[tuple[Claim, Claim]], batch_size: int = 32, progress: Progress | None = None
    ) -> list[Judgement]:
        from checker.compare.judge_input import render_claim

        rendered: dict[str, str] = {}
        for a, b in pairs:
            for c in (a, b):
                if c.id not in rendered:
                    rendered[c.id] = render_claim(c)
        keys = [_key(self._identity, rendered[a.id], rendered[b.id]) for a, b in pairs]
        return self._answer(keys, lambda todo: self._judge.judge_claims([pairs[i] for i in todo], batch_size, progress))

    def judge_texts(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32, progress: Progress | None = None):
        keys = [_key(self._identity, a, b) for a, b in pairs]
        return self._answer(keys, lambda todo: self._judge.judge_texts([pairs[i] for i in todo], batch_size, progress))

    def _answer(self, keys: list[bytes], ask) -> list[Judgement]:
        known = self._recall(keys)
        todo = [i for i, k in enumerate(keys) if k not in known]
        fresh = ask(todo) if todo else []
        self.hits, self.asked = self.hits + len(keys) - len(todo), self.asked + len(todo)
        new = {keys[i]: j for i, j in zip(todo, fresh)}
        self._remember(new)
        known.update(new)
        return [known[k] for k in keys]

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, timeout=5.0)
        db.execute(_SCHEMA)
        return db

    def _recall(self, keys: list[bytes]) -> dict[bytes, Judgement]:
        if not keys or not self._path.exists():
            return {}
        out: dict[bytes, Judgement] = {}
        try:
            with closing(self._connect()) as db, db:
                unique = list(dict.fromkeys(keys))
                for start in range(0, len(unique), _LOOKUP_CHUNK):
                    chunk = unique[start : start + _LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(
                        f"SELECT key, agreement, contradiction, unrelated FROM judgements WHERE key IN ({marks})", chunk
                    )
                    out.update((bytes(k), Judgement(a, c, u)) for k, a, c, u in rows)
        except (sqlite3.Error, OSError):  # an optimisation: without it, the judge answers everything
            return {}
        return out

    def _remember(self, new: dict[bytes, Judgement]) -> None:
        if not new:
            return
        try:
            with closing(self._connect()) as db, db:
                db.executemany(
                    "INSERT OR REPLACE INTO judgements VALUES (?, ?, ?, ?)",
                    [(k, j.agreement, j.contradiction, j.unrelated) for k, j in new.items()],
                )
                count = db.execute("SELECT max(rowid) - min(rowid) FROM judgements").fetchone()[0] or 0
                if count > MAX_ROWS:  # the oldest answers go (rowids grow with insertion)
                    db.execute(
                        "DELETE FROM judgements WHERE rowid < (SELECT max(rowid) FROM judgements) - ?", (MAX_ROWS,)
                    )
        except (sqlite3.Error, OSError):
            return


def remembering(judge, cache_dir: str | Path | None = None):
    """``judge`` wrapped with the memory, or ``judge`` itself when the judge's files cannot be read (its own
    load then says what is wrong)."""
    try:
        identity = judge_identity()
    except OSError:
        return judge
    return RememberingJudge(judge, memory_file(cache_dir), identity)
