"""`checker check` (CI mode) through click's CliRunner, with the fake encoder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture
def work(tmp_path, monkeypatch, shared, cli_env):
    monkeypatch.chdir(tmp_path)
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
    first = run(
        "check",
        new,
        "--index",
        "indexes/corpus",
        "--format",
        "json",
        "-q",
        "--write-baseline",
        "base.json",
        "--fail-confidence",
        "0",
    )
    assert first.exit_code == 0, first.stderr  # writing the baseline accepts what it holds
    findings = json.loads(first.stdout)["findings"]
    assert findings and all(any(c["article"] == "b_quotidien.txt" for c in f["claims"]) for f in findings)
    accepted = json.loads((tmp / "base.json").read_text(encoding="utf-8"))["accepted"]
    assert {a["id"] for a in accepted} == {f["id"] for f in findings}
    assert run("check", new, "--index", "indexes/corpus", "-q", "--fail-confidence", "0").exit_code == 1
    again = run("check", new, "--index", "indexes/corpus", "--baseline", "base.json", "-q", "--fail-confidence", "0")
    assert again.exit_code == 0 and "silenced by the baseline" in again.stderr
    assert run("check", new, "--index", "indexes/corpus", "--fail-on", "none", "-q").exit_code == 0


def test_cli_check_update_index_adds_the_new_article(work):
    tmp, source = work
    assert run("index", "corpus", "-q").exit_code == 0
    result = run(
        "check",
        str(source / "b_quotidien.txt"),
        "--index",
        "indexes/corpus",
        "--update-index",
        "--fail-on",
        "none",
        "-q",
    )
    assert result.exit_code == 0 and "index updated" in result.stderr
    listed = run("check", str(source / "b_quotidien.txt"), "--index", "indexes/corpus", "--fail-on", "none", "-q")
    assert listed.exit_code == 0
    manifest = json.loads((tmp / "indexes" / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["articles"] == 5


# ---------------------------------------------------------------- --since in ordinary jobs
def git(cwd, *args):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(work):
    """The corpus committed and indexed; a second commit deletes one article."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    tmp, _ = work
    git(tmp, "init", "-q")
    git(tmp, "add", "corpus")
    git(tmp, "commit", "-qm", "base")
    assert run("index", "corpus", "-q").exit_code == 0
    (tmp / "corpus" / "c_hebdo.txt").unlink()
    git(tmp, "commit", "-qam", "delete")
    return tmp


@pytest.mark.parametrize("since", ["HEAD~1", "HEAD"])  # a change that only deletes; a change of nothing
def test_cli_check_since_with_nothing_new_exits_0_with_a_note(repo, since):
    result = run("check", "--corpus", "corpus", "--since", since, "--index", "indexes/corpus", "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    assert "note: no new or changed articles to check" in result.stderr
    assert json.loads(result.stdout)["findings"] == []


def test_cli_check_since_unknown_ref_names_it(repo):
    result = run("check", "--corpus", "corpus", "--since", "nosuchref", "--index", "indexes/corpus", "-q")
    assert result.exit_code == 3
    assert result.stderr.strip() == "error: --since nosuchref: no commit 'nosuchref' in the repository of corpus"


def test_cli_check_without_articles_or_since_exits_3(work):
    assert run("index", "corpus", "-q").exit_code == 0
    result = run("check", "--index", "indexes/corpus", "-q")
    assert result.exit_code == 3 and "give files or folders, or --since REF" in result.stderr
