"""How the library says how far it has got, without printing: two callback types, one per shape.

``Progress``       ``progress(done, total)``: one stage's work, as its own function reports it
                   (``extract_claims``, ``read_corpus``, ``ClaimIndex.sync``, ``Encoder.encode``, the judge).
``StageProgress``  ``progress(stage, done, total)``: a whole run, stage by stage (``checker.pipeline``:
                   read, extract, embed, compare); the CLI draws it on stderr.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``: ``done`` items of one stage's ``total`` are finished."""

StageProgress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage is read, extract, embed or compare."""

__all__ = ["Progress", "StageProgress"]
