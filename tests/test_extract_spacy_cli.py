"""spaCy's command line is not loaded by the extractor, and still works when asked for."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
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
