"""The report's word tables are data (``checker/report/data/values.json``, each table saying why it exists):
validated when ``checker.report.values`` is imported, a malformed file being a ModelError that names it; the
countries' French names are pycountry's (``checker.text``) but for the few the file writes, each saying why."""

from __future__ import annotations

import json

import pytest

from checker.errors import ModelError
from checker.report import values
from checker.text import french_country_names


def _table() -> dict:
    return json.loads(values._DATA.read_text(encoding="utf-8"))


def test_report_values_every_table_says_why():
    table = _table()
    assert [name for name, part in table.items() if name != "about" and not part["why"].strip()] == []
    assert all(entry["why"].strip() for entry in table["french_names"]["entries"].values())


def test_report_values_countries_named_with_pycountry_but_for_the_written_differences():
    plain = french_country_names()
    written = _table()["french_names"]["entries"]
    assert {iso: entry["name"] for iso, entry in written.items() if plain.get(iso) == entry["name"]} == {}
    assert values.COUNTRIES["JP"] == ("le Japon", "m", "Japan")  # pycountry's « Japon »
    assert values.COUNTRIES["BY"] == ("la Biélorussie", "f", "Belarus")  # not pycountry's « Bélarus »
    assert values.COUNTRIES["IL"] == ("Israël", "m", "Israel") and values.COUNTRIES["IN"][0] == "l'Inde"
    assert values.FRENCH_PLACES["United Kingdom"] == "Royaume-Uni" and values.FRENCH_PLACES["Riyadh"] == "Riyad"


@pytest.mark.parametrize(
    ("part", "change"),
    [
        ("participles", lambda t: t["participles"].pop("why")),  # a table without its reason
        ("countries", lambda t: t["countries"]["entries"]["FR"].update(gender="x")),
        ("typo", lambda t: t.update(typo={})),  # a table the code does not read
        ("french_names", lambda t: t["french_names"]["entries"].update(XX={"name": "Nulle part", "why": "test"})),
    ],
)
def test_report_values_a_malformed_file_is_an_error_naming_it(tmp_path, monkeypatch, part, change):
    table = _table()
    change(table)
    path = tmp_path / "values.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(values, "_DATA", path)
    with pytest.raises(ModelError, match=rf"(?s)values\.json.*{part}"):
        values._load()


def test_report_values_a_country_without_a_french_name_is_an_error_naming_the_file(monkeypatch):
    monkeypatch.setattr(values, "french_country_names", lambda: {})  # pycountry's catalogue missing
    with pytest.raises(ModelError, match=r"values\.json.*no French name for AF, DZ"):
        values._french_names(values._load())
