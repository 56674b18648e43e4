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

__all__ = ["BertConfig", "CrossEncoder", "MappedEmbedding", "load_base_state"]


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
