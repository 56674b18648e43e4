"""Where a corpus's index lives when nobody says: ``<index_dir>/<corpus folder name>``."""

from __future__ import annotations

import re
from pathlib import Path


def index_path_for(corpus_root: str | Path, index_dir: str | Path, index: str | Path | None = None) -> Path:
    """``index`` when given, else a folder of ``index_dir`` named after the corpus folder:
    corpus/ -> indexes/corpus; ../shared/dev-cases/ia-summit/corpus -> indexes/ia-summit-corpus."""
    if index is not None:
        return Path(index)
    resolved = Path(corpus_root).resolve()
    try:
        parts = resolved.relative_to(Path.cwd().resolve()).parts  # corpus/ -> "corpus"
    except ValueError:
        parts = resolved.parts[-2:]  # outside the working folder: the last two names
    name = re.sub(r"[^\w.-]+", "-", "-".join(parts)).strip("-.") or "corpus"
    return Path(index_dir) / name
