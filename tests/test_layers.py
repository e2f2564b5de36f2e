"""Imports run one way: dhrqa <- submissions <- panel. An app imports only from the apps below it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["dhrqa", "submissions", "panel"]


def imported_apps(path):
    """The project apps a Python file imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.extend((name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in LAYERS)
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_layers_app_imports_only_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    root = Path(settings.BASE_DIR) / app

    upward = [
        f"{path.relative_to(settings.BASE_DIR)}:{line} imports {imported}"
        for path in sorted(root.rglob("*.py"))
        for imported, line in imported_apps(path)
        if imported not in allowed
    ]

    assert upward == []


def test_layers_checker_sees_an_upward_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import os\nfrom panel.models import Letter\nimport submissions.enums as e\n")

    assert imported_apps(module) == [("panel", 2), ("submissions", 3)]


def status_assignments(path):
    """(line, what is assigned) for every `<something>.status = ...` and `.update(status=...)` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    found.append((node.lineno, ast.unparse(node.value)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
            found.extend((node.lineno, ast.unparse(keyword.value)) for keyword in node.keywords
                         if keyword.arg == "status")
    return found


def test_layers_only_the_status_service_assigns_a_submissions_status():
    mover = Path(settings.BASE_DIR) / "submissions" / "services" / "status.py"

    elsewhere = [
        f"{path.relative_to(settings.BASE_DIR)}:{line} sets status to {value}"
        for app in LAYERS
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        if path != mover and "migrations" not in path.parts
        for line, value in status_assignments(path)
        if app == "submissions" or "SubmissionStatus" in value
    ]

    assert elsewhere == []
    assert [value for _, value in status_assignments(mover)] == ["target"]
