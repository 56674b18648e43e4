"""CI mode (``checker check``): which articles are new, which findings are already accepted, and
whether the run fails.

- :func:`changed_since` lists the article files a git change adds or modifies;
- :func:`collect_files` turns the paths given on the command line into article files, naming the
  ones left out; :func:`article_id` names a new article as the index names the corpus's;
- a baseline is a JSON file of accepted finding ids (:func:`read_baseline`, :func:`render_baseline`);
- :func:`should_fail` is the ``--fail-on`` policy (exit 1 when it holds).

Sits above the stages (it lists files with :mod:`checker.ingest`, imported when a file is listed: the
CLI imports this module for ``FAIL_ON``) and below :mod:`checker.pipeline`.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, get_args

from checker.errors import ConfigError, InputError
from checker.models import Finding, ReadProblem

FailOn = Literal["contradiction", "attribution_conflict", "any-conflict", "none"]
FAIL_ON: tuple[str, ...] = get_args(FailOn)
"""The ``--fail-on`` choices: a verdict, both conflict verdicts, or nothing."""

_FAILING = {
    "contradiction": {"contradiction"},
    "attribution_conflict": {"attribution_conflict"},
    "any-conflict": {"contradiction", "attribution_conflict"},
    "none": set(),
}


def should_fail(findings: Iterable[Finding], fail_on: str, min_confidence: float) -> bool:
    """Whether a finding of the ``fail_on`` verdicts has a confidence of at least ``min_confidence``.

    Raises ConfigError for a ``fail_on`` that is not one of :data:`FAIL_ON`.
    """
    if fail_on not in _FAILING:
        raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    wanted = _FAILING[fail_on]
    return any(f.verdict in wanted and f.confidence >= min_confidence for f in findings)


def changed_since(ref: str, root: Path) -> list[Path]:
    """Article files added or changed since a git commit (committed or not), plus untracked ones.

    Links are listed too (``check_articles`` names them rather than reading them). Raises InputError
    when git is missing, the folder is not in a repository or REF is unknown.
    """
    from checker.ingest import SUPPORTED_SUFFIXES

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        except FileNotFoundError as exc:
            raise InputError("--since needs git, which is not installed") from exc
        if done.returncode != 0:
            said = done.stderr.strip().splitlines()[-1].removeprefix("fatal: ") if done.stderr.strip() else ""
            raise InputError(f"--since {ref}: {said or f'no commit {ref!r} in the repository of {root}'}")
        return [line for line in done.stdout.splitlines() if line.strip()]

    git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    # both listings are relative to ``root`` (git runs there, names limited to it by "." )
    names = git("diff", "--name-only", "--relative", "--diff-filter=AMR", ref, "--", ".")
    names += git("ls-files", "--others", "--exclude-standard", "--", ".")
    files = [root / name for name in dict.fromkeys(names)]
    return sorted(
        p
        for p in files
        if (p.is_file() or p.is_symlink()) and p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "manifest.json"
    )


def collect_files(paths: Sequence[Path], follow_links: bool) -> tuple[list[Path], list[ReadProblem]]:
    """The article files among ``paths`` (folders walked), and those left out (links, special files).

    Raises InputError for a path that does not exist.
    """
    from checker.ingest import skip_reason, walk_corpus

    files: list[Path] = []
    problems: list[ReadProblem] = []
    for f in paths:
        if f.is_dir():
            found, skipped = walk_corpus(f, follow_links=follow_links)
            files += found
            problems += [p.model_copy(update={"path": (f / p.path).as_posix()}) for p in skipped]
        elif not f.exists() and not f.is_symlink():
            raise InputError(f"article not found: {f}")
        elif reason := skip_reason(f, follow_links):
            problems.append(ReadProblem(path=f.as_posix(), reason=reason))
        else:
            files.append(f)
    return list(dict.fromkeys(files)), problems


def article_id(path: Path, root: Path) -> str:
    """A new article's id: its path relative to the corpus root when inside it (as the index names the
    corpus's articles), else its file name. Lexical: a followed link keeps the name it has in the corpus."""
    absolute, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return absolute.relative_to(base).as_posix() if base in absolute.parents else absolute.name


def read_baseline(path: str | Path | None) -> set[str]:
    """Finding ids accepted in a baseline file: {"accepted": [id or {"id"}...]} or a findings report.

    A missing file silences nothing (a first run has no baseline). Raises InputError when the file
    is not such JSON.
    """
    if path is None or not Path(path).exists():
        return set()  # no baseline yet: nothing is silenced (the CLI says so)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"baseline {path} is not JSON: {exc}") from exc
    items = data.get("accepted", data.get("findings")) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(f'baseline {path} needs an "accepted" list of finding ids (or a findings report)')
    ids = {item if isinstance(item, str) else item.get("id") for item in items if isinstance(item, (str, dict))}
    return {i for i in ids if isinstance(i, str)}


def render_baseline(findings: Iterable[Finding]) -> str:
    """A baseline accepting ``findings``, as :func:`read_baseline` reads it (with each verdict and
    explanation, for the person who reviews it)."""
    accepted = {"accepted": [{"id": f.id, "verdict": f.verdict, "explanation": f.explanation} for f in findings]}
    return json.dumps(accepted, ensure_ascii=False, indent=2) + "\n"
