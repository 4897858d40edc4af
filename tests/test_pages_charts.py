"""SVG charts: well-formed, accessible, drawn from the right numbers, byte-stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.events.totals import build_report
from generator.model import PROVINCES, Casualties, CodedArticle, Faction, Place
from generator.pages.charts import (
    BLOC_COLOURS,
    Chart,
    all_charts,
    deaths_by_governorate_svg,
    deaths_per_month_svg,
    events_by_means_svg,
    figure_html,
    nice_ticks,
)
from generator.pages.svg import num, svg_attr, svg_text
from tests.helpers import FACTIONS, incident, sample_coded, sample_problems

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_every_chart_is_well_formed_and_labelled(report):
    for chart in all_charts(report):
        root = parse(chart)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == chart.title
        assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text.startswith(chart.alt)
        assert "\n\n" not in chart.svg, "a blank line would end the raw-HTML block in Markdown"


def test_chart_ids_differ_between_charts(report):
    ids = [el.get("id") for c in all_charts(report) for el in parse(c).iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def test_deaths_per_month_fills_gaps_and_stacks_by_bloc(report):
    chart = deaths_per_month_svg(report)
    header, *rows = chart.table
    assert header == ("Month", "HTS / al-Nusra", "Unknown or not stated", "Total")
    # 2020-07 .. 2023-04: every month, the empty ones too
    assert [r[0] for r in rows][:2] == ["2020-07", "2020-08"]
    assert rows[-1][0] == "2023-04" and len(rows) == 34
    assert rows[0] == ("2020-07", 4, 3, 7)  # HTS 4; the mine (no perpetrator) 3
    assert rows[-1] == ("2023-04", 0, 2, 2)  # "unidentified" is in the unknown bloc
    assert sum(r[-1] for r in rows) == report.overall.killed == 9
    fills = [r.get("fill") for r in parse(chart).iter(f"{SVG}rect")]
    assert fills.count(BLOC_COLOURS["hts-nusra"]) == 1 + 1  # the bar and its legend swatch
    assert "2020-07" in chart.alt and "9 killed" in chart.alt


def test_aggregates_are_never_charted(report):
    # the stated total of 7 in 001_clashes would make 2020-07 read 14
    assert deaths_per_month_svg(report).table[1][-1] == 7
    assert deaths_by_governorate_svg(report).table[1] == ("Idlib", 2, 7)


def test_deaths_by_governorate_shows_all_fourteen_most_first(report):
    chart = deaths_by_governorate_svg(report)
    header, *rows = chart.table
    assert header == ("Governorate", "Events", "Killed")
    assert len(rows) == len(PROVINCES) == 14
    assert rows[0] == ("Idlib", 2, 7) and rows[1] == ("Daraa", 1, 2)
    labels = [t.text for t in parse(chart).iter(f"{SVG}text")]
    assert "Al-Hasakah" in labels and "Rif Dimashq" in labels
    assert chart.alt.endswith("most in Idlib (7).")


def test_events_by_means_counts_events_not_deaths(report):
    header, *rows = events_by_means_svg(report).table
    assert rows == [("Gunfire", 2, 6), ("IED or mine", 1, 3)]


def test_same_report_gives_the_same_bytes_whatever_the_input_order(report):
    again = build_report(list(reversed(sample_coded())), sample_problems(), FACTIONS)
    assert [c.svg for c in all_charts(report)] == [c.svg for c in all_charts(again)]
    assert all_charts(report) == all_charts(report)


def test_empty_report_draws_no_data():
    empty = build_report([], [], FACTIONS)
    for chart in all_charts(empty):
        root = parse(chart)
        assert "No data" in [t.text for t in root.iter(f"{SVG}text")]
        assert chart.table == ()


def test_incidents_without_tolls_do_not_break_the_scale():
    art = sample_coded()[1].article
    coded = CodedArticle(
        art, "", (incident(art.id, 1, date=dt.date(2020, 1, 5), date_precision="day"),)
    )
    chart = deaths_per_month_svg(build_report([coded], [], FACTIONS))
    parse(chart)
    assert chart.table == (("Month", "Total"), ("2020-01", 0))
    assert chart.alt == "Deaths per month, 2020-01: 0 killed."


def test_hostile_labels_are_escaped_and_cleaned():
    hostile = 'Evil <script>alert("x")</script> & \x00\u202econ'
    assert svg_text(hostile) == 'Evil &lt;script&gt;alert("x")&lt;/script&gt; &amp; con'
    assert svg_attr('a"b') == "a&quot;b"
    # a faction whose bloc is not a known bloc falls back to "unknown", never to raw text
    factions = dict(FACTIONS, hts=Faction("hts", "<b>HTS</b>", "<i>bloc</i>"))
    coded = sample_coded()
    chart = deaths_per_month_svg(build_report(coded, [], factions))
    assert "<b>" not in chart.svg and "<i>" not in chart.svg
    assert chart.table[1] == ("2020-07", 7, 7)


def test_many_months_label_years_only():
    art = sample_coded()[1].article
    incs = tuple(
        incident(
            art.id,
            n,
            date=dt.date(2012 + n // 12, n % 12 + 1, 1),
            date_precision="day",
            place=Place(None, "homs"),
            killed=Casualties(total=n),
        )
        for n in range(120)
    )
    chart = deaths_per_month_svg(build_report([CodedArticle(art, "", incs)], [], FACTIONS))
    labels = [t.text for t in parse(chart).iter(f"{SVG}text")]
    assert {"2012", "2016", "2021"} <= set(labels)
    assert "2012-02" not in labels


def test_figure_html_is_a_block_markdown_leaves_alone(report):
    chart = events_by_means_svg(report)
    html = figure_html(chart)
    assert html.startswith('<figure class="sitrep-figure">\n<svg ')
    assert html.endswith(f"<figcaption>{chart.alt}</figcaption>\n</figure>")
    ET.fromstring(html)  # still one well-formed element
    bare = figure_html(chart.svg)
    assert bare == f'<figure class="sitrep-figure">\n{chart.svg}\n</figure>'
    assert "figcaption" not in figure_html(chart, caption="")


@pytest.mark.parametrize(
    ("top", "expected"),
    [(0, [0, 1]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]), (100, [0, 50, 100]), (101, [0, 50, 100, 150])],
)
def test_nice_ticks(top, expected):
    assert nice_ticks(top) == expected


def test_num_is_fixed_and_has_no_negative_zero():
    assert [num(1.0), num(1.25), num(-0.04), num(12.345)] == ["1", "1.2", "0", "12.3"]


def test_chart_is_frozen(report):
    chart = events_by_means_svg(report)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.title = "x"  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_label_stays_well_formed_xml(label):
    root = ET.fromstring(f'<t a="{svg_attr(label)}">{svg_text(label)}</t>')
    text = root.text or ""
    assert root.get("a") == text  # attribute and text escape the same characters
    assert text == text.strip() and "\n" not in text  # one line
    assert set(text) <= set(label) | {" "}  # nothing added, only removed or collapsed


def test_charts_of_one_total_draw_only_its_events(report):
    hts = report.by_perpetrator["hts"]
    month, governorate, means = all_charts(report, hts)
    assert month.table == (("Month", "HTS / al-Nusra", "Total"), ("2020-07", 4, 4))
    assert governorate.table[1] == ("Idlib", 1, 4) and governorate.table[2] == ("Aleppo", 0, 0)
    assert means.table == (("Means", "Events", "Killed"), ("Gunfire", 1, 4))
    assert means.alt == "Events by means: 1 event, most by gunfire (1)."
    empty = all_charts(report, report.by_province["homs"])
    assert all(c.table == () for c in empty)
