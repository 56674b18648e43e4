"""A small trained pair judge: two texts -> agreement, contradiction or unrelated, with calibrated odds.

No French NLI model can be installed (see ../shared/MODELS.md), so the project trains its own from
public data: DACCORD dev and RTE3-FR dev (both BSD-2), with ``scripts/train_judge.py``. The model is
a multinomial logistic regression over features of the pair:

- hand features (:func:`hand_features`): embedding cosine, lexical overlap and coverage, negation
  and refutation cues on each side, numbers / names / places / dates the hypothesis adds, and the
  verdicts of the slot rules (:func:`checker.compare.judge_pair` with ``assume_same_event=True``),
  and the pairwise products of the strongest of them;
- vector features (:func:`vector_features`): ``|u - v|`` and ``u * v`` of the two L2-normalised
  text vectors, projected by a matrix stored with the weights. They did not help in cross-validation
  (``train_judge.py --ablation``), so the shipped projection has no columns; the path stays so that
  another encoder can be measured again.

Inference is plain numpy. The weights (``data/pair_judge.npz``) and their description
(``data/pair_judge.json``: feature names, label order, data hashes, cross-validated figures,
calibration) are loaded once per process, on first use. The winning label's probability is
calibrated (top-label Platt scaling, :func:`calibrate_top`) on out-of-fold predictions, so that a
verdict given at 0.7 was right about seven times in ten on the dev data; the judge is rarely right
nine times in ten, and its calibrated confidence says so by staying below 0.9.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from checker.errors import ModelError
from checker.extract.registry import fold
from checker.models import Claim, Finding

__all__ = [
    "FEATURE_NAMES",
    "JUDGE_VERSION",
    "LABELS",
    "PairJudge",
    "PairJudgement",
    "calibrate_top",
    "hand_features",
    "load_pair_judge",
    "softmax",
    "vector_features",
]

JUDGE_VERSION = "pair-judge.v1"
"""Bumped whenever the features change: shipped weights of another version are refused."""

LABELS = ("agreement", "contradiction", "unrelated")
DATA_DIR = Path(__file__).resolve().parent / "data"
WEIGHTS = DATA_DIR / "pair_judge.npz"
META = DATA_DIR / "pair_judge.json"

# Slot kinds a finding of judge_pair can carry; each becomes a 0/1 feature.
_KINDS = ("polarity", "number", "date", "place", "order", "speaker", "source")

# Negation cues, counted on folded tokens: « n'existent pas » -> n, pas; « sans », « aucun », "not".
# « pas » is left out: with « ne » it would count one negation twice.
_NEGATION = {"ne", "n", "jamais", "aucun", "aucune", "rien", "sans", "non", "nullement", "guere", "ni",
             "not", "never", "no", "nor", "without"}
# Words that refute or deny rather than negate a verb: « c'est faux », « a démenti », « inefficace ».
_REFUTE = re.compile(
    r"\b(faux|fausse|fausses|errone\w*|inexact\w*|infonde\w*|dement\w*|nie|nient|nier|refus\w*|rejet\w*|"
    r"impossible|inefficac\w*|aucune? preuve|contrairement|mensong\w*|pretend\w*|interdi\w*|false|denied|deny)\b"
)
_HEDGE = re.compile(r"\b(pourrai\w*|devrai\w*|aurai\w*|semble\w*|probabl\w*|possibl\w*|peut|peuvent|selon|may|might|could)\b")
# Absolute or sweeping words, frequent in the claims that fact-checks refute: « tous », « jamais », « prouve ».
_SWEEPING = {"tous", "toutes", "tout", "jamais", "aucun", "aucune", "toujours", "seul", "seule", "seulement",
             "uniquement", "totalement", "completement", "prouve", "prouvent", "preuve", "secret", "cache", "cachent",
             "zero", "100", "exactement", "all", "never", "always", "only", "proof", "proves"}
# Opposite pairs, folded lemmas or words: « hausse » in one text and « baisse » in the other.
_OPPOSITES = tuple(tuple(pair.split("/")) for pair in (
    "augmenter/diminuer augmenter/baisser augmenter/reduire hausse/baisse hausse/diminution hausse/chute hausse/recul "
    "augmentation/diminution augmentation/baisse augmentation/reduction plus/moins vrai/faux efficace/inefficace "
    "efficacite/inefficacite autoriser/interdire autorise/interdit accepter/refuser confirmer/dementir confirmer/nier "
    "gagner/perdre gain/perte favorable/defavorable possible/impossible sur/dangereux mort/vivant avant/apres "
    "majorite/minorite tout/aucun toujours/jamais naturel/artificiel naturel/humain rechauffement/refroidissement "
    "monter/baisser ouvrir/fermer legal/illegal obligatoire/facultatif obligatoire/volontaire premier/dernier "
    "accroitre/reduire positif/negatif superieur/inferieur haut/bas present/absent existence/absence "
    "adopter/rejeter approuver/rejeter soutenir/opposer certain/incertain croissance/declin rare/frequent "
    "rare/abondant rare/courant vrai/fausse reel/faux exister/inexistant connu/inconnu utile/inutile "
    "responsable/irresponsable avec/sans increase/decrease more/less true/false safe/dangerous"
).split())
_TOKEN = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_NAME = re.compile(r"\b[A-ZÉÈÀÂÎÔ]\w+")
_STOP = set(
    "le la les l un une des du de d au aux a et ou en dans sur pour par avec sans sous entre vers chez ce cet "
    "cette ces se sa son ses leur leurs nos notre vos votre il elle ils elles on nous vous je tu qui que qu quoi "
    "dont ou ne n pas plus tres etre avoir ete est sont etait ont fait faire comme mais donc or ni car si tout "
    "tous toute toutes aussi ainsi alors y lui eux meme selon apres avant depuis lors cela ca ceci celui celle "
    "ceux celles deja encore toujours s c j m t the an and of to in on at for by with from as is are was were "
    "be been has have had it its this that".split()
)

_TOP = ("cosine", "hyp_coverage", "fuzz_ratio", "neg_hyp_only", "neg_diff", "hyp_new_numbers", "hyp_new_names",
        "token_jaccard", "len_ratio", "polarity_mismatch", "frame_flip", "opposites")
_BASE_NAMES: tuple[str, ...] = (
    "cosine", "cosine_sq",
    "token_jaccard", "content_jaccard", "hyp_coverage", "prem_coverage", "hyp_coverage_stem",
    "fuzz_ratio", "fuzz_token_set", "fuzz_partial",
    "log_len_prem", "log_len_hyp", "len_ratio",
    "neg_prem", "neg_hyp", "neg_diff", "neg_hyp_only", "neg_prem_only",
    "refute_prem", "refute_hyp", "refute_diff", "hedge_hyp",
    "hyp_new_numbers", "hyp_has_numbers", "numbers_disjoint",
    "hyp_new_names", "hyp_new_name_frac",
    "claims_prem", "claims_hyp", "hyp_no_claim",
    "polarity_mismatch", "frame_polarity_conflict", "frame_flip", "frame_neg_hyp_only", "frame_neg_prem_only",
    "lemma_jaccard", "hyp_lemma_coverage", "hyp_hedged", "hyp_denied", "prem_denied",
    "opposites", "sweeping_hyp", "sweeping_diff",
    "hyp_new_places", "hyp_new_dates", "date_shared",
    "slot_contradiction", "slot_agreement", "slot_contradiction_conf", "slot_agreement_conf",
    *(f"slot_kind_{k}" for k in _KINDS),
)
# Products of the strongest features: a linear model cannot otherwise say « negated AND same topic ».
INTERACTIONS = tuple((a, b) for i, a in enumerate(_TOP) for b in _TOP[i + 1 :])
FEATURE_NAMES = (*_BASE_NAMES, *(f"{a}*{b}" for a, b in INTERACTIONS))


def _fold(text: str) -> str:
    """« Les données n’existent » -> "les donnees n'existent": no accents, lower case, one apostrophe."""
    return fold(text or "")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_fold(text))


def _content(tokens: Sequence[str]) -> set[str]:
    return {t for t in tokens if t not in _STOP and not t.isdigit() and len(t) > 1}


def _stems(words: set[str]) -> set[str]:
    # A crude stem (first five letters) lets « vaccinés » meet « vaccination ».
    return {w[:5] for w in words}


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _numbers(text: str) -> set[str]:
    # « 27,5 milliards » and "27.5 billion" meet: one decimal mark, no leading zeros.
    return {m.group().replace(",", ".").lstrip("0") or "0" for m in _NUMBER.finditer(text)}


def _names(text: str) -> set[str]:
    """Capitalised words that are not stop words: « Le vaccin de Pfizer » -> {pfizer}."""
    return {w for w in (_fold(m.group()) for m in _NAME.finditer(text)) if w not in _STOP}


def _negations(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if t in _NEGATION)


def hand_features(premise_claims: Sequence[Claim], hypothesis_claims: Sequence[Claim], u: np.ndarray,
                  v: np.ndarray, slot_findings: Sequence[Finding], *, premise_text: str | None = None,
                  hypothesis_text: str | None = None) -> np.ndarray:
    """The hand-made features of a pair, in the order of FEATURE_NAMES (float32).

    ``u`` and ``v`` are the L2-normalised vectors of the two whole texts; ``slot_findings`` the
    findings of ``judge_pair(a, b, cosine, assume_same_event=True)`` over every claim pair. Without
    the texts, the claims' sentences joined stand for them (the weights were trained on whole texts).
    """
    p_text = (premise_text if premise_text is not None else " ".join(c.text for c in premise_claims)).strip()
    h_text = (hypothesis_text if hypothesis_text is not None else " ".join(c.text for c in hypothesis_claims)).strip()
    cosine = float(np.dot(np.asarray(u, np.float32).ravel(), np.asarray(v, np.float32).ravel()))
    tp, th = _tokens(p_text), _tokens(h_text)
    cp, ch = _content(tp), _content(th)
    fp, fh = _fold(p_text), _fold(h_text)
    neg_p, neg_h = _negations(tp), _negations(th)
    ref_p, ref_h = len(_REFUTE.findall(fp)), len(_REFUTE.findall(fh))
    num_p, num_h = _numbers(p_text), _numbers(h_text)
    names_p = {_fold(t) for t in _TOKEN.findall(p_text)}
    names_h = _names(h_text)
    new_names = {n for n in names_h if n not in names_p}
    pol_p = {c.polarity for c in premise_claims}
    pol_h = {c.polarity for c in hypothesis_claims}
    places_p = {x for c in premise_claims for x in c.places}
    places_h = {x for c in hypothesis_claims for x in c.places}
    dates_p = {x for c in premise_claims for x in c.dates}
    dates_h = {x for c in hypothesis_claims for x in c.dates}
    contra = [f for f in slot_findings if f.verdict != "agreement"]
    agree = [f for f in slot_findings if f.verdict == "agreement"]
    kinds = {f.kind for f in contra}
    frame_conflict = any(c.slot == "polarity" and c.relation == "conflict" for f in slot_findings for c in f.compared)
    frames_p = {(f.predicate, f.negated) for c in premise_claims for f in c.frames}
    frames_h = {(f.predicate, f.negated) for c in hypothesis_claims for f in c.frames}
    # « sont disponibles » / « n'existent pas »: a predicate affirmed on one side and denied on the other,
    # whoever its actors are (compare_frames asks for the same actor).
    flip = any((pred, not neg) in frames_p for pred, neg in frames_h)
    neg_frames_p, neg_frames_h = any(n for _, n in frames_p), any(n for _, n in frames_h)
    lemmas_p = {_fold(k) for c in premise_claims for k in c.keywords}
    lemmas_h = {_fold(k) for c in hypothesis_claims for k in c.keywords}
    words_p, words_h = set(tp) | lemmas_p, set(th) | lemmas_h
    opposites = sum(1 for a, b in _OPPOSITES
                    if (a in words_p and b in words_h and b not in words_p) or (b in words_p and a in words_h and a not in words_p))
    modal_h = {c.modality for c in hypothesis_claims}
    modal_p = {c.modality for c in premise_claims}
    sweep_p, sweep_h = sum(t in _SWEEPING for t in tp), sum(t in _SWEEPING for t in th)
    values = [
        cosine, cosine * cosine,
        _jaccard(set(tp), set(th)), _jaccard(cp, ch), _share(ch, cp), _share(cp, ch), _share(_stems(ch), _stems(cp)),
        fuzz.ratio(fp, fh) / 100.0, fuzz.token_set_ratio(fp, fh) / 100.0, fuzz.partial_ratio(fp, fh) / 100.0,
        math.log1p(len(tp)), math.log1p(len(th)), min(len(tp), len(th)) / max(1, len(tp), len(th)),
        min(neg_p, 3), min(neg_h, 3), max(-3, min(3, neg_h - neg_p)), float(neg_h > 0 and neg_p == 0),
        float(neg_p > 0 and neg_h == 0),
        min(ref_p, 3), min(ref_h, 3), max(-3, min(3, ref_h - ref_p)), float(bool(_HEDGE.search(fh))),
        min(len(num_h - num_p), 3), float(bool(num_h)), float(bool(num_h) and bool(num_p) and not num_h & num_p),
        min(len(new_names), 5), len(new_names) / len(names_h) if names_h else 0.0,
        min(len(premise_claims), 5), min(len(hypothesis_claims), 5), float(not hypothesis_claims),
        float(bool(pol_p) and bool(pol_h) and pol_p != pol_h), float(frame_conflict), float(flip),
        float(neg_frames_h and not neg_frames_p), float(neg_frames_p and not neg_frames_h),
        _jaccard(lemmas_p, lemmas_h) if lemmas_p or lemmas_h else 0.0, _share(lemmas_h, lemmas_p) if lemmas_h else 0.0,
        float("hedged" in modal_h), float("denied" in modal_h), float("denied" in modal_p),
        min(opposites, 3), min(sweep_h, 3), max(-3, min(3, sweep_h - sweep_p)),
        min(len(places_h - places_p), 3), min(len(dates_h - dates_p), 3), float(bool(dates_h & dates_p)),
        float(bool(contra)), float(bool(agree)),
        max((f.confidence for f in contra), default=0.0), max((f.confidence for f in agree), default=0.0),
        *(float(k in kinds) for k in _KINDS),
    ]
    named = dict(zip(_BASE_NAMES, values))
    values += [named[a] * named[b] for a, b in INTERACTIONS]
    return np.asarray(values, dtype=np.float32)


def vector_features(u: np.ndarray, v: np.ndarray, projection: np.ndarray) -> np.ndarray:
    """``|u - v|`` and ``u * v`` projected by ``projection`` (dimension x k each): 2k float32 values."""
    u = np.asarray(u, np.float32).ravel()
    v = np.asarray(v, np.float32).ravel()
    if projection.shape[0] != u.shape[0] or u.shape != v.shape:
        raise ModelError(f"pair judge expects {projection.shape[0]}-d vectors, got {u.shape[0]} and {v.shape[0]}")
    return np.concatenate([np.abs(u - v) @ projection, (u * v) @ projection]).astype(np.float32)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a 2-d array."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def calibrate_top(probs: np.ndarray, slope: float, intercept: float) -> np.ndarray:
    """Top-label Platt scaling: the winning label's probability p becomes sigmoid(slope * logit(p) + intercept).

    The other labels share what is left in their old proportions, and the winner stays the winner
    (its new probability is never below the runner-up's). With slope 0.5 and intercept 0.4 a raw
    0.95 becomes 0.86: the raw model is over-confident at the top.
    """
    probs = np.atleast_2d(np.asarray(probs, np.float64))
    rows = np.arange(len(probs))
    top = probs.argmax(axis=1)
    p1 = np.clip(probs[rows, top], 1e-9, 1 - 1e-9)
    others = probs.copy()
    others[rows, top] = 0.0
    rest = others.sum(axis=1, keepdims=True)
    # the losers' shares of what is left; equal shares when the raw winner took everything
    share = np.divide(others, rest, out=np.full_like(others, 1.0 / max(1, probs.shape[1] - 1)), where=rest > 0)
    share[rows, top] = 0.0
    q = 1.0 / (1.0 + np.exp(-(slope * np.log(p1 / (1 - p1)) + intercept)))
    runner_up = share.max(axis=1)
    q = np.maximum(q, runner_up / (1 + runner_up))
    out = share * (1 - q)[:, None]
    out[rows, top] = q
    return out


@dataclass(frozen=True)
class PairJudgement:
    """The judge's verdict on a pair, with calibrated probabilities in LABELS order."""

    label: str
    confidence: float
    probabilities: dict[str, float]


class PairJudge:
    """Trained weights: projection, scaler, logistic-regression coefficients and a top-label calibration."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict) -> None:
        self.meta = meta
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.projection = np.asarray(arrays["projection"], np.float32)
        self.mean = np.asarray(arrays["mean"], np.float64)
        self.scale = np.asarray(arrays["scale"], np.float64)
        self.coef = np.asarray(arrays["coef"], np.float64)
        self.intercept = np.asarray(arrays["intercept"], np.float64)
        self.platt = np.asarray(arrays["platt"], np.float64)
        width = len(FEATURE_NAMES) + 2 * self.projection.shape[1]
        if tuple(meta.get("hand_features", ())) != FEATURE_NAMES or self.coef.shape != (len(self.labels), width):
            raise ModelError("the pair judge's weights do not match this version's features; "
                             "retrain them with `python scripts/train_judge.py`")

    @property
    def dimension(self) -> int:
        """The width of the text vectors the judge takes (384 for e5-small)."""
        return int(self.projection.shape[0])

    def features(self, premise_claims: Sequence[Claim], hypothesis_claims: Sequence[Claim], u: np.ndarray,
                 v: np.ndarray, slot_findings: Sequence[Finding], *, premise_text: str | None = None,
                 hypothesis_text: str | None = None) -> np.ndarray:
        """One feature row for a pair (hand features, then projected vector features).

        Raises ModelError when the vectors do not have the dimension the judge was trained on.
        """
        hand = hand_features(premise_claims, hypothesis_claims, u, v, slot_findings,
                             premise_text=premise_text, hypothesis_text=hypothesis_text)
        return np.concatenate([hand, vector_features(u, v, self.projection)])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, one row per feature row, columns in ``labels`` order."""
        x = np.atleast_2d(np.asarray(features, np.float64))
        logits = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        return calibrate_top(softmax(logits), *self.platt)

    def predict(self, features: np.ndarray) -> tuple[str, dict[str, float]]:
        """(label, calibrated probabilities by label) for one feature row."""
        probs = self.probabilities(features)[0]
        best = int(np.argmax(probs))
        return self.labels[best], {label: float(p) for label, p in zip(self.labels, probs)}

    def judge(self, premise_claims: Sequence[Claim], hypothesis_claims: Sequence[Claim], u: np.ndarray,
              v: np.ndarray, slot_findings: Sequence[Finding], *, premise_text: str | None = None,
              hypothesis_text: str | None = None) -> PairJudgement:
        """features then predict, in one call. Raises ModelError on vectors of the wrong width."""
        row = self.features(premise_claims, hypothesis_claims, u, v, slot_findings,
                            premise_text=premise_text, hypothesis_text=hypothesis_text)
        label, probs = self.predict(row)
        return PairJudgement(label=label, confidence=probs[label], probabilities=probs)


_LOADED: dict[Path, PairJudge] = {}
_LOCK = threading.Lock()


def load_pair_judge(weights: Path | str = WEIGHTS, meta: Path | str | None = None) -> PairJudge:
    """The shipped pair judge, loaded once per process. Raises ModelError when the files are missing or stale."""
    weights = Path(weights)
    meta_path = Path(meta) if meta is not None else weights.with_suffix(".json")
    with _LOCK:
        if weights not in _LOADED:
            try:
                with np.load(weights, allow_pickle=False) as data:
                    arrays = {k: data[k] for k in data.files}
                description = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ModelError(f"pair judge weights unreadable ({weights.name}): {exc}; "
                                 "retrain them with `python scripts/train_judge.py`") from exc
            if description.get("version") != JUDGE_VERSION:
                raise ModelError(f"pair judge weights are {description.get('version')}, this code needs {JUDGE_VERSION}; "
                                 "retrain them with `python scripts/train_judge.py`")
            _LOADED[weights] = PairJudge(arrays, description)
        return _LOADED[weights]
