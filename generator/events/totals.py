"""Totals by governorate, faction and month, counted in events.

Three rules keep the figures honest:

* an incident flagged ``aggregate`` (a headline total, a count over a period)
  is shown on its article page but never added into any total;
* the same attack reported by several articles is one event
  (:func:`generator.events.merge_incidents`) and is counted once, with its
  ``best`` death toll (the latest report's), never once per outlet;
* every total carries the events behind it, and every event its reports (the
  incidents, each on its article page), so each figure on the site links back
  to the sentences it was read from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.events.corrections import (
    NO_CORRECTIONS,
    Corrected,
    CorrectionLog,
    apply_corrections,
)
from generator.events.merge import Event, NearMiss, near_misses
from generator.events.sources import Grading, Source, Sources, grade_events
from generator.model import PROVINCES, CodedArticle, Faction, Incident, Problem


@dataclass(frozen=True)
class Total:
    """A figure and the events it was summed from (aggregates never among them).

    Each event counts once, with its best toll: an attack three outlets
    reported adds one event and one death toll, not three.
    """

    key: str
    events: tuple[Event, ...]

    @property
    def count(self) -> int:
        """Events, not reports."""
        return len(self.events)

    @property
    def reports(self) -> int:
        """Incidents read from articles behind the events (>= ``count``)."""
        return sum(len(e.reports) for e in self.events)

    @property
    def incidents(self) -> tuple[Incident, ...]:
        """Every report behind the total, event by event: the evidence, not the count."""
        return tuple(i for e in self.events for i in e.incidents)

    @property
    def killed(self) -> int:
        return sum(e.killed_best or 0 for e in self.events)

    @property
    def injured(self) -> int:
        return sum(e.injured_best or 0 for e in self.events)

    @property
    def killed_civilians(self) -> int:
        return sum(e.killed_civilians or 0 for e in self.events)

    @property
    def unknown_toll(self) -> int:
        """Events for which no report states a death toll."""
        return sum(1 for e in self.events if e.killed_best is None)

    @property
    def undated(self) -> int:
        """Events no report dates (each still lies in a window of days; see
        :attr:`generator.events.Event.window`)."""
        return sum(1 for e in self.events if e.date is None)


@dataclass(frozen=True)
class Report:
    """Everything the pages show, gathered before anything is written."""

    articles: tuple[CodedArticle, ...]
    """Sorted by article id."""
    problems: tuple[Problem, ...]
    factions: Mapping[str, Faction]
    overall: Total
    """Every event, newest first."""
    by_province: Mapping[str, Total]
    """All 14 governorates, in ``PROVINCES`` order, empty ones included."""
    by_perpetrator: Mapping[str, Total]
    by_target: Mapping[str, Total]
    by_month: Mapping[str, Total]
    """Keyed "YYYY-MM", sorted; events without a known month are left out."""
    files_seen: int = 0
    events: tuple[Event, ...] = ()
    """As :func:`~generator.events.merge_incidents` returns them (oldest first)."""
    event_by_incident: Mapping[str, Event] | None = None
    """Incident id -> the event it reports (every non-aggregate incident has one)."""
    near_misses: tuple[NearMiss, ...] = ()
    """Pairs of events that nearly merged, for an analyst to check
    (:func:`generator.events.near_misses`)."""
    corrections: CorrectionLog = CorrectionLog()
    """What the analyst's corrections changed (:mod:`generator.events.corrections`)."""
    grades: Mapping[str, Grading] | None = None
    """Event id -> its grade and sources (:mod:`generator.events.sources`)."""
    sources: Mapping[str, Source] | None = None
    """Incident id -> whose figure it is, for every incident (stated totals too)."""
    confirmed: Total = Total("confirmed", ())
    """The events independently confirmed (grade ``confirmed``), newest first."""

    def grade_of(self, event: Event) -> Grading | None:
        return (self.grades or {}).get(event.id)

    def source_of(self, incident: Incident) -> Source | None:
        return (self.sources or {}).get(incident.id)

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @property
    def aggregates(self) -> tuple[Incident, ...]:
        return tuple(i for c in self.articles for i in c.incidents if i.aggregate)

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        dates = [e.date for e in self.overall.events if e.date is not None]
        return (min(dates), max(dates)) if dates else None

    def event_of(self, incident: Incident) -> Event | None:
        """The event an incident reports; None for an aggregate."""
        return (self.event_by_incident or {}).get(incident.id)

    def article_of(self, incident: Incident) -> CodedArticle:
        return self.articles_by_id[incident.article_id]

    @cached_property
    def articles_by_id(self) -> dict[str, CodedArticle]:
        # Built once: incidents.csv asks for every incident's article (a dict
        # rebuilt per call made rendering quadratic: 56 s at 5,000 articles).
        return {c.article.id: c for c in self.articles}


def _newest_key(date: dt.date | None, ident: str) -> tuple[bool, int, str]:
    return (date is None, -(date.toordinal() if date else 0), ident)


def newest_first(incidents: Iterable[Incident]) -> list[Incident]:
    """Dated incidents newest first, then undated ones; ties broken by id for stability."""
    return sorted(incidents, key=lambda i: _newest_key(i.date, i.id))


def newest_events_first(events: Iterable[Event]) -> list[Event]:
    """Dated events newest first, then undated ones; ties broken by event id."""
    return sorted(events, key=lambda e: _newest_key(e.date, e.id))


def event_month(event: Event) -> str | None:
    """ "YYYY-MM" when the event's date is known to the month or better, else None."""
    if event.date is None or event.date_precision in ("year", "unknown"):
        return None
    return event.date.strftime("%Y-%m")


def _group(events: Sequence[Event], key_of: Callable[[Event], str | None]) -> dict[str, Total]:
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        key = key_of(event)
        if key:
            groups[key].append(event)
    return {k: Total(k, tuple(newest_events_first(v))) for k, v in sorted(groups.items())}


def build_report(
    coded: Iterable[CodedArticle],
    problems: Iterable[Problem],
    factions: Mapping[str, Faction],
    *,
    files_seen: int = 0,
    corrected: Corrected | None = None,
    misses: tuple[NearMiss, ...] | None = None,
) -> Report:
    """Merge the articles' incidents into events and total them every way the site
    shows. ``corrected``: the analyst's corrections applied to ``coded``
    (:func:`~generator.events.corrections.apply_corrections`), whose articles and
    events are then used; without it, ``coded`` is merged as the machine read it.
    ``misses``: the near misses of exactly those events, when known already
    (:class:`~generator.events.memo.MergeMemo`); else they are found here."""
    if corrected is None:
        corrected = apply_corrections(NO_CORRECTIONS, coded, factions)
    articles = tuple(sorted(corrected.coded, key=lambda c: c.article.id))
    events = corrected.events
    by_province = _group(events, lambda e: e.province)
    grades = grade_events(events, articles, factions, corrected.attacker_set)
    classifier = Sources(factions)
    confirmed = [e for e in events if grades[e.id].grade == "confirmed"]
    return Report(
        articles=articles,
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.status, p.reason))),
        factions=dict(sorted(factions.items())),
        overall=Total("all", tuple(newest_events_first(events))),
        by_province={p: by_province.get(p, Total(p, ())) for p in PROVINCES},
        by_perpetrator=_group(events, lambda e: e.perpetrator),
        by_target=_group(events, lambda e: e.target),
        by_month=_group(events, event_month),
        files_seen=files_seen,
        events=events,
        event_by_incident={i.id: e for e in events for i in e.incidents},
        near_misses=misses if misses is not None else near_misses(articles, events, factions),
        corrections=corrected.log,
        grades=grades,
        sources={i.id: classifier.of(i, c.article) for c in articles for i in c.incidents},
        confirmed=Total("confirmed", tuple(newest_events_first(confirmed))),
    )
