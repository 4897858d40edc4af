"""Totals by governorate, faction and month.

Two rules keep the figures honest:

* an incident flagged ``aggregate`` (a headline total, a count over a period)
  is shown on its article page but never added into any total;
* every total carries the incidents behind it, so each figure on the site
  links back to the sentences it was read from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.model import PROVINCES, CodedArticle, Faction, Incident, Problem


@dataclass(frozen=True)
class Total:
    """A figure and the incidents it was summed from (aggregates never among them)."""

    key: str
    incidents: tuple[Incident, ...]

    @property
    def count(self) -> int:
        return len(self.incidents)

    @property
    def killed(self) -> int:
        return sum(i.killed.best_total or 0 for i in self.incidents)

    @property
    def injured(self) -> int:
        return sum(i.injured.best_total or 0 for i in self.incidents)

    @property
    def killed_civilians(self) -> int:
        return sum(i.killed.civilians or 0 for i in self.incidents)

    @property
    def unknown_toll(self) -> int:
        """Incidents whose death toll the text does not state."""
        return sum(1 for i in self.incidents if i.killed.best_total is None)


@dataclass(frozen=True)
class Report:
    """Everything the pages show, gathered before anything is written."""

    articles: tuple[CodedArticle, ...]
    """Sorted by article id."""
    problems: tuple[Problem, ...]
    factions: Mapping[str, Faction]
    overall: Total
    by_province: Mapping[str, Total]
    """All 14 governorates, in ``PROVINCES`` order, empty ones included."""
    by_perpetrator: Mapping[str, Total]
    by_target: Mapping[str, Total]
    by_month: Mapping[str, Total]
    """Keyed "YYYY-MM", sorted; incidents without a known month are left out."""
    files_seen: int = 0

    @property
    def aggregates(self) -> tuple[Incident, ...]:
        return tuple(i for c in self.articles for i in c.incidents if i.aggregate)

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        dates = [i.date for i in self.overall.incidents if i.date is not None]
        return (min(dates), max(dates)) if dates else None

    def article_of(self, incident: Incident) -> CodedArticle:
        return self._article_index[incident.article_id]

    @property
    def _article_index(self) -> dict[str, CodedArticle]:
        return {c.article.id: c for c in self.articles}


def newest_first(incidents: Iterable[Incident]) -> list[Incident]:
    """Dated incidents newest first, then undated ones; ties broken by id for stability."""
    return sorted(
        incidents,
        key=lambda i: (i.date is None, -(i.date.toordinal() if i.date else 0), i.id),
    )


def _group(incidents: Sequence[Incident], key_of) -> dict[str, Total]:
    groups: dict[str, list[Incident]] = defaultdict(list)
    for inc in incidents:
        key = key_of(inc)
        if key:
            groups[key].append(inc)
    return {k: Total(k, tuple(newest_first(v))) for k, v in sorted(groups.items())}


def build_report(
    coded: Iterable[CodedArticle],
    problems: Iterable[Problem],
    factions: Mapping[str, Faction],
    *,
    files_seen: int = 0,
) -> Report:
    articles = tuple(sorted(coded, key=lambda c: c.article.id))
    counted = [i for c in articles for i in c.incidents if not i.aggregate]
    by_province = _group(counted, lambda i: i.place.province)
    return Report(
        articles=articles,
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.status, p.reason))),
        factions=dict(sorted(factions.items())),
        overall=Total("all", tuple(newest_first(counted))),
        by_province={p: by_province.get(p, Total(p, ())) for p in PROVINCES},
        by_perpetrator=_group(counted, lambda i: i.perpetrator),
        by_target=_group(counted, lambda i: i.target),
        by_month=_group(
            counted,
            lambda i: i.date.strftime("%Y-%m") if i.date and i.date_precision != "year" else None,
        ),
        files_seen=files_seen,
    )
