"""Families of means of attack that outlets confuse for one another.

One list, ``means_families`` in ``generator/data/vocab/means.yaml``, read by two rules:
the extractor merges two sentences of one article that tell one event by means
of one family ("a bomb blast" / "a suicide bombing"), and the merge of reports
from different articles does not tell two reports apart by such means
(:func:`generator.events.rules.means_compatible`). The means themselves are
:data:`generator.model.MEANS`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from generator.model import MEANS

__all__ = ["families", "family_of"]


@cache
def families() -> tuple[tuple[str, ...], ...]:
    """The families, each in ``MEANS`` order, in the order of their first means:
    ``(("airstrike", "drone-strike", "barrel-bomb"), ("car-bomb", ...))``."""
    text = resources.files("generator.data").joinpath("vocab/means.yaml").read_text("utf-8")
    listed = yaml.safe_load(text)["means_families"]
    out = [tuple(m for m in MEANS if m in family) for family in listed]
    return tuple(sorted(out, key=lambda family: MEANS.index(family[0])))


@cache
def family_of() -> dict[str, tuple[str, ...]]:
    """Means -> its family, for the means that have one."""
    return {means: family for family in families() for means in family}
