"""The two file-system guarantees the index rests on: one writer at a time, and atomic file replacement.

A writer holds an exclusive ``fcntl.flock`` on ``indexes/NAME/.lock`` from open to close and writes
its pid into that file, so that a second writer can say who holds it. The lock file itself is never
deleted: deleting a flock'ed file lets two processes lock two different inodes of "the same" file.
The kernel drops the lock when the holder dies, even by SIGKILL, so there is no stale lock to clean.

Derived files (``vectors.faiss``, ``manifest.json``) are written beside their final name, flushed,
fsync'ed, renamed over it with ``os.replace`` and the directory fsync'ed
(:func:`checker.files.replace_atomically`): a reader, or a process that was killed half-way, sees
the old file or the new one, never a torn one. A killed writer's temporary files are removed here.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from checker.errors import IndexStoreError

LOCK_FILE = ".lock"


class WriterLock:
    """An exclusive flock on ``FOLDER/.lock``, held until :meth:`release`."""

    def __init__(self, folder: Path, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the lock.

        Raises IndexStoreError when another process still holds it after ``timeout`` seconds, or when the
        lock file cannot be created.
        """
        self.path = folder / LOCK_FILE
        try:
            self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise IndexStoreError(f"cannot lock index {folder}: {e.strerror}") from None
        deadline = time.monotonic() + max(0.0, timeout)
        delay = 0.01
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder()
                    os.close(self._fd)
                    self._fd = None
                    raise IndexStoreError(
                        f"index {folder} is locked by another checker process (pid {holder}); "
                        "try again when it finishes"
                    ) from None
                time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, 0.2)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)

    def _holder(self) -> str:
        try:
            text = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip()  # type: ignore[arg-type]
        except OSError:
            text = ""
        return text or "unknown"

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it); a second call does nothing."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def writer_active(folder: Path) -> bool:
    """Tell whether some process holds the writer lock of ``folder`` right now (never waits)."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock when we got it
    return False


def remove_stale_temporaries(folder: Path, names: tuple[str, ...]) -> None:
    """Delete ``.NAME.*.tmp`` files that a killed writer left behind (call only while holding the lock)."""
    for name in names:
        for tmp in folder.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)
