"""Where `-o FILE` and `--write-baseline FILE` write: atomically over a regular file or none, into
anything else (a FIFO, /dev/full), through links; a folder, a missing folder or a full device is one
error line with exit 3, and nothing but the output path is touched.

The comparison is beside the point: `compare_corpus` and `check_articles` are replaced by canned results.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.models import ClaimRef, Finding, Report

TEXT = "Le sommet de Lyon a réuni 40 pays mardi 3 mars."


def conflict(confidence: float) -> Finding:
    refs = tuple(ClaimRef(article=a, text=TEXT, start=0, end=len(TEXT), claim_id=a) for a in ("a.txt", "b.txt"))
    return Finding(
        id=f"f{confidence}",
        verdict="contradiction",
        kind="number",
        confidence=confidence,
        explanation="40 pays vs 55 pays",
        claims=refs,
    )


def report(*findings: Finding) -> Report:
    return Report(corpus="corpus", articles=2, claims=2, model="fake", findings=findings)


@pytest.fixture
def canned(tmp_path, monkeypatch, cli_env):
    """A working directory where `compare` and `check` return a report with one conflict at 0.9."""
    import checker.pipeline as pipeline

    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    state = {"report": report(conflict(0.9))}
    monkeypatch.setattr(pipeline, "compare_corpus", lambda *a, **k: state["report"])
    monkeypatch.setattr(
        pipeline, "check_articles", lambda *a, **k: pipeline.CheckResult(state["report"], ["b.txt"], 0, False)
    )
    return state


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="checker")


def one_error(result: Result, contains: str) -> None:
    assert result.exit_code == 3, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and contains in lines[0], lines


def test_cli_output_replaces_a_regular_file_keeping_its_mode(canned, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run("compare", "corpus", "-o", target, "-q").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Discrepancy report")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "report.md"]  # no temporary file left


def test_cli_output_writes_through_a_link(canned, tmp_path):
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    assert run("compare", "corpus", "--format", "json", "-o", "link.json", "-q").exit_code == 0
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["findings"]


def test_cli_output_streams_into_a_fifo_instead_of_replacing_it(canned, tmp_path):
    """-o /dev/null turned /dev/null into a regular file; a FIFO stands in for it here."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("compare", "corpus", "-o", fifo, "-q")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"# Discrepancy report")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_cli_output_to_a_full_device_exits_3(canned, tmp_path):
    (tmp_path / "full").symlink_to("/dev/full")  # through a link: a regression replaces the link, not the device
    result = run("compare", "corpus", "-o", "full", "-q")
    one_error(result, "cannot write full: No space left on device")
    assert "report written" not in result.stderr
    assert (tmp_path / "full").is_symlink()


@pytest.mark.parametrize(
    "target, message",
    [
        ("folder", "cannot write folder: it is a folder"),
        ("missing/report.md", "cannot write missing/report.md: there is no folder missing"),
    ],
)
def test_cli_output_to_a_folder_or_a_missing_folder_exits_3(canned, tmp_path, target, message):
    (tmp_path / "folder").mkdir()
    for command in (["compare", "corpus"], ["check", "new.txt", "--index", "idx"]):
        one_error(run(*command, "-o", target, "-q"), message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "folder"]
    assert list((tmp_path / "folder").iterdir()) == []


def test_cli_output_default_report_folder_is_created(canned, tmp_path):
    assert run("compare", "corpus", "-q").exit_code == 0
    assert (tmp_path / "reports" / "corpus.md").is_file()


# ---------------------------------------------------------------- CI mode exit codes
def test_cli_check_fail_on_counts_only_findings_above_the_confidence_floor(canned):
    canned["report"] = report(conflict(0.21))
    assert run("check", "new.txt", "--index", "idx", "-q").exit_code == 0  # 0.21 < default floor 0.5
    assert run("check", "new.txt", "--index", "idx", "-q", "--fail-confidence", "0.2").exit_code == 1
    canned["report"] = report(conflict(0.9))
    assert run("check", "new.txt", "--index", "idx", "-q").exit_code == 1
    assert run("compare", "corpus", "-q", "--fail-on", "contradiction", "--fail-confidence", "0.95").exit_code == 0


def test_cli_check_write_baseline_accepts_the_findings_and_exits_0(canned, tmp_path):
    result = run("check", "new.txt", "--index", "idx", "--write-baseline", "base.json", "-q")
    assert result.exit_code == 0, result.output
    accepted = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["accepted"]
    assert [a["id"] for a in accepted] == ["f0.9"]
    assert "baseline written to base.json" in result.stderr
