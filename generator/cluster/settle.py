"""What the client of a cluster run holds, kept out of the garbage collector's sight.

The client of ``sitrep extract --dask`` holds every article's incidents (20,000
articles: millions of objects) from the moment the shards come back until the JSON
is written. Python's collector walks every object it tracks on each full
collection, and starts one whenever the objects that survived since the last grow
by a quarter: as the shards' results, the reports, the merge's results and the
events piled up, a run of 20,000 distinct articles made 16 full collections, 6.1 of
the client's 23 CPU s (``gc.callbacks``, ``--dask local`` with 2 workers), all of
it serial work that no worker shares. Each :func:`settled` step moves what is held
so far into the collector's permanent generation (``gc.freeze``), so a full
collection walks only what was made since; at the end all of it goes back
(``gc.unfreeze``), and garbage cycles among it are collected as before, later.

What it costs: ``gc.unfreeze`` puts back whatever else this process froze (the
extractor's pipeline, when a local extraction ran in the same process), whose full
collections then walk it again, as they did before it was frozen; what is collected
never changes, only when.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["settled"]


@contextlib.contextmanager
def settled() -> Iterator[Callable[[], None]]:
    """A scope whose function (``gc.freeze``) is called after each step that built
    something held to the scope's end; everything frozen is let go at its end."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
