"""The garbage collector stays off while the extractor loads.

Importing spaCy and the extractor, then building the pipeline, makes some
hundreds of thousands of objects that all live as long as the process: the
collector, started every 700 new objects, ran 330 times over them and found
next to nothing to free (measured on one core: 0.13-0.16 s of the 1.2 s that
loading took). So it is paused from the moment ``generator.extract`` starts
importing (this module is its first import) to the end of its imports
(:func:`resume`, in a ``finally`` after them: an import that fails midway, a broken
install, leaves the collector as it found it, not off for the rest of a process that
caught the error), and again while ``pipeline.get_nlp``
builds the pipeline (:func:`paused`); ``extract_articles`` then moves what was
loaded out of its sight (``gc.freeze``), so the collections while reading
articles walk only the objects of the articles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_PAUSED_BY_IMPORT = gc.isenabled()
"""Whether this module's import paused the collector (it is not resumed if it was
off already: whoever turned it off will)."""


def resume() -> None:
    """The collector back on, if importing the extractor paused it."""
    global _PAUSED_BY_IMPORT
    if _PAUSED_BY_IMPORT:
        _PAUSED_BY_IMPORT = False
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


gc.disable()
