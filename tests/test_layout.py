"""The plugin's layout shows its architecture: floors that import only downward, no cycle.

Each subpackage's docstring says its job and, on a line "May import: …", the floors below it;
this test reads those lines and the imports of every module (also those inside functions),
so the documentation and the code cannot drift apart.
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from conftest import ROOT

PLUGIN = ROOT / "plugins" / "huurwijzer"
FLOORS = ("core", "reading", "stances", "site", "intake", "commands")
TOP = {"huurwijzer", "huurwijzer.plugin"}  # the entry point and its wiring may import anything


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGIN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every huurwijzer module ``path`` imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "huurwijzer":
                continue
            for alias in node.names:  # `from huurwijzer.core import clock` names a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "huurwijzer"}
    return found - {name}


MODULES = {module_name(p) for p in PLUGIN.rglob("*.py")}
GRAPH = {module_name(p): imports_of(p) for p in sorted(PLUGIN.rglob("*.py"))}


def floor(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOORS else None


def allowed(group: str) -> set[str]:
    """The floors a subpackage's docstring says it may import, and itself."""
    doc = ast.get_docstring(ast.parse((PLUGIN / group / "__init__.py").read_text())) or ""
    line = re.search(r"^May import: (.*)$", doc, re.MULTILINE)
    assert line, f"{group}/__init__.py: its docstring needs a line 'May import: …'"
    listed = line.group(1).split("(")[0].rstrip(". ")
    named = set() if listed == "nothing" else {n.strip() for n in listed.split(",")}
    return named | {group}


def test_every_floor_is_a_subpackage_with_a_docstring_that_names_its_modules():
    for group in FLOORS:
        init = PLUGIN / group / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        modules = sorted(p.stem for p in (PLUGIN / group).glob("*.py") if p.stem != "__init__")
        assert modules, group
        missing = [m for m in modules if not re.search(rf"^{m}\b", doc, re.MULTILINE)]
        assert missing == [], f"{group}/__init__.py does not describe {missing}"
    loose = sorted(p.name for p in PLUGIN.glob("*.py"))
    assert loose == ["__init__.py", "plugin.py"]  # every module lives on a floor


def test_the_import_graph_of_the_plugin_has_no_cycle():
    assert len(GRAPH) > 40 and sum(map(len, GRAPH.values())) > 100  # the graph was read
    try:
        order = list(TopologicalSorter(GRAPH).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
    assert set(order) >= MODULES


@pytest.mark.parametrize("group", FLOORS)
def test_a_floor_imports_only_from_the_floors_its_docstring_allows(group):
    permitted = allowed(group)
    upward = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if floor(module) == group
        for target in sorted(targets)
        if target in TOP or floor(target) not in permitted
    ]
    assert upward == []


def test_the_floors_are_in_order():
    """Each floor may import only floors listed before it, so no two floors import each other."""
    for i, group in enumerate(FLOORS):
        assert allowed(group) <= set(FLOORS[: i + 1]), group


def test_settings_and_the_clock_import_nothing_from_the_plugin():
    assert GRAPH["huurwijzer.core.settings"] == set()
    assert GRAPH["huurwijzer.core.clock"] == set()


def test_the_check_finds_a_cycle_and_an_upward_import():
    graph = {**GRAPH, "huurwijzer.core.clock": {"huurwijzer.site.generator"}}
    with pytest.raises(CycleError):
        list(TopologicalSorter(graph).static_order())
    assert floor("huurwijzer.site.generator") not in allowed("core")


def test_pelicans_entry_point_survives_importing_every_module():
    """Pelican calls huurwijzer.register(); no subpackage may take that name."""
    import importlib

    import huurwijzer

    for module in sorted(MODULES):
        importlib.import_module(module)
    assert callable(huurwijzer.register)


LONGEST = 60  # lines: a function that needs more is several steps, each worth a name


def test_no_function_in_plugins_or_tools_is_longer_than_sixty_lines():
    files = sorted((ROOT / "plugins").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
    long = [
        f"{path.relative_to(ROOT)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > LONGEST
    ]
    assert long == []
