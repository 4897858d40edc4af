"""What most needs a human look: ``sitrep review``.

A machine codes every article; an analyst has time to check a few events. This
lists the codings most likely to be wrong or to matter, each with the ids to
paste into ``corrections.yaml`` (:mod:`generator.events.corrections`), the most
cited events first (more reports, more readers), so an hour of review goes where
it counts. Kinds (:data:`KINDS`, in the order an event lists them):

- ``possible-duplicate``: two events that nearly merged
  (:func:`generator.events.merge.near_misses`): merge them, or mark them reviewed;
- ``contested``: the reports blame different sides or disagree on the toll
  (:mod:`generator.events.sources`);
- ``range``: the reports give different death tolls; the site counts the
  latest (is it the right one?);
- ``imputed-attacker``: no report names the event's attacker in the sentence it
  was read from: a written convention, the headline or a neighbouring sentence
  supplied it (:func:`~generator.events.sources.attacker_named`);
- ``hedged``: a report's sentence doubts itself ("reportedly", "could not be
  verified", "up to"; ``generator/data/review.yaml``);
- ``undated``: no report dates the event;
- ``place``: no report names a place finer than the governorate ("Idlib
  province", "the southern Idlib countryside"), or none at all;
- ``centroid``: the place is named but the gazetteer does not know it, so the
  map and the downloads put it at its governorate's centre (set its
  ``latitude`` and ``longitude``).

An event or incident that a correction already touched (any action, ``reviewed``
included) is left out, so the list shrinks as the analyst works through it.
Deterministic: sorted by reports (most first), then kind, then the death toll
(highest first), then date and id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from generator.events.merge import Event
from generator.events.sources import attacker_named
from generator.events.totals import Report
from generator.knowledge.factions import UNIDENTIFIED
from generator.knowledge.governorates import names as governorate_names
from generator.knowledge.names import name_words
from generator.knowledge.placenames import is_coarse, place_key
from generator.model import Incident

__all__ = ["KINDS", "ReviewItem", "review_items", "review_json", "review_text"]

#: Each kind, and what it asks the analyst to look at.
KINDS: dict[str, str] = {
    "possible-duplicate": "possible duplicate",
    "contested": "contested",
    "range": "tolls differ",
    "imputed-attacker": "attacker not named in the text",
    "hedged": "hedged report",
    "undated": "undated",
    "place": "no place finer than the governorate",
    "centroid": "place not in the gazetteer",
}
_ORDER = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class ReviewItem:
    """One thing to look at, on one event (a possible duplicate: on two)."""

    kind: str
    event: str
    """The event's id (the first of a possible duplicate's two)."""
    ids: tuple[str, ...]
    """What to paste into corrections.yaml: the event ids, then the reports' incident ids."""
    reports: int
    """How many reports cite it (both events' for a possible duplicate)."""
    killed: int | None
    date: str | None
    place: str | None
    province: str | None
    note: str
    """What exactly to check."""

    @property
    def order(self) -> tuple[int, int, int, str, str, tuple[str, ...]]:
        return (
            -self.reports,
            _ORDER[self.kind],
            -(self.killed or 0),
            self.date or "9999",
            self.event,
            self.ids,
        )


@cache
def hedges() -> tuple[tuple[str, ...], ...]:
    """The hedging phrases of ``generator/data/review.yaml``, as word tuples."""
    text = resources.files("generator.data").joinpath("review.yaml").read_text("utf-8")
    return tuple(tuple(name_words(h)) for h in yaml.safe_load(text)["hedges"])


def hedge_in(text: str) -> str | None:
    """The first hedging phrase ``text`` holds as whole words, or None."""
    words = name_words(text)
    for phrase in hedges():
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return " ".join(phrase)
    return None


def _date(e: Event) -> str | None:
    return e.date.isoformat() if e.date else None


def _item(e: Event, kind: str, note: str, touched: frozenset[str]) -> ReviewItem | None:
    ids = (e.id, *(i.id for i in e.incidents))
    if touched.intersection(ids):
        return None
    return ReviewItem(
        kind, e.id, ids, len(e.reports), e.killed_best, _date(e), e.place, e.province, note
    )


def _imputed(e: Event, report: Report) -> str | None:
    """Why the event's attacker may be imputed: none of the reports that blame it
    names it in its sentence."""
    if e.perpetrator is None or e.perpetrator == UNIDENTIFIED:
        return None
    blaming = [i for i in e.incidents if i.perpetrator == e.perpetrator]
    if not blaming or any(attacker_named(i, report.factions) for i in blaming):
        return None
    name = report.factions[e.perpetrator].name if e.perpetrator in report.factions else None
    return f"no report's sentence names {name or e.perpetrator}, the attacker it is coded with"


def _hedged(incidents: Iterable[Incident]) -> str | None:
    for inc in incidents:
        phrase = hedge_in(inc.evidence)
        if phrase is not None:
            return f'report {inc.id} says "{phrase}"'
    return None


def _coarse_place(e: Event) -> str | None:
    if e.place is None:
        return "no report names a place"
    if is_coarse(place_key(e.place)):
        return f'"{e.place}" says no more than the governorate'
    return None


def _centroid(e: Event) -> str | None:
    if e.place is None or is_coarse(place_key(e.place)):
        return None
    if e.location.precision in ("governorate", "unknown"):
        return f'"{e.place}" is drawn at its governorate\'s centre'
    return None


def review_items(report: Report) -> tuple[ReviewItem, ...]:
    """Everything to look at, sorted (see the module docstring)."""
    touched = report.corrections.touched
    out: list[ReviewItem] = []
    events = report.events_by_id
    for miss in report.near_misses:
        a, b = events[miss.first], events[miss.second]
        ids = (a.id, b.id, *(i.id for i in (*a.incidents, *b.incidents)))
        if touched.intersection(ids):
            continue
        shared = "; ".join(r.text for r in miss.agree) or "little"
        apart = "; ".join(r.text for r in miss.conflict) or miss.note
        out.append(
            ReviewItem(
                "possible-duplicate",
                a.id,
                ids,
                len(a.reports) + len(b.reports),
                a.killed_best,
                _date(a) or _date(b),
                a.place or b.place,
                a.province or b.province,
                f"with {b.id}: they share {shared}; kept apart: {apart}",
            )
        )
    for e in report.events:
        grading = report.grade_of(e)
        checks: list[tuple[str, str | None]] = [
            ("contested", grading.why if grading and grading.grade == "contested" else None),
            ("range", _range(e)),
            ("imputed-attacker", _imputed(e, report)),
            ("hedged", _hedged(e.incidents)),
            ("undated", "no report gives a date" if e.date is None else None),
            ("place", _coarse_place(e)),
            ("centroid", _centroid(e)),
        ]
        for kind, note in checks:
            if note is not None:
                item = _item(e, kind, note, touched)
                if item is not None:
                    out.append(item)
    return tuple(sorted(out, key=lambda it: it.order))


def _range(e: Event) -> str | None:
    if e.killed_low is None or e.killed_high is None or e.killed_low == e.killed_high:
        return None
    tolls = ", ".join(_toll_text(i) for i in e.incidents if i.killed.best_total is not None)
    return f"the reports say {tolls} killed; the site counts {e.killed_best} (the latest)"


def _toll_text(incident: Incident) -> str:
    """ "5", or a report's range as "4-6" ("four to six civilians")."""
    low, high = incident.killed.bounds
    return str(low) if low == high else f"{low}-{high}"


def counts(items: Iterable[ReviewItem]) -> dict[str, int]:
    """Kind -> items, in :data:`KINDS` order, kinds with none left out."""
    found = Counter(it.kind for it in items)
    return {k: found[k] for k in KINDS if found[k]}


def review_json(report: Report, items: tuple[ReviewItem, ...]) -> dict[str, Any]:
    """``sitrep review --json``: the items and how many of each kind."""
    return {
        "schema": "sitrep.review/1",
        "events": len(report.events),
        "corrected": len(report.corrections.touched),
        "counts": counts(items),
        "items": [
            {
                "kind": it.kind,
                "event": it.event,
                "ids": list(it.ids),
                "reports": it.reports,
                "killed": it.killed,
                "date": it.date,
                "place": it.place,
                "province": it.province,
                "note": it.note,
            }
            for it in items
        ],
    }


def review_text(report: Report, items: tuple[ReviewItem, ...], limit: int | None = None) -> str:
    """``sitrep review``: a summary line, then each event with its items, most cited
    first, and the ids to paste. Every string from an article is made one
    printable line by the caller (:func:`~generator.safety.escape.terminal_line`)."""
    tally = counts(items)
    kinds = ", ".join(f"{n} {KINDS[k]}" for k, n in tally.items()) or "nothing"
    lines = [
        f"{len(items)} items to review on {len({it.event for it in items})} of "
        f"{len(report.events)} events: {kinds}",
    ]
    if report.corrections.touched:
        lines.append(
            f"({len(report.corrections.touched)} incidents and events already corrected "
            "or reviewed are left out)"
        )
    names = governorate_names()
    shown: dict[str, list[ReviewItem]] = {}
    for it in items:
        shown.setdefault(it.event, []).append(it)
    groups = list(shown.values())
    if limit is not None:
        groups = groups[:limit]
    for n, group in enumerate(groups, start=1):
        first = group[0]
        where = ", ".join(
            x for x in (first.place, names.get(first.province or "", first.province)) if x
        )
        killed = "–" if first.killed is None else str(first.killed)
        reports = max(it.reports for it in group)
        lines.append("")
        lines.append(
            f"{n}. {first.event} · {reports} report{'s' if reports != 1 else ''} · "
            f"{first.date or 'undated'} · {where or 'no place'} · killed {killed}"
        )
        for it in group:
            lines.append(f"   {KINDS[it.kind]}: {it.note}")
        ids = list(dict.fromkeys(i for it in group for i in it.ids))
        lines.append(f"   ids: {' '.join(ids)}")
    if limit is not None and len(shown) > limit:
        lines.append("")
        lines.append(f"... and {len(shown) - limit} more events (--limit)")
    return "\n".join(lines) + "\n"
