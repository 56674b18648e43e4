"""The stages in order: read -> extract -> index -> compare -> report, with a progress callback.

``progress(stage, done, total)`` is called as work advances; the library never prints.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.config import Settings
from checker.errors import InputError
from checker.models import Article, Claim, Corpus, Finding, PairResult, ReadProblem, Report

Progress = Callable[[str, int, int], None]

# Dimensions known without loading the model, so an unchanged corpus needs no model at all.
ENCODER_DIMENSIONS = {"e5-small": 384, "use-m3": 512, "fake": 64}


def _noop(stage: str, done: int, total: int) -> None:
    return None


class LazyEncoder:
    """An encoder loaded on first use: re-running on an unchanged corpus loads no model."""

    def __init__(self, name: str, cache_dir: str | None = None) -> None:
        self.name = name
        self.dimension = ENCODER_DIMENSIONS[name]
        self._cache_dir = cache_dir
        self._encoder = None
        self.calls = 0

    @property
    def loaded(self):
        if self._encoder is None:
            from checker.index.encoders import load_encoder

            self._encoder = load_encoder(self.name, self._cache_dir)
        return self._encoder

    @property
    def version(self) -> str:
        from checker.index.encoders import encoder_version  # light: no model, no torch

        return encoder_version(self.name)

    def encode(self, texts: list[str], batch_size: int = 32, progress=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.calls += 1
        return self.loaded.encode(list(texts), batch_size=batch_size, progress=progress)


def index_path_for(corpus_root: Path, settings: Settings, index: str | Path | None = None) -> Path:
    """Where a corpus's index lives: --index, else indexes/<folder name>."""
    if index is not None:
        return Path(index)
    resolved = corpus_root.resolve()
    try:
        parts = resolved.relative_to(Path.cwd().resolve()).parts  # corpus/ -> "corpus"
    except ValueError:
        parts = resolved.parts[-2:]  # ../shared/dev-cases/ia-summit/corpus -> "ia-summit-corpus"
    name = re.sub(r"[^\w.-]+", "-", "-".join(parts)).strip("-.") or "corpus"
    return Path(settings.index_dir) / name


@dataclass
class IndexedCorpus:
    corpus: Corpus
    claims: list[Claim]
    vectors: np.ndarray
    embedded: int
    index_path: Path
    quote_vectors: dict[str, np.ndarray]  # claim id -> vector of its quoted words


def read_and_extract(path: str | Path, progress: Progress = _noop) -> tuple[Corpus, list[Claim]]:
    """Read a folder (or one file) and extract its claims. Raises InputError on unusable input."""
    from checker.extract import extract_claims
    from checker.ingest import read_article, read_corpus

    path = Path(path)
    if path.is_file():
        article = read_article(path, path.parent)
        corpus = Corpus(root=str(path.parent), articles=(article,))
    else:
        corpus = read_corpus(path, progress=lambda d, t: progress("read", d, t))
    claims = extract_claims(corpus.articles, progress=lambda d, t: progress("extract", d, t))
    return corpus, claims


def index_corpus(path: str | Path, settings: Settings, *, index: str | Path | None = None, rebuild: bool = False,
                 progress: Progress = _noop) -> IndexedCorpus:
    """Bring the corpus's index up to date: extract and embed only new or changed articles.

    Raises InputError (corpus), ModelError (encoder), IndexError_ (index locked, corrupt, other model).
    """
    from checker.extract import EXTRACTOR_VERSION, extract_batch
    from checker.index import ClaimIndex
    from checker.ingest import read_corpus

    root = Path(path)
    corpus = read_corpus(root, progress=lambda d, t: progress("read", d, t))
    target = index_path_for(root, settings, index)
    encoder = LazyEncoder(settings.encoder, settings.cache_dir)
    with ClaimIndex.open(target, model=encoder.name, model_version=encoder.version, dimension=encoder.dimension,
                         extractor_version=EXTRACTOR_VERSION, approx_threshold=settings.approximate_threshold,
                         rebuild=rebuild) as idx:
        plan = idx.plan(corpus.articles, complete=True)
        todo: list[Article] = list(plan.to_extract)
        additions = list(zip(todo, extract_batch(todo, progress=lambda d, t: progress("extract", d, t))))
        stats = idx.apply(additions, plan.removed, encoder=encoder, progress=lambda d, t: progress("embed", d, t))
        claims = idx.claims([a.id for a in corpus.articles])
        vectors = idx.vectors([c.id for c in claims]) if claims else np.zeros((0, encoder.dimension), np.float32)
        by_text = idx.cached_vectors([c.quote for c in claims if c.quote])
    quotes = {c.id: by_text[c.quote] for c in claims if c.quote and c.quote in by_text}
    return IndexedCorpus(corpus, claims, vectors, stats.embedded, target, quotes)


def compare_corpus(path: str | Path, settings: Settings, *, index: str | Path | None = None,
                   progress: Progress = _noop) -> Report:
    """Compare every claim of a corpus with its nearest claims from other articles.

    Raises InputError, ModelError or IndexError_ (all CheckerError) with a one-line message.
    """
    from checker.compare import compare_claims
    from checker.compare.clusters import group_events
    from checker.compare.timeline import build_timeline

    indexed = index_corpus(path, settings, index=index, progress=progress)
    findings = compare_claims(indexed.claims, indexed.vectors, neighbours=settings.neighbours,
                              quote_vectors=indexed.quote_vectors, progress=lambda d, t: progress("compare", d, t))
    findings = [f for f in findings if f.confidence >= settings.min_confidence]
    return Report(corpus=str(path), articles=len(indexed.corpus.articles), claims=len(indexed.claims),
                  model=settings.encoder, findings=tuple(findings), problems=indexed.corpus.problems,
                  timeline=tuple(build_timeline(indexed.claims)), events=tuple(group_events(indexed.claims, findings)))


# ---------------------------------------------------------------- sentence pairs
def read_pairs(path: str | Path) -> list[dict[str, str]]:
    """Rows of a TSV with premise, hypothesis and id (or uid) columns. Raises InputError."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            fields = set(reader.fieldnames or ())
            missing = {"premise", "hypothesis"} - fields
            if missing or not ({"id", "uid"} & fields):
                need = sorted(missing | ({"id"} if not {"id", "uid"} & fields else set()))
                raise InputError(f"{path}: the header needs columns premise, hypothesis and id (or uid); missing: {', '.join(need)}")
            rows = []
            for n, row in enumerate(reader, 2):
                key = row.get("id") or row.get("uid")
                if not key or row.get("premise") is None or row.get("hypothesis") is None:
                    raise InputError(f"{path}, line {n}: a row needs id, premise and hypothesis")
                rows.append({"id": key, "premise": row["premise"], "hypothesis": row["hypothesis"]})
    except FileNotFoundError as exc:
        raise InputError(f"pairs file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable TSV ({exc})") from exc
    return rows


def compare_pairs(path: str | Path, settings: Settings, progress: Progress = _noop) -> list[PairResult]:
    """A verdict for each premise/hypothesis row, with the extraction and comparison of `compare`."""
    from checker.extract import extract_batch

    rows = read_pairs(path)
    encoder = LazyEncoder(settings.encoder, settings.cache_dir)
    texts = [t for r in rows for t in (r["premise"], r["hypothesis"])]
    vectors = encoder.encode(texts, batch_size=settings.batch_size, progress=lambda d, t: progress("embed", d, t))
    articles = [_pair_article(side, row[side]) for row in rows for side in ("premise", "hypothesis")]
    extracted = extract_batch(articles, progress=lambda d, t: progress("extract", d, t))
    out = []
    for n, row in enumerate(rows):
        sim = float(vectors[2 * n] @ vectors[2 * n + 1])
        out.append(judge_texts(row["id"], extracted[2 * n], extracted[2 * n + 1], sim,
                               vectors=(vectors[2 * n], vectors[2 * n + 1]), texts=(row["premise"], row["hypothesis"])))
        progress("compare", n + 1, len(rows))
    return out


def _pair_article(name: str, text: str) -> Article:
    from checker.ingest import detect_language

    return Article(id=name, text=text, language=detect_language(text), content_hash=Article.hash_text(text))


def judge_texts(pair_id: str, left: Sequence[Claim], right: Sequence[Claim], similarity: float, *,
                vectors: tuple[np.ndarray, np.ndarray] | None = None, texts: tuple[str, str] | None = None) -> PairResult:
    """One verdict for two short texts: the slot rules first for attribution, then the trained pair
    judge (e5-small vectors of the whole texts) for agreement / contradiction / unrelated.

    Without vectors of the judge's dimension (another encoder), the slot rules decide alone.
    Raises ModelError when the shipped judge weights are missing or stale.
    """
    from checker.compare import judge_pair

    found: list[Finding] = []
    for a in left:
        for b in right:
            verdict = judge_pair(a, b, similarity, assume_same_event=True)
            if verdict:
                found.append(verdict)
    attribution = [f for f in found if f.verdict == "attribution_conflict"]
    if attribution:
        best = max(attribution, key=lambda f: f.confidence)
        return PairResult(id=pair_id, verdict="attribution_conflict", kind=best.kind, confidence=best.confidence,
                          explanation=best.explanation)
    if vectors is not None:
        from checker.compare.judge import load_pair_judge

        judge = load_pair_judge()
        u, v = vectors
        if judge.dimension == len(u):
            j = judge.judge(left, right, u, v, found, premise_text=texts[0] if texts else None,
                            hypothesis_text=texts[1] if texts else None)
            same = [f for f in found if f.verdict == j.label]
            best = max(same, key=lambda f: f.confidence) if same else None
            explanation = best.explanation if best else "pair judge: " + ", ".join(
                f"{k} {p:.2f}" for k, p in j.probabilities.items())
            kind = (best.kind if best else "other") if j.label == "contradiction" else None
            return PairResult(id=pair_id, verdict=j.label, kind=kind, confidence=round(j.confidence, 2),
                              explanation=explanation)
    contradictions = [f for f in found if f.verdict == "contradiction"]
    if contradictions:
        best = max(contradictions, key=lambda f: f.confidence)
        return PairResult(id=pair_id, verdict="contradiction", kind=best.kind, confidence=best.confidence,
                          explanation=best.explanation)
    agree = [f for f in found if f.verdict == "agreement"]
    if agree or similarity >= PAIR_AGREEMENT_SIMILARITY:
        conf = max([f.confidence for f in agree], default=round(min(0.95, similarity), 2))
        return PairResult(id=pair_id, verdict="agreement", confidence=conf,
                          explanation=agree[0].explanation if agree else f"close paraphrase (cosine {similarity:.2f})")
    return PairResult(id=pair_id, verdict="unrelated", confidence=round(1 - similarity, 2), explanation="no shared slot")


# e5 cosines are squeezed (unrelated ~0.88, paraphrases ~0.96, MODELS.md); tuned on RTE3-FR dev only.
PAIR_AGREEMENT_SIMILARITY = 0.92


# ---------------------------------------------------------------- CI mode
@dataclass
class CheckResult:
    report: Report
    new_articles: list[str]
    baselined: int
    index_updated: bool


def changed_since(ref: str, root: Path) -> list[Path]:
    """Article files added or changed since a git commit (committed or not), plus untracked ones.

    Raises InputError when git is missing, the folder is not in a repository or REF is unknown.
    """
    import subprocess

    from checker.ingest import SUPPORTED_SUFFIXES

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        except FileNotFoundError as exc:
            raise InputError("--since needs git, which is not installed") from exc
        if done.returncode != 0:
            raise InputError(f"git {' '.join(args[:2])} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'unknown error'}")
        return [line for line in done.stdout.splitlines() if line.strip()]

    git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    # both listings are relative to ``root`` (git runs there, names limited to it by "." )
    names = git("diff", "--name-only", "--relative", "--diff-filter=AMR", ref, "--", ".")
    names += git("ls-files", "--others", "--exclude-standard", "--", ".")
    files = [root / name for name in dict.fromkeys(names)]
    return sorted(p for p in files if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "manifest.json")


def read_baseline(path: Path | None) -> set[str]:
    """Finding ids accepted in a baseline file: {"accepted": [id or {"id"}...]} or a findings report.

    A missing file silences nothing (a first run has no baseline). Raises InputError when the file
    is not such JSON.
    """
    import json

    if path is None or not Path(path).exists():
        return set()  # no baseline yet: nothing is silenced (the CLI says so)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"baseline {path} is not JSON: {exc}") from exc
    items = data.get("accepted", data.get("findings")) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(f"baseline {path} needs an \"accepted\" list of finding ids (or a findings report)")
    ids = {item if isinstance(item, str) else item.get("id") for item in items if isinstance(item, (str, dict))}
    return {i for i in ids if isinstance(i, str)}


def check_articles(paths: Sequence[str | Path], settings: Settings, *, index: str | Path, corpus_root: str | Path = ".",
                   since: str | None = None, baseline: Path | None = None, update_index: bool = False,
                   progress: Progress = _noop) -> CheckResult:
    """Compare only new articles' claims against an existing index and against each other.

    Raises InputError (no articles, unreadable files, bad baseline), IndexError_ (missing, locked or
    other-model index), ModelError.
    """
    from checker.compare import compare_claims
    from checker.compare.clusters import group_events
    from checker.extract import EXTRACTOR_VERSION, extract_batch
    from checker.index import ClaimIndex
    from checker.ingest import read_article
    from checker.ingest.corpus import list_article_files

    root = Path(corpus_root)
    encoder = LazyEncoder(settings.encoder, settings.cache_dir)
    open_args = dict(model=encoder.name, model_version=encoder.version, dimension=encoder.dimension,
                     extractor_version=EXTRACTOR_VERSION, approx_threshold=settings.approximate_threshold)
    with ClaimIndex.open(index, create=False, readonly=True, **open_args):
        pass  # a missing or other-model index fails here, before any article is read or embedded
    files = [Path(p) for p in paths]
    if since:
        if not root.is_dir():
            raise InputError(f"corpus folder not found: {root}")
        files += changed_since(since, root)
    expanded: list[Path] = []
    for f in files:
        if f.is_dir():
            expanded += list_article_files(f)
        else:
            expanded.append(f)
    files = list(dict.fromkeys(expanded))
    if not files:
        raise InputError("no new articles to check (give files, or --since REF with changes)")
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    for f in files:
        if not f.exists():
            raise InputError(f"article not found: {f}")
        base = root if root.resolve() in f.resolve().parents else f.parent
        try:
            articles.append(read_article(f, base))
        except InputError as exc:
            problems.append(ReadProblem(path=str(f), reason=str(exc)))
        progress("read", len(articles) + len(problems), len(files))
    if not articles:
        raise InputError("none of the new articles could be read: " + "; ".join(p.reason for p in problems))

    extracted = list(zip(articles, extract_batch(articles, progress=lambda d, t: progress("extract", d, t))))
    new_claims: list[Claim] = [c for _, claims in extracted for c in claims]
    new_vectors = encoder.encode([c.text for c in new_claims], batch_size=settings.batch_size,
                                 progress=lambda d, t: progress("embed", d, t))
    new_ids = {a.id for a in articles}
    with ClaimIndex.open(index, create=False, readonly=True, **open_args) as idx:
        hits = idx.search(new_vectors, settings.neighbours * 3) if len(new_claims) else []
        wanted = list(dict.fromkeys(cid for row in hits for cid, _ in row))
        pool = [c for c in (idx.claim(cid) for cid in wanted) if c.article not in new_ids]
        pool_vectors = idx.vectors([c.id for c in pool]) if pool else np.zeros((0, encoder.dimension), np.float32)
        pool_quotes = idx.cached_vectors([c.quote for c in pool if c.quote])
    new_quoted = [c for c in new_claims if c.quote]
    new_quote_vectors = encoder.encode([c.quote for c in new_quoted]) if new_quoted else []
    quote_vectors = {c.id: v for c, v in zip(new_quoted, new_quote_vectors)}
    quote_vectors.update({c.id: pool_quotes[c.quote] for c in pool if c.quote and c.quote in pool_quotes})
    claims = new_claims + pool
    vectors = np.vstack([new_vectors, pool_vectors]) if len(pool) else new_vectors
    findings = compare_claims(claims, vectors, neighbours=settings.neighbours, focus=set(range(len(new_claims))),
                              quote_vectors=quote_vectors, progress=lambda d, t: progress("compare", d, t))
    accepted = read_baseline(baseline)
    kept = [f for f in findings if f.id not in accepted and f.confidence >= settings.min_confidence]
    updated = False
    if update_index:
        with ClaimIndex.open(index, create=False, **open_args) as idx:
            idx.apply(extracted, (), encoder=encoder, progress=lambda d, t: progress("embed", d, t))
        updated = True
    report = Report(corpus=str(index), articles=len(articles), claims=len(new_claims), model=settings.encoder,
                    findings=tuple(kept), problems=tuple(problems), events=tuple(group_events(claims, kept)))
    return CheckResult(report, [a.id for a in articles], len(findings) - len(kept), updated)
