"""The merge into events cut into blocks by governorate and date window
(generator/cluster/blocks.py): each block merged alone and put back together gives
the events and near misses of one merge of everything, byte for byte in the JSON."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cluster.blocks import (
    NO_GOVERNORATE,
    Block,
    batches,
    block_cost,
    blocks,
    merge_cost,
    merge_packed,
    packed,
    put_together,
    received,
)
from generator.cluster.run import MERGE_REPORTS
from generator.events.merge import (
    event_json,
    merge_incidents,
    near_miss_json,
    near_misses,
    report_items,
    report_key,
    report_keys,
)
from generator.events.rules import DAY_SLACK
from generator.model import CodedArticle
from tests.helpers import FACTIONS, D, art, inc


def whole(coded: list[CodedArticle]) -> str:
    events = merge_incidents(coded, FACTIONS)
    near = near_misses(coded, events, FACTIONS)
    return json.dumps([[event_json(e) for e in events], [near_miss_json(m) for m in near]])


def blocked(coded: list[CodedArticle], n: int = 3) -> str:
    """The merge as the cluster runs it: each batch merged by a task (pickled there and
    back), the events given the client's incidents again, put back together."""
    items = {report_key(it.side): it for it in report_items(coded)}
    sent = [packed(b) for b in batches(blocks(coded), n, MERGE_REPORTS)]
    back = [pickle.loads(merge_packed(b, FACTIONS)) for b in sent]
    events, near = put_together([received(b, items) for b in back])
    return json.dumps([[event_json(e) for e in events], [near_miss_json(m) for m in near]])


def names(coded: list[CodedArticle]) -> list[tuple[str, list[str]]]:
    return [(b.name, sorted(s.incident_id for s in b.sides)) for b in blocks(coded)]


def test_report_keys_are_the_merges_reports_in_its_order_with_their_lookup() -> None:
    coded = [
        art("b", inc("b", killed=5), published=D),
        art("a", inc("a", killed=5), inc("a", 2, aggregate=True, killed=50), published=D),
        art("c", inc("c", day=None, province="idlib", place="Saraqib"), published=None),
        art("z", inc("z", killed=1), published=D - dt.timedelta(1)),
    ]
    keys = report_keys(coded)
    # published (unknown last), then article id; the aggregate is never merged
    assert [k.incident.id for k in keys] == ["z-01", "a-01", "b-01", "c-01"]
    a = keys[1]
    assert a.block == "aleppo" and a.window == (D.toordinal(), D.toordinal())
    assert a.lookup == range(D.toordinal() - DAY_SLACK, D.toordinal() + DAY_SLACK + 1)
    c = keys[3]
    assert c.window is None and c.lookup is None and c.place_words


def test_governorates_and_date_windows_far_apart_are_blocks_of_their_own() -> None:
    later = D + dt.timedelta(days=40)
    coded = [
        art("a", inc("a", killed=5), published=D),
        art("b", inc("b", killed=5, day=D + dt.timedelta(1)), published=D + dt.timedelta(1)),
        art("c", inc("c", killed=5, day=later), published=later),
        art("d", inc("d", killed=5, province="idlib", place="Saraqib"), published=D),
        art("e", inc("e", killed=5, province=None, place=None), published=D),
    ]
    assert names(coded) == [
        (NO_GOVERNORATE, ["e-01"]),
        ("aleppo 2017-04-15..2017-04-16", ["a-01", "b-01"]),
        ("idlib 2017-04-15..2017-04-15", ["d-01"]),
        ("aleppo 2017-05-25..2017-05-25", ["c-01"]),
    ]
    assert blocked(coded) == whole(coded)


def test_reports_whose_windows_chain_are_one_date_window() -> None:
    days = [D + dt.timedelta(2 * i) for i in range(10)]  # two days apart: within the slack
    coded = [art(f"a{i}", inc(f"a{i}", day=d, killed=i), published=d) for i, d in enumerate(days)]
    assert len(blocks(coded)) == 1
    assert blocked(coded) == whole(coded)


def test_a_report_with_no_window_joins_every_date_window_naming_its_place() -> None:
    far = D + dt.timedelta(days=100)
    coded = [
        art("a", inc("a", killed=9), published=D),
        art("b", inc("b", killed=9, day=far), published=far),
        art("c", inc("c", killed=9, day=None), published=None),  # no date, no publication
    ]
    assert [n for n, _ in names(coded)] == ["aleppo 2017-04-15..2017-07-24"]
    assert blocked(coded) == whole(coded)


def test_a_block_carries_only_its_reports_sides_not_their_incidents_or_articles() -> None:
    coded = [
        art(
            "a",
            inc("a", 1, killed=5),
            inc("a", 2, province="idlib", place="Saraqib", killed=2),
        )
    ]
    found = blocks(coded)
    assert [[s.incident_id for s in b.sides] for b in found] == [["a-01"], ["a-02"]]
    assert [b.sides for b in found] == [(it.side,) for it in report_items(coded)]


def test_batches_hold_every_block_once_and_balance_the_reports() -> None:
    rng = random.Random(7)
    provinces = ["aleppo", "idlib", "homs", "hama", "daraa", "deir-ez-zor", "raqqa", None]
    coded = [
        art(
            f"a{i:04d}",
            inc(
                f"a{i:04d}",
                day=D + dt.timedelta(rng.randrange(400)),
                province=rng.choice(provinces),
                place=rng.choice(["Saraqib", "Douma", None]),
                killed=rng.randrange(20),
            ),
            published=D + dt.timedelta(rng.randrange(400)),
        )
        for i in range(1500)
    ]
    found = blocks(coded)
    assert len(found) > 50
    parts = batches(found, 4, MERGE_REPORTS)
    assert len(parts) == 4
    assert sorted(id(b) for p in parts for b in p) == sorted(id(b) for b in found)
    costs = [merge_cost(p) for p in parts]
    assert max(costs) - min(costs) <= max(block_cost(b) for b in found)
    assert blocked(coded, 4) == whole(coded)


def test_a_merge_task_holds_a_bounded_number_of_reports_whatever_the_corpus() -> None:
    """A few tasks a worker, as long as none would hold more than MERGE_REPORTS:
    100,000 articles in 2 x 2 tasks gave a worker some 70,000 reports (about 500 MB).
    The bound holds even when fewer batches are asked for, and a block larger than
    it is a batch alone."""
    from generator.cluster.run import MERGE_TASKS_A_WORKER, merge_tasks

    small = MERGE_REPORTS // 20
    groups = [Block(f"b{i}", (), small) for i in range(200)]  # 10 x MERGE_REPORTS
    parts = batches(groups, merge_tasks(groups, 2), MERGE_REPORTS)
    assert max(sum(b.reports for b in p) for p in parts) <= MERGE_REPORTS
    assert merge_tasks(groups[:4], 2) == 2 * MERGE_TASKS_A_WORKER  # a few reports
    huge = Block("huge", (), 3 * MERGE_REPORTS)
    parts = batches([huge, *groups], 2, MERGE_REPORTS)
    assert parts[0] == [huge]
    assert len(parts) >= 11  # more batches than asked for, none over the bound
    assert max(sum(b.reports for b in p) for p in parts[1:]) <= MERGE_REPORTS
    assert sorted(b.name for p in parts for b in p) == sorted(["huge", *(g.name for g in groups)])


def test_the_batch_that_costs_most_is_merged_first() -> None:
    """Dense blocks cost more a report than many small ones (the merge compares the
    reports of a date window with each other), and the tasks are sent in the order
    given: the costliest first, so that no worker starts one last while the other
    stands idle. Batches are balanced by cost, not reports: the small blocks, more
    reports than the dense one, cost less, and are not added to it."""
    big, dense, small = Block("big", (), 9000), Block("dense", (), 4000), MERGE_SMALL
    groups = [*small, dense, big]
    parts = batches(groups, 3, MERGE_REPORTS)
    assert [merge_cost(p) for p in parts] == sorted((merge_cost(p) for p in parts), reverse=True)
    assert parts == [[big], [dense], small]
    assert sum(b.reports for b in small) > dense.reports


MERGE_SMALL = [Block(f"s{i}", (), 150) for i in range(30)]


def test_the_near_misses_of_a_block_in_a_file_are_searched_in_parts() -> None:
    """Whole, such a block is the task the merge phase waits for; in parts (two a
    worker), its search divides between the workers. One worker, or a block merged
    in memory, never."""
    from generator.cluster.blocks import NEAR_PARTS_A_WORKER, SPILL_REPORTS, near_parts

    spilled = Block("aleppo", (), SPILL_REPORTS + 1)
    assert near_parts(spilled, 2) == 2 * NEAR_PARTS_A_WORKER
    assert near_parts(spilled, 3) == 3 * NEAR_PARTS_A_WORKER
    assert near_parts(spilled, 1) == 1
    assert near_parts(Block("homs", (), SPILL_REPORTS), 2) == 1


def test_a_merge_task_hands_back_which_reports_make_each_event_never_an_incident() -> None:
    """A task receives the reports' sides and sends back each event's report keys and
    links; the client builds the events from its own incidents."""
    coded = [
        art("a", inc("a", killed=5), published=D),
        art("b", inc("b", killed=5), inc("b", 2, province="idlib", place="Saraqib"), published=D),
    ]
    sent = merge_packed(packed(blocks(coded)), FACTIONS)
    groupings, _ = pickle.loads(sent)
    assert sorted(k for g in groupings for k in g.reports) == [
        ("a", "a-01"),
        ("b", "b-01"),
        ("b", "b-02"),
    ]
    assert b"Incident" not in sent
    items = {report_key(it.side): it for it in report_items(coded)}
    events, _ = received((groupings, []), items)
    assert tuple(sorted(events, key=lambda e: e.id)) == tuple(
        sorted(merge_incidents(coded, FACTIONS), key=lambda e: e.id)
    )
    incidents = [i for c in coded for i in c.incidents]
    assert all(any(i is j for j in incidents) for e in events for i in e.incidents)


# ----------------------------------------------------------------------------- properties

DAYS = [D + dt.timedelta(i) for i in (0, 1, 2, 5, 9, 20, 21, 40)]


@st.composite
def spread_corpora(draw: st.DrawFn) -> list[CodedArticle]:
    """Articles over weeks and governorates, some undated or unpublished."""
    out = []
    for i in range(draw(st.integers(1, 14))):
        aid = f"art{i:02d}"
        incs = []
        for n in range(draw(st.integers(0, 3))):
            day = draw(st.sampled_from([*DAYS, None]))
            incs.append(
                inc(
                    aid,
                    n,
                    day=day,
                    precision=draw(st.sampled_from(["day"] * 5 + ["week", "month", "year"])),
                    place=draw(st.sampled_from(["Douma", "Harasta", "Saraqib", None])),
                    province=draw(st.sampled_from(["rif-dimashq", "damascus", "idlib", None])),
                    means=draw(st.sampled_from(["airstrike", "shelling", "car-bomb", "unknown"])),
                    perpetrator=draw(st.sampled_from([None, "syrian-government", "hts"])),
                    killed=draw(st.one_of(st.none(), st.integers(0, 30))),
                    aggregate=draw(st.booleans().map(lambda b: b and draw(st.booleans()))),
                )
            )
        published = draw(st.sampled_from([*DAYS, None]))
        out.append(art(aid, *incs, published=published))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spread_corpora(), st.integers(1, 4))
def test_blocked_merge_is_the_merge_of_everything(coded: list[CodedArticle], n: int) -> None:
    assert blocked(coded, n) == whole(coded)
