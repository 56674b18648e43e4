"""A corpus folder -> Corpus: walk, read each file, apply the manifest, infer what is left.

Precedence for every metadata field: the manifest, then what the file states (front matter, JSON
fields, HTML metadata), then inference from the text (``metadata``, ``dating``).
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from checker.errors import InputError
from checker.ingest.boilerplate import content_lines, merge_spans, scan_boilerplate
from checker.ingest.dating import infer_dates, weekday_of
from checker.ingest.decoding import Unreadable
from checker.ingest.manifest import ManifestEntry, load_manifest
from checker.ingest.metadata import detect_language, infer_agency, infer_title
from checker.ingest.readers import NOT_REGULAR, SUPPORTED_SUFFIXES, Document, read_documents
from checker.ingest.vocabulary import canonical_agency
from checker.models import Article, Corpus, ReadProblem
from checker.progress import Progress

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"


# What a manifest or front matter writes for "no agency" (« agency: none »): no agency, not one called "none".
_NO_AGENCY = {"", "none", "null", "aucune", "aucun", "néant", "n/a", "na", "-", "—", "–"}


def _agency(name: str | None) -> str | None:
    """Canonical name when the agency table knows it (« Agence France-Presse » -> "AFP"), else as given;
    None for « none », « aucune », « - » and the like."""
    if name is None or name.strip().casefold() in _NO_AGENCY:
        return None
    return canonical_agency(name) or name


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


def skip_reason(path: Path, follow_links: bool = False) -> str | None:
    """Why a file is not read as an article, or None: only regular files are read, and symbolic links
    only when ``follow_links`` says so (a link to /etc/passwd must not become claims in a report)."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            if not follow_links:
                return f"a symbolic link (to {os.readlink(path)}): not followed (setting follow_links)"
            info = path.stat()
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return NOT_REGULAR
    return None


def walk_corpus(
    root: Path, skip: Path | None = None, follow_links: bool = False
) -> tuple[list[Path], list[ReadProblem]]:
    """Article files under ``root``, recursively, sorted by relative path, and the ones left out.

    Hidden folders are not entered. Links, special files and folders that cannot be opened are named
    as ReadProblems (links are followed, once each, with ``follow_links``). Raises nothing.
    """
    found: list[Path] = []
    problems: list[ReadProblem] = []

    def unreadable(exc: OSError) -> None:
        rel = _relative(Path(exc.filename), root) if exc.filename else "."
        problems.append(ReadProblem(path=rel, reason=f"cannot open folder: {exc.strerror or exc}"))

    seen = {os.path.realpath(root)}  # with follow_links, a link back up the tree must not loop
    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=follow_links):
        kept = []
        for name in sorted(dirs):
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.is_symlink():
                if not follow_links:
                    problems.append(ReadProblem(path=_relative(path, root), reason=skip_reason(path) or ""))
                    continue
                if os.path.realpath(path) in seen:
                    continue
                seen.add(os.path.realpath(path))
            kept.append(name)
        dirs[:] = kept
        for name in files:
            path = Path(folder, name)
            if not is_article_file(path, root) or (skip is not None and path.resolve() == skip.resolve()):
                continue
            reason = skip_reason(path, follow_links)
            if reason:
                problems.append(ReadProblem(path=_relative(path, root), reason=reason))
            else:
                found.append(path)
    return sorted(found, key=lambda p: _relative(p, root)), sorted(problems, key=lambda p: p.path)


def read_files(
    files: Sequence[tuple[Path, str]],
    entries: Mapping[str, ManifestEntry] | None = None,
    *,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[Article], list[ReadProblem]]:
    """The articles of each ``(path, id)`` file, in order (a .json list or a .jsonl file gives several).

    Unreadable files and records, articles over ``max_bytes`` and repeated article ids become
    ReadProblems; ``entries`` (by id) are the manifest's. ``progress(files_done, files_total)`` is
    called after each file. Raises nothing.
    """
    articles: list[Article] = []
    problems: list[ReadProblem] = []
    first_seen: dict[str, str] = {}
    for done, (path, rel) in enumerate(files, start=1):
        try:
            docs, record_problems = read_documents(path, rel, max_bytes)
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
            articles.append(build_article(doc, (entries or {}).get(rel)))
        if progress is not None:
            progress(done, len(files))
    return articles, problems


def read_article(path: Path | str, root: Path | str, entry: ManifestEntry | None = None) -> Article:
    """Read one article file; its id is its path relative to ``root``.

    Raises InputError when the file cannot be read, or holds no article or several (a .json list
    or a .jsonl file: use ``read_files``).
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
        raise InputError(f"{path} holds {len(docs)} articles, not one")
    return build_article(docs[0], entry)


def read_corpus(
    root: Path | str,
    manifest: Path | str | None = None,
    progress: Progress | None = None,
    *,
    max_bytes: int | None = None,
    follow_links: bool = False,
) -> Corpus:
    """Read every article under ``root`` into a Corpus; unreadable files become ReadProblems.

    ``manifest`` defaults to ROOT/manifest.json when it exists; its paths are relative to ``root``.
    Only regular files are read (``follow_links`` also reads symbolic links); an article over
    ``max_bytes`` is skipped and named. Raises InputError for a missing folder (or a file given
    instead), a malformed manifest, or a folder with no readable article.
    """
    root = Path(root)
    if root.is_file():
        raise InputError(f"{root} is a file, not a corpus folder: give its folder (or read it with `checker claims`)")
    if not root.is_dir():
        raise InputError(f"corpus folder not found: {root}")
    manifest_path = Path(manifest) if manifest is not None else root / MANIFEST_NAME
    entries: dict[str, ManifestEntry] = {}
    if manifest is not None or manifest_path.is_file():
        entries = load_manifest(manifest_path, root, lambda p: is_article_file(p, root))
    files, problems = walk_corpus(root, skip=manifest_path, follow_links=follow_links)
    articles, read_problems = read_files(
        [(path, _relative(path, root)) for path in files], entries, max_bytes=max_bytes, progress=progress
    )
    problems += read_problems
    for problem in problems:
        logger.info("skipped %s: %s", problem.path, problem.reason)

    if not articles:
        message = f"no articles found in {root} (looked for .txt, .md, .html, .json, .jsonl)"
        if problems:
            message += f"; {len(problems)} could not be read, e.g. {problems[0].path}: {problems[0].reason}"
        raise InputError(message)
    return Corpus(root=str(root), articles=tuple(articles), problems=tuple(problems))
