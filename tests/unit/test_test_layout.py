"""The tests' own layout: a test module imports builders from tests/support and nothing from
another test module or a conftest (fixtures reach tests through pytest, not imports), and
tests/support holds plain builders, no fixtures."""

from __future__ import annotations

import ast
from pathlib import Path

from local.template import ROOT

TESTS = ROOT / "tests"
SUPPORT = "tests.support"


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import in ``tree``, nested ones included; a relative import is
    named by its dots."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """The imports in ``source`` that reach a test module or a conftest: any module of the
    ``tests`` package outside tests.support, any ``conftest``, any relative import."""
    refused = []
    for line, module in _imported(ast.parse(source)):
        parts = module.split(".")
        in_tests = parts[0] == "tests" and module != SUPPORT
        if (
            (in_tests and not module.startswith(SUPPORT + "."))
            or "conftest" in parts
            or module.startswith(".")
        ):
            refused.append((line, module))
    return sorted(refused)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    found = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in forbidden_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, "import from tests/support instead:\n" + "\n".join(found)


def test_the_check_names_each_kind_of_forbidden_import() -> None:
    source = (
        "from tests.unit.identity.conftest import make_tenant\n"
        "import tests.unit.uploads.test_intake\n"
        "from conftest import GAS_ROW\n"
        "from .conftest import CREATE\n"
        "from tests.support.identity import Tenant\n"
        "def later():\n"
        "    from tests.integration import test_backup\n"
    )
    assert forbidden_imports(source) == [
        (1, "tests.unit.identity.conftest"),
        (2, "tests.unit.uploads.test_intake"),
        (3, "conftest"),
        (4, ".conftest"),
        (7, "tests.integration"),
    ]


def test_support_modules_define_no_fixtures() -> None:
    found = []
    for path in sorted((TESTS / "support").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                found.append(f"{_relative(path)}:{node.lineno} {node.name}")
    assert not found, "fixtures belong in a conftest.py:\n" + "\n".join(found)
