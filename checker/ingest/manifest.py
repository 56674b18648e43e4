"""The corpus manifest: what people know about each article file, overriding what ingest infers.

``manifest.json`` at the corpus root (or a path given to ``read_corpus``)::

    {"articles": [{"file": "000_e52b501d5ab5caa3.txt", "outlet": null, "agency": "Anadolu",
                   "language": "fr", "published": null, "published_weekday": 1,
                   "published_basis": "« a déclaré, mardi, » in the lead", "note": "..."}]}

A field present in an entry, even as null, is the manifest's word: null means « checked, unknown »
and stops inference for that field. A field left out falls back to the file's own metadata, then
to inference from the text. An entry for a .json or .jsonl file applies to every record in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from checker.errors import InputError
from checker.ingest.dating import parse_iso_partial, weekday_of


class ManifestEntry(BaseModel):
    """What is known of one article file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(description="path relative to the corpus root, with forward slashes")
    title: str | None = None
    outlet: str | None = Field(None, description="the publication that printed it")
    agency: str | None = Field(None, description="agency credited: AFP, Anadolu, Reuters, ...")
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="ISO 639-1 code: fr, en")
    published: str | None = Field(None, description="ISO date, partial allowed: 2025-02-18, 2025-02, 2025, --02-18")
    published_weekday: int | None = Field(None, ge=0, le=6, description="0=Monday .. 6=Sunday")
    published_basis: str | None = Field(None, description="how the date was established, for a person to check")
    note: str | None = Field(None, description="for people: what is unknown and why; checker does not read it")

    @field_validator("file")
    @classmethod
    def _relative_path(cls, value: str) -> str:
        path = PurePosixPath(value)
        if not value or "\\" in value or path.is_absolute() or ".." in path.parts:
            raise ValueError(f"'{value}' must be a path relative to the corpus root, with forward slashes")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and parse_iso_partial(value) is None:
            raise ValueError(f"'{value}' is not an ISO date (2025-02-18, 2025-02, 2025 or --02-18)")
        return value

    @model_validator(mode="after")
    def _weekday_agrees(self) -> ManifestEntry:
        actual = weekday_of(self.published)
        if actual is not None and self.published_weekday is not None and actual != self.published_weekday:
            raise ValueError(
                f"published {self.published} is weekday {actual} but published_weekday says {self.published_weekday}"
            )
        return self


class CorpusManifest(BaseModel):
    """The whole manifest file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    articles: tuple[ManifestEntry, ...]

    @model_validator(mode="after")
    def _one_entry_per_file(self) -> CorpusManifest:
        seen: set[str] = set()
        for entry in self.articles:
            if entry.file in seen:
                raise ValueError(f"'{entry.file}' has two entries")
            seen.add(entry.file)
        return self


def _describe(error: ValidationError) -> str:
    """Pydantic's errors as one line: « articles.0.outlte: Extra inputs are not permitted »."""
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    more = len(error.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def load_manifest(path: Path, root: Path, is_article: Callable[[Path], bool] | None = None) -> dict[str, ManifestEntry]:
    """Read and check a manifest; entries keyed by file path relative to ``root``.

    ``is_article(path) -> bool`` tells whether the corpus would read a file, so that an entry
    for a hidden or unsupported file is refused. Raises InputError naming the manifest and the
    problem: unreadable, bad JSON, wrong shape, unknown field, or an entry naming a missing file.
    """
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"manifest not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest {path} cannot be read: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"manifest {path} is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    try:
        manifest = CorpusManifest.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"manifest {path} is malformed: {_describe(exc)}") from None
    for entry in manifest.articles:
        target = root / entry.file
        if not target.is_file():
            raise InputError(f"manifest {path} names a file that does not exist: {entry.file}")
        if is_article is not None and not is_article(target):
            raise InputError(f"manifest {path} names a file the corpus does not read as an article: {entry.file}")
    return {entry.file: entry for entry in manifest.articles}
