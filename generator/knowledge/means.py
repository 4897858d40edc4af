"""Families of means of attack that outlets confuse for one another, and the
event type each means is coded as.

One list, ``means_families`` in ``generator/data/vocab/means.yaml``, read by two rules:
the extractor merges two sentences of one article that tell one event by means
of one family ("a bomb blast" / "a suicide bombing"), and the merge of reports
from different articles does not tell two reports apart by such means
(:func:`generator.events.rules.means_compatible`). The means themselves are
:data:`generator.model.MEANS`.
"""

from __future__ import annotations

from functools import cache

from generator.knowledge.factions import CIVILIANS
from generator.knowledge.wordlists import vocab_file
from generator.model import MEANS

__all__ = ["event_types", "families", "family_of"]

GUNFIRE = "gunfire"


def _means_file() -> dict[str, object]:
    """``vocab/means.yaml`` as the rules read it (``wordlists.vocab_file``: parsed once
    per process, by libyaml). Parsed again here by PyYAML's pure-Python loader, it cost
    every extracting process about 0.02 s of CPU before its first incident."""
    return vocab_file("means")


@cache
def families() -> tuple[tuple[str, ...], ...]:
    """The families, each in ``MEANS`` order, in the order of their first means:
    ``(("airstrike", "drone-strike", "barrel-bomb"), ("car-bomb", ...))``."""
    listed = _means_file()["means_families"]
    assert isinstance(listed, list)
    out = [tuple(m for m in MEANS if m in family) for family in listed]
    return tuple(sorted(out, key=lambda family: MEANS.index(family[0])))


@cache
def family_of() -> dict[str, tuple[str, ...]]:
    """Means -> its family, for the means that have one."""
    return {means: family for family in families() for means in family}


@cache
def _event_of() -> dict[str, tuple[str, str]]:
    """Means -> ACLED's (event type, sub-event type), the ``event`` of each means in
    ``means`` of ``vocab/means.yaml``."""
    table = _means_file()["means"]
    assert isinstance(table, dict)
    return {str(m): (str(spec["event"][0]), str(spec["event"][1])) for m, spec in table.items()}


def event_types(means: str, target: str | None) -> tuple[str, str]:
    """ACLED's event and sub-event type of a means; gunfire against civilians, and
    an unknown means against civilians, is violence against civilians. Here, not
    among the extractor's rules, so that the cache's check of an entry (which
    event types can be) does without spaCy: "Gunmen shot dead five civilians" is
    ("violence-against-civilians", "attack")."""
    event = _event_of().get(means)
    if target == CIVILIANS and (event is None or means == GUNFIRE):
        return "violence-against-civilians", "attack"
    return event or ("battle", "armed-clash")
