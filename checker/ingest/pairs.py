"""Sentence pairs: a TSV of premise / hypothesis rows -> texts to judge, each read as an Article."""

from __future__ import annotations

import csv
from pathlib import Path

from checker.errors import InputError
from checker.ingest.metadata import detect_language
from checker.models import Article


def read_pairs(path: str | Path) -> list[dict[str, str]]:
    """Rows ``{"id", "premise", "hypothesis"}`` of a TSV with premise, hypothesis and id (or uid) columns.

    Raises InputError: a missing or unreadable file, a missing column, a blank cell, a NUL byte.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            fields = set(reader.fieldnames or ())
            missing = {"premise", "hypothesis"} - fields
            if missing or not ({"id", "uid"} & fields):
                need = sorted(missing | ({"id"} if not {"id", "uid"} & fields else set()))
                raise InputError(
                    f"{path}: the header needs columns premise, hypothesis and id (or uid); missing: {', '.join(need)}"
                )
            rows = []
            for n, row in enumerate(reader, 2):
                key = row.get("id") or row.get("uid")
                if not key or not (row.get("premise") or "").strip() or not (row.get("hypothesis") or "").strip():
                    raise InputError(f"{path}, line {n}: a row needs id, premise and hypothesis (none blank)")
                if "\x00" in row["premise"] + row["hypothesis"] + key:
                    raise InputError(f"{path}, line {n}: a NUL byte: this is not a text table")
                rows.append({"id": key, "premise": row["premise"], "hypothesis": row["hypothesis"]})
    except FileNotFoundError as exc:
        raise InputError(f"pairs file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a folder, not a pairs file (a TSV with premise, hypothesis and id)") from exc
    except OSError as exc:
        raise InputError(f"cannot read pairs file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable TSV ({exc})") from exc
    return rows


def article_from_text(name: str, text: str) -> Article:
    """A short text (one side of a pair) as an Article: its language detected, nothing else inferred."""
    return Article(id=name, text=text, language=detect_language(text), content_hash=Article.hash_text(text))
