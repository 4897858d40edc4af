"""The site's search: Pagefind indexes the built HTML into fragments.

mkdocs-material's search downloads one index of the whole site before the first
result (50 MB at 20,000 articles, ~2.5 KB per article). Pagefind (the ``pagefind``
package, its binary from ``pagefind_bin``: nothing is fetched at build time) splits
the index into chunks by word and the pages into fragments, so a search loads the
chunks of its words and the fragments of the results it shows: well under 1 MB
whatever the size of the site (``make bench`` measures it).

What is indexed: the content of every page that the theme marks
``data-pagefind-body`` (``overrides/main.html``: every page but those whose front
matter says ``search: exclude``, the archive pages), minus :data:`EXCLUDE`: the
tables (the figures repeat the pages' text), the figures, the column toggles and
every element sitrep marks ``data-search-exclude``. An article is found by its
title, summary, tags and evidence sentences.

It runs after MkDocs has written the site (``on_post_build``), so ``mkdocs build``
and ``make site`` alone make a site whose search works; it needs a web server
(``make serve``, or any static server): a browser does not let a page opened from
disk (``file://``) fetch the index.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"
"""The folder of the site the index is written to."""

EXCLUDE = (
    "table",
    "figure",
    ".headerlink",
    ".sitrep-columns",
    ".sitrep-page-search",
    "[data-search-exclude]",
)


class SearchIndexError(Exception):
    """Pagefind failed; its message says why."""


def index_site(site: Path) -> str:
    """Index ``site`` into ``site/pagefind/``; returns Pagefind's summary line."""
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ", ".join(EXCLUDE),
        "--force-language",
        "en",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SearchIndexError((proc.stderr or proc.stdout).strip()[-2000:] or "pagefind failed")
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    pages = [ln for ln in lines if ln.startswith("Indexed") and ln.endswith(("page", "pages"))]
    return pages[0] if pages else ""
