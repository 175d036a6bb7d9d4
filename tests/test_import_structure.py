"""The package's import graph: no cycles, and the library never imports the CLI or the
experiments (which are thin callers of it, and never import each other)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "nucmass"


def _modules() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("nucmass", *path.relative_to(ROOT).with_suffix("").parts))
        names[name.removesuffix(".__init__")] = path
    return names


def _edges() -> dict[str, set[str]]:
    """Module -> nucmass modules it imports (anywhere in its body, lazy imports included)."""
    modules = _modules()
    edges = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nucmass"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    edges[name].add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                edges[name] |= {a.name for a in node.names if a.name in modules}
    return edges


def _cycle(edges: dict) -> "list[str] | None":
    """One import cycle, or None (depth-first search)."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target, [*path, target])):
                return found
        state[node] = "done"
        return None

    return next((c for n in sorted(edges) if n not in state if (c := visit(n, [n]))), None)


def test_no_import_cycle():
    assert _cycle(_edges()) is None


def test_the_library_imports_neither_the_cli_nor_the_experiments():
    thin = ("nucmass.cli", "nucmass.experiments")
    wrong = [
        (name, target)
        for name, targets in _edges().items()
        for target in targets
        if target.startswith(thin) and not name.startswith(thin) and name != "nucmass.__main__"
    ]
    assert wrong == []


def test_experiments_rest_on_the_library_not_on_each_other():
    wrong = [
        (name, target)
        for name, targets in _edges().items()
        for target in targets
        if name.startswith("nucmass.experiments.") and target.startswith("nucmass.experiments.")
    ]
    assert wrong == []
