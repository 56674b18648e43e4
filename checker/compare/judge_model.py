"""The pair judge's network: multilingual-e5-small read as a cross-encoder, plus a 3-way head.

Imported lazily (it imports torch at the top): only :mod:`checker.compare.judge` and the training
code load it. The stack is :mod:`checker.index.bert`'s plain-torch BERT (``tests/compare/test_compare_judge_model.py``
checks that its outputs match ``transformers.BertModel``'s on the same weights).

Weights: the base is the rebuilt e5-small folder (``model.safetensors``, HF BertModel names); the
judge's own weights (the fine-tuned top layers and the head) are stored under the same names and
loaded over it.
"""

from __future__ import annotations

import torch
from torch import nn

from checker.index.bert import BertConfig, BertStack, MappedEmbedding, load_base_state

__all__ = ["BertConfig", "CrossEncoder", "MappedEmbedding", "load_base_state", "loaded_state", "stored_state"]


class CrossEncoder(BertStack):
    """Both claims in one sequence (``<s> A </s></s> B </s>``) -> logits over the judge's labels.

    The head reads the mean of the last layer's token states (e5 was trained with mean pooling).
    """

    def __init__(self, config: BertConfig, labels: int = 3, dropout: float = 0.1, *, initialise: bool = True) -> None:
        super().__init__(config, dropout, initialise=initialise)
        self.head_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(config.hidden, labels)

    def upper(self, x: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        """Logits from the token states after layer ``start``."""
        return self.head(self.head_dropout(self.mean_pool(self.run_layers(x, mask, start), mask)))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.upper(self.lower(ids, mask, 0), mask, 0)


INT8, SCALE = ".q8", ".scale"  # a matrix stored in int8 rows: NAME.q8 (int8) and NAME.scale (one float16 a row)


def stored_state(state: dict[str, torch.Tensor], store: str = "float16") -> dict[str, torch.Tensor]:
    """The judge's trained weights as ``weights.safetensors`` holds them: all in float16, or (``int8``, for a
    judge that would not fit the package in float16: twelve layers are 43 MB) every matrix of the layers in int8
    with one float16 scale per row (the row's largest magnitude / 127), the rest (biases, layer norms, the head)
    in float16. :func:`loaded_state` reads either back."""
    if store not in ("float16", "int8"):
        raise ValueError(f"no judge storage {store!r}: float16 or int8")
    out = {}
    for name, value in state.items():
        if store == "int8" and value.dim() == 2 and not name.startswith("head."):
            rows = value.float()
            scale = (rows.abs().amax(dim=1).clamp(min=1e-8) / 127).to(torch.float16)
            out[name + INT8] = torch.round(rows / scale.float()[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
            out[name + SCALE] = scale.contiguous()
        else:
            out[name] = value.to(torch.float16).contiguous()
    return out


def loaded_state(stored: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The float32 weights a ``weights.safetensors`` written by :func:`stored_state` holds."""
    out = {}
    for name, value in stored.items():
        if name.endswith(INT8):
            base = name[: -len(INT8)]
            out[base] = value.float() * stored[base + SCALE].float()[:, None]
        elif not name.endswith(SCALE):
            out[name] = value.float()
    return out
