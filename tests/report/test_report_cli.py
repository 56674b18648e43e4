"""`checker report` (a saved JSON report rendered again, nothing recomputed) and `--format html` of
`compare` and `check`, through click's CliRunner: what is written, exit codes, one error line for bad input.

The comparison is beside the point: `compare_corpus` and `check_articles` are replaced by a canned
report, and `checker report` reads tests/fixtures/report/grouped.json, the JSON of `grouped_report()`
as `checker compare --format json` writes it (an input: never regenerated, so that it also shows
that a report saved today still reads tomorrow).

The markdown golden file changes only on purpose: CHECKER_REGENERATE_GOLDEN=1 pytest tests/report
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_report_html import grouped_report
from test_report_markdown import assert_golden

from checker.cli import main
from checker.report import read_report, render_html, render_markdown

TESTS = Path(__file__).resolve().parents[1]
FIXTURE = TESTS / "fixtures" / "report" / "grouped.json"
GOLDEN = TESTS / "golden" / "report_grouped.md"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="checker")


def one_error(result: Result, contains: str) -> None:
    """Exit 3, nothing on stdout, one line on stderr, no traceback."""
    assert result.exit_code == 3, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and contains in lines[0], lines
    assert "Traceback" not in result.output


@pytest.fixture
def workdir(tmp_path, monkeypatch, cli_env) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def canned(workdir, monkeypatch):
    """`compare` and `check` return the grouped report."""
    import checker.pipeline as pipeline

    (workdir / "corpus").mkdir()
    monkeypatch.setattr(pipeline, "compare_corpus", lambda *a, **k: grouped_report())
    monkeypatch.setattr(
        pipeline, "check_articles", lambda *a, **k: pipeline.CheckResult(grouped_report(), ["b.txt"], 0, False)
    )
    return workdir


# ---------------------------------------------------------------- round trip
def test_report_cli_saved_json_reads_back_as_the_same_report():
    assert read_report(FIXTURE) == grouped_report()  # its "summary" is accepted and made again from the findings


def test_report_cli_markdown_from_json_matches_render_markdown_and_the_golden_file(workdir):
    result = run("report", FIXTURE)
    assert result.exit_code == 0, result.output
    assert result.stdout == render_markdown(grouped_report())
    assert_golden(GOLDEN, result.stdout)


def test_report_cli_html_to_a_file_says_where(workdir):
    result = run("report", FIXTURE, "--format", "html", "-o", "page.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "report written to page.html\n"
    assert (workdir / "page.html").read_text(encoding="utf-8") == render_html(grouped_report())


def test_report_cli_renders_what_compare_wrote(canned):
    """compare --format json, then report: the same pages compare writes itself."""
    assert run("compare", "corpus", "--format", "json", "-o", "findings.json", "-q").exit_code == 0
    for fmt in ("md", "html"):
        written = run("compare", "corpus", "--format", fmt, "-q")
        assert written.exit_code == 0, written.output
        assert f"report written to reports/corpus.{fmt}" in written.stderr
        again = run("report", "findings.json", "--format", fmt)
        assert again.exit_code == 0, again.output
        assert again.stdout == (canned / "reports" / f"corpus.{fmt}").read_text(encoding="utf-8")


def test_report_cli_lang_chooses_the_report_language(canned):
    """--lang on `report`, `compare` and `check`; without it, the language the report records (none here:
    English)."""
    french = run("report", FIXTURE, "--lang", "fr")
    assert french.exit_code == 0, french.output
    assert french.stdout == render_markdown(grouped_report(), "fr")
    assert french.stdout.startswith("# Rapport de divergences : corpus/vote\n")
    assert run("report", FIXTURE).stdout.startswith("# Discrepancy report: corpus/vote\n")
    written = run("compare", "corpus", "--format", "html", "--lang", "fr", "-q")
    assert written.exit_code == 0, written.output
    assert (canned / "reports" / "corpus.html").read_text(encoding="utf-8") == render_html(grouped_report(), "fr")
    checked = run("check", "b.txt", "--index", "idx", "--lang", "fr", "-q", "--fail-on", "none")
    assert checked.exit_code == 0 and checked.stdout == render_markdown(grouped_report(), "fr")
    json_out = run("compare", "corpus", "--format", "json", "--lang", "fr", "-q")
    assert json.loads(json_out.stdout)["findings"][0]["explanation"].startswith("Same vote")  # JSON: as it is


def test_report_cli_lang_outside_fr_and_en_is_a_usage_error(workdir):
    result = run("report", FIXTURE, "--lang", "de")
    assert result.exit_code == 2 and "Invalid value for '--lang'" in result.stderr


def test_report_cli_check_prints_html(canned):
    result = run("check", "b.txt", "--index", "idx", "--format", "html", "-q", "--fail-on", "none")
    assert result.exit_code == 0, result.output
    assert result.stdout == render_html(grouped_report())


def test_report_cli_loads_no_model_and_compares_nothing():
    """Rendering a saved report imports neither a model library nor the stages that would need one."""
    code = (
        "import json, sys; from click.testing import CliRunner; from checker.cli import main; "
        f"result = CliRunner().invoke(main, ['report', {str(FIXTURE)!r}, '--format', 'html']); "
        "assert result.exit_code == 0, result.output; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'torch', 'spacy', 'sentence_transformers', 'transformers', 'faiss'} "
        "or m.startswith(('checker.pipeline', 'checker.compare', 'checker.extract', 'checker.index')))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


# ---------------------------------------------------------------- bad input: one line, exit 3
@pytest.mark.parametrize(
    "content, message",
    [
        (None, "report not found: findings.json"),
        ("folder", "findings.json is a folder, not a JSON report"),
        (b"", "findings.json is not JSON: Expecting value: line 1 column 1"),
        (b"# Discrepancy report", "findings.json is not JSON"),
        (b"\xff\xfe\x00binary", "findings.json is not UTF-8 text"),
        (b"[]", "findings.json is not a checker JSON report: the top level: Input should be a valid dictionary"),
        (b'{"corpus": "c"}', "is not a checker JSON report: articles: Field required (and 3 more)"),
        (b'{"pairs": []}', "is not a checker JSON report: corpus: Field required"),
    ],
)
def test_report_cli_bad_input_is_one_error_line(workdir, content, message):
    target = workdir / "findings.json"
    if content == "folder":
        target.mkdir()
    elif content is not None:
        target.write_bytes(content)
    one_error(run("report", "findings.json"), message)


def test_report_cli_a_finding_of_the_wrong_shape_is_named(workdir):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["findings"][1]["verdict"] = "maybe"
    data["findings"][2]["claims"] = data["findings"][2]["claims"][:1]
    (workdir / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    one_error(run("report", "bad.json", "--format", "html"), "findings.1.verdict: Input should be ")
    assert not (workdir / "reports").exists()


def test_report_cli_a_newer_schema_is_named(workdir):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["schema_version"] = "9.0"
    data["findings"][0]["severity\nhigh"] = 3  # a field this checker does not know; its name on one line
    (workdir / "new.json").write_text(json.dumps(data), encoding="utf-8")
    one_error(
        run("report", "new.json"),
        "findings.0.severity high: Extra inputs are not permitted; it says schema 9.0, this checker reads 1.2",
    )


def test_report_cli_output_to_a_missing_folder_is_one_error_line(workdir):
    one_error(run("report", FIXTURE, "-o", "missing/page.html"), "cannot write missing/page.html: there is no folder")
