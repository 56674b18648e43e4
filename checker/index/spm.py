"""e5's tokenizer on sentencepiece: the same token ids as its ``tokenizer.json``, in a sixth of the memory.

The ``tokenizers`` library reads e5's 250,002-piece Unigram vocabulary into a trie of hash maps: about
280 MB resident in every process that tokenizes (the pair judge's, the light encoder's), and a second to
parse. sentencepiece, the library XLM-R's vocabulary was made with, holds the same pieces and scores in a
double-array trie (about 50 MB resident with everything around it, 0.3 s to load) and runs the same Viterbi
segmentation. What ``tokenizer.json`` does around
the model is kept exactly, with the ``tokenizers`` objects themselves where they hold no vocabulary:

- special pieces in the raw text (``<s>``, ``</s>``, ``<pad>``, ``<unk>``, and ``<mask>`` with the spaces
  before it) are split out first and become their ids, as ``tokenizers``' added tokens do;
- every other span goes through the file's own normaliser and Metaspace pre-tokenizer (``tokenizers``
  objects built from the file, with a one-piece model), then each word through sentencepiece;
- ``<s> A </s>`` and ``<s> A </s> </s> B </s>`` around them, truncated as ``tokenizers`` truncates
  (``longest_first`` for pairs).

The sentencepiece model (``spiece.model``) and the frame (``spiece-frame.json``: the file without its
vocabulary) are written next to ``tokenizer.json`` once, from it, and rebuilt when it changes (made in memory
where that folder cannot be written). Tested to give ``tokenizers``' ids on every sentence of the read corpora,
odd characters, special pieces and long pairs (tests/index/test_index_spm.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.files import replace_atomically

__all__ = ["Encoded", "SentencePieceTokenizer", "model_proto"]

_FORMAT = "checker-spm-1"


@dataclass(frozen=True)
class Encoded:
    """One text's (or pair's) token ids, as ``tokenizers.Encoding.ids`` gives them."""

    ids: list[int]


# ------------------------------------------------------------------------------------------ the model file
def _varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1  # negative int32 values are written as 64-bit two's complement, as protobuf does
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, wire: int, payload: bytes) -> bytes:
    return _varint(number << 3 | wire) + payload


def _text(number: int, value: str | bytes) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _field(number, 2, _varint(len(data)) + data)


def _int(number: int, value: int) -> bytes:
    return _field(number, 0, _varint(value))


def model_proto(
    pieces: list[tuple[str, float]], unk_id: int, bos_id: int, eos_id: int, pad_id: int, specials: set[str]
) -> bytes:
    """A sentencepiece ``ModelProto`` (Unigram) holding ``pieces`` in their order, so that a piece's
    sentencepiece id is its id in ``tokenizer.json``. Written by hand (the schema's few fields below):
    sentencepiece reads it without the protobuf package. Its normaliser is the identity and it adds no
    space of its own: the text it gets is already normalised and cut into words."""
    normal, unknown, control = 1, 2, 3
    out = bytearray()
    for piece, score in pieces:
        kind = unknown if piece == pieces[unk_id][0] else control if piece in specials else normal
        body = _text(1, piece) + _field(2, 5, struct.pack("<f", score)) + _int(3, kind)
        out += _text(1, body)  # ModelProto.pieces
    trainer = (
        _int(3, 1)  # model_type UNIGRAM
        + _int(4, len(pieces))  # vocab_size
        + _int(40, unk_id)
        + _int(41, bos_id)
        + _int(42, eos_id)
        + _int(43, pad_id)
    )
    out += _text(2, trainer)  # ModelProto.trainer_spec
    normalizer = _text(1, "identity") + _int(3, 0) + _int(4, 0) + _int(5, 0)  # no dummy prefix, spaces, escapes
    out += _text(3, normalizer)  # ModelProto.normalizer_spec
    return bytes(out)


# ------------------------------------------------------------------------------------------ the tokenizer
class SentencePieceTokenizer:
    """``encode_batch`` as ``tokenizers.Tokenizer.encode_batch`` with truncation to ``max_tokens``, for e5's
    ``tokenizer.json`` (a Unigram model, added special tokens, a template post-processor)."""

    def __init__(self, folder: Path, max_tokens: int, strategy: str = "longest_first") -> None:
        if strategy != "longest_first":
            raise ValueError(f"truncation strategy {strategy!r}: only longest_first is implemented")
        self.max_tokens = max_tokens
        self._parts = _load_parts(str(Path(folder) / "tokenizer.json"))

    def encode_batch(self, items: list) -> list[Encoded]:
        """One :class:`Encoded` per text or (text, text) pair."""
        parts = self._parts
        texts = [text for item in items for text in (item if isinstance(item, tuple) else (item,))]
        ids = iter(parts.ids_batch(texts))
        bos, eos = parts.bos_id, parts.eos_id
        out = []
        for item in items:
            if isinstance(item, tuple):
                first, second = _truncate_pair(next(ids), next(ids), self.max_tokens - 4)
                out.append(Encoded([bos, *first, eos, eos, *second, eos]))
            else:
                out.append(Encoded([bos, *next(ids)[: max(0, self.max_tokens - 2)], eos]))
        return out


def _truncate_pair(first: list[int], second: list[int], room: int) -> tuple[list[int], list[int]]:
    """``tokenizers``' longest_first for a pair: the shorter keeps what it can up to half the room (and all
    of it when the longer can give way), the longer the rest."""
    n1, n2 = len(first), len(second)
    if n1 + n2 <= room:
        return first, second
    swap = n1 > n2
    if swap:
        n1, n2 = n2, n1
    n2 = n1 if n1 > room else max(n1, room - n1)
    if n1 + n2 > room:
        n1 = room // 2
        n2 = n1 + room % 2
    if swap:
        n1, n2 = n2, n1
    return first[:n1], second[:n2]


class _Parts:
    """What one ``tokenizer.json`` gives: the sentencepiece processor, the frame's normaliser and
    pre-tokenizer, the special pieces and their ids."""

    def __init__(self, model: bytes, frame: dict) -> None:
        import sentencepiece
        from tokenizers import Tokenizer

        self._sp = sentencepiece.SentencePieceProcessor(model_proto=model)
        framed = Tokenizer.from_str(json.dumps({k: v for k, v in frame.items() if not k.startswith("checker_")}))
        self._normalizer = framed.normalizer
        self._pre_tokenizer = framed.pre_tokenizer
        specials = frame["checker_specials"]
        self._special_ids = {s["content"]: s["id"] for s in specials}
        self.bos_id = self._special_ids["<s>"]
        self.eos_id = self._special_ids["</s>"]
        # leftmost, longest first; a special with lstrip eats the whitespace before it (as <mask> does)
        alternatives = [
            (r"\s*" if s["lstrip"] else "") + re.escape(s["content"]) + (r"\s*" if s["rstrip"] else "")
            for s in sorted(specials, key=lambda s: -len(s["content"]))
        ]
        self._split = re.compile("(" + "|".join(alternatives) + ")")

    def ids_batch(self, texts: list[str]) -> list[list[int]]:
        """Each text's piece ids (no <s> or </s>): the words of all texts go to sentencepiece in one call."""
        plans: list[list[int | None]] = []  # per text: a special's id, or None for the next word
        words: list[str] = []
        for text in texts:
            plan: list[int | None] = []
            for k, span in enumerate(self._split.split(text)):
                if k % 2:
                    plan.append(self._special_ids[span.strip()])
                elif span:
                    found = [w for w, _ in self._pre_tokenizer.pre_tokenize_str(self._normalizer.normalize_str(span))]
                    words += found
                    plan += [None] * len(found)
            plans.append(plan)
        pieces = iter(self._sp.encode(words) if words else [])
        out = []
        for plan in plans:
            ids: list[int] = []
            for step in plan:
                if step is None:
                    ids += next(pieces)
                else:
                    ids.append(step)
            out.append(ids)
        return out


@lru_cache(maxsize=4)
def _load_parts(tokenizer_json: str) -> _Parts:
    model, frame = _prepared(Path(tokenizer_json))
    return _Parts(model, frame)


def _prepared(source: Path) -> tuple[bytes, dict]:
    """The sentencepiece model and the frame for ``source`` (a ``tokenizer.json``), written next to it the
    first time (atomically; keyed by the source's size, time and this module's format) and read back after."""
    stat = source.stat()
    key = hashlib.sha256(f"{_FORMAT}\x00{stat.st_size}\x00{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    model_file, frame_file = source.with_name("spiece.model"), source.with_name("spiece-frame.json")
    try:
        frame = json.loads(frame_file.read_text(encoding="utf-8"))
        if frame.get("checker_key") == key:
            return model_file.read_bytes(), frame
    except (OSError, ValueError):
        pass
    model, frame = _from_tokenizer_json(json.loads(source.read_text(encoding="utf-8")))
    frame["checker_key"] = key
    try:  # the model first: a frame with this key promises its model
        replace_atomically(model_file, lambda out: out.write(model))
        replace_atomically(frame_file, lambda out: out.write(json.dumps(frame, ensure_ascii=False).encode("utf-8")))
    except OSError:
        pass  # a folder that cannot be written (a shared, read-only cache): made again by the next process
    return model, frame


def _from_tokenizer_json(raw: dict) -> tuple[bytes, dict]:
    model = raw["model"]
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        raise ValueError("only a Unigram tokenizer.json without byte fallback is read by sentencepiece here")
    vocab = [(str(piece), float(score)) for piece, score in model["vocab"]]
    index = {piece: i for i, (piece, _) in enumerate(vocab)}
    if len(index) != len(vocab):
        raise ValueError("tokenizer.json's vocabulary holds a piece twice: sentencepiece needs each piece once")
    specials = [
        {"content": t["content"], "id": t["id"], "lstrip": t["lstrip"], "rstrip": t["rstrip"]}
        for t in raw["added_tokens"]
        if t.get("special")
    ]
    if any(index.get(s["content"]) != s["id"] for s in specials) or any(
        t.get("single_word") for t in raw["added_tokens"]
    ):
        raise ValueError("tokenizer.json's added tokens are not its vocabulary's pieces")
    names = {s["content"] for s in specials}
    proto = model_proto(vocab, model["unk_id"], index["<s>"], index["</s>"], index.get("<pad>", -1), names)
    frame = {
        k: v for k, v in raw.items() if k not in ("model", "added_tokens", "post_processor", "truncation", "padding")
    }
    frame.update(
        model={"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]], "byte_fallback": False},
        added_tokens=[],
        post_processor=None,
        truncation=None,
        padding=None,
        checker_specials=specials,
    )
    return proto, frame
