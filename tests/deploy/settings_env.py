"""The environment variables Factdesk reads, found in its source, and what ``.env.example`` says about them.

Shared by the deploy tests. The settings read the environment through django-environ (``env.int("NAME",
default=...)``); the extraction package, which has no Django, reads ``os.environ`` itself.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from pathlib import Path

from tests.procs import REPO

SETTINGS = REPO / "factcheck" / "settings.py"
ENV_EXAMPLE = REPO / ".env.example"
SOURCE_DIRS = (REPO / "factcheck", REPO / "workflows")
NO_DEFAULT = object()  # the default is computed (e.g. from DEBUG): nothing to compare


@dataclass(frozen=True)
class EnvRead:
    name: str
    cast: str  # "str", "int", "float", "bool", "list", ... ("str" for env("NAME") and os.environ)
    default: object  # the literal default, None when there is none, NO_DEFAULT when it is computed
    where: str  # path:line


_OPS = {ast.Mult: operator.mul, ast.Add: operator.add, ast.Sub: operator.sub}


def _constant(node: ast.AST) -> object:
    """The value of a literal expression (numbers, strings, ``3 * 1024 * 1024``, lists of those), else NO_DEFAULT."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _constant(node.left), _constant(node.right)
        if NO_DEFAULT not in (left, right):
            return _OPS[type(node.op)](left, right)
    if isinstance(node, ast.List):
        items = [_constant(item) for item in node.elts]
        return NO_DEFAULT if NO_DEFAULT in items else items
    return NO_DEFAULT


def _settings_reads(path: Path) -> list[EnvRead]:
    reads = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "env":
            cast = "str"
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env":
            if func.attr == "read_env":
                continue
            cast = func.attr
        else:
            continue
        defaults = [kw.value for kw in node.keywords if kw.arg == "default"]
        default = _constant(defaults[0]) if defaults else None
        reads.append(EnvRead(node.args[0].value, cast, default, f"{path.relative_to(REPO)}:{node.lineno}"))
    return reads


def _os_environ_reads(path: Path) -> list[EnvRead]:
    """``os.environ.get(NAME)``, ``os.getenv(NAME)``, ``os.environ[NAME]``: NAME a string or a module constant."""
    tree = ast.parse(path.read_text())
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in {"os.environ.get", "os.getenv"}:
            arg = node.args[0]
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and ast.unparse(node.value) == "os.environ"
        ):
            arg = node.slice
        else:
            continue
        name = arg.value if isinstance(arg, ast.Constant) else constants.get(getattr(arg, "id", ""))
        if isinstance(name, str) and name != "DJANGO_SETTINGS_MODULE":
            reads.append(EnvRead(name, "str", NO_DEFAULT, f"{path.relative_to(REPO)}:{node.lineno}"))
    return reads


def environment_reads() -> list[EnvRead]:
    """Every read of an environment variable by the product: the settings, and any module reading os.environ."""
    reads = _settings_reads(SETTINGS)
    for folder in SOURCE_DIRS:
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts and path != SETTINGS:
                reads += _os_environ_reads(path)
    return reads


_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


def example_values() -> dict[str, str]:
    """{NAME: value} from ``.env.example``, whether set (``NAME=value``) or shown commented out (``# NAME=value``).

    The first mention of a name counts (a second, commented line is an example of another value).
    """
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = _LINE.match(line.strip())
        if match:
            values.setdefault(match.group(1), match.group(2).strip())
    return values


def parse_example(cast: str, text: str) -> object:
    """An example's text as the settings would cast it."""
    if cast == "int":
        return int(text)
    if cast == "float":
        return float(text)
    if cast == "bool":
        return text.lower() in {"true", "1", "yes", "on"}
    if cast == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text
