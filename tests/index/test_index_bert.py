"""The light e5 encoder (plain-torch BERT, no sentence-transformers) gives sentence-transformers' vectors,
and the tokenizer it shares with the pair judge keeps each user's truncation."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.slow

TEXTS = [
    "Le ministre s'est rendu mardi à Monchique, où 14 villages ont été évacués.",
    "Everything is burning, the mayor said on Tuesday.",
    "« Tout est en train de brûler », a déclaré le maire, dont la commune compte 6 000 habitants. " * 30,
    "x",
    "",
]


def test_index_bert_light_e5_gives_sentence_transformers_vectors():
    from checker.index.encoders import load_encoder

    light = load_encoder("e5-small", light=True)
    full = load_encoder("e5-small")
    assert light is not full
    assert (light.name, light.dimension, light.version) == (full.name, full.dimension, full.version)
    got, expected = light.encode(TEXTS, batch_size=2), full.encode(TEXTS, batch_size=3)
    assert got.shape == expected.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # the 30-times repeated sentence runs past 512 tokens: both truncate it the same way
    assert np.abs(got - expected).max() < 1e-4


def test_index_bert_light_e5_imports_no_sentence_transformers():
    code = (
        "import sys\n"
        "from checker.index.encoders import load_encoder\n"
        "load_encoder('e5-small', light=True).encode(['Le sommet a eu lieu mardi.'])\n"
        "from checker.compare.judge import load_pair_judge\n"
        "load_pair_judge().judge_texts([('Le sommet a eu lieu mardi.', 'Le sommet a eu lieu lundi.')])\n"
        "heavy = [m for m in ('sentence_transformers', 'transformers', 'sklearn') if m in sys.modules]\n"
        "print(','.join(heavy) or 'none')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "none"


def test_index_bert_shared_tokenizer_keeps_each_truncation():
    from checker.index.bert import TokenizerView
    from checker.index.encoders import e5_folder

    folder = e5_folder()
    long = "mot " * 400
    short_view, long_view = TokenizerView(folder, 16), TokenizerView(folder, 512)
    assert len(short_view.encode_batch([long])[0].ids) == 16
    assert len(long_view.encode_batch([long])[0].ids) > 400  # 400 words and the markers: not cut to 16
    assert len(short_view.encode_batch([long])[0].ids) == 16
    pair = TokenizerView(folder, 20).encode_batch([(long, "Le sommet a eu lieu mardi.")])[0]
    assert len(pair.ids) == 20 and pair.ids.count(2) == 3  # three </s>: the longer side is cut first, not the markers


def test_index_bert_stack_built_for_loading_skips_only_the_initialisation():
    """``initialise=False`` (what build_stack uses, every layer weight loaded right after) gives the same
    parameters under the same names, in LoadedLinear layers that int8 quantisation still treats as Linear."""
    import torch

    from checker.compare.judge_model import CrossEncoder
    from checker.index.bert import BertConfig, LoadedLinear

    config = BertConfig(hidden=16, layers=2, heads=2, ffn=32, vocab=50, positions=32, types=1, eps=1e-12, pad_id=1)
    torch.manual_seed(0)
    usual = CrossEncoder(config)
    loaded = CrossEncoder(config, initialise=False)
    assert {k: v.shape for k, v in usual.state_dict().items()} == {k: v.shape for k, v in loaded.state_dict().items()}
    assert isinstance(loaded.layers[0].query, LoadedLinear) and type(usual.layers[0].query) is torch.nn.Linear
    loaded.load_state_dict(usual.state_dict())
    ids = torch.tensor([[0, 5, 7, 2]])
    mask = torch.ones_like(ids)
    assert torch.equal(usual.eval()(ids, mask), loaded.eval()(ids, mask))
