"""The judge's own BERT forward pass gives what transformers' BertModel gives on the same weights."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_compare_judge_model_matches_transformers_bert():
    import torch
    from transformers import BertModel

    from checker.compare.judge import load_tokenizer
    from checker.compare.judge_model import BertConfig, CrossEncoder, MappedEmbedding, load_base_state
    from checker.index.encoders import e5_folder

    folder = e5_folder()
    tokenizer = load_tokenizer(folder)
    encoded = tokenizer.encode_batch(
        [
            ("Le sommet s'est achevé mardi.", "The summit ended on Tuesday in Paris."),
            ("Bonjour.", "Quarante-deux pays ont signé la déclaration finale."),
        ]
    )
    assert encoded[0].ids[0] == 0 and encoded[0].ids.count(2) == 3  # <s> first, three </s>
    width = max(len(e.ids) for e in encoded)
    ids = torch.tensor([e.ids + [1] * (width - len(e.ids)) for e in encoded])
    mask = torch.tensor([[1] * len(e.ids) + [0] * (width - len(e.ids)) for e in encoded])
    ours = CrossEncoder(BertConfig.from_folder(folder)).eval()
    ours.load_hf_state(load_base_state(folder))
    reference = BertModel.from_pretrained(str(folder), add_pooling_layer=False).eval()
    with torch.inference_mode():
        expected = reference(input_ids=ids, attention_mask=mask).last_hidden_state * mask[..., None]
        got = ours.lower(ids, mask, 12) * mask[..., None]
        assert torch.allclose(got, expected, atol=1e-4)
        # the memory-mapped word matrix reads the same rows
        mapped = MappedEmbedding(folder / "model.safetensors", "embeddings.word_embeddings.weight")
        assert torch.equal(mapped(ids), ours.embeddings.word_embeddings(ids))
