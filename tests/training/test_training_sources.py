"""Training material: the public sets' labels mapped onto the judge's, the stories' pairs labelled by
their facts, the dev cases' gold pairs, and which licences a shipped judge may learn from."""

from __future__ import annotations

import json

from checker.training.sources import (
    LICENCES,
    SHIPPABLE,
    Sentence,
    read_pair_set,
    read_story,
    read_written,
    story_label,
    story_pairs,
    strip_dateline,
)


def test_training_sources_shipped_judge_learns_from_no_non_commercial_set():
    assert "xnli-fr-dev" not in SHIPPABLE and "sick-fr" not in SHIPPABLE and "xnli-mt-fr" not in SHIPPABLE
    assert {"daccord", "rte3-fr", "pawsx-fr", "stsb-fr", "stories"} <= SHIPPABLE
    assert all(text for text, _ in LICENCES.values())


def test_training_sources_public_sets_map_onto_three_labels(shared):
    daccord = read_pair_set("daccord", shared / "eval" / "daccord" / "daccord-dev.tsv")
    assert {p.labels for p in daccord} == {("contradiction",), ("agreement", "unrelated")}
    rte = read_pair_set("rte3-fr", shared / "eval" / "rte3-fr" / "RTE3-FR-dev-set-3class.tsv")
    assert {p.labels for p in rte} == {("agreement",), ("unrelated",), ("contradiction",)} and len(rte) == 800
    paws = read_pair_set("pawsx-fr", shared / "train" / "pawsx-fr.tsv")
    assert {p.labels for p in paws} == {("agreement",), ("contradiction", "unrelated")}
    # pairs of one fact-check share a group: they never straddle a train / validation split
    assert len({p.group for p in daccord}) < len(daccord)


def test_training_sources_story_pairs_are_labelled_by_their_facts(tmp_path):
    story = {
        "story": "s",
        "facts": {"F1": "8400 ha", "F2": "Tuesday"},
        "variants": {"F1": {"v1": "4800 ha"}},
        "articles": [
            {
                "id": "a",
                "language": "fr",
                "published": "2026-08-05",
                "sentences": [
                    {"text": "LISBONNE, 5 août 2026 (AFP) - Le feu a parcouru 8 400 hectares.", "facts": {"F1": "v0"}},
                    {"text": "La ministre est venue mardi.", "facts": {"F2": "v0"}},
                ],
            },
            {
                "id": "b",
                "language": "en",
                "published": "2026-08-05",
                "sentences": [
                    {"text": "The fire burnt 4,800 hectares.", "facts": {"F1": "v1"}},
                    {"text": "The minister came on Tuesday.", "facts": {"F2": "v0"}},
                ],
            },
        ],
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(story), encoding="utf-8")
    pairs = {(p.a, p.b): p.labels[0] for p in story_pairs(read_story(path))}
    assert pairs[("Le feu a parcouru 8 400 hectares.", "The fire burnt 4,800 hectares.")] == "contradiction"
    assert pairs[("La ministre est venue mardi.", "The minister came on Tuesday.")] == "agreement"
    assert pairs[("Le feu a parcouru 8 400 hectares.", "The minister came on Tuesday.")] == "unrelated"
    assert len(pairs) == 4  # never two sentences of one article


def test_training_sources_story_label_with_several_facts():
    s = Sentence("x", "fr", None, "g", "a", facts={"F1": "v0", "F2": "v0"})
    t = Sentence("y", "fr", None, "g", "b", facts={"F2": "v1"})
    u = Sentence("z", "fr", None, "g", "b", facts={"F1": "v0"})
    assert story_label(s, t) == "contradiction" and story_label(s, u) == "agreement"


def test_training_sources_strip_dateline():
    assert (
        strip_dateline("LISBONNE, 5 août 2026 (AFP) - Le feu a parcouru 8 400 hectares.")
        == "Le feu a parcouru 8 400 hectares."
    )
    assert (
        strip_dateline("LISBON, Aug 5 (Reuters) - A wildfire raging since Sunday has burnt some 8,400 hectares.")
        == "A wildfire raging since Sunday has burnt some 8,400 hectares."
    )
    assert strip_dateline("Le feu a parcouru 8 400 hectares.") == "Le feu a parcouru 8 400 hectares."


def test_training_sources_shipped_stories_are_valid():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "training" / "stories"
    stories = sorted(folder.glob("*/*.json"))
    assert len(stories) >= 20
    for path in stories:
        data = json.loads(path.read_text(encoding="utf-8"))
        facts, variants = set(data["facts"]), data.get("variants", {})
        for art in data["articles"]:
            for s in art["sentences"]:
                for fact, value in s.get("facts", {}).items():
                    assert fact in facts, (path.name, fact)
                    assert value == "v0" or value in variants.get(fact, {}), (path.name, fact, value)


def test_training_sources_written_pairs_keep_their_label_kind_story_and_dates(tmp_path):
    rows = [
        {
            "story": "vote",
            "a": "Le conseil a rejeté le projet mardi.",
            "b": "Les élus ont validé le projet.",
            "label": "contradiction",
            "kind": "polarity",
            "lang_a": "fr",
            "lang_b": "fr",
            "pub_a": "2026-05-13",
            "pub_b": "2026-05-13",
        },
        {
            "story": "vote",
            "a": "The council turned the plan down.",
            "b": "Le conseil a rejeté le projet.",
            "label": "agreement",
            "kind": "translation",
            "lang_a": "en",
            "lang_b": "fr",
        },
    ]
    (tmp_path / "t9-part1.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    pairs = read_written(tmp_path)
    assert [(p.labels, p.origin, p.source) for p in pairs] == [
        (("contradiction",), "written:polarity", "written"),
        (("agreement",), "written:translation", "written"),
    ]
    # one story's pairs share a group (never split between training and held out); languages and dates kept
    assert {p.group for p in pairs} == {"written:t9:vote"}
    assert (pairs[0].a_pub, pairs[1].a_lang, pairs[1].b_lang, pairs[1].a_pub) == ("2026-05-13", "en", "fr", None)
    assert "written" in SHIPPABLE


def test_training_sources_written_pair_errors_name_file_and_line(tmp_path):
    import pytest

    good = json.dumps({"a": "x y", "b": "y z", "label": "agreement"})
    (tmp_path / "t1-part1.jsonl").write_text(good + "\n" + json.dumps({"a": "x", "b": "y", "label": "maybe"}))
    with pytest.raises(ValueError, match=r"t1-part1.jsonl:2: not a written pair"):
        read_written(tmp_path)
    (tmp_path / "t1-part1.jsonl").write_text(good + "\n{not json")
    with pytest.raises(ValueError, match=r"t1-part1.jsonl:2"):
        read_written(tmp_path)


def test_training_sources_shipped_written_pairs_are_valid():
    from collections import Counter
    from pathlib import Path

    pairs = read_written(Path(__file__).resolve().parents[2] / "training" / "written")
    labels = Counter(p.labels[0] for p in pairs)
    assert len(pairs) >= 1400 and min(labels.values()) >= 350, labels
    # the kind the generated pairs cannot teach: a yes and a no in two outlets' own words
    assert sum(p.origin == "written:polarity" for p in pairs) >= 200
    assert all(p.a_lang in {"fr", "en"} and p.b_lang in {"fr", "en"} for p in pairs)
