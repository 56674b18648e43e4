"""The JSON report: the public contract users' CI jobs read (fields are added, never renamed), and the
way back from a saved one to the Report it was made from."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from checker.errors import InputError
from checker.models import SCHEMA_VERSION, Report


def render_json(report: Report) -> str:
    """The report as indented JSON, with per-verdict counts added under "summary"."""
    data = report.model_dump(mode="json")
    data["summary"] = report.counts()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_report(path: str | Path) -> Report:
    """The Report a saved JSON report (``checker compare --format json``, ``render_json``) was made from,
    read as it is: nothing is recomputed.

    Raises InputError: a missing, unreadable or non-UTF-8 file, a folder, text that is not JSON, or
    JSON that is not a checker report.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"report not found: {path}") from None
    except IsADirectoryError:
        raise InputError(
            f"{path} is a folder, not a JSON report (written by `checker compare --format json`)"
        ) from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text, not a JSON report") from None
    except OSError as exc:
        raise InputError(f"cannot read report {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not JSON: {exc}") from None
    if isinstance(data, dict):
        data.pop("summary", None)  # render_json's counts, made again from the findings
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path} is not a checker JSON report: {_first_problem(exc, data)}") from None


def _first_problem(exc: ValidationError, data: object) -> str:
    """pydantic's first complaint on one line: « findings.0.verdict: Input should be 'agreement', ... »,
    with the schema when the file names another one (a report from a newer checker)."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "the top level"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    version = data.get("schema_version") if isinstance(data, dict) else None
    schema = (
        f"; it says schema {version}, this checker reads {SCHEMA_VERSION}"
        if version not in (None, SCHEMA_VERSION)
        else ""
    )
    return " ".join(f"{where}: {error['msg']}{more}{schema}".split())  # a key may hold a newline: one line
