"""The manifest: schema errors, precedence over the file and the text, and the shipped corpus/manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.ingest import CorpusManifest, read_corpus

MAIN = Path(__file__).parents[2]
SEEDS = MAIN.parent / "shared" / "seeds"
ARTICLE = "Le Kremlin a confirmé jeudi des discussions.\n"


def _corpus(tmp_path: Path, manifest: object, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {"a.txt": ARTICLE}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    raw = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (tmp_path / "manifest.json").write_text(raw, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "is not valid JSON: line 1 column 2"),
        ([], "is malformed: Input should be a valid dictionary"),
        ({"files": []}, "articles: Field required"),
        ({"articles": [{"file": "a.txt", "outlte": "Le Monde"}]}, "articles.0.outlte: Extra inputs are not permitted"),
        ({"articles": [{"file": "a.txt", "published": "11/02/2025"}]}, "'11/02/2025' is not an ISO date"),
        ({"articles": [{"file": "a.txt", "published": "2025-02-30"}]}, "'2025-02-30' is not an ISO date"),
        (
            {"articles": [{"file": "a.txt", "published_weekday": 7}]},
            "published_weekday: Input should be less than or equal to 6",
        ),
        (
            {"articles": [{"file": "a.txt", "published": "2025-02-11", "published_weekday": 3}]},
            "2025-02-11 is weekday 1",
        ),
        ({"articles": [{"file": "a.txt", "language": "French"}]}, "articles.0.language"),
        ({"articles": [{"file": "a.txt"}, {"file": "a.txt"}]}, "'a.txt' has two entries"),
        ({"articles": [{"file": "missing.txt"}]}, "names a file that does not exist: missing.txt"),
        ({"articles": [{"file": "../a.txt"}]}, "must be a path relative to the corpus root"),
        ({"articles": [{"file": "notes.pdf"}]}, "does not read as an article: notes.pdf"),
    ],
)
def test_ingest_manifest_malformed_is_refused_with_its_name(tmp_path, manifest, message):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    root = _corpus(tmp_path, manifest)
    with pytest.raises(InputError) as caught:
        read_corpus(root)
    assert str(root / "manifest.json") in str(caught.value)
    assert message in str(caught.value)


def test_ingest_manifest_given_but_missing_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match=r"manifest not found: .*other\.json"):
        read_corpus(tmp_path, manifest=tmp_path / "other.json")


def test_ingest_manifest_values_override_inference(tmp_path):
    entry = {"file": "a.txt", "agency": "agence france-presse", "outlet": "Le Quotidien", "published": "2025-03-13"}
    corpus = read_corpus(_corpus(tmp_path, {"articles": [entry]}))
    (article,) = corpus.articles
    assert article.agency == "AFP"  # canonical
    assert article.outlet == "Le Quotidien"
    assert article.published == "2025-03-13"
    assert article.published_weekday == 3  # from the full date
    assert article.published_basis == "manifest"


def test_ingest_manifest_absent_fields_fall_back_to_inference(tmp_path):
    corpus = read_corpus(_corpus(tmp_path, {"articles": [{"file": "a.txt", "outlet": "Le Quotidien"}]}))
    (article,) = corpus.articles
    assert article.outlet == "Le Quotidien"
    assert article.published_weekday == 3  # « jeudi », inferred
    assert article.published_basis and "jeudi" in article.published_basis


def test_ingest_manifest_explicit_null_means_unknown(tmp_path):
    text = "AA / Moscou / Elena Teslova\nLe Kremlin a confirmé jeudi des discussions.\n"
    manifest = {"articles": [{"file": "a.txt", "agency": None, "published_weekday": None}]}
    (article,) = read_corpus(_corpus(tmp_path, manifest, {"a.txt": text})).articles
    assert article.agency is None
    assert article.published_weekday is None


def test_ingest_manifest_partial_date_keeps_inferred_weekday(tmp_path):
    manifest = {"articles": [{"file": "a.txt", "published": "2025-02"}]}
    (article,) = read_corpus(_corpus(tmp_path, manifest)).articles
    assert (article.published, article.published_weekday) == ("2025-02", 3)
    assert article.published_basis.startswith("manifest; weekday from « confirmé jeudi »")


def test_ingest_manifest_at_another_path_is_not_read_as_article(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"articles": [{"file": "a.txt", "outlet": "Le Quotidien"}]}), encoding="utf-8")
    corpus = read_corpus(tmp_path, manifest=meta)
    assert [a.id for a in corpus.articles] == ["a.txt"]
    assert corpus.articles[0].outlet == "Le Quotidien"


def test_ingest_manifest_entry_for_jsonl_applies_to_every_record(tmp_path):
    files = {"feed.jsonl": '{"text": "Premier."}\n{"text": "Second."}\n'}
    corpus = read_corpus(_corpus(tmp_path, {"articles": [{"file": "feed.jsonl", "agency": "Reuters"}]}, files))
    assert [a.agency for a in corpus.articles] == ["Reuters", "Reuters"]


def test_ingest_manifest_shipped_corpus_is_valid_and_complete():
    manifest = CorpusManifest.model_validate_json((MAIN / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in (MAIN / "corpus").glob("*.txt"))
    assert [e.file for e in manifest.articles] == files
    assert all(e.outlet is None and e.language == "fr" for e in manifest.articles)
    by_file = {e.file[:3]: e for e in manifest.articles}
    assert [by_file[k].agency for k in ("000", "001", "002", "003", "004")] == [
        "Anadolu",
        "AFP",
        None,
        "AFP",
        "Anadolu",
    ]
    assert [by_file[k].published_weekday for k in ("000", "001", "002", "003", "004")] == [1, 2, 3, 3, 3]
    assert [by_file[k].published for k in ("000", "001", "002", "003", "004")] == [None, None, None, "2025-02", None]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_ingest_manifest_shipped_corpus_holds_the_seeds_verbatim():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (MAIN / "corpus" / seed.name).read_bytes() == seed.read_bytes(), seed.name


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_ingest_manifest_agrees_with_inference_on_the_seeds():
    # The manifest records what the text allows, so inference alone must reach the same values.
    shipped = {a.id: a for a in read_corpus(MAIN / "corpus").articles}
    inferred = {a.id: a for a in read_corpus(SEEDS).articles}
    assert shipped.keys() == inferred.keys()
    for key, article in shipped.items():
        fields = ("agency", "language", "published", "published_weekday", "outlet", "title", "boilerplate")
        assert [getattr(article, f) for f in fields] == [getattr(inferred[key], f) for f in fields], key
