"""checker: where news outlets agree, contradict each other, or disagree on who said what.

The Python API is the product; the ``checker`` command is a thin layer over it (``checker.cli``)::

    from checker import compare_corpus, load_settings, render_markdown

    report = compare_corpus("corpus/", load_settings())
    print(render_markdown(report))

What a run does
    :func:`compare_corpus`   every claim of a corpus against its nearest claims from other articles -> Report
    :func:`check_articles`   CI mode: only new articles against an existing index -> CheckResult
    :func:`index_corpus`     build or update a corpus's index (only new claims are embedded) -> IndexedCorpus
    :func:`read_and_extract` a corpus folder or one file -> (Corpus, claims)
    :func:`extract_claims`   Articles -> Claims (the extraction stage, over a batch)
    :func:`compare_pairs`    a TSV of premise / hypothesis rows -> one PairResult per row

Around a run
    :func:`load_settings` / :class:`Settings`   defaults < [tool.checker] < checker.toml < CHECKER_* < arguments
    :func:`render_markdown` / :func:`render_html` / :func:`render_json`   a Report for editors / a browser / machines
    :func:`read_report`      a saved JSON report -> the Report it was made from (nothing recomputed)
    :func:`write_output`     write a report or baseline atomically
    :data:`FAIL_ON` / :func:`should_fail`, :func:`render_baseline`   the CI exit policy and baseline files
    :data:`EncoderName` / :func:`available_encoders`   the sentence encoders a run may name
    :data:`ThresholdsName`   the shipped thresholds a run may name (cautious, wide)
    :data:`StageProgress`    the ``progress(stage, done, total)`` callback the run functions take

The models (``checker.models``) are the typed contracts between the stages and the JSON the reports
are made of; the errors (``checker.errors``) are one tree under :class:`CheckerError`. The library
never prints and never exits.

Importing this package loads no model library (torch, spaCy, sentence-transformers, FAISS): the
functions are imported from their modules on first use, so that ``checker --help`` answers at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from checker.errors import (
    CheckerError,
    ConfigError,
    IndexStoreError,
    InputError,
    ModelError,
    OutputError,
)
from checker.models import (
    SCHEMA_VERSION,
    Article,
    BodyKey,
    Claim,
    Corpus,
    EncoderName,
    EventGroup,
    Finding,
    PairResult,
    ReadProblem,
    Report,
    ThresholdsName,
    TimelineEntry,
)
from checker.progress import StageProgress

if TYPE_CHECKING:
    from checker.ci import FAIL_ON, render_baseline, should_fail
    from checker.config import Settings, load_settings
    from checker.extract import extract_claims
    from checker.files import write_output
    from checker.index import available_encoders
    from checker.pipeline import (
        CheckResult,
        IndexedCorpus,
        check_articles,
        compare_corpus,
        compare_pairs,
        index_corpus,
        read_and_extract,
    )
    from checker.report import read_report, render_html, render_json, render_markdown

# name -> module it lives in; imported on first use (module __getattr__, PEP 562)
_LAZY = {
    "compare_corpus": "checker.pipeline",
    "check_articles": "checker.pipeline",
    "index_corpus": "checker.pipeline",
    "read_and_extract": "checker.pipeline",
    "compare_pairs": "checker.pipeline",
    "CheckResult": "checker.pipeline",
    "IndexedCorpus": "checker.pipeline",
    "extract_claims": "checker.extract",
    "available_encoders": "checker.index",
    "Settings": "checker.config",
    "load_settings": "checker.config",
    "read_report": "checker.report",
    "render_html": "checker.report",
    "render_json": "checker.report",
    "render_markdown": "checker.report",
    "write_output": "checker.files",
    "FAIL_ON": "checker.ci",
    "should_fail": "checker.ci",
    "render_baseline": "checker.ci",
}

__all__ = [
    "FAIL_ON",
    "SCHEMA_VERSION",
    "Article",
    "BodyKey",
    "CheckResult",
    "CheckerError",
    "Claim",
    "ConfigError",
    "Corpus",
    "EncoderName",
    "ThresholdsName",
    "EventGroup",
    "Finding",
    "IndexStoreError",
    "IndexedCorpus",
    "InputError",
    "ModelError",
    "OutputError",
    "PairResult",
    "ReadProblem",
    "Report",
    "Settings",
    "StageProgress",
    "TimelineEntry",
    "available_encoders",
    "check_articles",
    "compare_corpus",
    "compare_pairs",
    "extract_claims",
    "index_corpus",
    "load_settings",
    "read_and_extract",
    "read_report",
    "render_baseline",
    "render_html",
    "render_json",
    "render_markdown",
    "should_fail",
    "write_output",
]


def __getattr__(name: str) -> Any:
    # Resolved on every access, not cached here: a test that replaces checker.pipeline.compare_corpus
    # is seen by the CLI too.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
