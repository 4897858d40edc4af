"""A site built from hostile articles runs nothing the theme did not put there.

The hostile corpus (``conftest.write_hostile_corpus``) carries markup in titles
(all three ways a title is read), sources, attributions and file names, and a
planted cache entry carries it in places, summaries and vocabulary fields. The
site is built as ``make site`` builds it, then every HTML page is parsed with an
HTML parser: its script elements, event-handler attributes and ``javascript:``
URLs must all be ones a clean build (the sample articles) has too, i.e. the
theme's own. ``tests/test_browser.py`` opens the same pages in Chromium.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import live_markup


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def theme_markup(site: Path) -> set[str]:
    return {item for page in pages(site) for item in live_markup(page.read_text("utf-8"))}


def test_no_page_of_the_hostile_site_runs_anything_the_theme_did_not_put_there(
    hostile_site: Path, clean_site: Path
) -> None:
    theme = theme_markup(clean_site)
    assert any("<script" in item for item in theme)  # the comparison has something to compare
    found = {}
    for page in pages(hostile_site):
        extra = [m for m in live_markup(page.read_text("utf-8")) if m not in theme]
        if extra:
            found[str(page.relative_to(hostile_site))] = extra
    assert found == {}
    assert len(pages(hostile_site)) > 30  # every article, governorate and faction page


class _Text(HTMLParser):
    """The text of <title> and of the article's <h1> (headerlink left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1") and not (self.title if tag == "title" else self.h1):
            self._in = tag
        elif tag == "a" and self._in == "h1":
            self._in = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def test_hostile_titles_read_as_the_text_they_are(hostile_site: Path) -> None:
    """Escaped, not dropped: the tab title and the heading show the title's characters."""
    for slug in ("title-txt", "title-md", "title-html"):
        parser = _Text()
        parser.feed((hostile_site / "articles" / slug / "index.html").read_text("utf-8"))
        assert parser.title.startswith("</title><svg onload=alert("), (slug, parser.title)
        assert parser.h1.startswith("</title><svg onload=alert("), (slug, parser.h1)
