#!/usr/bin/env python3
"""Benchmark sitrep at 413, 1,000 and 5,000 articles.

    .venv/bin/python tools/bench.py [--sizes 413,1000,5000] [--out /tmp/sitrep-bench]
    .venv/bin/python tools/bench.py --quick          # N=413 only, a smoke run

Why it is built this way:

- The corpus is FA-KES dev re-sampled to N articles, each with its own id,
  date (copies COPY_SHIFT days apart) and a marker line (ingest drops
  byte-identical texts as duplicates), so the numbers are about real news
  prose, not lorem ipsum. The copies repeat texts, which spaCy's tokenizer
  cache rewards: blank gets faster per word as N grows, the rules do not, so
  the extraction/blank ratio is fairest at 413 (every text distinct).
- Every step runs in a fresh process (``tools/bench.py --step ...``), so one
  step's warm caches, imported modules and heap do not flatter the next, and
  its peak memory is its own: ``ru_maxrss`` of the step process (and of the
  processes it waited for), plus the peak of the summed PSS of its whole process
  tree, sampled every 50 ms, which is what a pool of workers really costs.
- The seconds reported are the step's own work, measured inside the process
  (start-up and loading the corpus excluded), except ``mkdocs``, which is timed
  as the command ``make site`` runs, start-up included.
- The yardsticks are the two things sitrep cannot beat: spaCy's tokenizer and
  sentencizer alone over the same texts (ratio extraction/blank, one core each,
  setup excluded from both, also taken on CPU seconds, which the load of other
  processes on a shared machine disturbs far less than wall time), and a bare
  ``mkdocs build`` of the pages (ratio site/mkdocs; run once per N, it is the
  slowest step at 5,000).

Steps: ingest, blank, extract-1 (one core, no cache), extract-all (every core,
no cache), cache-fill (every core, writing a fresh cache), warm (a no-change
rebuild from that cache), render (build_report + render_pages + write_pages),
mkdocs, cli (``sitrep build`` end to end, as ``make pages`` runs it, cold),
rebuild (the same command again with nothing changed: what a no-change
``make pages`` costs; it must extract and write nothing) and add-one (one new
article file, then the same command: it must extract exactly one).
Without ``generator.extract`` the extraction steps are skipped, said so, and
pages are rendered from articles without incidents.

Distributed rows (``--distributed N``, 20,000 by default; 0 leaves them out): N
distinct articles (``tools/corpus.py distinct``) through the whole
``sitrep extract --json`` command, cold (``--no-cache``), three ways on the same
cores: ``--jobs`` (every core), ``--dask local --jobs 1`` and ``--dask local
--jobs 2`` (a LocalCluster of 1 and 2 workers). Each reports wall and CPU
seconds of its whole process tree, articles/s, the cost per article against
``--jobs`` (CPU time, which other people's load on a shared machine disturbs far
less than wall time), the peak memory of one worker, whether its JSON is
byte-identical to the ``--jobs`` run's, and the machine's load average as it
began and ended; a ``--dask`` run also the wall time of its shard phase (the
part that divides between workers: its articles/s, and 2 workers' over 1
worker's beside the whole command's), of its merge phase and of the rest, as
its summary line gives them. ``--distributed-only`` runs just these rows;
``--together`` runs the three at once, so that on a shared machine each meets
the same load from other people's work (their CPU times compare; their wall
times are shared, so articles/s and the 1 -> 2 worker speed-up do not)::

    nice -n 19 .venv/bin/python tools/bench.py --distributed-only --together --out "$(mktemp -d)"

The distinct run (``DISTINCT`` texts, none a copy of another: ``corpus.distinct``)
compares extraction with spaCy's blank tokenizer + sentencizer where the
tokenizer's cache cannot flatter blank: steps distinct-blank and
distinct-extract, each a whole process (interpreter start-up, imports, loading
the pipeline, reading the texts from one JSON file, no ingest), timed as wall
time by the parent and as the process's own CPU time (user + system).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from corpus import DEV_CSV, distinct, read_rows, synthetic, write_corpus  # noqa: E402

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


MKDOCS_YML = ROOT / "mkdocs.yml"
BIN = Path(sys.executable).parent
STEPS = (
    "ingest",
    "blank",
    "extract-1",
    "extract-all",
    "cache-fill",
    "warm",
    "render",
    "mkdocs",
    "cli",
    "rebuild",
    "add-one",
)
DIST_STEPS = ("dist-jobs", "dist-dask-1", "dist-dask-2")
"""The distributed rows: ``sitrep extract`` with --jobs, and on Dask with 1 and 2 workers."""
STEP_TIMEOUT = 30 * 60
DIST_STEP_TIMEOUT = 4 * 60 * 60
"""A distributed row's limit: 20,000 articles are minutes of CPU, but hours of wall
time on a shared 2-core machine where every step runs under ``nice``."""
DISTINCT_STEPS = ("distinct-blank", "distinct-extract")
DISTINCT = 2000
"""Texts in the distinct run."""


class Skip(Exception):
    """A step that cannot run here (no extractor yet); the reason is reported."""


# ----------------------------------------------------------------- corpus
def run_distinct(step: str, corpus: Path) -> dict[str, Any]:
    """One step of the distinct run, in this (fresh) process; its wall time is taken
    by the parent, its CPU time here (``RUSAGE_SELF``: all of it, start-up included)."""
    import resource

    items = json.loads(corpus.read_text("utf-8"))
    result: dict[str, Any] = {
        "articles": len(items),
        "words": sum(len(i["text"].split()) for i in items),
    }
    t0 = time.perf_counter()
    if step == "distinct-blank":
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        tokens = sum(len(doc) for doc in nlp.pipe((i["text"] for i in items), batch_size=64))
        result["tokens"] = tokens
    else:
        extract, _ = extractor()
        from generator.model import Article

        arts = [
            Article(
                f"distinct-{k:05d}",
                f"distinct-{k:05d}.txt",
                item["title"],
                item["text"],
                dt.date.fromisoformat(item["date"]) if item["date"] else None,
                None,
            )
            for k, item in enumerate(items)
        ]
        coded = extract(arts)
        result["incidents"] = sum(len(c.incidents) for c in coded)
    result["seconds"] = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


def load_articles(folder: Path, csv_path: Path, n: int) -> tuple[list[Any], int]:
    """(articles, files seen): through the real ingest when it exists, else built directly."""
    try:
        from generator.ingest import read_articles
    except ImportError:
        from generator.model import Article

        items = synthetic(read_rows(csv_path), n)
        arts = [
            Article(it["id"], f"{it['id']}.md", it["title"], it["text"], it["date"], it["source"])
            for it in items
        ]
        return arts, n
    result = read_articles(folder)
    return list(result.articles), result.seen


EXTRACTOR_MODULE = os.environ.get("SITREP_BENCH_EXTRACTOR", "generator.extract")
"""The module whose ``extract_articles``/``EXTRACTOR_VERSION`` are measured
(``--extractor``; children get it through the environment)."""


def extractor() -> tuple[Callable[..., Any], str]:
    try:
        module = importlib.import_module(EXTRACTOR_MODULE)
        return module.extract_articles, module.EXTRACTOR_VERSION
    except (ImportError, AttributeError) as exc:
        raise Skip(f"no extractor yet ({EXTRACTOR_MODULE}: {exc})") from None


def factions() -> dict[str, Any]:
    try:
        load_factions = importlib.import_module("generator.extract").load_factions
    except (ImportError, AttributeError):
        return {}
    return dict(load_factions())


# ----------------------------------------------------------------- memory
def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(name))
    return tree


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (forked workers) are counted once overall."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeMemory:
    """Samples the summed PSS of process ``root`` and all its descendants (Linux).

    It runs in the bench's parent, not in the step: a sampling thread inside
    the step would make the extraction pool choose ``forkserver`` over ``fork``
    (see generator.cache.run), and the bench would measure a path the CLI does not take.
    """

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.peak_kb = 0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = os.path.isdir("/proc")

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = _children_of()
            pids, todo = [], [self.root]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, []))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()


# ----------------------------------------------------------------- steps (child side)
def _coded_from_warm_cache(arts: Sequence[Any], work: Path) -> tuple[list[Any], str]:
    from generator.cache.run import extract_cached

    try:
        extract, version = extractor()
    except Skip:
        from generator.model import CodedArticle

        return [CodedArticle(a, "") for a in arts], "no extractor: pages without incidents"
    coded, _ = extract_cached(
        arts, extract=extract, version=version, cache_dir=work / "cache", jobs=0
    )
    return coded, ""


def mkdocs_config(docs: Path, site: Path) -> str:
    """The project's mkdocs.yml with docs_dir/site_dir pointed at the bench's folders.

    Read from the real file so the bench follows theme, plugins and nav changes;
    a built-in copy of today's settings is the fallback if it cannot be parsed.
    """
    import yaml

    config: dict[str, Any] | None = None
    try:
        loaded = yaml.safe_load(MKDOCS_YML.read_text("utf-8"))
        config = loaded if isinstance(loaded, dict) else None
    except (OSError, yaml.YAMLError):
        config = None
    if config is None:
        config = {
            "site_name": "sitrep bench",
            "use_directory_urls": True,
            "theme": {
                "name": "material",
                "features": ["navigation.tabs", "navigation.top", "search.highlight"],
            },
            "plugins": ["search"],
            "markdown_extensions": ["attr_list", "tables", {"toc": {"permalink": True}}],
            "nav": [
                {"Overview": "index.md"},
                {"Governorates": "governorates/index.md"},
                {"Factions": "factions/index.md"},
                {"Articles": "articles/index.md"},
                {"Build report": "build-report.md"},
            ],
            "not_in_nav": "/articles/*.md\n/governorates/*.md\n/factions/*.md\n",
        }
    config.update(docs_dir=str(docs), site_dir=str(site), strict=False)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    hooks = config.get("hooks")
    if isinstance(hooks, list):  # relative to mkdocs.yml, which the bench writes elsewhere
        config["hooks"] = [str((ROOT / h).resolve()) for h in hooks]
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


CLI_CACHE = re.compile(r"^(\d+) from cache, (\d+) extracted on (\d+) process", re.M)
CLI_SUMMARY = re.compile(r"^(\d+) articles read, .* in ([\d.]+)s$", re.M)
CLI_PAGES = re.compile(r"^(\d+) pages in .*: (\d+) written, (\d+) removed, (\d+) unchanged$", re.M)


def run_cli(articles_dir: Path, docs: Path, work: Path) -> dict[str, Any]:
    """``sitrep build`` in a fresh interpreter, as ``make pages`` runs it; its cache is
    the default ``.sitrep-cache/`` of the bench's folder. ``seconds`` is the whole
    command (start-up and imports included), ``own_seconds`` what it reports for its
    own steps (ingest, cache, extraction, report, render, write)."""
    pythonpath = os.environ.get("PYTHONPATH", "")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", str(articles_dir), "--docs", str(docs)]
        + ["--quiet"],
        capture_output=True,
        text=True,
        cwd=work,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), pythonpath])),
        },
        timeout=STEP_TIMEOUT,
    )
    result: dict[str, Any] = {"seconds": time.perf_counter() - t0}
    if proc.returncode != 0:
        raise RuntimeError(f"sitrep build failed: {proc.stderr[-2000:]}")
    err = proc.stderr
    result["stderr_tail"] = err.strip().splitlines()[-3:]
    if m := CLI_CACHE.search(err):
        result.update(hits=int(m[1]), misses=int(m[2]), jobs=int(m[3]))
    elif "nothing changed since the last build" in err:
        result.update(hits=0, misses=0, jobs=0, skipped_build=True)
    if m := CLI_SUMMARY.search(err):
        result["own_seconds"] = float(m[2])
    if m := CLI_PAGES.search(err):
        result.update(pages=int(m[1]), written=int(m[2]), removed=int(m[3]))
    return result


CLUSTER_LINE = re.compile(
    r"^(\d+) shards on (\d+) Dask workers?: .*; ([\d.]+) CPU s, peak memory of a worker (\d+) MB"
    r"(?:.*; wall time: shards ([\d.]+) s, merge ([\d.]+) s, the rest ([\d.]+) s "
    r"\(before the shards ([\d.]+), between ([\d.]+), after the merge ([\d.]+)\))?",
    re.M,
)
"""The summary line of ``sitrep extract --dask``: shards, workers, the shard tasks' CPU,
a worker's peak; then (optional, so that a line from before them still reads) the
wall time of the shard phase, of the merge phase and of the rest (and its parts)."""
PHASE_FIELDS = (
    "shard_seconds",
    "merge_seconds",
    "rest_seconds",
    "before_shards_seconds",
    "between_seconds",
    "after_merge_seconds",
)
"""The cluster line's wall times, as distributed.json names them (groups 5 to 10)."""


def run_extract(step: str, articles_dir: Path, work: Path) -> dict[str, Any]:
    """``sitrep extract --json`` in a fresh interpreter, cold (``--no-cache``): with
    every core (``dist-jobs``) or on a local Dask cluster of 1 or 2 workers. Wall
    and CPU seconds are the whole process tree's (the workers are waited for, so
    their CPU time is in RUSAGE_CHILDREN); a worker's peak memory is what the
    workers report (``--dask``) or the largest process's (``--jobs``)."""
    import resource

    out = work / f"{step}.json"
    argv = [sys.executable, "-m", "generator.cli", "extract", str(articles_dir), "--json", str(out)]
    argv += ["--no-cache", "--quiet"]
    if step == "dist-jobs":
        argv += ["--jobs", str(os.cpu_count() or 1)]
    else:
        argv += ["--dask", "local", "--jobs", step.rsplit("-", 1)[1]]
        argv += ["--shards", str(work / f"{step}.shards")]
        shutil.rmtree(work / f"{step}.shards", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(
        argv, capture_output=True, text=True, cwd=work, timeout=DIST_STEP_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The machine's load (1-minute average) as the step began and ended: other
    # people's work stretches wall time, and Dask's timers tick for all of it.
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    if proc.returncode != 0:
        raise RuntimeError(f"sitrep extract failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = {
        "seconds": seconds,
        "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "stderr_tail": proc.stderr.strip().splitlines()[-2:],
        "load": load,
        "json_bytes": out.stat().st_size,
    }
    if m := CLI_SUMMARY.search(proc.stderr):
        result["articles"] = int(m[1])
    if m := CLI_CACHE.search(proc.stderr):
        result["workers"] = int(m[3])
        result["worker_peak_mb"] = round(after.ru_maxrss / 1024, 1)
    result.update(cluster_fields(proc.stderr))
    return result


def cluster_fields(stderr: str) -> dict[str, Any]:
    """What the summary line of a ``--dask`` run says (nothing for a ``--jobs`` run):
    shards, workers, a worker's peak, the shard tasks' CPU, and the wall seconds of
    each phase when the line has them."""
    m = CLUSTER_LINE.search(stderr)
    if not m:
        return {}
    fields: dict[str, Any] = {
        "shards": int(m[1]),
        "workers": int(m[2]),
        "worker_peak_mb": float(m[4]),
        "task_cpu_seconds": float(m[3]),
    }
    if m[5] is not None:
        fields.update(zip(PHASE_FIELDS, map(float, m.groups()[4:]), strict=True))
    return fields


def run_step(step: str, articles_dir: Path, work: Path, csv_path: Path, n: int) -> dict[str, Any]:
    """Do one step in this (fresh) process; returns its measurements."""
    result: dict[str, Any] = {}
    if step in DIST_STEPS:
        return run_extract(step, articles_dir, work)
    if step in DISTINCT_STEPS:
        return run_distinct(step, work / "distinct.json")
    if step == "mkdocs":
        docs, site = work / "docs", work / "site"
        if not (docs / "index.md").is_file():
            raise Skip("no rendered pages (the render step did not run)")
        shutil.rmtree(site, ignore_errors=True)
        cfg = work / "mkdocs.yml"
        cfg.write_text(mkdocs_config(docs, site), encoding="utf-8")
        t0 = time.perf_counter()
        proc = subprocess.run(
            [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(cfg)],
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        result["seconds"] = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build failed: {proc.stderr[-2000:]}")
        index = site / "search" / "search_index.json"
        result["search_index_bytes"] = index.stat().st_size if index.is_file() else None
        result["html_pages"] = sum(1 for _ in site.rglob("*.html"))
        result["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        return result
    if step in ("cli", "rebuild", "add-one"):
        if EXTRACTOR_MODULE != "generator.extract":
            raise Skip(f"the CLI runs generator.extract, not {EXTRACTOR_MODULE}")
        extractor()  # skip cleanly without one
        docs = work / "docs-cli"
        if step == "cli":
            shutil.rmtree(docs, ignore_errors=True)
            shutil.rmtree(work / ".sitrep-cache", ignore_errors=True)
        elif not (docs / "index.md").is_file():
            raise Skip("no pages to rebuild (the cli step did not run)")
        added = articles_dir / "bench-added.md"
        if step == "add-one":
            first = min(articles_dir.glob("*.md"))
            text = first.read_text("utf-8").replace("(Bench article", "(Bench article added,")
            added.write_text(text, encoding="utf-8")
        try:
            result.update(run_cli(articles_dir, docs, work))
        finally:
            added.unlink(missing_ok=True)
        result["note"] = {
            "cli": "sitrep build as make pages runs it, cold (one process, start-up included)",
            "rebuild": "the same, again, nothing changed",
            "add-one": "the same, one article file added",
        }[step]
        return result

    if step == "ingest":
        t0 = time.perf_counter()
        arts, seen = load_articles(articles_dir, csv_path, n)
        result["seconds"] = time.perf_counter() - t0
        result["files_seen"] = seen
    else:
        arts, seen = load_articles(articles_dir, csv_path, n)
    result["articles"] = len(arts)
    result["words"] = sum(len(a.text.split()) for a in arts)

    if step == "ingest":
        pass
    elif step == "blank":
        import spacy

        t0 = time.perf_counter()
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        result["setup_seconds"] = time.perf_counter() - t0
        tokens = sentences = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for doc in nlp.pipe((a.text for a in arts), batch_size=64):
            tokens += len(doc)
            sentences += sum(1 for _ in doc.sents)
        result["seconds"] = time.perf_counter() - t0
        result["cpu_seconds"] = time.process_time() - c0
        result.update(tokens=tokens, sentences=sentences)
    elif step in ("extract-1", "extract-all", "cache-fill", "warm"):
        from generator.cache.run import extract_cached

        extract, version = extractor()
        cache_dir = work / "cache" if step in ("cache-fill", "warm") else None
        if step == "cache-fill":
            shutil.rmtree(work / "cache", ignore_errors=True)
        if step == "warm" and not (work / "cache").is_dir():
            raise Skip("no cache to rebuild from (cache-fill did not run)")
        if step == "extract-1":
            # Load the pipeline and lexicon first, as blank's setup is left out of
            # its time: the ratio compares work per text, one core each.
            t0 = time.perf_counter()
            extract([])
            result["setup_seconds"] = time.perf_counter() - t0
        c0 = time.process_time()
        coded, stats = extract_cached(
            arts,
            extract=extract,
            version=version,
            cache_dir=cache_dir,
            jobs=1 if step == "extract-1" else 0,
        )
        result["seconds"] = stats.seconds
        if step == "extract-1":  # in-process: this process's CPU time is all of it
            result["cpu_seconds"] = time.process_time() - c0
        result.update(hits=stats.hits, misses=stats.misses, jobs=stats.jobs)
        result["incidents"] = sum(len(c.incidents) for c in coded)
        if cache_dir is not None:
            files = list(cache_dir.glob("*/*.json"))
            result["cache_bytes"] = sum(p.stat().st_size for p in files)
    elif step == "render":
        from generator.events.totals import build_report
        from generator.pages.render import render_pages
        from generator.publish.swap import write_pages

        coded, note = _coded_from_warm_cache(arts, work)
        if note:
            result["note"] = note
        facts = factions()
        docs = work / "docs"
        shutil.rmtree(docs, ignore_errors=True)
        t0 = time.perf_counter()
        report = build_report(coded, [], facts, files_seen=seen)
        pages = render_pages(report)
        written, _ = write_pages(pages, docs)
        result["seconds"] = time.perf_counter() - t0
        result.update(pages=len(pages), written=written)
        result["docs_bytes"] = sum(p.stat().st_size for p in docs.rglob("*.md"))
    else:
        raise ValueError(f"unknown step {step}")
    return result


def child_main(args: argparse.Namespace) -> int:
    import resource

    try:
        result = run_step(args.step, args.articles, args.work, args.csv, args.n)
        result["status"] = "ok"
    except Skip as exc:
        result = {"status": "skipped", "reason": str(exc)}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["maxrss_mb"] = round(max(own, kids) / 1024, 1)  # Linux: KiB
    print(json.dumps(result, default=str))
    return 0


# ----------------------------------------------------------------- parent side
def spawn_step(
    step: str,
    n: int,
    articles: Path,
    work: Path,
    csv_path: Path,
    env: dict[str, str] | None = None,
    timeout: int = STEP_TIMEOUT,
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--step",
        step,
        "--n",
        str(n),
        "--articles",
        str(articles),
        "--work",
        str(work),
        "--csv",
        str(csv_path),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    with TreeMemory(proc.pid) as mem:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return {"status": "failed", "reason": f"timed out after {timeout}s"}
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not out.strip():
        tail = (err or out).strip().splitlines()[-1:] or ["no output"]
        return {"status": "failed", "reason": f"exit {proc.returncode}: {tail[0]}", "stderr": err}
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_seconds"] = round(wall, 3)
    result["tree_pss_peak_mb"] = round(mem.peak_kb / 1024, 1) if mem.available else None
    # The sampler can miss a short spike; one process's own peak is a floor for the tree's.
    result["peak_mb"] = max(result["maxrss_mb"], result["tree_pss_peak_mb"] or 0)
    return result


def per_second(count: float | None, seconds: float | None) -> float | None:
    if not count or not seconds:
        return None
    return count / seconds


def summarise(n: int, steps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    def sec(name: str) -> float | None:
        s = steps.get(name, {})
        return s.get("seconds") if s.get("status") == "ok" else None

    words = next((s["words"] for s in steps.values() if "words" in s), None)
    e1, eall, blank = sec("extract-1"), sec("extract-all"), sec("blank")
    # The ratio is taken on CPU seconds: on a busy machine wall time swings with
    # other processes' load, and both steps run on one core, in one process.
    e1_cpu = steps.get("extract-1", {}).get("cpu_seconds") if e1 else None
    blank_cpu = steps.get("blank", {}).get("cpu_seconds") if blank else None
    ingest, render, mkdocs, warm = sec("ingest"), sec("render"), sec("mkdocs"), sec("warm")

    def total(extract: float | None) -> float | None:
        parts = [p for p in (ingest, extract, render, mkdocs) if p is not None]
        return sum(parts) if len(parts) == 4 else None

    # `make site` is `sitrep build` then `mkdocs build`: timed as such when the cli
    # steps ran (start-up included), else as the sum of the in-process steps.
    cli, rebuild = sec("cli"), sec("rebuild")
    site_cold = cli + mkdocs if cli and mkdocs else total(eall)
    site_warm = rebuild + mkdocs if rebuild and mkdocs else total(warm)
    index = steps.get("mkdocs", {}).get("search_index_bytes")
    peaks = [s.get("peak_mb") or 0 for s in steps.values()]
    reb, add = steps.get("rebuild", {}), steps.get("add-one", {})
    return {
        "n": n,
        "words": words,
        "extract_1_seconds": e1,
        "extract_1_articles_per_s": per_second(n, e1),
        "extract_1_words_per_s": per_second(words, e1),
        "extract_all_articles_per_s": per_second(n, eall),
        "extract_all_words_per_s": per_second(words, eall),
        "blank_words_per_s": per_second(words, blank),
        "ratio_extraction_vs_blank": e1 / blank if e1 and blank else None,
        "ratio_extraction_vs_blank_cpu": e1_cpu / blank_cpu if e1_cpu and blank_cpu else None,
        "render_seconds": render,
        "mkdocs_seconds": mkdocs,
        "site_seconds_cold": site_cold,
        "site_seconds_warm": site_warm,
        "ratio_site_vs_mkdocs_cold": site_cold / mkdocs if site_cold and mkdocs else None,
        "ratio_site_vs_mkdocs_warm": site_warm / mkdocs if site_warm and mkdocs else None,
        "rebuild_seconds": rebuild,
        "rebuild_own_seconds": reb.get("own_seconds"),
        "rebuild_extracted": reb.get("misses"),
        "rebuild_written": reb.get("written"),
        "add_one_extracted": add.get("misses"),
        "search_index_bytes_per_article": index / n if index else None,
        "peak_mb": max(peaks) if peaks else None,
        "extract_1_ms_per_article": 1000 * e1 / n if e1 else None,
        "site_ms_per_article_cold": 1000 * site_cold / n if site_cold else None,
    }


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"## sitrep bench — {results['machine']['cores']} cores, "
        f"Python {results['machine']['python']}, spaCy {results['machine']['spacy']}",
        "",
        "Seconds per step (each step a fresh process; peak MB = the larger of the summed PSS "
        "of the step's process tree, sampled, and its largest process's ru_maxrss):",
        "",
        "| N | step | seconds | articles/s | words/s | peak MB | note |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for run in results["runs"]:
        n = run["n"]
        for name, s in run["steps"].items():
            if s.get("status") != "ok":
                lines.append(
                    f"| {n} | {name} | – | – | – | – | {s['status']}: {s.get('reason', '')} |"
                )
                continue
            note = s.get("note", "")
            if name in ("extract-all", "cache-fill", "warm", "cli", "rebuild", "add-one"):
                note = (
                    f"jobs={s.get('jobs')}, hits={s.get('hits')}, misses={s.get('misses')} {note}"
                )
            if name == "mkdocs" and s.get("search_index_bytes"):
                index_mb = s["search_index_bytes"] / 1e6
                note = f"{s['html_pages']} HTML pages, search index {index_mb:.1f} MB"
            if name == "render":
                note = f"{s.get('pages')} pages {note}".strip()
            words = run["summary"]["words"]
            lines.append(
                f"| {n} | {name} | {fmt(s['seconds'])} | {fmt(per_second(n, s['seconds']), 0)} "
                f"| {fmt(per_second(words, s['seconds']), 0)} "
                f"| {fmt(s.get('peak_mb'), 0)} | {note} |"
            )
    lines += [
        "",
        "Summary (make site = `sitrep build` + `mkdocs build`; cold = empty cache, all "
        "cores; warm = the same again with nothing changed; own = what sitrep reports for "
        "its own steps, interpreter start-up and imports excluded):",
        "",
        "| N | words | extract 1 core s | words/s | ÷ blank wall (cpu) | all cores art/s "
        "| render s | mkdocs s | make site cold s | ÷ mkdocs | warm s | ÷ mkdocs | warm own s "
        "| warm extracted/written | add one: extracted | search index KB/article | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for run in results["runs"]:
        s = run["summary"]
        kb = s["search_index_bytes_per_article"]
        lines.append(
            f"| {s['n']} | {fmt(s['words'])} | {fmt(s['extract_1_seconds'], 1)} "
            f"| {fmt(s['extract_1_words_per_s'], 0)} "
            f"| {fmt(s['ratio_extraction_vs_blank'], 1)} "
            f"({fmt(s['ratio_extraction_vs_blank_cpu'], 1)}) "
            f"| {fmt(s['extract_all_articles_per_s'], 0)} | {fmt(s['render_seconds'], 1)} "
            f"| {fmt(s['mkdocs_seconds'], 1)} | {fmt(s['site_seconds_cold'], 1)} "
            f"| {fmt(s['ratio_site_vs_mkdocs_cold'])} | {fmt(s['site_seconds_warm'], 1)} "
            f"| {fmt(s['ratio_site_vs_mkdocs_warm'])} | {fmt(s['rebuild_own_seconds'], 1)} "
            f"| {fmt(s['rebuild_extracted'])}/{fmt(s['rebuild_written'])} "
            f"| {fmt(s['add_one_extracted'])} | {fmt(kb / 1000 if kb else None, 1)} "
            f"| {fmt(s['peak_mb'], 0)} |"
        )
    distinct = results.get("distinct")
    if distinct:
        b, e = distinct["steps"]["distinct-blank"], distinct["steps"]["distinct-extract"]
        lines += [
            "",
            f"Distinct texts ({fmt(distinct['distinct_texts'])} of {fmt(distinct['articles'])}, "
            f"{fmt(distinct['words'])} words), each step a whole process on one core "
            "(start-up, imports and loading included):",
            "",
            "| step | wall s | CPU s | peak MB |",
            "|---|---:|---:|---:|",
            f"| spaCy blank + sentencizer | {fmt(b.get('wall_seconds'))} "
            f"| {fmt(b.get('cpu_seconds'))} | {fmt(b.get('peak_mb'), 0)} |",
            f"| extraction | {fmt(e.get('wall_seconds'))} | {fmt(e.get('cpu_seconds'))} "
            f"| {fmt(e.get('peak_mb'), 0)} |",
            f"| ÷ blank | {fmt(distinct['ratio_wall'])} | {fmt(distinct['ratio_cpu'])} | |",
        ]
    scaling = results.get("scaling")
    if scaling:
        lines += [
            "",
            f"Time per article at {scaling['big']} vs {scaling['small']}: "
            f"extraction (1 core) ×{fmt(scaling['extract_1'])}, "
            f"site cold ×{fmt(scaling['site_cold'])}, render ×{fmt(scaling['render'])}, "
            f"mkdocs ×{fmt(scaling['mkdocs'])} (1.00 = linear).",
        ]
    return "\n".join(lines) + "\n"


def scaling(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Time per article at the largest N over the next largest (5,000 vs 1,000 by
    default): 1.0 is linear, more means something grows faster than the corpus."""
    by_n = {r["n"]: r for r in runs}
    if len(by_n) < 2:
        return None
    small, big = sorted(by_n)[-2:]

    def ratio(get: Callable[[dict[str, Any]], float | None]) -> float | None:
        a, b = get(by_n[small]), get(by_n[big])
        return (b / big) / (a / small) if a and b else None

    def step(name: str) -> Callable[[dict[str, Any]], float | None]:
        return lambda r: r["steps"].get(name, {}).get("seconds")

    return {
        "small": small,
        "big": big,
        "extract_1": ratio(step("extract-1")),
        "site_cold": ratio(lambda r: r["summary"]["site_seconds_cold"]),
        "render": ratio(step("render")),
        "mkdocs": ratio(step("mkdocs")),
    }


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    def version(dist: str) -> str | None:
        try:
            return md.version(dist)
        except md.PackageNotFoundError:
            return None

    try:
        extractor_version: str | None = extractor()[1]
    except Skip:
        extractor_version = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": version("spacy"),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "extractor": EXTRACTOR_MODULE,
        "extractor_version": extractor_version,
        "commit": commit,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def compiled_modules_env(prefix: Path) -> dict[str, str]:
    """The environment of the distinct steps: Python's compiled modules kept (under
    ``prefix``, outside the repository) and made once beforehand, as an installed
    sitrep has them. With PYTHONDONTWRITEBYTECODE set, every step would compile the
    extractor's modules anew (~0.3 s of CPU) while spaCy's come compiled from its
    wheel: a cost of the environment, not of extraction."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    subprocess.run(
        [sys.executable, "-c", f"import spacy, {EXTRACTOR_MODULE}"],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
    )
    return env


def distinct_run(rows: Sequence[dict[str, str]], out: Path, csv_path: Path) -> dict[str, Any]:
    """The distinct run: blank and extraction on the same DISTINCT texts, each a whole
    process; the ratios on wall time and on CPU time."""
    work = out / "distinct"
    work.mkdir(parents=True, exist_ok=True)
    items = [
        {**item, "date": item["date"].isoformat() if item["date"] else None}
        for item in distinct(rows, DISTINCT)
    ]
    (work / "distinct.json").write_text(json.dumps(items), encoding="utf-8")
    env = compiled_modules_env(work / "pycache")
    steps: dict[str, dict[str, Any]] = {}
    for step in DISTINCT_STEPS:
        print(f"bench: distinct {step} ...", file=sys.stderr, flush=True)
        steps[step] = spawn_step(step, len(items), work, work, csv_path, env)
        if steps[step]["status"] != "ok":
            print(f"bench:   {steps[step]['status']}: {steps[step].get('reason')}", file=sys.stderr)
        else:
            print(f"bench:   {steps[step]['wall_seconds']:.2f}s wall", file=sys.stderr)
    blank, extract = steps["distinct-blank"], steps["distinct-extract"]
    ok = blank.get("status") == "ok" and extract.get("status") == "ok"
    return {
        "articles": len(items),
        "distinct_texts": len({i["text"] for i in items}),
        "words": blank.get("words"),
        "steps": steps,
        "ratio_wall": extract["wall_seconds"] / blank["wall_seconds"] if ok else None,
        "ratio_cpu": extract["cpu_seconds"] / blank["cpu_seconds"] if ok else None,
    }


def parent_main(args: argparse.Namespace) -> int:
    sizes = [413] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = read_rows(args.csv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.distributed_only:
        return distributed_main(
            args.distributed, rows, out, args.csv, args.keep, args.together
        )
    steps = [s for s in STEPS if s not in set(args.skip.split(","))]
    results: dict[str, Any] = {"machine": machine(), "sizes": sizes, "runs": []}
    if results["machine"]["extractor_version"] is None:
        print(
            f"bench: {EXTRACTOR_MODULE} not usable: extraction steps are skipped", file=sys.stderr
        )
    for n in sizes:
        work = out / f"n{n}"
        articles = work / "articles"
        work.mkdir(parents=True, exist_ok=True)
        write_corpus(synthetic(rows, n), articles)
        run: dict[str, Any] = {"n": n, "steps": {}}
        for step in steps:
            print(f"bench: N={n} {step} ...", file=sys.stderr, flush=True)
            res = spawn_step(step, n, articles, work, args.csv)
            run["steps"][step] = res
            if res["status"] != "ok":
                print(f"bench:   {res['status']}: {res.get('reason')}", file=sys.stderr)
            else:
                print(f"bench:   {res['seconds']:.2f}s", file=sys.stderr)
        run["summary"] = summarise(n, run["steps"])
        results["runs"].append(run)
        (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    if "distinct" not in set(args.skip.split(",")):
        results["distinct"] = distinct_run(rows, out, args.csv)
        (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    results["scaling"] = scaling(results["runs"])
    if args.distributed and not args.quick:
        results["distributed"] = distributed_runs(
            args.distributed, rows, out, args.csv, together=args.together
        )
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    table = markdown(results) + distributed_markdown(results.get("distributed"))
    (out / "results.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    print(f"\nbench: results in {out / 'results.json'} and {out / 'results.md'}", file=sys.stderr)
    if not args.keep:
        for n in sizes:  # the corpora and sites are large; the results are what matter
            shutil.rmtree(out / f"n{n}", ignore_errors=True)
        shutil.rmtree(out / "distributed", ignore_errors=True)
    return 0


def distributed_main(
    n: int, rows: list[dict[str, str]], out: Path, csv_path: Path, keep: bool, together: bool
) -> int:
    """``--distributed-only``: the distributed rows alone, into distributed.json/.md."""
    dist = distributed_runs(n, rows, out, csv_path, together=together)
    (out / "distributed.json").write_text(json.dumps(dist, indent=2, default=str) + "\n")
    table = distributed_markdown(dist)
    (out / "distributed.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    if not keep:
        shutil.rmtree(out / "distributed", ignore_errors=True)
    return 0


def distributed_runs(
    n: int, rows: list[dict[str, str]], out: Path, csv_path: Path, *, together: bool = False
) -> dict[str, Any]:
    """The distributed rows: ``n`` distinct articles extracted with --jobs and on Dask.

    ``together``: the three runs at once, so that each meets the same load from
    other people's work (on a shared machine, minutes apart can differ twofold);
    their CPU times compare, their wall times and articles/s do not."""
    from concurrent.futures import ThreadPoolExecutor

    work = out / "distributed"
    articles = work / "articles"
    work.mkdir(parents=True, exist_ok=True)
    write_corpus(distinct(rows, n), articles)

    def one(step: str) -> dict[str, Any]:
        print(f"bench: distributed N={n} {step} ...", file=sys.stderr, flush=True)
        res = spawn_step(step, n, articles, work, csv_path, timeout=DIST_STEP_TIMEOUT)
        if res["status"] != "ok":
            print(f"bench:   {step} {res['status']}: {res.get('reason')}", file=sys.stderr)
        else:
            print(f"bench:   {step} {res['seconds']:.1f}s", file=sys.stderr, flush=True)
        return res

    with ThreadPoolExecutor(max_workers=len(DIST_STEPS) if together else 1) as pool:
        steps = dict(zip(DIST_STEPS, pool.map(one, DIST_STEPS), strict=True))
    reference = work / "dist-jobs.json"
    for step in DIST_STEPS[1:]:
        out_json = work / f"{step}.json"
        if steps[step].get("status") == "ok" and reference.is_file() and out_json.is_file():
            steps[step]["identical_to_jobs"] = reference.read_bytes() == out_json.read_bytes()
    for res in steps.values():
        if res.get("shard_seconds"):
            res["shard_articles_per_s"] = per_second(n, res["shard_seconds"])
    return {
        "n": n,
        "cores": os.cpu_count(),
        "together": together,
        "steps": steps,
        "speedup_1_to_2_workers": worker_speedups(steps),
    }


def worker_speedups(steps: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """2 workers' throughput over 1 worker's (the same articles, so the inverse ratio of
    their wall times): of the whole command, and of the shard phase alone, the part
    that divides between workers (None where a run failed or gave no phase)."""
    one, two = steps.get("dist-dask-1", {}), steps.get("dist-dask-2", {})
    if one.get("status") != "ok" or two.get("status") != "ok":
        return {"whole": None, "shards": None}
    shards_one, shards_two = one.get("shard_seconds"), two.get("shard_seconds")
    return {
        "whole": one["seconds"] / two["seconds"],
        "shards": shards_one / shards_two if shards_one and shards_two else None,
    }


def distributed_markdown(dist: dict[str, Any] | None) -> str:
    """The distributed rows as a table: per-article cost against --jobs, on CPU time."""
    if not dist:
        return ""
    n, steps = dist["n"], dist["steps"]
    base = steps.get("dist-jobs", {})
    base_cpu = base.get("cpu_seconds") if base.get("status") == "ok" else None
    base_wall = base.get("seconds") if base.get("status") == "ok" else None
    lines = [
        "",
        f"Distributed: `sitrep extract --json` over {n:,} distinct articles, cold, whole "
        f"command (ingest, extraction, merge into events, JSON) on {dist['cores']} cores; "
        "CPU = the whole process tree; ÷ --jobs = cost per article over the --jobs run's "
        "(CPU, and wall in brackets); in tasks = CPU of the shard tasks (reading, extracting "
        "and writing their shards), the rest of CPU s is the cluster's start, timers, "
        "transfers and the client's own work; a worker's peak = resident memory of one "
        "worker process; "
        "shards s = wall time of the shard phase, as the command measured it (the first "
        "shard task submitted to the last one's result in: reading, extracting and writing "
        "the shards, the part that divides between workers), with its articles/s and "
        "÷ 1 worker beside the whole command's; merge s = the merge tasks (submitted to "
        "the last one's result in); rest s = the command's other wall time (starting and "
        "stopping the cluster, putting the shards together, building the events, the "
        "JSON; the interpreter's start is in seconds only); "
        "load = the machine's 1-minute load average as the run began and ended"
        + ("; the three runs at once (`--together`): their wall times are shared" if dist.get(
            "together") else "")
        + ":",
        "",
        "| run | workers | seconds | articles/s | CPU s | in tasks | CPU ms/article | ÷ --jobs "
        "| ÷ 1 worker (articles/s) | shards s | shards articles/s | ÷ 1 worker (shards) "
        "| merge s | rest s | worker peak MB | JSON = --jobs | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    names = {"dist-jobs": f"--jobs {dist['cores']}", "dist-dask-1": "--dask local, 1 worker",
             "dist-dask-2": "--dask local, 2 workers"}
    for step in DIST_STEPS:
        r = steps.get(step, {})
        if r.get("status") != "ok":
            lines.append(f"| {names[step]} |" + " – |" * 14 + f" {r.get('reason')} | – |")
            continue
        cpu, wall = r.get("cpu_seconds"), r["seconds"]
        workers = r.get("workers")
        # per-article cost on the same cores: CPU time over CPU time; wall time scaled
        # by the cores each run used (--jobs used all of them)
        ratio_cpu = cpu / base_cpu if cpu and base_cpu else None
        used = (workers or 1) / (dist["cores"] or 1)
        ratio_wall = wall * used / base_wall if base_wall else None
        two = worker_speedups(steps) if step == "dist-dask-2" else {}
        speedup, shard_speedup = two.get("whole"), two.get("shards")
        shards = r.get("shard_seconds")
        same = r.get("identical_to_jobs")
        lines.append(
            f"| {names[step]} | {fmt(workers)} | {fmt(wall, 1)} | {fmt(per_second(n, wall), 0)} "
            f"| {fmt(cpu, 1)} | {fmt(r.get('task_cpu_seconds'), 1)} "
            f"| {fmt(1000 * cpu / n if cpu else None, 2)} "
            f"| {fmt(ratio_cpu)} ({fmt(ratio_wall)}) | {fmt(speedup)} "
            f"| {fmt(shards, 1)} | {fmt(per_second(n, shards), 0)} | {fmt(shard_speedup)} "
            f"| {fmt(r.get('merge_seconds'), 1)} | {fmt(r.get('rest_seconds'), 1)} "
            f"| {fmt(r.get('worker_peak_mb'), 0)} "
            f"| {'–' if same is None else ('yes' if same else 'NO')} "
            f"| {'–'.join(fmt(x, 1) for x in r.get('load', [])) or '–'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--sizes", default="413,1000,5000", help="comma-separated N (413,1000,5000)")
    p.add_argument("--quick", action="store_true", help="N=413 only: a smoke run")
    p.add_argument("--out", type=Path, default=Path("/tmp/sitrep-bench"), help="results folder")
    p.add_argument("--csv", type=Path, default=DEV_CSV, help="FA-KES dev.csv")
    p.add_argument(
        "--skip", default="", help="comma-separated steps to leave out, e.g. cli, or distinct"
    )
    p.add_argument("--keep", action="store_true", help="keep the corpora, docs and sites")
    p.add_argument(
        "--distributed",
        type=int,
        default=20000,
        metavar="N",
        help="distinct articles for the --jobs / --dask rows (20000; 0 leaves them out)",
    )
    p.add_argument(
        "--distributed-only",
        action="store_true",
        help="only the --jobs / --dask rows (into OUT/distributed.json and .md)",
    )
    p.add_argument(
        "--together",
        action="store_true",
        help="the --jobs / --dask rows at once, under the same load (CPU times compare)",
    )
    p.add_argument(
        "--extractor",
        default=None,
        metavar="MODULE",
        help="module providing extract_articles and EXTRACTOR_VERSION (generator.extract)",
    )
    # Child mode: one step in a fresh process.
    p.add_argument("--step", choices=STEPS + DIST_STEPS + DISTINCT_STEPS, help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, help=argparse.SUPPRESS)
    p.add_argument("--articles", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.extractor:
        global EXTRACTOR_MODULE
        EXTRACTOR_MODULE = os.environ["SITREP_BENCH_EXTRACTOR"] = args.extractor
    if args.step:
        return child_main(args)
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
