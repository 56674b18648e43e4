"""Handing freed memory back to the system.

glibc keeps the memory a process frees for its own later use: after torch's batches of ever wider tensors,
or after spaCy's pipeline is dropped, the resident size stays where the peak left it unless the heap is
trimmed. A one-shot run (``checker check``) that drops what it no longer needs trims here, so that the next
stage's peak does not stack on the last one's.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["drop_garbage", "release_freed_memory"]


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None elsewhere."""
    import ctypes
    import ctypes.util

    try:
        name = ctypes.util.find_library("c")
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Hand the memory this process has freed back to the system (glibc keeps it otherwise). Batches of ever
    wider pairs each leave chunks too small for the next: without this, judging 2,500 pairs in one call
    held 0.8 GB more at the end than at the start, and `compare`'s peak grew by ~30 MB an article.
    Changes no result; a no-op where the C library is not glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def drop_garbage() -> None:
    """Collect what a dropped model left in reference cycles (spaCy's pipelines hold some), then hand the freed
    memory back: what a one-shot run does once it is done with a model."""
    import gc

    gc.collect()
    release_freed_memory()
