"""Enforces two structural rules of the house guide: no import cycle between project
modules, and no module over 600 lines in ``app/``, ``sync/`` and ``forms/``.

The import graph counts every import statement wherever it is written: at module level,
inside functions (lazy imports) and under ``if TYPE_CHECKING:``. Nodes are modules of
``app``, ``sync``, ``forms`` and ``main.py``; ``from P import name`` is an edge to the
submodule ``P.name`` when that is a module, else to ``P`` itself. Importing a submodule
is not counted as an edge to its parent packages (that would make every package whose
``__init__`` re-exports a submodule a cycle).

The KNOWN lists below name what is still wrong on main and who is fixing it. They must
only shrink: the tests also fail when a KNOWN entry no longer applies, so whoever fixes
one removes it here in the same change.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "sync", "forms", "stats")
MAX_LINES = 600

# Import cycles still on main (each as the set of modules of one strongly connected
# component). Must shrink; delete an entry when its cycle is gone.
KNOWN_CYCLES: list[frozenset[str]] = []

# Modules over MAX_LINES still on main. Must shrink; delete an entry when it is split.
KNOWN_OVERSIZE: set[str] = set()


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    found = {
        module_name(path, root): path
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
    }
    if (root / "main.py").exists():
        found["main"] = root / "main.py"
    return found


def _targets(node: ast.AST, here: str, is_package: bool, known: set[str]) -> Iterable[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if not isinstance(node, ast.ImportFrom):
        return
    if node.level:
        base = here.split(".") if is_package else here.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        package = ".".join([*base, *([node.module] if node.module else [])])
    else:
        package = node.module or ""
    for alias in node.names:
        sub = f"{package}.{alias.name}"
        yield sub if sub in known else package


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> project modules it imports (any import statement anywhere in it)."""
    modules = project_modules(root)
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(tree):
            for target in _targets(node, name, is_package, known):
                # ``import app.store.x`` names app.store.x; keep the longest project module
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def oversize(root: Path = ROOT) -> dict[str, int]:
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                out[path.relative_to(root).as_posix()] = lines
    return out


def _describe(component: frozenset[str], graph: dict[str, set[str]]) -> str:
    edges = sorted(f"{a} -> {b}" for a in component for b in graph[a] if b in component)
    return "{" + ", ".join(sorted(component)) + "}: " + "; ".join(edges)


def test_no_import_cycle_between_project_modules() -> None:
    graph = import_graph()
    found = cycles(graph)
    new = [_describe(c, graph) for c in found if c not in KNOWN_CYCLES]
    assert new == [], "import cycles (edges inside each cycle):\n" + "\n".join(new)
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in found]
    assert gone == [], f"KNOWN_CYCLES entries no longer apply, remove them: {gone}"


def test_no_module_over_the_line_cap() -> None:
    found = oversize()
    new = {path: n for path, n in found.items() if path not in KNOWN_OVERSIZE}
    assert new == {}, f"modules over {MAX_LINES} lines: {new}"
    gone = sorted(KNOWN_OVERSIZE - set(found))
    assert gone == [], f"KNOWN_OVERSIZE entries no longer apply, remove them: {gone}"


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_scanner_counts_type_checking_lazy_and_relative_imports(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from app.b import B\n",
            "app/b.py": "def f():\n    from . import c\n",
            "app/c.py": "import app.a\n",
            "sync/__init__.py": "from sync.x import y\n",
            "sync/x.py": "from sync import z\n",
            "sync/z.py": "import os\n",
            "forms/__init__.py": "",
            "main.py": "from app import a\n",
        },
    )
    graph = import_graph(tmp_path)
    assert graph["app.a"] == {"app.b"}
    assert graph["app.b"] == {"app.c"}
    assert graph["app.c"] == {"app.a"}
    assert graph["sync.x"] == {"sync.z"}  # a submodule, not the package
    assert graph["main"] == {"app.a"}
    assert cycles(graph) == [frozenset({"app.a", "app.b", "app.c"})]


def test_scanner_sees_a_package_cycle_and_long_modules(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/p/__init__.py": "from app.p.q import thing\n",
            "app/p/q.py": "from app.p import other\n" + "x = 1\n" * MAX_LINES,
            "sync/__init__.py": "",
            "forms/__init__.py": "",
        },
    )
    graph = import_graph(tmp_path)
    assert cycles(graph) == [frozenset({"app.p", "app.p.q"})]
    assert oversize(tmp_path) == {"app/p/q.py": MAX_LINES + 1}
