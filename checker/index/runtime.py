"""What the encoders (and the pair judge) share about running a model here: the cache folder for
rebuilt models, offline mode, importing sentence-transformers, the CPU threads, package versions.

Nothing here imports a model library at module level; failures raise :class:`checker.errors.ModelError`.
"""

from __future__ import annotations

import importlib.metadata
import os

from checker.errors import ModelError
from checker.files import models_dir

NO_SENTENCE_TRANSFORMERS = (
    "package sentence-transformers is not installed: pip install sentence-transformers torch==2.13.0"
)


def go_offline() -> None:
    """No model comes from a hub at run time: set before transformers / huggingface_hub are
    imported, so a wrong path fails at once instead of after a minute of retries."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def import_sentence_transformers():
    """The sentence_transformers package, imported offline. Raises ModelError when it is not installed."""
    go_offline()
    try:
        import sentence_transformers
    except ImportError as exc:
        raise ModelError(NO_SENTENCE_TRANSFORMERS) from exc
    return sentence_transformers


def available_cpus() -> int:
    """The cores this process may run on (at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def limit_torch_threads() -> None:
    """Use the cores this process may run on (all of them on a 2-core machine), never more:
    torch may count the host's cores inside a container and oversubscribe."""
    import torch

    wanted = available_cpus()
    if torch.get_num_threads() > wanted:
        torch.set_num_threads(wanted)


def package_version(name: str) -> str:
    """An installed package's version, or "unknown"; what encoder versions are made of."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


__all__ = [
    "NO_SENTENCE_TRANSFORMERS",
    "available_cpus",
    "go_offline",
    "import_sentence_transformers",
    "limit_torch_threads",
    "models_dir",
    "package_version",
]
