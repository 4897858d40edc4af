"""MkDocs hooks (``hooks:`` in mkdocs.yml): never publish a half-written docs/, and
keep the search index small.

**Half-written docs/.** ``sitrep build`` renames its pages into docs/ in one
quick pass, recorded in a journal (:mod:`generator.publish.swap`); a build killed
during that pass (SIGKILL, a crash) leaves the journal and a mix of old and
new pages, which the next ``sitrep build`` repairs. Until then MkDocs must not
publish the mix: before it reads a page, :func:`on_pre_build` fails the build
if the journal is there, saying what to run.

**Search index.** mkdocs-material's search plugin copies a page's tags into
the index entry of every section of the page. An article page has a section
per incident, so its five or six tags were stored eight or ten times: about a
fifth of the index, which every visitor downloads whole. This hook, run after the plugin
has written ``search/search_index.json``, keeps the tags on each page's first
entry (the one without ``#``) and drops the copies; a search for a tag still
finds the page, and every section keeps its title and text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.publish.swap import JOURNAL


def on_pre_build(config: Any, **kwargs: Any) -> None:
    docs = Path(config["docs_dir"])
    if os.path.lexists(docs / JOURNAL):
        raise PluginError(
            f"{docs} is half-written: a sitrep build was stopped while renaming its "
            f"pages ({JOURNAL} is still there). Run `make pages` (or `sitrep build`) "
            "to finish it, then build the site again."
        )


def trim_section_tags(index: dict[str, Any]) -> int:
    """Drop ``tags`` from every entry that is a section of a page; returns how many."""
    dropped = 0
    for entry in index.get("docs", []):
        if "#" in entry.get("location", "") and entry.pop("tags", None) is not None:
            dropped += 1
    return dropped


def on_post_build(config: Any, **kwargs: Any) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text("utf-8"))
    if trim_section_tags(index):
        # The plugin's own format: compact separators, ASCII escapes.
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")
