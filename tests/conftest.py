"""Shared fixtures; the helpers they are built from are in :mod:`tests.helpers`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.events.totals import Report, build_report
from tests.helpers import (
    FACTIONS,
    ROOT,
    build_site,
    sample_coded,
    sample_problems,
    seed_hostile_cache,
    write_hostile_corpus,
)


@pytest.fixture
def report() -> Report:
    return build_report(sample_coded(), sample_problems(), FACTIONS, files_seen=4)


@pytest.fixture(scope="session")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles built into a site, as ``make site`` does."""
    return build_site(ROOT / "articles", tmp_path_factory.mktemp("clean-site"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus (:func:`write_hostile_corpus`, with a planted cache) built
    into a site, as ``make site`` does."""
    work = tmp_path_factory.mktemp("hostile-site")
    write_hostile_corpus(work / "articles")
    seed_hostile_cache(work / "articles", work / "cache")
    return build_site(work / "articles", work)
