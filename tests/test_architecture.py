"""The import rules of ARCHITECTURE.md, read from the source with ``ast`` (nothing is imported to check
them): layers import downwards only, the stages without a cycle and only through each other's public
package, click only in cli.py, cli only through the public API; and ``import checker`` loads no model
library."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "checker"
STAGES = ("ingest", "extract", "index", "compare", "report")

# Lower number = lower layer; a module may import its own layer or lower ones (stages: see below).
LAYERS = {
    "checker.models": 0,
    "checker.errors": 0,
    "checker.text": 0,
    "checker.datafile": 0,
    "checker.files": 0,
    "checker.memo": 0,
    "checker.graph": 0,
    "checker.progress": 0,
    "checker.heap": 0,
    "checker.config": 1,
    **{f"checker.{stage}": 2 for stage in STAGES},
    "checker.ci": 3,
    "checker.worker": 3,
    "checker.pipeline": 4,
    "checker": 5,  # the public API (checker/__init__.py)
    "checker.cli": 6,
}
EXEMPT = ("checker.training",)  # training code (scripts/train_judge.py) may import anything; nothing imports it

# Cross-stage imports of another stage's internals, each with the reason it is tolerated for now.
ALLOWED_INTERNALS = {
    ("checker.compare.judge", "checker.index.bert"): "the judge's network and tokenizer are index's plain-torch "
    "BERT; bert imports torch at the top, so checker.index cannot re-export it without importing torch",
    ("checker.compare.judge_model", "checker.index.bert"): "the cross-encoder is index's BERT stack with a head "
    "(same reason)",
}
HEAVY = ("torch", "spacy", "sentence_transformers", "transformers", "faiss")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").is_file() or (PACKAGE.parent / relative).is_dir()


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at module level or inside a function: ``from a.b import c`` is
    ``a.b.c`` when that is a module of ours, else ``a.b``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (the house imports absolutely)"
            base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if base.startswith("checker") and _is_module(full) else base)
    return found


GRAPH = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _ours(name: str) -> bool:
    return name == "checker" or name.startswith("checker.")


def _layer_of(module: str) -> str | None:
    """The LAYERS key a module belongs to (its stage package for a stage's module)."""
    if module in LAYERS:
        return module
    parts = module.split(".")
    return f"checker.{parts[1]}" if len(parts) > 2 and f"checker.{parts[1]}" in LAYERS else None


def _checked() -> list[tuple[str, set[str]]]:
    return [(m, deps) for m, deps in GRAPH.items() if not m.startswith(EXEMPT)]


def test_architecture_every_module_has_a_layer():
    assert [m for m, _ in _checked() if _layer_of(m) is None] == []


def test_architecture_imports_run_downwards():
    upward = []
    for module, deps in _checked():
        home = _layer_of(module)
        for dep in filter(_ours, deps):
            target = _layer_of(dep)
            if target is None or dep.startswith(EXEMPT):
                upward.append((module, dep))
            elif LAYERS[target] > LAYERS[home] or (target == "checker" and home != "checker.cli"):
                upward.append((module, dep))
    assert upward == []


def test_architecture_a_stage_is_used_only_through_its_package():
    """Outside a stage, its modules are reached through ``checker.<stage>`` (its ``__all__``), so that
    its internals can change without breaking another stage, the pipeline or the API."""
    stages = {f"checker.{s}" for s in STAGES}
    reaching_in = [
        (module, dep)
        for module, deps in _checked()
        for dep in filter(_ours, deps)
        if _layer_of(dep) in stages
        and _layer_of(dep) != _layer_of(module)
        and dep != _layer_of(dep)
        and (module, dep) not in ALLOWED_INTERNALS
    ]
    assert reaching_in == []


def test_architecture_compare_does_not_import_extract_internals():
    assert [
        (m, d)
        for m, deps in GRAPH.items()
        if m.startswith("checker.compare")
        for d in deps
        if d.startswith("checker.extract.")
    ] == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph (node -> the nodes it imports), one per start node that reaches one;
    each node is walked once."""

    def cycle_from(node: str, path: list[str], seen: set[str]) -> list[str] | None:
        for nxt in sorted(edges.get(node, ())):
            if nxt in path:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in seen:
                seen.add(nxt)
                found = cycle_from(nxt, path + [nxt], seen)
                if found:
                    return found
        return None

    seen: set[str] = set()
    return [c for m in sorted(edges) if m not in seen and (c := cycle_from(m, [m], seen))]


def test_architecture_no_cycle_between_stages():
    edges: dict[str, set[str]] = {f"checker.{s}": set() for s in STAGES}
    for module, deps in _checked():
        home = _layer_of(module)
        if home in edges:
            edges[home] |= {t for t in map(_layer_of, filter(_ours, deps)) if t in edges and t != home}

    assert _cycles(edges) == []


def test_architecture_only_cli_imports_click():
    users = [m for m, deps in GRAPH.items() if any(d == "click" or d.startswith("click.") for d in deps)]
    assert users == ["checker.cli"]


def test_architecture_cli_imports_only_the_public_api():
    assert sorted(d for d in GRAPH["checker.cli"] if _ours(d)) == ["checker"]


def test_architecture_import_checker_loads_no_model_library():
    """`checker --help` answers at once: the package, its CLI and its pipeline import no heavy library."""
    code = (
        "import json, sys; import checker, checker.cli, checker.pipeline; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize(
    "name",
    [
        "compare_corpus",
        "check_articles",
        "index_corpus",
        "extract_claims",
        "compare_pairs",
        "load_settings",
        "render_markdown",
        "Report",
        "CheckerError",
    ],
)
def test_architecture_public_api_names_resolve(name):
    import checker

    assert name in checker.__all__ and getattr(checker, name) is not None


def test_architecture_public_api_all_resolves():
    import checker

    assert sorted(checker.__all__) == sorted(set(checker.__all__))
    assert [n for n in checker.__all__ if not hasattr(checker, n)] == []


def test_architecture_page_names_only_files_that_exist():
    """ARCHITECTURE.md names modules a newcomer will look for: each must be there."""
    root = PACKAGE.parent
    page = (root / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/.]+\.py)", page)) | set(re.findall(r"`([\w]+/)`", page))
    missing = [
        name
        for name in sorted(named)
        if not (root / name).exists()
        and not any(list(base.rglob(name.rstrip("/"))) for base in (PACKAGE, root / "scripts", root / "tests"))
    ]
    assert named and missing == []


def test_architecture_no_cycle_between_modules():
    """Module by module too (a function-level import counts): « dates imports numbers, numbers imports
    dates inside a function » was such a cycle. A package's ``__init__`` re-exporting its modules is not."""
    edges = {
        m: {d for d in deps if d in GRAPH and d != m and not m.startswith(d + ".")}
        for m, deps in GRAPH.items()
        if not m.startswith(EXEMPT)
    }
    assert _cycles(edges) == []
