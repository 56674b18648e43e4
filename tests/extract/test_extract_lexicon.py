"""The extraction's word lists: data with a reason for each list, validated when loaded."""

from __future__ import annotations

import json

import pytest

from checker.errors import ModelError
from checker.extract import lexicon


def _table() -> dict:
    return json.loads(lexicon._DATA.read_text(encoding="utf-8"))


def test_extract_lexicon_every_list_says_why_it_exists():
    table = _table()
    lists = {name: value for name, value in table.items() if name != "about"}
    assert len(lists) == len(lexicon.__all__)
    assert all(value["why"].strip() for value in lists.values())


def test_extract_lexicon_words_are_lower_case_lemmas():
    table = _table()
    words = [*table["reporting"]["fr"], *table["reporting"]["en"], *table["refusal"]["words"]]
    words += [*table["title_heads"]["words"], *table["time_words"]["words"], *table["predicate_canon"]["entries"]]
    words += [w for entry in table["event_types"]["entries"] for w in entry["words"]]
    assert words and all(w == w.strip().casefold() for w in words)


def test_extract_lexicon_shapes_the_extractors_use():
    assert "déclarer" in lexicon.REPORTING["fr"] and "say" in lexicon.REPORTING["en"]
    assert lexicon.ANTONYMS["démentir"] == ("confirmer", True)
    assert lexicon.EVENT_TYPES[0][0] == "ceasefire"  # order decides: the more specific event types first
    assert lexicon.ORDER_CUES["après"] is False and lexicon.ORDER_CUES["puis"] is True


@pytest.mark.parametrize("broken", ["why", "words"])
def test_extract_lexicon_rejects_a_list_without_its_reason_or_words(tmp_path, monkeypatch, broken):
    table = _table()
    del table["refusal"][broken]
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(lexicon, "_DATA", path)
    with pytest.raises(ModelError, match="refusal"):
        lexicon._load()


def test_extract_lexicon_every_data_file_is_in_the_extractor_version(monkeypatch):
    """EXTRACTOR_VERSION digests every file of ``checker/extract/data``: changing a word list re-extracts."""
    from pathlib import Path

    from checker.extract import engine

    read: list[Path] = []
    real = Path.read_bytes

    def recording(self: Path) -> bytes:
        read.append(self.resolve())
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    engine._source_digest()
    data = sorted(p.resolve() for p in (Path(engine.__file__).parent / "data").iterdir())
    assert data and [p for p in data if p not in read] == []
