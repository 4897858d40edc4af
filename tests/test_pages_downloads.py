"""incidents.csv and incidents.geojson: columns, order, aggregates, locations, safety."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

from generator import __version__
from generator.events.totals import build_report
from generator.extract import place_for_province
from generator.knowledge.governorates import centroids as governorate_centroids
from generator.model import Casualties, CodedArticle, Faction, Place
from generator.pages.downloads import (
    CSV_COLUMNS,
    EVENT_COLUMNS,
    FORMULA_STARTS,
    STATED_COLUMNS,
    events_csv,
    guard_formula,
    incidents_csv,
    incidents_geojson,
    snapshot,
    stated_totals_csv,
)
from tests.helpers import FACTIONS, incident, sample_coded, sample_problems


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_the_header_and_one_row_per_report(report):
    text = incidents_csv(report)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "\r" not in text and text.endswith("\n")
    data = rows(text)
    assert [r["event_id"] for r in data] == ["001_clashes-01", "001_clashes-02", "002_daraa-01"]


def test_stated_totals_have_a_file_of_their_own_and_the_reports_sum_to_the_site(report):
    """The stated total was a row of incidents.csv flagged aggregate: a sum of the
    column without the filter counted it. Now no row of incidents.csv is one."""
    data = rows(incidents_csv(report))
    assert "aggregate" not in data[0]
    events = sum(int(r["event_fatalities"] or 0) for r in data)
    assert events == report.overall.killed == 9
    (stated,) = rows(stated_totals_csv(report))
    assert stated["event_id"] == "001_clashes-03" and stated["fatalities"] == "7"
    assert list(stated) == [c.name for c in STATED_COLUMNS]


def test_csv_columns_carry_the_incident_with_acleds_codes(report):
    first, second, daraa = rows(incidents_csv(report))
    assert first["event_date"] == "2020-07-31" and first["time_precision"] == "1"
    assert first["date_precision"] == "day" and first["year"] == "2020"
    assert first["actor1"] == "" and first["actor2"] == "Syrian government forces"
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("", "1", "")
    assert second["actor1"] == "Hay'at Tahrir al-Sham" and second["inter1"] == "2"
    assert second["interaction"] == "12"
    assert (first["iso"], first["country"], first["region"]) == ("760", "Syria", "Middle East")
    assert first["admin1"] == "Idlib" and first["location"] == "Jabal al-Zawiya"
    assert first["admin2"] == "Ariha"  # the nearest subdistrict centre's district
    assert (first["latitude"], first["longitude"], first["geo_precision"]) == ("35.7", "36.5", "1")
    assert first["place_precision"] == "place"
    assert first["source"].startswith("The New Arab: Seven soldiers killed")
    assert first["notes"] == "A regime officer and two soldiers were killed after a mine exploded."
    assert (first["fatalities"], first["injured"], first["civilians_killed"]) == ("3", "3", "")
    assert daraa["injured"] == "" and daraa["source"] == "# Gunmen attack *Al-Fatatra*"
    assert first["merged_event"].startswith("ev-") and first["means"] == "ied"
    assert first["attribution"] == "SOHR" and first["source_kind"] == "independent monitor"
    assert first["grade"] == "single source" and first["corrections"] == ""


OLD_INCIDENT_COLUMNS = [
    "event_id",
    "event_date",
    "year",
    "time_precision",
    "date_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "place_precision",
    "source",
    "notes",
    "fatalities",
    "injured",
    "civilians_killed",
    "combatants_killed",
    "children_killed",
    "women_killed",
    "article_id",
    "merged_event",
    "event_fatalities",
    "grade",
    "means",
    "attribution",
    "source_kind",
    "corrections",
]


def test_incidents_csv_carries_the_range_and_how_the_attacker_is_known():
    """ "four to six civilians" -> fatalities 4, low 4, high 6; a barrel bomb's attacker
    imputed by convention says so. The columns are added after the old ones, which
    keep their places (extend, never break)."""
    assert list(CSV_COLUMNS[: len(OLD_INCIDENT_COLUMNS)]) == OLD_INCIDENT_COLUMNS
    assert CSV_COLUMNS[len(OLD_INCIDENT_COLUMNS) :] == ("low", "high", "perpetrator_basis")
    art = sample_coded()[0].article
    ranged = incident(
        art.id,
        1,
        perpetrator="syrian-government",
        perpetrator_basis="imputed",
        place=Place("Saraqib", "idlib"),
        killed=Casualties(total=4, civilians=4, low=4, high=6),
    )
    single = replace(
        ranged, id=f"{art.id}-02", killed=Casualties(total=5), place=Place("Hama", "hama")
    )
    stated = replace(single, id=f"{art.id}-03", perpetrator_basis="stated", perpetrator="hts")
    unknown = replace(single, id=f"{art.id}-04", perpetrator=None, perpetrator_basis=None)
    unknown = replace(unknown, killed=Casualties(), place=Place("Homs", "homs"))
    coded = [CodedArticle(art, "", (ranged, single, stated, unknown))]
    by_id = {r["event_id"]: r for r in rows(incidents_csv(build_report(coded, [], FACTIONS)))}
    cells = [
        [by_id[f"{art.id}-0{n}"][k] for k in ("fatalities", "low", "high", "perpetrator_basis")]
        for n in (1, 2, 3, 4)
    ]
    assert cells == [
        ["4", "4", "6", "imputed"], ["5", "5", "5", "imputed"], ["5", "5", "5", "stated"],
        ["", "", "", ""],
    ]  # fmt: skip


def test_place_without_coordinates_falls_back_to_the_governorate_centroid(report):
    """The centroid the extractor gives a place known only by its governorate
    (OpenSyria's), not the centre of the map's outline (Daraa 32.850 / 36.217, where
    the outline's is 32.850 / 36.209)."""
    daraa = rows(incidents_csv(report))[2]
    extracted = place_for_province("daraa")
    assert (float(daraa["latitude"]), float(daraa["longitude"])) == (32.85, 36.21667)
    assert (extracted.latitude, extracted.longitude) == (32.85, 36.21667)
    assert daraa["geo_precision"] == "3" and daraa["place_precision"] == "governorate"
    assert daraa["admin2"] == ""  # known only to its governorate: no district


def test_events_csv_has_one_row_per_event_that_sums_to_the_site(report):
    data = rows(events_csv(report))
    assert list(data[0]) == [c.name for c in EVENT_COLUMNS]
    assert len(data) == len(report.events)
    assert sum(int(r["best"] or 0) for r in data) == report.overall.killed
    for r in data:
        split = [int(r[k]) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")]
        assert sum(split) == int(r["best"])
        assert int(r["low"]) <= int(r["best"]) <= int(r["high"])
        assert r["reports"] == "1" and r["grade"] in ("single source", "claim only")
        assert r["url"].startswith("articles/")


def test_events_csv_splits_the_dead_as_ucdp_does():
    """A one-sided attack on a faction: its combatants are side B's dead, civilians
    apart, the rest unknown; in a battle both sides die, so no side B count."""
    art = sample_coded()[0].article
    attack = incident(
        art.id,
        1,
        perpetrator="hts",
        target="syrian-government",
        event_type="explosions-remote-violence",
        killed=Casualties(total=10, civilians=2, combatants=6),
        place=Place("Saraqib", "idlib"),
    )
    battle = replace(attack, id=f"{art.id}-02", event_type="battle", place=Place("Hama", "hama"))
    report = build_report([CodedArticle(art, "", (attack, battle))], [], FACTIONS)
    by_place = {r["location"]: r for r in rows(events_csv(report))}
    deaths = ("side_a", "side_b", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    assert [by_place["Saraqib"][k] for k in deaths] == [
        "Hay'at Tahrir al-Sham", "Syrian government forces", "0", "6", "2", "2",
    ]  # fmt: skip
    assert [by_place["Hama"][k] for k in deaths[2:]] == ["0", "0", "2", "8"]


def test_snapshot_is_derived_from_the_data_never_the_clock(report):
    snap = snapshot(report)
    assert snap == {
        "sitrep_version": __version__,
        "articles": 2,
        "events": len(report.events),
        "reports": report.overall.reports,
        "corrections": 0,
        "data_as_of": "2023-04-07",  # the newest publication date
    }
    empty = build_report([], [], FACTIONS)
    assert snapshot(empty)["data_as_of"] is None


def test_formula_injection_is_neutralised():
    assert [guard_formula(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok", "")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "ok", "",
    ]  # fmt: skip
    coded = sample_coded()
    art = coded[1].article
    evil = incident(
        art.id,
        1,
        perpetrator="evil",
        place=Place("@cmd|' /C calc'!A0", "daraa"),
        killed=Casualties(total=2),
        attribution='+HYPERLINK("http://x")',
        evidence="-2+3 people were killed",
    )
    factions = dict(FACTIONS, evil=Faction("evil", '=HYPERLINK("http://evil","click")', "unknown"))
    report = build_report([CodedArticle(art, "", (evil,))], [], factions)
    (row,) = rows(incidents_csv(report))
    assert row["actor1"] == '\'=HYPERLINK("http://evil","click")'
    assert row["location"] == "'@cmd|' /C calc'!A0"
    assert row["notes"] == "'-2+3 people were killed"
    assert row["attribution"].startswith("'+")
    assert row["fatalities"] == "2"  # numbers untouched


def test_geojson_has_counted_incidents_at_their_best_point(report):
    doc = json.loads(incidents_geojson(report))
    assert doc["type"] == "FeatureCollection"
    features = doc["features"]
    assert [f["id"] for f in features] == ["001_clashes-01", "001_clashes-02", "002_daraa-01"]
    assert doc["metadata"]["aggregates_left_out"] == 1 and doc["metadata"]["unlocated"] == 0
    jabal = features[0]
    assert jabal["geometry"] == {"type": "Point", "coordinates": [36.5, 35.7]}
    assert jabal["properties"]["geo_precision"] == "place"
    daraa = features[2]
    lat, lon = governorate_centroids()["daraa"]
    assert daraa["geometry"]["coordinates"] == [lon, lat]
    props = daraa["properties"]
    assert props["geo_precision"] == "governorate" and props["place"] == "Al-Fatatra"
    assert props["killed"] == 2 and props["injured"] is None
    assert props["perpetrator"] == "unidentified" and props["perpetrator_bloc"] == "unknown"
    assert props["target"] == "syrian-government" and props["means"] == "gunfire"
    assert props["url"] == "articles/002-daraa/#i-002-daraa-01"
    assert props["article"] == "002_daraa" and props["date"] == "2023-04-06"


def test_geojson_leaves_out_what_cannot_be_placed_and_says_so():
    art = sample_coded()[0].article
    nowhere = incident(art.id, 1, killed=Casualties(total=1))
    doc = json.loads(
        incidents_geojson(build_report([CodedArticle(art, "", (nowhere,))], [], FACTIONS))
    )
    assert doc["features"] == []
    assert doc["metadata"]["unlocated"] == 1 and doc["metadata"]["counted_incidents"] == 1


def test_geojson_url_can_be_given(report):
    doc = json.loads(incidents_geojson(report, url_of=lambda inc: f"https://x.org/{inc.id}"))
    assert doc["features"][0]["properties"]["url"] == "https://x.org/001_clashes-01"


def test_both_files_are_byte_stable_whatever_the_input_order(report):
    again = build_report(list(reversed(sample_coded())), sample_problems(), FACTIONS)
    assert incidents_csv(report) == incidents_csv(again) == incidents_csv(report)
    assert incidents_geojson(report) == incidents_geojson(again)
    assert events_csv(report) == events_csv(again)
    assert stated_totals_csv(report) == stated_totals_csv(again)
    assert "stated_totals.csv" in json.loads(incidents_geojson(report))["metadata"]["note"]
    geo = incidents_geojson(report)
    assert geo.endswith("]}\n") and len(geo.splitlines()) == 3 + 3 + 1  # a feature per line


def test_empty_report_gives_a_header_and_an_empty_collection():
    empty = build_report([], [], FACTIONS)
    assert incidents_csv(empty) == ",".join(CSV_COLUMNS) + "\n"
    doc = json.loads(incidents_geojson(empty))
    assert doc["features"] == [] and doc["metadata"]["counted_incidents"] == 0


PAYLOADS = [
    "x;=cmd|' /C calc'!A0",
    "x,=1+1",
    "x\t@SUM(A1)",
    "x|+1",
    "x;-2+3",
    "x;\t=1+1",
    "x;\r=1+1",
    "x\n=1+1",
    "=1+1",
]


def test_guard_covers_a_formula_after_any_separator():
    assert guard_formula("x;=cmd|' /C calc'!A0") == "x;'=cmd|' /C calc'!A0"
    assert guard_formula("x;\t=1") == "x;'\t'=1"
    assert guard_formula("Al-Fatatra, -3 C; a@b.c") == "Al-Fatatra, -3 C; a@b.c"  # prose kept


def test_no_cell_starts_a_formula_whatever_the_separator():
    """A cell like x;=cmd|' /C calc'!A0 was guarded for ','-separated reading only:
    opened with ';' as the separator, its second half ran as a formula. Read here the
    crudest way (quotes ignored, split on the separator and on line breaks)."""
    art = sample_coded()[0].article
    incs = tuple(
        incident(art.id, n, place=Place(p, "homs"), attribution=p, evidence=p)
        for n, p in enumerate(PAYLOADS, start=1)
    )
    factions = dict(FACTIONS, evil=Faction("evil", "x;=HYPERLINK(1)", "unknown"))
    hostile = build_report([CodedArticle(art, "", incs)], [], factions)
    text = incidents_csv(hostile)
    stated = replace(incs[0], id=f"{art.id}-99", aggregate=True)
    totals = build_report([CodedArticle(art, "", (*incs, stated))], [], factions)
    for file in (text, events_csv(hostile), stated_totals_csv(totals)):
        assert file.count("\n") > 1
        for separator in (",", ";", "\t", "|"):
            for line in re.split(r"\r\n|\r|\n", file):
                for cell in line.split(separator):
                    assert not cell.lstrip('"').startswith(FORMULA_STARTS), (separator, cell)
    first = rows(text)[0]  # read back as CSV: each payload one cell, guarded
    assert first["notes"] == "x;'=cmd|' /C calc'!A0" and first["location"] == first["notes"]


def test_multiline_and_quoted_evidence_round_trips():
    art = sample_coded()[0].article
    inc = incident(
        art.id, 1, evidence='He said "they fired",\nthen left.', place=Place(None, "homs")
    )
    report = build_report([CodedArticle(art, "", (inc,))], [], FACTIONS)
    (row,) = rows(incidents_csv(report))
    assert row["notes"] == 'He said "they fired",\nthen left.'
