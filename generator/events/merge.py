"""One event, many reports: merge incidents from different articles into events.

The same attack is reported by several outlets, often with different and
revised tolls (a bus-convoy bombing at 22, 43, 70, 100 and 126 killed).
Summing incidents inflates every total; summing *events* does not.

Every non-aggregate incident belongs to exactly one :class:`Event`
(singletons included).  Aggregates (headline totals, counts over a period) are
never part of an event: they restate other incidents and are never summed.

When reports merge
------------------

The pairwise rules live in :mod:`generator.events.rules`: two reports are
compared facet by facet (governorate, dates, place, means, perpetrator, toll);
a facet agrees, conflicts, or says nothing.  A report joins an event when it
conflicts with *none* of the event's reports (so no chain day 1 ~ day 2 ~ day
3, no "Douma" ~ "Damascus" ~ "Harasta", never two incidents of one article)
and merges with *at least one* of them (enough agreement).  An incident the
text does not date has no date, but a window: the days before its article was
published (:data:`~generator.events.rules.LOOKBACK_DAYS`); it merges like a
dated one, on stronger evidence.

Clustering
----------

Greedy, over one deterministic order: incidents sorted by (article published,
unknown last; article id; incident id) — the order in which the world learned
of them.  Each incident joins the best event it fits (most agreement with one
of its reports, then the nearest date, the closest toll, the earliest event),
else it founds a new event.  An incident with no window at all (no date, no
publication date) joins an event only when exactly one fits, or one fits
better than all others (:func:`clear_best`): with no date, two that fit as
well mean the evidence cannot tell which.

Why this order: an event is founded by its earliest report, which is also
where its id comes from, and adding articles published after all existing
ones only appends to the order, so every earlier decision — and every existing
event's id and members — stays as it was.  The output never depends on the
order of the input.

Complexity: events are indexed by (governorate block, day) for every day their
reports' windows cover, and by (governorate block, key) for the few reports with
no window, a key being a place word, a telling toll or a weekday, so an incident is
compared only with events of its governorate near its dates, or named like its
place, of its toll or of its weekday: O(n · (w + k · m)) for n
incidents, w <= 33 index days per incident, k events in a block and m reports
per event — linear in n for news, where k and m stay small.

Event ids
---------

``ev-`` + 12 hex digits of the sha256 of the *founding* incident (the earliest
in the order above).  Stable across runs and as later reports are added.  Its
limits: the id changes when a report published *before* the founder is added
later (a backfilled archive) and joins that event, or when new articles change
which event an existing incident joins.

Explanations
------------

Each event keeps, for every report after the first, the report it matched
best and what they share (:class:`EventLink`), shown on the site.  Pairs of
events that nearly merged (same governorate, dates overlapping, something
shared) are :func:`near_misses`, listed for an analyst on "Possible
duplicates": each event's :data:`NEAR_MISSES_PER_EVENT` closest.

Memory
------

The clustering reads nothing of a report but its :class:`~generator.events.rules.Side`
(about 200 bytes): :func:`group_reports` gives which reports make each event and
why (:class:`Grouping`), and :func:`events_of` builds the events from the
incidents at the end. A Dask merge task (:mod:`generator.cluster.blocks`) is
handed sides and hands back groupings, so a worker never holds an incident.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from generator.events.rules import (
    DAY_SLACK,
    LOOKBACK_DAYS,
    REVISION_RULES,
    TELLING_TOLL,
    TOLLS_CLOSE,
    TOLLS_CONSISTENT,
    Reason,
    Side,
    Verdict,
    judge,
    lookup_slack,
    province_block,
    side,
    sure_conflicts,
    weekday_of,
)
from generator.knowledge.districts import District, district_named, district_of
from generator.knowledge.factions import UNIDENTIFIED
from generator.knowledge.placenames import place_key, places_compatible
from generator.model import CodedArticle, Faction, Incident, Place

__all__ = [
    "DAY_SLACK",
    "LOOKBACK_DAYS",
    "TOLLS_CLOSE",
    "TOLLS_CONSISTENT",
    "ANALYST_MERGE",
    "Cluster",
    "MergeState",
    "grouping_of",
    "lookup_days",
    "closest_of",
    "miss_rank",
    "near_rank",
    "place_words",
    "window_days",
    "worded_pair",
    "Event",
    "EventLink",
    "EventReport",
    "Grouping",
    "IncidentKey",
    "NearMiss",
    "ReportItem",
    "ReportKey",
    "NEAR_MISSES_PER_EVENT",
    "best_toll",
    "compatible",
    "event_id",
    "event_json",
    "event_of",
    "event_of_reports",
    "events_of",
    "group_reports",
    "join_events",
    "merge_incidents",
    "near_miss_json",
    "near_miss_pairs",
    "near_misses",
    "place_key",
    "places_compatible",
    "report_items",
    "report_key",
    "report_key_of",
    "report_keys",
    "report_order",
    "Before",
    "Regrouped",
    "rated_near_misses",
    "regroup",
    "span",
    "verdict",
]


@dataclass(frozen=True)
class EventReport:
    """One article's account of an event: which incident, what toll, when, by whom."""

    article_id: str
    incident_id: str
    killed: int | None
    """The incident's death toll (``Casualties.best_total``); None when not stated."""
    published: dt.date | None
    """The article's publication date: later reports carry the revised tolls."""
    source: str | None


@dataclass(frozen=True)
class EventLink:
    """Why a report is part of an event: the report it matched best, and what they share."""

    incident_id: str
    """The report that joined."""
    matched: str
    """The incident id of the event's report it agrees with most."""
    reasons: tuple[Reason, ...]
    """What the two share (place, day, means, toll ...), in facet order."""


@dataclass(frozen=True)
class Event:
    """One real-world event and every report of it."""

    id: str
    """``ev-`` + hash of the founding (earliest-reported) incident; see the module docstring."""
    date: dt.date | None
    date_precision: str
    province: str | None
    place: str | None
    """The most-reported spelling (by normalised name), ties to the earliest report."""
    means: str
    perpetrator: str | None
    target: str | None
    reports: tuple[EventReport, ...]
    """In report order: published (unknown last), article id, incident id."""
    killed_low: int | None
    """The lowest death toll a report gives, a range's low end included ("four to six
    civilians": 4; ``Casualties.bounds``); None when no report states one."""
    killed_best: int | None
    """The latest report's toll (see :func:`best_toll`)."""
    killed_high: int | None
    """The highest toll a report gives, a range's high end included ("four to six": 6)."""
    injured_best: int | None
    incidents: tuple[Incident, ...]
    """The member incidents, in report order."""
    killed_civilians: int | None = None
    """Civilians killed, by the rule of ``killed_best`` and never above it; None if not stated."""
    location: Place = Place(None, None)
    """Where to draw the event: a member's place with the event's place name,
    coordinates preferred (see :func:`_event_location`)."""
    window: tuple[dt.date, dt.date] | None = None
    """For an event no report dates (``date`` None): the days it must lie in, from
    its reports' publication dates; None when dated, or when nothing bounds it."""
    links: tuple[EventLink, ...] = ()
    """Why each report after the first is part of the event."""

    @property
    def best_report(self) -> EventReport | None:
        """The report ``killed_best`` was taken from (where a figure links to); None if no toll."""
        stated = [r for r in self.reports if r.killed is not None]
        if not stated:
            return None
        return max(stated, key=lambda r: _toll_rank(r.published, r.killed))

    @property
    def counted_report(self) -> EventReport:
        """The report that stands for the event in a list of reports: the best, else the first."""
        return self.best_report or self.reports[0]

    @property
    def undated(self) -> bool:
        """No report gives the event a date (it may still have a window)."""
        return self.date is None


# --------------------------------------------------------------------------- items

_FAR_FUTURE = dt.date.max
_UNPUBLISHED = _FAR_FUTURE.toordinal()

Order = tuple[int, str, str]
"""Report order: the article's publication day (ordinal; unknown last), article id,
incident id."""

IncidentKey = tuple[str, str]
"""(article id, incident id): one report across the whole corpus."""


def report_order(s: Side) -> Order:
    """Report order: published (unknown last, so it never takes over an id), article, id."""
    return (_UNPUBLISHED if s.published is None else s.published, s.article_id, s.incident_id)


def report_key(s: Side) -> IncidentKey:
    """The report's (article id, incident id)."""
    return (s.article_id, s.incident_id)


@dataclass(frozen=True, slots=True)
class _Item:
    """An incident with what merging needs from its article: the clustering reads
    only its :class:`Side`; the event is built from the rest at the end."""

    incident: Incident
    published: dt.date | None
    source: str | None
    side: Side

    @property
    def order(self) -> Order:
        return report_order(self.side)

    @property
    def toll(self) -> int | None:
        return self.side.toll

    @property
    def block(self) -> str | None:
        return province_block(self.side.province)


def _item(inc: Incident, coded: CodedArticle) -> _Item:
    a = coded.article
    return _Item(
        incident=inc,
        published=a.published,
        source=a.source,
        side=side(
            article_id=inc.article_id,
            incident_id=inc.id,
            province=inc.place.province,
            place_name=inc.place.name,
            means=inc.means,
            perpetrator=inc.perpetrator,
            toll=inc.killed.best_total,
            date=inc.date,
            precision=inc.date_precision,
            published=a.published,
            weekday=inc.weekday,
            revision=bool(REVISION_RULES.intersection(inc.why.killed)),
            district=_district_id(district_of(inc.place)),
            district_named=_district_id(district_named(inc.place)),
        ),
    )


def _district_id(district: District | None) -> str | None:
    return district.id if district is not None else None


def verdict(
    a: Incident,
    a_article: CodedArticle,
    b: Incident,
    b_article: CodedArticle,
    factions: Mapping[str, Faction] | None = None,
) -> Verdict:
    """How two incidents compare (:func:`generator.events.rules.judge`)."""
    return judge(_item(a, a_article).side, _item(b, b_article).side, factions)


def compatible(
    a: Incident,
    a_article: CodedArticle,
    b: Incident,
    b_article: CodedArticle,
    factions: Mapping[str, Faction] | None = None,
) -> bool:
    """Whether nothing contradicts two incidents being one event (every pair of an
    event's reports is compatible; at least one pair of each join merges)."""
    return verdict(a, a_article, b, b_article, factions).compatible


# --------------------------------------------------------------------------- clustering


@dataclass(slots=True)
class _Cluster:
    seq: int
    """Founding order: the tie-breaker between equally good clusters."""
    members: list[Side]
    articles: set[str]
    links: list[EventLink]
    echo: bool = False
    """Founded by a report that would have joined an event its own article already
    reports: most likely the same attack told twice by one article (a headline and a
    later paragraph read as two incidents).  Later reports prefer other events."""
    closed: bool = False
    """Founded by a report an analyst split out of its event: nothing joins it."""
    alike: dict[Side, list[Side]] = field(default_factory=dict)
    """The members grouped by what the rules read of them (:func:`facets`), in the
    order each group first joined: a report is judged against one member of each
    group, so an attack a hundred outlets told alike costs one comparison, not a
    hundred (:func:`_fit`)."""

    def add(self, report: Side) -> None:
        self.members.append(report)
        self.articles.add(report.article_id)
        self.alike.setdefault(facets(report), []).append(report)


def facets(side: Side) -> Side:
    """``side`` without its article and incident ids: what :func:`~generator.events.
    rules.judge` reads of a report from another article. Two reports with equal facets
    get the same verdict against any third from another article."""
    return replace(side, article_id="", incident_id="")


def _window_days(report: Side) -> range:
    assert report.window is not None
    lo, hi = report.window
    return range(lo, hi + 1)


def _lookup_days(report: Side) -> range:
    """The index days whose events may hold a report within :data:`DAY_SLACK` of ``report``."""
    assert report.window is not None
    lo, hi = report.window
    slack = lookup_slack(report)
    return range(lo - slack, hi + slack + 1)


def _place_words(report: Side) -> tuple[str, ...]:
    """What a report with no window is looked up by, and every report indexed under:
    its place words (a specific place), its toll when :data:`TELLING_TOLL` or more
    (``"toll 126"``), and its weekday (``"weekday 5"``: a day's, or the one the text of
    a report with no window names) — the facets
    :func:`~generator.events.rules.enough_evidence` merges such a report on. A report
    with no window is rare (an article with no date at all); the weekday key holds a
    seventh of its governorate's dated reports."""
    words = report.place if report.specific and report.place else ()
    toll = report.toll
    if toll is not None and toll >= TELLING_TOLL:
        words = (*words, f"toll {toll}")
    weekday = weekday_of(report)
    if weekday is not None:
        words = (*words, f"weekday {weekday}")
    return words


def _fit(
    item: Side, cluster: _Cluster, factions: Mapping[str, Faction] | None, own: bool = False
) -> tuple[Verdict, Side, int] | None:
    """If no member conflicts with ``item`` and one merges with it: the best merging
    verdict, its member, and how many members merge with ``item``.  With ``own`` set,
    a member of ``item``'s own article is judged as if it came from another (to tell
    whether the article tells one attack twice)."""
    if cluster.closed or (item.article_id in cluster.articles and not own):
        return None
    best: tuple[Verdict, Side] | None = None
    merging = 0
    # No member shares item's article unless ``own``: one verdict serves a group of
    # alike members.
    groups = [[m] for m in cluster.members] if own else list(cluster.alike.values())
    for group in groups:
        m = group[0]
        if sure_conflicts(item, m, factions):
            return None  # any conflict keeps item out, its own article's reports included
        v = judge(item, m, factions)
        if own and m.article_id == item.article_id:
            if any(c != "article" for c in v.conflicts):
                return None
            merges = v.linked
        elif not v.compatible:
            return None
        else:
            merges = v.merge
        if merges:
            merging += len(group)
            if best is None or v.strength > best[0].strength:
                best = (v, m)
    return None if best is None else (*best, merging)


def _rank(item: Side, cluster: _Cluster, v: Verdict, merging: int) -> tuple[int, ...]:
    """Higher is better: most agreement with one report, then with most reports, then
    the nearest date, the closest toll, the earliest cluster."""
    alike = [group[0] for group in cluster.alike.values()]  # windows and tolls are facets
    gaps = [
        max(item.window[0], m.window[0]) - min(item.window[1], m.window[1])
        for m in alike
        if item.window is not None and m.window is not None
    ]
    gap = max(max(gaps), 0) if gaps else 0
    tolls = [m.toll for m in alike if m.toll is not None]
    if item.toll is not None and tolls:
        spread = min(abs(item.toll - t) * 1000 // (max(item.toll, t) + 1) for t in tolls)
    else:
        spread = 1000
    return (not cluster.echo, v.strength, merging, -gap, -spread, -cluster.seq)


def clear_best(fitting: Sequence[tuple[tuple[int, ...], Any, Any]]) -> bool:
    """For a report with no date: one event fits, or one fits better than any other
    (more agreement with one of its reports: "Manbij", air strike, 15 killed fits the
    event of that toll over the one of 6 killed in Manbij; as much agreement, but with
    more of its reports: the 15 dead two outlets told over the 15 dead one told). Two
    that fit as well are a choice the evidence cannot make."""
    if len(fitting) == 1:
        return True
    first, second = sorted(((f[2][0].strength, f[2][2]) for f in fitting), reverse=True)[:2]
    return first > second


@dataclass(frozen=True, slots=True)
class Grouping:
    """One event as the clustering leaves it: which reports, and why each joined. The
    :class:`Event` is built from it and the reports' incidents (:func:`events_of`), so
    that the clustering holds the reports' :class:`Side` and nothing more (and a merge
    task on a cluster hands back this, not events)."""

    reports: tuple[IncidentKey, ...]
    """(article id, incident id) of each report, in report order; the first founded it."""
    links: tuple[EventLink, ...]
    echo: bool = False
    """Founded as an echo of its founder's own article (:attr:`_Cluster.echo`): what a
    later merge taking this one up again (:func:`regroup`) needs besides."""

    @property
    def id(self) -> str:
        """The event's id (:func:`event_id` of its founder)."""
        return _event_id(self.reports[0])


def event_of_reports(groupings: Iterable[Grouping]) -> dict[str, str]:
    """Each report's event, incident id -> event id: what the near-miss search is
    given (:func:`rated_near_misses`)."""
    return {key[1]: g.id for g in groupings for key in g.reports}


def group_reports(
    reports: Iterable[Side],
    factions: Mapping[str, Faction] | None = None,
    alone: Collection[str] = frozenset(),
) -> list[Grouping]:
    """The clustering of :func:`merge_incidents` on the reports' sides alone: the
    events' reports and links, in founding order."""
    clusters = _cluster(sorted(reports, key=report_order), factions, frozenset(alone))
    return [_grouping(c) for c in clusters]


def _grouping(c: _Cluster) -> Grouping:
    return Grouping(tuple(report_key(m) for m in c.members), tuple(c.links), c.echo)


def _cluster(
    items: Sequence[Side],
    factions: Mapping[str, Faction] | None,
    alone: Collection[str] = frozenset(),
) -> list[_Cluster]:
    """Greedy clustering over ``items`` (already in report order); see the module
    docstring. An item whose incident id is in ``alone`` founds an event that
    nothing joins."""
    state = _State()
    for item in items:
        state.place(item, *state.decide(item, factions, alone), closed=item.incident_id in alone)
    return state.clusters


@dataclass(slots=True)
class _State:
    """The clustering so far: its events, and where each is indexed (by governorate
    block and day of its reports' windows; by block and place word)."""

    clusters: list[_Cluster] = field(default_factory=list)
    by_day: dict[tuple[str, int], list[_Cluster]] = field(default_factory=lambda: defaultdict(list))
    by_word: dict[tuple[str, str], list[_Cluster]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def near(self, block: str, days: range) -> Iterable[_Cluster]:
        """The events indexed on ``days`` of ``block``, each once, in founding order."""
        found: dict[int, _Cluster] = {}
        for day in days:
            for c in self.by_day.get((block, day), ()):
                found.setdefault(c.seq, c)
        return [found[seq] for seq in sorted(found)]

    def named(self, block: str, words: Iterable[str]) -> Iterable[_Cluster]:
        """The events indexed under ``words`` of ``block``, each once, in founding order."""
        found: dict[int, _Cluster] = {}
        for word in words:
            for c in self.by_word.get((block, word), ()):
                found.setdefault(c.seq, c)
        return [found[seq] for seq in sorted(found)]

    def founded(self, echo: bool, closed: bool) -> _Cluster:
        """A new event, the next in founding order."""
        c = _Cluster(len(self.clusters), [], set(), [], echo, closed=closed)
        self.clusters.append(c)
        return c

    def index_day(self, block: str, day: int, cluster: _Cluster) -> None:
        bucket = self.by_day[(block, day)]
        if not bucket or bucket[-1] is not cluster:
            bucket.append(cluster)

    def index_word(self, block: str, word: str, cluster: _Cluster) -> None:
        bucket = self.by_word[(block, word)]
        if not bucket or bucket[-1] is not cluster:
            bucket.append(cluster)

    def touched(self, cluster: _Cluster) -> None:
        """``cluster`` took a report (a state that keeps events elsewhere writes it back)."""

    def _candidates(self, item: Side, alone: Collection[str]) -> Iterable[_Cluster]:
        block = province_block(item.province)
        if block is None or item.incident_id in alone:
            return ()
        if item.window is not None:
            return self.near(block, _lookup_days(item))
        return self.named(block, _place_words(item))

    def decide(
        self, item: Side, factions: Mapping[str, Faction] | None, alone: Collection[str]
    ) -> tuple[_Cluster | None, EventLink | None, bool]:
        """Where ``item`` goes: the event it joins and why (else None), and whether
        the event it founds is an echo of its own article (:attr:`_Cluster.echo`).

        The candidates are gone through once, in founding order, keeping the best fit
        (ranks are unique: the last term is the founding order) and the two highest
        (strength, merging) of the fits (all :func:`clear_best` reads), so a state
        that keeps its events elsewhere holds one candidate at a time."""
        best: tuple[tuple[int, ...], _Cluster, tuple[Verdict, Side, int]] | None = None
        tops: list[tuple[tuple[int, ...], Any, tuple[Verdict, Side, int]]] = []
        for c in self._candidates(item, alone):
            fit = _fit(item, c, factions)
            if fit is None:
                continue
            rank = _rank(item, c, fit[0], fit[2])
            if best is None or rank > best[0]:
                best = (rank, c, fit)
            tops.append((rank, None, fit))
            if len(tops) > 2:
                tops.remove(min(tops, key=lambda f: (f[2][0].strength, f[2][2])))
        if best is not None and (item.window is not None or clear_best(tops)):
            _, chosen, (v, matched, _n) = best
            return chosen, EventLink(item.incident_id, matched.incident_id, v.agree), False
        echo = any(
            item.article_id in c.articles and _fit(item, c, factions, own=True) is not None
            for c in self._candidates(item, alone)
        )
        return None, None, echo

    def place(
        self,
        item: Side,
        chosen: _Cluster | None,
        link: EventLink | None,
        echo: bool,
        *,
        closed: bool,
    ) -> _Cluster:
        """Put ``item`` into ``chosen`` (by ``link``), or found an event with it."""
        if chosen is None:
            chosen = self.founded(echo, closed)
        else:
            assert link is not None
            chosen.links.append(link)
        chosen.add(item)
        block = province_block(item.province)
        if block is not None:
            if item.window is not None:
                for day in _window_days(item):
                    self.index_day(block, day, chosen)
            for word in _place_words(item):
                self.index_word(block, word, chosen)
        self.touched(chosen)
        return chosen


#: The clustering's parts, for a state that keeps its events elsewhere than in
#: memory (:mod:`generator.cluster.spill`): it overrides :class:`MergeState`'s lookups
#: and keeps every decision here, so both give the same events by construction.
MergeState = _State
Cluster = _Cluster
grouping_of = _grouping
lookup_days = _lookup_days
window_days = _window_days
place_words = _place_words


# --------------------------------------------------------------------------- again


@dataclass(frozen=True)
class Before:
    """A block's last merge, as :func:`regroup` takes it up again."""

    groupings: Sequence[Grouping]
    prints: Mapping[IncidentKey, str]
    """Each report's fingerprint: equal when nothing the merge or its events read of
    the report changed (the memo hashes its incident, article date and source)."""
    spans: Mapping[IncidentKey, tuple[int, int]]
    """Each event's (by its founder) first and last window day over its reports."""
    misses: Sequence[tuple[NearMiss, int]]
    """Its near misses, each with the strength of its agreement."""


@dataclass(frozen=True)
class Regrouped:
    """What :func:`regroup` gives: the merge of everything, and what it took up."""

    groupings: list[Grouping]
    """As :func:`group_reports` gives them."""
    misses: list[tuple[NearMiss, int]]
    """As :func:`rated_near_misses` gives them."""
    decided: int
    """Reports whose place was decided afresh (the others took their last one)."""


def span(reports: Iterable[Side]) -> tuple[int, int] | None:
    """The first and last day of the reports' windows (None: none has one)."""
    windows = [s.window for s in reports if s.window is not None]
    if not windows:
        return None
    return min(w[0] for w in windows), max(w[1] for w in windows)


def regroup(
    reports: Iterable[Side],
    prints: Mapping[IncidentKey, str],
    before: Before,
    factions: Mapping[str, Faction] | None = None,
    alone: Collection[str] = frozenset(),
) -> Regrouped:
    """:func:`group_reports` and :func:`rated_near_misses` of ``reports``, taking up
    the last merge of (mostly) the same reports, with the same result.

    The clustering is greedy over report order, and a report's place depends only on
    the events indexed on its lookup days. So the merge is run again in order, and an
    event is *dirty* from the moment its reports differ from the last merge's (it
    held a report removed or changed, a report joined it that did not before, or left
    it); every day any dirty event's reports cover, in either merge, is dirty. A
    report whose fingerprint is unchanged and whose lookup days hold no dirty day sees
    the very events it saw last time: it takes its last place without a comparison.
    The others are decided afresh (:meth:`_State.decide`), and where that differs
    from last time, both events become dirty. A report with no window (looked up by
    its place words) is always decided afresh: they are rare.

    Near misses: an event keeps its :data:`NEAR_MISSES_PER_EVENT` closest partners
    (:func:`rated_near_misses`). The pairs of dirty events, and of every event that
    listed one, are found again; an event that listed none keeps its last partners
    and may take a closer one among those found.
    """
    items = sorted(reports, key=report_order)
    old_founder: dict[IncidentKey, IncidentKey] = {}
    old_link: dict[IncidentKey, EventLink] = {}
    old_echo: set[IncidentKey] = set()
    for g in before.groupings:
        founder = g.reports[0]
        for key in g.reports:
            old_founder[key] = founder
        for key, joined_by in zip(g.reports[1:], g.links, strict=True):
            old_link[key] = joined_by
        if g.echo:
            old_echo.add(founder)
    dirty: set[IncidentKey] = set()
    dirty_days: set[int] = set()

    def mark(founder: IncidentKey, cluster: _Cluster | None) -> None:
        if founder not in dirty:
            dirty.add(founder)
            was = before.spans.get(founder)
            if was is not None:
                dirty_days.update(range(was[0], was[1] + 1))
        if cluster is not None:
            for m in cluster.members:
                if m.window is not None:
                    dirty_days.update(_window_days(m))

    now = {report_key(s) for s in items}
    for key, founder in old_founder.items():
        if key not in now or before.prints.get(key) != prints[key]:
            mark(founder, None)

    state = _State()
    by_founder: dict[IncidentKey, _Cluster] = {}
    decided = 0
    for item in items:
        key = report_key(item)
        was = key in old_founder and before.prints.get(key) == prints[key]
        chosen: _Cluster | None = None
        link: EventLink | None = None
        echo = False
        again = not was or item.window is None or province_block(item.province) is None
        if not again:
            again = any(day in dirty_days for day in _lookup_days(item))
        if not again:
            founder = old_founder[key]
            if founder == key:
                echo = key in old_echo
            else:
                chosen, link = by_founder.get(founder), old_link[key]
                again = chosen is None or founder in dirty  # (never: it would be dirty)
        if again:
            decided += 1
            chosen, link, echo = state.decide(item, factions, alone)
        joined = chosen
        cluster = state.place(item, chosen, link, echo, closed=item.incident_id in alone)
        founder = report_key(cluster.members[0])
        if joined is None:
            by_founder[key] = cluster
        if again:
            same = was and old_founder[key] == founder
            if same and joined is None:
                same = echo == (key in old_echo)
            elif same:
                same = old_link.get(key) == link
            if not same:
                mark(founder, cluster)
                if was:
                    mark(old_founder[key], None)
        if founder in dirty and item.window is not None:
            dirty_days.update(_window_days(item))
    groupings = [_grouping(c) for c in state.clusters]
    kept = frozenset(g.reports[0] for g in groupings) - dirty
    misses = _misses_again(items, groupings, kept, before, factions)
    return Regrouped(groupings, misses, decided)


def _misses_again(
    reports: Sequence[Side],
    groupings: Sequence[Grouping],
    kept: frozenset[IncidentKey],
    before: Before,
    factions: Mapping[str, Faction] | None,
) -> list[tuple[NearMiss, int]]:
    """:func:`rated_near_misses` of the regrouped events, from the last ones (see
    :func:`regroup`)."""
    by_id = {s.incident_id: s for s in reports}
    items = list(by_id.values())  # in report order, as rated_near_misses holds them
    index = {s.incident_id: n for n, s in enumerate(items)}
    event_of = event_of_reports(groupings)
    clean = {_event_id(f) for f in kept}
    fresh = {g.id for g in groupings} - clean
    redo = set(fresh)
    for miss, _ in before.misses:
        if miss.first not in clean or miss.second not in clean:
            redo.update((miss.first, miss.second))
    redo &= {g.id for g in groupings}
    held: dict[str, dict[str, tuple[_Rank, int, int]]] = defaultdict(dict)
    known: dict[tuple[str, str], tuple[NearMiss, int]] = {}
    for miss, strength in before.misses:
        if {miss.first, miss.second} & redo or not {miss.first, miss.second} <= clean:
            continue  # found again below, or gone
        rank = miss_rank(miss, strength)
        n, k = sorted((index[miss.first_incident], index[miss.second_incident]))
        _hold(held[miss.first], miss.second, (rank, n, k))
        _hold(held[miss.second], miss.first, (rank, n, k))
        known[(miss.first, miss.second)] = (miss, strength)
    blocks = [province_block(s.province) for s in items]
    by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    for n, it in enumerate(items):
        block = blocks[n]
        if block is not None and it.window is not None:
            for day in _window_days(it):
                by_day[(block, day)].append(n)
    widest = max((lookup_slack(s) for s in items), default=0)
    pairs: set[tuple[int, int]] = set()
    for n, it in enumerate(items):
        block = blocks[n]
        if block is None or it.window is None or event_of.get(it.incident_id) not in redo:
            continue
        for day in _lookup_days(it):  # later reports it looks up, as rated_near_misses
            pairs.update((n, k) for k in by_day.get((block, day), ()) if k > n)
        lo, hi = it.window
        for day in range(lo - widest, hi + widest + 1):  # earlier reports that look it up
            for k in by_day.get((block, day), ()):
                if k < n:
                    other = items[k]
                    assert other.window is not None
                    slack = lookup_slack(other)
                    if other.window[0] - slack <= hi and other.window[1] + slack >= lo:
                        pairs.add((k, n))
    for n, k in sorted(pairs):
        it, other = items[n], items[k]
        ea, eb = event_of[it.incident_id], event_of.get(other.incident_id)
        close = near_rank(it, other, ea, eb, factions)
        if close is not None:
            assert eb is not None
            _hold(held[ea], eb, (close, n, k))
            _hold(held[eb], ea, (close, n, k))
    return _worded(held, items, event_of, factions, known)


# --------------------------------------------------------------------------- events


def event_id(founder: Incident) -> str:
    """``ev-`` + 12 hex digits of sha256("article id/incident id") of the founding incident."""
    return _event_id((founder.article_id, founder.id))


def _event_id(founder: IncidentKey) -> str:
    digest = hashlib.sha256(f"{founder[0]}/{founder[1]}".encode()).hexdigest()
    return "ev-" + digest[:12]


def best_toll(reports: Iterable[tuple[dt.date | None, int | None]]) -> int | None:
    """The toll of the latest-published report that states one; same day -> the highest.

    Why: tolls in Syria are revised, nearly always upward, as rubble is cleared
    and the wounded die; the latest report has seen the earlier ones ("the
    toll rose to 100").  On a tie the higher figure is most often the later
    revision of the day.  Reports without a publication date cannot be placed
    in that sequence, so they count only when no dated report states a toll
    (and then the highest wins, by the same tie rule).  The range (low, high)
    and every report's own figure are kept beside it.  Which *source* to trust
    (an independent monitor over a party's own claim) is not decided here:
    sources are not classified yet.
    """
    stated = [(p, t) for p, t in reports if t is not None]
    return max(stated, key=lambda pt: _toll_rank(*pt))[1] if stated else None


def _toll_rank(published: dt.date | None, toll: int | None) -> tuple[bool, dt.date, int]:
    """How :func:`best_toll` ranks a report: dated first, then latest, then highest."""
    return (published is not None, published or dt.date.min, toll or 0)


def _vote(values: Iterable[str | None], skip: frozenset[str] = frozenset()) -> str | None:
    """The most frequent value not in ``skip``; ties go to the earliest (values in report order)."""
    vals = [v for v in values if v is not None and v not in skip]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    return next(v for v in vals if counts[v] == top)


def _event_date(members: Sequence[_Item]) -> tuple[dt.date | None, str]:
    """The most-reported day date (ties: earliest); else the narrowest coarse date; else none."""
    days = sorted(
        m.incident.date
        for m in members
        if m.incident.date_precision == "day" and m.incident.date is not None
    )
    if days:
        counts = Counter(days)
        top = max(counts.values())
        return next(d for d in days if counts[d] == top), "day"
    for precision in ("week", "month", "year"):
        for m in members:
            if m.incident.date_precision == precision and m.incident.date is not None:
                return m.incident.date, precision
    return None, "unknown"


def _event_window(members: Sequence[_Item]) -> tuple[dt.date, dt.date] | None:
    """The days every report's window allows (their intersection; the span of them
    all if the slack between day dates leaves none); None when no report has one."""
    windows = [m.side.window for m in members if m.side.window is not None]
    if not windows:
        return None
    lo, hi = max(w[0] for w in windows), min(w[1] for w in windows)
    if lo > hi:
        lo, hi = min(w[0] for w in windows), max(w[1] for w in windows)
    return dt.date.fromordinal(lo), dt.date.fromordinal(hi)


def _event_place(members: Sequence[_Item]) -> _Item | None:
    """The earliest report of the most-reported place, specific names before
    governorate-wide ones; None if no report names one."""
    named = [m for m in members if m.side.place is not None]
    specific = [m for m in named if m.side.specific]
    pool = specific or named
    if not pool:
        return None
    counts = Counter(m.side.place for m in pool)
    top = max(counts.values())
    return next(m for m in pool if counts[m.side.place] == top)


def _event_location(members: Sequence[_Item], chosen: _Item | None) -> Place:
    """The Place the event is drawn at: of the reports naming the chosen place, the
    first with its own coordinates (precision ``place``), else the first with any
    coordinates, else the chosen report's; with no named place, the first report's
    (a governorate and perhaps its centroid)."""
    if chosen is None:
        return members[0].incident.place
    same = [m.incident.place for m in members if m.side.place == chosen.side.place]
    for ok in (
        lambda p: p.precision == "place" and p.latitude is not None,
        lambda p: p.latitude is not None and p.longitude is not None,
    ):
        found = next((p for p in same if ok(p)), None)
        if found is not None:
            return found
    return chosen.incident.place


def _civilians(members: Sequence[_Item], killed_best: int | None) -> int | None:
    """Civilians killed: :func:`best_toll` over the reports' civilian counts, capped at
    the event's death toll (an earlier report's civilians may exceed a revised-down total)."""
    civ = best_toll((m.published, m.incident.killed.civilians) for m in members)
    if civ is not None and killed_best is not None:
        return min(civ, killed_best)
    return civ


def _event(members: Sequence[_Item], links: Sequence[EventLink]) -> Event:
    """The event of ``members`` (in report order; the first founded it)."""
    incidents = tuple(m.incident for m in members)
    # the reports' ranges ("four to six"), each single toll its own range
    lows = [lo for lo, _ in (m.incident.killed.bounds for m in members) if lo is not None]
    highs = [hi for _, hi in (m.incident.killed.bounds for m in members) if hi is not None]
    means = _vote((i.means for i in incidents), frozenset({"unknown", "other"}))
    if means is None:
        means = "other" if any(i.means == "other" for i in incidents) else "unknown"
    perpetrator = _vote((i.perpetrator for i in incidents), frozenset({UNIDENTIFIED}))
    if perpetrator is None and any(i.perpetrator == UNIDENTIFIED for i in incidents):
        perpetrator = UNIDENTIFIED
    date, precision = _event_date(members)
    chosen = _event_place(members)
    killed_best = best_toll((m.published, m.toll) for m in members)
    location = _event_location(members, chosen)
    return Event(
        id=event_id(members[0].incident),
        date=date,
        date_precision=precision,
        province=(chosen.incident if chosen else incidents[0]).place.province,
        place=chosen.incident.place.name if chosen else None,
        means=means,
        perpetrator=perpetrator,
        target=_vote(i.target for i in incidents),
        reports=tuple(
            EventReport(m.incident.article_id, m.incident.id, m.toll, m.published, m.source)
            for m in members
        ),
        killed_low=min(lows) if lows else None,
        killed_best=killed_best,
        killed_high=max(highs) if highs else None,
        injured_best=best_toll((m.published, m.incident.injured.best_total) for m in members),
        incidents=incidents,
        killed_civilians=_civilians(members, killed_best),
        location=location,
        window=_event_window(members) if date is None else None,
        links=tuple(links),
    )


def report_items(coded: Iterable[CodedArticle]) -> list[_Item]:
    """The reports :func:`merge_incidents` clusters (every incident but the aggregates)
    with what it needs of their articles, in report order."""
    return sorted(
        (_item(inc, c) for c in coded for inc in c.incidents if not inc.aggregate),
        key=lambda it: it.order,
    )


_items = report_items
ReportItem = _Item
"""One report as :func:`report_items` gives it (its incident, publication, source and
:class:`Side`)."""


@dataclass(frozen=True)
class ReportKey:
    """What decides which events :func:`merge_incidents` compares one report with:
    the events of its governorate ``block`` indexed on its ``lookup`` days, or, for a
    report with no window, those indexed under its ``place_words``. Cutting the merge
    into blocks that merge alone (:mod:`generator.cluster.blocks`) reads these, so
    the blocks follow whatever the merge compares."""

    incident: Incident
    block: str | None
    """:func:`~generator.events.rules.province_block` of its governorate (None: none)."""
    window: tuple[int, int] | None
    """First and last day (ordinals) the report can be about; None: no date at all."""
    lookup: range | None
    """The index days it is looked up on (its window widened by its slack)."""
    place_words: tuple[str, ...]
    """What it is indexed under, and looked up by when it has no window: its place
    words, telling toll and weekday (:func:`_place_words`)."""


def report_key_of(item: _Item) -> ReportKey:
    """:class:`ReportKey` of one report of :func:`report_items`."""
    s = item.side
    return ReportKey(
        incident=item.incident,
        block=item.block,
        window=s.window,
        lookup=_lookup_days(s) if s.window is not None else None,
        place_words=_place_words(s),
    )


def report_keys(coded: Iterable[CodedArticle]) -> list[ReportKey]:
    """The reports :func:`merge_incidents` clusters (aggregates left out), in the
    order it clusters them, with what decides what each is compared with."""
    return [report_key_of(it) for it in report_items(coded)]


def merge_incidents(
    coded: Sequence[CodedArticle] | Iterable[CodedArticle],
    factions: Mapping[str, Faction] | None = None,
    *,
    alone: Collection[str] = frozenset(),
) -> tuple[Event, ...]:
    """Every non-aggregate incident, merged across articles into events.

    Deterministic and independent of the order of ``coded``; running it twice
    gives equal events; the events of a subset of the articles keep their ids
    and members when articles published later are added.  ``factions`` (id ->
    Faction) lets two factions of one bloc count as the same perpetrator.
    ``alone``: incident ids an analyst split out of their events (each is an
    event of its own, which nothing joins; :mod:`generator.events.corrections`).

    Events come sorted by date (undated last), then id.
    """
    items = report_items(coded)
    groupings = group_reports((it.side for it in items), factions, alone)
    return events_of(groupings, {report_key(it.side): it for it in items})


def events_of(
    groupings: Iterable[Grouping], items: Mapping[IncidentKey, _Item]
) -> tuple[Event, ...]:
    """The events of ``groupings`` (:func:`group_reports`), each built from its
    reports' incidents and articles (``items``: :func:`report_items` by
    :func:`report_key`), sorted as :func:`merge_incidents` sorts them."""
    return _sorted_events(event_of(g, items) for g in groupings)


def event_of(grouping: Grouping, items: Mapping[IncidentKey, _Item]) -> Event:
    """The event of one grouping, as :func:`events_of` makes it."""
    return _event([items[k] for k in grouping.reports], grouping.links)


def _sorted_events(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda e: (e.date is None, e.date or dt.date.min, e.id)))


#: The reason an event gives for a report an analyst merged into it.
ANALYST_MERGE = Reason("analyst", "merged by an analyst")


def join_events(
    events: Sequence[Event],
    groups: Iterable[Collection[str]],
    coded: Iterable[CodedArticle],
) -> tuple[Event, ...]:
    """``events`` with each group of event ids made one event, as if the merge had
    put their reports together: the reports in report order, the id and every
    figure recomputed from them (:func:`_event`), each merged event's first report
    linked to the group's founder by :data:`ANALYST_MERGE`. Ids not among
    ``events`` are ignored; a group of one changes nothing."""
    by_id = {e.id: e for e in events}
    articles = {c.article.id: c for c in coded}
    taken: set[str] = set()
    out: list[Event] = []
    for group in groups:
        members = [by_id[i] for i in sorted(set(group)) if i in by_id and i not in taken]
        if len(members) < 2:
            continue
        taken.update(e.id for e in members)
        items = sorted(
            (_item(inc, articles[inc.article_id]) for e in members for inc in e.incidents),
            key=lambda it: it.order,
        )
        founder = min(
            members, key=lambda e: _item(e.incidents[0], articles[e.incidents[0].article_id]).order
        )
        links = [link for e in members for link in e.links]
        for e in members:
            if e is not founder:
                links.append(
                    EventLink(e.incidents[0].id, founder.incidents[0].id, (ANALYST_MERGE,))
                )
        out.append(_event(items, links))
    out.extend(e for e in events if e.id not in taken)
    return _sorted_events(out)


# --------------------------------------------------------------------------- near misses


@dataclass(frozen=True)
class NearMiss:
    """Two events that nearly merged: one report of each, what they share and what
    kept them apart, for an analyst to check."""

    first: str
    """Event id (the earlier-founded of the two)."""
    second: str
    first_incident: str
    second_incident: str
    agree: tuple[Reason, ...]
    conflict: tuple[Reason, ...]
    """What conflicts between the two reports; empty when nothing does (see ``note``)."""
    note: str = ""
    """Why two reports with no conflict were kept apart."""


#: Agreements that tell two reports are one event (a shared governorate and
#: overlapping dates do not: they are the precondition of every near miss).
_TELLING = frozenset(
    {
        "same place",
        "place within place",
        "same day",
        "a day apart",
        "reported that day",
        "same means",
        "same toll",
        "close tolls",
    }
)


#: Why a pair of reports that nothing sets apart was left in two events.
PAIR_MERGES = "they merge as a pair; the other reports of their events kept them apart"
TOO_LITTLE = "too little in common to merge"


def _nearly(v: Verdict) -> bool:
    """Whether a pair of reports kept in two events nearly merged: they merge
    pairwise (another report or their own articles kept them apart); or nothing
    conflicts and two telling facets agree; or one facet (not the governorate, the
    dates or the article) conflicts and three agree."""
    if v.merge:
        return True
    telling = len(_TELLING & set(v.kinds))
    if not v.conflicts:
        return telling >= 2
    hard = {"governorate", "date", "article"}
    return len(v.conflicts) == 1 and v.conflicts[0] not in hard and telling >= 3


#: How many near misses each event keeps: its closest (fewest conflicts, then most
#: agreement). Where reports are dense (one governorate over decades, a hundred
#: reports a week) an event nearly merges with dozens of others; past the few
#: closest, a list of them tells an analyst nothing and grows with the density. A
#: pair is listed when it is among the closest of either of its events.
NEAR_MISSES_PER_EVENT = 5

_Rank = tuple[int, int, str, str]


def near_misses(
    coded: Sequence[CodedArticle] | Iterable[CodedArticle],
    events: Sequence[Event],
    factions: Mapping[str, Faction] | None = None,
) -> tuple[NearMiss, ...]:
    """Pairs of events in one governorate block whose dates overlap and that were
    kept apart though one pair of their reports nearly merged (:func:`_nearly`) —
    the merges an analyst may want to make by hand.  One entry per pair of events
    (their closest reports), at most :data:`NEAR_MISSES_PER_EVENT` of each event's
    closest pairs, sorted by event id; blocked like the merge, so it stays
    sub-quadratic.
    """
    event_of = {i.id: e.id for e in events for i in e.incidents}
    return near_miss_pairs((it.side for it in report_items(coded)), event_of, factions)


def near_miss_pairs(
    reports: Iterable[Side],
    event_of: Mapping[str, str],
    factions: Mapping[str, Faction] | None = None,
) -> tuple[NearMiss, ...]:
    """:func:`near_misses` on the reports' sides (see :func:`rated_near_misses`)."""
    return tuple(m for m, _ in rated_near_misses(reports, event_of, factions))


def rated_near_misses(
    reports: Iterable[Side],
    event_of: Mapping[str, str],
    factions: Mapping[str, Faction] | None = None,
    part: tuple[int, int] | None = None,
) -> list[tuple[NearMiss, int]]:
    """:func:`near_misses` on the reports' sides, given each report's event (incident
    id -> event id): what a merge task can compute from what it holds; each with the
    strength of its agreement (what a later :func:`regroup` ranks it by). Each event
    holds at most its :data:`NEAR_MISSES_PER_EVENT` closest partners while the pairs
    are found (a pair's closeness is the best of its reports' pairs: a partner let go
    could come back only closer than every one kept, so the few kept are exact), and
    the words of a pair are written only for those kept.

    ``part``: only the pairs whose earlier report (by position in report order) is in
    ``range(*part)``; :func:`closest_of` the parts that cover every position is the
    whole (what lets a cluster search a large block's near misses in several tasks)."""
    by_id = {s.incident_id: s for s in sorted(reports, key=report_order)}
    items = list(by_id.values())
    del by_id
    by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    blocks = [province_block(s.province) for s in items]
    for n, it in enumerate(items):
        block = blocks[n]
        if block is not None and it.window is not None:
            for day in _window_days(it):
                by_day[(block, day)].append(n)
    held: dict[str, dict[str, tuple[_Rank, int, int]]] = defaultdict(dict)
    lo, hi = part if part is not None else (0, len(items))
    for n in range(max(lo, 0), min(hi, len(items))):
        it = items[n]
        block = blocks[n]
        ea = event_of.get(it.incident_id)
        if block is None or it.window is None or ea is None:
            continue
        seen: set[int] = set()
        for day in _lookup_days(it):
            for k in by_day.get((block, day), ()):
                if k <= n or k in seen:
                    continue
                seen.add(k)
                other = items[k]
                eb = event_of.get(other.incident_id)
                rank = near_rank(it, other, ea, eb, factions)
                if rank is not None:
                    assert eb is not None
                    _hold(held[ea], eb, (rank, n, k))
                    _hold(held[eb], ea, (rank, n, k))
    del by_day
    return _worded(held, items, event_of, factions)


def closest_of(rated: Iterable[tuple[NearMiss, int]]) -> list[tuple[NearMiss, int]]:
    """The near misses of several parts of one block's search (:func:`rated_near_misses`
    with ``part``), each event's :data:`NEAR_MISSES_PER_EVENT` closest again, sorted by
    event ids: the search of the whole, exactly. A pair's rank is read back from its
    words (:func:`miss_rank`, unique per pair of reports). Why exact: a part keeps each
    event's closest partners among its own pairs at their closest, so an event's
    closest partner overall is kept, at its closest, by the part holding that pair
    (were it let go there, that part alone would hold as many closer partners);
    every pair any part keeps is at its closest within that part, never closer than
    over the whole, so none can push a true one out."""
    best: dict[tuple[str, str], tuple[_Rank, NearMiss, int]] = {}
    for miss, strength in rated:
        rank = miss_rank(miss, strength)
        pair = (miss.first, miss.second)
        found = best.get(pair)
        if found is None or rank < found[0]:
            best[pair] = (rank, miss, strength)
    partners: dict[str, list[tuple[_Rank, str]]] = defaultdict(list)
    for (first, second), (rank, _, _) in best.items():
        partners[first].append((rank, second))
        partners[second].append((rank, first))
    kept: set[tuple[str, str]] = set()
    for event, found_for in partners.items():
        for _, partner in heapq.nsmallest(NEAR_MISSES_PER_EVENT, found_for):
            kept.add((event, partner) if event < partner else (partner, event))
    return [(best[pair][1], best[pair][2]) for pair in sorted(kept)]


def miss_rank(miss: NearMiss, strength: int) -> _Rank:
    """How close a near miss came (:func:`near_rank`), from its words and strength."""
    return (len(miss.conflict), -strength, miss.first_incident, miss.second_incident)


def near_rank(
    it: Side, other: Side, ea: str, eb: str | None, factions: Mapping[str, Faction] | None
) -> _Rank | None:
    """How close two reports of two events came to merging (lower is closer), if they
    nearly merged (:func:`_nearly`); None if not, or if they share an event or article."""
    if eb is None or ea == eb or it.article_id == other.article_id:
        return None
    if sure_conflicts(it, other, factions) > 1:
        return None  # two conflicts, or dates apart: never nearly merged
    v = judge(it, other, factions)
    if not _nearly(v):
        return None
    a, b = (it, other) if ea < eb else (other, it)
    return (len(v.conflicts), -v.strength, a.incident_id, b.incident_id)


def _worded(
    held: Mapping[str, Mapping[str, tuple[_Rank, int, int]]],
    items: Sequence[Side],
    event_of: Mapping[str, str],
    factions: Mapping[str, Faction] | None,
    known: Mapping[tuple[str, str], tuple[NearMiss, int]] | None = None,
) -> list[tuple[NearMiss, int]]:
    """The pairs every event holds, each once, sorted by event ids, put in words (with
    the strength of their agreement); a pair in ``known`` is taken from there."""
    kept: dict[tuple[str, str], tuple[int, int]] = {}
    for ea, partners in held.items():
        for eb, (_, n, k) in partners.items():
            kept[(ea, eb) if ea < eb else (eb, ea)] = (n, k)
    out = []
    for (first, second), (n, k) in sorted(kept.items()):
        found = known.get((first, second)) if known is not None else None
        if found is not None:
            out.append(found)
            continue
        it, other = items[n], items[k]
        out.append(worded_pair(first, second, it, other, event_of[it.incident_id], factions))
    return out


def worded_pair(
    first: str,
    second: str,
    it: Side,
    other: Side,
    event_of_it: str,
    factions: Mapping[str, Faction] | None,
) -> tuple[NearMiss, int]:
    """The near miss of events ``first`` and ``second`` through reports ``it`` (earlier
    in report order, of event ``event_of_it``) and ``other``, put in words, with the
    strength of their agreement."""
    v = judge(it, other, factions)
    a, b = (it, other) if event_of_it == first else (other, it)
    note = ""
    if not v.conflicts:
        note = PAIR_MERGES if v.merge else TOO_LITTLE
    miss = NearMiss(first, second, a.incident_id, b.incident_id, v.agree, v.conflict, note)
    return miss, v.strength


def _hold(
    partners: dict[str, tuple[_Rank, int, int]], partner: str, found: tuple[_Rank, int, int]
) -> None:
    """Keep ``found`` as the pair with ``partner`` if it is closer than the one kept, and
    let the farthest partner go past :data:`NEAR_MISSES_PER_EVENT`."""
    kept = partners.get(partner)
    if kept is not None and kept[0] <= found[0]:
        return
    partners[partner] = found
    if len(partners) > NEAR_MISSES_PER_EVENT:
        del partners[max(partners, key=lambda p: partners[p][0])]


# --------------------------------------------------------------------------- JSON


def _reason_json(r: Reason) -> dict[str, str]:
    return {"facet": r.facet, "text": r.text}


def near_miss_json(m: NearMiss) -> dict[str, Any]:
    """A ``possible_duplicates`` entry of the JSON: the two events, the two reports
    compared, what they share and what kept them apart."""
    return {
        "events": [m.first, m.second],
        "incidents": [m.first_incident, m.second_incident],
        "shared": [_reason_json(r) for r in m.agree],
        "apart": [_reason_json(r) for r in m.conflict],
        "note": m.note or None,
    }


def event_json(e: Event) -> dict[str, Any]:
    """The contract's ``events`` entry (``shared/eval/README.md``), plus a few extra fields."""
    return {
        "id": e.id,
        "date": e.date.isoformat() if e.date else None,
        "date_precision": e.date_precision,
        "window": [e.window[0].isoformat(), e.window[1].isoformat()] if e.window else None,
        "province": e.province,
        "place": e.place,
        "means": e.means,
        "perpetrator": e.perpetrator,
        "target": e.target,
        "reports": [
            {
                "article": r.article_id,
                "incident": r.incident_id,
                "killed": r.killed,
                "published": r.published.isoformat() if r.published else None,
                "source": r.source,
            }
            for r in e.reports
        ],
        "killed": {"low": e.killed_low, "best": e.killed_best, "high": e.killed_high},
        "injured": {"best": e.injured_best},
        "merged_because": [
            {
                "incident": link.incident_id,
                "matched": link.matched,
                "shared": [_reason_json(r) for r in link.reasons],
            }
            for link in e.links
        ],
    }
