"""The data as files to download: ``events.csv``, ``incidents.csv``,
``stated_totals.csv`` and ``incidents.geojson``, and the snapshot a user cites.

All are pure functions of the :class:`~generator.events.totals.Report` and
byte-stable (fixed row order, fixed float rounding, ``\\n`` line ends), so the
files can be committed in ``docs/`` next to the pages and diff cleanly.

CSV (ACLED- and UCDP-style)
---------------------------

Three files, each safe to sum down its number columns:

* ``events.csv`` — one row per event, counted once: the best, lowest and highest
  toll of its reports, the dead split as UCDP splits them (side A, side B,
  civilians, unknown), how many reports and sources, and its grade. Summing
  ``best`` gives the site's "killed".
* ``incidents.csv`` — one row per report (an incident read from one article), so
  every figure keeps its sentence (``notes``). Several outlets' reports of one
  event share ``merged_event``: sum ``event_fatalities`` (the event's best toll,
  on the one row it was taken from), never ``fatalities``, to count each event
  once.
* ``stated_totals.csv`` — the totals articles state over other incidents or a
  period ("seven soldiers were killed this week"): evidence, **never to be
  added** to the other two (they restate them). They were rows of
  ``incidents.csv`` marked ``aggregate``; a file of their own cannot be summed
  by mistake.

Columns take ACLED's names and codes where ACLED has the same thing
(``event_date``, ``year``, ``time_precision`` 1–3, ``event_type`` and
``sub_event_type`` in ACLED's words, ``actor1``/``actor2`` with their
``inter1``/``inter2`` actor types and ``interaction``, ``iso`` 760,
``admin1``/``admin2``, ``geo_precision`` 1–3, ``fatalities``; the codes are
data, ``generator/data/acled.yaml``), UCDP's for what UCDP has (``best``,
``low``, ``high``, ``deaths_a`` ...), and plain words for the rest
(``date_precision``, ``place_precision``, ``grade``). Counts are empty when
the article does not state them, ``0`` only where it says none (ACLED writes 0
for both). What every column means is :data:`INCIDENT_COLUMNS`,
:data:`EVENT_COLUMNS` and :data:`STATED_COLUMNS`, printed on the site's data
dictionary page, so the page cannot drift from the files.

Spreadsheet formula injection: article text reaches every text cell, and a
cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return,
which some spreadsheets strip before looking) is run as a formula by Excel,
LibreOffice and Google Sheets when the file is opened — ``=HYPERLINK(...)``
in a faction name would become a live link.  Such cells get a leading ``'``
(OWASP's advice), which spreadsheets hide and a reader of the raw CSV
sees.  A spreadsheet may also split the file on another separator than the
comma (``;`` where the comma is the decimal mark, a tab, ``|``): then
``x;=cmd|' /C calc'!A0`` is two cells, the second a formula.  So every text
cell of every file is quoted (:func:`write_csv`), which keeps it one cell
whatever the separator, and inside a text cell every ``,``, ``;``, tab, ``|``
or line break followed by one of those characters gets the ``'`` after it too,
for readers that ignore quotes. Numeric columns are written unquoted from
numbers, never from text, so they are left alone.

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
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator import __version__
from generator.contract import Keep, Keyed, Record, contract_items
from generator.events.corrections import Change
from generator.events.merge import Event, best_toll, merge_incidents
from generator.events.totals import Report
from generator.knowledge import acled
from generator.knowledge.districts import district_of
from generator.knowledge.factions import CIVILIANS, faction_name
from generator.knowledge.governorates import centroids as governorate_centroids
from generator.knowledge.governorates import names as governorate_names
from generator.model import Incident, Place
from generator.pages.labels import event_type_name
from generator.pages.urls import Links, site_url

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SEPARATORS = ",;\t|\n\r"
"""Characters a spreadsheet may split a CSV file on (cells, or rows)."""

_AFTER_SEPARATOR = re.compile(
    f"([{re.escape(SEPARATORS)}])(?=[{re.escape(''.join(FORMULA_STARTS))}])"
)

DECIMALS = 5

UrlOf = Callable[[Incident], str]
Cell = str | int | float | None
"""A CSV cell: text (quoted and guarded), a number (unquoted) or None (empty)."""


def guard_formula(value: str) -> str:
    """``=1+1`` -> ``'=1+1``, ``x;=1+1`` -> ``x;'=1+1``: no part of a text cell that a
    spreadsheet could read as a cell of its own starts a formula, whatever separator
    it splits on (see the module docstring)."""
    if _AFTER_SEPARATOR.search(value):  # rare: the search alone skips sub()'s template work
        value = _AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Cell]]) -> str:
    """A CSV file: the header, then one line per row in ``columns`` order, ``\n``
    line ends. Every text cell is quoted and guarded (:func:`guard_formula`), numbers
    are written as they are, None as an empty cell. The one writer of every CSV the
    site offers."""
    return "".join(csv_lines(columns, rows))


def csv_lines(
    columns: Sequence[str], rows: Iterable[Mapping[str, Cell] | Keyed], keep: Keep | None = None
) -> Iterator[str]:
    """:func:`write_csv` line by line; a :class:`~generator.contract.Keyed` row is its
    line made only if ``keep`` has no text for its key (the last build's line)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(columns)
    yield out.getvalue()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)

    def line(row: Mapping[str, Cell]) -> str:
        out.seek(0)
        out.truncate()
        cells = [row.get(c) for c in columns]
        writer.writerow([guard_formula(v) if isinstance(v, str) else v for v in cells])
        return out.getvalue()

    for row in rows:
        if type(row) is not Keyed:
            yield line(row)  # type: ignore[arg-type]
            continue

        def make(row: Keyed = row) -> str:  # type: ignore[assignment]
            return line(row.make())

        yield keep(row.key, make) if keep is not None else make()


@dataclass(frozen=True)
class Reuse:
    """Rows and features the last build wrote, copied where their key is the same
    (:mod:`generator.pages.kept`): ``key`` names what a row of an incident or an event
    is made of, ``keep`` gives the text kept under a key (or makes it)."""

    key: Callable[[Incident | Event], str]
    keep: Keep


def _keyed(reuse: Reuse | None, subject: Incident | Event, make: Callable[[], Any]) -> Any:
    return make() if reuse is None else Keyed(reuse.key(subject), make)


# ----------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """A column of a download and what it holds, as the data dictionary prints it."""

    name: str
    meaning: str
    origin: str = ""
    """Whose name and coding the column follows: "ACLED", "UCDP" or "" (sitrep's)."""


_ID = Column(
    "event_id",
    "The report's id: one incident read from one article, stable across runs (as in "
    "incidents.json). Not ACLED's event_id_cnty.",
)
_DATE = [
    Column(
        "event_date",
        "The day it happened (YYYY-MM-DD); for a coarser date, its first day.",
        "ACLED",
    ),
    Column("year", "The year of event_date.", "ACLED"),
    Column(
        "time_precision",
        "1 the day is known, 2 the week, 3 the month or longer; empty when undated.",
        "ACLED",
    ),
    Column("date_precision", "The same in words: day, week, month, year or unknown."),
]
_KIND = [
    Column("disorder_type", "Always Political violence.", "ACLED"),
    Column("event_type", "ACLED's event type (Battles, Explosions/Remote violence, ...).", "ACLED"),
    Column(
        "sub_event_type", "ACLED's sub-event type (Armed clash, Air/drone strike, ...).", "ACLED"
    ),
]
_ACTORS = [
    Column("actor1", "Who attacked: a faction's name; empty when the text does not say.", "ACLED"),
    Column(
        "inter1",
        "actor1's type: 1 state forces, 2 rebel group, 3 political militia, 7 civilians, "
        "8 external forces (a state's forces outside its own country).",
        "ACLED",
    ),
    Column("actor2", "Who was hit: a faction's name or Civilians; empty when not stated.", "ACLED"),
    Column("inter2", "actor2's type, coded as inter1.", "ACLED"),
    Column(
        "interaction",
        "inter1 and inter2, the lower first (17: state forces on civilians).",
        "ACLED",
    ),
    Column("civilian_targeting", "Civilian targeting when civilians were the target.", "ACLED"),
]
_WHERE = [
    Column("iso", "760 (Syria, ISO 3166-1 numeric).", "ACLED"),
    Column("region", "Middle East.", "ACLED"),
    Column("country", "Syria.", "ACLED"),
    Column("admin1", "The governorate.", "ACLED"),
    Column(
        "admin2",
        "The district (OpenSyria's): by name where the place is a district or subdistrict, "
        "else the district of the nearest subdistrict centre in its governorate (near a "
        "boundary this can be the neighbour); empty when the place is known only to its "
        "governorate.",
        "ACLED",
    ),
    Column("location", "The place as the text names it."),
    Column(
        "latitude",
        "The best point known: the place's own, else its governorate's centre (OpenSyria's).",
        "ACLED",
    ),
    Column("longitude", "As latitude.", "ACLED"),
    Column(
        "geo_precision",
        "1 the place itself, 2 a subdistrict's or district's centre, 3 the governorate's "
        "centre; empty when there is no point.",
        "ACLED",
    ),
    Column(
        "place_precision",
        "The same in words: place, subdistrict, district, governorate or unknown.",
    ),
]
_COUNTS = [
    Column("fatalities", "Killed, as this report states it; empty when it states none.", "ACLED"),
    Column("injured", "Injured, as stated."),
    Column("civilians_killed", "Of the killed, civilians, as stated."),
    Column("combatants_killed", "Of the killed, combatants, as stated."),
    Column("children_killed", "Of the killed, children, as stated."),
    Column("women_killed", "Of the killed, women, as stated."),
]
_RANGE = [
    Column(
        "low",
        'The lowest toll this report gives: a range\'s low end ("four to six": 4), else '
        "fatalities; empty when it states none.",
        "UCDP",
    ),
    Column(
        "high",
        'The highest toll this report gives ("at least seven and as many as 14": 14), '
        "else fatalities.",
        "UCDP",
    ),
]
_SOURCE = [
    Column("source", "The outlet and the article's title.", "ACLED"),
    Column("notes", "The sentence(s) the incident was read from, verbatim.", "ACLED"),
    Column("article_id", "The article's file name without its extension."),
    Column("attribution", "Who the text says the figure comes from."),
    Column(
        "source_kind",
        "Whose figure it is: independent monitor, state or party media, party to the "
        "fighting, local activist or witness, unnamed, other / unclassified.",
    ),
]
_CORRECTIONS = Column(
    "corrections",
    "What an analyst corrected, each as field: machine value -> corrected value (reason); "
    "empty when nothing was. The other columns hold the corrected values.",
)

INCIDENT_COLUMNS: tuple[Column, ...] = (
    _ID,
    *_DATE,
    *_KIND,
    *_ACTORS,
    *_WHERE,
    *_SOURCE[:2],
    *_COUNTS,
    _SOURCE[2],
    Column(
        "merged_event",
        "The event this report is one of (events.csv's event_id): several outlets' reports "
        "of one event share it.",
    ),
    Column(
        "event_fatalities",
        "The event's best toll, on the one report it was taken from, empty on its other "
        "reports: its sum is the site's killed.",
    ),
    Column("grade", "The event's grade: confirmed, single source, contested or claim only."),
    Column("means", "How: airstrike, shelling, car-bomb, gunfire, ... (sitrep's vocabulary)."),
    *_SOURCE[3:],
    _CORRECTIONS,
    *_RANGE,
    Column(
        "perpetrator_basis",
        "How actor1 is known: stated (the text names the attacker) or imputed (a convention "
        "gives it: barrel bombs are the regime's); empty when there is no actor1.",
    ),
)
"""``incidents.csv``: one row per report. Columns added later stand at the end, so a
reader of the older file finds every column where it was."""

CSV_COLUMNS: tuple[str, ...] = tuple(c.name for c in INCIDENT_COLUMNS)

STATED_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "The stated total's id (an incident of its article), as in incidents.json."),
    *_DATE,
    *(c for c in _WHERE if c.name not in ("iso", "region", "country")),
    *_SOURCE[:2],
    *_COUNTS,
    *_SOURCE[2:],
    _CORRECTIONS,
)
"""``stated_totals.csv``: one row per total an article states; never to be summed."""

EVENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "event_id", "The event's id (ev-...), as in incidents.json; stable as reports are added."
    ),
    *_DATE,
    Column(
        "date_start",
        "The first day it may have happened: the date, the start of its week or month, or "
        "for an undated event the first day of the window its reports allow.",
        "UCDP",
    ),
    Column("date_end", "The last day it may have happened.", "UCDP"),
    *_KIND,
    Column("means", "How (sitrep's vocabulary), the reports' most frequent."),
    Column("side_a", "Who attacked (the event's perpetrator); empty when not stated.", "UCDP"),
    Column("inter1", "side_a's actor type, coded as ACLED's inter1.", "ACLED"),
    Column("side_b", "Who was hit (the event's target); empty when not stated.", "UCDP"),
    Column("inter2", "side_b's actor type.", "ACLED"),
    Column("interaction", "inter1 and inter2, the lower first.", "ACLED"),
    *_WHERE,
    Column(
        "best",
        "Killed: the toll of the latest report that states one (or an analyst's). Sum "
        "this column for the site's killed.",
        "UCDP",
    ),
    Column(
        "low",
        "The lowest toll a report gives, a range's low end included (incidents.csv low).",
        "UCDP",
    ),
    Column("high", "The highest toll a report gives, a range's high end included.", "UCDP"),
    Column(
        "deaths_a",
        "Side A's own dead: sitrep does not read an attacker's losses, so always 0.",
        "UCDP",
    ),
    Column(
        "deaths_b",
        "Side B's dead: the combatants killed, when side B is a faction and the event is no "
        "battle (in a battle both sides die: they go to deaths_unknown).",
        "UCDP",
    ),
    Column("deaths_civilians", "Civilians killed (never more than best).", "UCDP"),
    Column(
        "deaths_unknown",
        "The rest of best: deaths_a + deaths_b + deaths_civilians + deaths_unknown = best.",
        "UCDP",
    ),
    Column("injured", "Injured: the best report's figure, as best."),
    Column("reports", "How many articles' reports the event was merged from."),
    Column("number_of_sources", "How many different sources report it.", "UCDP"),
    Column("sources", "The sources, each once, in report order (kind in brackets)."),
    Column("grade", "confirmed, single source, contested or claim only (see the methodology)."),
    Column("grade_why", "What decided the grade."),
    Column("url", "Where the report the best toll came from is, on the site."),
    _CORRECTIONS,
)
"""``events.csv``: one row per event, safe to sum."""


# ----------------------------------------------------------------------------- helpers


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


def _point(place: Place) -> tuple[float, float, str] | None:
    if place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude, place.precision
    if place.province:
        centroid = governorate_centroids().get(place.province)
        if centroid is not None:
            return centroid[0], centroid[1], "governorate"
    return None


def best_point(incident: Incident) -> tuple[float, float, str] | None:
    """(latitude, longitude, geo_precision) — the place's own coordinates, else its
    governorate's centroid with precision ``governorate``, else None."""
    return _point(incident.place)


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


def _date_cells(date: dt.date | None, precision: str) -> dict[str, Cell]:
    return {
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else None,
        "time_precision": acled.time_precision(precision) if date else None,
        "date_precision": precision,
    }


def _where_cells(place: Place, name: str | None) -> dict[str, Cell]:
    point = _point(place)
    district = district_of(place)
    codes = acled.codes()
    return {
        "iso": codes["iso"],
        "region": codes["region"],
        "country": codes["country"],
        "admin1": governorate_names().get(place.province or "", ""),
        "admin2": district.name if district else "",
        "location": name or "",
        "latitude": _coord(point[0]) if point else None,
        "longitude": _coord(point[1]) if point else None,
        "geo_precision": acled.geo_precision(point[2]) if point else None,
        "place_precision": point[2] if point else "unknown",
    }


def _kind_cells(event_type: str, sub_event_type: str) -> dict[str, Cell]:
    return {
        "disorder_type": acled.codes()["disorder_type"],
        "event_type": event_type_name(event_type),
        "sub_event_type": event_type_name(sub_event_type),
    }


def _sides(report: Report, perpetrator: str | None, target: str | None) -> dict[str, Cell]:
    a, b = acled.inter(perpetrator), acled.inter(target)
    return {
        "inter1": a,
        "inter2": b,
        "interaction": acled.interaction(a, b),
        "civilian_targeting": "Civilian targeting" if target == CIVILIANS else "",
    }


def _corrections_text(changes: Sequence[Change]) -> str:
    """ "killed.total: 8 -> 9 (a child died of wounds); ..." for a CSV cell."""
    parts = []
    for c in changes:
        if c.field is not None:
            parts.append(f"{c.field}: {_plain(c.machine)} -> {_plain(c.value)} ({c.reason})")
        elif c.action == "merge":
            parts.append(f"merged with {', '.join(c.others)} ({c.reason})")
        else:
            parts.append(f"{c.action} ({c.reason})")
    return "; ".join(parts)


def _plain(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _source_cell(report: Report, inc: Incident) -> str:
    article = report.article_of(inc).article
    return ": ".join(s for s in (article.source, article.title) if s)


def _count_cells(inc: Incident) -> dict[str, Cell]:
    return {
        "fatalities": inc.killed.best_total,
        "injured": inc.injured.best_total,
        "civilians_killed": inc.killed.civilians,
        "combatants_killed": inc.killed.combatants,
        "children_killed": inc.killed.children,
        "women_killed": inc.killed.women,
    }


def _range_cells(inc: Incident) -> dict[str, Cell]:
    """The report's killed range (``Casualties.low``/``high``), a single toll as its
    own range: "four to six civilians" -> 4 and 6; "five killed" -> 5 and 5."""
    lo, hi = inc.killed.bounds
    return {"low": lo, "high": hi}


def _report_cells(report: Report, inc: Incident) -> dict[str, Cell]:
    """What incidents.csv and stated_totals.csv share for one incident."""
    source = report.source_of(inc)
    return {
        "event_id": inc.id,
        **_date_cells(inc.date, inc.date_precision),
        **_where_cells(inc.place, inc.place.name),
        "source": _source_cell(report, inc),
        "notes": inc.evidence,
        **_count_cells(inc),
        "article_id": inc.article_id,
        "attribution": inc.attribution or "",
        "source_kind": source.label if source else "",
        "corrections": _corrections_text(report.corrections.of(inc.id)),
    }


# ----------------------------------------------------------------------------- files


def incidents_csv(report: Report, *, events: Iterable[Event] | None = None) -> str:
    """Every counted report as one CSV row (:data:`INCIDENT_COLUMNS`), in date order;
    stated totals are in :func:`stated_totals_csv`. ``events`` (from
    :func:`generator.events.merge_incidents`) fills ``merged_event``; the report's
    own events when not given."""
    return "".join(incidents_csv_lines(report, events=events))


def incidents_csv_lines(
    report: Report, *, events: Iterable[Event] | None = None, reuse: Reuse | None = None
) -> Iterator[str]:
    """:func:`incidents_csv` line by line, each report's row kept (``reuse``)."""
    event_of = _event_index(report, events)
    counted, _ = _ordered(report)

    def row(inc: Incident) -> dict[str, Cell]:
        event = event_of.get(inc.id)
        grading = report.grade_of(event) if event else None
        return {
            **_report_cells(report, inc),
            **_kind_cells(inc.event_type, inc.sub_event_type),
            "actor1": faction_name(inc.perpetrator, report.factions, none=""),
            "actor2": faction_name(inc.target, report.factions, none=""),
            **_sides(report, inc.perpetrator, inc.target),
            "merged_event": event.id if event else "",
            "event_fatalities": (
                event.killed_best if event is not None and _counts_event(event, inc) else None
            ),
            "grade": grading.label if grading else "",
            "means": inc.means,
            **_range_cells(inc),
            "perpetrator_basis": (inc.perpetrator_basis or "") if inc.perpetrator else "",
        }

    rows = (_keyed(reuse, inc, partial(row, inc)) for inc in counted)
    return csv_lines(CSV_COLUMNS, rows, reuse.keep if reuse else None)


def stated_totals_csv(report: Report) -> str:
    """Every total an article states (:data:`STATED_COLUMNS`), in date order: evidence
    to read, never to add to incidents.csv or events.csv."""
    return "".join(stated_totals_csv_lines(report))


def stated_totals_csv_lines(report: Report, reuse: Reuse | None = None) -> Iterator[str]:
    """:func:`stated_totals_csv` line by line, each total's row kept (``reuse``)."""
    _, aggregates = _ordered(report)
    rows = (_keyed(reuse, inc, partial(_report_cells, report, inc)) for inc in aggregates)
    return csv_lines([c.name for c in STATED_COLUMNS], rows, reuse.keep if reuse else None)


def _window(event: Event) -> tuple[dt.date, dt.date] | None:
    """The first and last day the event may have happened on."""
    from generator.events.rules import incident_window

    if event.date is None:
        return event.window
    days, _ = incident_window(event.date, event.date_precision, None)
    if days is None:
        return (event.date, event.date)
    return dt.date.fromordinal(days[0]), dt.date.fromordinal(days[1])


def _deaths(event: Event, counted: Incident) -> dict[str, Cell]:
    """UCDP's split of the best toll (see :data:`EVENT_COLUMNS`)."""
    best = event.killed_best
    if best is None:
        return {k: None for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")}
    civilians = min(event.killed_civilians or 0, best)
    published = {r.incident_id: r.published for r in event.reports}
    combatants = best_toll((published.get(i.id), i.killed.combatants) for i in event.incidents)
    combatants = min(combatants or 0, best - civilians)
    one_sided = counted.event_type != "battle" and event.target not in (None, CIVILIANS)
    side_b = combatants if one_sided else 0
    return {
        "deaths_a": 0,
        "deaths_b": side_b,
        "deaths_civilians": civilians,
        "deaths_unknown": best - civilians - side_b,
    }


def events_csv(report: Report, *, url_of: UrlOf | None = None) -> str:
    """Every event as one CSV row (:data:`EVENT_COLUMNS`), in date order (undated
    last), then by id. ``url_of``: an incident's evidence URL, relative to the site
    root (by default the article page render writes)."""
    return "".join(events_csv_lines(report, url_of=url_of))


def events_csv_lines(
    report: Report, *, url_of: UrlOf | None = None, reuse: Reuse | None = None
) -> Iterator[str]:
    """:func:`events_csv` line by line, each event's row kept (``reuse``)."""
    url = url_of or _default_url_of(report)

    def row(event: Event) -> dict[str, Cell]:
        counted = next(i for i in event.incidents if i.id == event.counted_report.incident_id)
        grading = report.grade_of(event)
        window = _window(event)
        sources = grading.sources if grading else ()
        return {
            "event_id": event.id,
            **_date_cells(event.date, event.date_precision),
            "date_start": window[0].isoformat() if window else "",
            "date_end": window[1].isoformat() if window else "",
            **_kind_cells(counted.event_type, counted.sub_event_type),
            "means": event.means,
            "side_a": faction_name(event.perpetrator, report.factions, none=""),
            "side_b": faction_name(event.target, report.factions, none=""),
            **_sides(report, event.perpetrator, event.target),
            **_where_cells(event.location, event.place),
            "best": event.killed_best,
            "low": event.killed_low,
            "high": event.killed_high,
            **_deaths(event, counted),
            "injured": event.injured_best,
            "reports": len(event.reports),
            "number_of_sources": len(sources),
            "sources": "; ".join(f"{s.name or 'unnamed'} ({s.label})" for s in sources),
            "grade": grading.label if grading else "",
            "grade_why": grading.why if grading else "",
            "url": url(counted),
            "corrections": _corrections_text(report.corrections.of(event.id)),
        }

    rows = (_keyed(reuse, event, partial(row, event)) for event in report.events)
    return csv_lines([c.name for c in EVENT_COLUMNS], rows, reuse.keep if reuse else None)


def data_as_of(report: Report) -> dt.date | None:
    """The snapshot's date: the latest publication date of its articles (else the
    latest event's date). Never the clock: the same articles give the same files."""
    published = [c.article.published for c in report.articles if c.article.published]
    if published:
        return max(published)
    return report.date_range[1] if report.date_range else None


def snapshot(report: Report) -> dict[str, Any]:
    """What a user of the data cites: the sitrep version, how many articles, events
    and reports, how many corrections, and the date the data runs to."""
    as_of = data_as_of(report)
    return {
        "sitrep_version": __version__,
        "articles": len(report.articles),
        "events": len(report.events),
        "reports": report.overall.reports,
        "corrections": report.corrections.total,
        "data_as_of": as_of.isoformat() if as_of else None,
    }


def report_contract(
    report: Report, keys: Callable[[Record], str | None] | None = None
) -> Iterator[tuple[str, Any]]:
    """The site's ``incidents.json`` key by key (:func:`generator.contract.contract_items`
    of the report's articles, events, near misses, corrections and grades, with its
    :func:`snapshot`); ``keys`` as ``contract_items`` takes them."""
    return contract_items(
        report.articles,
        report.factions,
        report.events,
        near_misses=report.near_misses,
        corrections=report.corrections,
        grades=report.grades,
        snapshot=snapshot(report),
        keys=keys,
    )


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
    return "".join(incidents_geojson_pieces(report, url_of=url_of, events=events))


def incidents_geojson_pieces(
    report: Report,
    *,
    url_of: UrlOf | None = None,
    events: Iterable[Event] | None = None,
    reuse: Reuse | None = None,
) -> Iterator[str]:
    """:func:`incidents_geojson` in pieces, each feature kept (``reuse``)."""
    url = url_of or _default_url_of(report)
    event_of = _event_index(report, events)
    names = governorate_names()
    counted, aggregates = _ordered(report)
    located = [(inc, point) for inc in counted if (point := best_point(inc)) is not None]

    def dump(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def feature(inc: Incident, point: tuple[float, float, str]) -> str:
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
        return dump(
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
        "located": len(located),
        "unlocated": len(counted) - len(located),
        "aggregates_left_out": len(aggregates),
        "note": "Counted incidents only; stated totals (aggregates) are in stated_totals.csv. "
        "Reports of one event by several articles share merged_event; to count events, "
        "keep the features with counts_event true, whose event_killed is the event's toll.",
    }
    yield f'{{"type":"FeatureCollection",\n"metadata":{dump(metadata)},\n"features":[\n'
    for n, (inc, point) in enumerate(located):
        if n:
            yield ",\n"
        make = partial(feature, inc, point)
        yield reuse.keep(reuse.key(inc), make) if reuse is not None else make()
    yield "\n]}\n"
