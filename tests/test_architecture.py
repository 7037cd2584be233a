"""The shape of the package: imports point one way, no circles, no oversized modules.

Layers, lowest first (DESIGN §1): errors/tolerance/limits/numbers → games → scenario and
solvers → analysis → report and plotting → cli.  A module may import its own layer or a
lower one, never a higher one; inside a layer the imports must not form a circle.  Every
import counts: those deferred into a function body (they run, just later) and those under
``if TYPE_CHECKING:`` (a type named across two modules ties them together as much as a call).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "negotiation_sim"
MAX_LINES = 500

# Rank of each top-level module or subpackage; higher ranks may import lower ones.
LAYERS = {
    "errors": 0,
    "tolerance": 0,
    "limits": 0,
    "numbers": 0,
    "wording": 0,
    "games": 1,
    "scenario": 2,
    "solvers": 2,
    "analysis": 3,
    "output": 4,
    "report": 4,
    "plotting": 4,
    "demo": 5,
    "study_report": 5,
    "cli": 6,
    "__main__": 7,
    "__init__": 7,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Modules of the package that ``name`` imports (resolved to module names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("negotiation_sim."):
                    found.add(alias.name.removeprefix("negotiation_sim."))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("negotiation_sim"):
                target = node.module.removeprefix("negotiation_sim").lstrip(".")
            else:
                return
            for alias in node.names:
                full = f"{target}.{alias.name}" if target else alias.name
                found.add(full if full in MODULES else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    top = module.split(".")[0]
    if top not in LAYERS:
        pytest.fail(f"module '{module}' is in no layer; add '{top}' to LAYERS in {Path(__file__).name}")
    return LAYERS[top]


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_nothing_imports_upward(module: str) -> None:
    upward = sorted(m for m in GRAPH[module] if _layer(m) > _layer(module))
    assert not upward, f"{module} imports higher layers: {', '.join(upward)}"


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), plus self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def connect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            connect(v)
    return components


def test_no_import_circles() -> None:
    cycles = _cycles()
    assert not cycles, "import circles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_graph_is_read() -> None:
    # Guards the parser itself: known edges must be seen.
    assert "games.tree" in GRAPH["games"]
    assert "games" in GRAPH["solvers.spe"]
    assert "errors" in GRAPH["games.base"]
    assert "scenario.evaluation" in GRAPH["scenario.schema"]
    assert "scenario.schema" not in GRAPH["scenario.evaluation"]


def _lines(module: str) -> int:
    return len(MODULES[module].read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_the_line_limit(module: str) -> None:
    lines = _lines(module)
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PACKAGE.parent)} has {lines} lines (limit {MAX_LINES})"
