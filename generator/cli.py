"""The ``sitrep`` command: parse arguments, call :mod:`generator.pipeline`, report.

Thin on purpose. Any ``SitrepError`` becomes one ``Error: ...`` line on stderr
and exit code 1; a bad command line (an unknown option, a missing argument) is
one ``Error: ...`` line too, with exit code 2 (:data:`USAGE_EXIT`, argparse's
convention), never argparse's usage block.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from generator import __version__, pipeline
from generator.model import SitrepError
from generator.pipeline import CORRECTIONS_FILE, DEFAULT_CACHE_DIR, DEFAULT_TEMPLATES, Options
from generator.safety.escape import terminal_line
from generator.safety.safeio import write_whole

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


ARTICLES_HELP = "folder of article files, a manifest listing them, or a JSONL file of articles"

def _options(args: argparse.Namespace) -> Options:
    return Options(
        strict=args.strict,
        jobs=args.jobs,
        cache_dir=None if args.no_cache else args.cache_dir,
        progress=not args.quiet,
        corrections=args.corrections,
    )


def cmd_extract(args: argparse.Namespace) -> None:
    pipeline.extract_json(args.articles, _writer(args.json), _options(args), cluster=_cluster(args))


def _writer(out: Path | None) -> pipeline.Write:
    """Write to ``out`` (whole, or the file before left as it was), or to stdout when
    it is None or ``-``; the text whole or in pieces, written as they are made."""

    def write(text: str | Iterable[str]) -> None:
        pieces = (text,) if isinstance(text, str) else text
        if out is None or str(out) == "-":
            for piece in pieces:
                sys.stdout.write(piece)
            return
        try:
            write_whole(out, pieces)
        except OSError as exc:
            raise SitrepError(f"cannot write {out}: {exc.strerror or exc}") from exc

    return write


def cmd_review(args: argparse.Namespace) -> None:
    pipeline.review(
        args.articles,
        _writer(args.json if args.json is not None else args.out),
        _options(args),
        as_json=args.json is not None,
        limit=args.limit,
    )


def _cluster(args: argparse.Namespace) -> pipeline.Cluster | None:
    """``--dask``: where to run, and where the output shards go (beside ``--json``)."""
    if args.dask is None:
        if args.shards is not None or args.shard_kb is not None:
            raise UsageError("--shards and --shard-kb go with --dask")
        return None
    shards = args.shards
    if shards is None:
        if str(args.json) == "-":
            raise UsageError("--json - with --dask needs --shards URL (where the shards go)")
        shards = f"{args.json}.shards"
    size = args.shard_kb * 1024 if args.shard_kb is not None else None
    return pipeline.Cluster(args.dask, shards, size)


def cmd_build(args: argparse.Namespace) -> None:
    pipeline.build(
        args.articles,
        args.docs,
        templates=args.templates,
        options=_options(args),
        check=args.check,
        extracted=args.from_extract,
    )


def cmd_import(args: argparse.Namespace) -> None:
    from generator.ingest import import_csv

    written, problems = import_csv(args.csv, args.dest)
    pipeline.report_problems(problems, strict=False)
    print(f"{written} article files written to {args.dest}", file=sys.stderr)


def _add_extract_options(p: argparse.ArgumentParser) -> None:
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
    p.add_argument(
        "--corrections",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"the analyst's corrections (default: {CORRECTIONS_FILE} beside ARTICLES, if any)",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return value


def _positive(text: str) -> int:
    value = _jobs(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
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
    p.add_argument("articles", type=Path, metavar="ARTICLES", help=ARTICLES_HELP)
    p.add_argument("--json", type=Path, required=True, metavar="OUT", help="output file, or -")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="extract on a Dask cluster: a scheduler (tcp://host:8786) or 'local' "
        "(a cluster of this machine's cores, --jobs workers)",
    )
    p.add_argument(
        "--shards",
        metavar="URL",
        help="with --dask: folder or fsspec URL for the output shards, which every "
        "worker can write (default OUT.shards)",
    )
    p.add_argument(
        "--shard-kb",
        type=_positive,
        metavar="KB",
        help="with --dask: target size of a shard's input files (default 2048)",
    )
    _add_extract_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "build",
        help="read articles and write the site's Markdown pages",
        description="Read, extract, aggregate and render the Markdown pages into DOCS.",
    )
    # One of the two, checked while the arguments are read: a missing ARTICLES is
    # the error a bad command line gets, before any unknown option.
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "articles", type=Path, nargs="?", metavar="ARTICLES", help=ARTICLES_HELP
    )
    source.add_argument(
        "--from-extract",
        metavar="OUT",
        help="render from the output of `sitrep extract --json OUT --dask ...` "
        "(OUT, or its shards folder or URL) instead of reading ARTICLES",
    )
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
        "review",
        help="list what most needs a human look, with the ids to correct",
        description="Read, extract and merge as build does, then list the events most "
        "likely to be miscoded (possible duplicates, contested or differing tolls, "
        "attackers the text does not name, hedged reports, undated events, places known "
        "only to the governorate), most-cited first, each with the ids to paste into "
        f"{CORRECTIONS_FILE}.",
    )
    p.add_argument("articles", type=Path, metavar="ARTICLES", help=ARTICLES_HELP)
    p.add_argument(
        "--json", type=Path, default=None, metavar="OUT", help="write the list as JSON (or -)"
    )
    p.add_argument(
        "-o", "--out", type=Path, default=None, metavar="OUT", help="write the text to OUT"
    )
    p.add_argument(
        "--limit", type=_jobs, default=None, metavar="N", help="show the first N events only"
    )
    _add_extract_options(p)
    p.set_defaults(func=cmd_review)

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
