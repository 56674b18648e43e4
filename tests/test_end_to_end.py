"""End to end with the real models: the commands a user runs, scored by the shared tools against
the gold files (../shared). Slow (one e5-small load); deselect with -m 'not slow'."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh working directory (indexes/ lands here) with no CHECKER_* setting from the shell."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("CHECKER_"):
            monkeypatch.delenv(key)
    return tmp_path


def tool(shared: Path, name: str) -> Path:
    path = shared / "tools" / name
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path


def run_and_score(args: list[str], script: Path, gold: Path, out: Path) -> tuple[str, str]:
    """Run one checker command in-process, save its stdout to OUT and score it: (stdout, what the tool printed)."""
    result = CliRunner().invoke(main, [*args, "--format", "json", "-q"], prog_name="checker")
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(gold), str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return result.stdout, done.stdout


def test_end_to_end_compare_ia_summit_scores_against_gold(workdir, shared):
    corpus = shared / "dev-cases" / "ia-summit" / "corpus"
    gold = shared / "dev-cases" / "ia-summit" / "gold.json"
    script = tool(shared, "score_findings.py")
    findings, printed = run_and_score(["compare", str(corpus)], script, gold, workdir / "findings.json")
    f1 = float(re.search(r"\bF1 ([0-9.]+)", printed).group(1))
    forbidden = int(re.search(r"forbidden flagged (\d+)", printed).group(1))
    # A regression guard at the shipped judge's level (F1 0.77, one forbidden finding: the June start-up
    # event at the same venue read as a date conflict), not a quality bar: the rules engine scored 1.00
    # here because its rules were written on this case (README, "Findings on blind cases").
    assert f1 >= 0.7, printed
    assert forbidden <= 1, printed
    assert '"model": "e5-small"' in findings


def test_end_to_end_claims_score_against_the_seed_gold(workdir, shared):
    gold = shared / "dev-cases" / "seed-claims.json"
    script = tool(shared, "score_claims.py")
    _, printed = run_and_score(["claims", str(ROOT / "corpus")], script, gold, workdir / "claims.json")
    value = float(re.search(r"\bscore ([0-9.]+)", printed).group(1))
    assert value >= 0.95, printed


def test_end_to_end_same_quote_in_two_languages_is_an_attribution_conflict(workdir):
    corpus = workdir / "c"
    corpus.mkdir()
    (corpus / "fr.txt").write_text(
        "« Nous avons besoin de règles communes », a déclaré Emmanuel Macron en clôture des travaux.\n",
        encoding="utf-8",
    )
    (corpus / "en.txt").write_text(
        '"We need common rules," said US Vice President JD Vance on Tuesday.\n', encoding="utf-8"
    )
    (corpus / "en2.txt").write_text(
        '"We need common rules," said French President Emmanuel Macron at the close.\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["compare", str(corpus), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    import json

    findings = json.loads(result.stdout)["findings"]
    conflicts = [f for f in findings if f["verdict"] == "attribution_conflict"]
    assert conflicts and all({c["article"] for c in f["claims"]} & {"en.txt"} for f in conflicts)
    assert {"fr.txt", "en.txt"} in [{c["article"] for c in f["claims"]} for f in conflicts]
    # Macron quoted in both languages is no conflict
    assert not any({c["article"] for c in f["claims"]} == {"fr.txt", "en2.txt"} for f in conflicts)


def test_end_to_end_compare_is_byte_identical_under_any_hash_seed(tmp_path):
    """Same input, same bytes: set order must never reach the report (regenerated reports show no diff)."""
    import shutil

    outputs = []
    for seed in ("1", "2"):
        work = tmp_path / f"seed{seed}"
        shutil.copytree(ROOT / "corpus", work / "corpus")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_")} | {"PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "checker.cli", "compare", "corpus", "--encoder", "fake", "-q"]
        as_json = subprocess.run([*command, "--format", "json"], cwd=work, env=env, capture_output=True, timeout=600)
        as_md = subprocess.run([*command, "-o", "report.md"], cwd=work, env=env, capture_output=True, timeout=600)
        assert as_json.returncode == 0 and as_md.returncode == 0, (as_json.stderr, as_md.stderr)
        outputs.append((as_json.stdout, (work / "report.md").read_bytes()))
    assert outputs[0] == outputs[1]
