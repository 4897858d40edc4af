"""Shared fixtures; the helpers they are built from are in :mod:`tests.helpers`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.events.totals import Report, build_report
from tests.helpers import (
    FACTIONS,
    ROOT,
    build_site,
    build_site_of_report,
    many_articles,
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


LARGE_SITE = 1_500
"""Articles in the large site of the browser tests: enough for every list page to
be cut into an archive by month, and for the search index to come in many chunks."""


@pytest.fixture(scope="session")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of LARGE_SITE synthetic articles (one shelling each, three a day, in
    Idlib), built without the extractor."""
    return build_site_of_report(
        many_articles(LARGE_SITE, per_day=3), tmp_path_factory.mktemp("large-site")
    )
