"""The pair judge's network: multilingual-e5-small read as a cross-encoder, plus a 3-way head.

Imported lazily (it imports torch at the top): only :mod:`checker.compare.judge` and the training
code load it. The encoder is written here in plain torch (embeddings, 12 post-norm BERT layers,
``scaled_dot_product_attention``) instead of through ``transformers.BertModel``: importing
transformers costs about 3.5 s, which a CI check pays on every run, and the judge needs nothing of it
but this forward pass. ``tests/compare/test_judge_model.py`` checks that the outputs match
``BertModel``'s on the same weights.

Weights: the base is the rebuilt e5-small folder (``model.safetensors``, HF BertModel names); the
judge's own weights (the fine-tuned top layers and the head) are stored under the same names and
loaded over it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["BertConfig", "CrossEncoder", "MappedEmbedding", "load_base_state"]


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
        self.word_embeddings: nn.Module = nn.Embedding(c.vocab, c.hidden, padding_idx=c.pad_id)
        self.position_embeddings = nn.Embedding(c.positions, c.hidden)
        self.token_type_embeddings = nn.Embedding(c.types, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.eps)  # noqa: N815 - HF state-dict name

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word_embeddings(ids) + self.position_embeddings(positions)[None] + self.token_type_embeddings.weight[0]
        return self.LayerNorm(x)


class _Layer(nn.Module):
    """One post-norm BERT layer; parameter names follow HF's, flattened by :func:`_hf_name`."""

    def __init__(self, c: BertConfig, dropout: float) -> None:
        super().__init__()
        self.heads, self.head_dim, self.dropout = c.heads, c.hidden // c.heads, dropout
        self.query, self.key, self.value = (nn.Linear(c.hidden, c.hidden) for _ in range(3))
        self.attn_out = nn.Linear(c.hidden, c.hidden)
        self.attn_norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.ffn_in = nn.Linear(c.hidden, c.ffn)
        self.ffn_out = nn.Linear(c.ffn, c.hidden)
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


def _hf_name(name: str) -> str:
    """``layers.3.ffn_in.weight`` -> ``encoder.layer.3.intermediate.dense.weight``; others unchanged."""
    if not name.startswith("layers."):
        return name
    _, index, module, leaf = name.split(".")
    return f"encoder.layer.{index}.{_LAYER_NAMES[module]}.{leaf}"


class CrossEncoder(nn.Module):
    """Both claims in one sequence (``<s> A </s></s> B </s>``) -> logits over the judge's labels.

    The head reads the mean of the last layer's token states (e5 was trained with mean pooling).
    """

    def __init__(self, config: BertConfig, labels: int = 3, dropout: float = 0.1) -> None:
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.layers = nn.ModuleList(_Layer(config, dropout) for _ in range(config.layers))
        self.head_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(config.hidden, labels)

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

    def upper(self, x: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        """Logits from the token states after layer ``start``."""
        bias = self.attention_bias(mask, x.dtype)
        for layer in self.layers[start:]:
            x = layer(x, bias)
        m = mask.to(x.dtype)[..., None]
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.head_dropout(pooled))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.upper(self.lower(ids, mask, 0), mask, 0)

    def hf_state_dict(self, names: set[str] | None = None) -> dict[str, torch.Tensor]:
        """Parameters under HF names (``encoder.layer.N....``, ``head.weight``); only ``names`` if given."""
        out = {}
        for name, tensor in self.state_dict().items():
            hf = _hf_name(name)
            if names is None or hf in names:
                out[hf] = tensor
        return out

    def load_hf_state(self, state: dict[str, torch.Tensor], *, strict_base: bool = True, assign: bool = False) -> None:
        """Load parameters given under HF names; with ``strict_base`` every encoder weight must be there.

        ``assign`` takes the given tensors as the parameters (no copy: for a model built on the meta device)."""
        ours = {_hf_name(n): n for n in self.state_dict()}
        missing = [hf for hf, n in ours.items() if hf not in state and not n.startswith("head.")]
        if strict_base and missing:
            raise KeyError(f"weights missing: {', '.join(missing[:3])}")
        self.load_state_dict({ours[k]: v for k, v in state.items() if k in ours}, strict=False, assign=assign)


def load_base_state(folder: Path) -> dict[str, torch.Tensor]:
    """The rebuilt e5-small weights (float32) from its folder's ``model.safetensors``."""
    from safetensors.torch import load_file

    return load_file(str(Path(folder) / "model.safetensors"))


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
