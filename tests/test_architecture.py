"""The layering of DESIGN 3: a numpy-only core, nothing importing upward, no import cycles."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "basaltcalc"
CORE = ("elements", "transport", "production", "compare")


def _imports(path: Path) -> tuple[set, set]:
    """(package modules, third-party top-level packages) imported anywhere in a module."""
    local, external = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                local.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            else:
                external.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            external.update(a.name.split(".")[0] for a in node.names)
    return local, external


GRAPH = {p.stem: _imports(p)[0] for p in PACKAGE.glob("*.py")}


@pytest.mark.parametrize("module", CORE)
def test_core_is_numpy_only(module):
    local, external = _imports(PACKAGE / f"{module}.py")
    assert external <= {"__future__", "numpy", "scipy"}, external
    assert local <= set(CORE), local
    assert "open(" not in (PACKAGE / f"{module}.py").read_text(encoding="utf-8")


def test_no_import_cycles():
    def visit(node, stack):
        for dep in GRAPH.get(node, ()):
            assert dep not in stack, f"import cycle: {' -> '.join([*stack, dep])}"
            visit(dep, [*stack, dep])

    for module in GRAPH:
        visit(module, [module])
