"""`checker index` killed at each write point and at random moments: the index opens, holds its old or its
new corpus wholly, `checker check` answers against it, and the next `checker index` finishes the job.

The commands run through the real entry point (``checker.cli.main``) with the real reading and extraction.
Loading spaCy takes seconds, so one warm process (the "zygote") loads it once and forks a child per command;
each child runs ``main([...])`` with its stdout and stderr in files and exits with the command's status. The
test sends SIGKILL to a child directly. The crash seam ``checker.index.store._checkpoint`` is replaced in a
child only, by ``os._exit(9)`` at the named step.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.extract import EXTRACTOR_VERSION
from checker.index import ClaimIndex, LazyEncoder

pytestmark = pytest.mark.slow  # spaCy loads once, then ~30 forked runs and a 40 s kill loop

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus"
CRUE = ROOT / "dev-cases" / "crue-vidourle" / "corpus"
STATES = {  # name in the test corpus -> its text; B drops one article of A and adds two
    "A": {"kremlin.txt": SEED / "000_e52b501d5ab5caa3.txt", "b.txt": SEED / "001_953b2f7760cf7467.txt",
          "c.txt": SEED / "002_66c97829100779b6.txt"},
    "B": {"kremlin.txt": SEED / "000_e52b501d5ab5caa3.txt", "b.txt": SEED / "001_953b2f7760cf7467.txt",
          "crue_a.txt": CRUE / "a_agence.txt", "crue_b.txt": CRUE / "b_quotidien.txt"},
}  # fmt: skip
NEW_ARTICLE = CRUE / "c_regional.txt"  # what `check` checks: the same flood, told by a third outlet

STEPS = {  # where `checker index` dies -> (does its apply survive?, what the next writer repairs, in part)
    "after_embed_chunk": (False, "manifest.json was behind"),  # only the embedding cache grew
    "before_commit": (False, "manifest.json was behind"),
    "after_commit": (True, "vectors.faiss was at generation"),
    "after_faiss_replace": (True, "manifest.json was behind"),
    "after_manifest_replace": (True, None),
}
EXTRACTED = "extracting claims: "  # printed when extraction ends: the writer's apply starts right after
FINISHED = " claims in "  # the last line of a run that finished ("N articles, M claims in PATH (...)")
LOOP_BUDGET_S = 40.0  # the kill loop starts no run after this
RUN_TIMEOUT_S = 180.0  # one command, on a loaded machine

ZYGOTE = """
import json, os, sys, traceback
sys.path.insert(0, sys.argv[1])
from checker.cli import main
from checker.extract.nlp import load_nlp
from checker.index import store

for language in ("fr", "en"):
    load_nlp(language)


def child(request):
    fds = [os.open(os.devnull, os.O_RDONLY)]
    fds += [os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) for name in ("out", "err")]
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    step = request["step"]
    if step:
        store._checkpoint = lambda at: os._exit(9) if at == step else None
    code = 70
    try:
        main(request["args"], prog_name="checker")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "run":
        pid = os.fork()
        if pid == 0:
            child(request)
        print(json.dumps({"pid": pid}), flush=True)
    else:
        _, status = os.waitpid(request["pid"], 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@dataclass
class Run:
    """One command, run by a child of the zygote."""

    pid: int
    out: Path
    err: Path
    started: float
    code: int | None = None  # once reaped

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        """What the run wrote to stderr so far ("" when the child has not opened the file yet)."""
        try:
            return self.err.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


class Zygote:
    """A warm process (checker imported, spaCy loaded) that forks one child per command."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.count = 0
        self.pending: dict[int, Run] = {}
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_")}
        env.update(
            CHECKER_JUDGE="fake",
            CHECKER_ENCODER="fake",
            CHECKER_CACHE_DIR=str(workdir / "cache"),
            CHECKER_LOCK_TIMEOUT="30",
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
        )
        self.log = workdir / "zygote.err"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", ZYGOTE, str(ROOT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                cwd=workdir,  # no checker.toml nor pyproject.toml of the checkout is read
                env=env,
            )
        assert self._reply(RUN_TIMEOUT_S) == "ready"

    def _reply(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            raise AssertionError(f"the zygote did not answer: {self.log.read_text(errors='replace')[-3000:]}")
        return line.strip()

    def _send(self, **request: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()

    def start(self, *args: object, step: str | None = None) -> Run:
        """Start ``checker ARGS`` (with the seam set to die at ``step``); returns at once."""
        self.count += 1
        out, err = (self.workdir / f"run{self.count:03d}.{kind}" for kind in ("out", "err"))
        self._send(op="run", args=[str(a) for a in args], step=step, out=str(out), err=str(err))
        run = Run(json.loads(self._reply(10))["pid"], out, err, time.monotonic())
        self.pending[run.pid] = run
        return run

    def kill(self, run: Run) -> None:
        """SIGKILL a run not yet reaped (its pid cannot have been reused: at worst it is a zombie)."""
        if run.code is None:
            os.kill(run.pid, signal.SIGKILL)

    def wait(self, run: Run) -> int:
        """The run's exit status (negative: the signal that killed it); a hung run is killed and fails."""
        if run.code is None:
            self._send(op="wait", pid=run.pid)
            try:
                reply = self._reply(max(1.0, run.started + RUN_TIMEOUT_S - time.monotonic()))
            except AssertionError:
                self.kill(run)
                self._reply(10)
                raise AssertionError(f"checker did not finish in {RUN_TIMEOUT_S} s: {run.stderr()}") from None
            finally:
                self.pending.pop(run.pid, None)
            run.code = json.loads(reply)["code"]
        return run.code

    def close(self) -> None:
        try:
            for run in list(self.pending.values()):  # a failed test may have left one
                self.kill(run)
                self.wait(run)
        finally:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.close()  # the zygote ends at the end of its input
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()


@dataclass(frozen=True)
class State:
    """What an index holds: article id -> content hash, claim id -> claim JSON."""

    articles: dict[str, str]
    claims: dict[str, str]


def index_args(corpus: Path, index: Path) -> tuple[object, ...]:
    return ("index", corpus, "--index", index, "--encoder", "fake")


def write_corpus(corpus: Path, state: str) -> None:
    """Make folder ``corpus`` hold exactly the articles of ``state``."""
    corpus.mkdir(exist_ok=True)
    wanted = STATES[state]
    for path in corpus.iterdir():
        if path.name not in wanted:
            path.unlink()
    for name, source in wanted.items():
        if not (corpus / name).exists():
            shutil.copyfile(source, corpus / name)


def open_index(path: Path, *, readonly: bool) -> ClaimIndex:
    """The index as `checker` opens it with --encoder fake."""
    encoder = LazyEncoder("fake")
    return ClaimIndex.open(
        path,
        model=encoder.name,
        model_version=encoder.version,
        dimension=encoder.dimension,
        extractor_version=EXTRACTOR_VERSION,
        create=False,
        readonly=readonly,
        lock_timeout=10.0,
    )


def read_state(path: Path, *, readonly: bool) -> State:
    """Open the index (a writer mends what a killed writer left); check it is whole; what it holds."""
    with open_index(path, readonly=readonly) as index:
        claims = index.claims()
        articles = index.article_hashes()
        assert index.manifest.counts.claims == len(claims)
        assert index.manifest.counts.articles == len(articles)
        assert {c.article for c in claims} <= set(articles)
        assert not index.stale_extractor
        if claims:  # every claim is found by its own vector, and no claim that does not exist is
            ids = [c.id for c in claims]
            hits = index.search(index.vectors(ids), k=len(ids))
            assert {cid for row in hits for cid, _ in row} == set(ids)
            assert all(row[0][1] == pytest.approx(1.0, abs=1e-4) for row in hits)
        return State(articles, {c.id: c.model_dump_json() for c in claims})


def which(state: State, refs: dict[str, State]) -> str:
    """The name of the corpus state ``state`` is, wholly (fails when it is none, or a mix)."""
    for name, ref in refs.items():
        if state == ref:
            return name
    pytest.fail(f"the index holds neither state wholly: articles {sorted(state.articles)}, {len(state.claims)} claims")


def assert_check_answers(zygote: Zygote, corpus: Path, index: Path, state: State) -> None:
    """`checker check NEW --format json` answers (0 or 1) with findings from the new article and the index."""
    run = zygote.start(
        "check", NEW_ARTICLE, "--index", index, "--corpus", corpus, "--encoder", "fake", "--format", "json"
    )
    assert zygote.wait(run) in (0, 1), run.stderr()
    report = json.loads(run.stdout())
    assert isinstance(report["findings"], list)
    assert report["articles"] == 1 and report["claims"] > 0, report
    for finding in report["findings"]:
        refs = finding["claims"]
        assert any(ref["article"] == NEW_ARTICLE.name for ref in refs), finding
        for ref in refs:  # the other side: a claim the index holds, not one of a half-applied run
            assert ref["article"] == NEW_ARTICLE.name or ref["claim_id"] in state.claims, ref
    assert "checked 1 new articles" in run.stderr()


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    warm = Zygote(tmp_path_factory.mktemp("zygote"))
    try:
        yield warm
    finally:
        warm.close()


@pytest.fixture(scope="module")
def refs(zygote: Zygote, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, State]]:
    """Each state indexed afresh by a plain `checker index` (side by side): the folder, and what each holds."""
    folder = tmp_path_factory.mktemp("refs")
    runs = {}
    for name in STATES:
        write_corpus(folder / f"corpus-{name}", name)
        runs[name] = zygote.start(*index_args(folder / f"corpus-{name}", folder / f"index-{name}"))
    for run in runs.values():
        assert zygote.wait(run) == 0, run.stderr()
    states = {name: read_state(folder / f"index-{name}", readonly=True) for name in STATES}
    for name, state in states.items():
        assert set(state.articles) == set(STATES[name]) and state.claims
    return folder, states


def start_from_a(folder: Path, refs: tuple[Path, dict[str, State]]) -> tuple[Path, Path]:
    """A corpus folder in state A with its index (a copy of the fresh one): (corpus, index)."""
    corpus, index = folder / "corpus", folder / "index"
    write_corpus(corpus, "A")
    shutil.copytree(refs[0] / "index-A", index)
    return corpus, index


@pytest.fixture(scope="module")
def crashed(
    zygote: Zygote, refs: tuple[Path, dict[str, State]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, Path, Run]]:
    """Per write point: an index in state A, then `checker index` on state B killed there (side by side)."""
    out = {}
    for step in STEPS:
        corpus, index = start_from_a(tmp_path_factory.mktemp(step), refs)
        write_corpus(corpus, "B")
        out[step] = (corpus, index, zygote.start(*index_args(corpus, index), step=step))
    for _, _, run in out.values():
        assert zygote.wait(run) == 9, run.stderr()
    return out


@pytest.mark.parametrize("step", list(STEPS))
def test_index_cli_killed_at_each_write_point_opens_answers_and_resumes(
    zygote: Zygote, refs: tuple[Path, dict[str, State]], crashed: dict[str, tuple[Path, Path, Run]], step: str
) -> None:
    corpus, index, run = crashed[step]
    survives, repair = STEPS[step]
    expected = refs[1]["B" if survives else "A"]
    assert f"{EXTRACTED}2/2" in run.stderr() and FINISHED not in run.stderr()
    with open_index(index, readonly=True) as reader:  # before any writer mends the files
        assert (reader.repaired is not None) == (step == "after_commit"), reader.repaired
    assert read_state(index, readonly=True) == expected
    assert_check_answers(zygote, corpus, index, expected)  # against the index as the killed run left it
    with open_index(index, readonly=False) as writer:  # the next writer mends the derived files
        assert (repair or "") in (writer.repaired or "") and (repair is None) == (writer.repaired is None), (
            writer.repaired
        )
    assert read_state(index, readonly=False) == read_state(index, readonly=True) == expected
    rerun = zygote.start(*index_args(corpus, index))  # and a plain run finishes the job
    assert zygote.wait(rerun) == 0, rerun.stderr()
    assert "4 articles" in rerun.stderr() and "(0 embedded this run)" in rerun.stderr()  # the cache outlived it
    assert read_state(index, readonly=True) == read_state(index, readonly=False) == refs[1]["B"]


def wait_for(run: Run, text: str) -> float:
    """Poll the run's stderr until ``text`` shows; when it was seen (fails on an error or a timeout)."""
    while time.monotonic() < run.started + RUN_TIMEOUT_S:
        err = run.stderr()
        if text in err:
            return time.monotonic()
        assert "error:" not in err and "Traceback" not in err, err
        time.sleep(0.002)
    pytest.fail(f"{text!r} never came: {run.stderr()}")


def test_index_cli_sigkill_at_random_moments_leaves_one_state_or_the_other(
    zygote: Zygote, refs: tuple[Path, dict[str, State]], tmp_path: Path
) -> None:
    corpus, index = start_from_a(tmp_path, refs)
    rng = random.Random(20251202)
    current, total_s, apply_s = "A", 0.0, 0.0  # the longest finished run, and its apply (from the EXTRACTED line)
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + LOOP_BUDGET_S
    while time.monotonic() < deadline:
        target = "B" if current == "A" else "A"
        write_corpus(corpus, target)
        run = zygote.start(*index_args(corpus, index))
        mode = "finish" if not apply_s or rng.random() < 0.15 else rng.choice(("anytime", "writes", "writes"))
        if mode == "finish":  # and measure the run
            seen = wait_for(run, EXTRACTED)
            done = wait_for(run, FINISHED)
            total_s, apply_s = max(total_s, done - run.started), max(apply_s, done - seen)
        elif mode == "anytime":
            time.sleep(rng.uniform(0, total_s))
        else:  # while the writer writes: from the end of extraction to a little past its usual end, mostly
            wait_for(run, EXTRACTED)  # early on (the commit comes a few milliseconds into the writes)
            time.sleep(1.5 * apply_s * rng.random() ** 3)
        zygote.kill(run)
        code = zygote.wait(run)
        err = run.stderr()
        if code == 0:
            assert FINISHED in err, err
            outcome = "finished"
        else:
            assert code == -signal.SIGKILL, err
            outcome = "after_writes" if FINISHED in err else "in_writes" if EXTRACTED in err else "before_writes"
        state = which(read_state(index, readonly=True), refs[1])
        assert which(read_state(index, readonly=False), refs[1]) == state
        if outcome == "before_writes":  # killed before its first write: nothing changed
            assert state == current
        elif outcome != "in_writes":  # killed after its last write, or finished
            assert state == target
        outcomes[f"{outcome}->{'new' if state == target else 'old'}"] += 1
        current = state
    print(f"kill loop: {dict(outcomes)}; a run {total_s:.2f} s, its writes {apply_s:.3f} s")
    # in_writes->new: killed after its commit and before its end (mid-FAISS, mid-manifest...): writing had begun
    assert outcomes["in_writes->new"] >= 1 and outcomes["finished->new"] >= 1, dict(outcomes)
    write_corpus(corpus, "B")  # a plain run after all those kills
    run = zygote.start(*index_args(corpus, index))
    assert zygote.wait(run) == 0, run.stderr()
    assert read_state(index, readonly=True) == read_state(index, readonly=False) == refs[1]["B"]
    assert_check_answers(zygote, corpus, index, refs[1]["B"])
