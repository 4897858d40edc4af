"""The ``sitrep`` command: parse arguments, call the library, report.

Thin on purpose. Any ``SitrepError`` becomes one ``Error: ...`` line on stderr
and exit code 1; a bad command line (an unknown option, a missing argument) is
one ``Error: ...`` line too, with exit code 2 (:data:`USAGE_EXIT`, argparse's
convention), never argparse's usage block.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.escape import terminal_line
from generator.model import CodedArticle, IngestResult, Problem, SitrepError

#: Exit codes, as the README states them.
ERROR_EXIT, USAGE_EXIT, INTERRUPTED_EXIT = 1, 2, 130


class UsageError(SitrepError):
    """The command line itself is wrong: exit :data:`USAGE_EXIT` instead of 1."""


class _Parser(argparse.ArgumentParser):
    """argparse, except that a bad command line raises :class:`UsageError`.

    argparse would print its usage block and ``sitrep: error: ...`` and exit;
    the README promises one ``Error:`` line. Sub-command parsers are made by
    ``add_subparsers`` with the parent's class, so they raise it too.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _ingest(articles: Path, progress: bool) -> IngestResult:
    from generator.ingest import read_articles

    return read_articles(articles, progress=progress)


def _extract(result: IngestResult, args: argparse.Namespace) -> list[CodedArticle]:
    """Extract every article, through the cache and on ``--jobs`` processes."""
    from generator.cache import extract_cached
    from generator.extract import EXTRACTOR_VERSION, extract_articles

    coded, stats = extract_cached(
        result.articles,
        extract=extract_articles,
        version=EXTRACTOR_VERSION,
        cache_dir=None if args.no_cache else args.cache_dir,
        jobs=args.jobs,
        progress=not args.quiet,
    )
    args.cache_line = (
        f"{stats.hits} from cache, {stats.misses} extracted on {stats.jobs} process"
        f"{'es' if stats.jobs != 1 else ''}"
    )
    return coded


def _with_extraction_problems(
    result: IngestResult, coded: Sequence[CodedArticle], strict: bool
) -> IngestResult:
    """Articles the extractor failed on join the problems (reported now, listed on the
    Build report): read, shown without incidents, never silently empty."""
    failed = [Problem(c.article.path, "warning", c.error) for c in coded if c.error]
    if not failed:
        return result
    _report_problems(failed, strict)
    return replace(result, problems=result.problems + tuple(failed))


def _counts(result: IngestResult, coded: Sequence[CodedArticle]) -> str:
    counts = {s: sum(1 for p in result.problems if p.status == s) for s in ("skipped", "failed")}
    incidents = [i for c in coded for i in c.incidents]
    aggregates = sum(1 for i in incidents if i.aggregate)
    return (
        f"{len(result.articles)} articles read, {counts['skipped']} skipped, "
        f"{counts['failed']} failed; {len(incidents) - aggregates} incidents "
        f"(+{aggregates} stated totals, not added)"
    )


def _summary(result: IngestResult, coded: Sequence[CodedArticle], seconds: float) -> str:
    return f"{_counts(result, coded)} in {seconds:.1f}s"


def _problem_lines(problems: Sequence[Problem]) -> list[str]:
    return [terminal_line(f"{p.status}: {p.path}: {p.reason}") for p in problems]


def _report_problems(problems: Sequence[Problem] | Sequence[str], strict: bool) -> None:
    lines = [terminal_line(p) if isinstance(p, str) else _problem_lines([p])[0] for p in problems]
    for line in lines:
        print(line, file=sys.stderr)
    if strict and lines:
        raise SitrepError(f"{len(lines)} input problems and --strict was given")


def cmd_extract(args: argparse.Namespace) -> None:
    from generator.contract import contract_json, duplicate_records, with_duplicates
    from generator.events import merge_incidents, near_misses
    from generator.extract import load_factions

    started = time.perf_counter()
    result = _ingest(args.articles, progress=not args.quiet)
    _report_problems(result.problems, args.strict)
    coded = _extract(result, args)
    result = _with_extraction_problems(result, coded, args.strict)
    factions = load_factions()
    # every input file gets its record; a repeated file is the same report again
    copies = duplicate_records(coded, result.duplicates)
    duplicate_of = {a.id: original for a, original in result.duplicates}
    merged = merge_incidents(coded, factions)
    events = with_duplicates(merged, copies, duplicate_of)
    doc = contract_json(
        coded + copies,
        factions,
        events=events,
        duplicate_of=duplicate_of,
        near_misses=near_misses(coded, merged, factions),
    )
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if str(args.json) == "-":
        sys.stdout.write(text)
    else:
        try:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise SitrepError(f"cannot write {args.json}: {exc.strerror or exc}") from exc
    print(args.cache_line, file=sys.stderr)
    print(_summary(result, coded, time.perf_counter() - started), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> None:
    from generator.docsfolder import check_docs_folder
    from generator.lock import acquire

    check_docs_folder(args.docs, args.articles)  # before anything is read or written
    if args.check and not args.docs.is_dir():
        _build(args)  # nothing to lock: every page is missing
        return
    created = not os.path.lexists(args.docs)
    try:
        args.docs.mkdir(parents=True, exist_ok=True)
        lock = acquire(args.docs, f"waiting: another sitrep build is writing into {args.docs}")
    except OSError as exc:
        raise SitrepError(f"cannot write to {args.docs}: {exc.strerror or exc}") from exc
    try:
        _build(args)
    except BaseException:
        if created:  # a build that failed leaves no empty docs folder behind
            with suppress(OSError):
                args.docs.rmdir()
        raise
    finally:
        os.close(lock)


def _build(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    from generator.render import hand_written_pages

    # Pages written by hand in docs/articles/: no article page takes their names.
    hand_written = hand_written_pages(args.docs)
    # Phase 0: nothing changed since the last build (inputs, code, pages)? Then stop.
    record_fp = None
    if not (args.check or args.no_cache):
        from generator import buildcache
        from generator.render import MANIFEST

        record_fp = buildcache.fingerprint(
            args.articles, args.templates, [f"hand-written={p}" for p in hand_written]
        )
        record = buildcache.load_if_current(args.cache_dir, args.docs, record_fp, MANIFEST)
        if record is not None:
            _report_problems(record.problem_lines, args.strict)
            print("nothing changed since the last build: 0 extracted", file=sys.stderr)
            seconds = time.perf_counter() - started
            print(f"{record.summary_lines[0]} in {seconds:.1f}s", file=sys.stderr)
            print(
                f"{len(record.pages)} pages in {args.docs}: 0 written, 0 removed, "
                f"{len(record.pages)} unchanged",
                file=sys.stderr,
            )
            return
    # (spaCy is imported only now: a build that stops above does without it.)
    from generator.aggregate import build_report
    from generator.extract import load_factions
    from generator.render import render_pages, stale_pages, write_pages

    # Phase 1: read every file; nothing is written until everything is rendered.
    result = _ingest(args.articles, progress=not args.quiet)
    _report_problems(result.problems, args.strict)
    # Phase 2: extract incidents from every article.
    coded = _extract(result, args)
    result = _with_extraction_problems(result, coded, args.strict)
    # Phase 3: totals, with stated aggregates never summed.
    report = build_report(coded, result.problems, load_factions(), files_seen=result.seen)
    # Phase 4: render all pages in memory, then write (or compare).
    pages = render_pages(report, args.templates, hand_written=hand_written)
    if args.check:
        diff = stale_pages(pages, args.docs)
        if diff:
            sys.stdout.write(diff)
            raise SitrepError(
                f"{args.docs} is stale: run `make site` (or `sitrep build`) and commit the result"
            )
        print(f"{args.docs} is up to date ({len(pages)} pages)", file=sys.stderr)
        return
    written, removed = write_pages(pages, args.docs)
    if record_fp is not None:
        from generator import buildcache
        from generator.render import MANIFEST

        done = buildcache.BuildRecord(
            fingerprint=record_fp,
            pages=tuple(pages),
            problem_lines=tuple(_problem_lines(result.problems)),
            summary_lines=(_counts(result, coded),),
        )
        buildcache.save(args.cache_dir, args.docs, done, MANIFEST)
    print(args.cache_line, file=sys.stderr)
    print(_summary(result, coded, time.perf_counter() - started), file=sys.stderr)
    print(
        f"{len(pages)} pages in {args.docs}: {written} written, {removed} removed, "
        f"{len(pages) - written} unchanged",
        file=sys.stderr,
    )


def cmd_import(args: argparse.Namespace) -> None:
    from generator.ingest import import_csv

    written, problems = import_csv(args.csv, args.dest)
    _report_problems(problems, strict=False)
    print(f"{written} article files written to {args.dest}", file=sys.stderr)


def _add_extract_options(p: argparse.ArgumentParser) -> None:
    from generator.cache import DEFAULT_CACHE_DIR

    p.add_argument("--strict", action="store_true", help="fail on any skipped or unreadable file")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="extraction processes (default 0: one per core)",
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE_DIR,
        help=f"extraction cache folder (default {DEFAULT_CACHE_DIR})",
    )
    p.add_argument("--no-cache", action="store_true", help="extract every article afresh")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    from generator.render import DEFAULT_TEMPLATES

    parser = _Parser(
        prog="sitrep",
        description="Turn news articles about the war in Syria into incidents and a report site.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "extract",
        help="read articles and write their incidents as JSON",
        description="Read every article under ARTICLES and write the incidents JSON "
        "(schema sitrep.incidents/1).",
    )
    p.add_argument("articles", type=Path, metavar="ARTICLES", help="folder of article files")
    p.add_argument("--json", type=Path, required=True, metavar="OUT", help="output file, or -")
    _add_extract_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "build",
        help="read articles and write the site's Markdown pages",
        description="Read, extract, aggregate and render the Markdown pages into DOCS.",
    )
    p.add_argument("articles", type=Path, metavar="ARTICLES", help="folder of article files")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="output folder (docs)")
    p.add_argument(
        "--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja templates folder"
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; fail with a diff if DOCS is stale"
    )
    _add_extract_options(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "import",
        help="turn a CSV export into one article file per row",
        description="Write one Markdown article (with front matter) per row of CSV into DEST; "
        "columns are matched by name (title, text/content/body, date, source, url, id).",
    )
    p.add_argument("csv", type=Path, metavar="CSV")
    p.add_argument("dest", type=Path, metavar="DEST")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.func(args)
    except UsageError as exc:
        print(terminal_line(f"Error: {exc}"), file=sys.stderr)
        return USAGE_EXIT
    except SitrepError as exc:
        print(terminal_line(f"Error: {exc}"), file=sys.stderr)
        return ERROR_EXIT
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return INTERRUPTED_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(main())
