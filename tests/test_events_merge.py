"""Merging incidents across articles into events (generator/events/merge.py).

Hand-made incidents, independent of the extractor: each unit test pins one
rule of the module docstring; the property tests pin the invariants
(partition, order independence, closure, stability as later reports arrive).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.events.merge import (
    LOOKBACK_DAYS,
    Event,
    compatible,
    event_id,
    event_json,
    merge_incidents,
    near_misses,
    place_key,
    places_compatible,
    verdict,
)
from generator.model import Casualties, CodedArticle, Faction, Incident
from tests.helpers import DAYS, D, art, corpora, inc, incidents_of


def one(coded: list[CodedArticle]) -> Event:
    events = merge_incidents(coded)
    assert len(events) == 1, [[r.incident_id for r in e.reports] for e in events]
    return events[0]


def groups(coded: list[CodedArticle]) -> set[frozenset[str]]:
    return {frozenset(r.incident_id for r in e.reports) for e in merge_incidents(coded)}


# --------------------------------------------------------------------------- the FA-KES case


def test_bus_convoy_reported_three_times_is_one_event_with_a_range() -> None:
    coded = [
        art("reuters", inc("reuters", killed=70, place="al-Rashideen"), published=D),
        art(
            "aljazeera",
            inc("aljazeera", killed=100, means="suicide-bombing"),
            published=D + dt.timedelta(days=1),
        ),
        art(
            "bbc",
            inc("bbc", killed=126, place="the town of Rashidin", day=D - dt.timedelta(1)),
            published=D + dt.timedelta(days=2),
        ),
    ]
    e = one(coded)
    assert (e.killed_low, e.killed_best, e.killed_high) == (70, 126, 126)
    assert [r.article_id for r in e.reports] == ["reuters", "aljazeera", "bbc"]
    assert e.id == event_id(coded[0].incidents[0])
    assert e.province == "aleppo" and e.date == D and e.date_precision == "day"
    assert e.means == "car-bomb"  # one vote each: the earliest report wins the tie


def test_a_village_and_the_town_its_district_is_named_after_may_be_one_attack() -> None:
    """ "US-led strikes near Manbij kill 56" / "73 killed in coalition strikes on Tokhar,
    a village 14 km north of Manbij" (Manbij district), the same morning."""
    strike = dict(means="airstrike", perpetrator="us-led-coalition")
    coded = [
        art("a", inc("a", place="Manbij", killed=56, **strike)),
        art("b", inc("b", place="Tokhar", killed=73, **strike)),
    ]
    assert groups(coded) == {frozenset({"a-01", "b-01"})}


def test_a_village_of_the_district_is_not_the_town_struck_the_day_before() -> None:
    """15 killed in coalition raids on Manbij on Monday; 73 in Tokhar on Tuesday."""
    strike = dict(means="airstrike", perpetrator="us-led-coalition")
    coded = [
        art("a", inc("a", place="Manbij", killed=15, day=D - dt.timedelta(1), **strike)),
        art("b", inc("b", place="Tokhar", killed=73, **strike)),
    ]
    assert groups(coded) == {frozenset({"a-01"}), frozenset({"b-01"})}


def test_summing_events_does_not_double_count() -> None:
    coded = [art(a, inc(a, killed=k)) for a, k in (("a", 70), ("b", 100))]
    assert sum(e.killed_best or 0 for e in merge_incidents(coded)) == 100


# --------------------------------------------------------------------------- articles


def test_two_incidents_of_one_article_never_merge() -> None:
    assert len(merge_incidents([art("a", inc("a", 1, killed=5), inc("a", 2, killed=5))])) == 2


def test_not_transitively_either_one_incident_per_article_per_event() -> None:
    coded = [art("a", inc("a", 1, killed=5), inc("a", 2, killed=5)), art("b", inc("b", killed=5))]
    assert groups(coded) == {frozenset({"a-01", "b-01"}), frozenset({"a-02"})}


def test_aggregates_are_never_part_of_an_event() -> None:
    coded = [art("a", inc("a", 1, killed=5), inc("a", 2, killed=50, aggregate=True))]
    events = merge_incidents(coded)
    assert [r.incident_id for e in events for r in e.reports] == ["a-01"]


def test_singletons_are_events() -> None:
    e = one([art("a", inc("a", killed=3, injured=4))])
    assert (e.killed_low, e.killed_best, e.killed_high, e.injured_best) == (3, 3, 3, 4)


def test_an_events_range_spans_its_reports_ranges() -> None:
    """ "four to six civilians" (4, range 4-6) and a later "five killed": the event's
    low and high are the ends of the report's range, not only the tolls 4 and 5."""
    ranged = dataclasses.replace(inc("a", killed=4), killed=Casualties(total=4, low=4, high=6))
    e = one([art("a", ranged), art("b", inc("b", killed=5), published=D + dt.timedelta(1))])
    assert (e.killed_low, e.killed_best, e.killed_high) == (4, 5, 6)
    assert one([art("a", ranged)]).killed_high == 6


# --------------------------------------------------------------------------- province and date


def test_province_must_be_equal_and_known() -> None:
    assert len(merge_incidents([art("a", inc("a")), art("b", inc("b", province="idlib"))])) == 2
    assert (
        len(merge_incidents([art("a", inc("a", province=None)), art("b", inc("b", province=None))]))
        == 2
    )


def test_day_dates_within_one_day_merge_two_days_do_not() -> None:
    d1 = [art("a", inc("a")), art("b", inc("b", day=D + dt.timedelta(1)))]
    d2 = [art("a", inc("a")), art("b", inc("b", day=D + dt.timedelta(2)))]
    assert len(merge_incidents(d1)) == 1
    assert len(merge_incidents(d2)) == 2


def test_no_chaining_day_one_two_three() -> None:
    coded = [
        art(a, inc(a, day=D + dt.timedelta(i)), published=D + dt.timedelta(i))
        for i, a in enumerate("abc")
    ]
    assert groups(coded) == {frozenset({"a-01", "b-01"}), frozenset({"c-01"})}


def test_week_and_month_contain_day_dates() -> None:
    """A week or month date only overlaps: with a place, the means and a close toll must agree."""
    sat = dt.date(2017, 4, 15)  # ISO week Mon 10 .. Sun 16 April
    week = dict(day=dt.date(2017, 4, 12), precision="week", killed=12)
    assert (
        len(merge_incidents([art("a", inc("a", day=sat, killed=10)), art("b", inc("b", **week))]))
        == 1
    )
    assert (
        len(
            merge_incidents(
                [
                    art("a", inc("a", day=dt.date(2017, 4, 17), killed=10)),
                    art("b", inc("b", **week)),
                ]
            )
        )
        == 2
    )
    month = dict(day=dt.date(2017, 4, 1), precision="month", killed=12)
    assert (
        len(merge_incidents([art("a", inc("a", day=sat, killed=10)), art("b", inc("b", **month))]))
        == 1
    )
    assert (
        len(
            merge_incidents(
                [
                    art("a", inc("a", day=dt.date(2017, 5, 1), killed=10)),
                    art("b", inc("b", **month)),
                ]
            )
        )
        == 2
    )
    no_toll = dict(day=dt.date(2017, 4, 12), precision="week")
    assert len(merge_incidents([art("a", inc("a", day=sat)), art("b", inc("b", **no_toll))])) == 2


def test_undated_reports_merge_within_the_days_before_publication() -> None:
    """No date in the text: the incident lies in the LOOKBACK_DAYS before its article."""
    dated = art("a", inc("a", killed=70))
    later = D + dt.timedelta(2)
    undated = art("b", inc("b", day=None, killed=70), published=later)
    e = one([dated, undated])
    assert e.date == D and e.window is None
    assert {r.facet for r in e.links[0].reasons} >= {"date", "place", "means", "toll"}
    too_late = art(
        "b", inc("b", day=None, killed=70), published=D + dt.timedelta(LOOKBACK_DAYS + 1)
    )
    assert len(merge_incidents([dated, too_late])) == 2
    # two undated reports: the event stays undated but carries the days it must lie in
    e = one([art("a", inc("a", day=None, killed=70)), undated])
    assert e.date is None and e.window == (later - dt.timedelta(LOOKBACK_DAYS), D)


def test_year_precision_is_as_good_as_no_date() -> None:
    year = [art("a", inc("a")), art("b", inc("b", day=dt.date(2017, 1, 1), precision="year"))]
    assert len(merge_incidents(year)) == 1  # the year date tells nothing: publication does


def test_no_date_and_no_publication_merge_only_into_the_one_event_that_fits() -> None:
    timeless = art(
        "x", inc("x", day=None, place="al-Foua", means="suicide-bombing"), published=None
    )
    fuaa = art("a", inc("a", place="Fuaa", killed=126))
    e = one([fuaa, timeless])
    assert [r.article_id for r in e.reports] == ["a", "x"]  # undated articles come last
    # two Fuaa bombings a month apart: the undated report cannot tell which, so it stays apart
    other = art(
        "b",
        inc("b", place="Fuaa", day=D + dt.timedelta(30), killed=3),
        published=D + dt.timedelta(30),
    )
    assert len(merge_incidents([fuaa, other, timeless])) == 3
    # and without a place there is nothing to go on
    placeless = art("y", inc("y", day=None, place=None), published=None)
    assert len(merge_incidents([fuaa, placeless])) == 2


def test_no_date_joins_the_event_that_fits_clearly_best() -> None:
    """ "Manbij", air strike, 15 killed, in an article with no date: the coalition's 15
    dead in Manbij, not the 6 dead in Manbij two days later."""
    kw = dict(place="Manbij", means="airstrike", perpetrator="us-led-coalition")
    fifteen = art("a", inc("a", 1, killed=15, **kw))  # type: ignore[arg-type]
    later = D + dt.timedelta(2)
    six = art("b", inc("b", 1, killed=6, day=later, **kw), published=later)  # type: ignore[arg-type]
    timeless = art("x", inc("x", day=None, killed=15, **kw), published=None)  # type: ignore[arg-type]
    assert groups([fifteen, six, timeless]) == {
        frozenset({"a-01", "x-01"}),
        frozenset({"b-01"}),
    }


def test_no_date_joins_the_event_more_of_whose_reports_agree() -> None:
    """ "Manbij", air strike, 15 killed, no date: two events of 15 dead in Manbij fit it as
    well report for report; the one two outlets agree on is the clearer fit."""
    kw = dict(place="Manbij", means="airstrike", killed=15)
    later = D + dt.timedelta(3)
    told_twice = [art(a, inc(a, **kw)) for a in ("a", "b")]  # type: ignore[arg-type]
    once = art("c", inc("c", day=later, **kw), published=later)  # type: ignore[arg-type]
    timeless = art("x", inc("x", day=None, **kw), published=None)  # type: ignore[arg-type]
    assert groups([*told_twice, once, timeless]) == {
        frozenset({"a-01", "b-01", "x-01"}),
        frozenset({"c-01"}),
    }
    # one report each: the evidence cannot tell which
    assert len(merge_incidents([told_twice[0], once, timeless])) == 3


def test_no_date_joins_on_a_telling_toll_or_the_weekday_it_names() -> None:
    """The Rashidin convoy bombing in three articles with no date at all: "the death
    toll from the bus convoy bomb attack reached 126" (no town) joins the event of 126
    killed in Rashidin; "90 killed Saturday in a car bomb" (no town) joins them on the
    Saturday report of 100 dead; a Wednesday one joins nothing."""
    saturday = D - dt.timedelta(days=(D.weekday() - 5) % 7)
    dated = [
        art("a", inc("a", day=saturday, killed=126), published=saturday),
        art("b", inc("b", day=saturday, place=None, killed=100), published=saturday),
    ]
    toll = art("x", inc("x", day=None, place=None, means="ied", killed=126), published=None)
    named = dataclasses.replace(inc("y", day=None, place=None, killed=90), weekday=5)
    other = dataclasses.replace(inc("z", day=None, place=None, killed=90), weekday=2)
    found = groups([*dated, toll, art("y", named, published=None), art("z", other, published=None)])
    assert found == {
        frozenset({"a-01", "b-01", "x-01", "y-01"}),
        frozenset({"z-01"}),
    }


# --------------------------------------------------------------------------- place


def test_place_names_normalise_across_transliterations() -> None:
    same = [
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Ma'arrat al-Nu'man", "Maarat al-Numan"),
        ("Kafranbel", "Kafr Nabl"),
        ("the town of Al-Fatatra", "Fatatra"),
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Ras al-Ain", "Ras al-Ayn"),
        ("Douma", "Duma"),
        ("Jisr al-Shughour", "Jisr ash-Shughur"),
        ("El-Bab", "al Bab"),
    ]
    for a, b in same:
        assert places_compatible(place_key(a), place_key(b)) == 2, (a, b)
    assert places_compatible(place_key("Douma"), place_key("Douma countryside")) == 2
    assert places_compatible(place_key("Idlib"), place_key("southern Idlib")) == 1
    for a, b in [
        ("Douma", "Harasta"),
        ("Saraqib", "Sarmin"),
        ("Azaz", "Afrin"),
        ("southern Idlib", "northern Idlib"),
        ("Tal Rifaat", "Tal Abyad"),
    ]:
        assert places_compatible(place_key(a), place_key(b)) == 0, (a, b)
    assert place_key(None) is None and place_key("the town of") is None


def test_different_places_do_not_merge() -> None:
    coded = [art("a", inc("a", place="Douma")), art("b", inc("b", place="Harasta"))]
    assert len(merge_incidents(coded)) == 2


def test_null_place_merges_only_when_everything_else_agrees() -> None:
    named = art("a", inc("a", place="Douma", means="airstrike", killed=20))
    assert (
        len(merge_incidents([named, art("b", inc("b", place=None, means="airstrike", killed=24))]))
        == 1
    )
    # one family of means counts (a barrel bomb is "an air strike" to many outlets)
    family = art("b", inc("b", place=None, means="barrel-bomb", killed=24))
    assert len(merge_incidents([named, family])) == 1
    # the same day and close tolls of 10 or more are enough even without a means
    assert (
        len(merge_incidents([named, art("b", inc("b", place=None, means="unknown", killed=24))]))
        == 1
    )
    # tolls not close, means vague with a small toll, the next day, or a coarse date: no merge
    small = art("a", inc("a", place="Douma", means="airstrike", killed=4))
    assert (
        len(merge_incidents([small, art("b", inc("b", place=None, means="unknown", killed=5))]))
        == 2
    )
    for kw in (
        dict(killed=40),
        dict(killed=None),
        dict(day=D + dt.timedelta(1)),
        dict(day=dt.date(2017, 4, 1), precision="month"),
    ):
        other = dict(place=None, means="airstrike", killed=24) | kw
        assert len(merge_incidents([named, art("b", inc("b", **other))])) == 2, kw


def test_a_governorate_named_as_the_place_is_no_place() -> None:
    """ "Idlib province" agrees with any town in Idlib, and tells nothing by itself."""
    town = art(
        "a", inc("a", place="Khan Sheikhoun", province="idlib", means="airstrike", killed=20)
    )
    gov = dict(place="Idlib province", province="idlib", means="airstrike")
    assert len(merge_incidents([town, art("b", inc("b", killed=22, **gov))])) == 1
    assert len(merge_incidents([town, art("b", inc("b", killed=None, **gov))])) == 2


def test_fakes_spellings_merge() -> None:
    """The spellings of the issue: a transliteration rule, not a list of these pairs."""
    for a, b in (
        ("Foua", "al-Foua"),
        ("Fua", "Fuaa"),
        ("Rashideen", "Rashidin"),
        ("Tareeq al-Bab", "Tariq al-Bab"),
    ):
        assert len(merge_incidents([art("a", inc("a", place=a)), art("b", inc("b", place=b))])) == 1


# ------------------------------------------------------------- means, perpetrator, tolls


def test_means_equal_vague_or_same_family_with_a_place() -> None:
    def n(a: str, b: str) -> int:
        return len(merge_incidents([art("a", inc("a", means=a)), art("b", inc("b", means=b))]))

    assert n("airstrike", "unknown") == 1
    assert n("other", "shelling") == 1
    assert n("airstrike", "barrel-bomb") == 1
    assert n("airstrike", "drone-strike") == 1
    assert n("car-bomb", "ied") == 1
    assert n("airstrike", "shelling") == 1  # one town, one day: "air strikes and shelling"
    assert n("gunfire", "execution") == 2
    assert n("car-bomb", "airstrike") == 2


def test_perpetrators_equal_or_one_unknown_or_same_bloc_when_told() -> None:
    def coded(p: str | None, q: str | None) -> list[CodedArticle]:
        return [art("a", inc("a", perpetrator=p)), art("b", inc("b", perpetrator=q))]

    assert len(merge_incidents(coded("syrian-government", None))) == 1
    assert len(merge_incidents(coded("unidentified", "hts"))) == 1
    assert len(merge_incidents(coded("syrian-government", "russia"))) == 2
    factions = {
        "syrian-government": Faction("syrian-government", "SAA", "syrian-government-and-allies"),
        "russia": Faction("russia", "Russia", "syrian-government-and-allies"),
        "hts": Faction("hts", "HTS", "hts-nusra"),
    }
    assert len(merge_incidents(coded("syrian-government", "russia"), factions)) == 1
    assert len(merge_incidents(coded("syrian-government", "hts"), factions)) == 2
    e = merge_incidents(coded("unidentified", "hts"))[0]
    assert e.perpetrator == "hts"


def test_named_place_tolerates_revisions_not_contradictions() -> None:
    def n(a: int | None, b: int | None) -> int:
        return len(merge_incidents([art("a", inc("a", killed=a)), art("b", inc("b", killed=b))]))

    assert n(70, 126) == 1
    assert n(10, 46) == 1
    assert n(0, 3) == 1
    assert n(None, 300) == 1
    assert n(2, 45) == 2


def test_joins_the_best_cluster_not_the_first() -> None:
    # a and b are two events in Douma the same day (tolls 5 and 60); c (45) is b's revision.
    coded = [
        art("a", inc("a", place="Douma", killed=5)),
        art("b", inc("b", place="Douma", killed=60)),
        art("c", inc("c", place="Douma", killed=45), published=D + dt.timedelta(1)),
    ]
    assert groups(coded) == {frozenset({"a-01"}), frozenset({"b-01", "c-01"})}


def test_a_follow_up_whose_toll_rose_joins_the_event() -> None:
    """ "The toll rose to 70", published days later and dated by nothing in its text."""
    attack = art("a", inc("a", killed=45))
    follow_up = art("b", inc("b", day=None, killed=70), published=D + dt.timedelta(3))
    e = one([attack, follow_up])
    assert (e.killed_low, e.killed_best, e.killed_high) == (45, 70, 70)
    assert "toll rose: 45 -> 70" in [r.text for r in e.links[0].reasons]
    # a lower figure days later is not a revision of this attack
    lower = art("b", inc("b", day=None, killed=20), published=D + dt.timedelta(3))
    assert len(merge_incidents([attack, lower])) == 2


def test_an_article_telling_one_attack_twice_does_not_split_the_others() -> None:
    """The article's second telling founds an event of its own (it may not join the
    first); later reports prefer the first event even when they match the echo better."""
    twice = art("a", inc("a", 1, killed=10), inc("a", 2, killed=12))
    b = art("b", inc("b", killed=12), published=D + dt.timedelta(1))
    c = art("c", inc("c", killed=12), published=D + dt.timedelta(1))
    assert groups([twice, b, c]) == {frozenset({"a-01", "b-01", "c-01"}), frozenset({"a-02"})}


def test_events_say_why_each_report_joined() -> None:
    coded = [
        art("a", inc("a", killed=70, place="al-Rashideen")),
        art("b", inc("b", killed=100, means="suicide-bombing"), published=D + dt.timedelta(1)),
    ]
    (link,) = one(coded).links
    assert (link.incident_id, link.matched) == ("b-01", "a-01")
    assert [r.text for r in link.reasons] == [
        "same day",
        "same place: Rashideen ~ al-Rashideen",
        "means of one family: suicide bombing ~ car bomb",
        "close tolls: 70 ~ 100",
    ]


def test_near_misses_list_pairs_kept_apart_with_what_set_them_apart() -> None:
    coded = [
        art("a", inc("a", killed=2, place="Douma", province="rif-dimashq", means="airstrike")),
        art("b", inc("b", killed=45, place="Duma", province="rif-dimashq", means="airstrike")),
        art("c", inc("c", killed=45, place="Harasta", province="rif-dimashq", means="shelling")),
        art("d", inc("d", killed=45, place="Douma", province="idlib", means="airstrike")),
    ]
    events = merge_incidents(coded)
    assert len(events) == 4
    (miss,) = near_misses(coded, events)
    assert {miss.first_incident, miss.second_incident} == {"a-01", "b-01"}
    assert [r.text for r in miss.conflict] == ["tolls 2 / 45"]
    assert [r.facet for r in miss.agree] == ["date", "place", "means"]
    assert near_misses(list(reversed(coded)), merge_incidents(list(reversed(coded)))) == (miss,)


def test_an_event_keeps_only_its_few_closest_near_misses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where reports are dense an event nearly merges with dozens of others: each keeps
    its NEAR_MISSES_PER_EVENT closest (here the same-day ones before those a day apart)."""
    import generator.events.merge as merge

    later = D + dt.timedelta(1)
    x = art("x", inc("x", killed=2, place="Douma", province="rif-dimashq", means="airstrike"))
    others = [  # each kept apart from x by its toll and from the others by its perpetrator
        art(
            f"o{j}",
            inc(
                f"o{j}",
                killed=45,
                day=D if j < 3 else later,
                place="Douma",
                province="rif-dimashq",
                means="airstrike",
                perpetrator=f"group-{j}",
            ),
            published=later,
        )
        for j in range(8)
    ]
    coded = [x, *others]
    events = merge_incidents(coded)
    assert len(events) == 9
    (ex,) = [e.id for e in events if e.reports[0].incident_id == "x-01"]

    def partners(misses: tuple[merge.NearMiss, ...]) -> set[str]:
        pairs = [(m.first_incident, m.second_incident) for m in misses if ex in (m.first, m.second)]
        return {b if a == "x-01" else a for a, b in pairs}

    kept = partners(near_misses(coded, events))
    assert len(kept) == merge.NEAR_MISSES_PER_EVENT == 5
    assert {"o0-01", "o1-01", "o2-01"} <= kept  # the same day: closer than a day apart
    monkeypatch.setattr(merge, "NEAR_MISSES_PER_EVENT", 100)
    assert len(partners(near_misses(coded, events))) == 8


# --------------------------------------------------------------------------- the event's figures


def test_best_is_the_latest_report_ties_go_to_the_highest() -> None:
    later = D + dt.timedelta(1)
    coded = [
        art("a", inc("a", killed=100), published=D),
        art("b", inc("b", killed=70), published=later),
        art("c", inc("c", killed=80), published=later),
        art("d", inc("d", killed=None), published=later + dt.timedelta(1)),
        art("e", inc("e", killed=126), published=None),
    ]
    e = one(coded)
    assert (e.killed_low, e.killed_best, e.killed_high) == (70, 80, 126)


def test_no_stated_toll_gives_none() -> None:
    e = one([art("a", inc("a")), art("b", inc("b"))])
    assert (e.killed_low, e.killed_best, e.killed_high, e.injured_best) == (None,) * 4


def test_event_fields_are_votes_in_report_order() -> None:
    coded = [
        art("a", inc("a", place="al-Rashideen", day=D, perpetrator="unidentified")),
        art(
            "b",
            inc("b", place="Rashidin", day=D + dt.timedelta(1), perpetrator="hts"),
            published=D + dt.timedelta(1),
        ),
        art(
            "c",
            inc("c", place="Rashideen", day=D + dt.timedelta(1), means="unknown"),
            published=D + dt.timedelta(2),
        ),
    ]
    e = one(coded)
    assert e.place == "al-Rashideen"  # all three spellings are one name: the earliest spelling
    assert e.date == D + dt.timedelta(1)  # two reports say the 16th
    assert e.perpetrator == "hts" and e.means == "car-bomb"


# --------------------------------------------------------------------------- ids


def test_id_is_stable_when_a_later_report_is_added() -> None:
    first = [art("x", inc("x", killed=70)), art("y", inc("y", place="Aleppo", killed=3))]
    before = {e.id: e for e in merge_incidents(first)}
    later = art("z", inc("z", killed=100), published=D + dt.timedelta(1))
    after = {e.id: e for e in merge_incidents([*first, later])}
    assert set(after) == set(before)
    (ev,) = [e for e in after.values() if len(e.reports) == 2]
    assert ev.reports[:1] == before[ev.id].reports and ev.reports[1].article_id == "z"


def test_id_changes_when_an_earlier_report_is_added_documented_limit() -> None:
    first = [art("x", inc("x", killed=70))]
    earlier = art("w", inc("w", killed=60), published=D - dt.timedelta(1))
    (before,) = merge_incidents(first)
    (after,) = merge_incidents([*first, earlier])
    assert after.id != before.id and after.id == event_id(earlier.incidents[0])


def test_compatible_is_the_pairwise_rule() -> None:
    a, b = art("a", inc("a")), art("b", inc("b", means="ied"))
    assert compatible(a.incidents[0], a, b.incidents[0], b)
    assert not compatible(a.incidents[0], a, a.incidents[0], a)  # same article


def test_event_json_follows_the_contract() -> None:
    coded = [
        art("a", inc("a", killed=70), source="Reuters"),
        art("b", inc("b", killed=100), published=D + dt.timedelta(1)),
    ]
    j = event_json(one(coded))
    assert {"id", "date", "province", "place", "reports", "killed"} <= set(j)
    assert j["date"] == "2017-04-15" and j["province"] == "aleppo" and j["place"] == "Rashideen"
    assert j["killed"] == {"low": 70, "best": 100, "high": 100}
    assert [(r["article"], r["incident"]) for r in j["reports"]] == [("a", "a-01"), ("b", "b-01")]
    assert j["reports"][0]["source"] == "Reuters" and j["reports"][0]["published"] == "2017-04-15"


def test_blocking_keeps_it_fast() -> None:
    """20,000 incidents over 14 provinces and 3 years: blocked, so well under quadratic."""
    rng = random.Random(0)
    provinces = [
        "aleppo",
        "idlib",
        "hama",
        "homs",
        "daraa",
        "raqqa",
        "damascus",
        "rif-dimashq",
        "latakia",
        "tartus",
        "deir-ez-zor",
        "hasakah",
        "quneitra",
        "as-suwayda",
    ]
    coded = [
        art(
            f"a{i:05d}",
            inc(
                f"a{i:05d}",
                day=D + dt.timedelta(rng.randrange(1000)),
                province=rng.choice(provinces),
                place=f"Town{rng.randrange(50)}",
                killed=rng.randrange(30),
            ),
            published=D + dt.timedelta(rng.randrange(1000)),
        )
        for i in range(20_000)
    ]
    t0 = time.process_time()  # CPU time: the machine may be shared
    events = merge_incidents(coded)
    assert time.process_time() - t0 < 10
    assert sum(len(e.reports) for e in events) == 20_000


def test_an_attack_many_outlets_told_alike_costs_one_comparison_per_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """300 outlets report "12 killed in an air strike on Douma" alike: each report is
    judged once against the event (one member of each group of alike reports), not
    against every report before it, which made a 100,000-article archive quadratic."""
    from generator.events import merge

    calls = 0
    real = merge.judge

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge, "judge", counting)
    coded = [
        art(f"o{i:03d}", inc(f"o{i:03d}", killed=12, place="Douma", means="airstrike"), published=D)
        for i in range(300)
    ]
    events = merge_incidents(coded)
    assert [len(e.reports) for e in events] == [300]
    assert calls < 2 * 300


# --------------------------------------------------------------------------- properties

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(corpora(), st.randoms(use_true_random=False))
def test_order_of_articles_and_incidents_does_not_matter(coded: list[CodedArticle], rnd) -> None:
    shuffled = [
        dataclasses.replace(c, incidents=tuple(rnd.sample(c.incidents, len(c.incidents))))
        for c in rnd.sample(coded, len(coded))
    ]
    assert merge_incidents(shuffled) == merge_incidents(coded) == merge_incidents(coded)


@PROPS
@given(corpora())
def test_every_non_aggregate_incident_in_exactly_one_event(coded: list[CodedArticle]) -> None:
    events = merge_incidents(coded)
    members = [i.id for e in events for i in e.incidents]
    expected = [i.id for c in coded for i in c.incidents if not i.aggregate]
    assert sorted(members) == sorted(expected)
    assert len(members) == len(set(members))
    assert len({e.id for e in events}) == len(events)
    for e in events:
        assert len({r.article_id for r in e.reports}) == len(e.reports)
        assert [r.incident_id for r in e.reports] == [i.id for i in e.incidents]
        if e.killed_best is not None:
            assert e.killed_low is not None and e.killed_high is not None
            assert e.killed_low <= e.killed_best <= e.killed_high


@PROPS
@given(corpora())
def test_members_of_an_event_are_pairwise_compatible(coded: list[CodedArticle]) -> None:
    by_article = {c.article.id: c for c in coded}
    for e in merge_incidents(coded):
        for i, a in enumerate(e.incidents):
            for b in e.incidents[i + 1 :]:
                assert compatible(a, by_article[a.article_id], b, by_article[b.article_id])


@PROPS
@given(corpora())
def test_merging_an_event_again_gives_the_same_event(coded: list[CodedArticle]) -> None:
    """Idempotence: an event's own reports, merged on their own, are exactly that event."""
    by_article = {c.article.id: c for c in coded}
    for e in merge_incidents(coded):
        alone = [dataclasses.replace(by_article[i.article_id], incidents=(i,)) for i in e.incidents]
        assert merge_incidents(alone) == (e,)


@PROPS
@given(corpora(), st.sampled_from(DAYS))
def test_later_reports_never_change_existing_events(
    coded: list[CodedArticle], cut: dt.date
) -> None:
    """Articles published after every earlier one only extend events or add new ones."""
    old = [c for c in coded if c.article.published is not None and c.article.published <= cut]
    before = merge_incidents(old)
    after = {e.id: e for e in merge_incidents(coded)}
    for e in before:
        assert e.id in after
        assert after[e.id].incidents[: len(e.incidents)] == e.incidents


@PROPS
@given(corpora(), incidents_of("new"), st.sampled_from([*DAYS, DAYS[-1] + dt.timedelta(1), None]))
def test_adding_a_report_never_changes_other_events_ids(
    coded: list[CodedArticle], new_incidents: tuple[Incident, ...], published: dt.date | None
) -> None:
    """A new article, whatever its date, changes only the events within reach of its
    reports: those linked to them by a chain of reports that match (enough agreement,
    no conflict but perhaps being of one article).  Every other event keeps its id
    and its reports."""
    new = art("new", *new_incidents, published=published)
    corpus = [*coded, new]
    before = merge_incidents(coded)
    after = {e.id: e for e in merge_incidents(corpus)}
    reports = [(i, c) for c in corpus for i in c.incidents if not i.aggregate]
    reach = {i.id for i, _ in reports if i.article_id == "new"}
    grew = True
    while grew:
        grew = False
        for x, cx in reports:
            if x.id in reach:
                continue
            if any(verdict(x, cx, y, cy).linked for y, cy in reports if y.id in reach):
                reach.add(x.id)
                grew = True
    for e in before:
        if not reach & {i.id for i in e.incidents}:
            assert after.get(e.id) == e
