"""The site counts events, not reports: totals, charts, map, tables and article pages.

Three articles: two outlets report one air strike on Khan Shaykhun (70 killed
on 4 April, 100 the next day) and a third reports an unrelated shelling in
Daraa.  Summing reports would give 70 + 100 + 5; the site must show 2 events
and 100 + 5 killed, with every report still one link away.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.events.totals import Report, build_report
from generator.model import Article, Casualties, CodedArticle, Place
from generator.pages.charts import (
    deaths_by_governorate_svg,
    deaths_per_month_svg,
    events_by_means_svg,
)
from generator.pages.downloads import incidents_csv, incidents_geojson
from generator.pages.map import choropleth_svg
from generator.pages.render import render_pages
from tests.helpers import FACTIONS, assert_links_resolve, corpora, incident

KHAN = Place("Khan Shaykhun", "idlib", 35.44, 36.65, "place")


def _article(aid: str, title: str, published: dt.date, source: str) -> Article:
    return Article(aid, f"{aid}.md", title, "", published, source)


def merged_coded() -> list[CodedArticle]:
    first = _article("a_first", "Air strike kills 70 | Khan Shaykhun", dt.date(2017, 4, 4), "SANA")
    later = _article("b_later", "Toll rises to 100", dt.date(2017, 4, 5), "Reuters")
    other = _article("c_other", "Shelling in Daraa", dt.date(2017, 4, 5), "SOHR")
    strike = dict(
        date_precision="day",
        event_type="explosions-remote-violence",
        sub_event_type="air-drone-strike",
        means="airstrike",
        perpetrator="syrian-government",
        target="civilians",
    )
    return [
        CodedArticle(
            first,
            "",
            (
                incident(
                    "a_first",
                    1,
                    date=dt.date(2017, 4, 4),
                    place=KHAN,
                    killed=Casualties(total=70, civilians=70),
                    injured=Casualties(total=200),
                    evidence="An air strike killed 70 people in Khan Shaykhun.",
                    **strike,
                ),
            ),
        ),
        CodedArticle(
            later,
            "",
            (
                incident(
                    "b_later",
                    1,
                    date=dt.date(2017, 4, 4),
                    place=Place("Khan Sheikhoun", "idlib", 35.44, 36.65, "place"),
                    killed=Casualties(total=100),
                    evidence="The toll of Tuesday's strike on Khan Sheikhoun rose to 100.",
                    **strike,
                ),
            ),
        ),
        CodedArticle(
            other,
            "",
            (
                incident(
                    "c_other",
                    1,
                    date=dt.date(2017, 4, 5),
                    date_precision="day",
                    place=Place("Busra al-Harir", "daraa", None, None, "governorate"),
                    means="shelling",
                    killed=Casualties(total=5),
                    evidence="Shelling killed five in Busra al-Harir.",
                ),
            ),
        ),
    ]


def merged_report() -> Report:
    return build_report(merged_coded(), [], FACTIONS)


def test_totals_count_each_event_once_with_its_best_toll() -> None:
    report = merged_report()
    assert report.overall.count == 2 and report.overall.reports == 3
    assert report.overall.killed == 100 + 5  # not 70 + 100 + 5
    assert report.overall.killed_civilians == 70  # the earlier report's, never above 100
    assert report.overall.injured == 200
    idlib = report.by_province["idlib"]
    assert (idlib.count, idlib.reports, idlib.killed) == (1, 2, 100)
    assert report.by_perpetrator["syrian-government"].killed == 100
    assert report.by_target["civilians"].count == 1
    assert report.by_month["2017-04"].killed == 105


def test_a_total_knows_its_events_and_each_event_its_reports() -> None:
    report = merged_report()
    (event,) = report.by_province["idlib"].events
    assert [r.article_id for r in event.reports] == ["a_first", "b_later"]
    assert [i.id for i in report.by_province["idlib"].incidents] == ["a_first-01", "b_later-01"]
    assert event.best_report is not None and event.best_report.article_id == "b_later"
    for inc in event.incidents:
        assert report.event_of(inc) == event


def test_the_totals_do_not_depend_on_input_order() -> None:
    assert build_report(list(reversed(merged_coded())), [], FACTIONS) == merged_report()


def test_charts_and_map_count_events() -> None:
    report = merged_report()
    governorates = deaths_by_governorate_svg(report).table
    assert ("Idlib", 1, 100) in governorates and ("Daraa", 1, 5) in governorates
    assert ("Airstrike", 1, 100) in events_by_means_svg(report).table
    assert deaths_per_month_svg(report).table[-1][-1] == 105
    svg = choropleth_svg(report)
    assert "Idlib: 100 killed in 1 event" in svg
    assert "Khan Shaykhun: 1 event, 100 killed" in svg  # one dot, not two


def test_event_tables_show_the_best_toll_its_range_and_every_report() -> None:
    page = render_pages(merged_report())["governorates/idlib.md"]
    assert "**1** events (from **2** reports) · **100** killed" in page
    row = next(line for line in page.splitlines() if line.startswith("| 2017-04-04 |"))
    assert "[100](../articles/b-later.md#i-b-later-01) (70–100)" in row
    first = "[Air strike kills 70 &#124; Khan Shaykhun](../articles/a-first.md#i-a-first-01)"
    assert f"2 reports: {first}" in row
    assert "[Toll rises to 100](../articles/b-later.md#i-b-later-01)" in row


def test_article_pages_say_who_else_reported_the_event() -> None:
    pages = render_pages(merged_report())
    first = pages["articles/a-first.md"]
    assert "Also reported by:" in first
    link = "- [Toll rises to 100](../articles/b-later.md#i-b-later-01) (Reuters, 2017-04-05)"
    assert f"{link}: 100 killed" in first
    assert "**100** killed (the latest report's figure; the reports say 70 to 100)" in first
    assert "1 of these incidents was also reported by other articles" in first
    later = pages["articles/b-later.md"]
    assert "](../articles/a-first.md#i-a-first-01) (SANA, 2017-04-04): 70 killed" in later
    assert "Also reported by" not in pages["articles/c-other.md"]


def test_every_link_of_the_merged_site_resolves() -> None:
    pages = render_pages(merged_report())
    assert_links_resolve(pages)


def test_downloads_let_a_reader_count_events_like_the_site() -> None:
    report = merged_report()
    rows = list(csv.DictReader(io.StringIO(incidents_csv(report))))
    assert len(rows) == 3  # one row per report: every figure keeps its sentence
    assert len({r["merged_event"] for r in rows}) == report.overall.count == 2
    assert sum(int(r["event_fatalities"] or 0) for r in rows) == report.overall.killed == 105
    best = next(r for r in rows if r["event_fatalities"] == "100")
    assert best["article_id"] == "b_later"
    doc = json.loads(incidents_geojson(report))
    assert doc["metadata"]["events"] == 2
    counted = [f["properties"] for f in doc["features"] if f["properties"]["counts_event"]]
    assert sum(p["event_killed"] or 0 for p in counted) == 105
    assert {p["event_reports"] for p in counted} == {1, 2}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.randoms(use_true_random=False))
def test_site_totals_are_sums_over_events_whatever_the_order(coded, rnd) -> None:
    shuffled = [
        dataclasses.replace(c, incidents=tuple(rnd.sample(c.incidents, len(c.incidents))))
        for c in rnd.sample(coded, len(coded))
    ]
    report, again = build_report(coded, [], FACTIONS), build_report(shuffled, [], FACTIONS)
    assert report.overall == again.overall and report.by_province == again.by_province
    events = report.overall.events
    counted = [i for c in coded for i in c.incidents if not i.aggregate]
    assert report.overall.reports == len(counted) and report.overall.count == len(events)
    assert report.overall.killed == sum(e.killed_best or 0 for e in events)
    assert sum(t.count for t in report.by_province.values()) == sum(1 for e in events if e.province)
    for e in events:  # the best toll is one of the reports', within the range
        if e.killed_best is not None:
            assert e.killed_low <= e.killed_best <= e.killed_high
            assert e.best_report is not None and e.best_report.killed == e.killed_best
        civ = e.killed_civilians
        assert civ is None or e.killed_best is None or civ <= e.killed_best


HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "| a |", "<img src=x onerror=1>"]
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.lists(st.one_of(HOSTILE, st.text(max_size=10)), max_size=4).map("".join),
    source=st.lists(st.one_of(HOSTILE, st.text(max_size=10)), max_size=4).map("".join),
)
def test_other_reports_titles_and_sources_are_escaped(title: str, source: str) -> None:
    coded = merged_coded()
    later = coded[1]
    coded[1] = dataclasses.replace(
        later, article=dataclasses.replace(later.article, title=title, source=source)
    )
    pages = render_pages(build_report(coded, [], FACTIONS))
    for path in ("articles/a-first.md", "governorates/idlib.md"):
        html = markdown.markdown(pages[path], extensions=["tables", "attr_list"]).lower()
        assert "<script" not in html and "<img" not in html and "javascript:" not in html


# ------------------------------------------------- undated events, reasons, possible duplicates


def explained_coded() -> list[CodedArticle]:
    """The merged Khan Shaykhun strike, plus: an undated report of a Daraa shelling
    (its own event, undated), and two Busra al-Harir reports a day apart that agree
    on place and means but not on the toll (5 and 45): a possible duplicate."""
    coded = merged_coded()
    undated = _article("d_undated", "Shelling in Inkhil", dt.date(2017, 4, 9), "SOHR")
    busra = _article("e_busra", "45 killed in Busra al-Harir", dt.date(2017, 4, 6), "AFP")
    coded.append(
        CodedArticle(
            undated,
            "",
            (
                incident(
                    "d_undated",
                    1,
                    place=Place("Inkhil", "daraa", None, None, "governorate"),
                    means="shelling",
                    killed=Casualties(total=3),
                    evidence="Shelling killed three in Inkhil.",
                ),
            ),
        )
    )
    coded.append(
        CodedArticle(
            busra,
            "",
            (
                incident(
                    "e_busra",
                    1,
                    date=dt.date(2017, 4, 6),
                    date_precision="day",
                    place=Place("Busra al-Harir", "daraa", None, None, "governorate"),
                    means="shelling",
                    killed=Casualties(total=45),
                    evidence="Shelling killed 45 in Busra al-Harir.",
                ),
            ),
        )
    )
    return coded


def test_events_record_why_their_reports_were_merged_and_article_pages_say_it() -> None:
    report = build_report(explained_coded(), [], FACTIONS)
    (event,) = report.by_province["idlib"].events
    (link,) = event.links
    assert (link.incident_id, link.matched) == ("b_later-01", "a_first-01")
    assert [r.text for r in link.reasons] == [
        "same day",
        "same place: Khan Sheikhoun ~ Khan Shaykhun",
        "same means: airstrike",
        "same perpetrator: Syrian government forces",
        "close tolls: 70 ~ 100",
    ]
    pages = render_pages(report)
    reasons = (
        "Merged with this report on: same day; same place: Khan Sheikhoun &#126; Khan Shaykhun; "
        "same means: airstrike; same perpetrator: Syrian government forces; "
        "close tolls: 70 &#126; 100"
    )
    assert f"(Reuters, 2017-04-05): 100 killed. {reasons}" in pages["articles/a-first.md"]
    assert f"(SANA, 2017-04-04): 70 killed. {reasons}" in pages["articles/b-later.md"]
    doc = json.loads(pages["downloads/incidents.json"])
    (merged,) = [e for e in doc["events"] if len(e["reports"]) == 2]
    assert merged["merged_because"][0]["matched"] == "a_first-01"
    assert {s["facet"] for s in merged["merged_because"][0]["shared"]} == {
        "date",
        "place",
        "means",
        "perpetrator",
        "toll",
    }


def test_the_home_page_and_the_chart_say_how_many_events_are_undated() -> None:
    report = build_report(explained_coded(), [], FACTIONS)
    assert report.overall.undated == 1 and report.by_province["daraa"].undated == 1
    (undated,) = [e for e in report.events if e.date is None]
    assert undated.window == (dt.date(2017, 4, 2), dt.date(2017, 4, 9))
    pages = render_pages(report)
    assert "**1** of the 4 events are\nundated" in pages["index.md"]
    assert "| undated (2017-04-02 – 2017-04-09) | Inkhil |" in pages["governorates/daraa.md"]
    assert "1 of them undated" in pages["governorates/daraa.md"]
    alt = deaths_per_month_svg(report).alt
    assert "Not shown: 1 event without a known month (3 killed)." in alt
    doc = json.loads(pages["downloads/incidents.json"])
    assert [e["window"] for e in doc["events"] if e["date"] is None] == [
        ["2017-04-02", "2017-04-09"]
    ]
    # each incident carries the days it may have happened on, dated or not
    windows = {i["id"]: i["window"] for a in doc["articles"] for i in a["incidents"]}
    assert windows["d_undated-01"] == ["2017-04-02", "2017-04-09"]
    assert windows["a_first-01"] == ["2017-04-04", "2017-04-04"]


def test_pairs_that_nearly_merged_are_listed_as_possible_duplicates() -> None:
    report = build_report(explained_coded(), [], FACTIONS)
    (miss,) = report.near_misses
    assert {miss.first_incident, miss.second_incident} == {"c_other-01", "e_busra-01"}
    assert [r.text for r in miss.conflict] == ["tolls 5 / 45"]
    assert "same place: Busra al-Harir" in [r.text for r in miss.agree]
    pages = render_pages(report)
    index = pages["possible-duplicates/index.md"]
    assert "**1** pairs of events." in index and "| [Daraa](daraa.md) | 1 |" in index
    row = next(line for line in pages["possible-duplicates/daraa.md"].splitlines() if "45" in line)
    assert "[Shelling in Daraa](../articles/c-other.md#i-c-other-01)" in row
    assert "[45 killed in Busra al-Harir](../articles/e-busra.md#i-e-busra-01)" in row
    assert row.endswith("| tolls 5 / 45 |")
    doc = json.loads(pages["downloads/incidents.json"])
    assert doc["possible_duplicates"][0]["apart"] == [{"facet": "toll", "text": "tolls 5 / 45"}]
    assert_links_resolve(pages)


def test_with_no_near_miss_the_page_says_so() -> None:
    pages = render_pages(merged_report())
    assert "No pair of events nearly merged." in pages["possible-duplicates/index.md"]
    assert not [
        p
        for p in pages
        if p.startswith("possible-duplicates/") and p != "possible-duplicates/index.md"
    ]
