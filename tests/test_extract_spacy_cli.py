"""spaCy's command line is not loaded by the extractor, and still works when asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECK = """
import sys
from pathlib import Path

import pytest
import generator.extract
from generator.extract.spacy_cli import _Deferred
assert isinstance(sys.modules["spacy.cli"], _Deferred), "spaCy's command line was loaded"
assert "typer" not in sys.modules and "weasel" not in sys.modules
import spacy
assert "spaCy version" in spacy.info(markdown=True, silent=True)
from spacy.cli import setup_cli
assert callable(setup_cli) and not isinstance(sys.modules["spacy.cli"], _Deferred)
print("ok")
"""


def test_the_extractor_defers_spacys_command_line_and_it_loads_when_asked() -> None:
    # a fresh interpreter: the test session has imported spaCy already
    command = [sys.executable, "-c", CHECK]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_an_imported_spacy_is_left_alone() -> None:
    import spacy  # noqa: F401

    from generator.extract import spacy_cli

    before = dict(sys.modules)
    spacy_cli.defer()
    assert sys.modules == before


def test_the_stand_ins_need_spacys_command_line_where_spacy_3_has_it(tmp_path: Path) -> None:
    from generator.extract.spacy_cli import cli_folders

    other, spacy = tmp_path / "other", tmp_path / "spacy"
    (other / "cli").mkdir(parents=True)
    (other / "cli" / "__init__.py").write_text("")  # no info.py: another layout
    assert cli_folders([str(other)]) is None
    assert cli_folders([str(tmp_path / "nothing")]) is None
    (spacy / "cli").mkdir(parents=True)
    for name in ("__init__.py", "info.py"):
        (spacy / "cli" / name).write_text("")
    assert cli_folders([str(other), str(spacy)]) == [str(other / "cli"), str(spacy / "cli")]


def test_a_spacy_without_the_module_says_so_clearly() -> None:
    from generator.extract import spacy_cli

    with pytest.raises(ImportError, match=r"spacy\.cli\.gone could not be imported from spaCy \d"):
        spacy_cli.load("spacy.cli.gone")  # as if this spaCy had no such module
    with pytest.raises(ModuleNotFoundError, match="spacy_cli.py"):  # still that class
        spacy_cli.load("spacy.cli.gone")


MISSING = """
import sys
import importlib.util
real = importlib.util.find_spec
def without_cli(name, package=None):  # spaCy's folder as another version may lay it out
    spec = real(name, package)
    if name == "spacy" and spec is not None:
        spec.submodule_search_locations = ["/nonexistent"]
    return spec
importlib.util.find_spec = without_cli
from generator.extract import spacy_cli  # imports spaCy too
importlib.util.find_spec = real
assert not any(isinstance(sys.modules[n], spacy_cli._Deferred) for n in spacy_cli.NAMES)
import spacy
assert "spaCy version" in spacy.info(markdown=True, silent=True)
print("ok")
"""


def test_without_that_layout_spacy_is_left_to_import_as_it_would() -> None:
    done = subprocess.run(
        [sys.executable, "-c", MISSING], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
