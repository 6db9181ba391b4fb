"""The house rules of the layout, checked on the source: collection names declared once (in the
Beanie documents), no module over 400 lines, few modules at the top of `directory/`, nothing
outside `web/` importing Litestar, and no domain package importing `web/`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from directory.db import collection_names

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("directory/**/*.py"), *ROOT.glob("search/**/*.py")])


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_collection_names_appear_only_where_a_document_declares_them() -> None:
    names = "|".join(re.escape(n) for n in collection_names())
    literal = re.compile(
        rf"""db\[\s*["']({names})["']\s*\]|get_collection\(["']|bucket_name=["']""")
    offenders = [f"{_relative(p)}:{n}" for p in SOURCES if p.name != "documents.py"
                 for n, line in enumerate(p.read_text().splitlines(), 1) if literal.search(line)]
    assert offenders == []


def test_modules_stay_small() -> None:
    long = {_relative(p): n for p in SOURCES if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_few_modules_at_the_top_of_directory() -> None:
    top = sorted(p.name for p in (ROOT / "directory").glob("*.py") if p.name != "__init__.py")
    assert len(top) <= 12, top


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_litestar_only_in_web_and_web_only_from_web_and_cli() -> None:
    wrong = []
    for path in SOURCES:
        rel = _relative(path)
        in_web, in_cli = rel.startswith("directory/web/"), rel.startswith("directory/cli/")
        for module in _imports(path):
            if module.split(".")[0] == "litestar" and not in_web:
                wrong.append(f"{rel} imports {module}")
            if module.startswith("directory.web") and not (in_web or in_cli):
                wrong.append(f"{rel} imports {module}")
    assert wrong == []
