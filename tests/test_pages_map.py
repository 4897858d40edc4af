"""The governorate map: outlines data, links, colours, highlight, points, stability."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from generator.events.totals import build_report
from generator.knowledge.governorates import admin1_codes
from generator.model import PROVINCES, Casualties, CodedArticle, Place
from generator.pages.map import (
    CLASS_COLOURS,
    UNDOF,
    UNDOF_COLOUR,
    ZERO_COLOUR,
    choropleth_svg,
    class_labels,
    colour_class,
    outline_centres,
    outlines,
    point_in_rings,
)
from tests.helpers import FACTIONS, incident, sample_coded, sample_problems

SVG = "{http://www.w3.org/2000/svg}"


def dots(root: ET.Element) -> list[ET.Element]:
    """The incident dots (the circles with a tooltip; not Damascus's hit area)."""
    return [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]


def links(svg: str) -> dict[str, ET.Element]:
    """href -> the <a> element."""
    root = ET.fromstring(svg)
    return {a.get("href"): a for a in root.iter(f"{SVG}a")}


def test_outline_data_has_the_fourteen_governorates_and_the_undof_zone():
    doc = json.loads(
        resources.files("generator.data").joinpath("syria-governorates.geojson").read_text("utf-8")
    )
    codes = sorted(f["properties"]["gn_a1_code"] for f in doc["features"])
    assert codes == sorted([*admin1_codes(), UNDOF])
    assert "Natural Earth" in doc["attribution"]
    assert {o.province for o in outlines()} == {*PROVINCES, None}


def test_outline_centres_lie_inside_their_governorate():
    centroids = outline_centres()
    assert list(centroids) == list(PROVINCES)
    by_province = {o.province: o for o in outlines() if o.province}
    for province, (lat, lon) in centroids.items():
        assert 32 < lat < 37.5 and 35.5 < lon < 42.5
        assert point_in_rings(lon, lat, by_province[province].rings), province
    # and not inside some other governorate (Damascus lies within Rif Dimashq's hull)
    lat, lon = centroids["daraa"]
    assert not point_in_rings(lon, lat, by_province["as-suwayda"].rings)


def test_every_governorate_is_a_link_and_undof_is_not(report):
    svg = choropleth_svg(report)
    found = links(svg)
    assert sorted(found) == sorted(f"governorates/{p}/" for p in PROVINCES)
    root = ET.fromstring(svg)
    undof = [p for p in root.iter(f"{SVG}path") if p.get("fill") == UNDOF_COLOUR]
    assert len(undof) == 1
    assert all(undof[0] not in list(a) for a in found.values())


@pytest.mark.parametrize("prefix", ["", "../", "../../"])
def test_governorate_links_go_through_the_pages_link_prefix(prefix, report):
    hrefs = links(choropleth_svg(report, link_prefix=prefix))
    assert f"{prefix}governorates/idlib/" in hrefs


def test_tooltips_and_colours_follow_the_counted_deaths(report):
    found = links(choropleth_svg(report))
    idlib = found["governorates/idlib/"]
    assert idlib.find(f"{SVG}title").text == "Idlib: 7 killed in 2 events"  # not the 7 stated
    assert idlib.find(f"{SVG}path").get("fill") == CLASS_COLOURS[0]
    daraa = found["governorates/daraa/"]
    assert daraa.find(f"{SVG}title").text == "Daraa: 2 killed in 1 event"
    homs = found["governorates/homs/"]
    assert homs.find(f"{SVG}title").text == "Homs: 0 killed in 0 events"
    assert homs.find(f"{SVG}path").get("fill") == ZERO_COLOUR


def test_colour_classes():
    values = (0, 1, 9, 10, 49, 50, 199, 200, 999, 1000, 4999, 5000, 10**6)
    assert [colour_class(n) for n in values] == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    assert class_labels() == [
        "0", "1–9", "10–49", "50–199", "200–999", "1,000–4,999", "5,000+",
    ]  # fmt: skip
    assert len(CLASS_COLOURS) == len(class_labels()) - 1


def test_damascus_is_drawn_after_rif_dimashq_with_a_wider_target(report):
    found = links(choropleth_svg(report))
    order = list(found)
    assert order.index("governorates/damascus/") == len(order) - 1
    assert order.index("governorates/rif-dimashq/") < order.index("governorates/damascus/")
    hit = found["governorates/damascus/"].find(f"{SVG}circle")
    assert hit is not None and hit.get("fill-opacity") == "0"


def test_highlight_draws_a_thick_outline_on_top(report):
    root = ET.fromstring(choropleth_svg(report, highlight="rif-dimashq"))
    outlined = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(outlined) == 1 and float(outlined[0].get("stroke-width")) > 2
    rif = links(choropleth_svg(report))["governorates/rif-dimashq/"].find(f"{SVG}path")
    assert outlined[0].get("d") == rif.get("d")
    assert "Rif Dimashq is outlined" in root.find(f"{SVG}desc").text
    with pytest.raises(ValueError):
        choropleth_svg(report, highlight="atlantis")


def test_only_events_at_a_known_place_become_dots(report):
    root = ET.fromstring(choropleth_svg(report))
    circles = dots(root)
    # two events (one article's: never merged) at Jabal al-Zawiya share one dot;
    # Al-Fatatra has no coordinates
    assert len(circles) == 1
    assert circles[0].find(f"{SVG}title").text == "Jabal al-Zawiya: 2 events, 7 killed"


def test_empty_report_draws_a_blank_map():
    svg = choropleth_svg(build_report([], [], FACTIONS))
    root = ET.fromstring(svg)
    assert len(links(svg)) == 14
    assert "no deaths recorded" in root.find(f"{SVG}desc").text
    assert not dots(root)


def test_hostile_place_names_and_prefixes_are_escaped():
    art = sample_coded()[0].article
    evil = Place('<script>alert(1)</script> & "x"\x07', "idlib", 35.9, 36.6, "place")
    coded = CodedArticle(art, "", (incident(art.id, 1, place=evil, killed=Casualties(total=1)),))
    svg = choropleth_svg(build_report([coded], [], FACTIONS), link_prefix='"><script>')
    root = ET.fromstring(svg)  # still well-formed
    assert "<script" not in svg
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    title = dots(root)[0].find(f"{SVG}title").text
    assert title == '<script>alert(1)</script> & "x": 1 event, 1 killed'


def test_same_report_gives_the_same_bytes(report):
    again = build_report(list(reversed(sample_coded())), sample_problems(), FACTIONS)
    first = choropleth_svg(report, highlight="idlib", link_prefix="../../")
    assert first == choropleth_svg(again, highlight="idlib", link_prefix="../../")
    assert "\n\n" not in first
    # fixed formatting: at most one decimal, no exponent, no "-0"
    for d in re.findall(r' d="([^"]+)"', first):
        for number in re.findall(r"[^MLZ ]+", d):
            assert re.fullmatch(r"(0|[1-9]\d*)(\.\d)?", number), number
