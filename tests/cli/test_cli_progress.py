"""StderrProgress: a bar with counts and time left on a terminal, one line per finished stage in logs
and CI (which read it: tests/index/test_index_crash_cli.py), nothing with --quiet."""

from __future__ import annotations

import pytest

from checker.cli import StderrProgress


class _Stderr:
    def __init__(self, capsys) -> None:
        self.capsys = capsys

    def getvalue(self) -> str:
        captured = self.capsys.readouterr()
        assert captured.out == ""  # progress never goes to stdout, where the report or JSON goes
        return captured.err


@pytest.fixture
def stderr(capsys) -> _Stderr:
    return _Stderr(capsys)


def _run(progress: StderrProgress) -> None:
    for done in range(4):
        progress("extract", done, 3)
    progress("compare", 0, 2)
    progress("compare", 2, 2)


def test_cli_progress_logs_one_line_per_finished_stage(stderr):
    _run(StderrProgress(quiet=False, tty=False))
    assert stderr.getvalue() == "extracting claims: 3/3\ncomparing claim pairs: 2/2\n"


def test_cli_progress_quiet_prints_nothing(stderr):
    _run(StderrProgress(quiet=True, tty=True))
    assert stderr.getvalue() == ""


def test_cli_progress_on_a_terminal_draws_a_bar_with_counts_and_time_left(stderr):
    progress = StderrProgress(quiet=False, tty=True)
    _run(progress)
    shown = stderr.getvalue()
    assert "extracting claims: 100%" in shown and "3/3 [" in shown  # counts, then [elapsed<left, rate]
    assert "comparing claim pairs: 100%" in shown and "2/2 [" in shown
    assert "<" in shown.split("3/3 [", 1)[1]  # the time left
    assert shown.endswith("\n")  # each bar ends its line once its stage is done
    assert progress._bar is None


def test_cli_progress_a_stage_begun_again_gets_a_new_bar(stderr):
    progress = StderrProgress(quiet=False, tty=True)
    progress("embed", 5, 10)
    progress("embed", 1, 10)  # the same stage, started over (a second batch)
    assert progress._bar is not None and progress._bar.n == 1
    progress.close()
    assert stderr.getvalue().count("embedding claims") >= 2
