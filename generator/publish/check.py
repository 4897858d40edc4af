"""``sitrep build --check``: the pages as they would be written, compared with docs/.

Nothing is written. Only pages sitrep makes or wrote (the manifest) are read, only
inside docs/, each through :func:`generator.publish.swap.read_page` (never a link,
never a FIFO, never much more than the page should hold).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from generator.publish.swap import read_manifest, read_page

__all__ = ["DIFF_SLACK", "stale_pages"]

DIFF_SLACK = 1 << 20
"""How much larger than the page it should be a file in docs/ is still read for a diff."""


def stale_pages(pages: Mapping[str, str], docs: Path) -> str:
    """A unified diff between the pages as they would be written and docs/ as it is;
    empty when docs/ is up to date.

    Only pages sitrep makes or wrote (the manifest) are read, only inside docs/
    (a manifest naming anything else is refused), never through a link, never a
    FIFO, and at most 1 MiB more than the page should hold: a file that is none
    of these, or not UTF-8, is reported in one line, not shown."""
    chunks: list[str] = []
    for rel in sorted(set(pages) | set(read_manifest(docs))):
        new = pages.get(rel, "")
        expected = new.encode("utf-8")
        name = f"docs/{rel}"
        try:
            data = read_page(docs, rel, len(expected) + DIFF_SLACK)
            old = "" if data is None else data.decode("utf-8")
        except OSError as exc:
            chunks.append(f"{name}: {exc.strerror or exc}, not shown\n")
            continue
        except UnicodeDecodeError:
            chunks.append(f"{name}: not UTF-8 text, not shown\n")
            continue
        if old != new:
            chunks.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=f"{name} (committed)",
                    tofile=f"{name} (regenerated)",
                )
            )
    return "".join(chunks)
