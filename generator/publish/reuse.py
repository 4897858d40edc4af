"""MkDocs rebuilds proportional to the change: a page whose Markdown and context did
not change since the last build is not converted, rendered or written again; its
HTML from the last build is kept.

At 20,000 articles ``mkdocs build`` took 4 min 40 s on every build, even when one
article was added (24 of 5,036 pages changed at 5,000, yet MkDocs converted all of
them again; Python-Markdown was 54 % of its time). MkDocs' own ``--dirty`` compares
modification times and ignores the configuration, the theme and the templates; this
compares content:

- the **context** key: the versions of MkDocs and the theme, the bytes of the
  configuration file and of every file of the theme's folders (``custom_dir``
  included), and the source of sitrep's ``generator.publish`` package (these hooks).
  Any change there and every page is built again;
- a **page** key: the context key, the page's path and URL, and its Markdown bytes.
  A page whose Markdown file has the mode, size, modification and change times and
  inode it had when the last build read it keeps that build's key without being read
  again (:func:`file_stamp`): ``sitrep build`` replaces a page it changes with a new
  file, an edit in place changes the change time (which no one can set back), and a
  file written within :data:`RACY_NS` of being read is always read again next time
  (its times could still change within the same clock tick).

Pages in the nav are always built (each page shows the nav, and their neighbours
in it); every other page is reused when its key is the last build's and its HTML
is still in the site folder. A page's HTML depends only on those (sitrep's pages
outside the nav show no previous/next links); what a reused page links to was
checked when it was built, and sitrep changes a page whenever a page it links to
goes.

How, inside MkDocs' own build (which empties the site folder first, all but its
dotfiles): :meth:`Reuse.start` (``on_pre_build``) moves the last build's files into
the dotfolder :data:`PREVIOUS`; ``on_files`` decides which pages are reused; those
pages read no source, convert nothing (``on_pre_page`` swaps their reading and
rendering for nothing) and render the empty template :data:`TEMPLATE`, which MkDocs
does not write ("Page skipped ... Generated empty output", an info line) or, when
the site has no ``site_url`` (so no sitemap lists them), the hooks leave them out of
MkDocs' build altogether (``mkdocs_hooks._leave_out_kept``);
:meth:`Reuse.finish` (``on_post_build``) moves their HTML back into place, deletes
the rest of the last build and writes the record :data:`RECORD`. A build that fails
leaves no record, so the next one builds every page.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.publish.prune import remove_tree
from generator.safety.safeio import stat_row

RECORD = ".sitrep-pages.json"
"""In the site folder: the context key and each page's key and output path."""
PREVIOUS = ".sitrep-previous"
"""In the site folder, during a build: the last build's files."""
TEMPLATE = "sitrep-reused.html"
"""The template a reused page renders: empty, so MkDocs writes nothing for it."""

_FORMAT = 2
_PUBLISH = Path(__file__).resolve().parent
_LIMIT = 256 << 20
RACY_NS = 2_000_000_000
"""A Markdown file changed this close to the moment it is read has no stamp recorded:
a write in the same clock tick would leave its times as they were."""


def _files(folder: Path) -> list[tuple[str, str]]:
    """Every file under ``folder`` (``__pycache__`` left out): (relative path, full path),
    sorted by relative path."""
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel_root = os.path.relpath(root, folder)
        for name in names:
            full = os.path.join(root, name)
            if os.path.isfile(full):
                rel = name if rel_root == "." else f"{rel_root}/{name}"
                out.append((rel.replace(os.sep, "/"), full))
    return sorted(out)


def _tree_digest(h: Any, folder: Path) -> None:
    """The path and bytes of every file under ``folder``."""
    for rel, full in _files(folder):
        h.update(f"{rel}\n".encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(Path(full).read_bytes()).digest())


def _installed_digest(h: Any, folder: Path) -> None:
    """The path, size and modification time of every file under ``folder``: for an
    installed theme's own folders, whose version is in the key already. Hashing their
    bytes read 14,500 files (mkdocs-material's icons) on every build, 1.2 CPU s; an
    edit to an installed file changes its time, so it still rebuilds every page.

    One ``stat`` per file, from :func:`os.scandir`'s entries, and one hash update:
    ``os.walk`` with ``isfile`` and ``stat`` made two system calls and a dozen Python
    calls per file (0.10 CPU s for 14,500 files, now 0.05)."""
    rows: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(folder, rel) if rel else folder))
        except OSError:
            continue
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):  # not followed, as os.walk does
                    if entry.name != "__pycache__":
                        stack.append(name)
                elif entry.is_file():
                    st = entry.stat()
                    rows.append(f"{name}\n{st.st_size}:{st.st_mtime_ns}\n")
            except OSError:
                continue
    rows.sort()
    h.update("".join(rows).encode("utf-8", "surrogateescape"))


def context_key(config: Any) -> str:
    """What every page's HTML depends on beyond its own Markdown (module docstring)."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"format={_FORMAT}\n".encode())
    for dist in ("mkdocs", "mkdocs-material"):
        try:
            h.update(f"{dist}={version(dist)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{dist}=?\n".encode())
    config_file = config.get("config_file_path")
    if config_file and os.path.isfile(config_file):
        h.update(Path(config_file).read_bytes())
    h.update(
        repr(
            sorted((k, str(config.get(k))) for k in ("site_url", "use_directory_urls", "docs_dir"))
        ).encode()
    )
    theme = config.get("theme")
    custom = getattr(theme, "custom_dir", None)
    for folder in getattr(theme, "dirs", []):  # custom_dir first, then the theme's own
        if not os.path.isdir(folder):
            continue
        if custom and os.path.samefile(folder, custom):
            _tree_digest(h, Path(folder))  # the project's own templates: their bytes
        else:
            _installed_digest(h, Path(folder))
    _tree_digest(h, _PUBLISH)
    return h.hexdigest()


def _made(folder: str, made: set[str]) -> None:
    """``folder`` and its parents made, once per build: asking the file system again for
    each of thousands of pages in one folder (``articles/``) was a system call and a
    pathlib parse per page."""
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _move_back(source: str, target: str, made: set[str]) -> None:
    """A kept page's HTML from the last build into place. A page that is alone in its
    folder (``articles/SLUG/index.html``) is moved with its folder: one rename, and
    no folder made here and left empty there (at 2,000 articles, making and removing
    those folders was a third of an add-one ``mkdocs build``'s own time). ``made``:
    the folders known to exist (see :func:`_made`)."""
    folder, name = os.path.split(source)
    target_folder = os.path.dirname(target)
    if name == "index.html" and target_folder not in made and not os.path.lexists(target_folder):
        try:
            alone = os.listdir(folder) == ["index.html"]
        except OSError:
            alone = False
        if alone:
            _made(os.path.dirname(target_folder), made)
            os.replace(folder, target_folder)
            made.add(target_folder)
            return
    _made(target_folder, made)
    os.replace(source, target)


def file_stamp(st: os.stat_result) -> str:
    """What says a file is the one read before without reading it: the ingest memo's
    :func:`~generator.safety.safeio.stat_row` (mode, size, modification and change
    times, inode; the change time moves on any write and cannot be set back), as text."""
    return ":".join(map(str, stat_row(st)))


def page_key(context: str, src_uri: str, dest_uri: str, markdown: bytes) -> str:
    h = hashlib.sha256(f"{context}\n{src_uri}\n{dest_uri}\n".encode("utf-8", "surrogateescape"))
    h.update(markdown)
    return h.hexdigest()[:32]


class Reuse:
    """One MkDocs build's reuse of the last one (see the module docstring)."""

    def __init__(self) -> None:
        self.site: Path | None = None
        self.context = ""
        self.old: dict[str, list[str]] = {}
        self.new: dict[str, list[str]] = {}
        self.reused: set[str] = set()
        self.read = 0
        """Markdown files read (and hashed) by :meth:`choose`: the others kept the
        last build's key by their stamp."""

    # ------------------------------------------------------------------ on_pre_build
    def start(self, config: Any) -> None:
        """Read the last record and move the last build aside (out of MkDocs' clean)."""
        self.__init__()  # type: ignore[misc]  # one object per hooks module, one build at a time
        site = Path(config["site_dir"])
        self.site = site
        self.context = context_key(config)
        previous = site / PREVIOUS
        if previous.exists():  # a build that stopped half-way: its leftovers go
            remove_tree(previous)
        record = site / RECORD
        try:
            if record.is_file() and not record.is_symlink() and record.stat().st_size < _LIMIT:
                doc = json.loads(record.read_text("utf-8"))
                if doc.get("format") == _FORMAT and doc.get("context") == self.context:
                    self.old = {str(k): [str(x) for x in v] for k, v in doc["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.old = {}
        record.unlink(missing_ok=True)  # written again only when this build succeeds
        if not self.old or not site.is_dir():
            return
        previous.mkdir()
        for entry in os.scandir(site):
            if not entry.name.startswith("."):
                os.rename(entry.path, previous / entry.name)

    # ------------------------------------------------------------------ on_files / on_nav
    def choose(self, pages: Iterable[Any], in_nav: set[str]) -> None:
        """Key every page; keep for reuse those whose key and HTML are the last build's."""
        previous = str(self.site / PREVIOUS) if self.site else None
        fresh = time.time_ns() - RACY_NS
        for file in pages:
            src, dest = file.src_uri, file.dest_uri
            last = self.old.get(src)
            try:
                st = os.stat(file.abs_src_path)
                stamp = file_stamp(st)
                if last is not None and len(last) == 3 and last[1] == dest and last[2] == stamp:
                    key = last[0]  # the file the last build read: its key
                else:
                    with open(file.abs_src_path, "rb") as f:
                        markdown = f.read()
                    self.read += 1
                    key = page_key(self.context, src, dest, markdown)
            except (OSError, TypeError):
                continue  # a generated page (a plugin's): built as usual
            racy = max(st.st_mtime_ns, st.st_ctime_ns) >= fresh
            self.new[src] = [key, dest] if racy else [key, dest, stamp]
            if (
                previous is not None
                and src not in in_nav
                and last is not None
                and last[:2] == [key, dest]
                and os.path.isfile(os.path.join(previous, dest))
            ):
                self.reused.add(src)

    # ------------------------------------------------------------------ on_pre_page
    def skip_if_reused(self, page: Any) -> None:
        """A reused page reads nothing, converts nothing and renders :data:`TEMPLATE`."""
        if page.file.src_uri not in self.reused:
            return

        def read_source(config: Any) -> None:
            page.markdown, page.meta = "", {"template": TEMPLATE}

        def render(config: Any, files: Any) -> None:
            page.content, page.toc = "", []

        page.read_source = read_source
        page.render = render

    # ------------------------------------------------------------------ on_post_build
    def page_keys(self) -> dict[str, str]:
        """Output path -> key of every page of this build (built or reused)."""
        return {entry[1]: entry[0] for entry in self.new.values()}

    def finish(self, then: Callable[[dict[str, str], Path | None], object] | None = None) -> int:
        """Put the reused pages' HTML back, call ``then`` with :meth:`page_keys` and the
        folder of the last build's other files (None when there is none: the search
        index keeps its unchanged parts from it), drop that folder, write the record.
        Returns how many pages were reused."""
        if self.site is None:
            return 0
        previous = self.site / PREVIOUS
        made: set[str] = set()
        site, before = str(self.site), str(previous)
        for src in sorted(self.reused):
            dest = self.new[src][1]
            _move_back(os.path.join(before, dest), os.path.join(site, dest), made)
        if then is not None:
            then(self.page_keys(), previous if previous.is_dir() else None)
        remove_tree(previous)
        doc = {"format": _FORMAT, "context": self.context, "pages": self.new}
        tmp = self.site / f"{RECORD}.tmp"
        tmp.write_text(json.dumps(doc, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.site / RECORD)
        return len(self.reused)
