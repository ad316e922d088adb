"""Arrows only point down: no module or template of an app names an app above it.

Layers, low to high: the core (cddfund), institutes, debts, assessments, reports, and above them
the subjects that span the apps (imports, scale). Migrations and tests are left out."""

import ast
import re
from pathlib import Path

from django.conf import settings

LAYERS = ["cddfund", "institutes", "debts", "assessments", "reports", ("imports", "scale")]
RANK = {
    name: rank
    for rank, layer in enumerate(LAYERS)
    for name in (layer if isinstance(layer, tuple) else (layer,))
}
ROOT = Path(settings.BASE_DIR)
INCLUDE = re.compile(r"{%\s*(?:include|extends)\s+['\"]([a-z_]+)/")


def _imported(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


def test_no_module_imports_a_higher_app():
    upward = []
    for app, rank in RANK.items():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for name, line in _imported(path):
                top = name.split(".")[0]
                if RANK.get(top, -1) > rank:
                    upward.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert upward == []


def test_no_template_includes_a_higher_apps_template():
    upward = []
    for app, rank in RANK.items():
        for path in (ROOT / "templates" / app).rglob("*.html"):
            for top in INCLUDE.findall(path.read_text(encoding="utf-8")):
                if RANK.get(top, -1) > rank:
                    upward.append(f"{path.relative_to(ROOT)} includes {top}/")
    assert upward == []
