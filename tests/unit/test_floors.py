"""The floors of the code, and that every import points down them.

Read from the source (``ast``), not by importing it: a lazy import inside a function counts as
much as one at the top of a module. The order is the one the ``footprint`` package docstring
gives; ``local`` stands beside the floors and nothing deployed may import it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from local.template import ROOT

# From the bottom up; a module may import its own floor and the floors below it.
FLOORS = ("bottom", "domain", "adapters", "services", "api", "functions and cli")
LOCAL = "local"

# Every package of the layer, with its floor. A new package is declared here before it is
# used: a service package (use cases between the adapters and the entry points) goes under
# "services".
PACKAGE_FLOORS = {
    "footprint": "bottom",
    "footprint.observability": "bottom",
    "footprint.collector": "bottom",
    "footprint.domain": "domain",
    "footprint.adapters": "adapters",
    "footprint.identity": "services",
    "footprint.uploads": "services",
    "footprint.baseline": "services",
    "footprint.factor_import": "services",
    "footprint.api": "api",
    "footprint.cli": "functions and cli",
}
LAYER = ROOT / "layers" / "footprint"
FUNCTIONS = ROOT / "functions"


@dataclass(frozen=True)
class Module:
    name: str
    path: Path

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def floor_of(module: str) -> str | None:
    """The floor of a first-party module, or None for anything else (stdlib, third party)."""
    top = module.partition(".")[0]
    if top == "local":
        return LOCAL
    if top.startswith("fp_"):
        return "functions and cli"
    parts = module.split(".")
    # The longest declared package that holds the module; the root holds only itself.
    for length in range(len(parts), 1, -1):
        floor = PACKAGE_FLOORS.get(".".join(parts[:length]))
        if floor is not None:
            return floor
    return PACKAGE_FLOORS["footprint"] if module == "footprint" else None


def _modules_under(root: Path, package_dir: Path) -> Iterator[Module]:
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield Module(".".join(parts), path)


def every_module() -> list[Module]:
    """Every module of the layer, of the functions and of the local platform."""
    found = list(_modules_under(LAYER, LAYER / "footprint"))
    for code_dir in sorted(FUNCTIONS.iterdir()):
        for package in sorted(code_dir.glob("fp_*")):
            found.extend(_modules_under(code_dir, package))
    found.extend(_modules_under(ROOT, ROOT / "local"))
    return found


def imported_names(module: Module, source: str) -> Iterator[tuple[str, str, int]]:
    """What ``module`` imports: the statement as written, the module (or module member) it
    names, relative imports resolved, and its line."""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, str(module.path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield f"import {alias.name}", alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            written = f"from {'.' * node.level}{node.module or ''}"
            for alias in node.names:
                # ``from a import b``: b is a module of a or a name inside a; a.b has the
                # floor of either.
                yield f"{written} import {alias.name}", f"{base}.{alias.name}", node.lineno


def wrong_imports(modules: Iterable[tuple[Module, str]]) -> list[str]:
    """One line per import that points up the floors, or from deployed code into ``local``."""
    wrong: list[str] = []
    for module, source in modules:
        here = floor_of(module.name)
        if here is None:
            wrong.append(f"{module.name} has no floor: declare its package in PACKAGE_FLOORS")
            continue
        for written, name, line in imported_names(module, source):
            there = floor_of(name)
            if there is None or there == here or here == LOCAL:
                continue
            where = f"{module.name} (floor {here!r}) line {line}: {written}"
            if there == LOCAL:
                wrong.append(f"{where}: deployed code never imports local/")
            elif FLOORS.index(there) > FLOORS.index(here):
                wrong.append(f"{where} (floor {there!r}): an upward import")
    return wrong


def test_every_import_points_down_the_floors() -> None:
    modules = [(module, module.path.read_text(encoding="utf-8")) for module in every_module()]
    walked = {floor_of(module.name) for module, _ in modules}
    assert walked >= {*FLOORS, LOCAL}, "the walk misses a floor: it looks in the wrong place"
    wrong = wrong_imports(modules)
    assert not wrong, "\n".join(["imports that break the floors:", *wrong])


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("footprint.observability", "bottom"),
        ("footprint.domain.factors.gwp", "domain"),
        ("footprint.adapters.repository", "adapters"),
        ("footprint.identity.guard", "services"),
        ("footprint.uploads.intake", "services"),
        ("footprint.api.http", "api"),
        ("footprint.cli.calc", "functions and cli"),
        ("fp_users.routes.users", "functions and cli"),
        ("local.platform", LOCAL),
        ("footprint", "bottom"),
        ("footprint.reports.monthly", None),
        ("footprint_extra.x", None),
        ("boto3", None),
    ],
)
def test_a_module_has_the_floor_of_its_package(name: str, floor: str | None) -> None:
    assert floor_of(name) == floor


def _module(name: str) -> Module:
    return Module(name, Path(name.replace(".", "/") + ".py"))


def test_an_upward_import_is_named_with_both_floors() -> None:
    source = "import json\n\ndef f():\n    from footprint.api.http import make_resolver\n"
    assert wrong_imports([(_module("footprint.identity.signin"), source)]) == [
        "footprint.identity.signin (floor 'services') line 4: "
        "from footprint.api.http import make_resolver (floor 'api'): an upward import"
    ]


def test_a_relative_upward_import_is_resolved_and_named() -> None:
    source = "from ..adapters import repository\n"
    assert wrong_imports([(_module("footprint.domain.keys"), source)]) == [
        "footprint.domain.keys (floor 'domain') line 1: "
        "from ..adapters import repository (floor 'adapters'): an upward import"
    ]


def test_deployed_code_importing_local_is_named() -> None:
    source = "from local.template import ROOT\n"
    assert wrong_imports([(_module("fp_platform.app"), source)]) == [
        "fp_platform.app (floor 'functions and cli') line 1: "
        "from local.template import ROOT: deployed code never imports local/"
    ]


def test_local_and_imports_down_or_across_a_floor_are_allowed() -> None:
    allowed = [
        (_module("local.seed"), "from footprint.identity import tenants\nimport fp_users.app\n"),
        (_module("footprint.api.access"), "from footprint.identity.guard import x\n"),
        (_module("footprint.identity.users"), "from footprint.uploads import intake\n"),
        (_module("footprint.domain.calculator"), "from footprint.observability import logger\n"),
    ]
    assert wrong_imports(allowed) == []


def test_a_package_without_a_floor_is_named() -> None:
    assert wrong_imports([(_module("footprint.reports.monthly"), "")]) == [
        "footprint.reports.monthly has no floor: declare its package in PACKAGE_FLOORS"
    ]
