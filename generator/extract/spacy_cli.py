"""spaCy's command line, loaded only if something asks for it.

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every
command spaCy has (training, project assets, downloads) with what they need:
typer, weasel, requests, httpx... About 340 modules that sitrep never calls, and
a quarter of spaCy's import time (measured on one core: ``import spacy`` plus the
extractor's modules took 0.76-0.80 s of CPU, 0.59-0.60 s without them). Every
``sitrep`` process that extracts pays it, so the extractor's package imports this
module before spaCy (``generator/extract/__init__.py``) and :func:`defer` puts two
stand-ins in ``sys.modules``: ``spacy.cli`` and ``spacy.cli.info``. The first
attribute asked of either (``spacy.cli.download``, ``python -m spacy``) or a call
of ``spacy.info()`` drops both and imports the real modules, so spaCy works as
before for whoever wants its command line; nothing in sitrep does.

Nothing happens when spaCy is already imported (a test that imported it first).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType
from typing import Any

NAMES = ("spacy.cli", "spacy.cli.info")


class _Deferred(ModuleType):
    """A stand-in for one of ``NAMES``: any attribute it does not have loads the real
    modules and is read from the real one."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's own questions
            raise AttributeError(name)
        return getattr(load(self.__name__), name)


def load(name: str) -> ModuleType:
    """The real module ``name`` (one of ``NAMES``), the stand-ins dropped first."""
    for key in NAMES:
        if isinstance(sys.modules.get(key), _Deferred):
            del sys.modules[key]
    return importlib.import_module(name)


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, from the real ``spacy.cli.info``."""
    return load("spacy.cli.info").info(*args, **kwargs)


def defer() -> None:
    """Put the stand-ins in place, unless spaCy (or its command line) is imported."""
    if any(name in sys.modules for name in ("spacy", *NAMES)):
        return
    spacy = importlib.util.find_spec("spacy")  # found, not imported
    if spacy is None or not spacy.submodule_search_locations:
        return
    cli = _Deferred(NAMES[0], "spaCy's command line, not loaded yet (see sitrep's spacy_cli.py)")
    # a package where spaCy has it: ``import spacy.cli.download`` still finds its module
    cli.__path__ = [os.path.join(place, "cli") for place in spacy.submodule_search_locations]
    cli_info = _Deferred(NAMES[1], "spacy.cli.info, not loaded yet")
    vars(cli_info)["info"] = info  # what ``import spacy`` takes from it
    sys.modules[NAMES[0]], sys.modules[NAMES[1]] = cli, cli_info


defer()
