from checker.extract.registry import load_registry, name_key, person_id


def test_extract_registry_transliterations_meet():
    assert name_key("Dartchiev", "fr") == name_key("Darchiev", "en")
    assert name_key("Ouchakov", "fr") == name_key("Ushakov", "en")


def test_extract_registry_spellings_share_an_id_without_a_table_of_people():
    """No person is listed: French and English spellings meet through the family name's key."""
    assert person_id("Poutine") == person_id("Vladimir Putin", "en") == "putin"
    assert person_id("Zelensky") == person_id("Zelenskyy", "en") == person_id("Volodymyr Zelenskiy", "en")
    assert person_id("Iouri Ouchakov") == person_id("Yuri Ushakov", "en") == "ushakov"
    assert not hasattr(load_registry(), "titles")  # no title names anyone outside the article that gives it


def test_extract_registry_table_says_why_each_entry_exists():
    import json

    from checker.extract.registry import _DATA

    table = json.loads(_DATA.read_text(encoding="utf-8"))
    assert set(table) == {"about", "organisations", "bodies", "carriers"}  # no table of people
    assert all(entry["why"].strip() for entry in [*table["organisations"], *table["bodies"], table["carriers"]])
    assert load_registry().by_variant["maison blanche"] is load_registry().by_variant["white house"]


def test_extract_registry_rejects_an_entry_without_its_reason(tmp_path, monkeypatch):
    import pydantic
    import pytest

    from checker.extract import registry

    bad = tmp_path / "registry.json"
    bad.write_text('{"about": "x", "organisations": [{"id": "a", "name": "A", "variants": ["A"]}]}', encoding="utf-8")
    monkeypatch.setattr(registry, "_DATA", bad)
    registry.load_registry.cache_clear()
    try:
        with pytest.raises(pydantic.ValidationError):
            registry.load_registry()
    finally:
        registry.load_registry.cache_clear()


def test_extract_registry_agencies_are_canonical():
    reg = load_registry()
    assert reg.agency("Agence France-Presse") == "AFP"
    assert reg.agency("tass") == "TASS"
    assert reg.agency("Le Monde") is None


def test_extract_registry_and_ingest_read_one_agency_table():
    from checker.ingest import canonical_agency
    from checker.text import AGENCIES

    reg = load_registry()
    for name, aliases in AGENCIES.items():
        for alias in aliases:
            assert reg.agency(alias) == canonical_agency(alias) == name
