"""A run of sitrep, phase by phase: ingest -> extract -> events -> pages -> publish.

:func:`build` is ``sitrep build`` and :func:`extract_json` is ``sitrep extract``;
the command line (:mod:`generator.cli`) only parses arguments and turns a
``SitrepError`` into one ``Error:`` line. Everything is gathered before anything
is written: every article read, every incident extracted, every event merged and
every page rendered in memory, then ``docs/`` is written in one swap.

Heavy libraries (spaCy, Jinja) are imported inside the phases that need them, so
a build that stops at phase 0 (nothing changed) does without them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from generator.cache.run import DEFAULT_CACHE_DIR
from generator.model import CodedArticle, IngestResult, Problem, SitrepError
from generator.pages.templates import FOLDER as DEFAULT_TEMPLATES
from generator.safety.escape import terminal_line

Say = Callable[[str], None]
"""Where a run reports what it did (problems, the summary): stderr by default."""


def to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


@dataclass(frozen=True)
class Options:
    """What ``sitrep extract`` and ``sitrep build`` share (their common options)."""

    strict: bool = False
    """Fail when any input file was skipped, unreadable or read with a warning."""
    jobs: int = 0
    """Extraction processes; 0 = one per core."""
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    """The extraction cache and the build record; None = neither (``--no-cache``)."""
    progress: bool = True
    """Progress bars (only ever shown on a terminal)."""


# ----------------------------------------------------------------------------- the phases


def ingest(articles: Path, options: Options, say: Say = to_stderr) -> IngestResult:
    """Phase 1: every file under ``articles`` read into an article or a problem."""
    from generator.ingest import read_articles

    result = read_articles(articles, progress=options.progress)
    report_problems(result.problems, options.strict, say)
    return result


@dataclass(frozen=True)
class Extracted:
    coded: list[CodedArticle]
    result: IngestResult
    """The ingest result, with the articles the extractor failed on among its problems."""
    cache_line: str
    """How many came from the cache and how many were extracted, on how many processes."""


def extract(result: IngestResult, options: Options, say: Say = to_stderr) -> Extracted:
    """Phase 2: incidents from every article, through the cache, on ``options.jobs``
    processes. Articles the extractor failed on join the problems (reported now,
    listed on the Build report): read, shown without incidents, never silently empty."""
    from generator.cache.run import extract_cached
    from generator.extract import EXTRACTOR_VERSION, extract_articles

    coded, stats = extract_cached(
        result.articles,
        extract=extract_articles,
        version=EXTRACTOR_VERSION,
        cache_dir=options.cache_dir,
        jobs=options.jobs,
        progress=options.progress,
    )
    cache_line = (
        f"{stats.hits} from cache, {stats.misses} extracted on {stats.jobs} process"
        f"{'es' if stats.jobs != 1 else ''}"
    )
    # The texts have been read: what the pages and totals need is the incidents,
    # the summary and the metadata. Dropping the texts keeps a build's memory to
    # what it shows (~0.4 GB of text at 100,000 articles).
    coded = [replace(c, article=replace(c.article, text="")) for c in coded]
    failed = [Problem(c.article.path, "warning", c.error) for c in coded if c.error]
    if failed:
        report_problems(failed, options.strict, say)
        result = replace(result, problems=result.problems + tuple(failed))
    return Extracted(coded, result, cache_line)


# ----------------------------------------------------------------------------- sitrep extract


def extract_json(
    articles: Path, write: Callable[[str], None], options: Options, say: Say = to_stderr
) -> None:
    """``sitrep extract``: the incidents JSON (schema ``sitrep.incidents/1``), handed
    to ``write``. Every input file gets its record; a repeated file is the same
    report again, pointing at the article it repeats."""
    from generator.contract import contract_json, duplicate_records, with_duplicates
    from generator.events.merge import merge_incidents, near_misses
    from generator.extract import load_factions

    started = time.perf_counter()
    result = ingest(articles, options, say)
    run = extract(result, options, say)
    coded, result = run.coded, run.result
    factions = load_factions()
    copies = duplicate_records(coded, result.duplicates)
    duplicate_of = {a.id: original for a, original in result.duplicates}
    merged = merge_incidents(coded, factions)
    doc = contract_json(
        coded + copies,
        factions,
        events=with_duplicates(merged, copies, duplicate_of),
        duplicate_of=duplicate_of,
        near_misses=near_misses(coded, merged, factions),
    )
    write(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    say(run.cache_line)
    say(f"{counts(result, coded)} in {time.perf_counter() - started:.1f}s")


# ----------------------------------------------------------------------------- sitrep build


def build(
    articles: Path,
    docs: Path,
    *,
    templates: Path = DEFAULT_TEMPLATES,
    options: Options = Options(),  # noqa: B008 - frozen, so one shared default is safe
    check: bool = False,
    say: Say = to_stderr,
) -> None:
    """``sitrep build``: the site's pages from ``articles`` into ``docs`` (with
    ``check``: compared with ``docs``, nothing written). ``docs`` is checked before
    anything is read, and locked while the build looks at or writes its pages."""
    from generator.publish.docsfolder import check_docs_folder
    from generator.publish.lock import acquire

    check_docs_folder(docs, articles)  # before anything is read or written
    if check and not docs.is_dir():
        _build(articles, docs, templates, options, check, say)  # nothing to lock
        return
    created = not os.path.lexists(docs)
    try:
        docs.mkdir(parents=True, exist_ok=True)
        lock = acquire(docs, f"waiting: another sitrep build is writing into {docs}")
    except OSError as exc:
        raise SitrepError(f"cannot write to {docs}: {exc.strerror or exc}") from exc
    try:
        _build(articles, docs, templates, options, check, say)
    except BaseException:
        if created:  # a build that failed leaves no empty docs folder behind
            with suppress(OSError):
                docs.rmdir()
        raise
    finally:
        os.close(lock)


def _build(
    articles: Path, docs: Path, templates: Path, options: Options, check: bool, say: Say
) -> None:
    started = time.perf_counter()
    from generator.pages.urls import hand_written_pages
    from generator.publish import record
    from generator.publish.swap import MANIFEST

    # Pages written by hand in docs/articles/: no article page takes their names.
    hand_written = hand_written_pages(docs)
    # Phase 0: nothing changed since the last build (inputs, code, pages)? Then stop.
    record_fp = None
    if not check and options.cache_dir is not None:
        record_fp = record.fingerprint(
            articles, templates, [f"hand-written={p}" for p in hand_written]
        )
        done = record.load_if_current(options.cache_dir, docs, record_fp, MANIFEST)
        if done is not None:
            report_problems(done.problem_lines, options.strict, say)
            say("nothing changed since the last build: 0 extracted")
            say(f"{done.summary_lines[0]} in {time.perf_counter() - started:.1f}s")
            n = len(done.pages)
            say(f"{n} pages in {docs}: 0 written, 0 removed, {n} unchanged")
            return
    # (spaCy and Jinja are imported only now: a build that stops above does without them.)
    from generator.events.totals import build_report
    from generator.extract import load_factions
    from generator.pages.render import page_jobs
    from generator.publish.check import stale_pages
    from generator.publish.swap import KEPT, write_pages

    # Phase 1, ingest: read every file; nothing is written until everything is rendered.
    result = ingest(articles, options, say)
    # Phase 2, extract: incidents from every article.
    run = extract(result, options, say)
    coded, result, cache_line = run.coded, run.result, run.cache_line
    # Phase 3, events: reports merged into events, and the totals, stated totals never summed.
    report = build_report(coded, result.problems, load_factions(), files_seen=result.seen)
    del coded, run  # the report holds the articles now
    # Phase 4, pages: every page listed with the key of what it is made of.
    jobs = page_jobs(report, templates, hand_written=hand_written)
    # Phase 5, publish: compare with docs/ (--check), or write docs/ in one swap, each
    # page rendered only if its key changed (or it was touched since), one at a time.
    if check:
        pages = {job.path: _text(job.render()) for job in jobs}
        diff = stale_pages(pages, docs)
        if diff:
            sys.stdout.write(diff)
            raise SitrepError(
                f"{docs} is stale: run `make site` (or `sitrep build`) and commit the result"
            )
        say(f"{docs} is up to date ({len(pages)} pages)")
        return
    code = record.code_fingerprint(templates)
    last = record.load_page_keys(options.cache_dir, docs) if options.cache_dir else {}
    keys: list[tuple[str, str]] = []
    paths: list[str] = []

    def contents() -> Iterator[tuple[str, object]]:
        for job in jobs:
            paths.append(job.path)
            if job.key is None:
                yield job.path, job.render()
                continue
            key = f"{code}:{job.key}"
            keys.append((job.path, key))
            yield job.path, KEPT if last.get(job.path) == key else job.render()

    written, removed = write_pages(contents(), docs)  # type: ignore[arg-type]
    if record_fp is not None and options.cache_dir is not None:
        done = record.BuildRecord(
            fingerprint=record_fp,
            pages=tuple(paths),
            problem_lines=tuple(problem_lines(result.problems)),
            summary_lines=(counts(result, report.articles),),
            page_keys=tuple(keys),
        )
        record.save(options.cache_dir, docs, done, MANIFEST)
    say(cache_line)
    say(f"{counts(result, report.articles)} in {time.perf_counter() - started:.1f}s")
    say(
        f"{len(paths)} pages in {docs}: {written} written, {removed} removed, "
        f"{len(paths) - written} unchanged"
    )


def _text(content: str | Iterator[str]) -> str:
    return content if isinstance(content, str) else "".join(content)


# ----------------------------------------------------------------------------- what a run says


def counts(result: IngestResult, coded: Sequence[CodedArticle]) -> str:
    """The summary line, without the seconds: articles, problems, incidents."""
    by_status = {s: sum(1 for p in result.problems if p.status == s) for s in ("skipped", "failed")}
    incidents = [i for c in coded for i in c.incidents]
    aggregates = sum(1 for i in incidents if i.aggregate)
    return (
        f"{len(result.articles)} articles read, {by_status['skipped']} skipped, "
        f"{by_status['failed']} failed; {len(incidents) - aggregates} incidents "
        f"(+{aggregates} stated totals, not added)"
    )


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """One line per problem, controls and invisible characters escaped
    (:func:`~generator.safety.escape.terminal_line`): a file name can hold a line
    break or an escape sequence, and these lines go to a terminal."""
    return [terminal_line(f"{p.status}: {p.path}: {p.reason}") for p in problems]


def report_problems(
    problems: Sequence[Problem] | Sequence[str], strict: bool, say: Say = to_stderr
) -> None:
    """Say each problem (a ``Problem``, or a line a build record kept); with ``strict``,
    any problem stops the run."""
    lines = [terminal_line(p) if isinstance(p, str) else problem_lines([p])[0] for p in problems]
    for line in lines:
        say(line)
    if strict and lines:
        raise SitrepError(f"{len(lines)} input problems and --strict was given")
