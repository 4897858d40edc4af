"""What the pages say about an analyst's corrections, each report's source and each
event's grade (the data: :mod:`generator.events.corrections`,
:mod:`generator.events.sources`).

Every corrected figure is shown beside the machine's ("8 → 9"), and every
correction with its reason, so a reader always sees what the text said and what
a person decided. Values an analyst wrote (a place, an attribution, a reason)
are as hostile as article text and are escaped the same way (``md_inline``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.events.corrections import Change
from generator.events.merge import Event
from generator.events.sources import GRADE_LABELS, GRADES, KINDS
from generator.events.totals import Report, Total, newest_events_first
from generator.knowledge.factions import faction_name
from generator.knowledge.governorates import names as governorate_names
from generator.model import Incident
from generator.pages.labels import humanize
from generator.safety.escape import md_inline

__all__ = ["FIELD_LABELS", "Analyst"]

#: How a corrected field is named on the pages (incident and event fields).
FIELD_LABELS: dict[str, str] = {
    "date": "date",
    "date_precision": "date precision",
    "place": "place",
    "province": "governorate",
    "latitude": "latitude",
    "longitude": "longitude",
    "geo_precision": "place precision",
    "event_type": "event type",
    "sub_event_type": "sub-event type",
    "means": "means",
    "perpetrator": "perpetrator",
    "target": "target",
    "killed.total": "killed",
    "killed.civilians": "civilians killed",
    "killed.combatants": "combatants killed",
    "killed.children": "children killed",
    "killed.women": "women killed",
    "injured.total": "injured",
    "attribution": "who says so",
    "killed.best": "killed",
    "injured.best": "injured",
    "aggregate": "stated total",
}

_ARROW = " → "


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


class Analyst:
    """The corrections and grades of one report, as the templates show them
    (``site.analyst`` in a template)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.log = report.corrections
        self.governorates = governorate_names()

    # ------------------------------------------------------------------ values

    def value(self, field: str, value: Any) -> str:
        """A corrected or machine value, worded for a reader and escaped."""
        if value is None:
            return "not stated"
        if field in ("perpetrator", "target"):
            return md_inline(faction_name(str(value), self.report.factions))
        if field == "province":
            return self.governorates.get(str(value)) or md_inline(value)
        if field in ("means", "event_type", "sub_event_type"):
            return humanize(str(value))
        if field == "aggregate":
            return "yes" if value else "no"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return md_inline(value)

    def change(self, change: Change) -> str:
        """One correction in a line: "killed 8 → 9, corrected: a child died ..."."""
        reason = md_inline(change.reason)
        if change.action == "set" or change.action == "stated_total":
            field = change.field or ""
            label = FIELD_LABELS.get(field, md_inline(field))
            was, now = self.value(field, change.machine), self.value(field, change.value)
            return f"{label} {was}{_ARROW}{now}, corrected: {reason}"
        if change.action == "merge":
            return f"merged with {', '.join(change.others)} by an analyst: {reason}"
        if change.action == "split":
            return f"split out of the event the machine put it in: {reason}"
        if change.action == "not_incident":
            return f"not an incident, corrected: {reason}"
        return f"checked, right as read: {reason}"

    def changes(self, ident: str) -> list[str]:
        """Every correction of an incident or event, in file order."""
        return [self.change(c) for c in self.log.of(ident)]

    def corrected(self, ident: str) -> bool:
        return bool(self.log.of(ident))

    # ------------------------------------------------------------------ figures

    def killed(self, inc: Incident) -> str:
        """An incident's death toll for a table cell, "8 → 9" when corrected."""
        return self._figure(inc, lambda i: i.killed.best_total)

    def injured(self, inc: Incident) -> str:
        return self._figure(inc, lambda i: i.injured.best_total)

    def _figure(self, inc: Incident, figure: Callable[[Incident], int | None]) -> str:
        """A figure of an incident for a table cell, the machine's first when a
        correction changed it ("8 → 9")."""
        now = figure(inc)
        was = self.log.machine_incidents.get(inc.id)
        if was is not None and figure(was) != now:
            return f"{_count(figure(was))}{_ARROW}{_count(now)}"
        return _count(now)

    def event_killed(self, event: Event) -> str:
        """An event's best toll, "13 → 12" when a correction changed it."""
        if event.id in self.log.machine_killed:
            was = self.log.machine_killed[event.id]
            return f"{_count(was)}{_ARROW}{_count(event.killed_best)}"
        return _count(event.killed_best)

    def removed(self, article_id: str) -> list[tuple[Incident, str]]:
        """The article's incidents an analyst marked as not incidents, as read."""
        return [(inc, why) for inc, why in self.log.removed if inc.article_id == article_id]

    # ------------------------------------------------------------------ sources and grades

    def who(self, inc: Incident) -> str:
        """Who says so, and what kind of source that is: "SOHR (independent monitor)"."""
        source = self.report.source_of(inc)
        if source is None:
            return md_inline(inc.attribution) or "–"
        if source.kind == "unnamed":
            return "not named"
        return f"{md_inline(source.name)} ({source.label})"

    def grade(self, event: Event) -> str:
        grading = self.report.grade_of(event)
        return grading.label if grading else "–"

    def grade_why(self, event: Event) -> str:
        grading = self.report.grade_of(event)
        return md_inline(grading.why) if grading else ""

    def by_grade(self) -> list[tuple[str, Total]]:
        """(label, total) for all events, then each grade, for the home page."""
        out = [("All events", self.report.overall)]
        for grade in GRADES:
            events = [
                e for e in self.report.events if (g := self.report.grade_of(e)) and g.grade == grade
            ]
            label = "Independently confirmed" if grade == "confirmed" else GRADE_LABELS[grade]
            out.append(
                (label[:1].upper() + label[1:], Total(grade, tuple(newest_events_first(events))))
            )
        return out

    @staticmethod
    def kinds() -> dict[str, str]:
        return dict(KINDS)
