"""The model worker of ``checker check``: its protocol (answers, progress, failures as ModelError), when it is
used, spaCy without torch, and the same report with and without it (slow: real models, new processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from checker import worker
from checker.config import Settings
from checker.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker forks: Linux only")


def _echo(conn, *_):
    """A stand-in worker: progress then the texts' lengths as vectors; « fail » fails; « die » exits."""
    while True:
        request = conn.recv()
        if request[0] == "stop":
            return
        texts = request[1]
        if "die" in texts:
            os._exit(3)
        if "fail" in texts:
            conn.send(("error", False, "ValueError: boom"))
            continue
        conn.send(("progress", 1, 2))
        conn.send(("ok", np.array([[float(len(t))] for t in texts], dtype=np.float32)))


@linux_only
def test_worker_answers_and_relays_progress(monkeypatch):
    monkeypatch.setattr(worker, "_serve", _echo)
    seen = []
    with worker.ModelWorker(Settings()) as w:
        vectors = w.encode(["ab", "abcd"], progress=lambda d, t: seen.append((d, t)))
        assert vectors.tolist() == [[2.0], [4.0]]
        assert w.encode([]).shape == (0, w.dimension)  # nothing to embed asks nothing
        assert w.judge_claims([]) == []
    assert seen == [(1, 2)]
    assert not w._process.is_alive()  # stopped when the block ends


@linux_only
def test_worker_failure_and_death_are_model_errors_not_hangs(monkeypatch):
    monkeypatch.setattr(worker, "_serve", _echo)
    with worker.ModelWorker(Settings()) as w:
        with pytest.raises(ModelError, match="the model worker failed: ValueError: boom"):
            w.encode(["fail"])
        with pytest.raises(ModelError, match="stopped unexpectedly.*CHECKER_WORKER=false"):
            w.encode(["die"])


def test_worker_only_where_it_pays(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    assert worker.worker_wanted(Settings(judge="trained", encoder="e5-small"))
    assert not worker.worker_wanted(Settings(judge="fake", encoder="e5-small"))  # no model to overlap
    assert not worker.worker_wanted(Settings(judge="trained", encoder="use-m3"))  # no light form
    assert not worker.worker_wanted(Settings(judge="trained", encoder="e5-small", worker=False))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not worker.worker_wanted(Settings(judge="trained", encoder="e5-small"))


def test_worker_spacy_is_imported_without_torch_and_torch_still_imports():
    code = (
        "import sys\n"
        "from checker.extract.nlp import _import_spacy\n"
        "_import_spacy()\n"
        "assert 'torch' not in sys.modules, 'spaCy imported torch'\n"
        "import torch\n"
        "print(torch.ones(2).sum().item())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2.0"


@pytest.mark.slow
@linux_only
def test_worker_check_reports_what_one_process_reports(tmp_path):
    """The same findings, claims and confidences with the models in a worker as in the checking process."""
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_JUDGE"}
    corpus = ROOT / "corpus"
    index = tmp_path / "idx"

    def cli(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )

    built = cli("index", str(corpus), "--index", str(index))
    assert built.returncode == 0, built.stderr[-2000:]
    one = sorted(corpus.glob("*.txt"))[0]
    reports = []
    for flag in ("true", "false"):
        out = tmp_path / f"report-{flag}.json"
        done = cli("check", str(one), "--index", str(index), "--format", "json", "-o", str(out), CHECKER_WORKER=flag)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        report = json.loads(out.read_text(encoding="utf-8"))
        reports.append({k: v for k, v in report.items() if k not in {"generated", "elapsed"}})
    assert reports[0]["findings"], "the sample article agrees with the others on something"
    assert reports[0] == reports[1]
