"""Installs that cannot half-work: the lock agrees with pyproject.toml and with the
venv, and a fresh venv with the pip it brings installs a sitrep that imports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
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
    assert "SITREP_INSTALL_TEST=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.skipif(
    os.environ.get("SITREP_INSTALL_TEST") != "1",
    reason="installs from PyPI into a fresh venv (about a minute); "
    "set SITREP_INSTALL_TEST=1 to run it (CI does)",
)
def test_a_fresh_venv_with_its_own_pip_installs_a_working_sitrep(tmp_path):
    """`python3 -m venv` brings pip 23.x with Python 3.11; with it, `pip install .` left
    trafilatura unimportable. No pip upgrade here: this is what a user gets."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    print(subprocess.run([*pip, "--version"], capture_output=True, text=True).stdout)
    done = subprocess.run(
        [*pip, "install", "--quiet", "-c", str(CONSTRAINTS), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=tmp_path,  # not the worktree: the installed package is what is imported
    )
    assert done.returncode == 0, done.stderr[-3000:]
    check = (
        "import trafilatura, lxml.html.clean\n"
        "from generator.ingest.html import extract_html\n"
        "page = extract_html('<html><head><title>T</title></head><body><article><p>'"
        " + 'Two soldiers were killed in Daraa on Friday, sources said. ' * 5"
        " + '</p></article></body></html>')\n"
        "assert page is not None and 'Two soldiers' in page.text, page\n"
    )
    done = subprocess.run([python, "-c", check], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    frozen = subprocess.run(
        [*pip, "freeze"], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    installed = _pins([ln for ln in frozen if "==" in ln and not ln.startswith("sitrep")])
    locked = _locked()
    assert {n: locked.get(n) for n in installed} == installed  # every package from the lock
