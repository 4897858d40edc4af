"""ACLED's codes for sitrep's vocabularies (``generator/data/acled.yaml``): the
downloads write them in the columns of ACLED's names, so scripts written for ACLED
data read sitrep's too."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["codes", "geo_precision", "inter", "interaction", "time_precision"]


@cache
def codes() -> dict[str, Any]:
    text = resources.files("generator.data").joinpath("acled.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def time_precision(date_precision: str) -> int | None:
    """ACLED's time_precision (1 day, 2 week, 3 month or longer); None when undated."""
    value = codes()["time_precision"].get(date_precision)
    return int(value) if value is not None else None


def geo_precision(place_precision: str) -> int | None:
    """ACLED's geo_precision (1 the place, 2 part of a region, 3 a larger region)."""
    value = codes()["geo_precision"].get(place_precision)
    return int(value) if value is not None else None


def inter(side: str | None) -> int | None:
    """ACLED's actor type (inter1/inter2) of a faction id or ``civilians``; None when
    the side is not stated."""
    if side is None:
        return None
    value = codes()["inter"].get(side)
    return int(value) if value is not None else None


def interaction(a: int | None, b: int | None) -> int | None:
    """ACLED's interaction code: the two actor types, the lower first (12, 17, 28)."""
    if a is None or b is None:
        return None
    lo, hi = sorted((a, b))
    return 10 * lo + hi
