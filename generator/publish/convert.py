"""The pages' Markdown converted to HTML in worker processes, on every core.

Python-Markdown is most of a cold ``mkdocs build`` (about four fifths of it at
2,000 articles, profiled with cProfile) and MkDocs runs it on one core, page after
page. Here, once MkDocs knows its pages (``on_nav``), the pages it is about to
convert are handed to worker processes, forked from the build so they hold the same
configuration, files and Markdown extensions; each worker reads a page's source and
runs MkDocs' own :meth:`Page.render <mkdocs.structure.pages.Page.render>` on it,
exactly what the build itself would run. When MkDocs then reaches the page, its
``render`` takes the worker's result instead of converting, after checking that the
Markdown the worker converted is the Markdown MkDocs holds at that point (after
every plugin's ``on_page_markdown``); if not, or if the worker failed, the page is
converted in the build as before. So a page's HTML still comes from the same
Markdown, configuration and code, and the site is byte for byte the same.

What a worker's render logs (a broken link's warning) is sent back with its result
and logged by the build when it takes the page, in the page's place, so
``--strict`` counts it as before. A worker that dies (killed, out of memory) loses
its pages to the build, which converts them itself.

Only ``mkdocs build`` (not ``serve``, whose server runs threads, nor ``--dirty``,
which skips pages) and only with more than one core: :data:`JOBS_ENV` sets the
number of workers (``1`` converts in the build, as MkDocs alone does).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

JOBS_ENV = "SITREP_MKDOCS_JOBS"
"""Worker processes converting pages (default: the cores this process may use)."""
_MIN_PAGES = 8
"""Fewer pages to convert than this: converted in the build (forking costs more)."""
_CHUNK = 8
"""Pages per task: few enough that a worker's results come back soon."""
_AHEAD = 4
"""Tasks in flight per worker: bounds the results held before MkDocs takes them."""


@dataclass(frozen=True)
class Converted:
    """What :meth:`Page.render` leaves on a page, made in a worker."""

    uri: str
    digest: bytes
    """Of the Markdown the worker converted."""
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    """``links_to_anchors`` keyed by the linked file's ``src_uri`` (None: not set)."""
    records: tuple[logging.LogRecord, ...]


def _digest(markdown: str | None) -> bytes:
    return hashlib.sha256((markdown or "").encode("utf-8", "surrogatepass")).digest()


def jobs() -> int:
    """Worker processes to use: :data:`JOBS_ENV`, else the cores this process may run on."""
    given = os.environ.get(JOBS_ENV, "").strip()
    if given:
        try:
            return max(1, int(given))
        except ValueError:
            return 1
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# ---------------------------------------------------------------- in the workers

_state: tuple[Any, Any] | None = None
"""(config, files) of the build, set before the workers are forked."""
_records: list[logging.LogRecord] = []


class _Capture(logging.Handler):
    """In a worker, in place of every handler: keeps what a page's render logs."""

    def emit(self, record: logging.LogRecord) -> None:
        if not _records or _records[-1] is not record:  # once, whichever logger's handler
            _records.append(record)


def _worker_init() -> None:
    capture = _Capture()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [capture]


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    record.msg, record.args = record.getMessage(), None
    record.exc_info, record.exc_text, record.stack_info = None, None, None
    return record


def _convert_one(uri: str) -> Converted | None:
    from mkdocs.structure.pages import Page

    assert _state is not None
    config, files = _state
    file = files.get_file_from_path(uri)
    if file is None:
        return None
    made = file.page is None
    page = Page(None, file, config) if made else file.page
    # MkDocs makes every page's Page object with the nav, before the workers are forked:
    # what a render leaves on it (toc, anchors, links, meta: 10 to 20 KB a page) would
    # stay in the worker to its end, every page of the site in each worker.
    before = None if made else dict(vars(page))
    _records.clear()
    try:
        page.read_source(config)
        digest = _digest(page.markdown)
        page.render(config, files)
        if page.content is None:
            return None
        links = None
        if "links_to_anchors" in vars(page):
            links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
        return Converted(
            uri=uri,
            digest=digest,
            content=page.content,
            toc=page.toc,
            title=page._title_from_render,
            anchors=page.present_anchor_ids,
            links=links,
            records=tuple(_portable(r) for r in _records),
        )
    except Exception:  # the build converts it, and reports the error as MkDocs does
        return None
    finally:  # the worker keeps nothing of the page once sent
        page.markdown, page.content = None, None
        _records.clear()
        if before is not None:
            vars(page).clear()
            vars(page).update(before)
        if made:
            file.page = None


def _convert_chunk(uris: list[str]) -> list[Converted | None]:
    return [_convert_one(uri) for uri in uris]


# ---------------------------------------------------------------- in the build


class Converter:
    """One build's workers and the results MkDocs has not taken yet."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.todo: deque[list[str]] = deque()
        self.pending: deque[Future[list[Converted | None]]] = deque()
        self.expected: set[str] = set()
        self.ready: dict[str, Converted] = {}
        self.workers = 0
        self.taken = 0

    def start(self, config: Any, files: Any, uris: list[str]) -> None:
        """Hand ``uris`` (in the order MkDocs will read them) to the workers."""
        global _state
        self.close()
        self.__init__()  # type: ignore[misc]
        self.workers = jobs()
        if self.workers < 2 or len(uris) < _MIN_PAGES:
            return
        _state = (config, files)
        try:
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_init,
            )
        except (OSError, ValueError):
            self.pool = None
            return
        self.expected = set(uris)
        self.todo = deque(uris[i : i + _CHUNK] for i in range(0, len(uris), _CHUNK))
        # The build's objects out of the workers' garbage collector, which would write
        # to each of them and so copy every memory page the fork shares (the workers
        # are forked at the first task).
        gc.freeze()
        try:
            self._fill()
        finally:
            gc.unfreeze()

    def _fill(self) -> None:
        while self.pool is not None and self.todo and len(self.pending) < self.workers * _AHEAD:
            try:
                self.pending.append(self.pool.submit(_convert_chunk, self.todo.popleft()))
            except RuntimeError:  # the pool broke: the build converts the rest
                self.close()

    def take(self, uri: str) -> Converted | None:
        """The worker's result for ``uri``, waiting for it; None: convert it here."""
        if uri not in self.expected:
            return None
        self.expected.discard(uri)
        while uri not in self.ready and self.pending:
            future = self.pending.popleft()
            try:
                results = future.result()
            except Exception:  # a worker died: what it held is converted here
                self.close()
                return None
            for result in results:
                if result is not None:
                    self.ready[result.uri] = result
            self._fill()
        found = self.ready.pop(uri, None)
        if not self.expected:
            self.close()
        return found

    def install(self, page: Any) -> None:
        """``page.render`` takes the worker's HTML when the Markdown is the one it converted."""
        if page.file.src_uri not in self.expected:
            return
        convert = page.render
        own = vars(page).get("render")  # another hook's, if any; else MkDocs' method

        def render(config: Any, files: Any) -> None:
            # Called once: the page drops this closure (about 1 KB a page, held to the
            # end of the build otherwise) and has the render it had before again.
            if own is not None:
                page.render = own
            else:
                with suppress(AttributeError):
                    del page.render
            result = self.take(page.file.src_uri)
            if result is None or result.digest != _digest(page.markdown):
                convert(config, files)
                return
            links = None
            if result.links is not None:
                links = {}
                for src_uri, anchors in result.links.items():
                    target = files.get_file_from_path(src_uri)
                    if target is None:
                        convert(config, files)
                        return
                    links[target] = anchors
            page.content = result.content
            page.toc = result.toc
            page._title_from_render = result.title
            page.present_anchor_ids = result.anchors
            if links is not None:
                page.links_to_anchors = links
            for record in result.records:
                logging.getLogger(record.name).handle(record)
            self.taken += 1

        page.render = render

    def close(self) -> None:
        """Stop the workers; what they did not hand over is converted in the build."""
        global _state
        pool, self.pool = self.pool, None
        self.todo.clear()
        self.pending.clear()
        self.ready.clear()
        self.expected.clear()
        _state = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
