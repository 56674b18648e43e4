"""The HTML report as a browser shows it: headless Chromium loads the page from a file, runs its script
and dumps the DOM, which is read back here (the count of discrepancies, a finding's sentence, what the
filters hide, and that hostile text ran nothing).

Needs a chromium binary (Debian: `apt-get install chromium`; CI installs it in .ci/run); skipped without one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_report_html import SAT_A, Page, grouped_report
from test_report_markdown import hostile_report

from checker.report import render_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="module")
def browser() -> str:
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    pytest.skip(f"no chromium binary on PATH (looked for {', '.join(BROWSERS)}): apt-get install chromium")


def rendered(browser: str, folder: Path, html: str) -> Page:
    """The DOM after Chromium loaded the page and its script ran."""
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage",
        f"--user-data-dir={folder / 'profile'}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0 and "</html>" in done.stdout, done.stderr[-2000:]
    return Page(done.stdout)


def test_report_html_browser_shows_the_count_and_the_sentences(browser, tmp_path):
    dom = rendered(browser, tmp_path, render_html(grouped_report()))
    assert dom.first("#discrepancy-count") == "2"
    assert dom.first("#shown-count") == "2"  # the script ran (the page's policy allowed it) and hid nothing
    assert [a.get("id") for _, a in dom.tags if "hidden" in a] == []  # the filters show
    assert dom.text[".sentence"][1] == SAT_A
    assert dom.text[".value"][1] == "14 March 2026 (“samedi 14 mars”)"


@pytest.mark.parametrize(
    "chosen, shown, visible",
    [
        # a confidence floor of 0.7 leaves out the attribution conflict (0.64), not the agreement (0.80)
        (('step="0.05" value="0"', 'step="0.05" value="0.7"'), "1", [True, False, True]),
        # c_hebdo.txt (article 2) is in the attribution conflict and the agreement, not the date discrepancy
        (('<option value="2">', '<option value="2" selected>'), "1", [False, True, True]),
        (('<option value="agreement">', '<option value="agreement" selected>'), "0", [False, False, True]),
    ],
)
def test_report_html_browser_filters_hide_what_they_leave_out(browser, tmp_path, chosen, shown, visible):
    """The filters start from the values the form holds when the page loads: set here in the page itself."""
    old, new = chosen
    html = render_html(grouped_report())
    assert html.count(old) == 1
    dom = rendered(browser, tmp_path, html.replace(old, new))
    assert dom.first("#shown-count") == shown
    items = [a for _, a in dom.tags if "item" in (a.get("class") or "").split()]
    assert ["hidden" not in a for a in items] == visible
    assert dom.first("#discrepancy-count") == "2"  # the total stays


def test_report_html_browser_runs_nothing_from_the_articles(browser, tmp_path):
    """Scripts and handlers in an article or a file name would mark the page's body: none does, and the
    page's own script still runs."""
    mark = "document.body.setAttribute('data-pwned', '{}')"
    text = (
        f'<script>{mark.format("script")}</script> <img src=x onerror="{mark.format("img")}"> '
        f'<svg onload="{mark.format("svg")}"></svg> "><script>{mark.format("attribute")}</script>'
    )
    name = f'<img src=x onerror="{mark.format("name")}">\n</option><script>{mark.format("option")}</script>.txt'
    dom = rendered(browser, tmp_path, render_html(hostile_report(text, name)))
    (body,) = [a for tag, a in dom.tags if tag == "body"]
    assert "data-pwned" not in body
    assert {tag for tag, _ in dom.tags}.isdisjoint({"img", "svg", "a"})
    assert dom.first(".sentence") == text and dom.first(".article") == name
    assert dom.first("#shown-count") == "1"
