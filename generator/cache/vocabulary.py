"""What an extracted article may hold: every coded field against its vocabulary.

The extraction cache is a folder of JSON files that anything with write access
to it can edit, and what it holds goes onto the pages, into the downloads and
into the JSON the scorer reads. A province, a means or an event type is used
there as a file name, a link and a label without escaping, because it can only
be one of a few known ids; a crafted entry with markup in one of them ran on the
site. So the cache checks every entry it reads back with :func:`coded_problem`
and treats one with anything the extractor could not have written as a miss:
the article is extracted again, and the entry overwritten.

The vocabularies are the ones the extractor writes from, never retyped here:
provinces and means from :mod:`generator.model`, faction ids from the lexicon,
event types from the rule that assigns them (``event_types``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from generator.knowledge.factions import TARGET_GROUPS
from generator.knowledge.means import event_types
from generator.model import (
    MEANS,
    PROVINCES,
    WHY_FIELDS,
    Casualties,
    CodedArticle,
    Incident,
    Place,
    Why,
)

#: Incident dates the extractor can write: a date named in the text (years after
#: 1900, up to ``date.max``) or one counted back from a publication date (1900 on)
#: by at most a week. A year outside this comes from an edited cache entry, and
#: would stretch the by-month charts over centuries.
MIN_INCIDENT_YEAR = 1899

RULE_NAME = re.compile(r"[a-z][a-z_]{0,63}")
"""What ``Incident.why`` holds: the names of the extractor's rules (Python names)."""


@dataclass(frozen=True)
class Vocabulary:
    provinces: frozenset[str]
    means: frozenset[str]
    event_types: frozenset[tuple[str, str]]
    factions: frozenset[str]
    targets: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    """The extractor's vocabularies (loads the lexicon once; imports no spaCy)."""
    from generator.knowledge.factions import load_factions

    factions = frozenset(load_factions())
    targets = (None, *TARGET_GROUPS, *sorted(factions))
    return Vocabulary(
        provinces=frozenset(PROVINCES),
        means=frozenset(MEANS),
        event_types=frozenset(event_types(m, t) for m in MEANS for t in targets),
        factions=factions,
        targets=factions | frozenset(TARGET_GROUPS),
    )


def coded_problem(
    coded: CodedArticle, vocab: Vocabulary | None = None, *, shared_checked: bool = False
) -> str | None:
    """Why ``coded`` is not something the extractor could have returned (the first
    reason found), or None when every field is within its vocabulary.

    ``shared_checked``: the incidents' places, tolls and rule names were checked
    already (with :func:`shared_problem`, once per distinct value: the packed store,
    :mod:`generator.cache.pack`, holds each once for thousands of incidents)."""
    return next(_problems(coded, vocab or vocabulary(), not shared_checked), None)


def shared_problem(value: Place | Casualties | Why, vocab: Vocabulary | None = None) -> str | None:
    """Why a place, a toll or an incident's rule names is not one the extractor could
    have written, or None: what :func:`coded_problem` checks of each incident's."""
    vocab = vocab or vocabulary()
    if isinstance(value, Place):
        problems = _place_problems(value, vocab)
    elif isinstance(value, Casualties):
        problems = _count_problems("toll", value)
    else:
        problems = _why_problems(value)
    return next(problems, None)


def _problems(coded: CodedArticle, vocab: Vocabulary, nested: bool = True) -> Iterator[str]:
    if coded.error is not None:
        yield "a failed extraction is never cached"
    article_id = coded.article.id
    for n, inc in enumerate(coded.incidents, start=1):
        if inc.article_id != article_id or inc.id != f"{article_id}-{n:02d}":
            yield f"incident {n}: id {inc.id!r} is not {article_id!r}'s"
        yield from (f"incident {inc.id!r}: {p}" for p in _incident_problems(inc, vocab, nested))


def _incident_problems(inc: Incident, vocab: Vocabulary, nested: bool = True) -> Iterator[str]:
    if inc.means not in vocab.means:
        yield f"unknown means {inc.means!r}"
    if (inc.event_type, inc.sub_event_type) not in vocab.event_types:
        yield f"unknown event type {inc.event_type!r}/{inc.sub_event_type!r}"
    if inc.perpetrator is not None and inc.perpetrator not in vocab.factions:
        yield f"unknown perpetrator {inc.perpetrator!r}"
    if inc.target is not None and inc.target not in vocab.targets:
        yield f"unknown target {inc.target!r}"
    if inc.date is None and inc.date_precision != "unknown":
        yield f"precision {inc.date_precision!r} without a date"
    if inc.date is not None and inc.date.year < MIN_INCIDENT_YEAR:
        yield f"date {inc.date.isoformat()} before {MIN_INCIDENT_YEAR}"
    if inc.weekday is not None and (inc.date is not None or not 0 <= inc.weekday <= 6):
        yield f"weekday {inc.weekday!r} (0-6, only without a date)"
    if not nested:
        return
    yield from _place_problems(inc.place, vocab)
    for name, counts in (("killed", inc.killed), ("injured", inc.injured)):
        yield from _count_problems(name, counts)
    yield from _why_problems(inc.why)


def _why_problems(why: Why) -> Iterator[str]:
    for name in WHY_FIELDS:
        for rule in getattr(why, name):
            if not RULE_NAME.fullmatch(rule):
                yield f"why.{name}: {rule!r} is no rule's name"


def _place_problems(place: Place, vocab: Vocabulary) -> Iterator[str]:
    if place.province is not None and place.province not in vocab.provinces:
        yield f"unknown province {place.province!r}"
    lat, lon = place.latitude, place.longitude
    if (lat is None) != (lon is None):
        yield "a latitude without a longitude or the reverse"
    elif lat is not None and lon is not None:
        if not (math.isfinite(lat) and math.isfinite(lon)):
            yield "coordinates are not numbers"
        elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
            yield f"coordinates ({lat}, {lon}) are off the globe"


def _count_problems(name: str, counts: Casualties) -> Iterator[str]:
    for field, value in vars(counts).items():
        if value is not None and value < 0:
            yield f"{name}.{field} is negative ({value})"
