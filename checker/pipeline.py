"""The stages in order: read -> extract -> index -> compare -> report, with a progress callback.

This module only orchestrates: each step is a public function of a stage (``checker.ingest``,
``checker.extract``, ``checker.index``, ``checker.compare``) or of :mod:`checker.ci` for CI mode.
Stages are imported inside the functions, so that importing this module loads no model library.
``progress(stage, done, total)`` is called as work advances; the library never prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from checker.config import Settings
from checker.errors import InputError, ModelError
from checker.models import Article, Claim, Corpus, Finding, PairResult, ReadProblem, Report
from checker.progress import StageProgress

if TYPE_CHECKING:
    from checker.index import ClaimIndex, LazyEncoder


def _noop(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class IndexedCorpus:
    """A corpus with its claims as its index holds them (``index_corpus``)."""

    corpus: Corpus
    claims: list[Claim]
    vectors: np.ndarray
    embedded: int  # claim texts embedded this run (0 when the index was up to date)
    index_path: Path
    quote_vectors: dict[str, np.ndarray]  # claim id -> vector of its quoted words


@dataclass
class CheckResult:
    """What ``check_articles`` found: the report on the new articles and what became of them."""

    report: Report
    new_articles: list[str]
    baselined: int  # findings silenced by the baseline
    index_updated: bool
    note: str | None = None  # why there was nothing to check, for the CLI to say (the run still succeeds)


# ---------------------------------------------------------------- read and extract
def read_and_extract(
    path: str | Path, settings: Settings | None = None, progress: StageProgress = _noop
) -> tuple[Corpus, list[Claim]]:
    """Read a folder (or one file, which may hold several articles) and extract its claims.

    Raises InputError on unusable input.
    """
    from checker.extract import extract_claims
    from checker.ingest import read_files

    settings = settings or Settings()
    path = Path(path)
    if not path.exists():
        raise InputError(f"article or corpus folder not found: {path}")
    if not path.is_dir():  # a file, or something that is not one: read_files says what is wrong with it
        articles, problems = read_files([(path, path.name)], max_bytes=settings.max_article_bytes)
        if not articles:
            raise InputError(f"cannot read {path}: {problems[0].reason}")
        corpus = _within_limits(
            Corpus(root=str(path.parent), articles=tuple(articles), problems=tuple(problems)), settings
        )
    else:
        corpus = _read_corpus(path, settings, progress)
    claims = extract_claims(corpus.articles, progress=lambda d, t: progress("extract", d, t))
    return corpus, claims


def _read_corpus(root: Path, settings: Settings, progress: StageProgress) -> Corpus:
    from checker.ingest import read_corpus

    corpus = read_corpus(
        root,
        progress=lambda d, t: progress("read", d, t),
        max_bytes=settings.max_article_bytes,
        follow_links=settings.follow_links,
    )
    return _within_limits(corpus, settings)


def _within_limits(corpus: Corpus, settings: Settings) -> Corpus:
    """The corpus less its articles with more candidate claims than ``max_claims_per_article``, named
    as problems. Raises InputError when no article is left."""
    from checker.extract import limit_claims

    articles, problems = limit_claims(corpus.articles, settings.max_claims_per_article)
    if not articles:
        raise InputError(f"no article of {corpus.root} is within the limits: {problems[0].path}: {problems[0].reason}")
    return corpus.model_copy(update={"articles": tuple(articles), "problems": corpus.problems + tuple(problems)})


# ---------------------------------------------------------------- index
def _open_index(path: str | Path, encoder: LazyEncoder, settings: Settings, **options: Any) -> ClaimIndex:
    """The index at ``path`` opened for ``encoder``'s vectors and this extractor's claims."""
    from checker.extract import EXTRACTOR_VERSION
    from checker.index import ClaimIndex

    return ClaimIndex.open(
        path,
        model=encoder.name,
        model_version=encoder.version,
        dimension=encoder.dimension,
        extractor_version=EXTRACTOR_VERSION,
        approx_threshold=settings.approximate_threshold,
        lock_timeout=settings.lock_timeout,
        **options,
    )


def index_corpus(
    path: str | Path,
    settings: Settings,
    *,
    index: str | Path | None = None,
    rebuild: bool = False,
    progress: StageProgress = _noop,
) -> IndexedCorpus:
    """Bring the corpus's index up to date: extract and embed only new or changed articles.

    An index already up to date is read on a snapshot, without the writer lock, so that `compare` runs
    while `index` writes; otherwise this run waits for the writer lock up to ``settings.lock_timeout``.
    Raises InputError (corpus), ModelError (encoder), IndexStoreError (index locked, corrupt, other model).
    """
    from checker.index import LazyEncoder

    # the encoder's light form where it has one: sentence-transformers' vectors without importing it
    encoder = LazyEncoder(settings.encoder, settings.cache_dir, light=True)
    return _index_with(path, settings, encoder, index=index, rebuild=rebuild, progress=progress)


def _index_with(
    path: str | Path,
    settings: Settings,
    encoder: Any,
    *,
    index: str | Path | None,
    rebuild: bool,
    progress: StageProgress,
    lean: bool = False,
) -> IndexedCorpus:
    """index_corpus with the encoder it embeds with (a LazyEncoder, or a ModelWorker's); ``lean``: spaCy is
    dropped once the claims are extracted (compare_corpus)."""
    from checker.extract import extract_batch, unload_nlp
    from checker.index import ClaimIndex, index_path_for

    root = Path(path)
    corpus = _read_corpus(root, settings, progress)
    target = index_path_for(root, settings.index_dir, index)
    if not rebuild and ClaimIndex.exists(target):
        with _open_index(target, encoder, settings, readonly=True) as idx:
            plan = idx.plan(corpus.articles, complete=True)
            # a damaged vectors.faiss (idx.repaired) is left to the writer below, which mends it on disk
            if not plan.to_extract and not plan.removed and idx.repaired is None:
                return _indexed(idx, corpus, 0, target, encoder.dimension)
    with _open_index(target, encoder, settings, rebuild=rebuild) as idx:
        plan = idx.plan(corpus.articles, complete=True)
        todo: list[Article] = list(plan.to_extract)
        additions = list(zip(todo, extract_batch(todo, progress=lambda d, t: progress("extract", d, t))))
        if lean:
            unload_nlp()
        stats = idx.apply(additions, plan.removed, encoder=encoder, progress=lambda d, t: progress("embed", d, t))
        return _indexed(idx, corpus, stats.embedded, target, encoder.dimension)


def _indexed(idx: ClaimIndex, corpus: Corpus, embedded: int, target: Path, dimension: int) -> IndexedCorpus:
    """The corpus's claims, vectors and quote vectors as the open index holds them."""
    claims = idx.claims([a.id for a in corpus.articles])
    vectors = idx.vectors([c.id for c in claims]) if claims else np.zeros((0, dimension), np.float32)
    by_text = idx.cached_vectors([c.quote for c in claims if c.quote])
    quotes = {c.id: by_text[c.quote] for c in claims if c.quote and c.quote in by_text}
    return IndexedCorpus(corpus, claims, vectors, embedded, target, quotes)


# ---------------------------------------------------------------- compare
def _report(
    corpus: str,
    settings: Settings,
    *,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    counted: int,
    findings: Sequence[Finding],
    problems: Sequence[ReadProblem],
) -> Report:
    """A report with every field filled the same way for a corpus and for a check: the findings, the
    timeline of ``claims``, the events the findings tie them into, and which of ``articles`` carry the
    same dispatch or come from one outlet (a report counts them once)."""
    from checker.compare import build_timeline, find_copies, group_events

    return Report(
        corpus=corpus,
        articles=len(articles),
        claims=counted,
        model=settings.encoder,
        findings=tuple(findings),
        problems=tuple(problems),
        timeline=tuple(build_timeline(claims)),
        events=tuple(group_events(claims, findings)),
        language=Report.main_language({c.article: c.language for c in claims}.values()),
        copies=tuple(find_copies(articles)),
        outlets={a.id: a.outlet for a in articles if a.outlet},
        thresholds=settings.thresholds,
    )


def _judge(settings: Settings):
    from checker.compare import pair_judge

    return pair_judge(settings.judge, settings.cache_dir)


def compare_corpus(
    path: str | Path, settings: Settings, *, index: str | Path | None = None, progress: StageProgress = _noop
) -> Report:
    """Compare every claim of a corpus with its nearest claims from other articles.

    Raises InputError, ModelError or IndexStoreError (all CheckerError) with a one-line message.
    """
    from checker.compare import compare_claims, named_decision

    with _models(settings, first="judge") as (encoder, judge):  # a re-run needs no encoder
        lean = _lean(encoder)
        indexed = _index_with(path, settings, encoder, index=index, rebuild=False, progress=progress, lean=lean)
        if lean:
            encoder.release_encoder()
        findings = compare_claims(
            indexed.claims,
            indexed.vectors,
            neighbours=settings.neighbours,
            quote_vectors=indexed.quote_vectors,
            judge=judge,
            decision=named_decision(settings.thresholds),
            progress=lambda d, t: progress("compare", d, t),
        )
    findings = [f for f in findings if f.confidence >= settings.min_confidence]
    return _report(
        str(path),
        settings,
        articles=indexed.corpus.articles,
        claims=indexed.claims,
        counted=len(indexed.claims),
        findings=findings,
        problems=indexed.corpus.problems,
    )


def compare_pairs(path: str | Path, settings: Settings, progress: StageProgress = _noop) -> list[PairResult]:
    """A verdict for each premise/hypothesis row of a TSV: the pair judge on both texts (rendered with the
    slots the extraction reads), the attribution rules on the claims they quote. Raises InputError, ModelError."""
    from checker.compare import TextPair, judge_pairs
    from checker.extract import extract_batch
    from checker.ingest import article_from_text, read_pairs

    rows = read_pairs(path)
    articles = [article_from_text(side, row[side]) for row in rows for side in ("premise", "hypothesis")]
    extracted = extract_batch(articles, progress=lambda d, t: progress("extract", d, t))
    pairs = [
        TextPair(row["id"], row["premise"], row["hypothesis"], extracted[2 * n], extracted[2 * n + 1])
        for n, row in enumerate(rows)
    ]
    return judge_pairs(
        pairs,
        judge=_judge(settings),
        batch_size=settings.batch_size,
        progress=lambda d, t: progress("compare", d, t),
    )


# ---------------------------------------------------------------- CI mode
def check_articles(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    index: str | Path,
    corpus_root: str | Path = ".",
    since: str | None = None,
    baseline: str | Path | None = None,
    update_index: bool = False,
    progress: StageProgress = _noop,
) -> CheckResult:
    """Compare only new articles' claims against an existing index and against each other.

    The index is opened once, read-only, before any article is read (a missing or other-model index
    fails first); ``update_index`` then adds the new articles as a writer. Nothing to check (a change
    that only deletes, an empty folder) is a result with a note, not an error.
    Raises InputError (no paths nor --since, a missing or unreadable file, bad baseline), IndexStoreError
    (missing, locked or other-model index), ModelError.
    """
    job = _CheckJob(paths, settings, index, Path(corpus_root), since, baseline, update_index, progress)
    with _models(settings) as (encoder, judge):
        return _check(job, encoder, judge)


@contextmanager
def _models(settings: Settings, first: str = "encode") -> Iterator[tuple[Any, Any]]:
    """The encoder and the judge a run uses: on Linux a ModelWorker's, loading torch and both models in a
    second process while this one reads and loads spaCy (checker.worker), stopped when the block ends;
    ``first`` names the model the run needs first (``encode`` or ``judge``), which the worker loads first;
    elsewhere (or with ``worker = false``, or no process to fork) the encoder's light form (the same vectors,
    seconds less to start) and the judge, both loaded here on first use."""
    from checker.index import LazyEncoder
    from checker.worker import ModelWorker, worker_wanted

    if worker_wanted(settings):
        try:
            started = ModelWorker(settings, first)
        except ModelError:  # no process to fork (a limit, no memory): the models load here instead
            pass
        else:
            with started as worker:
                yield worker, _remembering(worker, settings)
            return
    yield LazyEncoder(settings.encoder, settings.cache_dir, light=True), _remembering(_judge(settings), settings)


def _lean(encoder: Any) -> bool:
    """Whether this run drops each model once done with it and hands the memory back, so that the peaks of its
    stages do not stack (spaCy's 0.3 GB after the extraction, the encoder before the judging): a run whose
    models are in a ModelWorker, the cold one-shot run of the command line (``checker check``, ``checker
    compare``). A run in this process (a library caller, a test, ``worker = false``) keeps them for its next
    call."""
    from checker.worker import ModelWorker

    return isinstance(encoder, ModelWorker)


def _memo(settings: Settings):
    """A maker of the user cache's memo tables (checker.memo), or None when the setting ``remember`` is off."""
    if not settings.remember:
        return None
    from checker.memo import Memo, memo_file

    return lambda table, rows: Memo(memo_file(settings.cache_dir), table, rows)


def _remembering(judge, settings: Settings):
    """The trained judge with its answers remembered between runs (checker.compare.judge_memory), unless the
    setting ``remember`` is off."""
    if settings.judge != "trained" or not settings.remember:
        return judge
    from checker.compare import remembering

    return remembering(judge, settings.cache_dir)


# `check` searches the index for this many times `neighbours` claims a claim: enough to keep `neighbours` of them
# from other articles than the claim's own and the checked ones
_SEARCH_SPAN = 3


def _index_ranks(
    idx: Any, pool: Sequence[Claim], pool_vectors: np.ndarray, neighbours: int, checked: set[str]
) -> list[np.ndarray]:
    """For each pool claim, the similarities (best first) of its ``neighbours`` nearest claims from other articles
    in the index, the ``checked`` articles left out: where a compare of the whole corpus would rank a checked claim
    among them (compare.checked_search)."""
    if not pool:
        return []
    hits = idx.search(pool_vectors, neighbours * _SEARCH_SPAN)
    owner = idx.articles_of(cid for row in hits for cid, _ in row)
    ranks = []
    for claim, row in zip(pool, hits):
        skip = checked | {claim.article}
        others = [score for cid, score in row if owner.get(cid, claim.article) not in skip]
        ranks.append(np.asarray(others[:neighbours], dtype=np.float32))
    return ranks


@dataclass(frozen=True)
class _CheckJob:
    """What check_articles was asked (its arguments), handed whole to the body that runs it."""

    paths: Sequence[str | Path]
    settings: Settings
    index: str | Path
    root: Path
    since: str | None
    baseline: str | Path | None
    update_index: bool
    progress: StageProgress


def _check(job: _CheckJob, encoder: Any, judge: Any) -> CheckResult:
    """check_articles with the encoder and the judge it runs (in this process or in a ModelWorker)."""
    from checker.ci import article_id, changed_since, collect_files, read_baseline
    from checker.compare import checked_search, compare_claims, named_decision
    from checker.extract import MAX_ARTICLES, extract_remembered, limit_claims, unload_nlp
    from checker.index import MAX_VECTORS, encode_remembered
    from checker.ingest import read_files

    paths, settings, index, root, progress = job.paths, job.settings, job.index, job.root, job.progress
    since = job.since
    lean = _lean(encoder)

    with _open_index(index, encoder, settings, create=False, readonly=True) as idx:
        if not paths and not since:
            raise InputError("no articles to check: give files or folders, or --since REF")
        listed = [Path(p) for p in paths]
        if since:
            if not root.is_dir():
                raise InputError(f"corpus folder not found: {root}")
            listed += changed_since(since, root)
        files, problems = collect_files(listed, settings.follow_links)
        if not files and not problems:
            empty = Report(corpus=str(index), articles=0, claims=0, model=settings.encoder, findings=())
            return CheckResult(empty, [], 0, False, note="no new or changed articles to check")
        read, read_problems = read_files(
            [(f, article_id(f, root)) for f in files],
            max_bytes=settings.max_article_bytes,
            progress=lambda d, t: progress("read", d, t),
        )
        articles, over = limit_claims(read, settings.max_claims_per_article)
        problems += read_problems + over
        if not articles:
            why = "; ".join(f"{p.path}: {p.reason}" for p in problems)
            raise InputError(f"none of the new articles could be read: {why}")

        memo = _memo(settings)  # an article checked before: its claims and vectors from the user cache
        claims_memo, vectors_memo = (
            (memo("claims", MAX_ARTICLES), memo("vectors", MAX_VECTORS)) if memo else (None, None)
        )
        extracted = list(
            zip(articles, extract_remembered(articles, claims_memo, progress=lambda d, t: progress("extract", d, t)))
        )
        new_claims: list[Claim] = [c for _, claims in extracted for c in claims]
        if lean:
            unload_nlp()
        new_vectors = encode_remembered(
            encoder,
            [c.text for c in new_claims],
            vectors_memo,
            batch_size=settings.batch_size,
            progress=lambda d, t: progress("embed", d, t),
        )
        # an indexed article with the same text as a checked one is that article under another path (« corpus/x.txt »
        # checked from the repository root, the index naming it « x.txt »): not another source to compare it with
        new_ids = {a.id for a in articles} | idx.same_text(articles)
        hits = idx.search(new_vectors, settings.neighbours * _SEARCH_SPAN) if len(new_claims) else []
        wanted = list(dict.fromkeys(cid for row in hits for cid, _ in row))
        pool = [c for c in (idx.claim(cid) for cid in wanted) if c.article not in new_ids]
        pool_vectors = idx.vectors([c.id for c in pool]) if pool else np.zeros((0, encoder.dimension), np.float32)
        pool_quotes = idx.cached_vectors([c.quote for c in pool if c.quote])
        # on an approximate index (IVF, past `approximate_threshold` claims) the pool's own search costs more than
        # the pairs it spares (bench/bench_archive.py: 0.5 s for 165 pool claims at a million): exact search there
        exact = idx.manifest.index_type == "flat"
        pool_ranks = _index_ranks(idx, pool, pool_vectors, settings.neighbours, new_ids) if exact else None
    new_quoted = [c for c in new_claims if c.quote]
    new_quote_vectors = encode_remembered(encoder, [c.quote for c in new_quoted if c.quote], vectors_memo)
    quote_vectors = {c.id: v for c, v in zip(new_quoted, new_quote_vectors)}
    if lean and not job.update_index:
        encoder.release_encoder()  # nothing more to embed: the judge runs without the encoder beside it
    quote_vectors.update({c.id: pool_quotes[c.quote] for c in pool if c.quote and c.quote in pool_quotes})
    claims = new_claims + pool
    vectors = np.vstack([new_vectors, pool_vectors]) if len(pool) else new_vectors
    search = None if pool_ranks is None else checked_search(vectors, len(new_claims), pool_ranks, settings.neighbours)
    findings = compare_claims(
        claims,
        vectors,
        neighbours=settings.neighbours,
        search=search,
        focus=set(range(len(new_claims))),
        judge=judge,
        quote_vectors=quote_vectors,
        decision=named_decision(settings.thresholds),
        progress=lambda d, t: progress("compare", d, t),
    )
    accepted = read_baseline(job.baseline)
    kept = [f for f in findings if f.id not in accepted and f.confidence >= settings.min_confidence]
    updated = False
    if job.update_index:
        with _open_index(index, encoder, settings, create=False) as writer:
            writer.apply(extracted, (), encoder=encoder, progress=lambda d, t: progress("embed", d, t))
        updated = True
    report = _report(
        str(index),
        settings,
        articles=articles,
        claims=claims,
        counted=len(new_claims),
        findings=kept,
        problems=problems,
    )
    return CheckResult(report, [a.id for a in articles], len(findings) - len(kept), updated)
