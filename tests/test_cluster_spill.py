"""A merge group merged through SQLite with a fixed working set
(generator/cluster/spill.py): the same groupings and near misses as the merge in
memory, whatever part of it is kept in memory, and a peak that does not grow with
the group."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.cluster.blocks as blocks_module
from generator.cluster.blocks import (
    Block,
    merge_block,
    merge_to_send,
    near_cuts,
    near_part,
    received,
    received_file,
    spill_block,
)
from generator.cluster.shardfile import storage
from generator.cluster.spill import SpilledMerge
from generator.events.merge import (
    closest_of,
    group_reports,
    rated_near_misses,
    report_items,
    report_key,
)
from generator.events.rules import Side, side
from generator.model import CodedArticle
from tests.helpers import FACTIONS, D, a_year_of_daily_reports, art, corpora, inc

DAYS = [D + dt.timedelta(i) for i in (0, 1, 2, 5, 12, 40)]


@st.composite
def far_corpora(draw: st.DrawFn) -> list[CodedArticle]:
    """Articles over weeks, some naming a day long before they were published (the
    reach that keeps every event within a later report's lookup), some undated or
    unpublished, a chemical attack's wider slack among the means."""
    out = []
    for i in range(draw(st.integers(1, 16))):
        aid = f"art{i:02d}"
        published = draw(st.sampled_from([*DAYS, None]))
        incs = []
        for n in range(draw(st.integers(0, 3))):
            day = draw(st.sampled_from([*DAYS, D - dt.timedelta(400), None]))
            incs.append(
                inc(
                    aid,
                    n,
                    day=day,
                    precision=draw(st.sampled_from(["day"] * 5 + ["week", "month", "year"])),
                    weekday=None if day else draw(st.sampled_from([None, D.weekday(), 2])),
                    place=draw(st.sampled_from(["Douma", "Harasta", "Saraqib", None])),
                    province=draw(st.sampled_from(["rif-dimashq", "damascus", "idlib", None])),
                    means=draw(st.sampled_from(["airstrike", "shelling", "chemical", "unknown"])),
                    perpetrator=draw(st.sampled_from([None, "syrian-government", "hts"])),
                    killed=draw(st.one_of(st.none(), st.integers(0, 30))),
                )
            )
        out.append(art(aid, *incs, published=published))
    return out


def sides_of(coded: list[CodedArticle]) -> list[Side]:
    return [it.side for it in report_items(coded)]


def in_memory(sides: list[Side], alone: frozenset[str] = frozenset()) -> tuple[object, object]:
    groupings = group_reports(sides, FACTIONS, alone)
    event_of = {key[1]: g.id for g in groupings for key in g.reports}
    return groupings, rated_near_misses(sides, event_of, FACTIONS)


def spilled(
    sides: list[Side], held: int, alone: frozenset[str] = frozenset()
) -> tuple[object, object]:
    with SpilledMerge(FACTIONS, alone, held=held) as m:
        groupings = list(m.groupings(sides))
        return groupings, list(m.near_misses(sides))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(far_corpora(), corpora()), st.integers(1, 6), st.booleans())
def test_the_spilled_merge_is_the_merge_in_memory(
    coded: list[CodedArticle], held: int, split: bool
) -> None:
    sides = sides_of(coded)
    alone = frozenset(s.incident_id for s in sides[::3]) if split else frozenset()
    assert spilled(sides, held, alone) == in_memory(sides, alone)


def cuts(n: int, draw: st.DrawFn) -> list[tuple[int, int]]:
    """``range(n)`` cut into parts at a few drawn places."""
    edges = sorted({0, n, *draw(st.lists(st.integers(0, n), max_size=4))})
    return list(zip(edges, edges[1:], strict=False)) or [(0, 0)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(far_corpora(), corpora()), st.data())
def test_near_misses_searched_in_parts_are_the_near_misses_of_the_whole(
    coded: list[CodedArticle], data: st.DataObject
) -> None:
    """Each part keeps each event's closest partners among its own pairs; the closest
    of them all again are the whole's, in memory and spilled alike."""
    sides = sides_of(coded)
    groupings = group_reports(sides, FACTIONS)
    event_of = {key[1]: g.id for g in groupings for key in g.reports}
    whole = rated_near_misses(sides, event_of, FACTIONS)
    parts = cuts(len(sides), data.draw)
    found = [rated_near_misses(sides, event_of, FACTIONS, p) for p in parts]
    assert closest_of(m for part in found for m in part) == whole
    for p, in_memory_part in zip(parts, found, strict=True):
        with SpilledMerge(FACTIONS, held=data.draw(st.integers(1, 6))) as m:
            m.take(groupings)
            assert list(m.near_misses(sides, p)) == in_memory_part


def test_a_dense_years_near_misses_in_four_parts_are_the_whole() -> None:
    sides = sides_of(a_year_of_daily_reports())
    groupings = group_reports(sides, FACTIONS)
    event_of = {key[1]: g.id for g in groupings for key in g.reports}
    whole = rated_near_misses(sides, event_of, FACTIONS)
    n = len(sides)
    parts = [(n * i // 4, n * (i + 1) // 4) for i in range(4)]
    found = [rated_near_misses(sides, event_of, FACTIONS, p) for p in parts]
    assert all(found) and all(len(f) < len(whole) for f in found)
    assert closest_of(m for part in found for m in part) == whole
    # a part alone is not the whole: each keeps only its own pairs' closest
    assert closest_of(found[0]) != whole


def test_near_miss_parts_are_cut_by_the_pairs_they_compare() -> None:
    """A pair is searched from its earlier report: reports that later ones look back
    to weigh more, so the part holding them holds fewer reports."""
    recent = [
        inc(f"r{i:03d}", day=D + dt.timedelta(100 + i // 4), place="Saraqib") for i in range(120)
    ]
    back = [inc(f"b{i:03d}", day=D, place="Saraqib") for i in range(40)]  # named by later ones
    coded = [art(i.article_id, i, published=i.date or D) for i in recent]
    coded += [art(i.article_id, i, published=D + dt.timedelta(200)) for i in back]
    early = [art(f"e{i:03d}", inc(f"e{i:03d}", day=D, place="Saraqib"), published=D)
             for i in range(40)]
    sides = sides_of(early + coded)
    cuts = near_cuts(sides, 2)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(sides)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:], strict=False))
    assert cuts[0][1] < len(sides) // 2  # the 40 early ones weigh as much as the rest
    assert near_cuts(sides, 1) == ((0, len(sides)),)
    assert near_cuts(sides[:1], 4) == ((0, 1),)


def test_a_dense_year_spilled_at_every_step_is_the_merge_in_memory() -> None:
    sides = sides_of(a_year_of_daily_reports())
    assert spilled(sides, 1) == in_memory(sides)
    assert spilled(sides, 40) == in_memory(sides)


def test_merge_block_spills_a_large_block_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sides = tuple(sides_of(a_year_of_daily_reports()))
    block = Block("aleppo", sides, len(sides))
    expected = merge_block([block], FACTIONS)
    monkeypatch.setattr(blocks_module, "SPILL_REPORTS", 100)
    assert merge_block([block], FACTIONS) == expected


def test_a_block_in_a_file_comes_back_in_a_file_with_the_same_events(tmp_path: Path) -> None:
    coded = a_year_of_daily_reports()
    items = {report_key(it.side): it for it in report_items(coded)}
    sides = tuple(it.side for it in items.values())
    block = Block("aleppo", sides, len(sides))
    expected = received(merge_to_send([block], FACTIONS), items)
    store = storage(str(tmp_path / "shards"))
    sent = spill_block(store, block, 7)
    assert sent.sides == () and sent.file is not None
    assert merge_to_send([sent], FACTIONS, store) == ([], [])
    assert received_file(store, sent, items) == expected
    assert not list((tmp_path / "shards").iterdir()), "both files are removed"


@pytest.mark.parametrize("spill", [False, True], ids=["in-memory", "spilled"])
def test_a_block_whose_near_misses_are_searched_in_parts_comes_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spill: bool
) -> None:
    """The block's task hands back its groupings only; a task a part writes that
    part's closest pairs; put together, the events and near misses of the whole."""
    coded = a_year_of_daily_reports()
    items = {report_key(it.side): it for it in report_items(coded)}
    sides = tuple(it.side for it in items.values())
    block = Block("aleppo", sides, len(sides))
    expected = received(merge_to_send([block], FACTIONS), items)
    if spill:
        monkeypatch.setattr(blocks_module, "SPILL_REPORTS", 100)
    store = storage(str(tmp_path / "shards"))
    sent = spill_block(store, block, 3, parts=3)
    assert sent.near == near_cuts(sides, 3) and len(sent.near) == 3
    assert merge_to_send([sent], FACTIONS, store) == ([], [])
    for part in range(3):
        near_part(sent, part, FACTIONS, store)
    names = sorted(p.name for p in (tmp_path / "shards").iterdir())
    assert names == [
        "merge-00003.sides",
        "merge-00003.sides.near000",
        "merge-00003.sides.near001",
        "merge-00003.sides.near002",
        "merge-00003.sides.sent",
    ]
    events, misses = received_file(store, sent, items)
    assert (events, misses) == expected and misses
    assert not list((tmp_path / "shards").iterdir()), "every file is removed"


def test_reports_out_of_order_or_an_incident_id_repeated_are_refused() -> None:
    sides = sides_of(a_year_of_daily_reports())[:5]
    with SpilledMerge(FACTIONS) as m, pytest.raises(ValueError, match="out of report order"):
        list(m.groupings(sides[::-1]))
    twice = [*sides, side_like(sides[0], article="zzz")]
    with SpilledMerge(FACTIONS) as m, pytest.raises(ValueError, match="repeated"):
        list(m.groupings(twice))


def side_like(s: Side, *, article: str) -> Side:
    return side(
        article_id=article,
        incident_id=s.incident_id,
        province=s.province,
        place_name=s.place_name,
        means=s.means,
        perpetrator=s.perpetrator,
        toll=s.toll,
        date=None,
        precision="unknown",
        published=dt.date.fromordinal(s.published or 1) + dt.timedelta(900),
    )


def dense(n: int) -> Iterator[Side]:
    """``n`` reports in one governorate, a few a day for as long as it takes, one in
    twenty naming a day a year or so back: made one at a time, never all held."""
    places = ["Douma", "Harasta", "Arbin", "Saqba", "Zamalka", "Jobar"]
    means = ["airstrike", "shelling", "car-bomb", "unknown"]
    for i in range(n):
        published = D + dt.timedelta(i // 3)
        back = 365 + i % 50 if i % 20 == 0 else i % 2
        yield side(
            article_id=f"a{i:06d}",
            incident_id=f"a{i:06d}-01",
            province="rif-dimashq",
            place_name=places[i * 7 % len(places)],
            means=means[i * 5 % len(means)],
            perpetrator=None,
            toll=i * 13 % 17,
            date=published - dt.timedelta(back) if i % 4 else None,
            precision="day",
            published=published,
        )


def peak(n: int, held: int) -> int:
    """tracemalloc's peak while ``n`` reports are merged and handed on one at a time."""
    gc.collect()
    tracemalloc.start()
    try:
        with SpilledMerge(FACTIONS, held=held) as m:
            events = sum(1 for _ in m.groupings(dense(n)))
            misses = sum(1 for _ in m.near_misses(dense(n)))
        assert events and misses
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_spilled_merge_holds_as_much_for_four_times_the_reports() -> None:
    small, large = peak(400, 100), peak(1600, 100)
    assert large < small * 1.25 + 200_000, (small, large)
