"""Render a Report into Markdown pages with one Jinja environment.

:func:`page_jobs` lists every page the site has, each with a *key* (a hash of what
its content is made of) and a function that renders it: a build renders only the
pages whose key changed since the last build (:mod:`generator.pipeline`), one at a
time, so neither the time nor the memory of a rebuild grows with pages that did not
change. :func:`render_pages` renders them all into a dict (``--check``, tests).
Nothing is written here (:mod:`generator.publish`). Where each page lives is
:mod:`generator.pages.urls`; pages that grow with the archive are cut into parts
by :mod:`generator.pages.paging`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, fields
from functools import cached_property
from itertools import chain
from pathlib import Path, PurePosixPath

import jinja2

from generator.contract import Record, dump_json
from generator.events.merge import Event, NearMiss
from generator.events.rules import Reason
from generator.events.totals import Report, Total, newest_events_first, newest_first
from generator.knowledge.factions import faction_name
from generator.knowledge.governorates import names as governorate_names
from generator.model import PROVINCES, CodedArticle, Incident, SitrepError
from generator.pages.analyst import Analyst
from generator.pages.charts import Chart, all_charts, figure_html
from generator.pages.downloads import (
    EVENT_COLUMNS,
    INCIDENT_COLUMNS,
    STATED_COLUMNS,
    Reuse,
    events_csv,
    events_csv_lines,
    incidents_csv,
    incidents_csv_lines,
    incidents_geojson,
    incidents_geojson_pieces,
    report_contract,
    snapshot,
    stated_totals_csv,
    stated_totals_csv_lines,
)
from generator.pages.kept import KeptRecords
from generator.pages.labels import bloc_name, humanize
from generator.pages.map import choropleth_svg, map_size
from generator.pages.methodology import methodology_context
from generator.pages.paging import LATEST, MAX_ROWS, Part, archive
from generator.pages.templates import FOLDER as DEFAULT_TEMPLATES
from generator.pages.urls import ASSETS, DOWNLOADS, Links, link_prefix_for, site_url
from generator.safety.escape import md_inline, yaml_string

LATEST_ON_HOME = 10
REPORTS_IN_ROW = 3
"""Reports linked in an event's row; the rest are counted ("and 12 more"): an event
that a thousand articles report must not make a row of a thousand links."""
OTHER_REPORTS_LISTED = 20
"""Other reports of an event listed under an incident's evidence, at most."""
PROBLEMS_PER_PAGE = 500
"""Rows of the build report per page."""


def number(value: int | None) -> str:
    """A count for a table cell: '–' where the text states none."""
    return "–" if value is None else f"{value:,}"


class Site:
    """The template context shared by every page: lookups, links and labels."""

    def __init__(self, report: Report, hand_written: Collection[str] = ()) -> None:
        self.report = report
        self.links = Links.for_report(report, hand_written)
        self.governorates = governorate_names()
        self.analyst = Analyst(report)
        """Corrections, sources and grades as the pages word them."""

    def governorate_name(self, province: str | None) -> str:
        if not province:
            return "–"
        return self.governorates.get(province) or md_inline(province)

    def faction_name(self, faction_id: str | None) -> str:
        return faction_name(faction_id, self.report.factions)

    def has_faction_page(self, faction_id: str | None) -> bool:
        return faction_id is not None and faction_id in self.report.factions

    def article_of(self, incident: Incident) -> CodedArticle:
        return self.report.article_of(incident)

    @cached_property
    def articles_by_date(self) -> list[CodedArticle]:
        return sorted(
            self.report.articles,
            key=lambda c: (
                c.article.published is None,
                -(c.article.published.toordinal() if c.article.published else 0),
                c.article.id,
            ),
        )

    @cached_property
    def faction_ids(self) -> list[str]:
        """Factions with a page: every faction that appears in an incident."""
        used = set(self.report.by_perpetrator) | set(self.report.by_target)
        return sorted(f for f in used if f in self.report.factions)

    def governorates_of(self, total: Total) -> list[tuple[str, int, int]]:
        """(province, events, killed) for the events of a total."""
        rows: dict[str, list[Event]] = {}
        for event in total.events:
            if event.province:
                rows.setdefault(event.province, []).append(event)
        return [(p, len(v), Total(p, tuple(v)).killed) for p, v in sorted(rows.items())]

    def factions_of(self, total: Total) -> list[tuple[str, int]]:
        """(faction id, events) for every faction on either side of a total's events."""
        counts: dict[str, int] = {}
        for event in total.events:
            for fid in {event.perpetrator, event.target}:
                if fid is not None:
                    counts[fid] = counts.get(fid, 0) + 1
        return sorted(counts.items())

    def event_of(self, incident: Incident) -> Event | None:
        """The event an incident reports (None for a stated total)."""
        return self.report.event_of(incident)

    def other_reports(self, incident: Incident) -> list[Incident]:
        """The other articles' reports of the incident's event, in report order."""
        event = self.event_of(incident)
        if event is None:
            return []
        return [i for i in event.incidents if i.id != incident.id]

    @cached_property
    def shared_incident_ids(self) -> frozenset[str]:
        """Incidents whose event other articles report too."""
        shared = (e for e in self.report.events if len(e.reports) > 1)
        return frozenset(i.id for e in shared for i in e.incidents)

    def merge_reasons(self, incident: Incident) -> dict[str, tuple[Reason, ...]]:
        """Other report's incident id -> what it shares with this incident, for the
        reports it was merged with directly: the one it matched when it joined its
        event, and those that matched it when they joined.  Reports that joined
        through a third one are not here (their own pages say why)."""
        event = self.event_of(incident)
        if event is None:
            return {}
        out = {}
        for link in event.links:
            if link.incident_id == incident.id:
                out[link.matched] = link.reasons
            elif link.matched == incident.id:
                out[link.incident_id] = link.reasons
        return out

    @cached_property
    def incident_by_id(self) -> dict[str, Incident]:
        return {i.id: i for c in self.report.articles for i in c.incidents}

    @cached_property
    def near_misses_by_province(self) -> list[tuple[str, list[NearMiss]]]:
        """Possible duplicates by the governorate of their first event, in the order of
        ``PROVINCES``; each list oldest first (undated last), then by event ids."""
        events = self.report.events_by_id
        groups: dict[str, list[NearMiss]] = {}
        for miss in self.report.near_misses:
            province = events[miss.first].province or events[miss.second].province
            if province:
                groups.setdefault(province, []).append(miss)

        def oldest(miss: NearMiss) -> tuple[bool, int, str, str]:
            d = events[miss.first].date or events[miss.second].date
            return (d is None, d.toordinal() if d else 0, miss.first, miss.second)

        return [(p, sorted(groups[p], key=oldest)) for p in PROVINCES if p in groups]

    @cached_property
    def unattributed(self) -> Total:
        """The events no report names a perpetrator for: the "not stated" row that
        makes the table by perpetrator add up to every event."""
        return Total("", tuple(e for e in self.report.overall.events if e.perpetrator is None))

    def events_of_faction(self, faction_id: str) -> list[Event]:
        """Every event the faction is on either side of, newest first, each once."""
        empty = Total(faction_id, ())
        both = {
            e.id: e
            for t in (
                self.report.by_perpetrator.get(faction_id, empty),
                self.report.by_target.get(faction_id, empty),
            )
            for e in t.events
        }
        return newest_events_first(both.values())

    @cached_property
    def articles_archive(self) -> list[Part[CodedArticle]]:
        return archive(self.articles_by_date, lambda c: c.article.published)

    def event_archive(self, events: list[Event]) -> list[Part[Event]]:
        return archive(events, lambda e: e.date)

    @property
    def article_of_id(self) -> dict[str, CodedArticle]:
        """The report's index (one dict of every article per build, not two)."""
        return self.report.articles_by_id

    # ------------------------------------------------------------------ page keys
    # What a page is made of, hashed: a page whose key is the one of the last
    # build is not rendered again. Each key names every value its page prints
    # that can change without the page's own article changing (other reports'
    # titles, slugs, tolls); the templates and the code are in every key
    # through ``code`` (pipeline: the build record's code fingerprint).

    @cached_property
    def _incident_digests(self) -> dict[int, tuple[Incident, str]]:
        return {}

    def _incident_digest(self, incident: Incident) -> str:
        """The digest of an incident's repr, made once a build: an incident is in its
        article's key and in its event's, and its repr was most of the time of keying
        every page (the object is kept beside its digest, so its id is not reused)."""
        got = self._incident_digests.get(id(incident))
        if got is None or got[0] is not incident:
            got = (incident, _digest(repr(incident)))
            self._incident_digests[id(incident)] = got
        return got[1]

    def _shape(self, subject: CodedArticle | Event) -> str:
        """Every field of an article (or an event) as its repr, but its incidents as the
        digests of theirs (:meth:`_incident_digest`): every field, so that a field
        added to the model is in the keys without a change here."""
        parts = [type(subject).__name__]
        for f in fields(subject):
            value = getattr(subject, f.name)
            if f.name == "incidents":
                parts.append(" ".join(self._incident_digest(i) for i in value))
            else:
                parts.append(repr(value))
        return "\x1f".join(parts)

    @cached_property
    def _event_keys(self) -> dict[str, str]:
        return {}

    def event_key(self, event: Event) -> str:
        """What a row (or an evidence block) about the event prints."""
        cached = self._event_keys.get(event.id)
        if cached is None:
            reports = []
            for r in event.reports:
                coded = self.article_of_id.get(r.article_id)
                a = coded.article if coded is not None else None
                reports.append(
                    (
                        r,
                        self.links.article_slugs.get(r.article_id),
                        a and (a.title, a.source, a.published),
                    )
                )
            shown = (self.analyst.grade(event), self.analyst.grade_why(event))
            cached = _digest(self._shape(event) + repr((reports, shown)))
            self._event_keys[event.id] = cached
        return cached

    def events_key(self, events: Collection[Event]) -> str:
        return _digest(" ".join(self.event_key(e) for e in events))

    @cached_property
    def _article_keys(self) -> dict[str, str]:
        return {}

    def article_key(self, coded: CodedArticle) -> str:
        """What an article's page prints (its own record in ``incidents.json`` is made of
        less): the article, its slug, and the events it reports."""
        cached = self._article_keys.get(coded.article.id)
        if cached is None:
            events = {e.id: e for i in coded.incidents if (e := self.event_of(i)) is not None}
            own = self._shape(coded) + repr(self.links.article_slugs.get(coded.article.id))
            cached = _digest(own + self.events_key(list(events.values())))
            self._article_keys[coded.article.id] = cached
        return cached

    def record_key(self, subject: Record) -> str:
        """The key of a record in ``incidents.json`` (:mod:`generator.pages.kept`): an
        article's is its page's key, an event's its rows', a near miss's itself (its
        record is made of nothing else; the corrections and the factions are in the
        code part of every key)."""
        if isinstance(subject, CodedArticle):
            return "a" + self.article_key(subject)
        if isinstance(subject, Event):
            return "e" + self.event_key(subject)
        return "n" + _digest(repr(subject))

    def row_key(self, subject: Incident | Event) -> str:
        """The key of a report's row (or feature) in the downloads: its article's page
        key (the article, its slug, the events it reports) and its id; an event's row's
        is the event's key."""
        if isinstance(subject, Event):
            return "e" + self.event_key(subject)
        return "i" + self.article_key(self.article_of_id[subject.article_id]) + subject.id

    def list_key(
        self,
        head: object,
        totals: Collection[Total],
        latest: Collection[Event],
        parts: Collection[Part[Event]],
    ) -> str:
        """What a governorate's or a faction's page prints: its heading (``head``), the
        figures of ``totals`` with the governorates and factions they are spread over
        (names and links included), the rows of its ``latest`` events, and the months
        of its archive. Not the events the page only counts: adding an event in Daraa
        changes the Daraa page's key, not the Idlib page's."""
        figures = []
        for t in totals:
            factions = [
                (fid, n, self.faction_name(fid), self.has_faction_page(fid))
                for fid, n in self.factions_of(t)
            ]
            figures.append((_figures(t), self.governorates_of(t), factions))
        archive = [(p.key, p.label, len(p.rows)) for p in parts]
        return _digest(repr((head, figures, archive)) + self.events_key(latest))

    def near_misses_key(
        self, province: str, part: int, parts: int, misses: Collection[NearMiss]
    ) -> str:
        """What a page of possible duplicates prints: its governorate and place among
        the pages, each pair (what they share and what kept them apart), the two
        events (every figure and report of theirs) and the reports linked."""
        events = self.report.events_by_id
        rows = []
        shown: list[Event] = []
        for miss in misses:
            first = self.incident_by_id[miss.first_incident]
            second = self.incident_by_id[miss.second_incident]
            rows.append((miss, self.links.incident(first), self.links.incident(second)))
            shown += [events[miss.first], events[miss.second]]
        head = (province, self.governorate_name(province), part, parts)
        return _digest(repr((head, rows)) + self.events_key(shown))

    @staticmethod
    def toll_range(event: Event) -> str:
        """' (70–126)' when the reports' death tolls differ, else ''."""
        lo, hi = event.killed_low, event.killed_high
        if lo is None or hi is None or lo == hi:
            return ""
        return f" ({number(lo)}–{number(hi)})"


def svg_size(svg: str) -> tuple[str, str]:
    """The width and height of an SVG sitrep drew (from its ``viewBox``)."""
    box = svg.split('viewBox="', 1)[1].split('"', 1)[0].split()
    return box[2], box[3]


def make_environment(templates: Path) -> jinja2.Environment:
    if not templates.is_dir():
        raise SitrepError(f"templates folder not found: {templates}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: every untrusted value goes through |md
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_inline
    env.filters["yaml"] = yaml_string
    env.filters["num"] = number
    env.filters["humanize"] = humanize
    env.filters["bloc"] = bloc_name
    env.globals["downloads"] = DOWNLOADS
    env.globals["newest_first"] = newest_first
    env.globals["newest_events_first"] = newest_events_first
    env.globals["figure"] = figure_html  # trusted SVG built from escaped data; never |md
    env.globals["choropleth"] = choropleth_svg
    env.globals["charts"] = all_charts
    env.globals["REPORTS_IN_ROW"] = REPORTS_IN_ROW
    env.globals["OTHER_REPORTS_LISTED"] = OTHER_REPORTS_LISTED
    env.globals["assets"] = ASSETS
    env.globals["map_size"] = map_size()
    env.globals["svg_size"] = svg_size
    return env


def _render(env: jinja2.Environment, template: str, path: str, **context: object) -> str:
    depth = len(PurePosixPath(path).parts) - 1
    try:
        return env.get_template(template).render(
            root="../" * depth, url_root=link_prefix_for(path), **context
        )
    except jinja2.TemplateError as exc:
        raise SitrepError(f"template {template} failed: {exc}") from exc


def _figures(total: Total) -> tuple[int, ...]:
    """Every figure ``totals_line`` prints of a total (``_macros.md.j2``)."""
    return (
        total.count,
        total.reports,
        total.undated,
        total.killed,
        total.killed_civilians,
        total.injured,
        total.unknown_toll,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


@dataclass(frozen=True)
class PageJob:
    """One page of the site, not yet rendered."""

    path: str
    """Under docs/, POSIX."""
    key: str | None
    """A hash of what the page is made of (the code aside); None for a page that is
    rendered on every build (a few small pages made of the whole report)."""
    render: Callable[[], str | Iterator[str]]
    """The page's text; a large download's text in pieces (written as they come)."""


def page_jobs(
    report: Report,
    templates: Path = DEFAULT_TEMPLATES,
    *,
    hand_written: Collection[str] = (),
    kept: KeptRecords | None = None,
) -> Iterator[PageJob]:
    """Every generated page, keyed, in a stable order (see the module docstring).

    ``hand_written``: paths under docs/ of pages sitrep did not write
    (:func:`hand_written_pages`); no generated page takes their place. ``kept``: the
    records of ``incidents.json`` the last build wrote, copied where their key is the
    same (:mod:`generator.pages.kept`)."""
    env = make_environment(templates)
    site = Site(report, hand_written)

    def page(path: str, template: str, key: str | None = None, **context: object) -> PageJob:
        def render() -> str:
            return _render(env, template, path, site=site, report=report, **context)

        return PageJob(path, key, render)

    def fixed(path: str, make: Callable[[], str]) -> PageJob:
        return PageJob(path, None, make)

    # Shared figures: files of their own, shown by the pages through <object>.
    yield fixed(
        ASSETS["map"], lambda: choropleth_svg(report, link_prefix="../../", standalone=True) + "\n"
    )
    for province in report.by_province:
        yield fixed(
            ASSETS["map_of"].format(province=province),
            lambda p=province: (
                choropleth_svg(report, highlight=p, link_prefix="../../", standalone=True) + "\n"
            ),  # type: ignore[misc]
        )
    charts = all_charts(report)
    for chart in charts:
        yield fixed(ASSETS["chart"].format(kind=chart_kind(chart)), lambda c=chart: c.svg + "\n")  # type: ignore[misc]

    yield page(
        "index.md", "home.md.j2", latest=report.overall.events[:LATEST_ON_HOME], charts=charts
    )
    yield page(
        "articles/index.md",
        "articles_index.md.j2",
        latest=site.articles_by_date[:LATEST],
        parts=site.articles_archive,
    )
    for part in site.articles_archive if len(site.articles_by_date) > LATEST else ():
        yield page(
            Links.articles_archive(part.key),
            "articles_archive.md.j2",
            key=_digest(
                repr(
                    (
                        part.key,
                        part.label,
                        [
                            (
                                c.article,
                                site.links.article_slugs[c.article.id],
                                len(c.incidents),
                                [i.killed for i in c.incidents if not i.aggregate],
                            )
                            for c in part.rows
                        ],
                        [p.key for p in site.articles_archive],
                    )
                )
            ),
            part=part,
            parts=site.articles_archive,
        )
    for coded in report.articles:
        yield page(
            site.links.article(coded.article.id),
            "article.md.j2",
            key=site.article_key(coded),
            coded=coded,
            counted=[i for i in coded.incidents if not i.aggregate],
            stated=[i for i in coded.incidents if i.aggregate],
        )
    yield page("governorates/index.md", "governorates_index.md.j2")
    for province, total in report.by_province.items():
        parts = site.event_archive(list(total.events)) if total.count > LATEST else []
        latest = total.events[:LATEST]
        yield page(
            site.links.governorate(province),
            "governorate.md.j2",
            key=site.list_key(
                ("governorate", province, site.governorate_name(province)), [total], latest, parts
            ),
            province=province,
            total=total,
            latest=latest,
            parts=parts,
        )
        yield from _archive_pages(
            page,
            site,
            parts,
            lambda key, p=province: Links.governorate_archive(p, key),  # type: ignore[misc]
            title=f"{site.governorate_name(province)} governorate",
            home=site.links.governorate(province),
        )
    yield page("factions/index.md", "factions_index.md.j2")
    for fid in site.faction_ids:
        empty = Total(fid, ())
        events = site.events_of_faction(fid)
        parts = site.event_archive(events) if len(events) > LATEST else []
        as_perpetrator = report.by_perpetrator.get(fid, empty)
        as_target = report.by_target.get(fid, empty)
        yield page(
            site.links.faction(fid),
            "faction.md.j2",
            key=site.list_key(
                ("faction", report.factions[fid]),
                [as_perpetrator, as_target],
                events[:LATEST],
                parts,
            ),
            faction=report.factions[fid],
            as_perpetrator=as_perpetrator,
            as_target=as_target,
            latest=events[:LATEST],
            parts=parts,
        )
        yield from _archive_pages(
            page,
            site,
            parts,
            lambda key, f=fid: Links.faction_archive(f, key),  # type: ignore[misc]
            title=md_inline(report.factions[fid].name),
            home=site.links.faction(fid),
        )
    yield page("search.md", "search.md.j2")
    yield page("methodology.md", "methodology.md.j2", methodology=methodology_context())
    yield page("possible-duplicates/index.md", "possible_duplicates_index.md.j2")
    for province, misses in site.near_misses_by_province:
        chunks = [misses[i : i + MAX_ROWS] for i in range(0, len(misses), MAX_ROWS)]
        for n, chunk in enumerate(chunks, start=1):
            yield page(
                Links.possible_duplicates(province, n),
                "possible_duplicates.md.j2",
                key=site.near_misses_key(province, n, len(chunks), chunk),
                province=province,
                misses=chunk,
                part=n,
                parts=len(chunks),
            )
    problems = report.problems
    chunks_p = [
        problems[i : i + PROBLEMS_PER_PAGE] for i in range(0, len(problems), PROBLEMS_PER_PAGE)
    ] or [()]
    for n, chunk_p in enumerate(chunks_p, start=1):
        yield page(
            Links.build_report(n), "build_report.md.j2", rows=chunk_p, part=n, parts=len(chunks_p)
        )
    yield page(
        "data.md",
        "data.md.j2",
        snapshot=snapshot(report),
        files=[
            ("events", "one row per event, counted once: sum its numbers", EVENT_COLUMNS),
            ("csv", "one row per report of an event, with its sentence", INCIDENT_COLUMNS),
            ("stated", "the totals articles state: never to be summed", STATED_COLUMNS),
        ],
    )
    # Downloads: the same data as files, events counted once, stated totals apart.

    def url_of(inc: Incident) -> str:
        return site_url(site.links.incident(inc))

    if kept is None:
        yield fixed(DOWNLOADS["events"], lambda: events_csv(report, url_of=url_of))
        yield fixed(DOWNLOADS["csv"], lambda: incidents_csv(report))
        yield fixed(DOWNLOADS["stated"], lambda: stated_totals_csv(report))
        yield fixed(DOWNLOADS["geojson"], lambda: incidents_geojson(report, url_of=url_of))
    else:  # each row and feature copied from the last build's file where its key is the same
        reuse = Reuse(site.row_key, kept.text)
        files: list[tuple[str, Callable[[], Iterator[str]]]] = [
            (DOWNLOADS["events"], lambda: events_csv_lines(report, url_of=url_of, reuse=reuse)),
            (DOWNLOADS["csv"], lambda: incidents_csv_lines(report, reuse=reuse)),
            (DOWNLOADS["stated"], lambda: stated_totals_csv_lines(report, reuse)),
            (
                DOWNLOADS["geojson"],
                lambda: incidents_geojson_pieces(report, url_of=url_of, reuse=reuse),
            ),
        ]
        for path, pieces in files:
            yield PageJob(path, None, lambda p=path, m=pieces: kept.track(p, m()))  # type: ignore[misc]

    def contract() -> Iterator[str]:
        if kept is None:
            return chain(dump_json(report_contract(report)), ["\n"])
        pieces = dump_json(report_contract(report, keys=site.record_key), keep=kept.text)
        return kept.track(DOWNLOADS["json"], chain(pieces, ["\n"]))

    yield PageJob(DOWNLOADS["json"], None, contract)


def _archive_pages(
    page: Callable[..., PageJob],
    site: Site,
    parts: list[Part[Event]],
    path_of: Callable[[str], str],
    *,
    title: str,
    home: str,
) -> Iterator[PageJob]:
    """One page per part of an archive of events, each linked to its neighbours."""
    keys = [p.key for p in parts]
    for i, part in enumerate(parts):
        newer = parts[i - 1] if i > 0 else None
        older = parts[i + 1] if i + 1 < len(parts) else None
        yield page(
            path_of(part.key),
            "events_archive.md.j2",
            key=_digest(
                repr((title, home, keys[max(0, i - 1) : i + 2], part.label))
                + site.events_key(part.rows)
            ),
            title=title,
            home=home,
            part=part,
            newer=newer and (newer, path_of(newer.key)),
            older=older and (older, path_of(older.key)),
        )


def chart_kind(chart: Chart) -> str:
    """'chart-by-month' -> 'by-month': the chart's file name."""
    return chart.kind.removeprefix("chart-")


def render_pages(
    report: Report, templates: Path = DEFAULT_TEMPLATES, *, hand_written: Collection[str] = ()
) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/ (POSIX), rendered in memory."""
    pages: dict[str, str] = {}
    for job in page_jobs(report, templates, hand_written=hand_written):
        text = job.render()
        pages[job.path] = text if isinstance(text, str) else "".join(text)
    return dict(sorted(pages.items()))
