"""One reader per file format: file -> Documents (text plus the metadata the file itself states).

A reader never infers: inference from the text happens once, in ``corpus.build_article``, for every
format alike. A reader raises ``Unreadable`` when the whole file is unusable; a .json list or a .jsonl
file may also hand back per-record problems while its other records are read.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.ingest.dating import normalise_date
from checker.ingest.decoding import Unreadable, decode_text
from checker.models import ReadProblem


@dataclass(frozen=True)
class Document:
    """An article as its file gives it, before inference. None: the file does not say."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    agency: str | None = None
    language: str | None = None
    published: str | None = None
    published_basis: str | None = None


Read = tuple[list[Document], list[ReadProblem]]

# Record fields, in order of preference, for JSON records and Markdown front matter.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title",),
    "outlet": ("outlet",),
    "agency": ("agency", "source"),
    "language": ("language", "lang"),
    "published": ("published", "date"),
    "id": ("id", "url"),
}
_LANGUAGE_NAMES = {"french": "fr", "français": "fr", "francais": "fr", "english": "en", "anglais": "en"}


def _field(record: Mapping[str, Any], name: str) -> tuple[str, Any] | None:
    """(key, value) of the first alias of ``name`` that the record holds with a value."""
    for key in FIELDS[name]:
        if record.get(key) not in (None, ""):
            return key, record[key]
    return None


def _text_field(record: Mapping[str, Any], name: str, where: str) -> str | None:
    found = _field(record, name)
    if found is None:
        return None
    key, value = found
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        raise Unreadable(f"{where} '{key}' should be text, not {type(value).__name__}")
    return str(value)


def _language(value: str | None) -> str | None:
    """« fr-FR » -> "fr", « French » -> "fr"."""
    if value is None:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANGUAGE_NAMES.get(code, code) or None


def document_from_fields(record: Mapping[str, Any], doc_id: str, text: str | None, where: str) -> Document:
    """A Document from a record's fields (see FIELDS); ``text`` given overrides the record's own."""
    if text is None:
        text = _text_field(record, "text", where)
    if text is None or not text.strip():
        raise Unreadable(f"no text (looked for {', '.join(FIELDS['text'])})")
    published, basis = None, None
    found = _field(record, "published")
    if found:
        key, value = found
        published = normalise_date(value)
        basis = f"{where} '{key}'" if published else None
    return Document(
        id=doc_id,
        text=text,
        title=_text_field(record, "title", where),
        outlet=_text_field(record, "outlet", where),
        agency=_text_field(record, "agency", where),
        language=_language(_text_field(record, "language", where)),
        published=published,
        published_basis=basis,
    )


def read_txt(text: str, rel: str) -> Read:
    # Verbatim: claim offsets index into this text, so nothing is stripped or normalised.
    return [Document(id=rel, text=text)], []


_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)


def read_markdown(text: str, rel: str) -> Read:
    """Body after the YAML front matter; the front matter gives title, outlet, agency, date, language."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return [Document(id=rel, text=text)], []
    import yaml  # only Markdown with front matter needs it

    try:
        meta = yaml.safe_load(m[1]) if m[1].strip() else {}
    except yaml.YAMLError as exc:
        raise Unreadable(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise Unreadable("front matter is not a list of 'key: value' lines")
    body = text[m.end() :]
    return [document_from_fields(meta, rel, body, "front matter")], []


@functools.cache
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # No signal-based timeout: it only works in the main thread, and batch engines run readers elsewhere.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Short articles are articles too: the default refuses main texts under 250 characters.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    return config


def read_html(text: str, rel: str) -> Read:
    """Main text and metadata by trafilatura.

    trafilatura finds the article body of a news page and leaves out navigation, menus, footers,
    comments and related-article lists, so the text holds the reporting and little else; it also
    reads the title, site name and date from the page's metadata. Offsets index into its output.
    """
    import trafilatura  # 0.4 s to import: only when a corpus holds HTML

    result = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        config=_trafilatura_config(),
        # The date from the page's metadata only: no guessing from its text or links.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # a Document; a dict only with the deprecated as_dict=True, not asked for here
    if result is None or isinstance(result, dict) or not (result.text or "").strip():
        raise Unreadable("no main text found in the HTML")
    meta = {"title": result.title, "outlet": result.sitename, "language": result.language, "date": result.date}
    return [document_from_fields(meta, rel, result.text, "HTML metadata")], []


def _record(item: Any, doc_id: str, where: str) -> Document:
    if not isinstance(item, dict):
        raise Unreadable(f"a record must be a JSON object, not {type(item).__name__}")
    found = _field(item, "id")
    return document_from_fields(item, str(found[1]) if found else doc_id, None, where)


def read_json(text: str, rel: str) -> Read:
    """One object, or a list of objects (ids « file.json#N », from 1, unless a record has id/url)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict):
        return [_record(data, rel, "JSON field")], []
    if not isinstance(data, list):
        raise Unreadable(f"JSON must hold an object or a list of objects, not {type(data).__name__}")
    if not data:
        raise Unreadable("empty JSON list")
    docs, problems = [], []
    for n, item in enumerate(data, start=1):
        try:
            docs.append(_record(item, f"{rel}#{n}", "JSON field"))
        except Unreadable as exc:
            problems.append(ReadProblem(path=f"{rel}#{n}", reason=f"record {n}: {exc}"))
    return docs, problems


def read_jsonl(text: str, rel: str) -> Read:
    """One object per line (ids « file.jsonl#N », N the line number, unless a record has id/url)."""
    docs, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise Unreadable(f"invalid JSON at column {exc.colno}: {exc.msg}") from None
            docs.append(_record(item, f"{rel}#{n}", "JSON field"))
        except Unreadable as exc:
            problems.append(ReadProblem(path=f"{rel}#{n}", reason=f"line {n}: {exc}"))
    return docs, problems


READERS: dict[str, Callable[[str, str], Read]] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)


# Formats whose file may hold many articles: their size limit applies to each record, not the file.
_MANY = (".json", ".jsonl")
NOT_REGULAR = "not a regular file (a device, FIFO or socket): skipped"


def _read_regular(path: Path, limit: int | None) -> bytes:
    """The bytes of a regular file, refusing anything else (a FIFO would block, /dev/zero never ends)
    and a file over ``limit`` bytes before reading it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not wait for a writer
    except OSError as exc:
        raise Unreadable(f"cannot open: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(NOT_REGULAR)
        if limit is not None and info.st_size > limit:
            raise Unreadable(_over_limit(info.st_size, limit))
        try:
            data = f.read() if limit is None else f.read(limit + 1)  # +1: a file that grew is still refused
        except OSError as exc:
            raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    if limit is not None and len(data) > limit:
        raise Unreadable(_over_limit(len(data), limit))
    return data


def _over_limit(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,} (setting max_article_bytes): skipped"


def read_documents(path: Path, rel: str, max_bytes: int | None = None) -> Read:
    """Documents in one file, and problems with single records; ``rel`` is its id in the corpus.

    ``max_bytes`` bounds each article (UTF-8 bytes of its text, and the file itself when it holds one).
    Raises Unreadable when the file as a whole cannot be read: unsupported, unopenable, not a regular
    file, too large, empty, binary or undecodable, or broken in its format.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise Unreadable(f"unsupported format '{path.suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    many = path.suffix.lower() in _MANY
    data = _read_regular(path, None if many else max_bytes)
    text = decode_text(data, rel)
    if not text.strip():
        raise Unreadable("empty file")
    docs, problems = reader(text, rel)
    if max_bytes is None or not many:
        return docs, problems
    kept = []
    for doc in docs:
        size = len(doc.text.encode("utf-8"))
        if size > max_bytes:
            problems.append(ReadProblem(path=doc.id, reason=_over_limit(size, max_bytes)))
        else:
            kept.append(doc)
    return kept, problems
