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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache.run import DEFAULT_CACHE_DIR
from generator.events.corrections import CORRECTIONS_FILE
from generator.model import Article, CodedArticle, Faction, IngestResult, Problem, SitrepError
from generator.pages.templates import FOLDER as DEFAULT_TEMPLATES
from generator.safety.escape import terminal_line

if TYPE_CHECKING:
    from generator.cache.pack import Pack
    from generator.cluster.run import (  # fsspec and dask: imported only by --dask
        ClusterStats,
        Merged,
    )
    from generator.events.corrections import Corrected, Corrections
    from generator.events.memo import MergeMemo
    from generator.ingest.memo import ReadMemo

__all__ = ["CORRECTIONS_FILE", "DEFAULT_CACHE_DIR", "DEFAULT_TEMPLATES", "Options", "build"]

Say = Callable[[str], None]
"""Where a run reports what it did (problems, the summary): stderr by default."""
Write = Callable[[str | Iterable[str]], None]
"""Where a command's output goes: the text whole, or its pieces as they are made."""


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
    corrections: Path | None = None
    """The analyst's corrections file; None = ``corrections.yaml`` beside the articles
    folder, if there is one."""


def corrections_file(articles: Path, options: Options) -> tuple[Path, bool]:
    """The corrections file a run reads, and whether it must exist (one named with
    ``--corrections`` must; the default one beside the articles is optional)."""
    from generator.events.corrections import default_path

    if options.corrections is not None:
        return options.corrections, True
    return default_path(articles), False


def load_corrections(articles: Path, options: Options) -> Corrections:
    """The corrections of a run, read before any article is (a broken file stops the
    run at once with an ``Error:``)."""
    from generator.events.corrections import load_corrections as load

    path, required = corrections_file(articles, options)
    return load(path, required=required)


# ----------------------------------------------------------------------------- the phases


def ingest(
    articles: Path, options: Options, say: Say = to_stderr, memo: ReadMemo | None = None
) -> IngestResult:
    """Phase 1: every file under ``articles`` read into an article or a problem; with
    ``memo``, the files unchanged since the last build are not read again (their
    articles come without their text: :mod:`generator.ingest.memo`)."""
    from generator.ingest import read_articles

    result = read_articles(articles, progress=options.progress, memo=memo)
    report_problems(result.problems, options.strict, say)
    return result


@dataclass(frozen=True)
class Extracted:
    coded: list[CodedArticle]
    result: IngestResult
    """The ingest result, with the articles the extractor failed on among its problems."""
    cache_line: str
    """How many came from the cache and how many were extracted, on how many processes."""
    merged: Merged | None = None
    """The events and near misses, when they were merged already (on a Dask cluster)."""
    cluster: ClusterStats | None = None
    """What a Dask cluster did. Its summary line :attr:`cache_line` times the run
    alone; :func:`extract_json` makes it again once the JSON is written, timing the
    whole command."""


EXTRACT_SLICE = 5_000
"""Articles :func:`extract` hands the extraction cache at a time (see there). Each
slice that has enough misses starts its own worker processes (forked: in well under
a second); the progress bar counts the whole run."""


def extract(
    result: IngestResult,
    options: Options,
    say: Say = to_stderr,
    memo: ReadMemo | None = None,
    pack: Pack | None = None,
) -> Extracted:
    """Phase 2: incidents from every article, through the cache, on ``options.jobs``
    processes. Articles the extractor failed on join the problems (reported now,
    listed on the Build report): read, shown without incidents, never silently empty.
    ``memo``: the one :func:`ingest` read through (it gives the keys of the articles
    that came without their text, or reads them again, and notes the keys).
    ``pack``: the last build's extractions in one file (:mod:`generator.cache.pack`),
    read before the per-article entries; this run's are noted in it."""
    from generator.cache.run import extract_cached
    from generator.compact import Compactor

    version = extractor_version()
    compactor = pack.compactor if pack is not None else Compactor()
    coded: list[CodedArticle] = []
    hits = misses = 0
    processes = 1
    # A slice of the articles at a time through the cache, each slice's results made
    # of shared values (and without their texts) before the next is read: what a
    # cache entry or a worker returns is decoded into its own copy of every string
    # and toll (9.8 KB an article, 2.6 KB once compacted), and holding all of them
    # until the last came back was most of a large build's peak.
    for start in range(0, len(result.articles) or 1, EXTRACT_SLICE):
        part = result.articles[start : start + EXTRACT_SLICE]
        got, stats = extract_cached(
            part,
            extract=extract_articles,
            version=version,
            cache_dir=options.cache_dir,
            jobs=options.jobs,
            progress=options.progress,
            known_keys=memo.keys(part, version) if memo is not None else None,
            fill=memo.fill if memo is not None else None,
            slice_of=(start, len(result.articles)),
            pack=pack,
            compact=lambda c, shared: compactor.coded(c, drop_text=True, shared=shared),
        )
        if memo is not None and stats.article_keys:
            memo.note_keys(part, stats.article_keys, version)
        if pack is not None and stats.article_keys:
            pack.note(stats.article_keys, got)
        hits, misses = hits + stats.hits, misses + stats.misses
        processes = max(processes, stats.jobs)
        coded += got
        del got
    cache_line = (
        f"{hits} from cache, {misses} extracted on {processes} process"
        f"{'es' if processes != 1 else ''}"
    )
    # The texts have been read: what the pages and totals need is the incidents,
    # the summary and the metadata. Dropping the texts (above, and in the ingest
    # result, which the build keeps to its end) keeps a build's memory to what it
    # shows (~0.4 GB of text at 100,000 articles).
    result = replace(result, articles=tuple(c.article for c in coded))
    return _with_failures(coded, result, cache_line, options, say)


def extractor_version() -> str:
    """The extractor's version, without importing the extractor (spaCy: ~80 MB and
    1-2 CPU s that a build whose articles are all in the cache can do without); the
    imported module's when it is (tests set it there)."""
    module = sys.modules.get("generator.extract")
    if module is not None:
        return str(module.EXTRACTOR_VERSION)
    from generator.cache.version import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def extract_articles(articles: Sequence[Article]) -> list[CodedArticle]:
    """:func:`generator.extract.extract_articles`, imported on the first call (a
    worker process imports it on its first batch, or inherits it from this process
    when forked), each result
    without its article's text: the caller has the text, and a worker would
    otherwise send a copy of every text back (~0.4 GB at 100,000 articles; the
    cache entry, whose article is the caller's when it is read back, is smaller
    too)."""
    import generator.extract

    return [
        replace(c, article=replace(c.article, text=""))
        for c in generator.extract.extract_articles(articles)
    ]


def _with_failures(
    coded: list[CodedArticle],
    result: IngestResult,
    line: str,
    options: Options,
    say: Say,
    merged: Merged | None = None,
    cluster: ClusterStats | None = None,
) -> Extracted:
    failed = [Problem(c.article.path, "warning", c.error) for c in coded if c.error]
    if failed:
        report_problems(failed, options.strict, say)
        result = replace(result, problems=result.problems + tuple(failed))
    return Extracted(coded, result, line, merged, cluster)


@dataclass(frozen=True)
class Cluster:
    """Where ``sitrep extract --dask`` extracts, and where it keeps its output shards."""

    address: str
    """A scheduler (``tcp://host:8786``) or ``local`` (a cluster of this machine's cores)."""
    shards: str
    """A folder or fsspec URL every worker can write to."""
    shard_bytes: int | None = None
    """Target input size of a shard (None: :data:`generator.cluster.plan.SHARD_BYTES`)."""


def extract_on_cluster(
    articles: Path, cluster: Cluster, options: Options, say: Say = to_stderr
) -> Extracted:
    """Phases 1 and 2 on a Dask cluster (:mod:`generator.cluster`): the same articles,
    problems and incidents as :func:`ingest` then :func:`extract` on this machine."""
    from generator.cluster.plan import SHARD_BYTES
    from generator.cluster.run import extract_on_cluster as run_on_cluster

    result, coded, merged, stats = run_on_cluster(
        articles,
        address=cluster.address,
        shards_url=cluster.shards,
        jobs=options.jobs,
        cache_dir=options.cache_dir,
        reuse=options.cache_dir is not None,
        progress=options.progress,
        say=say,
        shard_bytes=cluster.shard_bytes or SHARD_BYTES,
    )
    report_problems(result.problems, options.strict, say)
    return _with_failures(coded, result, stats.line(), options, say, merged, stats)


def from_extract(out: str, options: Options, say: Say = to_stderr) -> Extracted:
    """Phases 1 and 2 read back from the output of ``sitrep extract --dask``."""
    from generator.cluster.run import from_extract as read_back

    result, coded = read_back(out)
    report_problems(result.problems, options.strict, say)
    return _with_failures(coded, result, f"read from the extract output {out}", options, say)


def correct(
    extracted: Extracted,
    corrections: Corrections,
    factions: Mapping[str, Faction],
    options: Options,
    say: Say = to_stderr,
    memo: MergeMemo | None = None,
) -> Corrected:
    """Phase 3a: the analyst's corrections applied to what was extracted (after the
    cache, so they survive every rebuild) and the reports merged into events around
    them. An item that cannot be applied is reported now (fatal with --strict) and
    listed on the Build report. With ``memo``, the merge goes through it (events
    kept between builds, :mod:`generator.events.memo`)."""
    from generator.events.corrections import apply_corrections

    merged = cluster_events(extracted, corrections)
    if merged is None and memo is not None and extracted.merged is None:
        corrected = apply_corrections(corrections, extracted.coded, factions, merge=memo.merge)
    elif merged is None:
        corrected = apply_corrections(corrections, extracted.coded, factions)
    else:
        corrected = apply_corrections(
            corrections, extracted.coded, factions, merge=lambda *_, **__: merged.events
        )
    report_problems(corrected.problems, options.strict, say)
    return corrected


def cluster_events(extracted: Extracted, corrections: Corrections) -> Merged | None:
    """The events the cluster merged, when they are the run's: with no correction
    to apply (a correction may change an incident or keep one apart, and the merge
    runs again around it, here)."""
    return extracted.merged if not corrections.items else None


# ----------------------------------------------------------------------------- sitrep extract


def extract_json(
    articles: Path,
    write: Write,
    options: Options,
    say: Say = to_stderr,
    cluster: Cluster | None = None,
) -> None:
    """``sitrep extract``: the incidents JSON (schema ``sitrep.incidents/1``), handed
    to ``write`` in pieces of one record each. Every input file gets its record; a
    repeated file is the same report again, pointing at the article it repeats. With
    ``cluster``, phases 1 and 2 run on Dask; the JSON is the same, byte for byte."""
    started = time.perf_counter()
    corrections = load_corrections(articles, options)
    if cluster is None:
        run = extract(ingest(articles, options, say), options, say)
        pieces, corrected = contract_pieces(run, corrections, options, say)
        write(pieces)
    else:
        from generator.cluster.settle import settled

        run = extract_on_cluster(articles, cluster, options, say)
        with settled() as settle:
            settle()  # the run's incidents and events, held until the JSON is written
            pieces, corrected = contract_pieces(run, corrections, options, say)
            write(pieces)
    # A cluster's wall times are the command's: what the client did before the run
    # (importing Dask's side of sitrep) and after it (the JSON) are in *the rest*.
    if run.cluster is not None:
        say(run.cluster.line(since=started, until=time.perf_counter()))
    else:
        say(run.cache_line)
    say(f"{counts(run.result, corrected.coded, corrected)} in {time.perf_counter() - started:.1f}s")


def contract_pieces(
    run: Extracted, corrections: Corrections, options: Options, say: Say = to_stderr
) -> tuple[Iterator[str], Corrected]:
    """Phase 3 of ``sitrep extract``: the corrections applied, incidents merged into
    events (or the events the cluster merged), and the JSON text in pieces, each
    record made as its piece is taken (the text of 20,000 articles, 194 MB, is never
    held whole)."""
    from generator.contract import (
        contract_items,
        dump_json,
        duplicate_records,
        with_duplicates,
    )
    from generator.events.merge import near_misses
    from generator.events.sources import grade_events
    from generator.knowledge.factions import load_factions

    result = run.result
    factions = load_factions()
    corrected = correct(run, corrections, factions, options, say)
    coded, merged = list(corrected.coded), corrected.events
    copies = duplicate_records(coded, result.duplicates)
    duplicate_of = {a.id: original for a, original in result.duplicates}
    on_cluster = cluster_events(run, corrections)
    doc = dump_json(
        contract_items(
            coded + copies,
            factions,
            events=with_duplicates(merged, copies, duplicate_of),
            duplicate_of=duplicate_of,
            near_misses=(
                on_cluster.near_misses
                if on_cluster is not None
                else near_misses(coded, merged, factions)
            ),
            corrections=corrected.log,
            grades=grade_events(merged, coded, factions, corrected.attacker_set),
        ),
        indent=2,
    )
    return chain(doc, ["\n"]), corrected


# ----------------------------------------------------------------------------- sitrep review


def review(
    articles: Path,
    write: Write,
    options: Options,
    *,
    as_json: bool = False,
    limit: int | None = None,
    say: Say = to_stderr,
) -> None:
    """``sitrep review``: what most needs a human look, with the ids to paste into the
    corrections file (:mod:`generator.events.review`), as text or JSON."""
    from generator.events.review import review_items, review_json, review_text
    from generator.events.totals import build_report
    from generator.knowledge.factions import load_factions

    started = time.perf_counter()
    corrections = load_corrections(articles, options)
    result = ingest(articles, options, say)
    run = extract(result, options, say)
    factions = load_factions()
    corrected = correct(run, corrections, factions, options, say)
    report = build_report(
        run.coded, run.result.problems, factions, files_seen=result.seen, corrected=corrected
    )
    items = review_items(report)
    if as_json:
        write(json.dumps(review_json(report, items), ensure_ascii=False, indent=2) + "\n")
    else:
        text = review_text(report, items, limit)
        write("".join(terminal_line(line) + "\n" for line in text.splitlines()))
    say(run.cache_line)
    say(f"{counts(run.result, corrected.coded, corrected)} in {time.perf_counter() - started:.1f}s")


# ----------------------------------------------------------------------------- sitrep build


def build(
    articles: Path | None,
    docs: Path,
    *,
    templates: Path = DEFAULT_TEMPLATES,
    options: Options = Options(),  # noqa: B008 - frozen, so one shared default is safe
    check: bool = False,
    say: Say = to_stderr,
    extracted: str | None = None,
) -> None:
    """``sitrep build``: the site's pages from ``articles`` into ``docs`` (with
    ``check``: compared with ``docs``, nothing written). ``docs`` is checked before
    anything is read, and locked while the build looks at or writes its pages.
    With ``extracted`` (``--from-extract``), the articles and their incidents are
    the output of ``sitrep extract --dask``, read back; no article is read."""
    if (articles is None) == (extracted is None):
        raise SitrepError("give either ARTICLES or --from-extract OUT")
    source = articles if articles is not None else Path(str(extracted))
    from generator.publish.docsfolder import check_docs_folder
    from generator.publish.lock import acquire

    check_docs_folder(docs, source)  # before anything is read or written
    if check and not docs.is_dir():
        _build(articles, extracted, docs, templates, options, check, say)  # nothing to lock
        return
    created = not os.path.lexists(docs)
    try:
        docs.mkdir(parents=True, exist_ok=True)
        lock = acquire(docs, f"waiting: another sitrep build is writing into {docs}")
    except OSError as exc:
        raise SitrepError(f"cannot write to {docs}: {exc.strerror or exc}") from exc
    try:
        _build(articles, extracted, docs, templates, options, check, say)
    except BaseException:
        if created:  # a build that failed leaves no empty docs folder behind
            with suppress(OSError):
                docs.rmdir()
        raise
    finally:
        os.close(lock)


def _build(
    articles: Path | None,
    extracted: str | None,
    docs: Path,
    templates: Path,
    options: Options,
    check: bool,
    say: Say,
) -> None:
    started = time.perf_counter()
    from generator.pages.urls import hand_written_pages
    from generator.publish import record
    from generator.publish.swap import MANIFEST

    # Pages written by hand in docs/articles/: no article page takes their names.
    hand_written = hand_written_pages(docs)
    # Phase 0: nothing changed since the last build (inputs, code, pages)? Then stop.
    record_fp = None
    inputs = record.InputMemo()
    # With --from-extract, the corrections file's default place is beside OUT.
    source = articles if articles is not None else Path(str(extracted))
    corrections_path, _ = corrections_file(source, options)
    # The last build's record, read once: its input hashes, whether anything changed,
    # and (held without the hashes) the keys of the pages it wrote.
    last: record.LastBuild | None = None
    if not check and options.cache_dir is not None:
        last = record.read(options.cache_dir, docs)
    if last is not None and articles is not None:
        # The articles' hashes of the last build, for the files whose stat is the same.
        inputs = record.InputMemo.load(last, articles)
    if not check and options.cache_dir is not None and articles is not None:
        record_fp = record.fingerprint(
            articles,
            templates,
            [f"hand-written={p}" for p in hand_written],
            files=[corrections_path],
            memo=inputs,
        )
        done = record.load_if_current(last, docs, record_fp, MANIFEST)
        if done is not None:
            report_problems(done.problem_lines, options.strict, say)
            say("nothing changed since the last build: 0 extracted")
            say(f"{done.summary_lines[0]} in {time.perf_counter() - started:.1f}s")
            n = len(done.pages)
            say(f"{n} pages in {docs}: 0 written, 0 removed, {n} unchanged")
            return
    last_pages = last.for_pages() if last is not None else None
    del last
    # (spaCy and Jinja are imported only now: a build that stops above does without them.)
    from generator.events.totals import build_report
    from generator.knowledge.factions import load_factions
    from generator.pages.render import page_jobs
    from generator.publish.check import stale_pages
    from generator.publish.swap import KEPT, write_pages

    # The analyst's corrections, read first: a file that cannot be read stops the build.
    corrections = load_corrections(source, options)
    code = record.code_fingerprint(templates)
    reading = record.reading_fingerprint()  # not the templates nor the pages' code
    read_memo = pack = None
    if articles is not None:
        # Phase 1, ingest: read every file (not those unchanged since the last build,
        # when there is a cache); nothing is written until everything is rendered.
        from generator.cache.pack import Pack
        from generator.ingest.memo import ReadMemo

        read_memo = ReadMemo(options.cache_dir, articles, reading) if not check else None
        result = ingest(articles, options, say, read_memo)
        # Phase 2, extract: incidents from every article (those of the last build's
        # articles read back from its pack, in one read).
        pack = Pack(options.cache_dir, articles, extractor_version()) if not check else None
        run = extract(result, options, say, read_memo, pack)
    else:  # Phases 1 and 2 done by `sitrep extract --dask`: read back
        run = from_extract(str(extracted), options, say)
    coded, result, cache_line = run.coded, run.result, run.cache_line
    # Phase 3, events: the corrections applied, reports merged into events (the
    # groups of reports that did not change read back from the last build's), and the
    # totals, stated totals never summed.
    from generator.events.memo import MergeMemo

    factions = load_factions()
    memo = MergeMemo(options.cache_dir, reading)
    corrected = correct(run, corrections, factions, options, say, memo)
    report = build_report(
        coded,
        result.problems + corrected.problems,
        factions,
        files_seen=result.seen,
        corrected=corrected,
        # Its near misses are those of the final events only when no correction
        # changed the merge's events.
        misses=memo.near_misses if not corrections.items else None,
    )
    if not check:
        memo.save()
    # The merge's entries (the text of the governorates' files that changed) go before
    # the other caches are saved: at 100,000 articles an add-one build peaked saving
    # the read memo with them still held.
    del memo
    if not check:
        if read_memo is not None:
            read_memo.save()
        if pack is not None:
            pack.save()
    summary = counts(result, corrected.coded, corrected)
    problems = tuple(problem_lines(result.problems + corrected.problems))
    # The report holds the articles and events now; the memos are saved, and the
    # merge's holds every event again, encoded for its file (70 MB of JSON at
    # 20,000 articles): none of it is needed to write the pages.
    del coded, run, corrected, read_memo, pack
    # Phase 4, pages: every page listed with the key of what it is made of.
    # Phase 5, publish: compare with docs/ (--check), or write docs/ in one swap, each
    # page rendered only if its key changed (or it was touched since), one at a time.
    if check:
        jobs = page_jobs(report, templates, hand_written=hand_written)
        pages = {job.path: _text(job.render()) for job in jobs}
        diff = stale_pages(pages, docs)
        if diff:
            sys.stdout.write(diff)
            raise SitrepError(
                f"{docs} is stale: run `make site` (or `sitrep build`) and commit the result"
            )
        say(f"{docs} is up to date ({len(pages)} pages)")
        return
    # A page's key: the code, the analyst's corrections (rare edits, shown on any
    # page that shows a corrected figure) and what the page is made of.
    code += ":" + _digest(repr(report.corrections))
    # The records of incidents.json whose key is the last build's are copied from it
    # (generator/pages/kept.py), not encoded again.
    from generator.pages.kept import KeptRecords

    kept = KeptRecords(options.cache_dir, docs, code)
    jobs = page_jobs(report, templates, hand_written=hand_written, kept=kept)
    kept_keys = record.load_page_keys(last_pages, docs)
    del last_pages
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
            yield job.path, KEPT if kept_keys.get(job.path) == key else job.render()

    written, removed = write_pages(contents(), docs)  # type: ignore[arg-type]
    kept.save()
    if record_fp is not None and options.cache_dir is not None:
        done = record.BuildRecord(
            fingerprint=record_fp,
            pages=tuple(paths),
            problem_lines=problems,
            summary_lines=(summary,),
            page_keys=tuple(keys),
            articles=str(articles.resolve()) if articles is not None else "",
            inputs=inputs.rows(),
        )
        record.save(options.cache_dir, docs, done, MANIFEST)
    say(cache_line)
    say(f"{summary} in {time.perf_counter() - started:.1f}s")
    say(
        f"{len(paths)} pages in {docs}: {written} written, {removed} removed, "
        f"{len(paths) - written} unchanged"
    )


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _text(content: str | Iterator[str]) -> str:
    return content if isinstance(content, str) else "".join(content)


# ----------------------------------------------------------------------------- what a run says


def counts(
    result: IngestResult, coded: Sequence[CodedArticle], corrected: Corrected | None = None
) -> str:
    """The summary line, without the seconds: articles, problems, incidents (as
    corrected), and the corrections when there is a corrections file."""
    by_status = {s: sum(1 for p in result.problems if p.status == s) for s in ("skipped", "failed")}
    incidents = [i for c in coded for i in c.incidents]
    aggregates = sum(1 for i in incidents if i.aggregate)
    line = (
        f"{len(result.articles)} articles read, {by_status['skipped']} skipped, "
        f"{by_status['failed']} failed; {len(incidents) - aggregates} incidents "
        f"(+{aggregates} stated totals, not added)"
    )
    log = corrected.log if corrected is not None else None
    if log is not None and log.path:
        line += f"; {log.total} corrections applied"
        if log.warnings:
            line += f", {log.warnings} not applied"
    return line


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
