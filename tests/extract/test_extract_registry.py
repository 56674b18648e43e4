from checker.extract.registry import load_registry, name_key, person_id


def test_extract_registry_transliterations_meet():
    assert name_key("Dartchiev", "fr") == name_key("Darchiev", "en")
    assert name_key("Ouchakov", "fr") == name_key("Ushakov", "en")


def test_extract_registry_curated_variants_share_an_id():
    assert person_id("Poutine") == person_id("Vladimir Putin", "en") == "putin"
    assert person_id("Zelensky") == person_id("Zelenskyy", "en") == "zelensky"
    assert person_id("Iouri Ouchakov") == person_id("Yuri Ushakov", "en") == "ushakov"


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
