"""Installs that cannot half-work: the lock agrees with pyproject.toml and with the
venv, and a fresh venv with the pip it brings installs (not editable) a sitrep that
imports, reads HTML and builds, in an empty folder, the very pages the working tree
builds.

The fresh install is slow (a venv and a wheel, packages from pip's cache or PyPI:
about a minute): its tests are marked ``install``, part of ``make test`` and CI;
``pytest -m "not install"`` leaves them out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator.cli import main
from tests.helpers import ROOT, tree

sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402 - tools/ is not a package

CONSTRAINTS = ROOT / "constraints.txt"
STALE = "constraints.txt is stale: after `make install`, run `make lock` and commit it"


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        req = Requirement(line)
        [spec] = req.specifier  # exactly one `==` each
        assert spec.operator == "==", line
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def _locked() -> dict[str, str]:
    lines = CONSTRAINTS.read_text(encoding="utf-8").splitlines()
    return _pins([ln for ln in lines if ln.strip() and not ln.startswith("#")])


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return _pins(project["dependencies"] + project["optional-dependencies"]["dev"])


def test_every_pyproject_pin_is_in_the_lock_at_the_same_version():
    locked, pinned = _locked(), _pyproject()
    assert pinned, "pyproject.toml pins nothing?"
    assert {n: locked.get(n) for n in pinned} == pinned, STALE


def test_the_lock_is_what_make_lock_writes_from_this_venv():
    """Every package the venv installed for sitrep[dev], transitive ones included, at
    the version installed; nothing else. A stale venv or lock fails here."""
    assert CONSTRAINTS.read_text(encoding="utf-8") == lock.render(lock.closure()), STALE


def test_lxml_html_clean_is_a_direct_dependency():
    """pip 23 does not match jusText's lxml[html_clean] to lxml's html-clean extra."""
    assert "lxml-html-clean" in _pyproject()
    import lxml.html.clean  # noqa: F401 - trafilatura needs it
    import trafilatura  # noqa: F401


def test_make_install_uses_the_lock_and_the_venvs_own_pip():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\): pyproject\.toml constraints\.txt$", makefile, re.M)
    recipe = makefile.split("$(STAMP): ", 1)[1].split("\n\n", 1)[0]
    assert "install --quiet -c constraints.txt -e '.[dev]'" in recipe
    assert "--upgrade pip" not in makefile


# ------------------------------------------------------------------ a fresh install

#: What the wheel is built from: what pyproject.toml names (the readme, the packages,
#: and site_templates/, which is installed as generator.pages.templates). Copied, so
#: the build leaves no build/ or egg-info in the working tree, and nothing else in
#: it can stand in for a file the wheel lacks.
SOURCE = ("pyproject.toml", "README.md", "generator", "site_templates")


@dataclass(frozen=True)
class Install:
    venv: Path
    python: str
    pip: list[str]


def _env() -> dict[str, str]:
    """The environment of a command run in the fresh venv: nothing of this one's."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    """`python3 -m venv` brings pip 23.x with Python 3.11; with it, `pip install .` left
    trafilatura unimportable. No pip upgrade here: this is what a user gets."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    print(subprocess.run([*pip, "--version"], capture_output=True, text=True).stdout)
    done = subprocess.run(
        [*pip, "install", "--quiet", "-c", str(CONSTRAINTS), str(source)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=tmp,  # not the worktree: the installed package is what is imported
        env=_env(),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return Install(venv, python, pip)


@pytest.mark.install
def test_a_fresh_venv_with_its_own_pip_installs_a_working_sitrep(fresh_install, tmp_path):
    check = (
        "import trafilatura, lxml.html.clean\n"
        "from generator.ingest.html import extract_html\n"
        "page = extract_html('<html><head><title>T</title></head><body><article><p>'"
        " + 'Two soldiers were killed in Daraa on Friday, sources said. ' * 5"
        " + '</p></article></body></html>')\n"
        "assert page is not None and 'Two soldiers' in page.text, page\n"
    )
    python = fresh_install.python
    done = subprocess.run(
        [python, "-c", check], capture_output=True, text=True, cwd=tmp_path, env=_env()
    )
    assert done.returncode == 0, done.stderr[-3000:]
    frozen = subprocess.run(
        [*fresh_install.pip, "freeze"], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    installed = _pins([ln for ln in frozen if "==" in ln and not ln.startswith("sitrep")])
    locked = _locked()
    assert {n: locked.get(n) for n in installed} == installed  # every package from the lock


@pytest.mark.install
def test_the_installed_sitrep_builds_the_same_pages_in_an_empty_folder(
    fresh_install, tmp_path, capsys
):
    """Templates and data are in the wheel: one article, `sitrep build` with no option
    in a folder holding nothing else, and the pages are the working tree's, byte for
    byte."""
    work = tmp_path / "work"
    (work / "articles").mkdir(parents=True)
    article = sorted((ROOT / "articles").glob("*.txt"))[0]
    shutil.copy2(article, work / "articles" / article.name)
    where = subprocess.run(
        [fresh_install.python, "-c", "import generator; print(generator.__file__)"],
        capture_output=True, text=True, check=True, cwd=work, env=_env(),
    ).stdout  # fmt: skip
    assert Path(where.strip()).is_relative_to(fresh_install.venv), where  # not the worktree
    sitrep = str(fresh_install.venv / "bin" / "sitrep")
    done = subprocess.run(
        [sitrep, "build", "articles", "--quiet"],
        capture_output=True, text=True, cwd=work, env=_env(), timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    expected = tmp_path / "expected"
    assert main(["build", str(work / "articles"), "--docs", str(expected), "-q", "--no-cache"]) == 0
    capsys.readouterr()
    pages = tree(work / "docs")
    assert {"index.md", "methodology.md", "downloads/incidents.csv"} <= set(pages)
    assert pages == tree(expected)
