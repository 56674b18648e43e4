"""Report -> markdown for editors, HTML for editors in a browser, JSON for machines (and JSON -> Report)."""

from checker.report.html import render_html
from checker.report.json_report import read_report, render_json
from checker.report.markdown import render_markdown

__all__ = ["read_report", "render_html", "render_json", "render_markdown"]
