"""The command line: parse options, call one library function, render, map errors to exit codes.

Only the public API (``import checker``) is used here; no stage is imported directly.

Exit codes (STYLE.md): 0 nothing at or above --fail-on; 1 findings at or above --fail-on;
2 usage error; 3 bad input, config, model or index (a CheckerError); 4 a bug (the traceback
only with --debug).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, get_args

import click

import checker

EXIT_FINDINGS, EXIT_CHECKER_ERROR, EXIT_BUG = 1, 3, 4
# click checks only the path's shape: whether it exists, is readable or writable is the library's to say,
# in one line with exit 3 (click would answer an unreadable path with a usage error, exit 2).
PATH = click.Path(path_type=Path, readable=False)


class StderrProgress:
    """Progress on stderr: on a terminal, a bar per stage with its counts, rate and time left (tqdm);
    otherwise (logs, CI, a pipe) one line when a stage ends, « extracting claims: 12/12 »; nothing when
    quiet."""

    LABELS = {
        "read": "reading articles",
        "extract": "extracting claims",
        "embed": "embedding claims",
        "compare": "comparing claim pairs",
        "check": "checking new claims",
    }

    def __init__(self, quiet: bool, tty: bool | None = None) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty() if tty is None else tty
        self._bar: Any = None  # the tqdm bar of the stage in progress
        self._stage: str | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        label = self.LABELS.get(stage, stage)
        if not self.tty:
            if done >= total:  # logs and CI: one line when a stage ends
                click.echo(f"{label}: {done}/{total}", err=True)
            return
        if self._bar is None or self._stage != stage or done < self._bar.n:  # a new stage, or one begun again
            self.close()
            from tqdm import tqdm  # type: ignore[import-untyped]  # only on a terminal: a log never needs it

            self._bar = tqdm(total=total, desc=label, file=sys.stderr, dynamic_ncols=True, leave=True)
            self._stage = stage
        bar = self._bar
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar in progress (a stage that stopped before its total, an error)."""
        if self._bar is not None:
            self._bar.close()
        self._bar, self._stage = None, None


def handle_errors(func):
    """Turn CheckerError into one line and exit 3; anything else is a bug (exit 4)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug") or os.environ.get("CHECKER_DEBUG")
        try:
            return func(*args, **kwargs)
        except checker.CheckerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_CHECKER_ERROR)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last resort the user sees
            if debug:
                traceback.print_exc()
            click.echo(
                f"internal error: {type(exc).__name__}: {exc} (a bug: rerun with --debug and report it)", err=True
            )
            sys.exit(EXIT_BUG)

    return wrapper


debug_option = click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")


def common_options(func):
    """Options every command that reads articles shares."""
    func = click.option(
        "--encoder",
        type=click.Choice(get_args(checker.EncoderName)),
        default=None,
        help="Sentence encoder (default from config: e5-small).",
    )(func)
    func = click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")(func)
    func = debug_option(func)
    return func


# Options two or three commands share, each defined once.
lock_timeout_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(0),
    default=None,
    metavar="SECONDS",
    help="How long to wait for another checker writing the same index (default from config: 3600).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Language of the md and html report (default: the language of most articles; English if unknown).",
)
thresholds_option = click.option(
    "--thresholds",
    type=click.Choice(get_args(checker.ThresholdsName)),
    default=None,
    help="When the judge's probabilities make a finding (default from config: cautious). cautious says fewer "
    "conflicts, more often right; wide finds a few more and says more that are wrong: for a sweep that someone "
    "reads finding by finding.",
)
fail_confidence_option = click.option(
    "--fail-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="--fail-on counts only findings at or above this confidence (default from config: 0.5).",
)


def _settings(**overrides):
    return checker.load_settings(**overrides)


def _render(report, fmt: str, lang: str | None = None) -> str:
    """The report in the --format asked for: md for editors, html for editors in a browser (both in --lang),
    json for machines."""
    if fmt == "json":
        return checker.render_json(report)
    renderers = {"md": checker.render_markdown, "html": checker.render_html}
    return renderers[fmt](report, lang)


def _warn(problems) -> None:
    """One line on stderr per file or record that was not read, and why."""
    for problem in problems:
        click.echo(f"warning: {problem.path}: {problem.reason}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="checker")
def main():
    """checker: find where news outlets agree, contradict each other, or disagree on who said what.

    \b
    Typical use:
      checker compare corpus/                 markdown report under reports/
      checker compare corpus/ --format html   the same as a web page (reports/corpus.html)
      checker compare corpus/ --format json   findings as JSON on stdout
      checker claims corpus/ --format json    the extracted claims
      checker index corpus/                   build or update the index only
      checker check new/*.txt --index indexes/corpus   CI mode: new articles vs the index
      checker report findings.json --format html -o page.html   a saved JSON report, rendered again

    Models are loaded offline from installed packages; nothing is downloaded.
    """


@main.command()
@click.argument("corpus", type=PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="md and html write a report file for editors (reports/<corpus>.md or .html); json prints findings to stdout.",
)
@click.option("--output", "-o", type=PATH, help="Write the report here instead.")
@click.option("--index", "index", type=PATH, help="Index folder (default indexes/<corpus name>).")
@click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=None, help="Leave out findings below this confidence."
)
@click.option(
    "--fail-on",
    type=click.Choice(checker.FAIL_ON),
    default="none",
    show_default=True,
    help="Exit 1 when a finding of this verdict is reported (at or above --fail-confidence).",
)
@fail_confidence_option
@thresholds_option
@lang_option
@lock_timeout_option
@common_options
@handle_errors
def compare(
    corpus,
    fmt,
    output,
    index,
    min_confidence,
    fail_on,
    fail_confidence,
    thresholds,
    lang,
    lock_timeout,
    encoder,
    quiet,
    debug,
):
    """Compare the claims of every article in CORPUS across sources.

    CORPUS is a folder of .txt, .md, .html, .json or .jsonl articles (an optional manifest.json
    gives outlet, agency, language and date). Each claim is compared with its nearest claims from
    other articles; the report lists contradictions and attribution conflicts with both sentences,
    then agreements.
    """
    settings = _settings(
        encoder=encoder,
        min_confidence=min_confidence,
        fail_confidence=fail_confidence,
        lock_timeout=lock_timeout,
        thresholds=thresholds,
    )
    report = checker.compare_corpus(corpus, settings, index=index, progress=StderrProgress(quiet))
    text = _render(report, fmt, lang)
    if fmt == "json":
        if output:
            checker.write_output(output, text)
            click.echo(f"report written to {output}", err=True)
        else:
            click.echo(text, nl=False)
    else:
        name = Path(corpus).resolve().name or "corpus"
        target = output or Path(settings.reports_dir) / f"{name}.{fmt}"
        checker.write_output(target, text, make_folder=output is None)
        counts = report.counts()
        click.echo(
            f"{counts['contradiction']} contradictions, {counts['attribution_conflict']} attribution conflicts, "
            f"{counts['agreement']} agreements; report written to {target}",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if checker.should_fail(report.findings, fail_on, settings.fail_confidence) else 0)


@main.command()
@click.argument("path", type=PATH)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True)
@common_options
@handle_errors
def claims(path, fmt, encoder, quiet, debug):
    """Print the claims extracted from PATH (a corpus folder or one article file).

    Each claim is a sentence that asserts something, with its offsets, speaker, source agency,
    dates (ISO), places, numbers with units, polarity and event slots.
    """
    corpus, found = checker.read_and_extract(path, _settings(encoder=encoder), progress=StderrProgress(quiet))
    _warn(corpus.problems)
    if fmt == "jsonl":
        for claim in found:
            click.echo(claim.model_dump_json())
    else:
        payload = {
            "schema_version": checker.SCHEMA_VERSION,
            "corpus": str(path),
            "claims": [c.model_dump(mode="json") for c in found],
            "problems": [p.model_dump() for p in corpus.problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@main.command("compare-pairs")
@click.argument("pairs", type=PATH)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@common_options
@handle_errors
def compare_pairs_cmd(pairs, fmt, encoder, quiet, debug):
    """Judge each premise/hypothesis row of a TSV (columns premise, hypothesis, id or uid).

    Prints one JSON line per row: {"id", "verdict", "kind", "confidence"}, where verdict is
    agreement, contradiction, attribution_conflict or unrelated.
    """
    results = checker.compare_pairs(pairs, _settings(encoder=encoder), progress=StderrProgress(quiet))
    if fmt == "jsonl":
        for r in results:
            click.echo(r.model_dump_json())
    else:
        click.echo(json.dumps({"pairs": [r.model_dump() for r in results]}, ensure_ascii=False, indent=2))


@main.command()
@click.argument("corpus", type=PATH)
@click.option("--index", "index", type=PATH, help="Index folder (default indexes/<corpus name>).")
@click.option("--rebuild", is_flag=True, help="Start the index afresh (e.g. after changing encoder).")
@lock_timeout_option
@common_options
@handle_errors
def index(corpus, index, rebuild, lock_timeout, encoder, quiet, debug):
    """Build or update the index of CORPUS: new and changed articles are added, deleted ones removed.

    Only claims never seen before are embedded; an unchanged corpus needs no model at all.
    """
    result = checker.index_corpus(
        corpus,
        _settings(encoder=encoder, lock_timeout=lock_timeout),
        index=index,
        rebuild=rebuild,
        progress=StderrProgress(quiet),
    )
    _warn(result.corpus.problems)
    click.echo(
        f"{len(result.corpus.articles)} articles, {len(result.claims)} claims in {result.index_path} "
        f"({result.embedded} embedded this run)",
        err=True,
    )


@main.command()
@click.argument("articles", nargs=-1, type=PATH)
@click.option(
    "--index", "index", type=PATH, required=True, help="The index to check against (built with `checker index CORPUS`)."
)
@click.option(
    "--corpus",
    "corpus_root",
    type=PATH,
    default=Path("."),
    show_default=True,
    help="Folder the index was built from: article ids are paths relative to it.",
)
@click.option("--since", metavar="GIT_REF", help="Also check the articles added or changed since this commit.")
@click.option(
    "--fail-on",
    type=click.Choice(checker.FAIL_ON),
    default="any-conflict",
    show_default=True,
    help="Exit 1 when a finding of this verdict (at or above --fail-confidence) remains after the baseline.",
)
@fail_confidence_option
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", type=PATH, help="Write the report here instead of stdout.")
@click.option("--baseline", type=PATH, help="JSON of accepted finding ids to silence.")
@click.option(
    "--write-baseline", type=PATH, help="Write this run's findings as a baseline file (they are then accepted: exit 0)."
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None)
@click.option("--update-index", is_flag=True, help="Add the new articles to the index after checking.")
@thresholds_option
@lang_option
@lock_timeout_option
@common_options
@handle_errors
def check(
    articles,
    index,
    corpus_root,
    since,
    fail_on,
    fail_confidence,
    fmt,
    output,
    baseline,
    write_baseline,
    min_confidence,
    update_index,
    thresholds,
    lang,
    lock_timeout,
    encoder,
    quiet,
    debug,
):
    """CI mode: compare only NEW ARTICLES (files or folders) against an existing index and each other.

    \b
    Exit codes: 0 nothing at or above --fail-on (or nothing new to check); 1 something is;
    3 bad input, index or model.
    Example (in a CI job):
      checker index corpus/ --index indexes/corpus
      checker check --corpus corpus --since origin/main --index indexes/corpus --format json
    """
    settings = _settings(
        encoder=encoder,
        min_confidence=min_confidence,
        fail_confidence=fail_confidence,
        lock_timeout=lock_timeout,
        thresholds=thresholds,
    )
    if baseline and not baseline.exists():
        click.echo(f"note: baseline {baseline} does not exist yet: nothing is silenced", err=True)
    result = checker.check_articles(
        articles,
        settings,
        index=index,
        corpus_root=corpus_root,
        since=since,
        baseline=baseline,
        update_index=update_index,
        progress=StderrProgress(quiet),
    )
    _warn(result.report.problems)
    text = _render(result.report, fmt, lang)
    if output:
        checker.write_output(output, text)
    else:
        click.echo(text, nl=False)
    if write_baseline:
        checker.write_output(write_baseline, checker.render_baseline(result.report.findings))
    if result.note:
        click.echo(f"note: {result.note}", err=True)
    counts = result.report.counts()
    click.echo(
        f"checked {len(result.new_articles)} new articles: {counts['contradiction']} contradictions, "
        f"{counts['attribution_conflict']} attribution conflicts, {counts['agreement']} agreements"
        f"{f', {result.baselined} silenced by the baseline' if result.baselined else ''}"
        f"{'; index updated' if result.index_updated else ''}"
        f"{f'; baseline written to {write_baseline}' if write_baseline else ''}",
        err=True,
    )
    # a run that writes the baseline accepts its findings: nothing it reports remains to fail on
    fails = not write_baseline and checker.should_fail(result.report.findings, fail_on, settings.fail_confidence)
    sys.exit(EXIT_FINDINGS if fails else 0)


@main.command("report")
@click.argument("findings", type=PATH)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", type=PATH, help="Write the report here instead of stdout.")
@lang_option
@debug_option
@handle_errors
def report_cmd(findings, fmt, output, lang, debug):
    """Render FINDINGS (a report saved by `checker compare --format json`) as markdown or HTML.

    Nothing is compared again and no model is loaded: the report shows the saved findings as they are.
    """
    text = _render(checker.read_report(findings), fmt, lang)
    if output:
        checker.write_output(output, text)
        click.echo(f"report written to {output}", err=True)
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
