"""Report -> markdown for editors, JSON for machines."""

from checker.report.json_report import render_json
from checker.report.markdown import render_markdown

__all__ = ["render_json", "render_markdown"]
