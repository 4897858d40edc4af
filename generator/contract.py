"""The JSON contract of ``sitrep extract --json`` (schema ``sitrep.incidents/1``).

The evaluation scorer and the site's ``incidents.json`` download both read this
shape, so it is extended, never broken. See ``shared/eval/README.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import orjson

from generator.events.corrections import Change, CorrectionLog
from generator.events.merge import Event, EventReport, NearMiss, event_json, near_miss_json
from generator.events.rules import incident_window
from generator.events.sources import Grading, Source, Sources
from generator.model import WHY_FIELDS, Article, Casualties, CodedArticle, Faction, Incident, Why

SCHEMA = "sitrep.incidents/1"


def casualties_json(c: Casualties) -> dict[str, int | None]:
    """The dead; ``low`` and ``high`` bound a range ("four to six": total 4, low 4,
    high 6), null for a single figure (added to the contract, nothing removed)."""
    return {
        "total": c.total,
        "civilians": c.civilians,
        "combatants": c.combatants,
        "children": c.children,
        "women": c.women,
        "low": c.low,
        "high": c.high,
    }


def incident_json(
    inc: Incident,
    published: dt.date | None = None,
    *,
    source: Source | None = None,
    changes: Sequence[Change] = (),
) -> dict[str, Any]:
    """One incident; ``window`` is the first and last day it may have happened on
    (a day date's day, its week or month; with no date, the days before
    ``published`` it must lie in; null with neither), what events are merged on.
    ``source``: whose figure it is (``source_kind``, ``source_name``); ``changes``:
    the analyst's corrections of it (``corrections``, each with the machine's value
    and the corrected one; left out when there are none)."""
    window, _ = incident_window(inc.date, inc.date_precision, published)
    extra: dict[str, Any] = {}
    if source is not None:
        extra.update(source_kind=source.kind, source_name=source.name)
    if changes:
        extra["corrections"] = [c.json() for c in changes]
    return {
        "id": inc.id,
        "date": inc.date.isoformat() if inc.date else None,
        "date_precision": inc.date_precision,
        "window": [dt.date.fromordinal(d).isoformat() for d in window] if window else None,
        "place": inc.place.name,
        "province": inc.place.province,
        "latitude": inc.place.latitude,
        "longitude": inc.place.longitude,
        "geo_precision": inc.place.precision,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "means": inc.means,
        "perpetrator": inc.perpetrator,
        "perpetrator_basis": inc.perpetrator_basis,
        "target": inc.target,
        "killed": casualties_json(inc.killed),
        "injured": {"total": inc.injured.total},
        "aggregate": inc.aggregate,
        "uncertain": inc.uncertain,
        "attribution": inc.attribution,
        "evidence": inc.evidence,
        **why_json(inc.why),
        **extra,
    }


def why_json(why: Why) -> dict[str, Any]:
    """``"why": {"killed": ["counted_by_word_after", "largest"], ...}``: the rules that
    decided each field the extractor read; left out when none did (the contract is
    extended, never broken)."""
    fields = {name: list(getattr(why, name)) for name in WHY_FIELDS if getattr(why, name)}
    return {"why": fields} if fields else {}


def article_json(
    coded: CodedArticle,
    duplicate_of: str | None = None,
    *,
    sources: Sources | None = None,
    corrections: CorrectionLog | None = None,
) -> dict[str, Any]:
    """One article and its incidents; with ``corrections``, the incidents an analyst
    marked as not incidents are listed apart (``not_incidents``, as the machine read
    them, each with its ``reason``), never among the incidents."""
    a = coded.article
    extra: dict[str, Any] = {"duplicate_of": duplicate_of} if duplicate_of else {}
    log = corrections or CorrectionLog()
    removed = [(inc, why) for inc, why in log.removed if inc.article_id == a.id]
    if removed:
        extra["not_incidents"] = [
            {**incident_json(inc, a.published), "reason": why} for inc, why in removed
        ]
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "source": a.source,
        "url": a.url,
        "path": a.path,
        "summary": coded.summary,
        "incidents": [
            incident_json(
                i,
                a.published,
                source=sources.of(i, a) if sources is not None else None,
                changes=log.of(i.id),
            )
            for i in coded.incidents
        ],
        **extra,
    }


def with_duplicates(
    events: Iterable[Event], duplicates: Iterable[CodedArticle], duplicate_of: Mapping[str, str]
) -> list[Event]:
    """Add each duplicate file's incidents to the events of the incidents they copy:
    the same report filed twice is one more report of the same event, whatever the
    merge rules would say of an undated incident. Ids, tolls and places stay the
    original's."""
    copies: dict[tuple[str, str], list[EventReport]] = {}
    for record in duplicates:
        a = record.article
        original_id = duplicate_of[a.id]
        for inc in record.incidents:
            if not inc.aggregate:
                original = (original_id, original_id + inc.id.removeprefix(a.id))
                copies.setdefault(original, []).append(
                    EventReport(a.id, inc.id, inc.killed.best_total, a.published, a.source)
                )
    out = []
    for event in events:
        extra = [
            r for rep in event.reports for r in copies.get((rep.article_id, rep.incident_id), [])
        ]
        if extra:
            reports = sorted((*event.reports, *extra), key=_report_order)
            event = replace(event, reports=tuple(reports))
        out.append(event)
    return out


def _report_order(r: EventReport) -> tuple[bool, dt.date, str, str]:
    """The order of ``Event.reports``: published (unknown last), article id, incident id."""
    return (r.published is None, r.published or dt.date.min, r.article_id, r.incident_id)


def duplicate_records(
    coded: Iterable[CodedArticle], duplicates: Iterable[tuple[Article, str]]
) -> list[CodedArticle]:
    """A file that repeats another's text, coded as the original was: the same
    incidents under the duplicate's own id, so that every input file has its record.
    Being the same report, they merge into the original's events (never summed)."""
    by_id = {c.article.id: c for c in coded}
    out = []
    for article, original_id in duplicates:
        original = by_id.get(original_id)
        if original is None:
            continue
        incidents = tuple(
            replace(
                inc,
                id=article.id + inc.id.removeprefix(original_id),
                article_id=article.id,
            )
            for inc in original.incidents
        )
        out.append(CodedArticle(article, original.summary, incidents))
    return out


Record = CodedArticle | Event | NearMiss
"""What a record of one of the document's long lists is made from."""


def contract_items(
    coded: Iterable[CodedArticle],
    factions: Mapping[str, Faction],
    events: Iterable[Event] | None = None,
    duplicate_of: Mapping[str, str] | None = None,
    near_misses: Iterable[NearMiss] | None = None,
    *,
    corrections: CorrectionLog | None = None,
    grades: Mapping[str, Grading] | None = None,
    snapshot: Mapping[str, Any] | None = None,
    keys: Callable[[Record], str | None] | None = None,
) -> Iterator[tuple[str, Any]]:
    """The document key by key, in its order: articles sorted by id so the file
    diffs cleanly; with ``events``, the incidents merged across articles (one per
    real-world event); ``duplicate_of`` marks the records of files that repeat
    another (article id -> the original's id); ``near_misses``, the pairs of events
    that nearly merged (``possible_duplicates``).

    Extensions (the contract is extended, never broken): every incident says whose
    figure it is (``source_kind``, ``source_name``); with ``corrections``, each
    corrected incident and event lists its ``corrections`` (the machine's value
    beside the analyst's) and the document counts them (``corrections``); with
    ``grades``, each event has its ``grade`` and its distinct ``sources``;
    ``snapshot``: what a user of the data cites (version, articles, data as of).

    The long lists (articles, events, possible duplicates) come as iterators, each
    record made only when it is read, so :func:`dump_json` writes the document
    without holding it. With ``keys`` (an article, event or near miss -> a key of
    what its record is made of, or None), a record with a key comes as :class:`Keyed`, which
    :func:`dump_json` may take from the last build instead of making."""
    marks = duplicate_of or {}
    sources = Sources(factions)

    def record(subject: Record, make: Callable[[], Any]) -> Any:
        key = keys(subject) if keys is not None else None
        return make() if key is None else Keyed(key, make)

    yield "schema", SCHEMA
    if snapshot is not None:
        yield "snapshot", dict(snapshot)
    yield "factions", {fid: {"name": f.name, "bloc": f.bloc} for fid, f in sorted(factions.items())}
    yield (
        "articles",
        (
            record(
                c,
                partial(
                    article_json,
                    c,
                    marks.get(c.article.id),
                    sources=sources,
                    corrections=corrections,
                ),
            )
            for c in sorted(coded, key=lambda c: c.article.id)
        ),
    )
    if events is not None:
        yield (
            "events",
            (record(e, partial(_event_json, e, corrections, grades)) for e in events),
        )
    if near_misses is not None:
        yield (
            "possible_duplicates",
            (record(m, partial(near_miss_json, m)) for m in near_misses),
        )
    if corrections is not None and corrections.path:
        yield (
            "corrections",
            {
                "file": corrections.path,
                "applied": dict(corrections.applied),
                "not_applied": corrections.warnings,
            },
        )


def indented(value: Any, indent: int = 1, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent)`` as nested ``level`` deep
    (each line break followed by ``indent * level`` more spaces), byte for byte, but
    for how a float is spelled (:func:`_float`).

    With ``indent`` set, json.dumps runs its pure-Python encoder, a generator per
    value: writing ``incidents.json`` took 1.2 CPU s at 2,000 articles, on every
    build. An indent of 2 (``sitrep extract --json``) is orjson's, written in C
    (194 MB of JSON at 20,000 articles: 0.27 s, where json.dumps took 6.7 s);
    a value orjson refuses (an int past 64 bits, a key that is not a string, a
    lone surrogate, an object that is not JSON) goes the other way. Any other
    indent is written here: dicts of string keys, lists, tuples, strings, ints,
    bools and None (the scalars inline, without a call each), anything else handed
    to json.dumps, so the output is the same in every case."""
    if indent == 2:
        try:
            text: str = orjson.dumps(value, option=_ORJSON).decode()
        except orjson.JSONEncodeError:
            pass
        else:
            return text.replace("\n", "\n" + "  " * level) if level else text
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        if all(type(k) is str for k in value):
            inner = "\n" + " " * (indent * (level + 1))
            parts = [f"{_string(k)}: {_value(v, indent, level + 1)}" for k, v in value.items()]
            return "{" + inner + ("," + inner).join(parts) + "\n" + " " * (indent * level) + "}"
    elif kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = "\n" + " " * (indent * (level + 1))
        parts = [_value(v, indent, level + 1) for v in value]
        return "[" + inner + ("," + inner).join(parts) + "\n" + " " * (indent * level) + "]"
    else:
        return _value(value, indent, level)
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * (indent * level))


_ORJSON = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
"""Indented by 2; a dataclass or a date refused (json.dumps refuses them: it is a
mistake in the record), not written as orjson would."""

_string = json.encoder.encode_basestring  # the C function json.dumps uses (ensure_ascii=False)


def _float(v: float) -> str:
    """A float as orjson spells it, whatever the indent: Python's ``repr`` from 1e-4 to
    1e16 (every coordinate), elsewhere the shortest form that reads back the same
    (``1e-6`` where json.dumps writes ``1e-06``), and null for NaN and the infinities
    (json.dumps writes ``NaN``, which is not JSON). Corrections refuse a coordinate
    that is not finite, so only an analyst's coordinate under 1e-4 degrees is ever
    spelled otherwise than json.dumps would."""
    return orjson.dumps(v).decode()  # type: ignore[no-any-return]


def _value(v: Any, indent: int, level: int) -> str:
    kind = type(v)
    if kind is str:
        return _string(v)  # type: ignore[no-any-return]
    if v is None:
        return "null"
    if kind is int:
        return int.__repr__(v)
    if kind is bool:
        return "true" if v else "false"
    if kind is float:
        return _float(v)
    if kind is dict or kind is list or kind is tuple:
        return indented(v, indent, level)
    text = json.dumps(v, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * (indent * level))


@dataclass(frozen=True)
class Keyed:
    """A record of a long list, not made yet, with a key of what it is made of
    (:func:`contract_items` with ``keys``): :func:`dump_json` writes it through its
    ``keep``, which may give the text the last build wrote under that key."""

    key: str
    make: Callable[[], Any]


Keep = Callable[[str, Callable[[], str]], str]
"""(key, make the text) -> the text (:meth:`generator.pages.kept.KeptRecords.text`)."""


def dump_json(
    items: Iterable[tuple[str, Any]], indent: int = 1, keep: Keep | None = None
) -> Iterator[str]:
    """``json.dumps(dict(items), ensure_ascii=False, indent=indent)``, byte for byte, in
    pieces of one record each: a value that is an iterator is written as a list, one
    item at a time. The ``incidents.json`` download of an archive of 20,000 articles
    is about 150 MB; dumped whole it was built in memory twice (the dicts, the text).
    (A string in JSON holds no raw line break, so nesting a dumped value is adding
    spaces after each line break.) A :class:`Keyed` record is its own piece, its
    text from ``keep`` when there is one."""

    def nested(value: Any, level: int) -> str:
        return indented(value, indent, level)

    pad, pad2 = " " * indent, " " * (2 * indent)
    first = True
    for key, value in items:
        yield ("{\n" if first else ",\n") + pad + json.dumps(key, ensure_ascii=False) + ": "
        first = False
        if not isinstance(value, Iterator):
            yield nested(value, 1)
            continue
        empty = True
        for item in value:
            start = ("[\n" if empty else ",\n") + pad2
            empty = False
            if type(item) is not Keyed:
                yield start + nested(item, 2)
                continue
            yield start

            def make(item: Keyed = item) -> str:
                return nested(item.make(), 2)

            yield keep(item.key, make) if keep is not None else make()
        yield "[]" if empty else "\n" + pad + "]"
    yield "{}" if first else "\n}"


def _event_json(
    e: Event, corrections: CorrectionLog | None, grades: Mapping[str, Grading] | None
) -> dict[str, Any]:
    out = event_json(e)
    grading = (grades or {}).get(e.id)
    if grading is not None:
        out["grade"] = grading.grade
        out["grade_why"] = grading.why
        out["sources"] = [{"kind": s.kind, "name": s.name} for s in grading.sources]
    changes = corrections.of(e.id) if corrections is not None else ()
    if changes:
        out["corrections"] = [c.json() for c in changes]
    if corrections is not None and e.id in corrections.machine_killed:
        out["machine"] = {"killed": {"best": corrections.machine_killed[e.id]}}
    return out
