"""What the fork server of a local cluster imports before it forks any worker.

``sitrep extract --dask local`` starts its workers with the ``forkserver``
method (:func:`generator.cluster.run.connect`): one process is started, imports
this module, and forks every worker from itself. Importing this module imports
Dask's worker and the extractor and builds the extractor's pipeline, so every
worker starts with them, as the processes of ``--jobs`` do (they are forked
from the process that built the pipeline). Started the default way (``spawn``),
each worker paid for its own: an interpreter, ``distributed`` and spaCy
imported, the pipeline built, about 2 CPU s on this project's machine.

Importing it has that effect on purpose and nothing imports it but the fork
server (it is named in the server's preload list).
"""

from __future__ import annotations

import os

import distributed  # noqa: F401 - the worker's own modules, imported once for all workers

from generator.cluster.worker import ExtractorPlugin

__all__ = ["BUILT_IN"]

ExtractorPlugin().setup(None)

BUILT_IN = os.getpid()
"""The process that built the pipeline: in a worker forked from the fork server,
another process than the worker itself (tests check this)."""
