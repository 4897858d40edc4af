"""The package layout holds: every module imports on its own, no two modules import
each other (not even through a late import inside a function), and pyproject.toml
installs every package there is."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "generator"
TEMPLATES = ("generator.pages.templates", ROOT / "site_templates")
"""The one package that lives outside generator/ (pyproject's package-dir)."""


def _modules() -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    found[TEMPLATES[0]] = TEMPLATES[1] / "__init__.py"
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imported(name: str, tree: ast.Module) -> Iterator[str]:
    """The generator modules ``name`` imports, wherever the import stands (inside a
    function too: a late import is how a cycle hides). Imports under ``if
    TYPE_CHECKING:`` never run and are left out."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from generator.pages import urls` imports the module generator.pages.urls
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import generator.x.y` -> the module
                target = target.rpartition(".")[0]
            if target:
                yield target


def import_graph() -> dict[str, set[str]]:
    """Module -> the generator modules it imports. Importing ``a.b.c`` runs the
    packages ``a`` and ``a.b`` first, so an import from outside a package is an edge
    to each package it enters too; from inside, the package is already running."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges: set[str] = set()
        for target in _imported(name, ast.parse(path.read_text("utf-8"))):
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                step = ".".join(parts[:i])
                inside = name == step or name.startswith(step + ".")
                if step in MODULES and step != name and not inside:
                    edges.add(step)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (its modules in import order, the first repeated at
    the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_module_imports_itself_through_others():
    assert find_cycle(import_graph()) is None


def test_the_cycle_check_sees_late_imports_and_packages():
    """The render <-> downloads loop this layout broke: a top-level import one way,
    a late one (inside a function) back."""
    graph = {
        "generator.pages.render": {"generator.pages.downloads"},
        "generator.pages.downloads": {"generator.pages.render"},
    }
    assert find_cycle(graph) == [
        "generator.pages.downloads",
        "generator.pages.render",
        "generator.pages.downloads",
    ]
    late = ast.parse(
        textwrap.dedent(
            """
            def url():
                from generator.pages.urls import Links
            """
        )
    )
    assert list(_imported("generator.pages.downloads", late)) == ["generator.pages.urls"]
    edges = import_graph()["generator.pipeline"]
    assert {"generator.pages", "generator.pages.urls"} <= edges  # the package runs first


def test_every_module_imports_in_a_fresh_interpreter():
    """Each module imported first, on its own: an import that works only after some
    other module was imported fails here. One child process per module, forked
    from a parent that has imported the third-party libraries only (spaCy, Jinja,
    MkDocs): fresh as far as generator is concerned, and fast."""
    script = textwrap.dedent(
        """
        import importlib, os, sys, traceback
        import jinja2, mkdocs.exceptions, slugify, spacy, trafilatura, yaml  # noqa
        assert not [m for m in sys.modules if m.split(".")[0] == "generator"]
        failed = []
        for name in sys.argv[1:]:
            pid = os.fork()
            if pid == 0:
                try:
                    importlib.import_module(name)
                except BaseException:
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            if status:
                failed.append(name)
        print("FAILED:", " ".join(failed))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *MODULES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "FAILED:", done.stdout + done.stderr[-3000:]


def test_pyproject_installs_every_package_and_only_those():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = sorted(name for name in MODULES if _is_package(name))
    assert sorted(config["packages"]) == packages
    assert config["package-dir"] == {TEMPLATES[0]: TEMPLATES[1].name}
