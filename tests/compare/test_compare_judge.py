"""The shipped pair judge: weights small and described, loading offline, refusing other formats, calibrated
probabilities, and its verdicts on a few kinds of French and English pairs (development checks: the
held-out figures come from the blind batches and scripts/train_judge.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from checker.compare.judge import DATA_DIR, JUDGE_FORMAT, LABELS, judge_info, load_pair_judge
from checker.compare.judge_input import render_claims
from checker.errors import ModelError
from checker.models import Article

pytestmark = pytest.mark.slow


def _claims(text: str, name: str, published: str | None = None, language: str = "fr"):
    from checker.extract import extract_article

    return extract_article(
        Article(id=name, text=text, language=language, published=published, content_hash=Article.hash_text(text))
    )


def verdict(left: str, right: str, *, published: str | None = None, languages=("fr", "fr")):
    """The judge's label on two texts rendered as in `compare`, both ways (the judge reads pairs in either order)."""
    judge = load_pair_judge()
    a = render_claims(left, _claims(left, "a", published, languages[0]))
    b = render_claims(right, _claims(right, "b", published, languages[1]))
    forward, backward = judge.judge_texts([(a, b), (b, a)])
    return forward, backward


def test_compare_judge_shipped_weights_are_small_and_described():
    meta = judge_info()
    assert meta["format"] == JUDGE_FORMAT and tuple(meta["labels"]) == LABELS
    assert (DATA_DIR / "weights.safetensors").stat().st_size < 25_000_000
    assert 0.2 < meta["temperature"] < 10
    licences = meta["data"]["licences"]
    assert licences and not any("NC" in text for text in licences.values()), licences
    assert meta["trained_by"] == "scripts/train_judge.py"


def test_compare_judge_probabilities_sum_to_one_and_are_rounded():
    (j,) = load_pair_judge().judge_texts([("Le chat dort.", "La bourse a clôturé en hausse.")])
    assert abs(sum(j.probabilities().values()) - 1.0) < 1e-3
    assert j.label in LABELS and j.confidence == max(j.probabilities().values())


def test_compare_judge_is_loaded_once():
    assert load_pair_judge() is load_pair_judge()


def test_compare_judge_from_another_folder_is_another_judge(tmp_path):
    # scripts/tune_decision.py --judge-dir judges with a judge under study in a process that has the shipped one
    folder = tmp_path / "judge"
    shutil.copytree(DATA_DIR, folder)
    other = load_pair_judge(folder=folder)
    assert other is not load_pair_judge() and other is load_pair_judge(folder=folder)


def test_compare_judge_stored_in_int8_rows_reads_as_the_float16_one(tmp_path):
    # the shipped judge (twelve layers trained) is stored in int8 rows (scripts/store_judge.py): the same weights
    # in float16 must take twice the room and give the same labels and nearly the same probabilities
    from safetensors.torch import load_file, save_file

    from checker.compare.judge_model import loaded_state, stored_state

    weights = loaded_state(load_file(str(DATA_DIR / "weights.safetensors")))
    folders = {}
    for store in ("float16", "int8"):
        folders[store] = tmp_path / store
        shutil.copytree(DATA_DIR, folders[store])
        path = str(folders[store] / "weights.safetensors")
        save_file(stored_state(weights, store), path, metadata={"format": JUDGE_FORMAT})
    size = {store: (folder / "weights.safetensors").stat().st_size for store, folder in folders.items()}
    assert size["int8"] < 0.55 * size["float16"] and size["int8"] < 25_000_000
    pairs = [
        ("Le feu a déjà parcouru 8 400 hectares.", "Le feu a déjà parcouru 6 200 hectares."),
        ("Le ministre a démissionné mardi.", "Le ministre a quitté ses fonctions mardi."),
        ("Le chat dort.", "La bourse a clôturé en hausse."),
        ("La grève a été levée jeudi.", "La grève a été maintenue jeudi."),
    ]
    half, int8 = (load_pair_judge(folder=folders[s]).judge_texts(pairs) for s in ("float16", "int8"))
    for a, b in zip(half, int8):
        assert a.label == b.label and abs(a.contradiction - b.contradiction) < 0.05, (a, b)


def test_compare_judge_refuses_weights_of_another_format(tmp_path):
    folder = tmp_path / "judge"
    shutil.copytree(DATA_DIR, folder)
    meta = json.loads((folder / "judge.json").read_text(encoding="utf-8"))
    meta["format"] = "cross-encoder.v0"
    (folder / "judge.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        judge_info(folder)
    (folder / "judge.json").unlink()
    with pytest.raises(ModelError, match="reinstall"):
        judge_info(folder)


def test_compare_judge_a_changed_figure_is_a_contradiction():
    for j in verdict(
        "Le feu a déjà parcouru 8 400 hectares, selon la Protection civile.",
        "Le feu a déjà parcouru 6 200 hectares, selon la Protection civile.",
    ):
        assert j.label == "contradiction", j


# Known failures of the shipped judge (README, "What the judge still gets wrong"): strict, so that a judge
# which gets them right makes these tests fail and the README gets updated.
@pytest.mark.xfail(
    strict=True,
    reason="judges v12, v16 and v18: a changed figure in a paraphrase reads as agreement (v12 both ways round: 0.48 "
    "against contradiction 0.40, and 0.75 against 0.22); v5 read it so one way round (0.50 against 0.48), v4 got it "
    "right",
)
def test_compare_judge_a_changed_figure_in_a_paraphrase_is_a_contradiction():
    for j in verdict(
        "Le feu a déjà parcouru 8 400 hectares, selon la Protection civile.",
        "L'incendie a ravagé 6 200 hectares, selon les autorités.",
    ):
        assert j.label == "contradiction", j


def test_compare_judge_permuted_digits_are_a_contradiction():
    """Judges v4, v5, v12 and v16 read the same digits in another order, in a paraphrase, as one figure; v18 (which
    learnt the engine's candidate pairs of batches 16-30) reads both orders as a contradiction."""
    for j in verdict(
        "Le feu a déjà parcouru 8 400 hectares, selon la Protection civile.",
        "L'incendie a ravagé 4 800 hectares, selon les autorités.",
    ):
        assert j.label == "contradiction", j


@pytest.mark.xfail(
    strict=True, reason="judges v4, v5, v12, v16 and v18: « 400 » against « près de 600 » read as agreement"
)
def test_compare_judge_approximate_figures_that_cannot_both_hold_are_a_contradiction():
    for j in verdict("400 sapeurs-pompiers sont mobilisés.", "Près de 600 pompiers ont été mobilisés."):
        assert j.label == "contradiction", j


@pytest.mark.xfail(
    strict=True,
    reason="judges v16 and v18: a negation on each side reads as a contradiction, even one sentence against itself "
    "(« Le maire n'a pas souhaité commenter. » twice: v16: contradiction 0.97); the engine's word-for-word rule covers "
    "identical sentences only (notes/judge-decision-study.md, « The same sentence word for word »)",
)
def test_compare_judge_the_same_denial_in_two_outlets_is_an_agreement():
    for j in verdict("Le maire n'a pas souhaité commenter.", "Le maire n'a pas voulu faire de commentaire."):
        assert j.label == "agreement", j


def test_compare_judge_negation_is_a_contradiction():
    for j in verdict(
        "Le conseil d'administration a approuvé l'offre de rachat.",
        "Le conseil d'administration n'a pas approuvé l'offre de rachat.",
    ):
        assert j.label == "contradiction", j


def test_compare_judge_restated_figure_is_an_agreement():
    for j in verdict("Les autorités ont fait évacuer quatorze villages.", "Les autorités ont évacué 14 villages."):
        assert j.label == "agreement", j


def test_compare_judge_translation_is_an_agreement():
    for j in verdict(
        "Le parquet a ouvert une enquête pour homicide involontaire.",
        "The prosecutor's office has opened an investigation for involuntary manslaughter.",
        languages=("fr", "en"),
    ):
        assert j.label == "agreement", j


def test_compare_judge_different_facts_are_unrelated():
    for j in verdict(
        "Le feu a déjà parcouru 8 400 hectares.", "La ministre s'est rendue mardi au poste de commandement."
    ):
        assert j.label == "unrelated", j


def test_compare_judge_hands_freed_memory_back_without_changing_a_verdict(monkeypatch):
    """Many pairs in one call: the judge trims the allocator every few batches (glibc kept ~0.8 GB of freed
    chunks per 2,500 pairs); the probabilities are exactly those of the same call without trimming."""
    import resource

    from checker.compare import judge as judge_module

    sentences = [
        f"Le bilan fait état de {n} blessés à {town}, selon {who}." + " Les secours sont mobilisés." * (n % 7)
        for n, (town, who) in enumerate(
            [("Lyon", "la préfecture"), ("Nantes", "les pompiers"), ("Rennes", "l'AFP"), ("Lille", "la mairie")] * 20
        )
    ]
    pairs = [(a, b) for a in sentences[:40] for b in sentences[40:60]]  # 800 pairs, widths from short to long
    judge = load_pair_judge()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    trimmed = judge.judge_texts(pairs)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    monkeypatch.setattr(judge_module, "release_freed_memory", lambda: None)
    untrimmed = judge.judge_texts(pairs)
    assert trimmed == untrimmed
    from checker.heap import _malloc_trim

    if _malloc_trim() is not None:
        assert grown_mb < 600, grown_mb


def _judge_reading(tmp_path, orders):
    folder = tmp_path / f"judge-{orders}"
    shutil.copytree(DATA_DIR, folder)
    meta = json.loads((folder / "judge.json").read_text(encoding="utf-8"))
    meta["orders"] = orders
    (folder / "judge.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_compare_judge_reading_both_orders_answers_alike_whichever_claim_comes_first(tmp_path):
    pairs = [
        ("Entendu en garde à vue, Dimitri Vasseur a contesté les faits.", "Vasseur admitted during questioning."),
        ("Le feu a déjà parcouru 8 400 hectares.", "Les flammes ont détruit 6 200 hectares."),
        ("Le chat dort.", "La bourse a clôturé en hausse."),
    ]
    swapped = [(b, a) for a, b in pairs]
    judge = load_pair_judge(folder=_judge_reading(tmp_path, "both"))
    one = load_pair_judge(folder=_judge_reading(tmp_path, "one"))
    assert judge.both_orders and not one.both_orders
    assert judge.judge_texts(pairs) == judge.judge_texts(swapped)
    # the average of a one-order judge's two readings, each pair's probabilities still summing to one
    one_way, other_way = one.judge_texts(pairs), one.judge_texts(swapped)
    for both, x, y in zip(judge.judge_texts(pairs), one_way, other_way):
        assert both.contradiction == pytest.approx((x.contradiction + y.contradiction) / 2, abs=2e-4)
        assert abs(sum(both.probabilities().values()) - 1.0) < 1e-3
    seen = []
    judge.judge_texts(pairs, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)  # progress counts pairs, not readings


def test_compare_judge_refuses_an_unknown_reading_order(tmp_path):
    with pytest.raises(ModelError, match="orders"):
        load_pair_judge(folder=_judge_reading(tmp_path, "sideways"))
