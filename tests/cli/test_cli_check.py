"""`checker check` (CI mode) through click's CliRunner, with the fake encoder."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture
def work(tmp_path, monkeypatch, shared):
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("CHECKER_"):
            monkeypatch.delenv(key)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = shared / "dev-cases" / "ia-summit" / "corpus"
    for name in ("a_agence.txt", "c_hebdo.txt", "d_regional.txt", "e_english.txt"):
        shutil.copy(source / name, corpus / name)
    return tmp_path, source


def run(*args):
    return CliRunner().invoke(main, [*args, "--encoder", "fake"], prog_name="checker")


def test_cli_check_fails_fast_on_a_missing_index(work):
    tmp, source = work
    result = run("check", str(source / "b_quotidien.txt"), "--index", "indexes/none")
    assert result.exit_code == 3
    assert "no index at indexes/none" in result.stderr
    assert "embedding" not in result.stderr and "Traceback" not in result.stderr


def test_cli_check_reports_new_conflicts_then_baseline_silences_them(work):
    tmp, source = work
    assert run("index", "corpus", "-q").exit_code == 0
    new = str(source / "b_quotidien.txt")
    first = run("check", new, "--index", "indexes/corpus", "--format", "json", "-q", "--write-baseline", "base.json")
    assert first.exit_code == 1, first.stderr
    findings = json.loads(first.stdout)["findings"]
    assert findings and all(any(c["article"] == "b_quotidien.txt" for c in f["claims"]) for f in findings)
    accepted = json.loads((tmp / "base.json").read_text(encoding="utf-8"))["accepted"]
    assert {a["id"] for a in accepted} == {f["id"] for f in findings}
    again = run("check", new, "--index", "indexes/corpus", "--baseline", "base.json", "-q")
    assert again.exit_code == 0 and "silenced by the baseline" in again.stderr
    assert run("check", new, "--index", "indexes/corpus", "--fail-on", "none", "-q").exit_code == 0


def test_cli_check_update_index_adds_the_new_article(work):
    tmp, source = work
    assert run("index", "corpus", "-q").exit_code == 0
    result = run("check", str(source / "b_quotidien.txt"), "--index", "indexes/corpus", "--update-index",
                 "--fail-on", "none", "-q")
    assert result.exit_code == 0 and "index updated" in result.stderr
    listed = run("check", str(source / "b_quotidien.txt"), "--index", "indexes/corpus", "--fail-on", "none", "-q")
    assert listed.exit_code == 0
    manifest = json.loads((tmp / "indexes" / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["articles"] == 5
