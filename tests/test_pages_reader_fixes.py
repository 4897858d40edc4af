"""What a new reader of the site hit, each fixed on the pages: bloc names as words,
a faction page that opens with its events (not its aliases), a table by perpetrator
that adds up, map points placed on a centroid drawn as such, and a search box on
the Articles page."""

from __future__ import annotations

import datetime as dt
import re

from generator.events.totals import build_report
from generator.model import Casualties, CodedArticle, Faction, Place
from generator.pages.map import choropleth_svg
from generator.pages.render import render_pages
from tests.helpers import FACTIONS, article, incident

ALIASES = tuple(f"Alias number {k}" for k in range(40))


def _coded(n: int, perpetrator: str | None, place: Place, killed: int) -> CodedArticle:
    aid = f"r{n:03d}"
    inc = incident(
        aid,
        1,
        date=dt.date(2017, 1, 1) + dt.timedelta(days=n),
        date_precision="day",
        place=place,
        means="shelling",
        perpetrator=perpetrator,
        target="syrian-government",
        killed=Casualties(total=killed),
        evidence=f"Shelling killed {killed}.",
    )
    return CodedArticle(article("", id=aid, title=f"Report {n}"), "A summary.", (inc,))


def _report():
    factions = {**FACTIONS, "hts": Faction("hts", "Hay'at Tahrir al-Sham", "hts-nusra", ALIASES)}
    coded = [
        _coded(1, "hts", Place("Saraqib", "idlib", 35.86, 36.8, "place"), 3),
        _coded(2, "hts", Place("Jisr al-Shughur district", "idlib", 35.8, 36.32, "district"), 2),
        _coded(3, None, Place("Idlib governorate", "idlib", 35.9, 36.6, "governorate"), 5),
        _coded(4, None, Place("Daraa", "daraa", 32.62, 36.1, "place"), 1),
    ]
    return build_report(coded, [], factions)


def test_bloc_names_are_words_not_ids():
    pages = render_pages(_report())
    assert "Bloc: HTS / al-Nusra." in pages["factions/hts.md"]
    assert "Hts nusra" not in "".join(pages.values())
    assert "Islamic state" not in "".join(pages.values())


def test_a_faction_page_opens_with_its_figures_and_keeps_its_aliases_folded_at_the_end():
    page = render_pages(_report())["factions/hts.md"]
    first_alias = page.index(ALIASES[0])
    assert first_alias > page.index("## Events, newest first")
    folded = page[page.rindex("<details") : page.rindex("</details>")]
    assert "<details " in page and " open" not in folded.split(">")[0]
    assert all(a in folded for a in ALIASES)


def test_the_table_by_perpetrator_adds_up_to_every_event():
    report = _report()
    home = render_pages(report)["index.md"]
    section = home[home.index("## By perpetrator") :]
    section = section[: section.index("\n## ")]
    cell = r" \| \**([\d,]+)\**"
    rows = re.findall(rf"^\| (.+?){cell}{cell}{cell} \|$", section, re.M)
    named = [r for r in rows if "All events" not in r[0]]
    total = next(r for r in rows if "All events" in r[0])
    assert any(r[0] == "Not stated" and r[1] == "2" for r in named), rows
    assert sum(int(r[1]) for r in named) == int(total[1]) == report.overall.count == 4
    assert sum(int(r[2]) for r in named) == int(total[2]) == report.overall.killed == 11


def test_map_points_on_a_centroid_are_drawn_unlike_exact_points():
    svg = choropleth_svg(_report())
    dots = re.findall(r"<circle[^>]*>(?:<title>([^<]*)</title>)?", svg)
    rings = svg[svg.index('stroke-dasharray="') :]
    assert "Jisr al-Shughur district" in rings.split("</g>")[0]  # a dashed ring
    assert "Saraqib" not in rings.split("</g>")[0]  # an exact dot, drawn elsewhere
    assert "Saraqib" in svg
    assert "Idlib governorate" not in svg  # a governorate's centroid is not drawn
    assert dots


def test_the_articles_page_has_a_search_box_that_opens_the_search_page():
    page = render_pages(_report())["articles/index.md"]
    form = re.search(
        r'<form class="sitrep-page-search"[^>]* action="([^"]+)"[^>]*>(.*?)</form>', page
    )
    assert form, page[:800]
    assert form[1] == "../search/"  # articles/index.md is served at articles/
    assert 'name="q"' in form[2]
