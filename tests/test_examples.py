"""The examples users copy (examples/) run as written: the GitHub Actions steps and the pre-commit hook,
on a throwaway git repository, with the fake encoder (the model is beside the point here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

# each example runs several `checker` processes, each loading spaCy and the pair judge (minutes in all)
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _env() -> dict[str, str]:
    env = dict(
        os.environ,
        CHECKER_ENCODER="fake",
        CHECKER_JUDGE="fake",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return env


def _run(cmd: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=_env(), capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{cmd!r} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


@pytest.fixture
def repo(tmp_path, shared):
    """A clone whose origin/main has four ia-summit articles; the working tree adds the fifth."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = shared / "dev-cases" / "ia-summit" / "corpus"
    origin = tmp_path / "origin"
    (origin / "corpus").mkdir(parents=True)
    for name in ("a_agence.txt", "c_hebdo.txt", "d_regional.txt", "e_english.txt"):
        shutil.copy(source / name, origin / "corpus" / name)
    _run("git init -q -b main && git add corpus && git commit -qm base", origin)
    _run(f"git clone -q {origin} work", tmp_path)
    work = tmp_path / "work"
    shutil.copy(source / "b_quotidien.txt", work / "corpus" / "b_quotidien.txt")
    _run("git checkout -q -b pr && git add corpus && git commit -qm 'new article'", work)
    return work, source


def _workflow_commands() -> list[str]:
    """The `checker …` commands of the workflow's steps, with GitHub's expressions filled in."""
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text(encoding="utf-8"))
    commands = []
    for step in workflow["jobs"]["check"]["steps"]:
        run = step.get("run", "")
        if "checker " not in run or "pip install" in run:
            continue
        run = run.replace("${{ github.base_ref }}", "main").replace("${{ github.sha }}", "HEAD")
        commands.append(run.replace("git stash --include-untracked || true\n", ""))
    return commands


def test_examples_github_workflow_fails_on_conflict_then_passes_with_baseline(repo):
    work, _ = repo
    commands = _workflow_commands()
    assert len(commands) == 2 and "checker index" in commands[0] and "checker check" in commands[1]
    _run(commands[0], work)
    failed = _run(commands[1], work, check=False)
    assert failed.returncode == 1, failed.stderr
    report = (work / "checker-report.md").read_text(encoding="utf-8")
    assert "b_quotidien.txt" in report and "Contradiction" in report
    # accept today's findings, as a newsroom would after review: the same step now passes
    _run(
        "checker check --corpus corpus --since origin/main --index indexes/corpus "
        "--write-baseline checker-baseline.json --quiet --output /dev/null || true",
        work,
    )
    passed = _run(commands[1], work, check=False)
    assert passed.returncode == 0, passed.stderr
    assert "silenced by the baseline" in passed.stderr


def test_examples_pre_commit_hook_blocks_a_contradicting_article(repo, tmp_path):
    work, source = repo
    _run("git reset -q --soft HEAD~1", work)  # the new article is staged, not yet committed
    # the index holds the committed corpus, without the staged article
    _run("git stash -q && checker index corpus --index indexes/corpus --quiet && git stash pop -q", work)
    hook = EXAMPLES / "pre-commit-hook.sh"
    blocked = _run(f"bash {hook}", work, check=False)
    assert blocked.returncode == 1, blocked.stderr
    assert re.search(r"\d+ contradictions", blocked.stderr)
    nothing_new = _run(f"git stash -q && bash {hook}; code=$?; git stash pop -q; exit $code", work, check=False)
    assert nothing_new.returncode == 0, nothing_new.stderr
