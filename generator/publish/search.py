"""The site's search: Pagefind indexes the built HTML into fragments.

mkdocs-material's search downloads one index of the whole site before the first
result (50 MB at 20,000 articles, ~2.5 KB per article). Pagefind (the ``pagefind``
package, its binary from ``pagefind_bin``: nothing is fetched at build time) splits
the index into chunks by word and the pages into fragments, so a search loads the
chunks of its words and the fragments of the results it shows, from the bundles it
searches (below).

What is indexed: the content of every page that the theme marks
``data-pagefind-body`` (``overrides/main.html``: every page but those whose front
matter says ``search: exclude``, the archive pages), minus :data:`EXCLUDE`: the
tables (the figures repeat the pages' text), the figures, the column toggles and
every element sitrep marks ``data-search-exclude``. An article is found by its
title, summary, tags and evidence sentences.

**In parts by time, so a search and a rebuild stay bounded.** Pagefind has no
incremental mode (it reads every page and writes the whole index again, about 3 ms
a page: `Pagefind#71 <https://github.com/Pagefind/pagefind/issues/71>`_), and a
search loads, from every bundle it searches, the bundle's page list (about 7 bytes a
page) and the chunks of its words, which grow with the pages. So the index is cut
into bundles that Pagefind's interface merges at search time (its ``mergeIndex``):
the main bundle, ``pagefind/``, holds every page but the article pages (the home,
governorate, faction and other pages, which an added article changes) and is indexed
on every build; the article pages are split into parts of at most :data:`PART_PAGES`,
``pagefind/parts/NAME/``, by their publication day (:func:`article_day`, read from
the ``<meta name="sitrep-published">`` the theme writes first in the page's head from
its front matter): the span of days is halved while a
half holds more pages than a part may (:func:`split_parts`). A part is a span of
time, so the Search page (``overrides/assets/javascripts/sitrep-search.js``) loads
the main bundle and the newest parts up to :data:`SEARCH_PAGES` article pages, as
many again once when that finds less than a page of results, and older parts when
the reader asks ("Search older articles too"): what a search downloads does not
grow with the archive (``tools/bench_search.py`` measures it). What a reader loses:
a first search over a big archive ranks only the newest articles; an older one is
a click away. Cut by a hash instead (four parts, before), every search loaded every
part: 1.2 to 1.9 MB at 100,000 articles.

A part is a function of its pages' days alone, so a cold build and a rebuild cut the
same parts, an article stays in its part whatever is added (until that part grows
past the bound and is cut in two), and an added article makes Pagefind read again
one part of at most :data:`PART_PAGES` pages (before: a quarter of the archive).
A part is indexed again only when one of its pages changed as Pagefind indexes it;
otherwise its bundle from the last build is kept. A part is kept when its list of
pages, the Pagefind version and the options are the last build's, and each of its
pages has either the last build's page key (the keys of
:mod:`generator.publish.reuse`, which change whenever a page's HTML can: the HTML is
the one kept) or the same *search key* as the page's last HTML: the HTML with every
element Pagefind leaves out (:data:`EXCLUDE`) taken out (:func:`search_key`). So a
page that changed only there (the *Also reported by* list of an article whose event
gained a report, marked ``data-search-exclude``) does not make its part be indexed
again. Only the pages whose page key changed are read (for their day too), each
beside its last HTML (in the folder the last build is moved to until the index is
made); a cold build reads every article page once for its day.
``pagefind/sitrep-parts.json`` lists the parts newest first, with their page
counts and first and last days, for the Search page.

It runs after MkDocs has written the site (``on_post_build``), so ``mkdocs build``
and ``make site`` alone make a site whose search works; it needs a web server
(``make serve``, or any static server): a browser does not let a page opened from
disk (``file://``) fetch the index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from generator.publish.prune import remove_tree
from generator.safety.safeio import write_quietly

BUNDLE = "pagefind"
"""The folder of the site the index is written to."""
PART_PAGES = 1_500
"""Most article pages in one part: what an added article makes Pagefind read again
(about 3 ms a page; the four parts by hash this replaced held 1,250 pages each at
5,000 articles, 25,000 at 100,000)."""
SEARCH_PAGES = 3_000
"""Article pages the Search page searches at first, newest parts first (and as many
again once when that finds less than a page of results); older ones on demand. What a
search fetches is mostly per part searched (its page list and a chunk of about 25 KB
per word), so this bounds it. At 20,000 pages (``tools/bench_search.py``), parts of
at most 4,000 pages searched 10,000 at first cost 471 to 770 KB a query, and 6,000
405 to 592 KB; parts of 1,500 searched 3,000 at first, 417 to 641 KB. Smaller parts
cost more bytes for the pages they cover, larger ones more indexing per added
article: 1,500 keeps an add-one at 5,000 articles to what the hash parts cost."""
PARTS_LIST = "sitrep-parts.json"
"""In the main bundle: the parts' folders, relative to it, for the Search page."""
RECORD = ".sitrep-search.json"
"""In the site folder: each part's key, as last indexed."""
_TREE = ".sitrep-search-tree"
"""In the site folder, while indexing: links to the pages of one bundle."""
_FORMAT = 3

EXCLUDE = (
    "table",
    "figure",
    ".headerlink",
    ".sitrep-columns",
    ".sitrep-page-search",
    "[data-search-exclude]",
)
_BODY = b"data-pagefind-body"
"""Pagefind indexes only the pages that carry it, once any page of a site does."""


class SearchIndexError(Exception):
    """Pagefind failed; its message says why."""


_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_LEFT_OUT_TAGS = frozenset({"table", "figure"})
_LEFT_OUT_CLASSES = frozenset({"headerlink", "sitrep-columns", "sitrep-page-search"})
_LEFT_OUT_ATTR = "data-search-exclude"
assert set(EXCLUDE) == {
    *_LEFT_OUT_TAGS,
    *(f".{c}" for c in _LEFT_OUT_CLASSES),
    f"[{_LEFT_OUT_ATTR}]",
}, "search_key must leave out what Pagefind is told to"


class _Unsure(Exception):
    """The HTML is not what :func:`search_key` can vouch for: keyed by all its bytes."""


class _Keyer(HTMLParser):
    """The page as Pagefind indexes it, hashed: every tag, attribute and text outside
    the left-out elements; inside them, only that they are there (and any ``id``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.h = hashlib.sha256()
        self.skipping: list[str] = []

    def _left_out(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _LEFT_OUT_TAGS:
            return True
        for name, value in attrs:
            if name == _LEFT_OUT_ATTR:
                return True
            if name == "class" and value and _LEFT_OUT_CLASSES.intersection(value.split()):
                return True
        return False

    def _put(self, *parts: object) -> None:
        self.h.update(repr(parts).encode("utf-8", "surrogatepass"))

    def _check_hidden(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # What Pagefind may read even in a left-out element (its own attributes, an
        # image for a result's picture): not vouched for, so the whole page is keyed.
        if tag == "img" or any(name.startswith("data-pagefind") for name, _ in attrs):
            raise _Unsure
        for name, value in attrs:
            if name == "id":
                self._put("hidden-id", value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            self._check_hidden(tag, attrs)
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if self._left_out(tag, attrs) and tag not in _VOID:
            self._check_hidden(tag, attrs)
            self._put("left-out", tag)
            self.skipping.append(tag)
            return
        self._put("<", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or self._left_out(tag, attrs):
            self._check_hidden(tag, attrs)
            return
        self._put("<>", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.skipping:
            self._put(">", tag)
            return
        if tag not in self.skipping:
            raise _Unsure  # an end tag that opened nothing left out: not vouched for
        while self.skipping.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._put("t", data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.skipping:
            self._put("c", data)

    def handle_decl(self, decl: str) -> None:
        self._put("d", decl)

    def handle_pi(self, data: str) -> None:
        self._put("p", data)

    def unknown_decl(self, data: str) -> None:
        self._put("u", data)


def search_key(html: bytes) -> str:
    """A key of what Pagefind indexes of a page: its HTML without the elements it is
    told to leave out (:data:`EXCLUDE`). Two pages with the same key differ only
    inside such elements. Conservative: the whole page but those elements is in it
    (outside ``data-pagefind-body`` too), the ``id`` of every element left out is in
    it, and a page it cannot vouch for (not UTF-8, an end tag out of place, an image
    or a ``data-pagefind-*`` attribute in a left-out element) is keyed by all its
    bytes."""
    try:
        keyer = _Keyer()
        keyer.feed(html.decode("utf-8"))
        keyer.close()
        if keyer.skipping:
            raise _Unsure
        return "s" + keyer.h.hexdigest()
    except (_Unsure, UnicodeDecodeError, AssertionError):
        return "b" + hashlib.sha256(html).hexdigest()


def _article_shaped(dest: str) -> bool:
    """Whether an output path is where an article page is: ``articles/SLUG/index.html``."""
    bits = dest.split("/")
    return len(bits) == 3 and bits[0] == "articles" and bits[2] == "index.html"


_HEAD = b"<head>"
_PUBLISHED = re.compile(rb'<head>\s*<meta name="sitrep-published" content="([^"<>]{0,40})">')
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WINDOW = 1024
"""Bytes of a page searched for its ``<head>``: the doctype and the ``<html>`` tag
come before it, nothing else."""
NOT_AN_ARTICLE = -1
UNDATED = 0
"""The day of an article page whose publication date is not stated: before any other."""


def article_day(html: bytes) -> int:
    """The publication day of an article page (``date.toordinal()``), :data:`UNDATED`
    when it is not stated, :data:`NOT_AN_ARTICLE` when the page does not state one.

    Read from the built HTML because the index is made from it alone (MkDocs' hooks
    pass only paths and keys, and a page kept from the last build is not read again),
    from the ``<meta name="sitrep-published">`` the theme writes first in ``<head>``
    for a page whose front matter has ``published`` (``overrides/main.html``; sitrep
    writes it on every article page, ``site_templates/article.md.j2``). Only there:
    that tag, right after the first ``<head>`` in the page's first :data:`_WINDOW`
    bytes, where nothing of the article comes before it. So no title, cell or sentence
    of an article, whatever it holds (the page's Source / Published / File table, where
    the day used to be read, or a copy of the tag itself), can move the article to
    another part. Bounded: two searches in the first bytes."""
    at = html.find(_HEAD, 0, _WINDOW)
    if at < 0:
        return NOT_AN_ARTICLE
    found = _PUBLISHED.match(html, at, at + _WINDOW)
    if found is None:
        return NOT_AN_ARTICLE
    cell = found.group(1).decode("ascii", "replace")
    if not _ISO_DAY.fullmatch(cell):
        return UNDATED
    try:
        return dt.date.fromisoformat(cell).toordinal()
    except ValueError:
        return UNDATED


_SPAN = 1 << 20
"""Day ordinals the parts cover, [0, 2**20): 0 is undated, 2026 is about 740,000."""
_MAX_BITS = 16
"""Hash bits that can split one day's pages (65,536 parts: never reached)."""


def _bit(rel: str, k: int) -> int:
    digest = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).digest()
    return (digest[k // 8] >> (7 - k % 8)) & 1


def split_parts(days: Mapping[str, int], part_pages: int = PART_PAGES) -> dict[str, list[str]]:
    """The article pages (path -> day) cut into parts of at most ``part_pages``: the span
    of days is halved while a half holds more, and one day's pages by the bits of a
    hash of their path. Returns part name -> its pages (sorted).

    A part is a function of its pages' days alone, not of the order they came in: a
    cold build and any sequence of rebuilds cut the same parts, and an added page goes
    to the one part of its day, which it splits in two only when it grows past the
    bound. Parts are spans of time, so the Search page can load the newest first."""
    out: dict[str, list[str]] = {}

    def cut(rels: list[str], lo: int, hi: int, bits: str) -> None:
        if len(rels) <= part_pages or len(bits) >= _MAX_BITS:
            out[f"{lo}-{hi - lo}" + (f"-{bits}" if bits else "")] = sorted(rels)
            return
        if hi - lo > 1:
            mid = (lo + hi) // 2
            halves = ([r for r in rels if days[r] < mid], [r for r in rels if days[r] >= mid])
            spans = ((lo, mid), (mid, hi))
            for half, (a, b) in zip(halves, spans, strict=True):
                if half:
                    cut(half, a, b, "")
            return
        k = len(bits)
        for bit in (0, 1):
            half = [r for r in rels if _bit(r, k) == bit]
            if half:
                cut(half, lo, hi, bits + str(bit))

    dated = [rel for rel, day in days.items() if day >= 0]
    if dated:
        cut(dated, 0, _SPAN, "")
    return out


@cache
def _pagefind() -> tuple[str, ...]:
    try:
        from pagefind.service import get_executable

        found = get_executable()
    except (ImportError, OSError):  # the package's own way, through Python
        found = None
    return (str(found),) if found is not None else (sys.executable, "-m", "pagefind")


def _run(tree: Path, out: Path) -> int:
    """Pagefind over ``tree`` into ``out``; returns how many pages it indexed."""
    cmd = [
        *_pagefind(),
        "--site",
        str(tree),
        "--output-path",
        str(out),
        "--exclude-selectors",
        ", ".join(EXCLUDE),
        "--force-language",
        "en",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SearchIndexError((proc.stderr or proc.stdout).strip()[-2000:] or "pagefind failed")
    for line in proc.stdout.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] in ("page", "pages"):
            return int(words[1])
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "?"


def _link_tree(site: Path, tree: Path, files: list[str], *, body_only: bool) -> int:
    """``tree`` with a hard link (a copy where links fail) to each of ``files`` at its
    path under ``site``; with ``body_only``, only the pages that carry
    ``data-pagefind-body``. Returns how many were linked. Each folder is made once
    (not asked for again per page: one article page per folder)."""
    remove_tree(tree)
    linked = 0
    made: set[str] = set()
    root, into = str(site), str(tree)
    for rel in files:
        src = os.path.join(root, rel)
        if body_only:
            with open(src, "rb") as f:
                if _BODY not in f.read():
                    continue
        dst = os.path.join(into, rel)
        folder = os.path.dirname(dst)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
        linked += 1
    tree.mkdir(parents=True, exist_ok=True)
    return linked


def _html_files(site: Path) -> list[str]:
    """Every HTML file of the site, but the index's and the dotfolders'."""
    out = []
    for root, dirs, names in os.walk(site):
        rel_root = os.path.relpath(root, site)
        if rel_root == ".":
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != BUNDLE]
        for name in names:
            if name.endswith(".html"):
                rel = name if rel_root == "." else f"{rel_root}/{name}"
                out.append(rel.replace(os.sep, "/"))
    return sorted(out)


@dataclass(frozen=True)
class _Record:
    """What the last index left in :data:`RECORD`."""

    parts: dict[str, str]
    """Part name -> key of its list of pages (and of the Pagefind version and options)."""
    pages: dict[str, str]
    """Page key of each article page the last index indexed or kept."""
    days: dict[str, tuple[str, int]]
    """Page key and day (:func:`article_day`) of each article-shaped page."""


def _load_record(site: Path) -> _Record:
    try:
        doc = json.loads((site / RECORD).read_text("utf-8"))
        if doc.get("format") != _FORMAT:
            return _Record({}, {}, {})
        parts = {str(k): str(v) for k, v in doc["parts"].items()}
        pages = {str(k): str(v) for k, v in doc["pages"].items()}
        days = {str(k): (str(v[0]), int(v[1])) for k, v in doc["days"].items()}
        return _Record(parts, pages, days)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return _Record({}, {}, {})


def _days(
    site: Path, rels: list[str], pages: Mapping[str, str] | None, last: _Record
) -> dict[str, int]:
    """The day of each article-shaped page: the last index's when the page's key is the
    one it had then (its HTML is the one read then), else read from the page."""
    out: dict[str, int] = {}
    for rel in rels:
        key = pages.get(rel) if pages is not None else None
        if key is not None and last.days.get(rel, ("", 0))[0] == key:
            out[rel] = last.days[rel][1]
            continue
        try:
            with open(os.path.join(site, rel), "rb") as f:
                out[rel] = article_day(f.read())
        except OSError:
            out[rel] = NOT_AN_ARTICLE
    return out


def _iso(day: int) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day > UNDATED else None


def _searched_alike(site: Path, previous: Path, rel: str) -> bool:
    """Whether a page rebuilt this build is, as Pagefind indexes it, the page the last
    build indexed (kept in ``previous`` until the index is made): :func:`search_key`."""
    try:
        with open(os.path.join(previous, rel), "rb") as f:
            before = f.read()
        with open(os.path.join(site, rel), "rb") as f:
            now = f.read()
    except OSError:
        return False
    return now == before or search_key(now) == search_key(before)


def _unchanged(
    site: Path,
    previous: Path,
    rels: list[str],
    pages: Mapping[str, str],
    old_pages: Mapping[str, str],
) -> bool:
    """Whether every page of a part is, as Pagefind indexes it, the one the last build
    indexed: its page key is the last build's (its HTML is the one kept), or the page was
    rebuilt and differs only in what Pagefind leaves out. Only rebuilt pages are read."""
    for rel in rels:
        key, last = pages.get(rel), old_pages.get(rel)
        if key is None or last is None:
            return False
        if key != last and not _searched_alike(site, previous, rel):
            return False
    return True


def index_site(
    site: Path,
    pages: Mapping[str, str] | None = None,
    previous: Path | None = None,
    *,
    part_pages: int = PART_PAGES,
    search_pages: int = SEARCH_PAGES,
) -> str:
    """Index ``site`` into ``site/pagefind/``; returns a summary line.

    ``pages``: output path -> key of every page MkDocs built or kept this build
    (:class:`generator.publish.reuse.Reuse`); ``previous``: the folder the last
    build's files were moved to, whose ``pagefind/parts/`` bundles are kept for the
    parts whose key did not change. Without them, every part is indexed.
    ``part_pages`` and ``search_pages``: :data:`PART_PAGES` and :data:`SEARCH_PAGES`
    (smaller in tests, for many parts from few pages)."""
    last = _load_record(site)
    (site / RECORD).unlink(missing_ok=True)  # written again when this index is whole
    files = _html_files(site)
    days = _days(site, [rel for rel in files if _article_shaped(rel)], pages, last)
    main = [rel for rel in files if days.get(rel, NOT_AN_ARTICLE) < 0]
    members = split_parts(days, part_pages)
    tree = site / _TREE
    bundle = site / BUNDLE
    remove_tree(bundle)
    listed: list[tuple[int, str, dict[str, object]]] = []
    try:
        # Pagefind indexes only the pages marking data-pagefind-body once any page of
        # the site does (sitrep's theme marks every page but the archives), and every
        # page of a site where none does. The main bundle decides for every bundle
        # (its pages include the home page, which sitrep's theme marks).
        marked = _link_tree(site, tree, main, body_only=True) > 0
        if not marked:
            _link_tree(site, tree, main, body_only=False)
        indexed = _run(tree, bundle)
        page_keys: dict[str, str] = {}
        keys: dict[str, str] = {}
        kept = 0
        prefix = f"{_FORMAT}\n{_version()}\n{EXCLUDE}\n".encode("utf-8", "surrogateescape")
        for name, rels in members.items():
            h = hashlib.sha256(prefix)  # the part's list of pages
            for rel in rels:
                h.update(f"{rel}\n".encode("utf-8", "surrogateescape"))
            key_n = h.hexdigest()
            where = bundle / "parts" / name
            before = previous / BUNDLE / "parts" / name if previous is not None else None
            unkeyed = pages is None or any(rel not in pages for rel in rels)
            if (
                pages is not None
                and not unkeyed
                and previous is not None
                and before is not None
                and last.parts.get(name) == key_n
                and before.is_dir()
                and _unchanged(site, previous, rels, pages, last.pages)
            ):
                where.parent.mkdir(parents=True, exist_ok=True)
                os.replace(before, where)
                kept += 1
            else:
                count = _link_tree(site, tree, rels, body_only=marked)
                if not count:
                    continue  # no page of this part is indexed
                indexed += _run(tree, where)
            if not unkeyed and pages is not None:
                keys[name] = key_n
                page_keys.update((rel, pages[rel]) for rel in rels)
            span = [days[rel] for rel in rels]
            entry = {"path": f"parts/{name}/", "pages": len(rels),
                     "from": _iso(min(span)), "to": _iso(max(span))}  # fmt: skip
            listed.append((-max(span), name, entry))
    finally:
        remove_tree(tree)
    newest_first = [entry for _, _, entry in sorted(listed)]
    doc_parts = {"search_pages": search_pages, "parts": newest_first}
    (bundle / PARTS_LIST).write_text(json.dumps(doc_parts, sort_keys=True) + "\n", "utf-8")
    seen = {rel: (pages[rel], day) for rel, day in days.items() if pages and rel in pages}
    doc = {"format": _FORMAT, "parts": keys, "pages": page_keys, "days": seen}
    write_quietly(site / RECORD, json.dumps(doc, sort_keys=True))
    return f"Indexed {indexed} pages ({kept} of {len(listed)} article parts kept)"
