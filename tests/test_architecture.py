"""The direction of dependency between the project's apps, for every module.

`core` is the ground and imports no app of the project; `people` < `courses` <
{`assessments`, `certificates`, `scheduling`} < `reports` < `lms`, the top, which no
app imports. Every .py file of every app is read with `ast`, migrations and imports
inside functions included, as is every `importlib.import_module("...")` literal.
tests/, bench/ and scripts/ stand outside the apps and may import any of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The one drawing of the layers, from the ground up: each app and the project apps it
# may import besides itself. Apps still to come are listed where they will stand.
BELOW_ITEMS = frozenset({"core", "people", "courses"})
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "people": frozenset({"core"}),
    "courses": frozenset({"core", "people"}),
    "assessments": BELOW_ITEMS,
    "certificates": BELOW_ITEMS,
    "scheduling": BELOW_ITEMS,
    "reports": BELOW_ITEMS | {"assessments", "certificates", "scheduling"},
    "lms": BELOW_ITEMS | {"assessments", "certificates", "scheduling", "reports"},
}
APPS = [name for name in ALLOWED if (ROOT / name / "apps.py").exists()]
# Settings modules start `from .base import *` (HOUSE_STYLE §7); nothing else may.
STAR_IMPORTS_ALLOWED = ROOT / "lms" / "settings"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return ""


def imports_in(source: str, *, package: str) -> list[tuple[int, str, bool]]:
    """(line, module, is a star import) for every import in the source of a module of
    `package`: relative imports resolved, `import_module("...")` literals counted."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                module = ".".join([*parts, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            star = any(alias.name == "*" for alias in node.names)
            found.append((node.lineno, module, star))
        elif (
            isinstance(node, ast.Call)
            and _called_name(node) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value, False))
    return sorted(found)


def _imports(path: Path) -> list[tuple[int, str, bool]]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package=package)


def _files(*folders: str) -> list[Path]:
    return [
        path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))
    ]


def _offences(app: str, forbidden) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}: imports {module}"
        for path in _files(app)
        for line, module, _star in _imports(path)
        if forbidden(module.split(".")[0])
    ]


def test_every_app_imports_only_the_apps_below_it():
    offences = [
        offence
        for app in APPS
        for offence in _offences(
            app, lambda top, app=app: top in ALLOWED and top not in {app, *ALLOWED[app]}
        )
    ]
    assert not offences, "Imports against the direction of dependency:\n" + "\n".join(
        offences
    )


def test_core_imports_no_app_of_the_project():
    offences = _offences("core", lambda top: top in ALLOWED and top != "core")
    assert not offences, "\n".join(offences)


def test_no_app_imports_lms_the_top():
    offences = [
        offence
        for app in APPS
        if app != "lms"
        for offence in _offences(app, lambda top: top == "lms")
    ]
    assert not offences, "\n".join(offences)


def test_no_star_imports():
    """No `import *` in the apps, tests/, bench/ or scripts/."""
    offences = [
        f"{path.relative_to(ROOT)}:{line}: from {module} import *"
        for path in _files(*APPS, "tests", "bench", "scripts")
        if not path.is_relative_to(STAR_IMPORTS_ALLOWED)
        for line, module, star in _imports(path)
        if star
    ]
    assert not offences, "\n".join(offences)


def test_every_app_is_in_the_drawing_above_what_it_may_import():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(ALLOWED), f"apps missing from ALLOWED: {apps - set(ALLOWED)}"
    order = list(ALLOWED)
    for app, allowed in ALLOWED.items():
        assert all(order.index(other) < order.index(app) for other in allowed), app
    assert "core" in APPS and "lms" in APPS


def test_the_reader_sees_imports_in_functions_relative_and_by_name():
    source = (
        "import importlib\n"
        "from .db import BaseModel\n"
        "from .. import mail\n"
        "from people.models import *\n"
        "def f():\n"
        "    from lms.demo import USERS\n"
        "    importlib.import_module('certificates.tasks')\n"
    )
    assert imports_in(source, package="core.templatetags") == [
        (1, "importlib", False),
        (2, "core.templatetags.db", False),
        (3, "core", False),
        (4, "people.models", True),
        (6, "lms.demo", False),
        (7, "certificates.tasks", False),
    ]
