"""Corrections as data: an analyst's fixes to the machine's coding, kept in a file.

The extractor codes every article again on every build (or takes its result
from the cache), so a fix made to its output would be lost. An analyst writes
fixes into ``corrections.yaml`` instead (beside the articles folder, or where
``--corrections`` says), one item per fix, each naming a stable id (an
incident's, as in ``sitrep extract --json``, or an event's) and why::

    - id: 000_b54625fb741f59a2-02          # an incident
      set: {killed.total: 8, killed.civilians: 8}
      reason: the breakdown in the next paragraph
    - id: 001_76dfe76b0149322f-04
      not_incident: true                   # never counted, shown struck out
      reason: a threat, not an attack
    - id: 002_d45703859721b700-03
      stated_total: true                   # a total over other incidents (false: counted)
      reason: sums the two clashes below it
    - id: ev-6ecfb20baf99                  # an event (or any of its reports' ids)
      merge: ev-3190dab86002               # or a list: made one event
      reason: same ambush, two outlets
    - id: 004_9d805a9b2de263d3-02
      split: true                          # taken out of its event: an event of its own
      reason: Morek, not Kafr Zita
    - id: ev-61bf3d967ce4
      set: {killed.best: 20}               # an event's own figure
      reason: the monitor's final count
    - id: ev-d1c990b09445
      reviewed: true                       # checked, right as read
      reason: the toll is the hospital's

Fields are named as in the JSON, nested ones dotted (:data:`INCIDENT_FIELDS`,
:data:`EVENT_FIELDS`). When each kind applies (:func:`apply_corrections`): after
extraction and the cache, so a correction survives every rebuild; an incident's
fields, ``not_incident`` and ``stated_total`` before the merge into events (a
corrected governorate or date merges as if the machine had read it);
``split`` during it; ``merge`` right after it; an event's fields, and
``not_incident`` on an event (all its reports), last.

Nothing is dropped silently. An item that cannot be applied (an unknown id or
field, a value outside its vocabulary, no reason) is a warning, printed and
listed on the Build report, fatal with ``--strict``; a file that cannot be read
at all is an error. The file is hostile input like every article: it is read
only if it is a regular file (never through a link) of at most
:data:`~generator.ingest.MAX_BYTES`, and each item goes to the YAML parser only
if it passes the front matter's bounds
(:func:`generator.ingest.frontmatter.yaml_refusal`: 16 KB, nesting, no anchors or
aliases), through the same safe loader, which leaves dates as text.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, get_args

from generator.events.merge import Event, best_toll, join_events, merge_incidents
from generator.knowledge.factions import TARGET_GROUPS
from generator.knowledge.gazetteer import locate
from generator.model import (
    MEANS,
    PROVINCES,
    Casualties,
    CodedArticle,
    DatePrecision,
    Faction,
    Incident,
    PlacePrecision,
    Problem,
    SitrepError,
)
from generator.safety.safeio import read_regular

__all__ = [
    "ACTIONS",
    "CORRECTIONS_FILE",
    "EVENT_FIELDS",
    "INCIDENT_FIELDS",
    "Change",
    "Correction",
    "CorrectionLog",
    "Corrected",
    "Corrections",
    "apply_corrections",
    "default_path",
    "load_corrections",
    "parse_corrections",
]

CORRECTIONS_FILE = "corrections.yaml"

#: What an item may do, in the order they apply, and how the site names each.
ACTIONS: dict[str, str] = {
    "set": "value corrected",
    "stated_total": "stated total or counted",
    "not_incident": "not an incident",
    "split": "report split out of an event",
    "merge": "events merged",
    "reviewed": "checked, right as read",
}
_KEYS = frozenset({"id", "reason", *ACTIONS})

#: Incident fields an analyst may set, as named in the JSON.
INCIDENT_FIELDS: tuple[str, ...] = (
    "date",
    "date_precision",
    "place",
    "province",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "means",
    "perpetrator",
    "target",
    "killed.total",
    "killed.civilians",
    "killed.combatants",
    "killed.children",
    "killed.women",
    "injured.total",
    "attribution",
)
#: Event fields an analyst may set, as named in the JSON.
EVENT_FIELDS: tuple[str, ...] = (
    "date",
    "date_precision",
    "place",
    "province",
    "means",
    "perpetrator",
    "target",
    "killed.best",
    "killed.civilians",
    "injured.best",
)

_DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
_PLACE_PRECISIONS: tuple[str, ...] = get_args(PlacePrecision)
#: The largest count a correction may set (a war's toll, not an overflow).
MAX_COUNT = 10_000_000
#: The longest text a correction may set (a place name, an attribution) or give as
#: its reason, in characters.
MAX_TEXT = 500
_MIN_YEAR = 1900

_LINE = re.compile(r"line (\d+):")
_ITEM_START = re.compile(r"^-(?:[ \t]|$)")
_PREAMBLE = re.compile(r"^(?:[ \t]*(?:#.*)?|---[ \t]*|\.\.\.[ \t]*)$")


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Correction:
    """One item of the file, its shape checked (its values are checked when applied)."""

    id: str
    reason: str
    line: int
    """The line of the file the item starts on (1-based), for messages."""
    set: tuple[tuple[str, Any], ...] = ()
    stated_total: bool | None = None
    not_incident: bool = False
    split: bool = False
    merge: tuple[str, ...] = ()
    reviewed: bool = False


@dataclass(frozen=True)
class Corrections:
    """The items of a corrections file and the problems found reading it."""

    path: str = ""
    """The file, as messages name it ('' when there is none)."""
    items: tuple[Correction, ...] = ()
    problems: tuple[Problem, ...] = ()


NO_CORRECTIONS = Corrections()


def default_path(articles: Path) -> Path:
    """``corrections.yaml`` beside the articles folder (in its parent folder)."""
    base = articles if articles.name not in ("", ".", "..") else articles.absolute()
    return base.parent / CORRECTIONS_FILE


def load_corrections(path: Path, *, required: bool = False) -> Corrections:
    """The corrections in ``path``; none when the file does not exist and is not
    ``required`` (the default file is optional, a file named on the command line is
    not). A file that cannot be read (a link, a FIFO, a folder, larger than
    :data:`~generator.ingest.MAX_BYTES`, not UTF-8) is a :class:`SitrepError`."""
    from generator.ingest import MAX_BYTES

    shown = str(path)
    try:
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        if required:
            raise SitrepError(f"corrections file not found: {shown}") from None
        return NO_CORRECTIONS
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            reason = "a symbolic link (corrections are read only from a regular file)"
        raise SitrepError(f"cannot read corrections file {shown}: {reason}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SitrepError(f"corrections file {shown} is not UTF-8 text") from exc
    return parse_corrections(text, shown)


def _chunks(text: str, path: str) -> Iterable[tuple[int, str]]:
    """(first line, text) of each top-level ``- `` item; anything else outside an item
    (except comments, blank lines and document markers) is an error."""
    lines = text.replace("\r\n", "\n").split("\n")
    start: int | None = None
    for n, line in enumerate(lines):
        if _ITEM_START.match(line):
            if start is not None:
                yield start + 1, "\n".join(lines[start:n])
            start = n
        elif start is None and not _PREAMBLE.match(line):
            raise SitrepError(
                f"{path}:{n + 1}: a corrections file is a list, one '- id: ...' item per "
                "correction (see the README)"
            )
    if start is not None:
        yield start + 1, "\n".join(lines[start:])


def parse_corrections(text: str, path: str = CORRECTIONS_FILE) -> Corrections:
    """The corrections written in ``text`` (see the module docstring); each item is
    parsed on its own, so one broken item costs only itself (a warning)."""
    # Imported here: the ingest package brings trafilatura, which a build that stops
    # at phase 0 (nothing changed) does without.
    from generator.ingest.frontmatter import safe_yaml, yaml_refusal

    items: list[Correction] = []
    problems: list[Problem] = []

    def warn(line: int, message: str) -> None:
        problems.append(Problem(path, "warning", f"line {line}: {message}; correction not applied"))

    for line, chunk in _chunks(text, path):
        refusal = yaml_refusal(chunk)
        if refusal is not None:
            warn(line, f"the item {refusal}")
            continue
        try:
            loaded = safe_yaml(chunk)
        except Exception as exc:  # noqa: BLE001 - yaml raises more than YAMLError
            warn(line, f"not valid YAML ({_yaml_problem(exc, line)})")
            continue
        if not (isinstance(loaded, list) and len(loaded) == 1 and isinstance(loaded[0], dict)):
            warn(line, "an item is a mapping of id, reason and what to correct")
            continue
        item, problem = _correction(loaded[0], line)
        if problem is not None:
            warn(line, problem)
        elif item is not None:
            items.append(item)
    return Corrections(path, tuple(items), tuple(problems))


def _yaml_problem(exc: Exception, first_line: int) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or type(exc).__name__
    return f"line {first_line + mark.line}: {problem}" if mark is not None else str(problem)


def _text(value: Any) -> str | None:
    """A one-line string of at most :data:`MAX_TEXT` characters, or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = " ".join(str(value).split())
    return text if text and len(text) <= MAX_TEXT else None


def _correction(raw: dict[Any, Any], line: int) -> tuple[Correction | None, str | None]:
    """The item as a :class:`Correction`, or why it is not one."""
    unknown = sorted(str(k) for k in raw if k not in _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        return None, f"unknown key {_quoted(unknown[0])} (an item has {known})"
    ident = _text(raw.get("id"))
    if ident is None:
        return None, "no id (an incident's id, as in sitrep extract --json, or an event's)"
    if isinstance(raw.get("reason"), bool):
        return None, "reason: put it in quotes (YAML reads a bare yes, no, on or off as true/false)"
    reason = _text(raw.get("reason"))
    if reason is None:
        return None, f"{_quoted(ident)} has no reason (one line saying why)"
    changes: list[tuple[str, Any]] = []
    if "set" in raw:
        values = raw["set"]
        if not isinstance(values, dict) or not values:
            return None, "set: a mapping of field: value"
        for key, value in values.items():
            if not isinstance(key, str):
                return None, f"set: field {_quoted(key)} is not a name"
            if isinstance(value, (dict, list)):
                return None, f"set: {key}: one value, not a {type(value).__name__}"
            changes.append((key, value))
    flags: dict[str, bool] = {}
    for key in ("stated_total", "not_incident", "split", "reviewed"):
        if key in raw:
            if not isinstance(raw[key], bool):
                return None, f"{key}: true or false"
            flags[key] = raw[key]
    for key in ("not_incident", "split", "reviewed"):
        if flags.get(key) is False:
            return None, f"{key}: false does nothing (leave it out)"
    merge: list[str] = []
    if "merge" in raw:
        targets = raw["merge"] if isinstance(raw["merge"], list) else [raw["merge"]]
        for target in targets:
            t = _text(target)
            if t is None:
                return None, "merge: an event or incident id, or a list of them"
            merge.append(t)
    correction = Correction(
        id=ident,
        reason=reason,
        line=line,
        set=tuple(changes),
        stated_total=flags.get("stated_total"),
        not_incident=flags.get("not_incident", False),
        split=flags.get("split", False),
        merge=tuple(merge),
        reviewed=flags.get("reviewed", False),
    )
    acting = [k for k in ACTIONS if _does(correction, k)]
    if not acting:
        return None, f"{_quoted(ident)} corrects nothing (say set, stated_total, " + (
            "not_incident, split, merge or reviewed)"
        )
    if correction.not_incident and len(acting) > 1:
        return None, "not_incident takes the item out of every count: nothing else to correct"
    return correction, None


def _does(c: Correction, action: str) -> bool:
    return {
        "set": bool(c.set),
        "stated_total": c.stated_total is not None,
        "not_incident": c.not_incident,
        "split": c.split,
        "merge": bool(c.merge),
        "reviewed": c.reviewed,
    }[action]


def _quoted(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 80 else text[:77] + "...")


# ----------------------------------------------------------------------------- values


class _Refused(ValueError):
    """A value an analyst set that its field cannot hold (the message says why)."""


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise _Refused(f"a count from 0 to {MAX_COUNT:,}, or null")
    return value


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(str(value)) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or len(str(value)) != 10 or day.year < _MIN_YEAR:
        raise _Refused("a date written YYYY-MM-DD (1900 or later), or null")
    return day


def _choice(options: Iterable[str | None], what: str) -> Callable[[Any], Any]:
    allowed = tuple(options)

    def check(value: Any) -> Any:
        if value not in allowed or isinstance(value, bool):
            listed = ", ".join("null" if o is None else o for o in allowed)
            raise _Refused(f"one of {what}: {listed}" if len(allowed) <= 16 else f"one of {what}")
        return value

    return check


def _name(value: Any) -> str | None:
    if value is None:
        return None
    text = _text(value)
    if text is None or not isinstance(value, str):
        raise _Refused(f"a line of text of at most {MAX_TEXT} characters, or null")
    return text


def _coordinate(limit: float) -> Callable[[Any], float | None]:
    def check(value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Refused(f"a number from -{limit:g} to {limit:g}, or null")
        number = float(value)
        if not math.isfinite(number) or not -limit <= number <= limit:
            raise _Refused(f"a number from -{limit:g} to {limit:g}, or null")
        return number

    return check


def _checkers(factions: Mapping[str, Faction]) -> dict[str, Callable[[Any], Any]]:
    """Field (incident's or event's) -> the function that checks a value for it."""
    from generator.cache.vocabulary import vocabulary

    faction_ids = sorted(factions)
    event_types = sorted({t for t, _ in vocabulary().event_types})
    sub_types = sorted({s for _, s in vocabulary().event_types})
    count = _count
    return {
        "date": _date,
        "date_precision": _choice(_DATE_PRECISIONS, "the date precisions"),
        "place": _name,
        "province": _choice((*PROVINCES, None), "the 14 governorate ids"),
        "latitude": _coordinate(90),
        "longitude": _coordinate(180),
        "geo_precision": _choice(_PLACE_PRECISIONS, "the place precisions"),
        "event_type": _choice(event_types, "the event types"),
        "sub_event_type": _choice(sub_types, "the sub-event types"),
        "means": _choice(MEANS, "the means"),
        "perpetrator": _choice((*faction_ids, None), "the faction ids of the JSON's factions"),
        "target": _choice((*faction_ids, *TARGET_GROUPS, None), "the faction ids or civilians"),
        "killed.total": count,
        "killed.civilians": count,
        "killed.combatants": count,
        "killed.children": count,
        "killed.women": count,
        "injured.total": count,
        "attribution": _name,
        "killed.best": count,
        "injured.best": count,
    }


# ----------------------------------------------------------------------------- the log


@dataclass(frozen=True)
class Change:
    """One correction as it took effect on one incident or event."""

    action: str
    """One of :data:`ACTIONS`."""
    reason: str
    field: str | None = None
    """For ``set`` and ``stated_total``: the field, dotted as in the JSON."""
    machine: Any = None
    """The machine's value (JSON-ready: a string, a number, a bool or None)."""
    value: Any = None
    """The corrected value."""
    others: tuple[str, ...] = ()
    """For ``merge``: the ids of the events merged into this one."""

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action}
        if self.field is not None:
            out.update(field=self.field, machine=self.machine, value=self.value)
        if self.others:
            out["merged"] = list(self.others)
        out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class CorrectionLog:
    """What the corrections did, for the pages, the downloads and the JSON."""

    path: str = ""
    changes: Mapping[str, tuple[Change, ...]] = field(default_factory=dict)
    """Incident or event id -> the corrections that took effect on it, in file order."""
    removed: tuple[tuple[Incident, str], ...] = ()
    """Incidents marked not an incident, as the machine read them, with the reason."""
    machine_incidents: Mapping[str, Incident] = field(default_factory=dict)
    """Incident id -> the incident as the machine read it, for every corrected one."""
    machine_killed: Mapping[str, int | None] = field(default_factory=dict)
    """Event id -> the death toll the machine's reports gave it, for the events whose
    toll a correction changed."""
    applied: Mapping[str, int] = field(default_factory=dict)
    """Action -> how many items did it (:data:`ACTIONS` order)."""
    warnings: int = 0
    """Items not applied (each a problem on the Build report)."""

    def of(self, ident: str) -> tuple[Change, ...]:
        return self.changes.get(ident, ())

    def fields_of(self, ident: str) -> dict[str, Change]:
        """Field -> its change, for the fields corrected on ``ident``."""
        return {c.field: c for c in self.of(ident) if c.field is not None}

    @property
    def total(self) -> int:
        return sum(self.applied.values())

    @property
    def touched(self) -> frozenset[str]:
        """Every id a correction took effect on (incidents and events)."""
        return frozenset(self.changes)


@dataclass(frozen=True)
class Corrected:
    """The articles and events with every correction applied."""

    coded: tuple[CodedArticle, ...]
    """The articles, their incidents corrected, those marked not an incident left out."""
    events: tuple[Event, ...]
    log: CorrectionLog
    problems: tuple[Problem, ...]
    """Items that could not be applied (the reading problems included)."""
    attacker_set: frozenset[str] = frozenset()
    """Incidents whose attacker an analyst set."""


# ----------------------------------------------------------------------------- applying


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


_KILLED = {
    "killed.total": "total",
    "killed.civilians": "civilians",
    "killed.combatants": "combatants",
    "killed.children": "children",
    "killed.women": "women",
}


def _incident_value(inc: Incident, name: str) -> Any:
    """An incident's field by its JSON name."""
    if name in _KILLED:
        return getattr(inc.killed, _KILLED[name])
    if name == "injured.total":
        return inc.injured.total
    if name in ("place", "province", "latitude", "longitude", "geo_precision"):
        attr = {"place": "name", "geo_precision": "precision"}.get(name, name)
        return getattr(inc.place, attr)
    return getattr(inc, name)


def _set_incident(inc: Incident, values: Mapping[str, Any]) -> Incident:
    """``inc`` with ``values`` (checked, by JSON name) set. A new place or governorate
    without coordinates is looked up (:func:`~generator.knowledge.gazetteer.locate`);
    a new date without a precision is a day; a new means or target without an event
    type takes the one the extractor's rule gives them."""
    from generator.knowledge.means import event_types

    changes: dict[str, Any] = {}
    killed = {v: values[k] for k, v in _KILLED.items() if k in values}
    if killed:
        changes["killed"] = replace(inc.killed, **killed)
    if "injured.total" in values:
        changes["injured"] = Casualties(total=values["injured.total"])
    place = inc.place
    if "place" in values or "province" in values:
        name = values.get("place", place.name)
        province = values.get("province", place.province)
        place = locate(name, province)
    if "latitude" in values or "longitude" in values:
        place = replace(
            place,
            latitude=values.get("latitude", place.latitude),
            longitude=values.get("longitude", place.longitude),
            precision="place",
        )
    if "geo_precision" in values:
        place = replace(place, precision=values["geo_precision"])
    if place != inc.place:
        changes["place"] = place
    for name in ("means", "perpetrator", "target", "attribution", "date"):
        if name in values:
            changes[name] = values[name]
    if "date" in values and "date_precision" not in values:
        changes["date_precision"] = "day" if values["date"] is not None else "unknown"
    if "date_precision" in values:
        changes["date_precision"] = values["date_precision"]
    if ("means" in values or "target" in values) and "event_type" not in values:
        kind = event_types(changes.get("means", inc.means), changes.get("target", inc.target))
        changes["event_type"], changes["sub_event_type"] = kind
    for name in ("event_type", "sub_event_type"):
        if name in values:
            changes[name] = values[name]
    return replace(inc, **changes)


def _consistency(inc: Incident, factions: Mapping[str, Faction]) -> str | None:
    """Why a corrected incident could not be what it says, or None."""
    from generator.cache.vocabulary import vocabulary

    if inc.date is None and inc.date_precision != "unknown":
        return f"date_precision {inc.date_precision!r} needs a date"
    if inc.date is not None and inc.date_precision == "unknown":
        return "a date needs a date_precision other than 'unknown'"
    if (inc.place.latitude is None) != (inc.place.longitude is None):
        return "latitude and longitude are set together"
    if (inc.event_type, inc.sub_event_type) not in vocabulary().event_types:
        return f"event_type {inc.event_type!r} has no sub_event_type {inc.sub_event_type!r}"
    return None


@dataclass
class _State:
    """The work in progress of :func:`apply_corrections`."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(default_factory=lambda: defaultdict(list))
    applied: Counter[str] = field(default_factory=Counter)
    warnings: int = 0

    def warn(self, item: Correction, message: str) -> None:
        self.warnings += 1
        self.problems.append(
            Problem(self.path, "warning", f"line {item.line}: {message}; correction not applied")
        )

    def note(self, ident: str, change: Change) -> None:
        self.changes[ident].append(change)

    def apply(self, ident: str, change: Change) -> None:
        """Note ``change`` on ``ident`` and count it as applied."""
        self.note(ident, change)
        self.applied[change.action] += 1

    def apply_set(
        self,
        ident: str,
        reason: str,
        names: Iterable[str],
        machine: Callable[[str], Any],
        corrected: Callable[[str], Any],
    ) -> None:
        """One ``set`` change per field, the machine's value beside the corrected one;
        counted once, as one item applied."""
        for name in names:
            old, new = _json_value(machine(name)), _json_value(corrected(name))
            self.note(ident, Change("set", reason, name, old, new))
        self.applied["set"] += 1


def _checked(
    item: Correction,
    allowed: Sequence[str],
    checkers: Mapping[str, Callable[[Any], Any]],
    state: _State,
    what: str,
    ident: str,
) -> dict[str, Any] | None:
    """The item's ``set`` values, checked; None (and a warning) when one is wrong, or
    when an earlier item already set the field on the same incident or event."""
    out: dict[str, Any] = {}
    done = {c.field: c for c in state.changes.get(ident, ()) if c.action == "set"}
    for name, raw in item.set:
        if name in done:
            state.warn(item, f"{name} of {_quoted(item.id)} is corrected by an earlier item")
            return None
        if name not in allowed:
            state.warn(
                item,
                f"{_quoted(item.id)} is {what}, which has no field {_quoted(name)} "
                f"(fields: {', '.join(allowed)})",
            )
            return None
        try:
            out[name] = checkers[name](raw)
        except _Refused as exc:
            state.warn(item, f"set {name}: {_quoted(raw)} is not {exc}")
            return None
    return out


def apply_corrections(
    corrections: Corrections,
    coded: Iterable[CodedArticle],
    factions: Mapping[str, Faction],
    *,
    merge: Callable[..., tuple[Event, ...]] = merge_incidents,
) -> Corrected:
    """Every correction applied to the extracted articles, and the events merged
    from them (see the module docstring for what applies when). With no
    corrections this is :func:`~generator.events.merge.merge_incidents` alone.
    ``merge`` stands for ``merge_incidents`` (the same arguments, the same events):
    ``sitrep extract --dask`` hands in the events its cluster merged."""
    articles = list(coded)
    state = _State(corrections.path, list(corrections.problems))
    state.warnings = len(corrections.problems)
    # Only corrections need checking: the checkers ask the extractor's vocabularies,
    # which a run with none (a `--dask` client) has no other reason to import.
    checkers = _checkers(factions) if corrections.items else {}
    machine = {inc.id: inc for c in articles for inc in c.incidents}
    current = dict(machine)
    removed: dict[str, str] = {}
    alone: set[str] = set()
    merges: list[tuple[Correction, str]] = []
    later: list[Correction] = []
    attacker_set: set[str] = set()
    # 1. Incidents: their fields, stated totals and "not an incident"; splits and
    #    merges noted for the merge. Ids that are no incident's are events' (step 3).
    for item in corrections.items:
        inc = current.get(item.id)
        if inc is None:
            if item.id in removed:
                state.warn(item, f"{_quoted(item.id)} is already marked not an incident")
                continue
            if item.merge:
                merges.append((item, item.id))
            later.append(item)
            continue
        if item.not_incident:
            removed[item.id] = item.reason
            del current[item.id]
            state.apply(item.id, Change("not_incident", item.reason))
            continue
        values = (
            _checked(item, INCIDENT_FIELDS, checkers, state, "an incident", item.id)
            if item.set
            else {}
        )
        if values is None:
            continue
        corrected = _set_incident(inc, values) if values else inc
        problem = _consistency(corrected, factions)
        if problem is not None:
            state.warn(item, f"{_quoted(item.id)}: {problem}")
            continue
        if item.stated_total is not None:
            corrected = replace(corrected, aggregate=item.stated_total)
        current[item.id] = corrected
        before = machine[item.id]
        if values:
            state.apply_set(
                item.id,
                item.reason,
                values,
                partial(_incident_value, before),
                partial(_incident_value, corrected),
            )
        if "perpetrator" in values:
            attacker_set.add(item.id)
        if item.stated_total is not None:
            state.apply(
                item.id,
                Change(
                    "stated_total", item.reason, "aggregate", before.aggregate, item.stated_total
                ),
            )
        if item.split:
            alone.add(item.id)
            state.apply(item.id, Change("split", item.reason))
        if item.merge:
            merges.append((item, item.id))
        if item.reviewed:
            state.apply(item.id, Change("reviewed", item.reason))
    corrected_articles = tuple(
        replace(c, incidents=tuple(current[i.id] for i in c.incidents if i.id in current))
        for c in articles
    )
    # 2. The merge, with the reports split out kept apart; then the events merged by hand.
    events = merge(corrected_articles, factions, alone=alone)
    events, alias = _merge_by_hand(events, merges, corrected_articles, current, state)
    # 3. Events: their fields, "not an incident" for all their reports, "reviewed".
    by_id = {e.id: e for e in events}
    dropped: set[str] = set()
    for item in later:
        ident = alias.get(item.id, item.id)
        event = by_id.get(ident)
        if event is None:
            if not item.merge:  # a merge's unknown ids were reported with it
                state.warn(item, f"no incident or event has the id {_quoted(item.id)}")
            continue
        unsupported = [a for a in ("stated_total", "split") if _does(item, a)]
        if unsupported:
            state.warn(
                item,
                f"{unsupported[0]} takes an incident's id: {_quoted(item.id)} is an event "
                "(its reports' ids are in sitrep extract --json and on its page)",
            )
            continue
        if item.not_incident:
            dropped.add(event.id)
            for inc in event.incidents:
                removed[inc.id] = item.reason
                del current[inc.id]
            state.apply(event.id, Change("not_incident", item.reason))
            continue
        values = (
            _checked(item, EVENT_FIELDS, checkers, state, "an event", event.id) if item.set else {}
        )
        if values is None:
            continue
        if values:
            updated = _set_event(event, values)
            if updated.date is None and updated.date_precision != "unknown":
                state.warn(item, f"{_quoted(item.id)}: date_precision needs a date")
                continue
            state.apply_set(
                event.id,
                item.reason,
                values,
                partial(_event_value, event),
                partial(_event_value, updated),
            )
            by_id[event.id] = updated
        if item.reviewed:
            state.apply(event.id, Change("reviewed", item.reason))
    if dropped:
        corrected_articles = tuple(
            replace(c, incidents=tuple(i for i in c.incidents if i.id in current))
            for c in corrected_articles
        )
    final = tuple(by_id[e.id] for e in events if e.id not in dropped)
    log = CorrectionLog(
        path=corrections.path,
        changes={k: tuple(v) for k, v in sorted(state.changes.items())},
        removed=tuple((machine[i], removed[i]) for i in sorted(removed)),
        machine_incidents={i: machine[i] for i in sorted(state.changes) if i in machine},
        machine_killed=_machine_killed(final, machine, state.changes),
        applied={a: state.applied[a] for a in ACTIONS if state.applied[a]},
        warnings=state.warnings,
    )
    problems = tuple(sorted(state.problems, key=_line_of))
    return Corrected(corrected_articles, final, log, problems, frozenset(attacker_set))


def _line_of(problem: Problem) -> int:
    """The line a problem's reason starts with ("line 12: ..."), for file order."""
    m = _LINE.match(problem.reason)
    return int(m.group(1)) if m else 0


def _merge_by_hand(
    events: tuple[Event, ...],
    merges: Sequence[tuple[Correction, str]],
    coded: Sequence[CodedArticle],
    current: Mapping[str, Incident],
    state: _State,
) -> tuple[tuple[Event, ...], dict[str, str]]:
    """The events after the ``merge`` items (ids: events', or their reports'), and
    every merged event's old id -> its new one."""
    if not merges:
        return events, {}
    event_ids = {e.id for e in events}
    event_of = {inc.id: e.id for e in events for inc in e.incidents}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def resolve(item: Correction, ident: str) -> str | None:
        if ident in event_ids:
            return ident
        if ident in event_of:
            return event_of[ident]
        if ident in current and current[ident].aggregate:
            state.warn(item, f"merge: {_quoted(ident)} is a stated total, in no event")
        else:
            state.warn(item, f"merge: no incident or event has the id {_quoted(ident)}")
        return None

    merged_by: dict[str, list[Correction]] = defaultdict(list)
    for item, ident in merges:
        ids = [resolve(item, i) for i in (ident, *item.merge)]
        if any(i is None for i in ids):
            continue
        roots = [find(i) for i in ids if i is not None]
        for r in roots[1:]:
            if r != roots[0]:
                parent[r] = roots[0]
        merged_by[roots[0]].append(item)
        state.applied["merge"] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for eid in sorted(event_ids):
        groups[find(eid)].append(eid)
    multi = [g for g in groups.values() if len(g) > 1]
    joined = join_events(events, multi, coded)
    new_of = {inc.id: e.id for e in joined for inc in e.incidents}
    alias: dict[str, str] = {}
    old = {e.id: e for e in events}
    for group in multi:
        new_id = new_of[old[group[0]].incidents[0].id]
        for eid in group:
            alias[eid] = new_id
        reasons = [it for root in {find(g) for g in group} for it in merged_by.get(root, [])]
        for it in _unique(reasons):
            state.note(
                new_id, Change("merge", it.reason, others=tuple(g for g in group if g != new_id))
            )
    return joined, alias


def _unique(items: Iterable[Correction]) -> list[Correction]:
    seen: set[int] = set()
    out = []
    for it in items:
        if it.line not in seen:
            seen.add(it.line)
            out.append(it)
    return out


_EVENT_ATTRS = {
    "killed.best": "killed_best",
    "killed.civilians": "killed_civilians",
    "injured.best": "injured_best",
}


def _event_value(event: Event, name: str) -> Any:
    return getattr(event, _EVENT_ATTRS.get(name, name))


def _set_event(event: Event, values: Mapping[str, Any]) -> Event:
    """``event`` with ``values`` (checked, by JSON name) set: its own figures, its
    reports untouched. A new place or governorate is looked up for the map."""
    changes: dict[str, Any] = {_EVENT_ATTRS.get(k, k): v for k, v in values.items()}
    if "date" in values:
        changes.setdefault("date_precision", "day" if values["date"] is not None else "unknown")
        changes["window"] = None if values["date"] is not None else event.window
    if "place" in values or "province" in values:
        changes["location"] = locate(
            values.get("place", event.place), values.get("province", event.province)
        )
    updated = replace(event, **changes)
    if (
        "killed.best" in values
        and updated.killed_best is not None
        and updated.killed_civilians is not None
        and "killed.civilians" not in values
    ):
        updated = replace(
            updated, killed_civilians=min(updated.killed_civilians, updated.killed_best)
        )
    return updated


def _machine_killed(
    events: Iterable[Event], machine: Mapping[str, Incident], changes: Mapping[str, list[Change]]
) -> dict[str, int | None]:
    """Event id -> the toll its reports gave it as the machine read them, where that
    differs from the event's corrected toll."""
    out: dict[str, int | None] = {}
    for e in events:
        touched = e.id in changes or any(i.id in changes for i in e.incidents)
        if not touched:
            continue
        published = {r.incident_id: r.published for r in e.reports}
        was = best_toll(
            (published.get(i.id), machine[i.id].killed.best_total if i.id in machine else None)
            for i in e.incidents
        )
        if was != e.killed_best:
            out[e.id] = was
    return out
