"""multilingual-e5-small's network in plain torch: embeddings and 12 post-norm BERT layers.

Written here instead of used through ``transformers.BertModel``: importing transformers (and
sentence-transformers, which imports scikit-learn) costs seconds that a CI check pays on every run,
and what runs at check time needs nothing of them but this forward pass. Two users:

- :class:`SentenceEncoder`: e5's sentence vectors (mean of the last layer, unit length), the
  ``e5-small`` encoder's light form for a cold ``checker check`` (:func:`checker.index.encoders.load_encoder`
  with ``light=True``); ``tests/index/test_index_bert.py`` checks that its vectors equal
  sentence-transformers' on the same weights;
- the pair judge (:mod:`checker.compare.judge_model`), the same stack read as a cross-encoder.

Weights: the rebuilt e5-small folder (``model.safetensors``, HF BertModel names); the 250,037 x 384
word matrix is memory-mapped (:class:`MappedEmbedding`), never loaded whole.
Imports torch at the top: import this module lazily.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from checker.errors import ModelError

__all__ = [
    "BertConfig",
    "BertStack",
    "LoadedLinear",
    "MappedEmbedding",
    "SentenceEncoder",
    "TokenizerView",
    "base_state",
    "build_stack",
    "pad_batch",
    "hf_name",
    "load_base_state",
    "safetensors_header",
]


class BertConfig:
    """The few hyper-parameters the forward pass needs, read from the e5 folder's config.json."""

    def __init__(
        self,
        hidden: int,
        layers: int,
        heads: int,
        ffn: int,
        vocab: int,
        positions: int,
        types: int,
        eps: float,
        pad_id: int,
    ) -> None:
        self.hidden, self.layers, self.heads, self.ffn = hidden, layers, heads, ffn
        self.vocab, self.positions, self.types, self.eps, self.pad_id = vocab, positions, types, eps, pad_id

    def without_words(self) -> BertConfig:
        """The same network with a one-row word matrix: for a model whose word matrix is memory-mapped
        (:class:`MappedEmbedding`), built without drawing 96 million random numbers."""
        return BertConfig(
            self.hidden, self.layers, self.heads, self.ffn, 1, self.positions, self.types, self.eps, self.pad_id
        )

    @classmethod
    def from_folder(cls, folder: Path) -> BertConfig:
        raw = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
        return cls(
            raw["hidden_size"],
            raw["num_hidden_layers"],
            raw["num_attention_heads"],
            raw["intermediate_size"],
            raw["vocab_size"],
            raw["max_position_embeddings"],
            raw["type_vocab_size"],
            float(raw["layer_norm_eps"]),
            int(raw.get("pad_token_id", 1)),
        )


class _Embeddings(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        # an nn.Embedding, or a MappedEmbedding at run time (the judge never loads the 384 MB matrix)
        self.word_embeddings: nn.Module = nn.Embedding(c.vocab, c.hidden, padding_idx=c.pad_id if c.vocab > 1 else None)
        self.position_embeddings = nn.Embedding(c.positions, c.hidden)
        self.token_type_embeddings = nn.Embedding(c.types, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.eps)  # noqa: N815 - HF state-dict name

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word_embeddings(ids) + self.position_embeddings(positions)[None] + self.token_type_embeddings.weight[0]
        return self.LayerNorm(x)


class LoadedLinear(nn.Linear):
    """An ``nn.Linear`` whose weights are loaded right after it is built (:func:`build_stack`): torch's random
    initialisation, about 0.4 s of a cold ``checker check`` for the two networks, is skipped. The same
    parameters and forward as ``nn.Linear``."""

    def reset_parameters(self) -> None:
        pass


class _Layer(nn.Module):
    """One post-norm BERT layer; parameter names follow HF's, flattened by :func:`hf_name`."""

    def __init__(self, c: BertConfig, dropout: float, linear: type[nn.Linear] = nn.Linear) -> None:
        super().__init__()
        self.heads, self.head_dim, self.dropout = c.heads, c.hidden // c.heads, dropout
        self.query, self.key, self.value = (linear(c.hidden, c.hidden) for _ in range(3))
        self.attn_out = linear(c.hidden, c.hidden)
        self.attn_norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.ffn_in = linear(c.hidden, c.ffn)
        self.ffn_out = linear(c.ffn, c.hidden)
        self.out_norm = nn.LayerNorm(c.hidden, eps=c.eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, self.head_dim).transpose(1, 2)

        p = self.dropout if self.training else 0.0
        a = F.scaled_dot_product_attention(
            split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=bias, dropout_p=p
        )
        a = F.dropout(self.attn_out(a.transpose(1, 2).reshape(b, n, h)), p, self.training)
        x = self.attn_norm(x + a)
        f = F.dropout(self.ffn_out(F.gelu(self.ffn_in(x))), p, self.training)
        return self.out_norm(x + f)


_LAYER_NAMES = {  # our parameter prefix -> HF BertLayer module path
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "attn_norm": "attention.output.LayerNorm",
    "ffn_in": "intermediate.dense",
    "ffn_out": "output.dense",
    "out_norm": "output.LayerNorm",
}


def hf_name(name: str) -> str:
    """``layers.3.ffn_in.weight`` -> ``encoder.layer.3.intermediate.dense.weight``; others unchanged."""
    if not name.startswith("layers."):
        return name
    _, index, module, leaf = name.split(".")
    return f"encoder.layer.{index}.{_LAYER_NAMES[module]}.{leaf}"


class BertStack(nn.Module):
    """Embeddings and layers; subclasses read the token states (parameter names: ``embeddings.``, ``layers.N.``)."""

    def __init__(self, config: BertConfig, dropout: float = 0.1, *, initialise: bool = True) -> None:
        """``initialise=False``: the layers' weights are left uninitialised, for a caller that loads them all."""
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        linear = nn.Linear if initialise else LoadedLinear
        self.layers = nn.ModuleList(_Layer(config, dropout, linear) for _ in range(config.layers))

    @staticmethod
    def attention_bias(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """(batch, tokens) 1/0 mask -> additive bias (batch, 1, 1, tokens): padding is never attended."""
        return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min

    def lower(self, ids: torch.Tensor, mask: torch.Tensor, upto: int) -> torch.Tensor:
        """Token states after the first ``upto`` layers (the frozen part, cached in training)."""
        x = self.embeddings(ids)
        bias = self.attention_bias(mask, x.dtype)
        for layer in self.layers[:upto]:
            x = layer(x, bias)
        return x

    def run_layers(self, x: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        """Token states after the last layer, from those after layer ``start``."""
        bias = self.attention_bias(mask, x.dtype)
        for layer in self.layers[start:]:
            x = layer(x, bias)
        return x

    @staticmethod
    def mean_pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(x.dtype)[..., None]
        return (x * m).sum(1) / m.sum(1).clamp(min=1.0)

    def hf_state_dict(self, names: set[str] | None = None) -> dict[str, torch.Tensor]:
        """Parameters under HF names (``encoder.layer.N....``, ``head.weight``); only ``names`` if given."""
        out = {}
        for name, tensor in self.state_dict().items():
            hf = hf_name(name)
            if names is None or hf in names:
                out[hf] = tensor
        return out

    def load_hf_state(self, state: dict[str, torch.Tensor], *, strict_base: bool = True, assign: bool = False) -> None:
        """Load parameters given under HF names; with ``strict_base`` every encoder weight must be there.

        ``assign`` takes the given tensors as the parameters (no copy: for a model built on the meta device)."""
        ours = {hf_name(n): n for n in self.state_dict()}
        missing = [hf for hf, n in ours.items() if hf not in state and not n.startswith("head.")]
        if strict_base and missing:
            raise KeyError(f"weights missing: {', '.join(missing[:3])}")
        self.load_state_dict({ours[k]: v for k, v in state.items() if k in ours}, strict=False, assign=assign)


class SentenceEncoder(BertStack):
    """e5's sentence vectors: the mean of the last layer's token states, of unit length (what
    sentence-transformers' Transformer, Pooling(mean) and Normalize modules compute)."""

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.mean_pool(self.run_layers(self.lower(ids, mask, 0), mask, 0), mask), dim=-1)


def load_base_state(folder: Path) -> dict[str, torch.Tensor]:
    """The rebuilt e5-small weights (float32) from its folder's ``model.safetensors``."""
    from safetensors.torch import load_file

    return load_file(str(Path(folder) / "model.safetensors"))


def base_state(path: Path, skip_layers=()) -> dict[str, torch.Tensor]:
    """The e5 weights of a ``model.safetensors`` as float32, but the word matrix (memory-mapped instead,
    :class:`MappedEmbedding`) and the layers numbered in ``skip_layers`` (replaced by a judge's own)."""
    from safetensors import safe_open

    skipped = tuple(f"encoder.layer.{n}." for n in skip_layers) + ("embeddings.word_embeddings.",)
    out = {}
    with safe_open(str(path), framework="pt") as f:
        for name in f.keys():
            if not name.startswith(skipped):
                out[name] = f.get_tensor(name).to(torch.float32)
    return out


def safetensors_header(path: Path) -> tuple[dict, int]:
    """(header, offset of the data) of a safetensors file."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
    return header, 8 + size


class MappedEmbedding(nn.Module):
    """An embedding lookup over a float32 matrix memory-mapped from a safetensors file: e5's 250,037 x 384
    word matrix (384 MB) is never loaded whole, only the pages of the rows looked up."""

    def __init__(self, path: Path, name: str) -> None:
        super().__init__()
        header, start = safetensors_header(path)
        info = header[name]
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, expected F32")
        begin, _ = info["data_offsets"]
        rows, cols = info["shape"]
        self.matrix = np.memmap(path, dtype="<f4", mode="r", offset=start + begin, shape=(rows, cols))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        rows = np.asarray(self.matrix[ids.reshape(-1).numpy()], dtype=np.float32)
        return torch.from_numpy(rows).reshape(*ids.shape, self.matrix.shape[1])


# ------------------------------------------------------------------------------------------ tokenizer
class TokenizerView:
    """A folder's ``tokenizer.json`` as the light encoder and the pair judge read it, each with its own
    truncation: sentencepiece with the file's pieces, normaliser and template (:mod:`checker.index.spm`: the same
    ids as ``tokenizers``, 50 MB instead of 280 MB resident, loaded once per process and shared)."""

    def __init__(self, folder: Path, max_tokens: int, strategy: str = "longest_first") -> None:
        from checker.index.spm import SentencePieceTokenizer

        # reads (or prepares, once) the model now: a missing or bad file fails at load, not at first use
        try:
            self._tokenizer = SentencePieceTokenizer(Path(folder), max_tokens, strategy)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(
                f"e5's tokenizer in {folder} cannot be read ({exc}): remove that folder to rebuild it"
            ) from exc
        self.max_tokens, self.strategy = max_tokens, strategy

    def encode_batch(self, items: list) -> list:
        """Token ids (``.ids``) per text or (text, text) pair, truncated to ``max_tokens``."""
        return self._tokenizer.encode_batch(items)


# ------------------------------------------------------------------------------------------ building, batching
def build_stack(cls, folder: Path, *, skip_layers=(), state=None, layers: int | None = None, **kwargs):
    """``cls`` (a :class:`BertStack`) with e5's weights from ``folder``: the word matrix memory-mapped, the
    layers in ``skip_layers`` taken from ``state`` (a judge's own weights, HF names) instead. ``layers``: a
    shallower stack than e5's (a judge distilled into its first ``layers`` layers; e5's others are not read).
    Built on the CPU, not on the meta device: entering it imports torch's meta kernels, seconds on a cold start."""
    path = Path(folder) / "model.safetensors"
    config = BertConfig.from_folder(folder)
    if layers is not None:
        if not 0 < layers <= config.layers:
            raise ValueError(f"a stack of {layers} layers: e5 has {config.layers}")
        skip_layers = (*skip_layers, *range(layers, config.layers))
        config.layers = layers
    model = cls(config.without_words(), initialise=False, **kwargs)  # every layer weight is loaded below
    model.embeddings.word_embeddings = MappedEmbedding(path, "embeddings.word_embeddings.weight")
    weights = base_state(path, skip_layers)
    weights.update(state or {})
    model.load_hf_state(weights, assign=True)
    return model.eval()


def pad_batch(encoded: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids of several texts -> (ids, mask), padded to the longest."""
    width = max(len(tokens) for tokens in encoded)
    ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for row, tokens in enumerate(encoded):
        ids[row, : len(tokens)] = torch.tensor(tokens)
        mask[row, : len(tokens)] = 1
    return ids, mask
