"""The layering of DESIGN 3 and docs/architecture.md: each layer imports only layers below it.

Every import counts, at module level or inside a function (a lazy import that runs upward is still
an upward dependency).  The core is numpy and scipy only, with no pint and no I/O; matplotlib is
imported only in the outputs layer.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "basaltcalc"

#: Layers, lowest first.  A module may import its own layer and the layers below it.
LAYERS = (
    ("foundation", ("errors", "units", "catalogue", "metrics", "memory", "text", "arguments", "display")),
    ("core", ("core",)),
    ("scenario", ("scenario",)),
    ("model", ("model",)),
    ("reproduction", ("reproduction",)),
    ("studies", ("studies",)),
    ("outputs", ("outputs",)),
    ("cli", ("cli",)),
)
RANK = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}
#: The package's own entry points sit above every layer.
TOP = {"__init__", "__main__"}


def unit_of(module: str) -> str:
    """Layer unit of a dotted module below ``basaltcalc``: ``core.compare`` -> ``core``."""
    return module.split(".")[0]


def imports(path: Path, name: str | None = None) -> tuple[set[str], set[str]]:
    """(modules of the package as dotted names below ``basaltcalc``, third-party top-level names)
    imported anywhere in ``path`` (module ``name``, by default its place in the package),
    relative imports resolved."""
    rel = tuple(name.split(".")) if name else path.relative_to(PACKAGE).with_suffix("").parts
    package = rel[:-1]
    local, external = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)] if node.level > 1 else package)
            if node.level - 1 > len(package):
                raise AssertionError(f"{path}: import above the package")
            if node.module:
                local.add(".".join([*base, node.module]))
            else:
                local.update(".".join([*base, a.name]) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            name = node.module.split(".")[0]
            (local.add(node.module.split(".", 1)[1]) if name == "basaltcalc" and "." in node.module
             else external.add(name))
        elif isinstance(node, ast.Import):
            external.update(a.name.split(".")[0] for a in node.names)
    local = {m for m in local if m and m != "__version__"}
    return local, external


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield ".".join(rel.parts), path


MODULES = dict(modules())


def upward_imports(name: str, path: Path) -> list[str]:
    """Imports of ``name`` that reach a layer above its own."""
    if name in TOP:
        return []
    own = RANK[unit_of(name)]
    local = imports(path, name)[0]
    return sorted(m for m in local if unit_of(m) in RANK and RANK[unit_of(m)] > own)


def test_every_module_has_a_layer():
    assert {unit_of(m) for m in MODULES} - TOP <= set(RANK), set(map(unit_of, MODULES)) - set(RANK)


@pytest.mark.parametrize("name", sorted(set(MODULES) - TOP))
def test_no_upward_import(name):
    assert upward_imports(name, MODULES[name]) == []


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    from ..scenario import load_scenario\n", ["scenario"]),
    ("from ..outputs.plotting import cost_breakdown\n", ["outputs.plotting"]),
    ("from basaltcalc.model import evaluate\n", ["model"]),
    ("from . import elements\nfrom ..units import ureg\n", []),
])
def test_the_check_catches_an_upward_import(tmp_path, source, expected):
    """The check itself works: a core module importing a higher layer, lazily or not, is flagged."""
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    assert upward_imports("core.probe", path) == expected


@pytest.mark.parametrize("name", sorted(m for m in MODULES if unit_of(m) == "core"))
def test_core_is_numpy_only(name):
    path = MODULES[name]
    local, external = imports(path)
    # the standard library's pure helpers only (the graph reads parameter names, caches per size)
    assert external <= {"__future__", "numpy", "scipy", "math", "functools", "inspect"}, external
    assert {unit_of(m) for m in local} <= {"core"}, local
    calls = {node.func.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"open", "print", "input", "exec", "eval"}, f"{name}: I/O in the core"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_matplotlib_only_in_outputs(name):
    if unit_of(name) == "outputs":
        return
    assert "matplotlib" not in imports(MODULES[name])[1], name


def test_no_import_cycles():
    graph = {name: {m for m in imports(path)[0] if m in MODULES or f"{m}.__init__" in MODULES}
             for name, path in MODULES.items()}

    def visit(node, stack):
        for dep in graph.get(node, ()):
            assert dep not in stack, f"import cycle: {' -> '.join([*stack, dep])}"
            visit(dep, [*stack, dep])

    for name in graph:
        if name not in TOP and not name.endswith("__init__"):
            visit(name, [name])


@pytest.mark.parametrize("expression", ["len(bc.model.METRICS)", "bc.plotting.cost_breakdown.__name__"])
def test_documented_paths_work_in_a_fresh_interpreter(expression):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", f"import basaltcalc as bc; print({expression})"],
                         capture_output=True, text=True, cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr


SOURCES = sorted(str(p.relative_to(PACKAGE.parent)) for d in ("basaltcalc", "tests", "benchmarks", "notebooks")
                 for p in (PACKAGE.parent / d).rglob("*.py"))


def test_no_invalid_escape_in_a_string():
    # a docstring with LaTeX (\lceil, \min) must be raw: otherwise Python warns on import
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        for name in SOURCES:
            compile((PACKAGE.parent / name).read_text(encoding="utf-8"), name, "exec")
