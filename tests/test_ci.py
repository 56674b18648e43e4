"""CI mode's helpers: the --fail-on policy, baseline files, which files a git change adds, which paths
are articles and how a new article is named. No model is loaded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.ci import (
    FAIL_ON,
    article_id,
    changed_since,
    collect_files,
    read_baseline,
    render_baseline,
    should_fail,
)
from checker.errors import ConfigError, InputError
from checker.models import ClaimRef, Finding

TEXT = "Le sommet de Lyon a réuni 40 pays mardi 3 mars."


def finding(verdict: str, confidence: float, fid: str = "f1") -> Finding:
    refs = tuple(ClaimRef(article=a, text=TEXT, start=0, end=len(TEXT), claim_id=a) for a in ("a.txt", "b.txt"))
    return Finding(
        id=fid,
        verdict=verdict,
        kind="number" if verdict == "contradiction" else None,  # type: ignore[arg-type]
        confidence=confidence,
        explanation="40 pays vs 55 pays",
        claims=refs,
    )


# ---------------------------------------------------------------- --fail-on
@pytest.mark.parametrize(
    "fail_on, expected",
    [
        ("contradiction", True),
        ("attribution_conflict", False),
        ("any-conflict", True),
        ("none", False),
    ],
)
def test_ci_should_fail_by_verdict(fail_on, expected):
    assert should_fail([finding("agreement", 0.9, "a"), finding("contradiction", 0.8)], fail_on, 0.5) is expected


def test_ci_should_fail_only_at_or_above_the_confidence():
    assert should_fail([finding("contradiction", 0.5)], "any-conflict", 0.5)
    assert not should_fail([finding("contradiction", 0.49)], "any-conflict", 0.5)
    assert not should_fail([], "any-conflict", 0.0)


def test_ci_fail_on_choices_and_unknown_one():
    assert FAIL_ON == ("contradiction", "attribution_conflict", "any-conflict", "none")
    with pytest.raises(ConfigError, match="fail_on must be one of"):
        should_fail([], "everything", 0.5)


# ---------------------------------------------------------------- baselines
def test_ci_baseline_written_is_read_back(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(
        render_baseline([finding("contradiction", 0.8, "x1"), finding("agreement", 0.9, "x2")]), encoding="utf-8"
    )
    assert read_baseline(path) == {"x1", "x2"}
    assert json.loads(path.read_text(encoding="utf-8"))["accepted"][0] == {
        "id": "x1",
        "verdict": "contradiction",
        "explanation": "40 pays vs 55 pays",
    }


def test_ci_baseline_accepts_bare_ids_and_a_findings_report(tmp_path):
    (tmp_path / "ids.json").write_text(json.dumps({"accepted": ["a", {"id": "b"}, 3, {"no": "id"}]}), encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"findings": [{"id": "c"}]}), encoding="utf-8")
    assert read_baseline(tmp_path / "ids.json") == {"a", "b"}
    assert read_baseline(tmp_path / "report.json") == {"c"}


def test_ci_missing_baseline_silences_nothing(tmp_path):
    assert read_baseline(tmp_path / "none.json") == set() and read_baseline(None) == set()


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not JSON"),
        ('{"accepted": "x"}', 'needs an "accepted" list'),
        ("[1, 2]", 'needs an "accepted" list'),
    ],
)
def test_ci_bad_baseline_is_an_input_error(tmp_path, content, message):
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_baseline(tmp_path / "b.json")


# ---------------------------------------------------------------- which files
def test_ci_collect_files_walks_folders_names_links_and_refuses_missing(tmp_path):
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "new" / "notes.bin").write_bytes(b"\x00")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    files, problems = collect_files(
        [tmp_path / "new", tmp_path / "b.txt", tmp_path / "b.txt", tmp_path / "link.txt"], follow_links=False
    )
    assert files == [tmp_path / "new" / "a.txt", tmp_path / "b.txt"]
    assert [Path(p.path).name for p in problems] == ["link.txt"] and "symbolic link" in problems[0].reason
    with pytest.raises(InputError, match="article not found"):
        collect_files([tmp_path / "gone.txt"], follow_links=False)


def test_ci_article_id_relative_to_the_corpus_else_the_file_name(tmp_path):
    assert article_id(tmp_path / "corpus" / "sub" / "a.txt", tmp_path / "corpus") == "sub/a.txt"
    assert article_id(tmp_path / "elsewhere" / "b.txt", tmp_path / "corpus") == "b.txt"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }.items():
        monkeypatch.setenv(key, value)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "gone.txt"):
        (corpus / name).write_text(TEXT, encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "corpus"], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-qm", "base"], cwd=tmp_path, check=True)
    return corpus


def test_ci_changed_since_lists_added_changed_and_untracked_articles(repo):
    (repo / "a.txt").write_text(TEXT + " Modifié.", encoding="utf-8")  # changed, not committed
    (repo / "c.md").write_text(TEXT, encoding="utf-8")  # untracked
    (repo / "manifest.json").write_text("{}", encoding="utf-8")  # not an article
    (repo / "notes.bin").write_bytes(b"x")  # not an article format
    os.remove(repo / "gone.txt")  # a deletion checks nothing
    assert [p.name for p in changed_since("HEAD", repo)] == ["a.txt", "c.md"]


def test_ci_changed_since_unknown_ref_is_an_input_error(repo):
    with pytest.raises(InputError, match="--since nope"):
        changed_since("nope", repo)
