"""The Arabic article and its assimilated forms: one list for the whole package.

"al-Zawiya", "el-Zawiya", "Deir ez-Zor", "as-Suwayda": the extractor's NORM drops
the article (``generator.extract.norm``), and place names compared across
articles leave it out of their keys (``placenames.place_key``). Both read the
list from ``generator/data/vocab/norm.yaml``, so the two cannot disagree.
"""

from __future__ import annotations

from importlib import resources

import yaml

__all__ = ["ALL_ARTICLES", "ARTICLES", "HYPHEN_ARTICLES"]

_DATA = yaml.safe_load(
    resources.files("generator.data").joinpath("vocab/norm.yaml").read_text("utf-8")
)
ARTICLES: tuple[str, ...] = tuple(str(a) for a in _DATA["articles"])
"""The article itself ("al", "el"), skipped wherever it stands; the first is the
spelling all are folded to."""
HYPHEN_ARTICLES: tuple[str, ...] = tuple(str(a) for a in _DATA["hyphen_articles"])
"""Assimilated forms ("as-Suwayda", "ez-Zor"): articles only where a hyphen ties
them to the name; on their own they are English words."""
ALL_ARTICLES = frozenset((*ARTICLES, *HYPHEN_ARTICLES))
