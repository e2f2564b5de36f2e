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
