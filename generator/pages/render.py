"""Render a Report into Markdown pages with one Jinja environment.

All pages are rendered in memory (``render_pages``) before any is written
(:mod:`generator.publish`): a template error never leaves ``docs/`` half
rewritten. Where each page lives is :mod:`generator.pages.urls`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import cached_property
from pathlib import Path, PurePosixPath

import jinja2

from generator.contract import contract_json
from generator.events.merge import Event, NearMiss
from generator.events.rules import Reason
from generator.events.totals import Report, Total, newest_events_first, newest_first
from generator.knowledge.factions import faction_name
from generator.knowledge.governorates import names as governorate_names
from generator.model import PROVINCES, CodedArticle, Incident, SitrepError
from generator.pages.analyst import Analyst
from generator.pages.charts import all_charts, figure_html
from generator.pages.downloads import (
    EVENT_COLUMNS,
    INCIDENT_COLUMNS,
    STATED_COLUMNS,
    events_csv,
    incidents_csv,
    incidents_geojson,
    snapshot,
    stated_totals_csv,
)
from generator.pages.labels import humanize
from generator.pages.map import choropleth_svg
from generator.pages.methodology import methodology_context
from generator.pages.templates import FOLDER as DEFAULT_TEMPLATES
from generator.pages.urls import DOWNLOADS, Links, link_prefix_for, site_url
from generator.safety.escape import md_inline, yaml_string

LATEST_ON_HOME = 10


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

    @staticmethod
    def toll_range(event: Event) -> str:
        """' (70–126)' when the reports' death tolls differ, else ''."""
        lo, hi = event.killed_low, event.killed_high
        if lo is None or hi is None or lo == hi:
            return ""
        return f" ({number(lo)}–{number(hi)})"


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
    env.globals["downloads"] = DOWNLOADS
    env.globals["newest_first"] = newest_first
    env.globals["newest_events_first"] = newest_events_first
    env.globals["figure"] = figure_html  # trusted SVG built from escaped data; never |md
    env.globals["choropleth"] = choropleth_svg
    env.globals["charts"] = all_charts
    return env


def _render(env: jinja2.Environment, template: str, path: str, **context: object) -> str:
    depth = len(PurePosixPath(path).parts) - 1
    try:
        return env.get_template(template).render(
            root="../" * depth, url_root=link_prefix_for(path), **context
        )
    except jinja2.TemplateError as exc:
        raise SitrepError(f"template {template} failed: {exc}") from exc


def render_pages(
    report: Report, templates: Path = DEFAULT_TEMPLATES, *, hand_written: Collection[str] = ()
) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/ (POSIX), in memory.

    ``hand_written``: paths under docs/ of pages sitrep did not write
    (:func:`hand_written_pages`); no generated page takes their place."""
    env = make_environment(templates)
    site = Site(report, hand_written)
    pages: dict[str, str] = {}

    def page(path: str, template: str, **context: object) -> None:
        pages[path] = _render(env, template, path, site=site, report=report, **context)

    page("index.md", "home.md.j2", latest=report.overall.events[:LATEST_ON_HOME])
    page("articles/index.md", "articles_index.md.j2")
    for coded in report.articles:
        page(
            site.links.article(coded.article.id),
            "article.md.j2",
            coded=coded,
            counted=[i for i in coded.incidents if not i.aggregate],
            stated=[i for i in coded.incidents if i.aggregate],
        )
    page("governorates/index.md", "governorates_index.md.j2")
    for province, total in report.by_province.items():
        page(site.links.governorate(province), "governorate.md.j2", province=province, total=total)
    page("factions/index.md", "factions_index.md.j2")
    for fid in site.faction_ids:
        empty = Total(fid, ())
        page(
            site.links.faction(fid),
            "faction.md.j2",
            faction=report.factions[fid],
            as_perpetrator=report.by_perpetrator.get(fid, empty),
            as_target=report.by_target.get(fid, empty),
        )
    page("methodology.md", "methodology.md.j2", methodology=methodology_context())
    page("possible-duplicates/index.md", "possible_duplicates_index.md.j2")
    for province, misses in site.near_misses_by_province:
        page(
            f"possible-duplicates/{province}.md",
            "possible_duplicates.md.j2",
            province=province,
            misses=misses,
        )
    page("build-report.md", "build_report.md.j2")
    page(
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

    pages[DOWNLOADS["events"]] = events_csv(report, url_of=url_of)
    pages[DOWNLOADS["csv"]] = incidents_csv(report)
    pages[DOWNLOADS["stated"]] = stated_totals_csv(report)
    pages[DOWNLOADS["geojson"]] = incidents_geojson(report, url_of=url_of)
    pages[DOWNLOADS["json"]] = (
        json.dumps(
            contract_json(
                report.articles,
                report.factions,
                report.events,
                near_misses=report.near_misses,
                corrections=report.corrections,
                grades=report.grades,
                snapshot=snapshot(report),
            ),
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    return dict(sorted(pages.items()))
