"""Which folders ``sitrep build --docs DOCS`` may write into.

A mistyped ``--docs`` must never turn someone's folder into a site: sitrep
overwrote ``$HOME/index.md`` with ``--docs $HOME``, and ``--docs .`` or a
folder inside the articles made the next build read its own pages back as
articles (incidents 22 -> 50 -> 81). So, before anything is read or written,
DOCS is refused when it is:

- the filesystem root, the home folder or a folder above the home folder;
- the articles folder, a folder inside it, or a folder that contains it;
- a folder that holds files sitrep did not write, unless sitrep has built
  into it before. A folder is sitrep's when it holds ``.sitrep-manifest``
  (the list of pages a build wrote; a build stopped half-way leaves
  ``.sitrep-commit``, which counts too). There, every file the manifest does
  not list is a hand-written page: kept, never written, moved or deleted (a
  build that would write over one stops and names it). A new, empty folder
  or one holding only sitrep's temporary files is taken as it is. To put a
  site beside pages written first, create an empty ``DOCS/.sitrep-manifest``.

Paths are compared after resolving links, so a link to the home folder is the
home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.model import SitrepError
from generator.publish.swap import JOURNAL, MANIFEST, TEMP_PREFIX, TEMP_SUFFIX

__all__ = ["check_docs_folder"]

SCAN_LIMIT = 10_000
"""Entries looked at for a file sitrep did not write, in a folder without a
manifest, before it is refused anyway (an empty site folder has none)."""


def check_docs_folder(docs: Path, articles: Path) -> None:
    """Raise SitrepError if ``docs`` is no place for sitrep's pages (module docstring)."""
    where = docs.resolve()
    source = articles.resolve()
    if where == Path(where.anchor):
        raise SitrepError(f"refusing to write the site into the filesystem root: --docs {docs}")
    home = _home()
    if home is not None and home.is_relative_to(where):
        what = "the home folder" if where == home else "a folder above the home folder"
        raise SitrepError(f"refusing to write the site into {what}: --docs {docs}")
    if where.is_relative_to(source):
        raise SitrepError(
            f"the docs folder {docs} is inside the articles folder {articles}: "
            "the next build would read its own pages back as articles"
        )
    if source.is_relative_to(where):
        raise SitrepError(
            f"the articles folder {articles} is inside the docs folder {docs}: "
            "the site would publish the article files and sitrep could overwrite them"
        )
    if not os.path.lexists(docs):
        return
    if not docs.is_dir():
        raise SitrepError(f"the docs folder {docs} is not a folder")
    if any(os.path.lexists(docs / name) for name in (MANIFEST, JOURNAL)):
        return
    stranger = _first_stranger(docs)
    if stranger is not None:
        raise SitrepError(
            f"the docs folder {docs} holds files sitrep did not write ({stranger}): "
            "give a new or empty folder, or, to keep those files as hand-written "
            f"pages of the site, create an empty {docs / MANIFEST} first"
        )


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None


def _is_sitrep_temporary(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _first_stranger(docs: Path) -> str | None:
    """The path (relative to ``docs``) of a file in it that is not one of sitrep's
    temporary files, or None; folders are looked into, never followed."""
    stack = [docs]
    seen = 0
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return f"{os.path.relpath(folder, docs)}: {exc.strerror}"
        for entry in entries:
            seen += 1
            rel = os.path.relpath(entry.path, docs)
            if seen > SCAN_LIMIT:
                return f"more than {SCAN_LIMIT} entries, such as {rel}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif not (_is_sitrep_temporary(entry.name) and entry.is_file(follow_symlinks=False)):
                return rel
    return None
