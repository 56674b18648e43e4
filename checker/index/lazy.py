"""An encoder loaded on first use: re-running on an unchanged corpus loads no model.

Its name, dimension and version come from the registry (:data:`checker.index.encoders.ENCODERS`),
which needs no model; the model itself is loaded the first time a text is embedded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from checker.index.encoders import Encoder, encoder_spec, load_encoder
from checker.progress import Progress


class LazyEncoder:
    """Stands in for :class:`Encoder` until something must be embedded. Raises ModelError (unknown name)."""

    def __init__(self, name: str, cache_dir: str | None = None, *, light: bool = False) -> None:
        spec = encoder_spec(name)
        self.name = name
        self.light = light  # load the encoder's light form (same vectors, faster start): see load_encoder
        self.dimension = spec.dimension
        self.version = spec.version()
        self._cache_dir = cache_dir
        self._encoder: Encoder | None = None

    @property
    def loaded(self) -> Encoder:
        """The encoder, loaded now if it was not yet. Raises ModelError."""
        if self._encoder is None:
            self._encoder = load_encoder(self.name, self._cache_dir, light=self.light)
        return self._encoder

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: Progress | None = None) -> np.ndarray:
        """``(n, dimension)`` float32 rows of unit length; no model is loaded for no text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.loaded.encode(list(texts), batch_size=batch_size, progress=progress)
