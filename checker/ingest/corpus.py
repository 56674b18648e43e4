"""A corpus folder -> Corpus: walk, read each file, apply the manifest, infer what is left.

Precedence for every metadata field: the manifest, then what the file states (front matter, JSON
fields, HTML metadata), then inference from the text (``metadata``, ``dating``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from checker.errors import InputError
from checker.ingest.boilerplate import content_lines, merge_spans, scan_boilerplate
from checker.ingest.dating import infer_dates, weekday_of
from checker.ingest.decoding import Unreadable
from checker.ingest.lexicon import canonical_agency
from checker.ingest.manifest import ManifestEntry, load_manifest
from checker.ingest.metadata import detect_language, infer_agency, infer_title
from checker.ingest.readers import SUPPORTED_SUFFIXES, Document, read_documents
from checker.models import Article, Corpus, ReadProblem

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"

Progress = Callable[[int, int], None]
"""Called as ``progress(files_done, files_total)`` after each file."""


def _agency(name: str | None) -> str | None:
    """Canonical name when the agency table knows it (« Agence France-Presse » -> "AFP"), else as given."""
    return (canonical_agency(name) or name) if name else None


def build_article(doc: Document, entry: ManifestEntry | None = None) -> Article:
    """An Article from a Document: boilerplate found, metadata from the manifest, the file or the text."""
    given = entry.model_fields_set if entry else set()

    def pick(name: str, stated: str | None, infer: Callable[[], str | None]) -> str | None:
        if name in given:
            return getattr(entry, name)
        return stated if stated is not None else infer()

    text = doc.text
    language = pick("language", doc.language, lambda: detect_language(text)) or "fr"
    matches = scan_boilerplate(text, language)
    spans = merge_spans([(m.start, m.end) for m in matches], text)
    content = content_lines(text, spans)
    title = pick("title", doc.title, lambda: infer_title(text, content))
    first_paragraph = next((c for c in content if text[c[0] : c[1]].strip() != title), None)
    agency = _agency(pick("agency", doc.agency, lambda: infer_agency(text, matches, first_paragraph)[0]))
    outlet = pick("outlet", doc.outlet, lambda: None)

    stated = (doc.published, doc.published_basis or "the file's metadata") if doc.published else None
    dates = infer_dates(text, matches, content, stated=stated)
    published, published_basis = dates.published, dates.published_basis
    if "published" in given:
        published, published_basis = entry.published, "manifest"  # type: ignore[union-attr]
    weekday, weekday_basis = weekday_of(published), None
    if "published_weekday" in given:
        weekday, weekday_basis = entry.published_weekday, "manifest"  # type: ignore[union-attr]
    elif weekday is None:
        weekday, weekday_basis = dates.weekday, dates.weekday_basis
    if "published_basis" in given:
        basis = entry.published_basis  # type: ignore[union-attr]
    else:
        kept = [
            b for b in (published_basis if published else None, weekday_basis if weekday is not None else None) if b
        ]
        basis = "; ".join(dict.fromkeys(kept)) or None

    return Article(
        id=doc.id,
        text=text,
        title=title,
        outlet=outlet,
        agency=agency,
        language=language,
        published=published,
        published_weekday=weekday,
        published_basis=basis,
        boilerplate=spans,
        content_hash=Article.hash_text(text),
    )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def is_article_file(path: Path, root: Path) -> bool:
    """Whether ``read_corpus`` reads this file: supported suffix, not hidden, not the manifest."""
    rel = path.relative_to(root)
    return (
        path.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in rel.parts)
        and rel.as_posix() != MANIFEST_NAME
    )


def list_article_files(root: Path, skip: Path | None = None) -> list[Path]:
    """Article files under ``root``, recursively, sorted by relative path; hidden folders not entered."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if is_article_file(path, root) and (skip is None or path.resolve() != skip.resolve()):
                found.append(path)
    return sorted(found, key=lambda p: _relative(p, root))


def read_article(path: Path | str, root: Path | str, entry: ManifestEntry | None = None) -> Article:
    """Read one article file; its id is its path relative to ``root``.

    Raises InputError when the file cannot be read, or holds no article or several (a .json list
    or a .jsonl file: use ``read_corpus``).
    """
    path, root = Path(path), Path(root)
    try:
        rel = _relative(path, root)
    except ValueError:
        raise InputError(f"{path} is not inside {root}") from None
    try:
        docs, problems = read_documents(path, rel)
    except Unreadable as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if problems:
        raise InputError(f"cannot read {problems[0].path}: {problems[0].reason}")
    if len(docs) != 1:
        raise InputError(f"{path} holds {len(docs)} articles; read it with read_corpus")
    return build_article(docs[0], entry)


def read_corpus(root: Path | str, manifest: Path | str | None = None, progress: Progress | None = None) -> Corpus:
    """Read every article under ``root`` into a Corpus; unreadable files become ReadProblems.

    ``manifest`` defaults to ROOT/manifest.json when it exists; its paths are relative to ``root``.
    Raises InputError for a missing folder, a malformed manifest, or a folder with no readable article.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"corpus folder not found: {root}")
    manifest_path = Path(manifest) if manifest is not None else root / MANIFEST_NAME
    entries: dict[str, ManifestEntry] = {}
    if manifest is not None or manifest_path.is_file():
        entries = load_manifest(manifest_path, root, lambda p: is_article_file(p, root))
    files = list_article_files(root, skip=manifest_path)

    articles: list[Article] = []
    problems: list[ReadProblem] = []
    first_seen: dict[str, str] = {}
    for done, path in enumerate(files, start=1):
        rel = _relative(path, root)
        try:
            docs, record_problems = read_documents(path, rel)
        except Unreadable as exc:
            docs, record_problems = [], [ReadProblem(path=rel, reason=str(exc))]
        problems.extend(record_problems)
        for doc in docs:
            if doc.id in first_seen:
                problems.append(
                    ReadProblem(
                        path=rel, reason=f"duplicate article id '{doc.id}' (first read from {first_seen[doc.id]})"
                    )
                )
                continue
            first_seen[doc.id] = rel
            articles.append(build_article(doc, entries.get(rel)))
        if progress is not None:
            progress(done, len(files))
    for problem in problems:
        logger.info("skipped %s: %s", problem.path, problem.reason)

    if not articles:
        message = f"no articles found in {root} (looked for .txt, .md, .html, .json, .jsonl)"
        if problems:
            message += f"; {len(problems)} could not be read, e.g. {problems[0].path}: {problems[0].reason}"
        raise InputError(message)
    return Corpus(root=str(root), articles=tuple(articles), problems=tuple(problems))
