"""Layers run one way: the extraction library (no Django) → models → audit → services and selectors → admin,
API, public site, tasks, commands. Read from the code's own imports (every ``import``, at module level or
inside a function), so a new upward import fails here, naming the file and the line.

A *package* here is what the code is made of one level down: ``factcheck/<name>`` (a module or a package)
and ``workflows``; the import graph between packages must have no cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

SOURCES = [*sorted((REPO / "factcheck").rglob("*.py")), *sorted((REPO / "workflows").rglob("*.py"))]


def _module(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything ``path`` imports, relative imports resolved."""
    package = _module(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _package(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] == "workflows":
        return "workflows"
    if parts[0] == "factcheck" and len(parts) > 1:
        return f"factcheck.{parts[1]}"
    return None


def _within(dotted: str, *prefixes: str) -> bool:
    return any(dotted == p or dotted.startswith(p + ".") for p in prefixes)


def _offences(sources, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(REPO)}:{line} imports {name}"
        for path in sources
        for line, name in _imports(path)
        if _within(name, *forbidden)
    ]


def _files(*prefixes: str) -> list[Path]:
    return [p for p in SOURCES if _within(_module(p), *prefixes) and "migrations" not in p.parts]


def test_the_packages_import_each_other_without_a_cycle():
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in SOURCES:
        here = _package(_module(path))
        for line, name in _imports(path):
            there = _package(name)
            if there and there != here and there != "factcheck.__init__":
                edges[here][there].append(f"{path.relative_to(REPO)}:{line}")

    def cycle_from(start, node, trail):
        for nxt in edges.get(node, {}):
            if nxt == start:
                return [*trail, nxt]
            if nxt not in trail:
                found = cycle_from(start, nxt, [*trail, nxt])
                if found:
                    return found
        return None

    for start in list(edges):
        cycle = cycle_from(start, start, [start])
        if cycle:
            links = [f"{a} -> {b} ({', '.join(edges[a][b][:3])})" for a, b in zip(cycle, cycle[1:], strict=False)]
            raise AssertionError("packages import each other in a circle:\n" + "\n".join(links))


def test_no_two_modules_import_each_other_even_through_others():
    """Ingestion's services send their tasks by name (``services.PROCESS_TASK``), so ``tasks`` may call them."""
    modules = {_module(p): p for p in SOURCES}

    def target(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {m: {t for _, n in _imports(p) if (t := target(n)) and t != m} for m, p in modules.items()}
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert circles == []


def test_the_extraction_library_imports_no_django_and_no_other_package():
    extraction = _files("factcheck.extraction")
    assert _offences(extraction, ("django",)) == []
    outside = [o for o in _offences(extraction, ("factcheck", "workflows")) if " imports factcheck.extraction" not in o]
    assert outside == []


def test_the_audit_log_imports_none_of_what_writes_to_it():
    assert (
        _offences(
            _files("factcheck.audit"),
            ("workflows", "factcheck.articles", "factcheck.verdicts", "factcheck.publishing", "factcheck.api"),
        )
        == []
    )


def test_the_domain_apps_import_neither_the_workflow_nor_the_api():
    domain = _files(
        "factcheck.articles",
        "factcheck.claims",
        "factcheck.verdicts",
        "factcheck.audit",
        "factcheck.publishing",
        "factcheck.roles",
        "factcheck.inputs",
        "factcheck.safety",
    )
    assert _offences(domain, ("workflows", "factcheck.api")) == []


def test_services_and_selectors_never_know_the_public_site():
    """The site hears of publish / correct / retract through ``factcheck.verdicts.signals`` instead."""
    lower = _files(
        "workflows.services",
        "workflows.selectors",
        "workflows.permissions",
        "workflows.transitions",
        "factcheck.articles.services",
        "factcheck.articles.selectors",
    )
    assert _offences(lower, ("factcheck.publishing", "factcheck.api", "workflows.desk")) == []


def test_the_desk_and_the_api_take_the_safety_helpers_from_their_home():
    """``plain``, ``strip_controls`` and ``http_url`` live in ``factcheck.safety``; the public site's display
    uses them too, but is nobody's way to them."""
    outside = [p for p in SOURCES if not _within(_module(p), "factcheck.publishing")]
    helpers = tuple(
        f"factcheck.publishing.display.{name}" for name in ("plain", "strip_controls", "http_url", "names_labels")
    )
    assert _offences(outside, helpers) == []


def test_migrations_never_import_the_live_application():
    """A migration must do tomorrow what it did the day it was written: it copies what it needs."""
    migrations = [p for p in SOURCES if "migrations" in p.parts]
    assert migrations, "no migrations found"
    assert _offences(migrations, ("factcheck", "workflows")) == []
