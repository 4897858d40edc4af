"""The incidents as files to download: ``incidents.csv`` and ``incidents.geojson``.

Both are pure functions of the :class:`~generator.events.totals.Report` and
byte-stable (fixed row order, fixed float rounding, ``\\n`` line ends), so the
files can be committed in ``docs/`` next to the pages and diff cleanly.

CSV (ACLED-style)
-----------------

One row per incident as read from one article, with ACLED's column names
where the meaning is the same (``event_date``, ``actor1``, ``admin1``,
``fatalities``...), so analysts can reuse their ACLED scripts.  Where sitrep
knows less or more than ACLED the column says so in words rather than codes:

* ``time_precision``: ``day | week | month | year | unknown`` (ACLED: 1–3);
* ``geo_precision``: ``place | subdistrict | district | governorate |
  unknown`` (ACLED: 1–3).  ``latitude``/``longitude`` are the best point known:
  the place's own coordinates, else its governorate's centroid (OpenSyria's, the
  point the extractor gives a place known only by its governorate;
  ``geo_precision`` then says ``governorate``), else empty;
* counts are empty when the article does not state them, ``0`` only where it
  says none (ACLED writes 0 for both);
* ``aggregate``: ``true`` for a total an article states over other incidents
  or over a period ("seven soldiers were killed this week").  **Do not sum
  those rows**: they restate the counted rows.  They are listed after every
  counted row, so summing the column down to the first ``true`` gives the
  site's figures; a separate file was considered and rejected, because the
  totals are evidence a reader wants next to the incidents they sum;
* ``merged_event``: incidents from different articles that report one
  real-world event share this id (:func:`generator.events.merge_incidents`);
  the site counts events, so its number of events is the number of distinct
  ``merged_event`` ids.  Summing ``fatalities`` over all counted rows counts
  such an event once per outlet; sum ``event_fatalities`` instead: it holds
  the event's *best* toll (the latest report's) on the one row that toll was
  taken from, and is empty on the event's other rows, so its sum is the
  site's "killed".  Rows stay one per report so that every figure keeps its
  sentence;
* ``event_id`` is the incident id (stable across runs), ``article_id`` the
  article's file name without extension, ``notes`` the sentence(s) the
  incident was read from, verbatim.

Spreadsheet formula injection: article text reaches every text cell, and a
cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return,
which some spreadsheets strip before looking) is run as a formula by Excel,
LibreOffice and Google Sheets when the file is opened — ``=HYPERLINK(...)``
in a faction name would become a live link.  Such cells get a leading ``'``
(OWASP's advice), which spreadsheets hide and a reader of the raw CSV
sees.  A spreadsheet may also split the file on another separator than the
comma (``;`` where the comma is the decimal mark, a tab, ``|``): then
``x;=cmd|' /C calc'!A0`` is two cells, the second a formula.  So every text
cell is quoted, which keeps it one cell whatever the separator, and inside a
text cell every ``,``, ``;``, tab, ``|`` or line break followed by one of
those characters gets the ``'`` after it too, for readers that ignore quotes.
Numeric columns are written unquoted by this module from numbers, never from
text, so they are left alone.

GeoJSON
-------

A FeatureCollection (RFC 7946, WGS84 lon/lat) of the *counted* incidents at
the same best-known point as the CSV; aggregates are left out (a point for a
total over other points would double the map).  Incidents with neither
coordinates nor a governorate cannot be placed and are left out too: the
collection's ``metadata`` member says how many.  Coordinates and every float
are rounded to 5 decimals (~1 m); keys are sorted; one feature per line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from generator.events.merge import Event, merge_incidents
from generator.events.totals import Report
from generator.knowledge.factions import faction_name
from generator.knowledge.governorates import centroids as governorate_centroids
from generator.knowledge.governorates import names as governorate_names
from generator.model import Incident
from generator.pages.urls import Links, site_url

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "injured",
    "civilians_killed",
    "children_killed",
    "women_killed",
    "aggregate",
    "article_id",
    "merged_event",
    "means",
    "attribution",
    "event_fatalities",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SEPARATORS = ",;\t|\n\r"
"""Characters a spreadsheet may split a CSV file on (cells, or rows)."""

_AFTER_SEPARATOR = re.compile(
    f"([{re.escape(SEPARATORS)}])(?=[{re.escape(''.join(FORMULA_STARTS))}])"
)

DECIMALS = 5

UrlOf = Callable[[Incident], str]


def guard_formula(value: str) -> str:
    """``=1+1`` -> ``'=1+1``, ``x;=1+1`` -> ``x;'=1+1``: no part of a text cell that a
    spreadsheet could read as a cell of its own starts a formula, whatever separator
    it splits on (see the module docstring)."""
    value = _AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _ordered(report: Report) -> tuple[list[Incident], list[Incident]]:
    """(counted, aggregates), each chronological: dated first by date, then by
    article id and the incident's position in its article (ids need not sort)."""
    keyed = []
    for coded in report.articles:
        for pos, inc in enumerate(coded.incidents):
            key = (inc.date is None, inc.date.toordinal() if inc.date else 0, inc.article_id, pos)
            keyed.append((key, inc))
    ordered = [inc for _, inc in sorted(keyed, key=lambda kv: kv[0])]
    return [i for i in ordered if not i.aggregate], [i for i in ordered if i.aggregate]


def best_point(incident: Incident) -> tuple[float, float, str] | None:
    """(latitude, longitude, geo_precision) — the place's own coordinates, else its
    governorate's centroid with precision ``governorate``, else None."""
    place = incident.place
    if place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude, place.precision
    if place.province:
        centroid = governorate_centroids().get(place.province)
        if centroid is not None:
            return centroid[0], centroid[1], "governorate"
    return None


def _coord(x: float) -> float:
    value = round(x, DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0"


def _event_index(report: Report, events: Iterable[Event] | None) -> dict[str, Event]:
    """Incident id -> the merged event it reports (the report's own, unless given)."""
    if events is None:
        if report.event_by_incident is not None:
            return dict(report.event_by_incident)
        events = merge_incidents(report.articles, report.factions)
    return {inc.id: e for e in events for inc in e.incidents}


def _counts_event(event: Event | None, incident: Incident) -> bool:
    """Whether this report is the one that stands for its event (its best toll's)."""
    return event is not None and event.counted_report.incident_id == incident.id


def _default_url_of(report: Report) -> UrlOf:
    """Each incident's evidence on its article page, as a URL relative to the site
    root (``articles/<slug>/#i-...``), from the same slugs render uses."""
    links = Links.for_report(report)
    return lambda inc: site_url(links.incident(inc))


def incidents_csv(report: Report, *, events: Iterable[Event] | None = None) -> str:
    """Every incident as one CSV row (``CSV_COLUMNS``), counted rows first, then the
    stated totals flagged ``aggregate=true``; ``\\n`` line ends, UTF-8 text.

    ``events`` (from :func:`generator.events.merge_incidents`) fills
    ``merged_event``; merged here when not given."""
    names = governorate_names()
    event_of = _event_index(report, events)
    counted, aggregates = _ordered(report)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(CSV_COLUMNS)
    # Text quoted, numbers not: a quoted cell stays one cell whatever the separator.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for inc in (*counted, *aggregates):
        article = report.article_of(inc).article
        point = best_point(inc)
        source = ": ".join(s for s in (article.source, article.title) if s)
        event = event_of.get(inc.id)
        text = {
            "event_id": inc.id,
            "event_date": inc.date.isoformat() if inc.date else "",
            "time_precision": inc.date_precision,
            "event_type": inc.event_type,
            "sub_event_type": inc.sub_event_type,
            "actor1": faction_name(inc.perpetrator, report.factions, none=""),
            "actor2": faction_name(inc.target, report.factions, none=""),
            "admin1": names.get(inc.place.province, "") if inc.place.province else "",
            "location": inc.place.name or "",
            "geo_precision": point[2] if point else "unknown",
            "source": source,
            "notes": inc.evidence,
            "aggregate": "true" if inc.aggregate else "false",
            "article_id": inc.article_id,
            "merged_event": event.id if event else "",
            "means": inc.means,
            "attribution": inc.attribution or "",
        }
        numbers: dict[str, float | int | None] = {
            "latitude": _coord(point[0]) if point else None,
            "longitude": _coord(point[1]) if point else None,
            "fatalities": inc.killed.best_total,
            "injured": inc.injured.best_total,
            "civilians_killed": inc.killed.civilians,
            "children_killed": inc.killed.children,
            "women_killed": inc.killed.women,
            "event_fatalities": (
                event.killed_best if event is not None and _counts_event(event, inc) else None
            ),
        }
        row: dict[str, str | float | int | None] = {
            k: guard_formula(v) for k, v in text.items()
        } | numbers
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def incidents_geojson(
    report: Report,
    *,
    url_of: UrlOf | None = None,
    events: Iterable[Event] | None = None,
) -> str:
    """The counted incidents as a GeoJSON FeatureCollection, one point each (see the
    module docstring for which point and what is left out).

    ``url_of`` maps an incident to the URL of its evidence, relative to the site
    root; by default the article page render writes (``articles/<slug>/#i-...``)."""
    url = url_of or _default_url_of(report)
    event_of = _event_index(report, events)
    names = governorate_names()
    counted, aggregates = _ordered(report)
    features: list[dict[str, Any]] = []
    unlocated = 0
    for inc in counted:
        point = best_point(inc)
        if point is None:
            unlocated += 1
            continue
        lat, lon, precision = point
        perpetrator = report.factions.get(inc.perpetrator) if inc.perpetrator else None
        event = event_of.get(inc.id)
        counts = _counts_event(event, inc)
        properties = {
            "id": inc.id,
            "date": inc.date.isoformat() if inc.date else None,
            "date_precision": inc.date_precision,
            "province": inc.place.province,
            "province_name": names.get(inc.place.province) if inc.place.province else None,
            "place": inc.place.name,
            "geo_precision": precision,
            "killed": inc.killed.best_total,
            "civilians_killed": inc.killed.civilians,
            "injured": inc.injured.best_total,
            "event_type": inc.event_type,
            "means": inc.means,
            "perpetrator": inc.perpetrator,
            "perpetrator_name": faction_name(inc.perpetrator, report.factions, none="") or None,
            "perpetrator_bloc": perpetrator.bloc if perpetrator else None,
            "target": inc.target,
            "target_name": faction_name(inc.target, report.factions, none="") or None,
            "article": inc.article_id,
            "merged_event": event.id if event else None,
            "event_reports": len(event.reports) if event else None,
            "counts_event": counts,
            "event_killed": event.killed_best if event and counts else None,
            "url": url(inc),
        }
        features.append(
            {
                "type": "Feature",
                "id": inc.id,
                "geometry": {"type": "Point", "coordinates": [_coord(lon), _coord(lat)]},
                "properties": properties,
            }
        )
    metadata = {
        "counted_incidents": len(counted),
        "events": len({e.id for e in event_of.values()}),
        "located": len(features),
        "unlocated": unlocated,
        "aggregates_left_out": len(aggregates),
        "note": "Counted incidents only; stated totals (aggregates) are in incidents.csv. "
        "Reports of one event by several articles share merged_event; to count events, "
        "keep the features with counts_event true, whose event_killed is the event's toll.",
    }

    def dump(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    lines = ['{"type":"FeatureCollection",', f'"metadata":{dump(metadata)},', '"features":[']
    lines.append(",\n".join(dump(f) for f in features))
    lines.append("]}")
    return "\n".join(lines) + "\n"
