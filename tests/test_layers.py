"""The layers of ARCHITECTURE.md: a module may import from its own layer and those below,
never from above. ``lib`` imports no Django at all. Views (and the other doors: urls,
admin, the API) may reach up; models, services, access rules, lifecycles, forms,
events and sections may not."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "fagvei"

# Lowest first. An app may import the apps before it in this list, never after.
LAYERS = [
    "lib",
    "core",
    "accounts",
    "audit",
    "curricula",
    "organisations",
    "people",
    "pathways",
    "documents",
    "contracts",
    "followup",
    "guidance",
    "plans",
    "absence",
    "equipment",
    "exams",
    "concerns",
    "deadlines",
    "calendars",
    "reminders",
    "api",
    "demo",
]
# Modules that are doors into an app and may reach up to the apps above it; an app whose
# API outgrows one module names the others "<part>_api.py" (contracts: county_api.py).
DOORS = {"views.py", "urls.py", "api.py", "admin.py", "pickers.py"}
DOOR_SUFFIXES = ("_api.py", "_views.py")
SKIPPED_FOLDERS = {"migrations", "management", "templatetags"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "fagvei" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _checked_modules() -> list[tuple[str, Path]]:
    found = []
    for layer in LAYERS:
        folder = PACKAGE / layer
        if not folder.exists():
            continue
        for path in folder.rglob("*.py"):
            relative = path.relative_to(folder)
            if set(relative.parts[:-1]) & SKIPPED_FOLDERS or path.name in DOORS or path.name.endswith(DOOR_SUFFIXES):
                continue
            found.append((layer, path))
    return found


def test_no_model_service_or_access_module_imports_upward():
    upward = []
    for layer, path in _checked_modules():
        for module in _imports(path):
            target = _layer_of(module)
            if target is not None and LAYERS.index(target) > LAYERS.index(layer):
                upward.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert upward == [], "imports from a higher layer:\n" + "\n".join(sorted(upward))


def test_lib_imports_no_django():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in (PACKAGE / "lib").rglob("*.py")
        for module in _imports(path)
        if module.split(".")[0] == "django" or _layer_of(module) not in (None, "lib")
    ]
    assert offenders == []


def test_the_check_sees_an_upward_import(tmp_path):
    bad = tmp_path / "services.py"
    bad.write_text("from fagvei.pathways.models import Pathway\n", encoding="utf-8")
    assert "fagvei.pathways.models" in _imports(bad)
    assert LAYERS.index(_layer_of("fagvei.pathways.models") or "") > LAYERS.index("people")
