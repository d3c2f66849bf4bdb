"""Module import graph of journeys/* and its cycles: `python scripts/import_cycles.py [repo root]`.

Edges are split into module-level imports (run at import time) and imports inside a
function or method (run on call). A cycle of module-level edges only can break at import
time; one that needs a function-level edge is reported apart.
"""

import ast
import itertools
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
PKG = "journeys"


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


files = {module_name(p): p for p in (ROOT / PKG).rglob("*.py") if "migrations" not in p.parts}
modules = set(files)


def resolve(name):
    """The longest known journeys module that `name` is or lies inside."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def targets(node, current, is_pkg):
    if isinstance(node, ast.Import):
        return [resolve(a.name) for a in node.names if a.name.startswith(PKG)]
    if node.level:
        base = current.split(".")
        drop = node.level - (1 if is_pkg else 0)
        base = base[: len(base) - drop] if drop else base
        mod = ".".join(base + ([node.module] if node.module else []))
    else:
        mod = node.module or ""
    if not mod.startswith(PKG):
        return []
    # `from pkg import sub` imports the submodule when there is one.
    out = []
    for a in node.names:
        sub = f"{mod}.{a.name}"
        out.append(sub if sub in modules else resolve(mod))
    return out


edges = {m: {} for m in modules}  # m -> {target: "module"|"function"}


class Visitor(ast.NodeVisitor):
    def __init__(self, mod, is_pkg):
        self.mod, self.is_pkg, self.depth = mod, is_pkg, 0

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        self._add(node)

    visit_ImportFrom = visit_Import

    def _add(self, node):
        kind = "function" if self.depth else "module"
        for t in targets(node, self.mod, self.is_pkg):
            if t and t != self.mod:
                if edges[self.mod].get(t) != "module":
                    edges[self.mod][t] = kind


# A package's submodule also imports its parent package first; that edge is left out:
# the parent is what is importing the submodule, already in sys.modules, not a circle.
for mod, path in files.items():
    Visitor(mod, path.name == "__init__.py").visit(ast.parse(path.read_text()))


def sccs(graph):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def shortest_cycle(graph, comp):
    """One shortest cycle through the component's first module (breadth first)."""
    start = comp[0]
    prev, frontier = {start: None}, [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    return [*reversed(path), start]
                if w in comp and w not in prev:
                    prev[w] = v
                    following.append(w)
        frontier = following
    return None


def graph_of(kinds):
    return {m: {t for t, k in e.items() if k in kinds} for m, e in edges.items()}


count = {k: sum(v == k for e in edges.values() for v in e.values()) for k in ("module", "function")}
print(
    f"{len(modules)} modules under {PKG}/ (migrations left out), "
    f"{count['module']} module-level and {count['function']} function-level import edges"
)
fn = sorted(f"{m} -> {t}" for m, e in edges.items() for t, k in e.items() if k == "function")
print("function-level edges:\n  " + "\n  ".join(fn))
found_at_import_time = 0
for title, kinds in (
    ("cycles of module-level imports (these break at import time)", {"module"}),
    (
        "cycles once function-level imports count too ([f] = inside a function)",
        {"module", "function"},
    ),
):
    graph = graph_of(kinds)
    comps = sccs(graph)
    found_at_import_time = found_at_import_time or (len(comps) if kinds == {"module"} else 0)
    print(f"\n== {title}: {len(comps)}")
    for comp in comps:
        print(f"  component of {len(comp)}: {', '.join(comp)}")
        cycle = shortest_cycle(graph, comp)
        marks = "".join(f"{a} -[{edges[a][b][0]}]-> " for a, b in itertools.pairwise(cycle))
        print("    e.g. " + marks + cycle[-1])
sys.exit(1 if found_at_import_time else 0)
