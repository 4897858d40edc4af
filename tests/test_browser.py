"""The built site in a real browser: what an analyst sees and clicks.

Why a browser and not HTML assertions: the search box, the chart and map
figures and the table wrapping are mkdocs-material's JavaScript and CSS at
work; only a browser shows that they load, run without console errors and
fetch nothing from another host (the site must work offline and must not tell
anyone who reads it).

The site is built from the sample ``articles/`` into a temporary folder
(``sitrep build`` then ``mkdocs build --strict``; ``conftest.clean_site``), and
so is the hostile corpus (``conftest.hostile_site``), whose every page must open
without a single dialog; each is served by a stdlib HTTP server on 127.0.0.1,
and driven with Playwright in the system's Chromium (Debian's ``chromium``
package: Playwright's own browser download is never used). Every request is
routed: one to any other host is aborted and fails the test.

Where Chromium or Playwright is missing the tests are skipped with the reason;
with ``SITREP_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead, so
CI cannot pass without having run them.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The village, the article that names it and the governorate it lies in: the
# sample article 000 reports the failed raid on Fleifel in Idlib.
VILLAGE = "Fleifel"
ARTICLE_SLUG = "000-b54625fb741f59a2"
GOVERNORATE = "Idlib"

# Started with the network closed in mind: nothing that phones home, no
# sandbox (CI runs as root), a fresh profile per run.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

TIMEOUT_MS = 15_000


def _chromium() -> str | None:
    """The system Chromium: $SITREP_CHROMIUM if set, else chromium on PATH or in /usr/bin."""
    chosen = os.environ.get("SITREP_CHROMIUM")
    for found in [chosen] if chosen else [shutil.which("chromium"), "/usr/bin/chromium"]:
        if found and Path(found).is_file():
            return found
    return None


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if _chromium() is None:
        return "Chromium not found (apt-get install chromium, or set SITREP_CHROMIUM)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SITREP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def site_dir(clean_site: Path) -> Path:
    """The sample articles built into a site, as ``make site`` does (conftest)."""
    return clean_site


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def _serve(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    with _serve(site_dir) as url:
        yield url


@dataclass
class Browser:
    """A page plus everything the site did wrong while it was open."""

    page: Any
    base: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def goto(self, path: str = "") -> None:
        self.page.goto(self.base + path, wait_until="load")

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests left localhost: {self.foreign_requests}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture(scope="module")
def _context(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh user-data-dir
            executable_path=_chromium(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
            service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def browser(_context: Any, base_url: str) -> Iterator[Browser]:
    b = Browser(page=_context.new_page(), base=base_url)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            b.foreign_requests.append(url)
            r.abort()

    b.page.route("**/*", route)
    b.page.on("console", lambda m: m.type == "error" and b.console_errors.append(m.text))
    b.page.on("pageerror", lambda e: b.console_errors.append(f"uncaught: {e}"))
    yield b
    b.page.close()


def test_home_page_shows_the_map_and_the_charts(browser: Browser) -> None:
    """The map and the charts are SVG files shared by the pages, shown through <object>."""
    browser.goto()
    page = browser.page
    page.wait_for_load_state("networkidle")
    figures = page.locator("article .sitrep-figure object")
    assert figures.count() >= 2, "the home page should have the map and at least one chart"
    inside = []
    for i in range(figures.count()):
        box = figures.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50, (i, box)
        inside.append(
            figures.nth(i).evaluate(
                """o => { const d = o.contentDocument; return d && {
                    links: [...d.querySelectorAll('a')].map(a => a.getAttribute('href')),
                    rects: d.querySelectorAll('rect').length }; }"""
            )
        )
    # The map links every governorate to its page; the charts draw bars.
    links = [h for svg in inside if svg for h in svg["links"]]
    assert any(f"governorates/{GOVERNORATE.lower()}/" in h for h in links), links[:20]
    assert sum(svg["rects"] for svg in inside if svg) > 5
    browser.assert_clean()


def _results(page: Any) -> Any:
    """The Search page's results, once Pagefind has shown them (or said there are none)."""
    page.locator(".pagefind-ui__result, .pagefind-ui__message").first.wait_for()
    page.wait_for_load_state("networkidle")
    return page.locator(".pagefind-ui__result")


def test_search_finds_an_article_by_a_village_name(browser: Browser) -> None:
    """The box in the header opens the Search page with the words typed."""
    browser.goto()
    page = browser.page
    box = page.locator("input.sitrep-search-form__input")
    box.fill(VILLAGE)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    _results(page)
    hit = page.locator(f".pagefind-ui__result-link[href*='articles/{ARTICLE_SLUG}/']").first
    hit.wait_for(state="visible")
    # The matched word is highlighted in the results, so the hit is on the village.
    marks = page.locator(".pagefind-ui__result mark").all_inner_texts()
    assert VILLAGE.lower() in [m.lower().strip(",.;:") for m in marks], marks
    hit.click()
    page.wait_for_url(f"**/articles/{ARTICLE_SLUG}/**")
    assert VILLAGE in page.locator("article").inner_text()
    browser.assert_clean()


def _assert_results_open_pages(browser: Browser, query: str) -> int:
    """Search ``query`` on the Search page; every result (and sub-result) links to a
    page of the site that exists. Returns the number of results."""
    page = browser.page
    browser.goto("search/?q=" + query.replace(" ", "+"))
    results = _results(page)
    hrefs = page.locator(".pagefind-ui__result a").evaluate_all("els => els.map(e => e.href)")
    assert results.count() and hrefs, query
    for href in hrefs:
        assert "undefined" not in href and href.startswith(browser.base), href
        response = page.request.get(href.split("#")[0])
        assert response.ok, href
    return results.count()


def test_search_results_link_to_pages_that_exist(browser: Browser) -> None:
    """A faction's name (it was "Jaysh al-Izza" whose result opened /undefined?h=)."""
    _assert_results_open_pages(browser, "Jaysh al-Izza")
    _assert_results_open_pages(browser, GOVERNORATE)
    browser.assert_clean()


def test_the_articles_page_has_a_search_box(browser: Browser) -> None:
    browser.goto("articles/")
    page = browser.page
    box = page.locator("article form.sitrep-page-search input[name=q]")
    box.fill(VILLAGE)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    _results(page)
    page.locator(f".pagefind-ui__result-link[href*='articles/{ARTICLE_SLUG}/']").first.wait_for()
    browser.assert_clean()


@pytest.fixture(scope="module")
def large_url(large_site: Path) -> Iterator[str]:
    with _serve(large_site) as url:
        yield url


SEARCH_BUDGET = 1_000_000
"""Bytes a search may download, whatever the size of the site (issue: about 1 MB)."""


def test_search_on_a_large_site_downloads_only_what_it_shows(
    _context: Any, large_site: Path, large_url: str
) -> None:
    """The large site: the hit is found, and the search fetched a small part of the index."""
    page = _context.new_page()
    fetched: list[int] = []
    page.on(
        "response",
        lambda r: "/pagefind/" in r.url and fetched.append(int(r.headers.get("content-length", 0))),
    )
    page.goto(large_url + "search/?q=village+1234", wait_until="load")
    results = _results(page)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    assert any(h.endswith("/articles/a01234/") for h in hrefs), hrefs
    assert results.count() >= 1
    index = sum(p.stat().st_size for p in (large_site / "pagefind").rglob("*") if p.is_file())
    assert 0 < sum(fetched) < min(SEARCH_BUDGET, index / 2), (sum(fetched), index)
    page.close()


def test_a_search_of_a_many_part_site_finds_an_old_article_on_demand(
    _context: Any, large_site: Path, tmp_path: Path
) -> None:
    """The large site indexed in parts of 100 pages, 200 searched at first: the oldest
    articles are not in the first search, and "Search older articles too" reaches them
    (the parts merged into the same search)."""
    import json

    from generator.publish.search import BUNDLE, PARTS_LIST, index_site

    site = tmp_path / "site"
    shutil.copytree(large_site, site, ignore=shutil.ignore_patterns(BUNDLE))
    index_site(site, part_pages=100, search_pages=200)
    parts = json.loads((site / BUNDLE / PARTS_LIST).read_text("utf-8"))["parts"]
    assert len(parts) >= 10 and parts[0]["to"] > parts[-1]["to"]  # newest first
    with _serve(site) as url:
        page = _context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "search/?q=village+123", wait_until="load")  # a00123: 2016-02-11
        _results(page)
        hit = page.locator(".pagefind-ui__result-link[href$='/articles/a00123/']")
        button = page.locator(".sitrep-search-more button")
        clicks = 0
        # Until the hit shows or every part is searched (the button goes): each click
        # merges the next parts and runs the search again.
        while not hit.count() and button.is_visible():
            assert clicks < len(parts), clicks
            button.click()
            clicks += 1
            page.wait_for_function(
                "() => !document.querySelector('.sitrep-search-more button')?.disabled"
            )
            page.wait_for_timeout(500)
        assert clicks >= 1  # it was not in the newest parts
        hit.first.wait_for(state="visible")  # the last search may still be rendering
        assert not errors, errors
        page.close()


def test_governorate_to_article_to_evidence_by_clicks(browser: Browser) -> None:
    browser.goto()
    page = browser.page
    page.get_by_role("link", name="Governorates", exact=True).first.click()
    page.wait_for_url("**/governorates/")
    page.locator("article").get_by_role("link", name=GOVERNORATE, exact=True).first.click()
    page.wait_for_url(f"**/governorates/{GOVERNORATE.lower()}/")

    # The row of the incident at the village links to its article page.
    row = page.locator("article table tr", has_text=VILLAGE).first
    row.locator(f"a[href*='articles/{ARTICLE_SLUG}/']").last.click()
    page.wait_for_url(f"**/articles/{ARTICLE_SLUG}/**")

    # On the article, the incident's number jumps to the sentence it was read from.
    incident = page.locator("article table tr", has_text=VILLAGE).first
    incident.locator("a[href^='#i-']").first.click()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#i-"), anchor
    heading = page.locator(f"article {anchor}")
    assert VILLAGE in heading.inner_text()
    quote = page.locator(f"article {anchor} + blockquote")
    assert VILLAGE in quote.inner_text()
    assert quote.is_visible()
    browser.assert_clean()


def test_every_nav_page_loads_cleanly(browser: Browser) -> None:
    pages = ["", "governorates/", "factions/", "articles/", "methodology/", "data/"]
    for path in [*pages, "build-report/"]:
        browser.goto(path)
        assert browser.page.locator("article h1").count() == 1, path
    browser.assert_clean()


# ------------------------------------------------------------------ the analyst's loop


@pytest.fixture(scope="module")
def analyst_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/corpus/analyst (twelve articles and the corrections.yaml beside them)
    built as ``make site`` does."""
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("analyst-site")
    shutil.copytree(ROOT / "tests" / "corpus" / "analyst", work / "analyst")
    with _serve(build_site(work / "analyst" / "articles", work)) as url:
        yield url


def _cells(page: Any, table_row: Any) -> list[str]:
    return [c.strip() for c in table_row.locator("td").all_inner_texts()]


def test_a_corrected_figure_a_grade_and_the_confirmed_totals_are_shown(
    _context: Any, analyst_url: str
) -> None:
    """What the analyst's corrections and the grades look like to a reader: the
    machine's toll beside the corrected one, with the reason; an event's grade in its
    row; the home page's totals for the independently confirmed events apart."""
    b = Browser(page=_context.new_page(), base=analyst_url)
    b.page.on("console", lambda m: m.type == "error" and b.console_errors.append(m.text))
    page = b.page

    b.goto()
    by_grade = page.locator("article table", has_text="Independently confirmed")
    header = [h.strip() for h in by_grade.locator("th").all_inner_texts()]
    assert header == ["Events", "Count", "Reports", "Killed", "Civilians killed", "Injured"]
    rows = {
        cells[0]: cells[1:]
        for cells in (_cells(page, r) for r in by_grade.locator("tbody tr").all())
    }
    assert rows["All events"][:3] == ["8", "11", "78"]
    assert rows["Independently confirmed"][:3] == ["1", "2", "12"]  # Azaz: SOHR and the LCC

    b.goto("articles/daraya-lcc/")
    row = page.locator("article table tr", has=page.locator("a[href='#i-daraya-lcc-01']"))
    assert "8 → 9" in _cells(page, row)
    note = page.locator("article li", has_text="killed 8 → 9, corrected")
    assert note.first.is_visible()
    assert "a child died of wounds" in note.first.inner_text()

    b.goto("governorates/aleppo/")
    azaz = page.locator("article table tr", has_text="Azaz").first
    cells = _cells(page, azaz)
    assert "13 → 12 (12–13)" in cells and "confirmed" in cells
    b.assert_clean()
    page.close()


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with _serve(hostile_site) as url:
        yield url


def test_no_page_of_the_hostile_site_opens_a_dialog(
    _context: Any, hostile_site: Path, hostile_url: str
) -> None:
    """Every page built from hostile titles, sources, places and file names, opened
    in Chromium: the payloads (``onload``, ``onerror``, ``autofocus`` + ``onfocus``,
    ``open`` + ``ontoggle``) fire by themselves, so any that survived opens a dialog.
    The Search page is opened on the payloads' words too: its results print the pages' titles."""
    page = _context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(hostile_url) else r.abort(),
    )
    paths = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(paths) > 30
    for path in paths:
        page.goto(hostile_url + path, wait_until="load")
    page.goto(hostile_url + "search/?q=svg+onload+alert", wait_until="load")
    page.locator(".pagefind-ui__result").first.wait_for(state="visible")
    page.wait_for_timeout(200)  # let a handler in a result fire
    page.close()
    assert dialogs == []


# ------------------------------------------------------------------ a phone, 390 px wide

PHONE = {"width": 390, "height": 844}
"""An iPhone 12 to 15's viewport in CSS pixels."""

PRIORITY = {"Date", "Place", "Killed"}
"""The columns an events or incidents table keeps on a phone."""

_LAYOUT = """() => {
  const W = document.documentElement.clientWidth;
  const shown = el => el.offsetParent !== null && getComputedStyle(el).display !== 'none';
  const box = el => {
    const r = el.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.right), Math.round(r.top)];
  };
  const tables = [...document.querySelectorAll('article table')].filter(shown).map(t => {
    const wrap = t.closest('.md-typeset__scrollwrap');
    return {
      heads: [...t.querySelectorAll('thead th')].filter(shown)
        .map(th => [th.textContent.trim(), ...box(th)]),
      overflow: wrap ? wrap.scrollWidth - wrap.clientWidth : 0,
    };
  });
  return {
    width: W,
    page: document.scrollingElement.scrollWidth,
    tables,
    figures: [...document.querySelectorAll('article .sitrep-figures > div')].map(box),
    maps: [...document.querySelectorAll('article .sitrep-figure object')].filter(shown).map(box),
  };
}"""


_BROKEN_WORDS = """() => {
  // Words (runs of letters and digits, a date such as 2020-07 counting as one) of
  // the shown table cells that the browser split across two lines.
  const broken = [];
  for (const td of document.querySelectorAll('article td')) {
    if (td.offsetParent === null) continue;
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\d{4}-\\d{2}(?:-\\d{2})?|[A-Za-z0-9]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def _screenshot(page: Any, name: str) -> None:
    """With $SITREP_SCREENSHOTS set, screenshots there to look at: the whole page, and
    the page in screens of the phone's height (name-1.png, name-2.png, ...)."""
    folder = os.environ.get("SITREP_SCREENSHOTS")
    if not folder:
        return
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    height = page.evaluate("document.scrollingElement.scrollHeight")
    for n, top in enumerate(range(0, min(height, 8 * PHONE["height"]), PHONE["height"]), 1):
        clip = {"x": 0, "y": top, "width": PHONE["width"], "height": PHONE["height"]}
        page.screenshot(path=str(Path(folder) / f"{name}-{n}.png"), full_page=True, clip=clip)


def _phone_layout(page: Any, url: str, name: str) -> dict[str, Any]:
    page.set_viewport_size(PHONE)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    _screenshot(page, name)
    layout: dict[str, Any] = page.evaluate(_LAYOUT)
    width = layout["width"]
    assert width <= PHONE["width"]
    assert layout["page"] <= width, f"{name}: the page scrolls sideways ({layout['page']} px)"
    for table in layout["tables"]:
        names = [h[0] for h in table["heads"]]
        assert table["overflow"] <= 1, f"{name}: a table scrolls sideways: {names}"
        for head, left, right, _ in table["heads"]:
            assert left >= 0 and right <= width, f"{name}: column {head} off screen ({right} px)"
        if "Killed" in names and {"Date", "Place"} & set(names):
            assert set(names) >= PRIORITY, f"{name}: {names}"
    return layout


@pytest.fixture
def phone(_context: Any) -> Iterator[Any]:
    page = _context.new_page()
    yield page
    page.close()


def test_home_on_a_phone(phone: Any, base_url: str) -> None:
    layout = _phone_layout(phone, base_url, "home")
    # No word of a table is cut in two to make the table fit ("Indepe / ndentl / y").
    assert phone.evaluate(_BROKEN_WORDS) == []
    # The headline figures wrap onto rows, each on screen; the map scales to the column.
    figures = layout["figures"]
    assert len(figures) >= 3 and len({top for _, _, top in figures}) >= 2, figures
    assert all(left >= 0 and right <= layout["width"] for left, right, _ in figures), figures
    (map_box,) = layout["maps"][:1]
    assert layout["width"] * 0.7 <= map_box[1] - map_box[0] <= layout["width"], map_box
    # An events table shows its priority columns; the toggle brings the rest back.
    table = phone.locator("article .sitrep-t-events").first
    assert not table.get_by_role("columnheader", name="Means").is_visible()
    toggle = table.locator("details.sitrep-columns > summary")
    closed = _toggle_look(toggle)
    toggle.click()
    assert table.get_by_role("columnheader", name="Means").is_visible()
    opened = _toggle_look(toggle)
    # The toggle reads as a link with an icon of columns, not the theme's note title
    # (a bold line with a pencil icon), lines up with its table and says what a tap does.
    for look in (closed, opened):
        assert look["weight"] == "400" and look["left"] == look["table_left"], look
        assert "svg" in look["icon"] and look["icon"] != look["note_icon"], look
    assert closed["icon"] != opened["icon"]
    assert closed["after"] in ("none", '""') and opened["after"] == '"Show fewer columns"'
    assert closed["height"] == opened["height"]


def _toggle_look(summary: Any) -> dict[str, Any]:
    return summary.evaluate(
        """s => {
        const before = getComputedStyle(s, '::before'), after = getComputedStyle(s, '::after');
        const root = getComputedStyle(document.documentElement);
        return {
            weight: getComputedStyle(s).fontWeight,
            icon: before.maskImage || before.webkitMaskImage,
            note_icon: root.getPropertyValue('--md-admonition-icon--note').trim(),
            after: after.content,
            left: Math.round(s.getBoundingClientRect().left),
            height: Math.round(s.getBoundingClientRect().height),
            table_left: Math.round(s.closest('.sitrep-table').querySelector('table')
                .getBoundingClientRect().left),
        };
    }"""
    )


def test_an_article_on_a_phone(phone: Any, base_url: str) -> None:
    layout = _phone_layout(phone, f"{base_url}articles/{ARTICLE_SLUG}/", "article")
    heads = [{h[0] for h in t["heads"]} for t in layout["tables"]]
    assert any(h >= PRIORITY for h in heads), heads  # the incidents table


def test_a_governorate_of_a_large_archive_on_a_phone(phone: Any, large_url: str) -> None:
    layout = _phone_layout(phone, f"{large_url}governorates/idlib/", "governorate")
    heads = [{h[0] for h in t["heads"]} for t in layout["tables"]]
    assert any(h >= PRIORITY for h in heads), heads  # the latest events
    assert layout["maps"] and layout["maps"][0][1] <= layout["width"]
    assert phone.locator("article h2#archive").count() == 1
