"""Writing files so that nothing is left half-written (below the stages, beside ``models``), and where
the user cache lives.

The index's derived files (``vectors.faiss``, ``manifest.json``) and the reports and baselines the
CLI writes go through :func:`replace_atomically`: written beside their final name, flushed, fsync'ed,
renamed over it with ``os.replace`` and the folder fsync'ed, so that a reader, or a process killed
half-way, sees the old file or the new one, never a torn one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from checker.errors import OutputError


def models_dir(cache_dir: Path | str | None = None) -> Path:
    """Where rebuilt models and other slow-to-build things live: ``cache_dir``, else ``$CHECKER_CACHE_DIR``,
    else ``~/.cache/checker/models`` (``$XDG_CACHE_HOME`` respected). Raises nothing."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get("CHECKER_CACHE_DIR"):
        return Path(os.environ["CHECKER_CACHE_DIR"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "checker" / "models"


def fsync_dir(folder: Path) -> None:
    """Make renames and creations in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through ``write(file)`` into a temporary file beside it, then rename it into place.

    Raises OSError when the folder cannot be written; the temporary file is then removed.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; the file takes the mode of the one it replaces, or what a plain
        # open() would give it (0666 less the umask), so other users and CI steps read it as before.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it; set straight back
        os.umask(umask)
        return 0o666 & ~umask


def write_output(path: str | Path, text: str, *, make_folder: bool = False) -> None:
    """Write a report or baseline to ``path`` so that nothing but ``path`` is touched and nothing is left
    half-written: atomically (temporary file renamed) over a regular file or none, through a symbolic
    link to where it points, and streamed into anything else (/dev/stdout, a pipe, a terminal), which
    must never be replaced by a file. ``make_folder`` creates a missing folder (the default reports/).

    Raises OutputError: a folder, a missing folder, no permission, a full disk (/dev/full).
    """
    path = Path(path)
    target = Path(os.path.realpath(path))  # through links: -o link.md writes where link.md points
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise OutputError(f"cannot write {path}: it is a folder")
        if not target.parent.is_dir():
            raise OutputError(f"cannot write {path}: there is no folder {path.parent}")
        data = text.encode("utf-8")
        # /dev/stdout and /proc/self/fd/1 resolve to whatever the shell opened: write into it, never over it
        if (target.exists() and not target.is_file()) or os.path.abspath(path).startswith(("/dev/", "/proc/")):
            with open(path, "wb") as f:
                f.write(data)
        else:
            replace_atomically(target, lambda f: f.write(data))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
