"""The sources app sits on the ingestion floor: it uses the articles ingest service and the claims archive,
and imports nothing above it (the workflow, the desk, the API, the public site); of the code above, only the
desk's page and the API's endpoints reach it."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
ABOVE = ("workflows", "factcheck.api", "factcheck.publishing")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_sources_import_nothing_above_ingestion():
    offences = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in sorted((REPO / "factcheck" / "sources").rglob("*.py"))
        for name in _imports(path)
        if _within(name, *ABOVE)
    ]
    assert offences == []


def test_only_the_desk_and_the_api_reach_the_sources_app():
    paths = [*sorted((REPO / "factcheck").rglob("*.py")), *sorted((REPO / "workflows").rglob("*.py"))]
    users = {
        str(path.relative_to(REPO))
        for path in paths
        if "sources" not in path.relative_to(REPO).parts[:2]
        and any(_within(name, "factcheck.sources") for name in _imports(path))
    }
    assert users <= {"workflows/desk/sources.py", "factcheck/api/sources.py", "workflows/admin.py"}
