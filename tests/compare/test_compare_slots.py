"""Slot relations: dates, numbers and places compared value by value, built with the extractors'
own functions (find_dates, find_numbers, resolve_place) so the values are the ones claims carry."""

from __future__ import annotations

from checker.compare.slots import (
    compare_attribution,
    compare_dates,
    compare_frames,
    compare_numbers,
    compare_places,
    date_relation,
    number_relation,
    place_relation,
    same_entity,
)
from checker.extract.dates import find_dates, find_numbers_beside_dates
from checker.extract.places import resolve_place
from checker.models import Claim, DateMention, Frame, PlaceMention, Quantity


def date(text: str, published: str | None = None) -> DateMention:
    (found,) = find_dates(text, 0, "fr", published, None)
    return found


def number(text: str) -> Quantity:
    (found,) = find_numbers_beside_dates(text)
    return found


def place(name: str, role: str = "location") -> PlaceMention:
    found = resolve_place(name)
    assert found is not None, name
    return found.model_copy(update={"role": role})


def claim(**slots) -> Claim:
    text = slots.pop("text", "Une phrase de test.")
    return Claim(id="c", article=slots.pop("article", "a.txt"), text=text, start=0, end=len(text), **slots)


# ---------------------------------------------------------------- dates
def test_compare_slots_date_same_day_is_equal():
    assert date_relation(date("le 18 février 2025"), date("mardi 18 février 2025")) == "equal"


def test_compare_slots_date_partial_month_contains_the_day():
    month, day = date("en février 2025"), date("le 18 février 2025")
    assert (month.value, day.value) == ("2025-02", "2025-02-18")
    assert date_relation(month, day) == "compatible"
    assert date_relation(day, month) == "compatible"


def test_compare_slots_date_without_year_is_compatible_with_the_full_date():
    no_year, full = date("le 18 février"), date("le 18 février 2025")
    assert (no_year.value, full.value) == ("--02-18", "2025-02-18")
    assert date_relation(no_year, full) == "compatible"
    assert date_relation(full, no_year) == "compatible"
    assert date_relation(no_year, date("le 18 février")) == "equal"


def test_compare_slots_date_different_days_conflict():
    assert date_relation(date("le 11 février 2025"), date("le 12 février 2025")) == "conflict"
    assert date_relation(date("le 11 février"), date("le 12 février 2025")) == "conflict"
    assert date_relation(date("en février 2025"), date("en mars 2025")) == "conflict"


def test_compare_slots_date_weekday_alone_read_in_another_week_is_no_conflict():
    """« mercredi » alone in a wire of Tuesday 14 April (past tense: the 8th) against « mercredi 15 avril »: the
    texts both say Wednesday, only the inferred week differs."""
    bare = date("La ministre a annoncé mercredi sa visite.", "2026-04-14")
    assert (bare.value, bare.status) == ("2026-04-08", "inferred")
    assert date_relation(bare, date("le mercredi 15 avril 2026")) == "compatible"
    assert date_relation(date("le 15 avril 2026"), bare) == "compatible"
    same_week_word = date("Elle était attendue ce mercredi matin.", "2026-04-15")
    assert date_relation(bare, same_week_word) == "compatible"
    # another weekday still conflicts, and so do two days written out a week apart
    tuesday = date("La ministre a annoncé mardi sa visite.", "2026-04-14")
    assert date_relation(tuesday, date("le 15 avril 2026")) == "conflict"
    assert date_relation(date("le 8 avril 2026"), date("le 15 avril 2026")) == "conflict"


def test_compare_slots_date_with_nothing_in_common_is_unknown():
    """« 1962 » and « 18 novembre » share no field: nothing to compare, no conflict."""
    assert date_relation(date("en 1962"), date("le 18 novembre")) == "unknown"
    assert date_relation(date("le 18 novembre"), date("en 1962")) == "unknown"


def test_compare_slots_date_unresolved_is_unknown():
    unresolved = DateMention(text="bientôt", start=0, end=7, value=None, status="unresolved")
    assert date_relation(unresolved, date("le 18 février 2025")) == "unknown"


def test_compare_slots_date_range_holds_a_day_inside_it():
    summit = date("du 10 au 12 février 2025")
    assert (summit.value, summit.range_end) == ("2025-02-10", "2025-02-12")
    assert date_relation(summit, date("le 11 février 2025")) == "compatible"
    assert date_relation(date("le 11 février 2025"), summit) == "compatible"
    assert date_relation(summit, date("en février 2025")) == "compatible"


def test_compare_slots_date_range_excludes_a_day_outside_it():
    summit = date("du 10 au 12 février 2025")
    assert date_relation(summit, date("le 15 février 2025")) == "conflict"
    assert date_relation(summit, date("en mars 2025")) == "conflict"


def test_compare_slots_date_overlapping_ranges_are_compatible():
    summit = date("du 10 au 12 février 2025")
    assert date_relation(summit, date("du 11 au 14 février 2025")) == "compatible"
    assert date_relation(summit, date("du 13 au 14 février 2025")) == "conflict"


def test_compare_slots_date_range_with_year_holds_a_day_without_year():
    summit = date("du 10 au 12 février 2025")
    day = date("le 11 février")
    assert day.value == "--02-11"
    assert date_relation(summit, day) == "compatible"
    assert date_relation(date("du 10 au 12 février"), date("le 11 février 2025")) == "compatible"


def test_compare_slots_compare_dates_prefers_an_agreeing_pair():
    a = claim(date_mentions=[date("le 11 février 2025"), date("le 20 juin 2025")])
    b = claim(date_mentions=[date("le 20 juin 2025")])
    (comp,) = compare_dates(a, b)
    assert comp.slot == "date" and comp.relation == "equal"
    assert "2025-06-20" in comp.left and "20 juin 2025" in comp.left
    c = claim(date_mentions=[date("le 12 février 2025")])
    (comp,) = compare_dates(a, c)
    assert comp.relation == "conflict"
    assert compare_dates(a, claim()) == []


# ---------------------------------------------------------------- numbers
def test_compare_slots_number_same_figure_is_equal():
    assert number_relation(number("58 pays"), number("cinquante-huit pays")) == "equal"


def test_compare_slots_number_different_exact_figures_conflict():
    assert number_relation(number("58 pays"), number("61 pays")) == "conflict"
    assert number_relation(number("Soixante et un pays"), number("58 pays")) == "conflict"


def test_compare_slots_number_approximate_range_holds_the_other():
    about = number("environ 30% des votants")
    assert about.approximate and (about.low, about.high) == (27, 33)
    assert number_relation(about, number("32% des votants")) == "compatible"
    assert number_relation(number("32% des votants"), about) == "compatible"
    assert number_relation(about, number("40% des votants")) == "conflict"


def test_compare_slots_number_approximate_same_value_agrees():
    assert number_relation(number("environ 30% des votants"), number("30% des votants")) in {"equal", "compatible"}


def test_compare_slots_number_approximate_and_exact_is_compatible_as_documented():
    assert number_relation(number("environ 30% des votants"), number("30% des votants")) == "compatible"


def test_compare_slots_number_open_range_plus_de():
    # « plus de 1 500 » is a count so far: a little above it agrees, much above it is another count
    more_than = number("plus de 1 500 personnes")
    assert number_relation(more_than, number("1 600 personnes")) == "compatible"
    assert number_relation(more_than, number("1 700 personnes")) == "conflict"
    assert number_relation(more_than, number("1 200 personnes")) == "conflict"


def test_compare_slots_number_at_least_toll_against_a_much_higher_toll_conflicts():
    assert number_relation(number("au moins 632 morts"), number("712 morts")) == "conflict"


def test_compare_slots_number_rounding_of_an_approximate_figure():
    assert number_relation(number("près de 1,5 million de réfugiés"), number("1 512 000 réfugiés")) == "compatible"
    rounded = Quantity(text="1,5 million", start=0, end=11, value=1.5e6, approximate=True)
    exact = Quantity(text="1 512 000", start=0, end=9, value=1_512_000)
    assert number_relation(rounded, exact) == "compatible"
    assert number_relation(exact, rounded) == "compatible"
    far = Quantity(text="1 700 000", start=0, end=9, value=1_700_000)
    assert number_relation(rounded, far) == "conflict"


def test_compare_slots_number_rounded_million_agrees_with_the_exact_figure():
    assert number_relation(number("1,5 million de réfugiés"), number("1 512 000 réfugiés")) == "compatible"


def test_compare_slots_compare_numbers_only_compares_the_same_unit():
    a = claim(numbers=[number("58 pays"), number("109 milliards d'euros")])
    b = claim(numbers=[number("61 pays")])
    (comp,) = compare_numbers(a, b)
    assert comp.slot == "number" and comp.relation == "conflict"
    assert comp.left == "58 pays (58 country)" and comp.right == "61 pays (61 country)"
    assert compare_numbers(a, claim(numbers=[number("30 jours")])) == []


def test_compare_slots_number_label_keeps_every_decimal():
    a = claim(numbers=[Quantity(text="1 234 567,5 tonnes", start=0, end=18, value=1_234_567.5, unit_id="tonne")])
    b = claim(numbers=[Quantity(text="1 234 571 tonnes", start=0, end=16, value=1_234_571, unit_id="tonne")])
    (comp,) = compare_numbers(a, b)
    assert (comp.left, comp.right) == ("1 234 567,5 tonnes (1 234 567.5 tonne)", "1 234 571 tonnes (1 234 571 tonne)")
    approximate = Quantity(text="environ 2,5 %", start=0, end=13, value=2.5, unit_id="percent", approximate=True)
    (comp,) = compare_numbers(claim(numbers=[approximate]), claim(numbers=[approximate]))
    assert comp.left == "environ 2,5 % (~2.5 percent)"


# ---------------------------------------------------------------- places
def test_compare_slots_place_spellings_resolve_to_one_place():
    assert place_relation(place("Ryad"), place("Riyadh")) == "equal"
    assert place_relation(place("Djeddah"), place("Jeddah")) == "equal"


def test_compare_slots_place_city_within_its_country_is_compatible():
    riyadh, saudi = place("Riyadh"), place("Arabie saoudite")
    assert saudi.name == "Saudi Arabia" and "Saudi Arabia" in riyadh.within
    assert place_relation(riyadh, saudi) == "compatible"
    assert place_relation(saudi, riyadh) == "compatible"


def test_compare_slots_place_two_cities_conflict():
    assert place_relation(place("Jeddah"), place("Riyadh")) == "conflict"
    assert place_relation(place("Paris"), place("Lyon")) == "conflict"


def test_compare_slots_place_city_in_another_country_conflicts():
    assert place_relation(place("Istanbul"), place("Arabie saoudite")) == "conflict"


def test_compare_slots_place_venue_inside_its_city_is_compatible():
    venue = place("Grand Palais")
    assert venue.kind == "venue" and "Paris" in venue.within
    assert place_relation(venue, place("Paris")) == "compatible"
    assert place_relation(place("Paris"), venue) == "compatible"
    assert place_relation(venue, place("France")) == "compatible"


def test_compare_slots_place_venue_in_another_city_conflicts():
    assert place_relation(place("Grand Palais"), place("Lyon")) == "conflict"


def test_compare_slots_compare_places_needs_two_locations():
    located = claim(place_mentions=[place("Riyadh")])
    named = claim(place_mentions=[place("Jeddah", role="name")])  # « le sommet de Djeddah » names an event
    assert compare_places(located, named, locations_only=True) == []
    assert compare_places(located, named, locations_only=False) == []  # a name is no location to agree with
    (comp,) = compare_places(located, claim(place_mentions=[place("Jeddah")]), locations_only=True)
    assert comp.relation == "conflict"
    (comp,) = compare_places(located, claim(place_mentions=[place("Arabie saoudite")]), locations_only=False)
    assert comp.relation == "compatible"


def test_compare_slots_compare_places_leaves_out_an_acting_country():
    """« Le Royaume-Uni a signé »: the country is an actor, not where the signing took place."""
    uk = place("Royaume-Uni")
    actor = claim(place_mentions=[uk], frames=[Frame(predicate="signer", actors=(uk.country,))])
    other = claim(place_mentions=[place("France")])
    assert compare_places(actor, other, locations_only=True) == []


# ---------------------------------------------------------------- frames and attribution
def test_compare_slots_frames_affirmed_and_denied_conflict():
    signed = claim(frames=[Frame(predicate="signer", negated=False, actors=("GB",))])
    refused = claim(frames=[Frame(predicate="signer", negated=True, actors=("US", "GB"))])
    (comp,) = compare_frames(signed, refused)
    assert comp.relation == "conflict"
    assert (comp.left, comp.right) == ("GB: signer (affirmed)", "GB: signer (denied)")


def test_compare_slots_frames_need_a_shared_actor_and_predicate():
    signed = claim(frames=[Frame(predicate="signer", actors=("GB",))])
    assert compare_frames(signed, claim(frames=[Frame(predicate="signer", negated=True, actors=("US",))])) == []
    assert compare_frames(signed, claim(frames=[Frame(predicate="adopter", negated=True, actors=("GB",))])) == []


def test_compare_slots_attribution_speakers_and_sentence_sources():
    a = claim(speaker="Emmanuel Macron", speaker_id="macron", source="AFP", source_scope="sentence")
    b = claim(speaker="Dmitri Peskov", speaker_id="peskov", source="TASS", source_scope="sentence")
    assert [(c.slot, c.relation) for c in compare_attribution(a, b)] == [
        ("speaker", "conflict"),
        ("source", "conflict"),
    ]
    c = claim(speaker="Macron", speaker_id="macron", source="TASS", source_scope="article")
    # an agency the whole article credits says nothing about who reported this one sentence
    assert [(x.slot, x.relation) for x in compare_attribution(a, c)] == [("speaker", "equal")]


def test_compare_slots_attribution_one_name_written_alike_is_one_speaker():
    """« Patrice Boudreau » in a French article and in an English one: their transliteration keys differ
    (French rules turn « ou » into "u"), the person does not; two given names that differ are two people."""
    fr = claim(speaker="Patrice Boudreau", speaker_id="budreau")
    en = claim(speaker="Patrice Boudreau", speaker_id="boudreau")
    assert [(c.slot, c.relation) for c in compare_attribution(fr, en)] == [("speaker", "equal")]
    surname = claim(speaker="Boudreau", speaker_id="boudreau")
    assert [(c.slot, c.relation) for c in compare_attribution(fr, surname)] == [("speaker", "equal")]
    other = claim(speaker="Claire Boudreau", speaker_id="boudreau-c")
    assert [(c.slot, c.relation) for c in compare_attribution(fr, other)] == [("speaker", "conflict")]


def test_compare_slots_round_open_bound_holds_the_next_step():
    # « plus d'un million » holds 1,2 million; « plus de 632 » does not hold 712 (10% margin only)
    assert number_relation(number("plus d'un million d'euros"), number("1,2 million d'euros")) == "compatible"
    assert number_relation(number("plus de 8 000 hectares"), number("8 400 hectares")) == "compatible"
    assert number_relation(number("au moins 632 morts"), number("712 morts")) == "conflict"


def test_compare_slots_since_dates_are_not_event_dates():
    since = date("le 1er janvier 2026").model_copy(update={"since": True})
    assert compare_dates(claim(date_mentions=[since]), claim(date_mentions=[date("le 8 avril 2026")])) == []


def test_compare_slots_same_entity_by_contained_name():
    assert same_entity("~sochaux", "~fc sochaux") and same_entity("FR", "FR")
    assert not same_entity("~rc lens", "~fc sochaux") and not same_entity("FR", "~france")


# ---------------------------------------------------------------- credited bodies
def test_compare_slots_two_bodies_credited_for_one_statement():
    from checker.compare.slots import compare_attribution

    def credited(source, key, language="fr", kind="body"):
        return claim(source=source, source_scope="sentence", source_kind=kind, source_key=key, language=language)

    sdis, pompiers, gendarmerie = (
        credited("Sdis 65", "kind:pompiers:65"),
        credited("pompiers", "kind:pompiers"),
        credited("gendarmerie", "kind:gendarmerie"),
    )
    assert [c.relation for c in compare_attribution(sdis, pompiers)] == ["equal"]
    assert [c.relation for c in compare_attribution(sdis, gendarmerie)] == ["conflict"]
    ofac, anssi = credited("OFAC", "name:ofac"), credited("ANSSI", "name:anssi")
    assert [c.relation for c in compare_attribution(ofac, anssi)] == ["conflict"]
    # one body named in two languages is not compared (OMS, WHO); nor an agency against a body (it may relay it)
    who = credited("WHO", "name:who", language="en")
    assert compare_attribution(credited("OMS", "name:oms"), who) == []
    afp = claim(source="AFP", source_scope="sentence", source_kind="agency")
    assert compare_attribution(afp, gendarmerie) == []
    # claims of earlier versions have no source_kind: agencies
    old = claim(source="Reuters", source_scope="sentence")
    assert [c.relation for c in compare_attribution(afp, old)] == ["conflict"]


def test_compare_slots_same_body_by_name_acronym_or_kind():
    from checker.compare.slots import same_body
    from checker.models import BodyKey

    def key(text):
        return BodyKey.parse(text)

    assert same_body(key("name:chambre agriculture"), key("name:chambre agriculture cote-d'or"))
    assert same_body(key("name:organisation internationale pour les migrations"), key("name:oim"))
    assert same_body(key("name:bureau interprofessionnel des vins bourgogne"), key("name:bivb"))
    assert not same_body(key("name:ofac"), key("name:anssi"))
    assert not same_body(key("name:ofac"), key("kind:prefecture"))
    assert same_body(key("kind:prefecture"), key("kind:prefecture"))
    assert not same_body(key("kind:prefecture"), key("kind:mairie"))
    assert same_body(key("kind:prefecture:rhone"), key("kind:prefecture"))
    assert not same_body(key("kind:parquet:lyon"), key("kind:parquet:tours"))


def test_compare_slots_body_key_written_and_read_back():
    from checker.models import BodyKey

    for key in (BodyKey(kind="pompiers", place=("65",)), BodyKey(kind="parquet"), BodyKey(name=("office", "ofac"))):
        assert BodyKey.parse(key.text()) == key
    assert BodyKey(kind="prefecture", place=("rhone",)).text() == "kind:prefecture:rhone"
    assert claim(source_key="name:unhcr").body_key() == BodyKey(name=("unhcr",))
    assert claim().body_key() is None


def _whole_and_parts(whole_text: str, parts_text: str):
    from checker.extract import extract_article
    from checker.models import Article

    (whole,), (parts,) = (
        extract_article(Article(id=n, text=t, content_hash=Article.hash_text(t)))
        for n, t in (("a.txt", whole_text), ("b.txt", parts_text))
    )
    return compare_numbers(whole, parts), compare_numbers(parts, whole)


def test_compare_slots_numbers_a_whole_and_its_parts_agree():
    forward, backward = _whole_and_parts(
        "Quatre autres personnes ont été légèrement blessées sur le chantier.",
        "Deux habitants et deux ouvriers du chantier ont été plus légèrement blessés.",
    )
    assert [c.relation for c in forward] == [c.relation for c in backward] == ["compatible"]
    # parts that do not add up are no whole
    forward, _ = _whole_and_parts(
        "Cinq autres personnes ont été légèrement blessées sur le chantier.",
        "Deux habitants et deux ouvriers du chantier ont été plus légèrement blessés.",
    )
    assert [c.relation for c in forward] == ["conflict"]
    # a count named by what it counts is not a whole of other counts: 42 injured are not 12 dead and 30 injured
    forward, _ = _whole_and_parts(
        "Les secours ont recensé 42 blessés après l'explosion de mardi.",
        "Les secours ont recensé douze morts et 30 blessés après l'explosion de mardi.",
    )
    assert [c.relation for c in forward] == ["conflict"]


# ---------------------------------------------------------------- times of day
def timed(sentence: str, language: str = "fr", **slots) -> Claim:
    from checker.extract.times import find_times

    return claim(text=sentence, language=language, times=find_times(sentence, 0, language), **slots)


def test_compare_slots_times_conflict_when_no_moment_fits_both():
    from checker.compare.slots import compare_times

    (c,) = compare_times(timed("La coupure est survenue à 17 h 48."), timed("Tout s'est arrêté peu après 18 h 30."))
    assert (c.slot, c.relation) == ("time", "conflict")
    assert c.left == "17:48 (« à 17 h 48 »)" and c.right == "18:30 (« peu après 18 h 30 »)"


def test_compare_slots_times_agree_within_what_the_cues_allow():
    from checker.compare.slots import compare_times

    def relation(x: str, y: str, lx: str = "fr", ly: str = "fr") -> str:
        (c,) = compare_times(timed(x, lx), timed(y, ly))
        return c.relation

    assert relation("à 17 h 48", "à 17 h 48") == "equal"
    assert relation("vers 17 h 30", "à 17 h 48") == "compatible"  # « vers »: half an hour either side
    assert relation("à 17 h 48", "à 17 h 50") == "compatible"  # five minutes apart: the same moment told twice
    assert relation("vers minuit", "à 23 h 50") == "compatible"  # around midnight
    assert relation("peu avant minuit", "à 0 h 10") == "conflict"  # shortly before is not after
    assert relation("at 6:10", "à 18 h 10", "en") == "compatible"  # 6:10 without am/pm may be 18:10
    assert relation("at 2pm", "à 17 h 40", "en") == "conflict"


def test_compare_slots_times_are_left_out_when_which_moment_is_unclear():
    from checker.compare.slots import compare_times

    two = timed("Découvert vers 7 h 30, l'animal est mort vers 8 h 20.")
    assert compare_times(two, timed("L'animal est mort à 10 h.")) == []  # two moments in one sentence
    assert compare_times(timed("jusqu'à 23 heures"), timed("à 18 h")) == []  # the end of a period
    assert compare_times(timed("à 3 h 40"), timed("à 1 h 40 GMT")) == []  # another zone
    # days that differ are the date's conflict: the times are not compared
    monday = timed("lundi à 23 h", published="2026-03-18", date_mentions=[date("lundi", "2026-03-18")])
    tuesday = timed("mardi à 5 h 30", published="2026-03-18", date_mentions=[date("mardi", "2026-03-18")])
    assert compare_times(monday, tuesday) == []
