"""A judge with fewer layers than e5's twelve (distilled: scripts/train_judge.py --teacher --layers): the
training script keeps the layers it names, in order, and the loader builds a stack of that many, reading
none of e5's other layers."""

from __future__ import annotations

import json

import pytest

from tests.conftest import script_module

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def train_judge():
    return script_module("train_judge")


def _config(layers: int = 3):
    from checker.index.bert import BertConfig

    return BertConfig(hidden=16, layers=layers, heads=2, ffn=32, vocab=50, positions=32, types=1, eps=1e-12, pad_id=1)


def _tiny_e5(folder, config) -> dict:
    """A folder laid out like the rebuilt e5 (config.json, model.safetensors under HF names); its weights."""
    from safetensors.torch import save_file

    from checker.compare.judge_model import CrossEncoder

    torch.manual_seed(0)
    state = {k: v for k, v in CrossEncoder(config).hf_state_dict().items() if not k.startswith("head.")}
    save_file({k: v.contiguous() for k, v in state.items()}, str(folder / "model.safetensors"))
    raw = {
        "hidden_size": config.hidden,
        "num_hidden_layers": config.layers,
        "num_attention_heads": config.heads,
        "intermediate_size": config.ffn,
        "vocab_size": config.vocab,
        "max_position_embeddings": config.positions,
        "type_vocab_size": config.types,
        "layer_norm_eps": config.eps,
        "pad_token_id": config.pad_id,
    }
    (folder / "config.json").write_text(json.dumps(raw), encoding="utf-8")
    return state


def test_train_judge_kept_layers_are_the_named_ones_in_order_and_leave_the_config_alone(train_judge):
    from checker.compare.judge_model import CrossEncoder

    config = _config(3)
    model = CrossEncoder(config)
    layers = list(model.layers)
    small = train_judge.kept_layers(model, [2, 0])
    assert small.config.layers == 2 and config.layers == 3
    assert small.layers[0] is layers[2] and small.layers[1] is layers[0]
    ids = torch.tensor([[0, 5, 7, 2]])
    assert small.eval()(ids, torch.ones_like(ids)).shape == (1, 3)
    assert sorted({k.split(".")[2] for k in small.hf_state_dict() if k.startswith("encoder.layer.")}) == ["0", "1"]


def test_judge_stack_of_fewer_layers_loads_its_own_and_reads_no_other(tmp_path):
    from checker.compare.judge_model import CrossEncoder
    from checker.index.bert import build_stack

    config = _config(3)
    base = _tiny_e5(tmp_path, config)
    torch.manual_seed(1)
    student = CrossEncoder(_config(2)).eval()  # a judge of two layers, all of them its own, and a head
    own = {k: v for k, v in student.hf_state_dict().items() if k.startswith(("encoder.layer.", "head."))}
    built = build_stack(CrossEncoder, tmp_path, skip_layers=[0, 1], state=own, layers=2, labels=3)
    assert built.config.layers == 2 and len(built.layers) == 2
    ids = torch.tensor([[0, 5, 7, 2], [0, 9, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    student.load_hf_state({**base, **own})  # the same embeddings as the folder's
    assert torch.allclose(built(ids, mask), student(ids, mask), atol=1e-6)
    # e5's third layer is not read: the judge's weights alone fill the stack
    assert not any(k.startswith("layers.2.") for k in built.state_dict())


def test_judge_stack_refuses_more_layers_than_the_base_has(tmp_path):
    from checker.compare.judge_model import CrossEncoder
    from checker.index.bert import build_stack

    _tiny_e5(tmp_path, _config(2))
    with pytest.raises(ValueError, match="e5 has 2"):
        build_stack(CrossEncoder, tmp_path, layers=3, labels=3)
