"""The JSON report: the public contract users' CI jobs read (fields are added, never renamed)."""

from __future__ import annotations

import json

from checker.models import Report


def render_json(report: Report) -> str:
    """The report as indented JSON, with per-verdict counts added under "summary"."""
    data = report.model_dump(mode="json")
    data["summary"] = report.counts()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
