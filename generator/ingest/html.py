"""HTML pages through trafilatura: main text and metadata, no hand-written tag stripping."""

from __future__ import annotations

import logging
from dataclasses import dataclass

# trafilatura logs "discarding data" and similar at WARNING for ordinary pages.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class HtmlDoc:
    text: str
    title: str | None
    date: str | None
    """ISO date as trafilatura/htmldate found it in the page, or None."""
    source: str | None
    url: str | None


def extract_html(html: str) -> HtmlDoc | None:
    """The page's main text and metadata, or None when trafilatura finds no text."""
    # imported here: trafilatura and what it brings (lxml, htmldate, courlan, justext)
    # take 0.3 s to import, which a process that reads no HTML page (the extractor's,
    # or a worker's) should not pay
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        # Only dates the page states (meta tags, time elements), not guesses from URLs or text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = data.get("text") or ""
    if not text.strip():
        return None

    def s(key: str) -> str | None:
        v = data.get(key)
        return v.strip() or None if isinstance(v, str) else None

    return HtmlDoc(text, s("title"), s("date"), s("sitename") or s("hostname"), s("url"))
