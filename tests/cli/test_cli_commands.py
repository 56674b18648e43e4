"""Every command through click's CliRunner: exit codes (0/1/2/3), the message on stderr, the output
on stdout, and what is (or is not) written under the working directory.

Each test runs in a throwaway working directory so that indexes/ and reports/ land there. The
fake encoder stands in for e5 (the model is beside the point here); spaCy's French pipeline is the
real one, loaded once per session.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner, Result

from checker.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus"

LYON_40 = "Le sommet de Lyon a réuni 40 pays mardi 3 mars.\n"
LYON_55 = "Le sommet de Lyon a réuni 55 pays mardi 3 mars.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

CLAIM_CONTRACT = {"article", "text", "start", "end", "speaker", "source", "dates", "places", "numbers", "polarity"}
FINDING_CONTRACT = {"id", "verdict", "kind", "confidence", "explanation", "event", "claims", "compared"}
REF_CONTRACT = {"article", "text", "start", "end", "claim_id", "speaker", "source"}


def run(*args: object) -> Result:
    """One command line, in-process; stdout and stderr kept apart (click >= 8.2)."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="checker")


@pytest.fixture
def workdir(tmp_path, monkeypatch, cli_env) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def article_text(path: Path) -> str:
    """The article as checker decodes it (newlines untouched, unlike read_text)."""
    return path.read_bytes().decode("utf-8-sig")


def write_lyon(folder: Path) -> Path:
    """Two articles on one summit with a planted figure contradiction (40 vs 55 countries)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(LYON_40, encoding="utf-8")
    (folder / "b.txt").write_text(LYON_55, encoding="utf-8")
    return folder


def assert_one_error_line(result: Result, *, contains: str) -> str:
    """Exit 3, nothing on stdout, exactly one line on stderr (run with -q), no traceback."""
    assert result.exit_code == 3, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: "), lines
    assert contains in lines[0], lines
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, cli_env) -> SimpleNamespace:
    """The sample corpus copied to a fresh working directory, compared once as markdown and once as
    JSON, and its claims listed: several tests read these results."""
    work = tmp_path_factory.mktemp("sample-run")
    shutil.copytree(SAMPLE, work / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        md = run("compare", "corpus", "--encoder", "fake")
        as_json = run("compare", "corpus", "--encoder", "fake", "--format", "json", "-q")
        claims = run("claims", "corpus", "--format", "json", "-q")
    return SimpleNamespace(work=work, md=md, json=as_json, claims=claims)


# ---------------------------------------------------------------- help and usage
def test_cli_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0, result.output
    for command in ("compare", "claims", "compare-pairs", "index"):
        assert command in result.stdout
    assert "Usage:" in result.stdout


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (
            "compare",
            [
                "--format",
                "--output",
                "--index",
                "--min-confidence",
                "--fail-on",
                "--fail-confidence",
                "--lock-timeout",
                "--thresholds",
                "--encoder",
                "--quiet",
                "--debug",
            ],
        ),
        ("claims", ["--format", "--encoder", "--quiet"]),
        ("compare-pairs", ["--format", "--encoder", "premise", "hypothesis"]),
        ("index", ["--index", "--rebuild", "--lock-timeout", "--encoder"]),
        ("check", ["--since", "--fail-on", "--fail-confidence", "--write-baseline", "--lock-timeout", "--thresholds"]),
    ],
)
def test_cli_command_help_mentions_its_options(command, options):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    for option in options:
        assert option in result.stdout, (command, option)


def test_cli_version_exits_0():
    result = run("--version")
    assert result.exit_code == 0
    assert "checker, version" in result.stdout


def test_cli_unknown_option_is_a_usage_error(workdir):
    write_lyon(workdir / "tiny")
    result = run("compare", "tiny", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "--bogus" in result.stderr
    assert not (workdir / "reports").exists()


def test_cli_bad_option_value_is_a_usage_error(workdir):
    write_lyon(workdir / "tiny")
    bad = (["--min-confidence", "2"], ["--encoder", "word2vec"], ["--fail-on", "everything"], ["--format", "pdf"])
    for args in bad:
        result = run("compare", "tiny", *args)
        assert result.exit_code == 2, args
        assert "Invalid value" in result.stderr, args


def test_cli_missing_argument_is_a_usage_error():
    result = run("compare")
    assert result.exit_code == 2
    assert "Missing argument 'CORPUS'" in result.stderr


# ---------------------------------------------------------------- compare
def test_cli_compare_writes_the_markdown_report_and_says_where(sample):
    result = sample.md
    assert result.exit_code == 0, result.output
    report = sample.work / "reports" / "corpus.md"
    assert report.is_file()
    assert "report written to reports/corpus.md" in result.stderr
    assert result.stdout == ""  # the report goes to the file, progress and summary to stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Rapport de divergences : corpus")  # a French corpus: a French report
    assert "| verdict | divergences | paires d'affirmations |" in text
    assert (sample.work / "indexes" / "corpus").is_dir()
    assert not list((sample.work / "reports").glob(".*tmp*"))  # no temporary file left beside it


def test_cli_compare_json_follows_the_contract(sample):
    result = sample.json
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # -q: nothing but the JSON, which goes to stdout
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.2"
    assert data["articles"] == 5 and data["claims"] > 0 and data["model"] == "fake"
    assert data["problems"] == []
    assert set(data["summary"]) == {"agreement", "contradiction", "attribution_conflict"}
    assert isinstance(data["findings"], list) and data["findings"]
    assert sum(data["summary"].values()) == len(data["findings"])
    texts = {p.name: article_text(p) for p in (sample.work / "corpus").glob("*.txt")}
    for finding in data["findings"]:
        assert FINDING_CONTRACT <= set(finding)
        assert finding["verdict"] in {"agreement", "contradiction", "attribution_conflict"}
        assert finding["kind"] in {None, "date", "place", "number", "order", "polarity", "other", "speaker", "source"}
        assert 0 <= finding["confidence"] <= 1
        assert finding["explanation"]
        assert len(finding["claims"]) == 2
        for ref in finding["claims"]:
            assert REF_CONTRACT <= set(ref)
            assert texts[ref["article"]][ref["start"] : ref["end"]] == ref["text"]
        assert finding["claims"][0]["article"] != finding["claims"][1]["article"]


def test_cli_compare_json_agrees_with_the_markdown_run(sample):
    data = json.loads(sample.json.stdout)
    report = (sample.work / "reports" / "corpus.md").read_text(encoding="utf-8")
    summary, findings = data["summary"], data["findings"]
    discrepancies = len({f["group"] or f["id"] for f in findings if f["verdict"] == "contradiction"})
    assert f"| accord | — | {summary['agreement']} |" in report  # the sample corpus is French
    assert f"| contradiction | {discrepancies} | {summary['contradiction']} |" in report


def test_cli_compare_json_to_a_file_writes_it_and_says_where(workdir):
    write_lyon(workdir / "tiny")
    (workdir / "out").mkdir()  # a missing folder is an error (exit 3: tests/cli/test_cli_output.py)
    result = run("compare", "tiny", "--encoder", "fake", "--format", "json", "-o", "out/findings.json", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "report written to out/findings.json" in result.stderr
    data = json.loads((workdir / "out" / "findings.json").read_text(encoding="utf-8"))
    assert data["summary"]["contradiction"] == 1


def test_cli_compare_finds_the_planted_figure_contradiction(workdir):
    write_lyon(workdir / "tiny")
    result = run("compare", "tiny", "--encoder", "fake", "--format", "json", "-q")
    assert result.exit_code == 0, result.output  # --fail-on none by default
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["verdict"], finding["kind"]) == ("contradiction", "number")
    assert "40 pays" in finding["explanation"] and "55 pays" in finding["explanation"]
    assert {c["article"] for c in finding["claims"]} == {"a.txt", "b.txt"}
    number = next(c for c in finding["compared"] if c["slot"] == "number")
    assert number["relation"] == "conflict"


def test_cli_compare_fail_on_contradiction_exits_1(workdir):
    write_lyon(workdir / "tiny")
    # the confidence floor is beside the point here (test_cli_output tests it)
    result = run("compare", "tiny", "--encoder", "fake", "--fail-on", "contradiction", "--fail-confidence", "0")
    assert result.exit_code == 1, result.output
    assert "1 contradictions" in result.stderr and "reports/tiny.md" in result.stderr
    assert (workdir / "reports" / "tiny.md").is_file()  # the report is written before the exit code says so
    assert (
        run(
            "compare", "tiny", "--encoder", "fake", "--fail-on", "any-conflict", "--fail-confidence", "0", "-q"
        ).exit_code
        == 1
    )


def test_cli_compare_json_names_its_thresholds(workdir):
    write_lyon(workdir / "tiny")
    for extra, name in (([], "cautious"), (["--thresholds", "wide"], "wide")):
        result = run("compare", "tiny", "--encoder", "fake", "--format", "json", "-q", *extra)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["thresholds"] == name


@pytest.mark.parametrize("command, runner", [("compare", "compare_corpus"), ("check", "check_articles")])
def test_cli_thresholds_reach_the_run_cautious_by_default(workdir, monkeypatch, command, runner):
    import checker

    seen = []

    def stop(_path, settings, **_kw):
        seen.append(settings.thresholds)
        raise checker.InputError("stopped before any work")

    monkeypatch.setattr(checker, runner, stop)
    write_lyon(workdir / "tiny")
    where = ["tiny"] if command == "compare" else ["tiny/a.txt", "--index", "idx"]
    for extra in ([], ["--thresholds", "wide"], ["--thresholds", "cautious"]):
        assert_one_error_line(run(command, *where, "-q", *extra), contains="stopped before any work")
    assert seen == ["cautious", "wide", "cautious"]
    wrong = run(command, *where, "--thresholds", "loose")
    assert wrong.exit_code == 2 and "loose" in wrong.stderr and seen == ["cautious", "wide", "cautious"]


def test_cli_compare_fail_on_none_or_another_verdict_exits_0(workdir):
    write_lyon(workdir / "tiny")
    assert run("compare", "tiny", "--encoder", "fake", "--fail-on", "none", "-q").exit_code == 0
    result = run("compare", "tiny", "--encoder", "fake", "--fail-on", "attribution_conflict", "-q")
    assert result.exit_code == 0, result.output


def test_cli_compare_min_confidence_drops_findings(workdir):
    write_lyon(workdir / "tiny")
    result = run(
        "compare",
        "tiny",
        "--encoder",
        "fake",
        "--format",
        "json",
        "-q",
        "--min-confidence",
        "0.99",
        "--fail-on",
        "contradiction",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_cli_compare_agreeing_corpus_exits_0_under_fail_on(workdir):
    folder = workdir / "same"
    folder.mkdir()
    (folder / "a.txt").write_text(LYON_40, encoding="utf-8")
    (folder / "b.txt").write_text("Mardi 3 mars, le sommet de Lyon a réuni 40 pays.\n", encoding="utf-8")
    result = run("compare", "same", "--encoder", "fake", "--format", "json", "-q", "--fail-on", "any-conflict")
    assert result.exit_code == 0, result.output
    verdicts = [f["verdict"] for f in json.loads(result.stdout)["findings"]]
    assert verdicts == ["agreement"]


def test_cli_compare_names_an_unreadable_file_and_compares_the_rest(workdir):
    folder = write_lyon(workdir / "mixed")
    (folder / "img.txt").write_bytes(PNG)
    result = run("compare", "mixed", "--encoder", "fake", "-q")
    assert result.exit_code == 0, result.output
    report = (workdir / "reports" / "mixed.md").read_text(encoding="utf-8")
    assert "## Fichiers non lus" in report
    assert "- **img.txt** : binary file" in report
    assert "Contradiction (chiffre)" in report  # a.txt and b.txt were still compared
    result = run("compare", "mixed", "--encoder", "fake", "-q", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["path"] for p in data["problems"]] == ["img.txt"]
    assert "binary" in data["problems"][0]["reason"]
    assert data["articles"] == 2


# ---------------------------------------------------------------- bad input: exit 3, one line, nothing written
def test_cli_compare_missing_folder_exits_3(workdir):
    result = run("compare", "nowhere", "--encoder", "fake", "-q")
    assert assert_one_error_line(result, contains="nowhere") == "error: corpus folder not found: nowhere"


def test_cli_compare_file_instead_of_folder_exits_3(workdir):
    write_lyon(workdir / "tiny")
    result = run("compare", "tiny/a.txt", "--encoder", "fake", "-q")
    assert_one_error_line(result, contains="tiny/a.txt is a file, not a corpus folder")


def test_cli_compare_empty_folder_exits_3(workdir):
    (workdir / "empty").mkdir()
    result = run("compare", "empty", "--encoder", "fake", "-q")
    assert_one_error_line(result, contains="no articles found in empty")


def test_cli_compare_folder_of_one_binary_file_exits_3(workdir):
    (workdir / "bin").mkdir()
    (workdir / "bin" / "scan.txt").write_bytes(PNG)
    result = run("compare", "bin", "--encoder", "fake", "-q")
    line = assert_one_error_line(result, contains="no articles found in bin")
    assert "scan.txt: binary file" in line


def test_cli_compare_error_without_quiet_still_has_one_error_line(workdir):
    (workdir / "bin").mkdir()
    (workdir / "bin" / "scan.txt").write_bytes(PNG)
    result = run("compare", "bin", "--encoder", "fake")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{broken", "is not valid JSON: line 1"),
        ('{"articles": [{"file": "a.txt", "outlte": "Le Monde"}]}', "is malformed: articles.0.outlte"),
        ('{"articles": [{"file": "missing.txt"}]}', "names a file that does not exist: missing.txt"),
    ],
    ids=["not-json", "unknown-field", "missing-file"],
)
def test_cli_compare_malformed_manifest_exits_3(workdir, manifest, message):
    folder = write_lyon(workdir / "tiny")
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    result = run("compare", "tiny", "--encoder", "fake", "-q")
    line = assert_one_error_line(result, contains=message)
    assert "manifest" in line


def test_cli_compare_bad_config_exits_3(workdir):
    write_lyon(workdir / "tiny")
    (workdir / "checker.toml").write_text("neighbors = 3\n", encoding="utf-8")
    result = run("compare", "tiny", "--encoder", "fake", "-q")
    assert_one_error_line(result, contains="invalid setting neighbors")


def test_cli_compare_index_of_another_model_exits_3(workdir):
    write_lyon(workdir / "tiny")
    assert run("index", "tiny", "--encoder", "fake", "-q").exit_code == 0
    result = run("compare", "tiny", "--encoder", "use-m3", "-q")
    line = assert_one_error_line(result, contains="built with model fake")
    assert "--rebuild" in line


def test_cli_compare_failing_run_writes_no_report(workdir):
    """Nothing half-written: a run that fails on its input leaves no report behind, not even a
    temporary file, and does not touch an earlier report of the same name."""
    (workdir / "bin").mkdir()
    (workdir / "bin" / "scan.txt").write_bytes(PNG)
    assert run("compare", "bin", "--encoder", "fake", "-q").exit_code == 3
    assert run("compare", "bin", "--encoder", "fake", "-q", "-o", "reports/explicit.md").exit_code == 3
    assert not list(workdir.glob("reports/*.md"))
    assert not list(workdir.glob("reports/.*"))

    folder = write_lyon(workdir / "tiny")
    assert run("compare", "tiny", "--encoder", "fake", "-q").exit_code == 0
    before = (workdir / "reports" / "tiny.md").read_bytes()
    (folder / "manifest.json").write_text("{broken", encoding="utf-8")
    assert run("compare", "tiny", "--encoder", "fake", "-q").exit_code == 3
    assert (workdir / "reports" / "tiny.md").read_bytes() == before
    assert sorted(p.name for p in (workdir / "reports").iterdir()) == ["tiny.md"]


# ---------------------------------------------------------------- claims
def test_cli_claims_on_the_corpus_prints_the_contract_fields(sample):
    result = sample.claims
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["claims"] and data["problems"] == []
    texts = {p.name: article_text(p) for p in (sample.work / "corpus").glob("*.txt")}
    for claim in data["claims"]:
        assert CLAIM_CONTRACT <= set(claim), CLAIM_CONTRACT - set(claim)
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
        assert claim["polarity"] in {"positive", "negative"}
        assert all(isinstance(d, str) for d in claim["dates"])
        assert all(isinstance(p, str) for p in claim["places"])
        for number in claim["numbers"]:
            assert {"value", "unit"} <= set(number)
    assert {c["article"] for c in data["claims"]} == set(texts)
    peskov = [c for c in data["claims"] if c["speaker"] and "Peskov" in c["speaker"]]
    assert peskov, "the sample corpus quotes Peskov throughout"
    assert any(c["source"] == "AFP" for c in data["claims"])
    assert any(
        c["numbers"] and c["numbers"][0]["unit"] == "jour" and c["numbers"][0]["value"] == 30 for c in data["claims"]
    )


def test_cli_claims_on_one_file(workdir):
    write_lyon(workdir / "tiny")
    result = run("claims", "tiny/a.txt", "-q")
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["article"] == "a.txt"
    assert claim["text"] == LYON_40.strip()
    assert (claim["start"], claim["end"]) == (0, len(LYON_40.strip()))
    assert claim["dates"] == ["--03-03"]
    assert claim["places"] == ["Lyon"]
    assert [(n["value"], n["unit"]) for n in claim["numbers"]] == [(40, "pays")]
    assert claim["polarity"] == "positive"


def test_cli_claims_jsonl_prints_one_claim_per_line(workdir):
    write_lyon(workdir / "tiny")
    result = run("claims", "tiny", "--format", "jsonl", "-q")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["article"] for line in lines] == ["a.txt", "b.txt"]


def test_cli_claims_warns_about_unreadable_files(workdir):
    folder = write_lyon(workdir / "mixed")
    (folder / "img.txt").write_bytes(PNG)
    result = run("claims", "mixed", "-q")
    assert result.exit_code == 0, result.output
    assert "warning: img.txt: binary file" in result.stderr
    assert [p["path"] for p in json.loads(result.stdout)["problems"]] == ["img.txt"]


def test_cli_claims_missing_path_exits_3(workdir):
    assert_one_error_line(run("claims", "nowhere.txt", "-q"), contains="not found: nowhere.txt")


def test_cli_claims_unreadable_file_exits_3_not_2(workdir, monkeypatch):
    """click refused an unreadable path as a usage error (exit 2); reading it is the library's to judge."""
    write_lyon(workdir / "tiny")
    real_open, real_access = os.open, os.access

    def locked(path) -> bool:
        return Path(path).resolve() == workdir / "tiny" / "a.txt"

    def access(path, mode, *args, **kwargs):
        return False if locked(path) else real_access(path, mode, *args, **kwargs)

    def open_(path, *args, **kwargs):
        if locked(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    # chmod 000 does not stop root: the permission error is simulated where click and the reader meet it
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)
    assert_one_error_line(
        run("claims", "tiny/a.txt", "-q"), contains="cannot read tiny/a.txt: cannot open: Permission denied"
    )


def test_cli_claims_binary_file_exits_3(workdir):
    (workdir / "scan.txt").write_bytes(PNG)
    assert_one_error_line(run("claims", "scan.txt", "-q"), contains="binary file")


# ---------------------------------------------------------------- index
def test_cli_index_twice_embeds_nothing_the_second_time(workdir):
    write_lyon(workdir / "tiny")
    first = run("index", "tiny", "--encoder", "fake", "-q")
    assert first.exit_code == 0, first.output
    assert "2 articles, 2 claims in indexes/tiny (2 embedded this run)" in first.stderr
    second = run("index", "tiny", "--encoder", "fake", "-q")
    assert second.exit_code == 0, second.output
    assert "(0 embedded this run)" in second.stderr
    (workdir / "tiny" / "c.txt").write_text("Le sommet de Lyon s'est achevé mercredi 4 mars.\n", encoding="utf-8")
    third = run("index", "tiny", "--encoder", "fake", "-q")
    assert "3 articles, 3 claims" in third.stderr and "(1 embedded this run)" in third.stderr


def test_cli_index_rebuild_embeds_everything_again(workdir):
    write_lyon(workdir / "tiny")
    assert run("index", "tiny", "--encoder", "fake", "-q").exit_code == 0
    result = run("index", "tiny", "--encoder", "fake", "-q", "--rebuild", "--index", "indexes/tiny")
    assert result.exit_code == 0, result.output
    assert "(2 embedded this run)" in result.stderr


def test_cli_index_missing_folder_exits_3(workdir):
    assert_one_error_line(run("index", "nowhere", "--encoder", "fake", "-q"), contains="corpus folder not found")
    assert not (workdir / "indexes" / "nowhere").exists()


# ---------------------------------------------------------------- compare-pairs
PAIRS = (
    "id\tpremise\thypothesis\n"
    "p1\tLe sommet de Lyon a réuni 40 pays mardi 3 mars.\tLe sommet de Lyon a réuni 55 pays mardi 3 mars.\n"
    "p2\tLe Royaume-Uni a signé le texte.\tLe Royaume-Uni n'a pas signé le texte.\n"
    "p3\tLe chat dort sur le canapé du salon.\tLa bourse de Tokyo a clôturé en hausse jeudi.\n"
)


def test_cli_compare_pairs_prints_one_verdict_per_row(workdir):
    (workdir / "pairs.tsv").write_text(PAIRS, encoding="utf-8")
    result = run("compare-pairs", "pairs.tsv", "--encoder", "fake", "-q")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2", "p3"]
    for r in rows:
        assert {"id", "verdict", "kind", "confidence"} <= set(r)
        assert r["verdict"] in {"agreement", "contradiction", "attribution_conflict", "unrelated"}
        assert 0 <= r["confidence"] <= 1


def test_cli_compare_pairs_json_format(workdir):
    (workdir / "pairs.tsv").write_text(PAIRS, encoding="utf-8")
    result = run("compare-pairs", "pairs.tsv", "--encoder", "fake", "-q", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)["pairs"]] == ["p1", "p2", "p3"]


def test_cli_compare_pairs_missing_file_exits_3(workdir):
    assert_one_error_line(
        run("compare-pairs", "nope.tsv", "--encoder", "fake", "-q"), contains="pairs file not found: nope.tsv"
    )


def test_cli_compare_pairs_without_premise_column_exits_3(workdir):
    (workdir / "bad.tsv").write_text("id\thypothesis\n1\tLe texte a été signé.\n", encoding="utf-8")
    line = assert_one_error_line(run("compare-pairs", "bad.tsv", "--encoder", "fake", "-q"), contains="bad.tsv")
    assert "missing: premise" in line


def test_cli_compare_pairs_given_a_folder_exits_3(workdir):
    (workdir / "pairs").mkdir()
    assert_one_error_line(
        run("compare-pairs", "pairs", "--encoder", "fake", "-q"), contains="pairs is a folder, not a pairs file"
    )


def test_cli_compare_pairs_short_row_exits_3(workdir):
    (workdir / "short.tsv").write_text("id\tpremise\thypothesis\n1\tLe texte a été signé.\n", encoding="utf-8")
    line = assert_one_error_line(run("compare-pairs", "short.tsv", "--encoder", "fake", "-q"), contains="line 2")
    assert "needs id, premise and hypothesis" in line


# ---------------------------------------------------------------- golden files of the whole pipeline
GOLDEN = ROOT / "tests" / "golden"


def _golden(name: str, text: str) -> None:
    """The sample corpus's report (fake encoder and judge: the pipeline's wiring and rendering, not the
    models) is byte-identical to the golden file; with REGENERATE_GOLDEN=1 it becomes it (the test skips).
    The cli_env fixture clears CHECKER_* variables, hence another name."""
    path = GOLDEN / name
    if os.environ.get("REGENERATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"regenerated {path}: review the diff before committing")
    assert path.is_file(), f"missing {path}: REGENERATE_GOLDEN=1 pytest tests/cli"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then REGENERATE_GOLDEN=1"


def test_cli_compare_sample_corpus_json_matches_the_golden_file(sample):
    assert sample.json.exit_code == 0, sample.json.output
    _golden("corpus_fake.json", sample.json.stdout)


def test_cli_compare_sample_corpus_markdown_matches_the_golden_file(sample):
    _golden("corpus_fake.md", (sample.work / "reports" / "corpus.md").read_text(encoding="utf-8"))


def test_cli_report_sample_corpus_html_matches_the_golden_file(sample, tmp_path):
    saved = tmp_path / "corpus.json"
    saved.write_text(sample.json.stdout, encoding="utf-8")
    result = run("report", saved, "--format", "html")
    assert result.exit_code == 0, result.output
    _golden("corpus_fake.html", result.stdout)
