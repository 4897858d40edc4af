"""MkDocs hooks (``hooks:`` in mkdocs.yml): never publish a half-written docs/, reuse
the pages that did not change, index the site for search, and under ``make serve``
rebuild the pages when an article changes.

**Half-written docs/.** ``sitrep build`` renames its pages into docs/ in one
quick pass, recorded in a journal (:mod:`generator.publish.swap`); a build killed
during that pass (SIGKILL, a crash) leaves the journal and a mix of old and
new pages, which the next ``sitrep build`` repairs. Until then MkDocs must not
publish the mix: before it reads a page, :func:`on_pre_build` fails the build
if the journal is there, saying what to run.

**Pages that did not change** are not converted or rendered again: their HTML from
the last build is kept (:mod:`generator.publish.reuse`).

**Pages converted on every core**: the pages that are built are converted from
Markdown to HTML in worker processes while MkDocs goes through them
(:mod:`generator.publish.convert`); each page's HTML waits for its template in a
file, not in memory (:mod:`generator.publish.spill`), and its links to anchors are
checked as soon as the page they point to is converted, so that only the failing ones
are held to the end of the build (:mod:`generator.publish.anchors`).

**Search** is Pagefind's, run over the built site (:mod:`generator.publish.search`).

**make serve** sets ``SITREP_ARTICLES``: the preview server then watches that
folder too, and each rebuild first runs ``sitrep build`` into docs/ (which stops at
once when nothing changed), so an article added or edited shows on the preview.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.publish.anchors import Anchors
from generator.publish.convert import Converter
from generator.publish.reuse import TEMPLATE, Reuse
from generator.publish.spill import Spill
from generator.publish.swap import JOURNAL

log = logging.getLogger("mkdocs.plugins.sitrep")

ARTICLES_ENV = "SITREP_ARTICLES"
"""Set by ``make serve``: the articles folder the preview watches and builds from."""

_reuse = Reuse()
_converter = Converter()
_spill = Spill()
_anchors = Anchors()
_command: list[str] = []


class _QuietReuse(logging.Filter):
    """Drops MkDocs' info line for each reused page ("Page skipped: ... Generated
    empty output"): a rebuild of 100,000 pages would print 100,000 of them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped") and "empty output" in message)


_quiet = _QuietReuse()


class _QuietLinksToKept(logging.Filter):
    """Drops MkDocs' info line for a link to a kept page ("Doc file 'a.md' contains a
    link to 'b.md' which is excluded from the built site"): a kept page is left out of
    MkDocs' build (:func:`on_nav`), not out of the site."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.endswith("which is excluded from the built site."):
            return True
        target = message.rsplit(" contains a link to '", 1)[-1]
        return target[: -len("' which is excluded from the built site.")] not in _reuse.reused


_quiet_links = _QuietLinksToKept()


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    _command[:] = [command, "dirty"] if dirty else [command]


def on_config(config: Any, **kwargs: Any) -> Any:
    build_log = logging.getLogger("mkdocs.commands.build")
    if _quiet not in build_log.filters:
        build_log.addFilter(_quiet)
    pages_log = logging.getLogger("mkdocs.structure.pages")
    if _quiet_links not in pages_log.filters:
        pages_log.addFilter(_quiet_links)
    return config


def on_serve(server: Any, config: Any, builder: Any, **kwargs: Any) -> Any:
    articles = os.environ.get(ARTICLES_ENV)
    if articles:
        server.watch(articles)
    return server


def on_pre_build(config: Any, **kwargs: Any) -> None:
    docs = Path(config["docs_dir"])
    articles = os.environ.get(ARTICLES_ENV)
    if articles and _command == ["serve"]:
        _build_pages(Path(articles), docs)
    if os.path.lexists(docs / JOURNAL):
        raise PluginError(
            f"{docs} is half-written: a sitrep build was stopped while renaming its "
            f"pages ({JOURNAL} is still there). Run `make pages` (or `sitrep build`) "
            "to finish it, then build the site again."
        )
    _reuse.start(config)


def _build_pages(articles: Path, docs: Path) -> None:
    """``sitrep build ARTICLES --docs DOCS`` inside the preview server."""
    from generator.model import SitrepError
    from generator.pipeline import Options, build

    try:
        build(articles, docs, options=Options(progress=False), say=log.info)
    except SitrepError as exc:
        raise PluginError(f"sitrep build: {exc}") from exc


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    _reuse.choose(files.documentation_pages(), in_nav=set())
    return files


def on_nav(nav: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    # Pages in the nav show it (and their neighbours in it): always built.
    _reuse.reused.difference_update(page.file.src_uri for page in nav.pages)
    _leave_out_kept(files, config)
    if _command == ["build"]:  # not serve (its server's threads), nor --dirty
        from mkdocs.structure.files import InclusionLevel

        built = files.documentation_pages(inclusion=InclusionLevel.is_included)
        todo = [f.src_uri for f in built if f.src_uri not in _reuse.reused]
        _converter.start(config, files, todo)
    _spill.start(config["site_dir"])
    _anchors.start()
    return nav


def _leave_out_kept(files: Any, config: Any) -> None:
    """The kept pages left out of MkDocs' build, which then neither reads them nor
    renders a template for them: marked excluded once the nav is made (links to them
    resolve as before, with an info line :class:`_QuietLinksToKept` drops). Not when
    the site has a ``site_url``: the sitemap then lists the URL of every page MkDocs
    builds, so each kept page goes through MkDocs' build and renders an empty
    template (:meth:`Reuse.skip_if_reused`)."""
    from mkdocs.structure.files import InclusionLevel

    if config.get("site_url"):
        return
    for src in _reuse.reused:
        file = files.get_file_from_path(src)
        if file is not None:
            file.inclusion = InclusionLevel.EXCLUDED


def on_pre_page(page: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    _reuse.skip_if_reused(page)
    _converter.install(page)
    return page


@event_priority(-100)  # after every other plugin's: the HTML as MkDocs will show it
def on_page_content(html: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    html = _spill.put(page, html)
    _anchors.converted_page(page)
    return html


@event_priority(100)  # before every other plugin's
def on_page_context(context: Any, page: Any, config: Any, nav: Any, **kwargs: Any) -> Any:
    _spill.restore(page)
    return context


@event_priority(-100)
def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    _spill.release(page)
    return output


def on_env(env: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    import jinja2

    _converter.close()  # every page is read by now
    _anchors.settle([f.page for f in files.documentation_pages() if f.page is not None])
    if _converter.taken:
        log.info(
            f"sitrep: {_converter.taken} pages converted by {_converter.workers} worker processes"
        )

    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: ""}), env.loader])
    # The theme's templates compiled once, not by every build (about a second of each
    # build's CPU): Jinja's own cache, in a folder of this user's only, keyed by each
    # template's name and checked against its source, so an edited template is
    # compiled again.
    if env.bytecode_cache is None:
        with suppress(OSError, RuntimeError):  # no private folder for it: compile as before
            env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_post_build(config: Any, **kwargs: Any) -> None:
    from generator.publish.search import SearchIndexError, index_site

    site = Path(config["site_dir"])
    summary: list[str] = []

    def index(pages: dict[str, str] | None, previous: Path | None) -> None:
        # Once the kept pages are back, before the last build's leftovers go: the
        # parts of the index whose pages did not change are kept from them.
        try:
            summary.append(index_site(site, pages, previous))
        except SearchIndexError as exc:
            raise PluginError(f"search index: {exc}") from exc

    _spill.close()
    reused = _reuse.finish(index)
    log.info(f"sitrep: {reused} unchanged pages kept from the last build")
    if not summary:
        index(None, None)
    log.info(f"sitrep search: {summary[0]}")


def on_build_error(error: Exception, **kwargs: Any) -> None:
    _converter.close()
    _spill.close()
