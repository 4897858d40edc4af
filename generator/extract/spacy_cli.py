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

This leans on how spaCy 3 is laid out (``spacy/cli/__init__.py`` and
``spacy/cli/info.py``, and ``import spacy`` asking only for ``info`` from the latter),
which is spaCy's own business and may change. So the stand-ins are put in only when
spaCy's folder has those two files (:func:`cli_folders`); without them spaCy is left
to import as it would, at its full cost. A stand-in asked for anything else loads the
real modules, and if they cannot be imported, :func:`load` says so in an
``ImportError`` naming spaCy's version and this module, not a bare "no module named".
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable
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
    try:
        return importlib.import_module(name)
    except ImportError as missing:
        # The same class (a ModuleNotFoundError stays one, for callers that catch it),
        # naming what failed: a module spaCy's command line needs (typer, weasel), or
        # another layout of spaCy.
        raise type(missing)(
            f"{name} could not be imported from spaCy {_version()} ({missing}); sitrep "
            "deferred spaCy's command line (generator/extract/spacy_cli.py) and loads it "
            "only when asked for: a package it needs is missing, or this spaCy lays it "
            "out differently",
            name=name,
        ) from missing


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:
        return "(version unknown)"


def cli_folders(places: Iterable[str]) -> list[str] | None:
    """The ``cli`` folders of spaCy's package folders ``places``, when one of them holds
    the two modules the stand-ins stand for; None when none does (another layout: no
    stand-ins, spaCy imports its command line as it would)."""
    folders = [os.path.join(place, "cli") for place in places]
    for folder in folders:
        if all(os.path.isfile(os.path.join(folder, f)) for f in ("__init__.py", "info.py")):
            return folders
    return None


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
    folders = cli_folders(spacy.submodule_search_locations)
    if folders is None:
        return
    cli = _Deferred(NAMES[0], "spaCy's command line, not loaded yet (see sitrep's spacy_cli.py)")
    # a package where spaCy has it: ``import spacy.cli.download`` still finds its module
    cli.__path__ = folders
    cli_info = _Deferred(NAMES[1], "spacy.cli.info, not loaded yet")
    vars(cli_info)["info"] = info  # what ``import spacy`` takes from it
    sys.modules[NAMES[0]], sys.modules[NAMES[1]] = cli, cli_info


defer()
