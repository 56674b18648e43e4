"""The model worker of ``checker check`` and ``checker compare``: its protocol (answers, progress, failures as
ModelError), the order it loads the models in, when it is used, spaCy without torch, and the same report with
and without it (slow: real models, new processes)."""

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


class _Stand:
    """A stand-in for both models: its answers say which models the worker had loaded, in order."""

    def __init__(self, loaded: list[str]) -> None:
        self.loaded = loaded

    def judge_claims(self, pairs, batch_size=32, progress=None):
        return list(self.loaded)

    def encode(self, texts, batch_size=32, progress=None):
        return list(self.loaded)


def _stand_in_models(monkeypatch, judge_load_s: float = 0.0) -> None:
    import time

    import checker.compare
    import checker.index

    loaded: list[str] = []

    def load_judge(cache_dir=None):
        time.sleep(judge_load_s)
        loaded.append("judge")
        return _Stand(loaded)

    def load_encoder(name, cache_dir=None, light=False):
        loaded.append("encoder")
        return _Stand(loaded)

    monkeypatch.setattr(checker.compare, "load_pair_judge", load_judge)
    monkeypatch.setattr(checker.index, "load_encoder", load_encoder)


@linux_only
def test_worker_loads_what_is_needed_first_and_the_other_only_when_nothing_waits(monkeypatch):
    import time

    _stand_in_models(monkeypatch, judge_load_s=0.5)
    with worker.ModelWorker(Settings(), first="judge") as w:  # asked at once (a re-run that only judges)
        assert w._ask(("judge", [("a", "b")], 32), None) == ["judge"]
        assert w._ask(("encode", ["a"], 32), None) == ["judge", "encoder"]  # loaded when a text needs it
    with worker.ModelWorker(Settings(), first="judge") as w:  # nothing asked while loading (a cold run)
        time.sleep(1.5)
        assert w._ask(("judge", [("a", "b")], 32), None) == ["judge", "encoder"]
    with worker.ModelWorker(Settings()) as w:  # a check: the encoder first (its claims are embedded first)
        time.sleep(1.5)
        assert w._ask(("encode", ["a"], 32), None) == ["encoder", "judge"]
    with pytest.raises(ValueError, match="first must be one of"):
        worker.ModelWorker(Settings(), first="both")


@linux_only
def test_worker_drops_the_encoder_when_told_and_loads_it_again_if_asked(monkeypatch):
    import time

    _stand_in_models(monkeypatch)
    with worker.ModelWorker(Settings()) as w:
        time.sleep(1.0)  # both loaded
        w.release_encoder()  # not answered: the next request's answer is the next thing on the pipe
        assert w._ask(("judge", [("a", "b")], 32), None) == ["encoder", "judge"]
        assert w._ask(("encode", ["a"], 32), None) == ["encoder", "judge", "encoder"]  # loaded again
    with worker.ModelWorker(Settings()) as w:
        w._process.kill()
        w._process.join()
        w.release_encoder()  # a dead worker: no error here, the next request says it
        with pytest.raises(ModelError, match="stopped unexpectedly"):
            w.encode(["a"])


@linux_only
def test_worker_still_loading_is_stopped_without_waiting_for_it(monkeypatch):
    import time

    _stand_in_models(monkeypatch, judge_load_s=60)
    started = time.perf_counter()
    with worker.ModelWorker(Settings()) as w:  # a run that needed no model (nothing to compare)
        pass
    assert time.perf_counter() - started < 5
    assert not w._process.is_alive()


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
def test_worker_check_and_compare_report_what_one_process_reports(tmp_path):
    """The same findings, claims and confidences with the models in a worker as in the checking process, for a
    check against an index and for a compare that builds its index (and for compare's re-run on it)."""
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

    def report(out: Path) -> dict:
        return {
            k: v for k, v in json.loads(out.read_text(encoding="utf-8")).items() if k not in {"generated", "elapsed"}
        }

    built = cli("index", str(corpus), "--index", str(index))
    assert built.returncode == 0, built.stderr[-2000:]
    one = sorted(corpus.glob("*.txt"))[0]
    checks, compares = [], []
    for flag in ("true", "false"):
        out = tmp_path / f"report-{flag}.json"
        done = cli("check", str(one), "--index", str(index), "--format", "json", "-o", str(out), CHECKER_WORKER=flag)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        checks.append(report(out))
        for run in ("fresh", "again"):  # the first run builds its index, the second finds it up to date
            out = tmp_path / f"compare-{flag}-{run}.json"
            fresh = tmp_path / f"compare-index-{flag}"
            done = cli(
                "compare", str(corpus), "--index", str(fresh), "--format", "json", "-o", str(out), CHECKER_WORKER=flag
            )
            assert done.returncode == 0, done.stderr[-2000:]
            compares.append(report(out))
    assert checks[0]["findings"], "the sample article agrees with the others on something"
    assert checks[0] == checks[1]
    assert compares[0]["findings"]
    assert all(c == compares[0] for c in compares[1:])


@pytest.mark.slow
def test_worker_compare_in_one_process_imports_no_sentence_transformers(tmp_path):
    """With the models in this process, compare embeds with e5's light form: sentence-transformers' vectors
    (tests/index/test_index_bert.py) without importing it, transformers or scikit-learn."""
    code = (
        "import sys\n"
        "from checker.config import Settings\n"
        "from checker.pipeline import compare_corpus\n"
        f"report = compare_corpus({str(ROOT / 'corpus')!r}, Settings(worker=False), index={str(tmp_path / 'idx')!r})\n"
        "assert report.claims > 0\n"
        "heavy = [m for m in ('sentence_transformers', 'transformers', 'sklearn') if m in sys.modules]\n"
        "print(','.join(heavy) or 'none')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_JUDGE"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "none"
