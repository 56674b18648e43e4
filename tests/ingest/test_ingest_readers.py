"""Each reader on a small fixture: .txt, .md with front matter, .html, .json (object, list), .jsonl."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.ingest import read_article, read_corpus
from checker.models import Article

FORMATS = Path(__file__).parents[1] / "fixtures" / "ingest" / "formats"


def test_ingest_txt_text_is_verbatim():
    article = read_article(FORMATS / "article.txt", FORMATS)
    raw = (FORMATS / "article.txt").read_bytes().decode("utf-8")
    assert article.id == "article.txt"
    assert article.text == raw  # leading spaces, blank lines and the final newline kept
    assert article.content_hash == Article.hash_text(raw)
    assert article.title == "Le sommet de Paris s'est achevé"


def test_ingest_txt_boilerplate_offsets_index_the_raw_text():
    article = read_article(FORMATS / "article.txt", FORMATS)
    pieces = [article.text[s.start : s.end] for s in article.boilerplate]
    assert pieces == ["PARIS -", "Publicité"]


def test_ingest_markdown_front_matter_gives_metadata_and_body():
    article = read_article(FORMATS / "front_matter.md", FORMATS)
    assert article.text.startswith("# Sommet de Paris sur l'IA\n")
    assert "---" not in article.text and "tags" not in article.text
    assert article.title == "Sommet de Paris sur l'IA"
    assert article.outlet == "Le Quotidien"
    assert article.agency == "AFP"  # « source: Agence France-Presse », canonical name
    assert article.language == "fr"  # « lang: fr-FR »
    assert article.published == "2025-02-11"
    assert article.published_weekday == 1
    assert article.published_basis == "front matter 'date'"


def test_ingest_markdown_without_front_matter_is_read_whole(tmp_path):
    (tmp_path / "note.md").write_text("# Titre\n\nLe Kremlin a confirmé jeudi.\n", encoding="utf-8")
    article = read_article(tmp_path / "note.md", tmp_path)
    assert article.text == "# Titre\n\nLe Kremlin a confirmé jeudi.\n"
    assert article.title == "Titre"
    assert article.published_weekday == 3


@pytest.mark.parametrize("stated", ["none", "None", "aucune", "n/a"])
def test_ingest_front_matter_agency_none_means_no_agency(tmp_path, stated):
    """« agency: none » states that no agency stands behind the article: no agency called "none", and no
    agency inferred from the text either (the AFP the text quotes is not the article's agency)."""
    text = f"---\nagency: {stated}\nlanguage: fr\n---\nLe Kremlin a confirmé jeudi, selon l'AFP.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    assert read_article(tmp_path / "a.md", tmp_path).agency is None


def test_ingest_markdown_bad_front_matter_is_refused(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nTexte.\n", encoding="utf-8")
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        read_article(tmp_path / "bad.md", tmp_path)


def test_ingest_html_main_text_without_navigation_or_footer():
    article = read_article(FORMATS / "page.html", FORMATS)
    assert "signée par 58 pays" in article.text
    assert "n'ont pas signé le texte" in article.text
    assert "Accueil" not in article.text and "Mentions légales" not in article.text
    assert "<p>" not in article.text
    assert article.title == "Sommet IA : 58 pays signent la déclaration"
    assert article.outlet == "Le Quotidien"
    assert article.published == "2025-02-11"
    assert article.published_basis == "HTML metadata 'date'"


def test_ingest_html_with_no_text_is_refused(tmp_path):
    page = "<html><head><title>Accueil</title></head><body><script>var a = 1;</script></body></html>"
    (tmp_path / "empty.html").write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match="no main text found in the HTML"):
        read_article(tmp_path / "empty.html", tmp_path)


def test_ingest_json_object_uses_record_id_and_aliases():
    article = read_article(FORMATS / "record.json", FORMATS)
    assert article.id == "afp-2025-0211-001"
    assert article.text.startswith("PARIS (AFP) - The summit ended")  # from « body »
    assert article.title == "Paris AI summit ends"
    assert article.outlet == "Wire Daily"
    assert article.language == "en"
    assert article.published == "2025-02-11"  # the date part of 2025-02-11T17:30:00Z
    assert article.agency == "AFP"  # inferred from the « PARIS (AFP) - » dateline


def test_ingest_json_list_yields_one_article_per_record():
    corpus = read_corpus(FORMATS)
    by_id = {a.id: a for a in corpus.articles}
    first = by_id["list.json#1"]
    assert first.agency == "AFP"
    assert first.published == "2025-02-11"  # « 11 février 2025 »
    assert first.published_basis == "JSON field 'date'"
    second = by_id["https://example.org/sommet-ia"]  # the record's url is its id
    assert second.text == "Le Royaume-Uni a finalement signé le texte, a indiqué l'Élysée."  # from « content »
    assert second.agency == "Reuters"  # from « source »


def test_ingest_json_list_of_several_is_refused_by_read_article():
    with pytest.raises(InputError, match="holds 2 articles"):
        read_article(FORMATS / "list.json", FORMATS)


def test_ingest_jsonl_ids_are_line_numbers_or_record_ids():
    corpus = read_corpus(FORMATS)
    by_id = {a.id: a for a in corpus.articles}
    assert by_id["feed.jsonl#1"].published == "2025-02"
    assert by_id["feed-3"].text == "Le prochain sommet se tiendra en Inde."
    assert "feed.jsonl#2" not in by_id  # a blank line is no record


def test_ingest_jsonl_bad_line_is_a_problem_and_the_rest_is_read(tmp_path):
    lines = [
        '{"text": "Premier article."}',
        "{not json",
        '{"title": "sans texte"}',
        '["a list"]',
        '{"text": "Quatrième."}',
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["feed.jsonl#1", "feed.jsonl#5"]
    reasons = {p.path: p.reason for p in corpus.problems}
    assert reasons["feed.jsonl#2"].startswith("line 2: invalid JSON")
    assert reasons["feed.jsonl#3"] == "line 3: no text (looked for text, body, content)"
    assert reasons["feed.jsonl#4"] == "line 4: a record must be a JSON object, not list"


def test_ingest_json_wrong_shapes_are_refused(tmp_path):
    cases = {
        "bad.json": "{oops",
        "number.json": "42",
        "empty_list.json": "[]",
        "typed.json": '{"text": "T.", "title": ["x"]}',
    }
    for name, content in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    reasons = {}
    for name in cases:
        with pytest.raises(InputError) as caught:
            read_article(tmp_path / name, tmp_path)
        reasons[name] = str(caught.value)
    assert "invalid JSON at line 1 column 2" in reasons["bad.json"]
    assert "not int" in reasons["number.json"]
    assert "empty JSON list" in reasons["empty_list.json"]
    assert "'title' should be text, not list" in reasons["typed.json"]


def test_ingest_utf8_bom_is_dropped(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffLe Kremlin a confirmé jeudi.".encode("utf-8"))
    assert read_article(tmp_path / "bom.txt", tmp_path).text == "Le Kremlin a confirmé jeudi."


def test_ingest_cp1252_text_is_accepted(tmp_path):
    (tmp_path / "windows.txt").write_bytes("Le Kremlin a confirmé jeudi l’accord à 30 €.".encode("cp1252"))
    assert read_article(tmp_path / "windows.txt", tmp_path).text == "Le Kremlin a confirmé jeudi l’accord à 30 €."


def test_ingest_undecodable_bytes_are_refused(tmp_path):
    # 0x81 is undefined in cp1252 and invalid as UTF-8: neither encoding can read it.
    (tmp_path / "odd.txt").write_bytes(b"Le Kremlin \x81 a confirm\xe9.")
    with pytest.raises(InputError, match=r"not UTF-8 .*byte 0x81"):
        read_article(tmp_path / "odd.txt", tmp_path)


def test_ingest_binary_and_empty_files_are_refused(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="binary file"):
        read_article(tmp_path / "image.txt", tmp_path)
    for name in ("empty.txt", "blank.md"):
        with pytest.raises(InputError, match="empty file"):
            read_article(tmp_path / name, tmp_path)


def test_ingest_read_article_outside_root_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    with pytest.raises(InputError, match="is not inside"):
        read_article(tmp_path / "a.txt", tmp_path / "elsewhere")
