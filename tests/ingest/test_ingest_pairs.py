"""Sentence-pair tables (``checker compare-pairs``): rows read with their ids, every unusable table
refused with a line that says where and why."""

from __future__ import annotations

import re

import pytest

from checker.errors import InputError
from checker.ingest import article_from_text, read_pairs


def test_ingest_pairs_rows_with_id_or_uid(tmp_path):
    (tmp_path / "a.tsv").write_text(
        "id\tpremise\thypothesis\n1\tLe texte a été signé.\tIl a été signé.\n", encoding="utf-8"
    )
    (tmp_path / "b.tsv").write_text(
        "uid\tpremise\thypothesis\tlabel\nx\tA est vrai.\tB est vrai.\tneutral\n", encoding="utf-8"
    )
    assert read_pairs(tmp_path / "a.tsv") == [
        {"id": "1", "premise": "Le texte a été signé.", "hypothesis": "Il a été signé."}
    ]
    assert read_pairs(tmp_path / "b.tsv") == [{"id": "x", "premise": "A est vrai.", "hypothesis": "B est vrai."}]


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "id\tpremise\thypothesis\n1\t \tLe texte a été signé.\n",
            "line 2: a row needs id, premise and hypothesis (none blank)",
        ),
        ("id\tpremise\thypothesis\n1\tLe texte\x00\tLe texte a été signé.\n", "line 2: a NUL byte"),
        ("premise\thypothesis\nA\tB\n", "missing: id"),
        ("id\tpremise\n1\tA\n", "missing: hypothesis"),
    ],
)
def test_ingest_pairs_unusable_rows_are_refused(tmp_path, content, message):
    (tmp_path / "pairs.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_pairs(tmp_path / "pairs.tsv")


def test_ingest_pairs_missing_folder_or_binary_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="pairs file not found"):
        read_pairs(tmp_path / "none.tsv")
    with pytest.raises(InputError, match="is a folder, not a pairs file"):
        read_pairs(tmp_path)
    (tmp_path / "latin1.tsv").write_bytes("id\tpremise\thypothesis\n1\tété\tx\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_pairs(tmp_path / "latin1.tsv")


def test_ingest_pairs_text_becomes_an_article_with_its_language():
    article = article_from_text("premise", "The summit was held in Paris on Monday.")
    assert (article.id, article.language, article.content_hash) == (
        "premise",
        "en",
        article.hash_text("The summit was held in Paris on Monday."),
    )
