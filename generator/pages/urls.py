"""Where every page lives: its path under ``docs/`` and the URL MkDocs serves it at.

Templates link with Markdown links to ``.md`` paths (:class:`Links`), which MkDocs
rewrites. Raw HTML (the SVG map, the GeoJSON's links back to the evidence) is
never rewritten, so there the link must already be the final URL, relative to the
page's *URL*, not to its Markdown file. With ``use_directory_urls: true`` the page
``docs/governorates/idlib.md`` is served at ``governorates/idlib/``, one
directory deeper than its file: from there the site root is ``../../``, not
``../``. :func:`link_prefix_for` gives that path to the root:

============================  =========================  ===========
page under docs/              served at                  link_prefix
============================  =========================  ===========
``index.md``                  ``/``                      ``""``
``governorates/index.md``     ``/governorates/``         ``"../"``
``governorates/idlib.md``     ``/governorates/idlib/``   ``"../../"``
``build-report.md``           ``/build-report/``         ``"../"``
============================  =========================  ===========

(It equals render's ``root`` for ``index.md`` pages and ``root + "../"`` for every
other page.) Relative links keep the site working wherever it is served from (a
sub-path on GitHub Pages, ``file://``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from slugify import slugify

from generator.model import Incident
from generator.publish.swap import read_manifest
from generator.safety.slugs import SLUG_MAX_LEN, disambiguate, key_hash, slugify_title

if TYPE_CHECKING:
    from generator.events.merge import EventReport
    from generator.events.totals import Report

INDEX_NAMES = ("index", "README")
"""Page names MkDocs serves as their folder's index (``x/index.md`` at ``x/``)."""

ARTICLES_DIR = "articles"
"""The folder of docs/ that holds a page per article."""

GENERATED_IN_ARTICLES = INDEX_NAMES
"""Names an article page never takes: ``articles/index.md`` is the Articles page
(an article file named ``index.txt`` replaced it), and MkDocs reads a
``README.md`` as a folder's index page too."""

DOWNLOADS = {
    "events": "downloads/events.csv",
    "csv": "downloads/incidents.csv",
    "stated": "downloads/stated_totals.csv",
    "json": "downloads/incidents.json",
    "geojson": "downloads/incidents.geojson",
}
"""The files to download, under docs/."""

ASSETS = {
    "map": "assets/maps/syria.svg",
    "map_of": "assets/maps/{province}.svg",
    "chart": "assets/charts/{kind}.svg",
}
"""The map and the charts, files of their own under docs/ (``str.format`` fields):
each page that shows one points at the file, none holds a copy. Two folders
down, so their links to pages start with ``../../``."""

ARCHIVE_DIR = "archive"
"""The archive of the Articles page, one page per month (not under ``articles/``,
where any name may be an article's)."""

_SAFE_ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Links:
    """Where every page lives, so templates never build a path by hand."""

    article_slugs: Mapping[str, str]

    @staticmethod
    def for_report(report: Report, hand_written: Collection[str] = ()) -> Links:
        """A slug per article, from its id: never a generated page's name nor a
        ``hand_written`` page's (paths under docs/, see :func:`hand_written_pages`).

        Ids that slugify alike ("Foo Bar", "foo-bar") or that a page already holds get
        a suffix derived from the id itself (:func:`generator.safety.slugs.disambiguate`),
        so adding an article never moves another one's page; an id that is its own
        slug keeps it."""
        wanted = {c.article.id: slugify_title(c.article.id, taken=set()) for c in report.articles}
        order = sorted(wanted, key=lambda i: (wanted[i] != i, i))
        reserved = [*GENERATED_IN_ARTICLES, *_names_in(hand_written, ARTICLES_DIR)]
        slugs = disambiguate(
            ((i, wanted[i]) for i in order), reserved=reserved, max_len=SLUG_MAX_LEN
        )
        return Links(slugs)

    def article(self, article_id: str) -> str:
        return f"{ARTICLES_DIR}/{self.article_slugs[article_id]}.md"

    @staticmethod
    def anchor(incident: Incident) -> str:
        return Links.anchor_of(incident.id)

    @staticmethod
    def anchor_of(incident_id: str) -> str:
        """'001_clashes-01' -> 'i-001-clashes-01': only ``[a-z0-9-]``. The id holds the
        article's file name, and the anchor is written into ``{#...}`` (attr_list)
        and into link targets, where a space, brace or line break in a file name
        became attributes (``onfocus=...``) or raw HTML. Still unique on its page:
        the incidents of an article page differ in their ``-NN`` ending, which
        slugifying keeps."""
        fast = incident_id.lower().replace("_", "-")
        if _SAFE_ANCHOR.fullmatch(fast):  # the common case, and what slugify would give
            return "i-" + fast
        return "i-" + (slugify(incident_id) or key_hash(incident_id)[:8])

    def incident(self, incident: Incident) -> str:
        return f"{self.article(incident.article_id)}#{self.anchor(incident)}"

    def report(self, report: EventReport) -> str:
        """One report of an event: its incident on its article page."""
        return f"{self.article(report.article_id)}#{self.anchor_of(report.incident_id)}"

    @staticmethod
    def governorate(province: str) -> str:
        return f"governorates/{province}.md"

    @staticmethod
    def faction(faction_id: str) -> str:
        return f"factions/{faction_id}.md"

    # Archive pages (generator.pages.paging): ``key`` is a part's key, "2016-03".
    @staticmethod
    def governorate_archive(province: str, key: str) -> str:
        return f"governorates/{province}/{key}.md"

    @staticmethod
    def faction_archive(faction_id: str, key: str) -> str:
        return f"factions/{faction_id}/{key}.md"

    @staticmethod
    def articles_archive(key: str) -> str:
        return f"{ARCHIVE_DIR}/{key}.md"

    @staticmethod
    def possible_duplicates(province: str, part: int = 1) -> str:
        """A governorate's possible duplicates; more than one page when there are many."""
        if part == 1:
            return f"possible-duplicates/{province}.md"
        return f"possible-duplicates/{province}/{part}.md"

    @staticmethod
    def build_report(part: int = 1) -> str:
        return "build-report.md" if part == 1 else f"build-report/{part}.md"


def _names_in(paths: Collection[str], folder: str) -> list[str]:
    """'articles/my-notes.md' -> 'my-notes', for the paths directly in ``folder``."""
    out = []
    for path in paths:
        parent, _, name = path.rpartition("/")
        if parent == folder and name:
            out.append(os.path.splitext(name)[0])
    return out


def hand_written_pages(docs: Path) -> list[str]:
    """The entries of docs/articles/ that sitrep did not write (not in its manifest):
    hand-written pages or folders, whose names no article page may take, so they
    are never overwritten, nor deleted when the article goes. Dotfiles are left
    out: MkDocs makes no page of them."""
    written = set(read_manifest(docs))
    try:
        with os.scandir(docs / ARTICLES_DIR) as entries:
            names = [e.name for e in entries if not e.name.startswith(".")]
    except OSError:  # no docs/ or no docs/articles/ yet
        return []
    return sorted(p for p in (f"{ARTICLES_DIR}/{n}" for n in names) if p not in written)


def _served_parts(page: str) -> list[str]:
    """The folders of the URL a page is served at: 'governorates/idlib.md' ->
    ['governorates', 'idlib'], 'governorates/index.md' -> ['governorates']."""
    parts = list(PurePosixPath(page).with_suffix("").parts)
    if parts and parts[-1] in INDEX_NAMES:
        parts.pop()
    return parts


def link_prefix_for(page: str) -> str:
    """The relative path from the URL of the page at ``page`` (under docs/) to the site root.

    MkDocs serves ``x/index.md`` (or ``README.md``) at ``x/`` and every other
    ``x/y.md`` at ``x/y/`` (``use_directory_urls: true``); see the module
    docstring.

    >>> [link_prefix_for(p) for p in ("index.md", "governorates/index.md", "governorates/idlib.md")]
    ['', '../', '../../']
    """
    return "../" * len(_served_parts(page))


def site_url(doc_path: str) -> str:
    """A docs/ path (``articles/x.md#i-1``) as its directory URL relative to the root
    (``articles/x/#i-1``), for links in raw HTML, which MkDocs does not rewrite."""
    path, sep, anchor = doc_path.partition("#")
    url = "".join(f"{p}/" for p in _served_parts(path))
    return url + (sep + anchor if sep else "")
