"""The package's folders are its architecture: dependencies run one way and no module imports
itself back through another. Read from the source with `ast`, function-level imports included."""

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "copbot"

# What each part may import (besides itself). Nothing imports the command line, and only the
# command line imports the Telegram adapter.
ALLOWED = {
    "analysis": set(),
    "corpus": set(),
    "paths": set(),
    "safety": {"analysis"},
    "search": {"analysis", "corpus"},
    "answer": {"analysis", "search", "safety"},
    "quality": {"analysis", "search", "answer", "safety"},
    "publishing": {"analysis", "corpus", "search", "answer", "quality"},
    "telegram": {"analysis", "search", "answer", "quality", "publishing", "paths", "safety"},
    "cli": {"analysis", "corpus", "search", "answer", "quality", "publishing", "telegram", "paths",
            "safety"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The copbot modules `name` imports, relative imports resolved."""
    path = MODULES[name]
    return imports_in(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")


def imports_in(source: str, name: str, is_package: bool) -> set[str]:
    package = name if is_package else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("copbot"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if not target.startswith("copbot"):
                continue
            for alias in node.names:  # `from . import postings_file` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found - {name}


def part(name: str) -> str:
    return name.split(".")[1] if "." in name else ""


def test_every_folder_is_a_known_part():
    parts = {part(m) for m in MODULES} - {""}
    assert parts - {"__main__"} == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_dependencies_run_one_way(name):
    here = part(name)
    if here in ("", "__main__"):
        return  # the package's own __init__ and `python -m copbot` sit above every part
    wrong = wrong_way(name, imports(name))
    assert not wrong, f"{name} imports {sorted(wrong)}"


def wrong_way(name: str, imported: set[str]) -> set[str]:
    here = part(name)
    return {m for m in imported if part(m) not in ALLOWED[here] | {here}}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (module -> modules it imports), or [] when there is none."""
    state: dict[str, str] = {}

    def visit(m: str, path: list[str]) -> list[str]:
        state[m] = "open"
        for n in sorted(graph.get(m, ())):
            if state.get(n) == "open":
                return path[path.index(n):] + [n]
            if n not in state and (cycle := visit(n, [*path, n])):
                return cycle
        state[m] = "done"
        return []

    for m in sorted(graph):
        if m not in state and (cycle := visit(m, [m])):
            return cycle
    return []


def test_no_import_cycles():
    graph = {m: imports(m) & MODULES.keys() for m in MODULES}
    assert find_cycle(graph) == []


def test_the_checks_see_what_they_look_for():
    """A wrong-way import and a cycle, made up, are both caught; relative imports resolve."""
    bad = imports_in("from ..telegram.config import Settings\nfrom ..cli import main\n",
                     "copbot.search.reader", is_package=False)
    assert wrong_way("copbot.search.reader", bad) == {"copbot.telegram.config", "copbot.cli.main"}
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    assert "copbot.search.postings_file" in imports("copbot.search.reader")
    assert "copbot.corpus.readers.blocks" in imports("copbot.corpus.readers.pdf")


# Where an import name and its distribution differ; tornado comes with python-telegram-bot's
# `webhooks` extra, and python-bidi is optional (the console uses it only when installed).
DISTRIBUTION = {"telegram": "python-telegram-bot", "tornado": "python-telegram-bot",
                "camel_tools": "camel-tools", "sqlite_utils": "sqlite-utils", "bidi": None}


def third_party_imports() -> set[str]:
    stdlib = set(sys.stdlib_module_names)
    found = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            found.update(n.split(".")[0] for n in names)
    return {n for n in found if n and n not in stdlib and n != "copbot"}


def test_runtime_dependencies_are_exactly_what_the_package_imports():
    pyproject = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {re.split(r"[\[<>=; ]", d, maxsplit=1)[0] for d in pyproject["project"]["dependencies"]}
    imported = {DISTRIBUTION.get(n, n) for n in third_party_imports()} - {None}
    assert declared == imported
