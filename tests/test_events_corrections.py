"""Corrections as data (generator/events/corrections.py): reading the file as hostile
input, and each kind of correction applied where its kind requires.

Hand-made incidents, independent of the extractor; the whole loop through the
command line (cache, build record, --strict, the pages) is in
tests/test_analyst_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from generator.events.corrections import (
    Corrections,
    apply_corrections,
    default_path,
    load_corrections,
    parse_corrections,
)
from generator.events.merge import merge_incidents
from generator.ingest import MAX_BYTES
from generator.model import Casualties, CodedArticle, Place, SitrepError
from tests.helpers import FACTIONS, D, art, inc, sample_coded


def corrected(text: str, coded: list[CodedArticle] | None = None):
    return apply_corrections(parse_corrections(text), coded or sample_coded(), FACTIONS)


def reasons(result) -> list[str]:
    return [p.reason for p in result.problems]


# ----------------------------------------------------------------------------- reading


def test_the_default_file_is_beside_the_articles_folder(tmp_path: Path):
    assert default_path(tmp_path / "articles") == tmp_path / "corrections.yaml"
    assert default_path(Path("articles")) == Path("corrections.yaml")
    assert default_path(Path(".")) == Path.cwd().parent / "corrections.yaml"


def test_a_missing_file_is_no_corrections_unless_named(tmp_path: Path):
    assert load_corrections(tmp_path / "corrections.yaml") == Corrections()
    with pytest.raises(SitrepError, match="corrections file not found"):
        load_corrections(tmp_path / "corrections.yaml", required=True)


def test_a_link_a_folder_or_a_huge_file_is_refused(tmp_path: Path):
    real = tmp_path / "real.yaml"
    real.write_text("- id: x\n  reviewed: true\n  reason: ok\n", encoding="utf-8")
    link = tmp_path / "corrections.yaml"
    os.symlink(real, link)
    with pytest.raises(SitrepError, match="symbolic link"):
        load_corrections(link)
    with pytest.raises(SitrepError, match="cannot read corrections file"):
        load_corrections(tmp_path)
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(SitrepError, match="cannot read corrections file"):
        load_corrections(huge)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("- id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SitrepError, match="not UTF-8"):
        load_corrections(latin)


def test_a_file_that_is_no_list_is_an_error():
    with pytest.raises(SitrepError, match=r"corrections.yaml:2: a corrections file is a list"):
        parse_corrections("# fixes\nid: x\nreason: y\n")
    assert parse_corrections("# nothing yet\n---\n\n").items == ()


def test_each_broken_item_is_a_warning_and_costs_only_itself():
    text = (
        "- id: a-01\n  reviewed: true\n  reason: fine\n"  # 1
        "- id: a-02\n  set: {killed.total: 3}\n"  # 4: no reason
        "- id: a-03\n  reviewed: true\n  reason: no\n"  # 6: YAML reads `no` as false
        "- id: a-04\n  kiled: 3\n  reason: typo\n"  # 9: unknown key
        "- id: a-05\n  reason: nothing to do\n"  # 12
        "- id: a-06\n  not_incident: false\n  reason: r\n"  # 14
        "- id: a-07\n  set: [1, 2]\n  reason: r\n"  # 17
        "- id: a-08\n  set: {killed.total: [1]}\n  reason: r\n"  # 20
        "- id: a-09\n  not_incident: true\n  split: true\n  reason: r\n"  # 23
        "- [unclosed\n"  # 27
        "- just a string\n"  # 28
    )
    c = parse_corrections(text)
    assert [i.id for i in c.items] == ["a-01"]
    assert [p.reason.split(":")[0] for p in c.problems] == [
        f"line {n}" for n in (4, 6, 9, 12, 14, 17, 20, 23, 27, 28)
    ]
    assert all(p.status == "warning" and p.path == "corrections.yaml" for p in c.problems)
    messages = " | ".join(p.reason for p in c.problems)
    for expected in (
        "'a-02' has no reason",
        "put it in quotes",
        "unknown key 'kiled'",
        "'a-05' corrects nothing",
        "not_incident: false does nothing",
        "set: a mapping of field: value",
        "set: killed.total: one value, not a list",
        "not_incident takes the item out of every count",
        "not valid YAML",
        "an item is a mapping",
    ):
        assert expected in messages
    assert all(p.reason.endswith("correction not applied") for p in c.problems)


def test_an_item_past_the_front_matter_bounds_never_reaches_the_parser():
    """The front matter's bounds, per item: anchors and aliases (a billion laughs),
    nesting, size."""
    laughs = "- id: &a x\n  reason: *a\n  reviewed: true\n"
    deep = "- id: x\n  reason: r\n  set: {a: " + "[" * 40 + "]" * 40 + "}\n"
    big = "- id: x\n  reviewed: true\n  reason: " + "y" * 17_000 + "\n"
    ok = "- id: y\n  reviewed: true\n  reason: fine\n"
    c = parse_corrections(laughs + deep + big + ok)
    assert [i.id for i in c.items] == ["y"]
    assert [p.reason for p in c.problems] == [
        "line 1: the item uses YAML anchors or aliases (&name, *name); correction not applied",
        "line 4: the item may nest deeper than 32 levels; correction not applied",
        "line 7: the item is larger than 16 KB; correction not applied",
    ]


def test_dates_stay_text_until_checked():
    c = parse_corrections("- id: x\n  set: {date: 2017-04-15}\n  reason: r\n")
    assert c.items[0].set == (("date", "2017-04-15"),)


# ----------------------------------------------------------------------------- applying


def test_no_corrections_is_the_machine_merge():
    result = apply_corrections(Corrections(), sample_coded(), FACTIONS)
    assert result.events == merge_incidents(sample_coded(), FACTIONS)
    assert result.problems == ()
    assert result.log.total == 0


def test_set_keeps_the_machine_value_beside_the_analyst_one():
    result = corrected(
        "- id: 001_clashes-01\n"
        "  set: {killed.total: 2, killed.civilians: 2, perpetrator: hts, date: 2020-07-30}\n"
        "  reason: breakdown added\n"
    )
    assert reasons(result) == []
    fixed = next(i for c in result.coded for i in c.incidents if i.id == "001_clashes-01")
    assert fixed.killed == Casualties(total=2, civilians=2, combatants=3)
    assert (fixed.perpetrator, fixed.date, fixed.date_precision) == (
        "hts",
        dt.date(2020, 7, 30),
        "day",
    )
    changes = {c.field: (c.machine, c.value, c.reason) for c in result.log.of("001_clashes-01")}
    assert changes == {
        "killed.total": (3, 2, "breakdown added"),
        "killed.civilians": (None, 2, "breakdown added"),
        "perpetrator": (None, "hts", "breakdown added"),
        "date": ("2020-07-31", "2020-07-30", "breakdown added"),
    }
    assert result.log.applied == {"set": 1}
    assert result.attacker_set == frozenset({"001_clashes-01"})
    event = next(e for e in result.events if e.incidents[0].id == "001_clashes-01")
    assert event.killed_best == 2
    assert result.log.machine_killed[event.id] == 3


def test_a_new_place_is_looked_up_and_a_new_means_takes_its_event_type():
    result = corrected(
        "- id: 002_daraa-01\n  set: {place: Khan Shaykhun, province: idlib, means: airstrike}\n"
        "  reason: the dateline names the town\n"
    )
    assert reasons(result) == []
    fixed = next(i for c in result.coded for i in c.incidents if i.id == "002_daraa-01")
    assert fixed.place.province == "idlib" and fixed.place.precision == "place"
    assert 35.3 < (fixed.place.latitude or 0) < 35.6
    assert (fixed.event_type, fixed.sub_event_type) == (
        "explosions-remote-violence",
        "air-drone-strike",
    )
    # a village the gazetteer does not know goes to its governorate's centre
    result = corrected("- id: 002_daraa-01\n  set: {place: Nowhere Farm}\n  reason: r\n")
    fixed = next(i for c in result.coded for i in c.incidents if i.id == "002_daraa-01")
    assert fixed.place.precision == "governorate" and fixed.place.latitude is not None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("{province: nowhere}", "set province: 'nowhere' is not one of the 14 governorate ids"),
        ("{means: laser}", "set means: 'laser' is not one of the means"),
        ("{perpetrator: martians}", "set perpetrator: 'martians' is not one of the faction ids"),
        (
            "{target: bystanders}",
            "set target: 'bystanders' is not one of the faction ids or civilians",
        ),
        ("{killed.total: -1}", "is not a count from 0 to 10,000,000"),
        ("{killed.total: true}", "is not a count"),
        ("{killed.total: '8'}", "is not a count"),
        ("{date: 2017-02-30}", "is not a date written YYYY-MM-DD"),
        ("{date: 1850-01-01}", "is not a date written YYYY-MM-DD (1900 or later)"),
        ("{latitude: 91}", "is not a number from -90 to 90"),
        ("{latitude: 35.1}", "latitude and longitude are set together"),
        ("{date_precision: fortnight}", "is not one of the date precisions"),
        ("{geo_precision: street}", "is not one of the place precisions"),
        ("{event_type: riots}", "is not one of the event types"),
        ("{evidence: made up}", "has no field 'evidence'"),
        ("{killed.best: 3}", "has no field 'killed.best'"),  # an event's, not an incident's
        ("{aggregate: true}", "has no field 'aggregate'"),
    ],
)
def test_a_value_outside_its_vocabulary_is_a_warning(values: str, message: str):
    result = corrected(f"- id: 002_daraa-01\n  set: {values}\n  reason: r\n")
    assert len(result.problems) == 1, reasons(result)
    assert message in result.problems[0].reason
    assert result.log.total == 0
    assert [i for c in result.coded for i in c.incidents] == [
        i for c in sample_coded() for i in c.incidents
    ]


def test_an_unknown_id_is_a_warning_never_silently_dropped():
    result = corrected(
        "- id: 009_gone-01\n  set: {killed.total: 1}\n  reason: r\n"
        "- id: ev-000000000000\n  reviewed: true\n  reason: r\n"
        "- id: 002_daraa-01\n  merge: ev-ffffffffffff\n  reason: r\n"
    )
    assert reasons(result) == [
        "line 1: no incident or event has the id '009_gone-01'; correction not applied",
        "line 4: no incident or event has the id 'ev-000000000000'; correction not applied",
        "line 7: merge: no incident or event has the id 'ev-ffffffffffff'; correction not applied",
    ]
    assert result.log.warnings == 3


def test_a_field_corrected_twice_keeps_the_first_and_warns():
    result = corrected(
        "- id: 002_daraa-01\n  set: {killed.total: 3}\n  reason: a\n"
        "- id: 002_daraa-01\n  set: {killed.total: 4}\n  reason: b\n"
    )
    assert reasons(result) == [
        "line 4: killed.total of '002_daraa-01' is corrected by an earlier item; "
        "correction not applied"
    ]


def test_not_an_incident_is_left_out_of_every_count_and_listed_apart():
    result = corrected("- id: 001_clashes-02\n  not_incident: true\n  reason: a threat\n")
    ids = [i.id for c in result.coded for i in c.incidents]
    assert "001_clashes-02" not in ids
    assert all("001_clashes-02" not in [i.id for i in e.incidents] for e in result.events)
    [(machine, why)] = result.log.removed
    assert (machine.id, machine.killed.total, why) == ("001_clashes-02", 4, "a threat")
    assert result.log.applied == {"not_incident": 1}
    # an event marked not an incident takes all its reports out
    event = next(e for e in result.events if e.incidents[0].id == "002_daraa-01")
    result = corrected(f"- id: {event.id}\n  not_incident: true\n  reason: an exercise\n")
    assert event.id not in {e.id for e in result.events}
    assert [m.id for m, _ in result.log.removed] == ["002_daraa-01"]


def test_stated_total_moves_an_incident_out_of_the_counts_and_back():
    result = corrected(
        "- id: 001_clashes-02\n  stated_total: true\n  reason: sums the clashes\n"
        "- id: 001_clashes-03\n  stated_total: false\n  reason: a clash of its own\n"
    )
    by_id = {i.id: i for c in result.coded for i in c.incidents}
    assert by_id["001_clashes-02"].aggregate and not by_id["001_clashes-03"].aggregate
    in_events = {i.id for e in result.events for i in e.incidents}
    assert "001_clashes-02" not in in_events and "001_clashes-03" in in_events
    assert [(c.field, c.machine, c.value) for c in result.log.of("001_clashes-02")] == [
        ("aggregate", False, True)
    ]


def two_reports() -> list[CodedArticle]:
    """Two outlets' reports of one car bombing, merged by the machine."""
    return [
        art("x", inc("x", killed=40)),
        art("y", inc("y", killed=42), published=D + dt.timedelta(1)),
    ]


def test_split_takes_a_report_out_of_its_event_and_nothing_joins_it():
    assert len(merge_incidents(two_reports(), FACTIONS)) == 1
    result = corrected("- id: y-01\n  split: true\n  reason: another car bomb\n", two_reports())
    assert sorted(tuple(i.id for i in e.incidents) for e in result.events) == [("x-01",), ("y-01",)]
    third = art("z", inc("z", killed=41), published=D + dt.timedelta(2))
    result = corrected(
        "- id: x-01\n  split: true\n  reason: another car bomb\n", [*two_reports(), third]
    )
    groups = sorted(tuple(i.id for i in e.incidents) for e in result.events)
    assert groups == [("x-01",), ("y-01", "z-01")]


def test_merge_by_event_or_report_id_makes_one_event_with_the_founders_id():
    apart = [
        art("x", inc("x", killed=40)),
        art("y", inc("y", killed=3, place="Tal Rifaat"), published=D + dt.timedelta(1)),
    ]
    events = merge_incidents(apart, FACTIONS)
    assert len(events) == 2
    first, second = sorted(events, key=lambda e: e.reports[0].published)
    for target in (second.id, "y-01"):
        result = corrected(f"- id: {first.id}\n  merge: {target}\n  reason: one attack\n", apart)
        [event] = result.events
        assert event.id == first.id  # the earliest report founds it, as in the merge
        assert [link.reasons[0].text for link in event.links] == ["merged by an analyst"]
        [change] = result.log.of(first.id)
        assert (change.action, change.others, change.reason) == (
            "merge",
            (second.id,),
            "one attack",
        )
    # an event-level correction may name a merged event by its old id
    result = corrected(
        f"- id: x-01\n  merge: [{second.id}]\n  reason: one attack\n"
        f"- id: {second.id}\n  set: {{killed.best: 41}}\n  reason: the final count\n",
        apart,
    )
    assert reasons(result) == []
    assert [e.killed_best for e in result.events] == [41]


def test_an_event_field_is_the_events_own_its_reports_untouched():
    [event] = merge_incidents(two_reports(), FACTIONS)
    result = corrected(
        f"- id: {event.id}\n  set: {{killed.best: 41, province: idlib, place: Saraqib}}\n"
        "  reason: the monitor's final count\n",
        two_reports(),
    )
    assert [p.reason for p in result.problems] == []
    [fixed] = result.events
    assert (fixed.killed_best, fixed.killed_low, fixed.killed_high) == (41, 40, 42)
    assert (fixed.province, fixed.place, fixed.location.province) == ("idlib", "Saraqib", "idlib")
    assert [i.killed.total for i in fixed.incidents] == [40, 42]
    changes = {c.field: (c.machine, c.value) for c in result.log.of(event.id)}
    assert changes == {
        "killed.best": (42, 41),
        "province": ("aleppo", "idlib"),
        "place": ("Rashideen", "Saraqib"),
    }
    assert result.log.machine_killed == {event.id: 42}


def test_actions_an_event_id_cannot_take_are_warnings():
    [event] = merge_incidents(two_reports(), FACTIONS)
    result = corrected(
        f"- id: {event.id}\n  split: true\n  reason: r\n"
        f"- id: {event.id}\n  stated_total: true\n  reason: r\n"
        f"- id: {event.id}\n  set: {{killed.total: 3}}\n  reason: r\n",
        two_reports(),
    )
    assert [p.reason.split(";")[0] for p in result.problems] == [
        f"line 1: split takes an incident's id: '{event.id}' is an event "
        "(its reports' ids are in sitrep extract --json and on its page)",
        f"line 4: stated_total takes an incident's id: '{event.id}' is an event "
        "(its reports' ids are in sitrep extract --json and on its page)",
        f"line 7: '{event.id}' is an event, which has no field 'killed.total' "
        "(fields: date, date_precision, place, province, means, perpetrator, target, "
        "killed.best, killed.civilians, injured.best)",
    ]


def test_a_corrected_governorate_merges_as_if_the_machine_had_read_it():
    misplaced = [
        art("x", inc("x", killed=40)),
        art("y", inc("y", killed=41, province="idlib"), published=D + dt.timedelta(1)),
    ]
    assert len(merge_incidents(misplaced, FACTIONS)) == 2
    result = corrected(
        "- id: y-01\n  set: {province: aleppo}\n  reason: Rashideen is in Aleppo\n", misplaced
    )
    assert len(result.events) == 1


def test_reviewed_marks_an_id_checked_and_changes_nothing():
    result = corrected("- id: 002_daraa-01\n  reviewed: true\n  reason: the toll is right\n")
    assert result.events == merge_incidents(sample_coded(), FACTIONS)
    assert "002_daraa-01" in result.log.touched
    assert result.log.applied == {"reviewed": 1}


def test_corrections_do_not_depend_on_the_order_of_the_articles():
    text = "- id: 001_clashes-01\n  set: {killed.total: 2}\n  reason: r\n"
    a = corrected(text, sample_coded())
    b = corrected(text, list(reversed(sample_coded())))
    assert a.events == b.events and a.log == b.log


def test_an_incident_place_can_be_pinned_by_coordinates():
    result = corrected(
        "- id: 002_daraa-01\n  set: {latitude: 32.8, longitude: 36.1}\n  reason: r\n"
    )
    fixed = next(i for c in result.coded for i in c.incidents if i.id == "002_daraa-01")
    assert fixed.place == Place("Al-Fatatra", "daraa", 32.8, 36.1, "place")


def test_the_machine_incident_is_what_was_extracted():
    coded = sample_coded()
    result = corrected("- id: 001_clashes-02\n  not_incident: true\n  reason: r\n", coded)
    original = next(i for c in coded for i in c.incidents if i.id == "001_clashes-02")
    assert result.log.removed[0][0] == original
    assert replace(original) == original  # frozen, untouched
