"""A merge taken up again (generator/events/merge.py ``regroup``): after articles are
added, removed or edited, the merge resumed from the last one gives the groupings and
near misses of a merge of everything afresh, and decides afresh only the reports the
change can reach."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.events.merge import (
    Before,
    IncidentKey,
    NearMiss,
    group_reports,
    rated_near_misses,
    regroup,
    report_items,
    report_key,
    span,
)
from generator.events.rules import Side
from generator.model import CodedArticle
from tests.helpers import DAYS, FACTIONS, D, a_year_of_daily_reports, art, inc, incidents_of

Outcome = tuple[list[tuple[tuple[IncidentKey, ...], tuple[object, ...], bool]], list[NearMiss]]


def sides(coded: list[CodedArticle]) -> list[Side]:
    return [it.side for it in report_items(coded)]


def prints(coded: list[CodedArticle], alone: Collection[str]) -> dict[IncidentKey, str]:
    out = {}
    for it in report_items(coded):
        text = repr((it.incident, it.published, it.source, it.incident.id in alone))
        out[report_key(it.side)] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


def afresh(coded: list[CodedArticle], alone: Collection[str] = ()) -> tuple[Outcome, Before]:
    reports = sides(coded)
    groupings = group_reports(reports, FACTIONS, alone)
    event_of = {key[1]: g.id for g in groupings for key in g.reports}
    misses = rated_near_misses(reports, event_of, FACTIONS)
    by_key = {report_key(s): s for s in reports}
    spans = {}
    for g in groupings:
        found = span(by_key[k] for k in g.reports)
        if found is not None:
            spans[g.reports[0]] = found
    before = Before(groupings, prints(coded, alone), spans, misses)
    outcome = ([(g.reports, g.links, g.echo) for g in groupings], [m for m, _ in misses])
    return outcome, before


def again(coded: list[CodedArticle], before: Before, alone: Collection[str] = ()) -> Outcome:
    got = regroup(sides(coded), prints(coded, alone), before, FACTIONS, alone)
    return ([(g.reports, g.links, g.echo) for g in got.groupings], [m for m, _ in got.misses])


@st.composite
def changes(draw: st.DrawFn) -> tuple[list[CodedArticle], list[CodedArticle], list[str]]:
    """A corpus before and after some articles were added, removed or edited (and the
    reports an analyst keeps apart after)."""
    days = [*DAYS, DAYS[-1] + dt.timedelta(1), DAYS[-1] + dt.timedelta(5), None]
    arts = []
    for i in range(draw(st.integers(1, 16))):
        aid = f"art{i:02d}"
        arts.append(art(aid, *draw(incidents_of(aid)), published=draw(st.sampled_from(days))))
    before = [a for a in arts if draw(st.integers(0, 4))]  # some are added after
    after = []
    for a in arts:
        fate = draw(st.integers(0, 9))
        if fate == 0:
            continue  # removed
        if fate == 1 and a.incidents:
            edited = inc(a.article.id, 7, killed=draw(st.integers(0, 40)), place="Douma",
                         province="rif-dimashq", means="airstrike")  # fmt: skip
            a = art(a.article.id, edited, *a.incidents[1:], published=a.article.published)
        after.append(a)
    ids = sorted(i.id for a in after for i in a.incidents)
    alone = draw(st.lists(st.sampled_from(ids), max_size=2)) if ids else []
    return before, after, alone


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes())
def test_a_merge_taken_up_again_is_the_merge_afresh(
    change: tuple[list[CodedArticle], list[CodedArticle], list[str]],
) -> None:
    before, after, alone = change
    _, last = afresh(before)
    assert again(after, last, alone) == afresh(after, alone)[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes())
def test_taken_up_with_nothing_changed_decides_afresh_only_reports_with_no_day(
    change: tuple[list[CodedArticle], list[CodedArticle], list[str]],
) -> None:
    coded = change[0]
    outcome, last = afresh(coded)
    got = regroup(sides(coded), prints(coded, ()), last, FACTIONS)
    # a report with no window or no governorate is looked up by no day: decided afresh
    assert got.decided == sum(1 for s in sides(coded) if s.window is None or not s.province)
    assert ([(g.reports, g.links, g.echo) for g in got.groupings], [m for m, _ in got.misses]) == (
        outcome
    )


def test_an_added_report_decides_afresh_only_the_reports_near_its_days() -> None:
    """A year of reports, one a day; an article added in the middle: only the reports
    looking up its days (and those of the events it touches) are compared again."""
    coded = a_year_of_daily_reports()
    _, last = afresh(coded)
    mid = D + dt.timedelta(180)
    added = [*coded, art("new", inc("new", day=mid, killed=3), published=mid)]
    got = regroup(sides(added), prints(added, ()), last, FACTIONS)
    assert 1 <= got.decided <= 12
    fresh = afresh(added)[0]
    assert ([(g.reports, g.links, g.echo) for g in got.groupings], [m for m, _ in got.misses]) == (
        fresh
    )
