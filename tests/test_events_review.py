"""What ``sitrep review`` lists (generator/events/review.py), on hand-made reports:
each kind, the order (most cited first), and what corrections take off the list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.events.corrections import apply_corrections, parse_corrections
from generator.events.review import hedge_in, hedges, review_items, review_text
from generator.events.totals import build_report
from generator.extract import load_factions
from generator.model import CodedArticle
from tests.helpers import D, art, inc

FACTIONS = load_factions()


def report_of(coded: list[CodedArticle], corrections: str = ""):
    corrected = apply_corrections(parse_corrections(corrections), coded, FACTIONS)
    return build_report(coded, [], FACTIONS, corrected=corrected)


def named(article_id: str, evidence: str, **kw) -> CodedArticle:
    """A report read from ``evidence``, placed where the gazetteer would put it (a
    place with its own coordinates) unless ``precision`` says otherwise."""
    published = kw.pop("published", D)
    precision = kw.pop("precision", "place")
    incident = inc(article_id, **kw)
    where = replace(incident.place, latitude=36.0, longitude=37.0, precision=precision)
    incident = replace(incident, evidence=evidence, place=where)
    return art(article_id, incident, published=published)


THREE = [
    named(
        "a",
        "Regime jets struck Rashideen, killing 40.",
        killed=40,
        perpetrator="syrian-government",
        means="airstrike",
    ),
    named(
        "b",
        "Air strikes killed 45 in Rashideen.",
        killed=45,
        perpetrator="syrian-government",
        means="airstrike",
        published=D + dt.timedelta(1),
    ),
    named(
        "c",
        "Jets hit Rashideen; 50 were killed.",
        killed=50,
        perpetrator="syrian-government",
        means="airstrike",
        published=D + dt.timedelta(2),
    ),
]


def test_hedges_are_whole_phrases():
    assert hedge_in("Ten people were reportedly killed.") == "reportedly"
    assert (
        hedge_in("The toll could not be independently verified.")
        == "could not be independently verified"
    )
    assert hedge_in("At least ten people were killed.") is None
    assert hedge_in("Unreported deaths.") is None  # a word inside another is no hedge
    phrases = [" ".join(h) for h in hedges()]
    assert len(phrases) == len(set(phrases)) and all(phrases)


def test_each_kind_is_found_and_the_most_cited_event_comes_first():
    single = [
        named(
            "d",
            "Barrel bombs fell on Kafr Nabl, reportedly killing 5.",
            killed=5,
            perpetrator="syrian-government",
            means="barrel-bomb",
            place="Kafr Nabl",
            province="idlib",
        ),
        named(
            "e",
            "Five were killed in Idlib province.",
            day=None,
            killed=5,
            place="Idlib province",
            province="idlib",
            means="shelling",
            precision="governorate",
        ),
        # a place the gazetteer does not know: drawn at the governorate's centre
        named(
            "f",
            "Shelling killed 2 in Tell Nowhere.",
            killed=2,
            place="Tell Nowhere",
            province="hama",
            means="shelling",
            precision="governorate",
        ),
    ]
    items = review_items(report_of(THREE + single))
    assert [(it.kind, it.reports, it.killed) for it in items] == [
        ("range", 3, 50),
        ("imputed-attacker", 1, 5),  # d: barrel bombs, nobody named
        ("hedged", 1, 5),
        ("undated", 1, 5),  # e: undated, and only a governorate
        ("place", 1, 5),
        ("centroid", 1, 2),  # f
    ]
    assert items[0].note == "the reports say 40, 45, 50 killed; the site counts 50 (the latest)"
    assert items[0].ids[1:] == ("a-01", "b-01", "c-01")
    by_kind = {it.kind: it for it in items}
    assert by_kind["imputed-attacker"].ids == (by_kind["imputed-attacker"].event, "d-01")
    assert by_kind["imputed-attacker"].note == (
        "no report's sentence names Syrian government forces, the attacker it is coded with"
    )
    assert by_kind["hedged"].note == 'report d-01 says "reportedly"'
    assert by_kind["centroid"].note == '"Tell Nowhere" is drawn at its governorate\'s centre'
    assert by_kind["place"].note == '"Idlib province" says no more than the governorate'


def test_items_are_sorted_by_reports_kind_toll_date_and_id():
    items = review_items(
        report_of(
            THREE
            + [
                named(
                    "d",
                    "Barrel bombs fell.",
                    killed=5,
                    perpetrator="syrian-government",
                    means="barrel-bomb",
                    place="Kafr Nabl",
                    province="idlib",
                )
            ]
        )
    )
    keys = [it.order for it in items]
    assert keys == sorted(keys)
    assert review_items(report_of(list(reversed(THREE)))) == review_items(report_of(THREE))


def test_a_corrected_or_reviewed_event_leaves_the_list():
    event_id = review_items(report_of(THREE))[0].event
    assert (
        review_items(
            report_of(THREE, f"- id: {event_id}\n  reviewed: true\n  reason: the toll rose\n")
        )
        == ()
    )
    assert (
        review_items(report_of(THREE, "- id: b-01\n  set: {killed.total: 44}\n  reason: r\n")) == ()
    )


def test_possible_duplicates_carry_both_events_ids():
    apart = [
        named(
            "x",
            "Gunmen killed 4 soldiers in Tafas.",
            killed=4,
            place="Tafas",
            province="daraa",
            means="gunfire",
        ),
        named(
            "y",
            "Four soldiers were killed in the western Daraa countryside.",
            day=D + dt.timedelta(1),
            killed=4,
            place="western Daraa countryside",
            province="daraa",
            means="gunfire",
            published=D + dt.timedelta(1),
        ),
    ]
    report = report_of(apart)
    [miss] = report.near_misses
    [item] = [it for it in review_items(report) if it.kind == "possible-duplicate"]
    assert item.ids == (miss.first, miss.second, "x-01", "y-01")
    assert item.reports == 2
    assert item.note.startswith(f"with {miss.second}: they share a day apart")


def test_the_text_names_each_event_once_with_its_ids():
    report = report_of(THREE)
    text = review_text(report, review_items(report))
    lines = text.splitlines()
    assert lines[0] == "1 items to review on 1 of 1 events: 1 tolls differ"
    assert lines[2].startswith("1. ev-") and "3 reports" in lines[2] and "killed 50" in lines[2]
    assert lines[-1].startswith("   ids: ev-") and lines[-1].endswith("a-01 b-01 c-01")


def test_one_reports_range_is_a_range_to_review():
    """ "four to six civilians" in the only report: the event's 4 is one end of what
    the text says, so it is listed, the range written as the text gives it."""
    (one,) = named("a", "Shelling killed four to six civilians in Rashideen.", killed=4).incidents
    ranged = art("a", replace(one, killed=replace(one.killed, low=4, high=6)))
    (item,) = [it for it in review_items(report_of([ranged])) if it.kind == "range"]
    assert item.note == "the reports say 4-6 killed; the site counts 4 (the latest)"
