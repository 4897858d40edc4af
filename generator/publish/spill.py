"""Each page's HTML and table of contents kept in a file, not in memory, from its
conversion to its writing.

MkDocs converts every page before it writes any (the titles and anchors of all pages
must be known first), and holds each page's Markdown and HTML until the end of the
build: every page of the site in memory at once, about 80 MB at 2,000 articles,
linear in the archive (some 4 GB at 100,000). Here a page's HTML goes to an unlinked
temporary file as soon as it is converted (``on_page_content``, after every other
plugin's), and its Markdown, converted by then, is dropped; the HTML is read back
just before the page's template is rendered (``on_page_context``) and dropped again
once the page is written (``on_post_page``). The page's table of contents goes with
it, pickled: about 3 KB a page once the HTML is out (an article page has a heading
per incident, each an ``AnchorLink`` object), which no other page's template reads
(the theme shows only the current page's).

What the build sees is unchanged: a page's content is its HTML while its template
renders, and its title is worked out as before (MkDocs reads the Markdown and the
HTML only to know whether there are any, and both are strings throughout).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


class Spill:
    """One build's file of converted pages: ``src_uri`` -> (offset, length)."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.size = 0
        self.where: dict[str, tuple[int, int]] = {}

    def start(self, site_dir: str) -> None:
        """A new file, unlinked at once, beside the site (not /tmp, which may be memory)."""
        self.close()
        folder = Path(site_dir).parent
        try:
            fd, path = tempfile.mkstemp(prefix=".sitrep-spill-", dir=folder)
        except OSError:
            return  # nowhere to write it: pages stay in memory, as MkDocs keeps them
        os.unlink(path)
        self.fd = fd

    def put(self, page: Any, html: str) -> str:
        """Keeps ``html`` and the page's toc in the file; returns what the page holds
        meanwhile (""), and leaves it an empty toc."""
        if self.fd is None or not html:
            return html
        # Our own objects, read back only by this process from a file no one else can
        # open (unlinked at once): pickle is safe here.
        data = pickle.dumps((html, page.toc), pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view) :]
        except OSError:
            self.close()  # a full disk: this page and the next stay in memory
            return html
        self.where[page.file.src_uri] = (self.size, len(data))
        self.size += len(data)
        page.markdown = ""  # converted: MkDocs only tests that it is a string
        page.toc = _empty_toc()
        return ""

    def restore(self, page: Any) -> None:
        """The page's HTML and toc back, for its template."""
        spot = self.where.get(page.file.src_uri)
        if spot is None or self.fd is None:
            return
        offset, length = spot
        data = b"".join(_read(self.fd, length, offset))
        page.content, page.toc = pickle.loads(data)

    def release(self, page: Any) -> None:
        """After the page is written: its HTML and toc dropped again."""
        if page.file.src_uri in self.where:
            page.content = ""
            page.toc = _empty_toc()

    def close(self) -> None:
        fd, self.fd = self.fd, None
        self.where = {}
        self.size = 0
        if fd is not None:
            os.close(fd)


def _empty_toc() -> Any:
    """What MkDocs gives a page without headings."""
    from mkdocs.structure.toc import get_toc

    return get_toc([])


def _read(fd: int, length: int, offset: int) -> list[bytes]:
    chunks = []
    while length > 0:
        chunk = os.pread(fd, length, offset)
        if not chunk:
            raise OSError(f"the spill file ended {length} bytes early")
        chunks.append(chunk)
        length -= len(chunk)
        offset += len(chunk)
    return chunks
