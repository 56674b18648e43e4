"""The torch models of ``checker check`` and ``checker compare`` in a second process, loading while this one
loads spaCy.

A cold ``checker check`` of one article (or ``compare`` of a small corpus) spends most of its time loading:
spaCy's French pipeline here, torch, the pair judge and the encoder's light form there. Neither needs the
other until the claims are extracted, so :class:`ModelWorker` forks a process that imports torch and loads
both models (first the one its run needs first) while this process reads the articles and loads spaCy
(which then does without torch: ``checker.extract.nlp``); the claims to embed and the pairs to judge then go
to it through a pipe, and their vectors and judgements come back. The answers are the ones the same code
gives in one process: the worker runs it on the same inputs.

It is used where it pays and is safe: Linux (a fork started before any model library is imported), the
trained judge and an encoder with a light form (e5-small). Elsewhere, or with the setting ``worker = false``
(``CHECKER_WORKER=false``), everything runs in this process as before. A worker that fails or dies is a
:class:`ModelError`; it is stopped when the check ends, whatever the outcome (an interrupt is this process's
to handle: the worker ignores it and is stopped with the check).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from checker.config import Settings
from checker.errors import ModelError
from checker.index import encoder_spec
from checker.models import Claim
from checker.progress import Progress

__all__ = ["ModelWorker", "worker_wanted"]


def worker_wanted(settings: Settings) -> bool:
    """Whether a check with these settings runs its models in a :class:`ModelWorker`."""
    if not settings.worker or not sys.platform.startswith("linux"):
        return False
    if "torch" in sys.modules:  # already paid for in this process: nothing to overlap
        return False
    return settings.judge == "trained" and encoder_spec(settings.encoder).load_light is not None


MODELS = ("encode", "judge")  # the requests a worker answers, each with its model


def _serve(conn, encoder_name: str, cache_dir: str | None, first: str = "encode") -> None:
    """The worker's loop: load the model asked for ``first``, then the other unless a request already waits
    (a re-run of compare on an unchanged index only judges: it should not wait for an encoder it will not use;
    a model not loaded yet is loaded on its first request), then answer requests until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops this process
    models: dict[str, Any] = {}

    def model(kind: str) -> Any:
        if kind not in models:
            if kind == "encode":
                from checker.index import load_encoder

                models[kind] = load_encoder(encoder_name, cache_dir, light=True)
            else:
                from checker.compare import load_pair_judge

                models[kind] = load_pair_judge(cache_dir)
        return models[kind]

    failure: BaseException | None = None
    try:
        model(first)
        if not conn.poll():
            model(next(kind for kind in MODELS if kind != first))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent with its first request)
        failure = exc
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if request[0] == "stop":
            return
        if request[0] == "release":  # the run will not ask for this model again: its memory goes back (no answer)
            _release(models, request[1])
            continue
        try:
            if failure is not None:
                raise failure

            def progress(done: int, total: int) -> None:
                conn.send(("progress", done, total))

            if request[0] == "encode":
                result = model("encode").encode(request[1], batch_size=request[2], progress=progress)
            else:
                result = model("judge").judge_claims(request[1], batch_size=request[2], progress=progress)
            conn.send(("ok", result))
        except BaseException as exc:  # noqa: BLE001 (every failure goes back to the parent)
            conn.send(("error", isinstance(exc, ModelError), f"{type(exc).__name__}: {exc}"))


def _release(models: dict[str, Any], kind: str) -> None:
    from checker.heap import drop_garbage

    if models.pop(kind, None) is not None and kind == "encode":
        from checker.index import unload_encoders

        unload_encoders()
    drop_garbage()


class ModelWorker:
    """The light encoder and the pair judge, loaded and run in a forked process. Use it as a context manager:
    the process stops when the block ends. Raises ModelError when it cannot start, fails or dies."""

    def __init__(self, settings: Settings, first: str = "encode") -> None:
        """``first``: the model the run needs first, loaded first (``encode`` or ``judge``)."""
        import multiprocessing

        if first not in MODELS:
            raise ValueError(f"first must be one of {MODELS}, got {first!r}")

        spec = encoder_spec(settings.encoder)
        self.name = settings.encoder
        self.light = True
        self.dimension = spec.dimension
        self.version = spec.version()
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, settings.encoder, settings.cache_dir, first), name="checker-models", daemon=True
        )
        try:
            self._process.start()
        except OSError as exc:
            raise ModelError(f"could not start the model worker: {exc}") from exc
        finally:
            child.close()

    def __enter__(self) -> ModelWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (at once if it does not answer)."""
        if self._process.is_alive():
            try:
                self._conn.send(("stop",))
            except OSError:
                pass
            self._process.join(timeout=0.5)
            if self._process.is_alive():  # still loading a model this run did not need: no need to wait
                self._process.terminate()
                self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=5)
        self._conn.close()

    def _ask(self, request: tuple, progress: Progress | None) -> Any:
        try:
            self._conn.send(request)
            while True:
                reply = self._conn.recv()
                if reply[0] == "progress":
                    if progress is not None:
                        progress(reply[1], reply[2])
                    continue
                if reply[0] == "error":
                    raise ModelError(reply[2] if reply[1] else f"the model worker failed: {reply[2]}")
                return reply[1]
        except (EOFError, OSError) as exc:
            code = self._process.exitcode
            raise ModelError(
                f"the model worker stopped unexpectedly (exit code {code}); CHECKER_WORKER=false runs the models here"
            ) from exc

    # -------------------------------------------------------------------- the encoder's interface
    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: Progress | None = None) -> np.ndarray:
        """``(n, dimension)`` float32 rows of unit length, as the light encoder gives them."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._ask(("encode", list(texts), batch_size), progress)

    def release_encoder(self) -> None:
        """The run will embed nothing more: the worker drops the encoder (about 0.1 GB with what its batches left
        on the heap) before it judges. Not waited for (a worker still loading the judge would hold up a run that
        needs none of it); a later ``encode`` loads the encoder again, and a dead worker is reported by the next
        request."""
        try:
            self._conn.send(("release", "encode"))
        except OSError:
            pass

    # -------------------------------------------------------------------- the judge's interface
    learnt_step = True  # the shipped judge's probabilities: the learnt conflict step applies

    def judge_claims(
        self, pairs: Sequence[tuple[Claim, Claim]], batch_size: int = 32, progress: Progress | None = None
    ) -> list:
        """One judgement per pair of claims, as the shipped judge gives them."""
        return self._ask(("judge", list(pairs), batch_size), progress) if pairs else []
