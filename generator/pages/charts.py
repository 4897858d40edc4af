"""Charts drawn as static SVG at build time: no JavaScript, byte-stable output.

Why SVG strings and not a plotting library: the pages in ``docs/`` are
committed, so a chart must come out byte-identical from the same report (a
pull request that adds no article must show no diff), must work with
JavaScript off, and must not add a dependency.  Everything here is a pure
function of the :class:`~generator.events.totals.Report`:

* inputs are iterated in a fixed order (``PROVINCES``, ``BLOCS``, ``MEANS``,
  sorted months), never in set or hash order;
* every coordinate goes through :func:`~generator.pages.svg.num`, one decimal, no ``-0``;
* element ids are fixed per chart kind (``chart-by-month-title``...), so two
  different charts can share a page; the same chart twice on one page would
  repeat its ids, so don't;
* every label that comes from data (faction and place names) goes through
  :func:`~generator.pages.svg.svg_text` / :func:`~generator.pages.svg.svg_attr`:
  XML-escaped, with the characters XML 1.0 forbids, bidi overrides and other
  invisible characters removed.

Each chart comes with a one-sentence text alternative (``alt``, also the SVG's
``<desc>``) and the table it was drawn from (``table``), so a page can offer
the numbers to screen readers and to anyone who wants to check them.

Embedding in a Markdown page: Python-Markdown passes a block of raw HTML
through untouched only when it starts with a *block-level* tag on its own
line, and ``<svg>`` is not one.  Wrap the SVG with :func:`figure_html`
(a ``<figure>``), and keep it away from Markdown indentation.  The SVG itself
contains no blank lines, so no Markdown engine splits it.

Every ``<svg>`` carries ``data-search-exclude``: mkdocs-material's search
plugin then leaves its text (a tooltip per bar, governorate and dot) out of
the search index, which every visitor downloads whole; the alternative text
in a ``<figcaption>`` stays searchable.  Other engines ignore the attribute.

Counting follows :mod:`generator.events.totals`: the charts count *events* (an
attack reported by three articles is one bar segment, with its best death
toll), stated totals (aggregates) are never added, and an event with no stated
toll adds nothing to "killed".  Each chart takes an optional ``total`` (a
:class:`~generator.events.totals.Total`, e.g. ``report.by_perpetrator["hts"]`` or
``report.by_province["idlib"]``) to draw only its events, for the faction and
governorate pages; by default it draws every event (``report.overall``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.events.merge import Event
from generator.events.totals import Report, Total, event_month
from generator.knowledge.governorates import names as governorate_names
from generator.model import BLOCS, MEANS, PROVINCES
from generator.pages.labels import BLOC_LABELS, MEANS_LABELS
from generator.pages.svg import FONT, count, num, plural, svg_attr, svg_text

# ----------------------------------------------------------------------------- labels


#: Okabe & Ito's palette (distinguishable with the common colour-vision
#: deficiencies), one colour per bloc, fixed so a bloc keeps its colour on every
#: chart and every build; grey for "unknown".
BLOC_COLOURS: dict[str, str] = {
    "syrian-government-and-allies": "#0072B2",
    "opposition": "#009E73",
    "hts-nusra": "#CC79A7",
    "islamic-state": "#000000",
    "kurdish-led": "#F0E442",
    "turkey": "#D55E00",
    "international-coalition": "#56B4E9",
    "israel": "#E69F00",
    "unknown": "#AAAAAA",
}

BAR_COLOUR = "#0072B2"
GRID_COLOUR = "#D0D0D0"


def bloc_of(report: Report, event: Event) -> str:
    """The perpetrator's bloc; ``unknown`` when none is stated or the faction is not listed."""
    faction = report.factions.get(event.perpetrator) if event.perpetrator else None
    return faction.bloc if faction is not None and faction.bloc in BLOCS else "unknown"


# ----------------------------------------------------------------------------- the chart


Cell = str | int
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """A drawn chart and what it was drawn from."""

    title: str
    svg: str
    """A complete ``<svg>`` element, no blank lines, no XML declaration."""
    alt: str
    """One sentence with the key numbers: the text alternative for the chart."""
    table: tuple[Row, ...]
    """The figures behind the chart: a header row, then one row per bar (or
    month); numbers as ``int``. Empty when there was nothing to draw."""
    kind: str = ""
    """``chart-by-month``...: the ids of its title and description, and its file name."""


def figure_html(content: Chart | str, caption: str | None = None) -> str:
    """A chart (or the map's SVG) as a block of raw HTML that Markdown leaves alone.

    ``<figure>`` is a block-level tag for Python-Markdown, so the whole block,
    SVG included, reaches the page untouched; a bare ``<svg>`` is not, and
    would be wrapped in a ``<p>`` and read as inline Markdown. The caption
    defaults to a chart's text alternative, so sighted readers get the key
    numbers too; pass ``""`` for none. Put the result on its own lines with a
    blank line before and after, unindented."""
    svg = content.svg if isinstance(content, Chart) else content
    if caption is None:
        caption = content.alt if isinstance(content, Chart) else ""
    parts = ['<figure class="sitrep-figure">', svg]
    if caption:
        parts.append(f"<figcaption>{svg_text(caption)}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


class _Svg:
    """A list of lines that becomes one ``<svg>`` element."""

    def __init__(self, kind: str, width: float, height: float, title: str, desc: str) -> None:
        self.kind = kind
        self.lines = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}"'
            f' width="{num(width)}" height="{num(height)}" style="max-width:100%;height:auto"'
            f' role="img" aria-labelledby="{kind}-title {kind}-desc"'
            f' font-family="{svg_attr(FONT)}" font-size="12" data-search-exclude="">',
            f'<title id="{kind}-title">{svg_text(title)}</title>',
            f'<desc id="{kind}-desc">{svg_text(desc)}</desc>',
        ]

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(self, x: float, y: float, label: str, *, anchor: str = "start", **attrs: str) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{svg_attr(v)}"' for k, v in attrs.items())
        self.add(
            f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" fill="currentColor"{extra}>'
            f"{svg_text(label)}</text>"
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        tooltip: str | None,
        *,
        separated: bool = False,
    ) -> None:
        attrs = f'x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{fill}"'
        if separated:  # a white hairline keeps stacked neighbours of similar colour apart
            attrs += ' stroke="#FFFFFF" stroke-width="0.5"'
        if tooltip is None:
            self.add(f"<rect {attrs}/>")
        else:
            self.add(f"<rect {attrs}><title>{svg_text(tooltip)}</title></rect>")

    def done(self) -> str:
        return "\n".join([*self.lines, "</svg>"])


def _no_data(kind: str, title: str, message: str) -> Chart:
    svg = _Svg(kind, 720, 120, title, message)
    svg.add(f'<rect x="0.5" y="0.5" width="719" height="119" fill="none" stroke="{GRID_COLOUR}"/>')
    svg.text(360, 65, "No data", anchor="middle", font_size="16")
    return Chart(title, svg.done(), message, (), kind)


def nice_ticks(top: int, target: int = 4) -> list[int]:
    """Gridline values from 0 to at least ``top``, in steps of 1, 2 or 5 x 10^k.

    >>> nice_ticks(7)
    [0, 2, 4, 6, 8]
    >>> nice_ticks(1234)
    [0, 500, 1000, 1500]
    """
    top = max(top, 1)
    raw = top / target
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _legend(
    svg: _Svg, x0: float, y: float, width: float, items: Sequence[tuple[str, str]]
) -> float:
    """Swatches and labels flowing left to right; returns the y below the last row."""
    x = x0
    for colour, label in items:
        w = 18 + 6.6 * len(label) + 16  # swatch, estimated text width, gap
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + 18
        svg.add(f'<rect x="{num(x)}" y="{num(y - 10)}" width="12" height="12" fill="{colour}"/>')
        svg.text(x + 18, y, label)
        x += w
    return y + 18


# ----------------------------------------------------------------------------- by month


def _months(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from first to last, gaps included."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(key)
        if key >= last:
            return out
        month += 1
        if month > 12:
            year, month = year + 1, 1


def _month_label_step(n: int) -> int:
    """Label every k-th month (aligned on the calendar) so at most ~10 labels show."""
    for k in (1, 2, 3, 6, 12, 24, 36, 60, 120):  # divisors of a year: labels fall in January
        if n / k <= 10:
            return k
    return 120


def _by_month(events: Sequence[Event]) -> dict[str, list[Event]]:
    """Events by "YYYY-MM", the rule of ``aggregate.build_report`` (:func:`event_month`)."""
    out: dict[str, list[Event]] = {}
    for event in events:
        month = event_month(event)
        if month is not None:
            out.setdefault(month, []).append(event)
    return out


def deaths_per_month_svg(report: Report, total: Total | None = None) -> Chart:
    """Deaths per month, one stacked bar per month, one colour per perpetrator's bloc.

    Months with no event between the first and the last one show as empty
    bars, so the time axis is even. Events dated only to a year, or not at
    all, have no month and are left out (the description says how many deaths
    that leaves out)."""
    kind = "chart-by-month"
    title = "Deaths per month by perpetrator"
    scope = total if total is not None else report.overall
    by_month = _by_month(scope.events)
    if not by_month:
        return _no_data(kind, title, "No event has a known month, so there is nothing to chart.")
    months = _months(min(by_month), max(by_month))
    per: dict[str, dict[str, int]] = {m: dict.fromkeys(BLOCS, 0) for m in months}
    for month, events in by_month.items():
        for event in events:
            per[month][bloc_of(report, event)] += event.killed_best or 0
    blocs = [b for b in BLOCS if any(per[m][b] for m in months)]
    totals = {m: sum(per[m].values()) for m in months}
    grand = sum(totals.values())
    outside = scope.killed - grand

    peak_month = max(months, key=lambda m: (totals[m], -months.index(m)))
    span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
    alt = f"Deaths per month, {span}: {count(grand)} killed"
    if grand:
        alt += f", most in {peak_month} ({count(totals[peak_month])})"
    if len(blocs) > 1 or (blocs and blocs[0] != "unknown"):
        top_bloc = max(blocs, key=lambda b: (sum(per[m][b] for m in months), -BLOCS.index(b)))
        share = sum(per[m][top_bloc] for m in months)
        alt += f"; largest share by perpetrator: {BLOC_LABELS[top_bloc]} ({count(share)})"
    alt += "."
    undated = sum(1 for e in scope.events if event_month(e) is None)
    if undated:
        alt += f" Not shown: {plural(undated, 'event')} without a known month"
        alt += f" ({count(outside)} killed)." if outside > 0 else "."
    desc = alt

    width, left, right, top = 720.0, 52.0, 12.0, 16.0
    plot_h = 220.0
    plot_w = width - left - right
    legend_rows = 1 + int(sum(34 + 6.6 * len(BLOC_LABELS[b]) for b in blocs) // plot_w)
    height = top + plot_h + 28 + 18 * max(legend_rows, 1) + 8
    svg = _Svg(kind, width, height, title, desc)
    ticks = nice_ticks(max(totals.values()))
    y_top = ticks[-1]

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / y_top

    for t in ticks:
        svg.add(
            f'<line x1="{num(left)}" y1="{num(y_of(t))}" x2="{num(width - right)}"'
            f' y2="{num(y_of(t))}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        svg.text(left - 6, y_of(t) + 4, count(t), anchor="end")
    slot = plot_w / len(months)
    bar_w = max(slot * 0.8, 1.0) if slot >= 3 else slot
    step = _month_label_step(len(months))
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar_w) / 2
        base = 0
        for bloc in BLOCS:
            v = per[month][bloc]
            if not v:
                continue
            tip = f"{month}, {BLOC_LABELS[bloc]}: {count(v)} killed"
            svg.rect(
                x,
                y_of(base + v),
                bar_w,
                y_of(base) - y_of(base + v),
                BLOC_COLOURS[bloc],
                tip,
                separated=bar_w >= 4,
            )
            base += v
        month_index = int(month[:4]) * 12 + int(month[5:7]) - 1
        if month_index % step == 0 or len(months) == 1:
            label = month[:4] if step >= 12 else month
            svg.add(
                f'<line x1="{num(left + (i + 0.5) * slot)}" y1="{num(top + plot_h)}"'
                f' x2="{num(left + (i + 0.5) * slot)}" y2="{num(top + plot_h + 4)}"'
                ' stroke="currentColor"/>'
            )
            svg.text(left + (i + 0.5) * slot, top + plot_h + 17, label, anchor="middle")
    svg.add(
        f'<line x1="{num(left)}" y1="{num(top + plot_h)}" x2="{num(width - right)}"'
        f' y2="{num(top + plot_h)}" stroke="currentColor"/>'
    )
    _legend(
        svg,
        left,
        top + plot_h + 42,
        plot_w,
        [(BLOC_COLOURS[b], BLOC_LABELS[b]) for b in blocs],
    )

    header: Row = ("Month", *(BLOC_LABELS[b] for b in blocs), "Total")
    rows: list[Row] = [(m, *(per[m][b] for b in blocs), totals[m]) for m in months]
    return Chart(title, svg.done(), alt, (header, *rows), kind)


# ----------------------------------------------------------------------------- horizontal bars


def _hbars(
    kind: str,
    title: str,
    alt: str,
    bars: Sequence[tuple[str, int, str]],
    *,
    label_width: float,
) -> str:
    """Horizontal bars: (label, value, tooltip) top to bottom, value printed at the bar's end."""
    width, right, top, row = 720.0, 56.0, 8.0, 22.0
    left = label_width + 10
    plot_w = width - left - right
    height = top + row * len(bars) + 8
    svg = _Svg(kind, width, height, title, alt)
    peak = max((v for _, v, _ in bars), default=0) or 1
    for i, (label, value, tip) in enumerate(bars):
        y = top + i * row
        svg.text(left - 8, y + row / 2 + 4, label, anchor="end")
        w = plot_w * value / peak
        if value:
            svg.rect(left, y + 3, max(w, 1.0), row - 6, BAR_COLOUR, tip)
        svg.text(left + w + 6, y + row / 2 + 4, count(value))
    svg.add(
        f'<line x1="{num(left)}" y1="{num(top)}" x2="{num(left)}"'
        f' y2="{num(top + row * len(bars))}" stroke="currentColor"/>'
    )
    return svg.done()


def _chart_of_totals(
    kind: str,
    title: str,
    alt: str,
    column: str,
    named: Sequence[tuple[str, Total]],
    *,
    deaths: bool,
    label_width: float,
) -> Chart:
    """A bar a named total, top to bottom, as long as its deaths (``deaths``) or its
    events, and the same totals as the chart's table: ``column``, events, killed."""
    if deaths:
        bars = [
            (name, t.killed, f"{name}: {count(t.killed)} killed in {plural(t.count, 'event')}")
            for name, t in named
        ]
    else:
        bars = [
            (name, t.count, f"{name}: {plural(t.count, 'event')}, {count(t.killed)} killed")
            for name, t in named
        ]
    svg = _hbars(kind, title, alt, bars, label_width=label_width)
    header: Row = (column, "Events", "Killed")
    rows = [(name, t.count, t.killed) for name, t in named]
    return Chart(title, svg, alt, (header, *rows), kind)


def deaths_by_governorate_svg(report: Report, total: Total | None = None) -> Chart:
    """Deaths in each of the 14 governorates, most first (ties in the usual order).

    All 14 are drawn, empty ones included: a governorate with no recorded death
    is information too."""
    kind = "chart-by-governorate"
    title = "Deaths by governorate"
    scope = total if total is not None else report.overall
    if not scope.events:
        return _no_data(kind, title, "No events were recorded, so there is nothing to chart.")
    names = governorate_names()
    groups: dict[str, list[Event]] = {p: [] for p in PROVINCES}
    for event in scope.events:
        if event.province in groups:
            groups[event.province].append(event)
    by_province = {p: Total(p, tuple(v)) for p, v in groups.items()}
    order = sorted(PROVINCES, key=lambda p: (-by_province[p].killed, PROVINCES.index(p)))
    totals: dict[str, Total] = {p: by_province[p] for p in order}
    located = sum(t.killed for t in totals.values())
    first = order[0]
    alt = (
        f"Deaths by governorate: {count(located)} killed in events with a known governorate, "
        f"most in {names[first]} ({count(totals[first].killed)})."
    )
    if not located:
        alt = "Deaths by governorate: no death toll is stated for any located event."
    named = [(names[p], totals[p]) for p in order]
    return _chart_of_totals(kind, title, alt, "Governorate", named, deaths=True, label_width=96)


def events_by_means_svg(report: Report, total: Total | None = None) -> Chart:
    """Events by means (airstrike, shelling...), most first; means never recorded are left out.

    Counts events, not deaths: many events state no toll, and the means
    chart is about how violence happened."""
    kind = "chart-by-means"
    title = "Events by means"
    scope = total if total is not None else report.overall
    if not scope.events:
        return _no_data(kind, title, "No events were recorded, so there is nothing to chart.")
    groups: dict[str, list[Event]] = {m: [] for m in MEANS}
    for event in scope.events:
        groups[event.means if event.means in groups else "unknown"].append(event)
    used = sorted((m for m in MEANS if groups[m]), key=lambda m: (-len(groups[m]), MEANS.index(m)))
    totals = {m: Total(m, tuple(groups[m])) for m in used}
    first = used[0]
    alt = (
        f"Events by means: {plural(scope.count, 'event')}, "
        f"most by {MEANS_LABELS[first].lower()} ({count(totals[first].count)})."
    )
    named = [(MEANS_LABELS[m], totals[m]) for m in used]
    return _chart_of_totals(kind, title, alt, "Means", named, deaths=False, label_width=170)


def all_charts(report: Report, total: Total | None = None) -> tuple[Chart, ...]:
    """The three charts, in the order the home page shows them."""
    return (
        deaths_per_month_svg(report, total),
        deaths_by_governorate_svg(report, total),
        events_by_means_svg(report, total),
    )
