#!/usr/bin/env python3
"""Benchmark the whole ``make site`` on large archives of distinct articles.

    .venv/bin/python tools/bench_scale.py [--sizes 5000] [--out DIR]
        [--articles-20000 DIR ...] [--zensical VENV_BIN]

For each N: ``tools/corpus.py distinct N`` (no text a copy of another, dates
spread over decades), then, each command timed with ``/usr/bin/time -v`` (wall
seconds and the peak resident memory of the command's largest process):

- **cold**: ``sitrep build`` from an empty cache and an empty docs/, then ``mkdocs
  build --strict`` into an empty site/ (what ``make site`` runs the first time);
- **add one**: one new article file (a distinct text), then the same two commands
  again: what ``make site`` costs after adding an article, against the cold build;
- **largest page**: the largest HTML file of the site (and the largest Markdown
  page of docs/);
- **search**: Chromium (Playwright) opens the Search page for a few queries, each in
  a fresh browser context, and adds up the bytes it fetched from ``pagefind/``;
- **zensical** (optional, ``--zensical BIN``): ``zensical build`` of the same docs/
  with the same mkdocs.yml, as a reference (hooks are not run by it, so no search
  index and no page reuse). Zensical is not a dependency of sitrep: install it in a
  venv of its own and pass its ``bin`` folder.

Results go to ``OUT/results-scale.json`` and ``OUT/results-scale.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

QUERIES = ("Aleppo", "barrel bomb", "Jaysh al-Izza", "Khan Sheikhoun", "children killed")
TIMEOUT = 6 * 3600


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` under /usr/bin/time -v: wall seconds, peak RSS (MB), exit code."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        timeout=TIMEOUT,
    )
    wall = time.perf_counter() - t0
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    out = {
        "seconds": round(wall, 1),
        "peak_mb": round(int(peak[1]) / 1024) if peak else None,
        "returncode": proc.returncode,
        "tail": proc.stderr.strip().splitlines()[-25:],
    }
    if proc.returncode != 0:
        out["stdout_tail"] = proc.stdout.strip().splitlines()[-10:]
    return out


def mkdocs_config(docs: Path, site: Path) -> Path:
    import yaml

    from tests.helpers import mkdocs_config as project_config

    cfg = docs.parent / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(project_config(docs, site)), encoding="utf-8")
    return cfg


def largest(folder: Path, pattern: str) -> tuple[int, str]:
    best = (0, "")
    for path in folder.rglob(pattern):
        size = path.stat().st_size
        if size > best[0]:
            best = (size, path.relative_to(folder).as_posix())
    return best


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def search_bytes(site: Path) -> dict[str, Any]:
    """Bytes fetched from pagefind/ by one search, per query (a fresh context each)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    per_query: dict[str, Any] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            for query in QUERIES:
                context = browser.new_context()
                page = context.new_page()
                fetched: list[int] = []

                def on_response(response: Any, fetched: list[int] = fetched) -> None:
                    if "/pagefind/" in response.url:
                        with contextlib.suppress(Exception):  # a cancelled request
                            fetched.append(len(response.body()))

                page.on("response", on_response)
                page.goto(base + "search/?q=" + query.replace(" ", "+"), wait_until="load")
                with contextlib.suppress(Exception):  # reported as no result
                    # The search is done when the message counts its results (it says
                    # "Searching for ..." while the index parts load).
                    message = "(document.querySelector('.pagefind-ui__message') || {})"
                    page.wait_for_function(
                        f"() => /results? for|No results/.test({message}.textContent || '')",
                        timeout=60_000,
                    )
                # The fragments of the results shown, and the older parts the Search
                # page loads by itself when the newest give less than a page of results:
                # done when 1.5 s pass with nothing more fetched.
                seen = -1
                for _ in range(40):
                    if seen == len(fetched):
                        break
                    seen = len(fetched)
                    page.wait_for_timeout(1500)
                results = page.locator(".pagefind-ui__result").count()
                per_query[query] = {
                    "bytes": sum(fetched),
                    "requests": len(fetched),
                    "results": results,
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"queries": per_query, "max_bytes": max(q["bytes"] for q in per_query.values())}


def add_one(articles: Path) -> Path:
    """A new article, distinct from every other: the last file's text with a new last line."""
    last = max(articles.glob("*.md"))
    text = last.read_text("utf-8").rstrip("\n")
    new = articles / "zz-added-article.md"
    new.write_text(text + "\n\nThe toll was later revised by local activists.\n", "utf-8")
    return new


def run_size(n: int, work: Path, articles: Path | None, zensical: Path | None) -> dict[str, Any]:
    from corpus import distinct, read_rows, write_corpus

    work.mkdir(parents=True, exist_ok=True)
    if articles is None:
        articles = work / "articles"
        write_corpus(distinct(read_rows(), n), articles)
    (articles / "zz-added-article.md").unlink(missing_ok=True)
    docs, site, cache = work / "docs", work / "site", work / "cache"
    for folder in (docs, site, cache):
        shutil.rmtree(folder, ignore_errors=True)
    cfg = mkdocs_config(docs, site)
    sitrep = [str(BIN / "sitrep"), "build", str(articles), "--docs", str(docs)]
    sitrep += ["--cache-dir", str(cache), "-q"]
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "-f", str(cfg)]
    row: dict[str, Any] = {"n": n}
    print(f"bench-scale: N={n} cold sitrep build ...", file=sys.stderr, flush=True)
    row["cold_sitrep"] = timed(sitrep, work)
    print(f"bench-scale: N={n} cold mkdocs build ...", file=sys.stderr, flush=True)
    row["cold_mkdocs"] = timed(mkdocs, work)
    row["largest_html"] = largest(site, "*.html")
    row["largest_md"] = largest(docs, "*.md")
    row["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    row["docs_bytes"] = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    row["pagefind_bytes"] = sum(
        p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()
    )
    print(f"bench-scale: N={n} search ...", file=sys.stderr, flush=True)
    row["search"] = search_bytes(site)
    added = add_one(articles)
    try:
        print(f"bench-scale: N={n} add one: sitrep build ...", file=sys.stderr, flush=True)
        row["add_sitrep"] = timed([*sitrep[:-1]], work)  # not quiet: its summary lines
        print(f"bench-scale: N={n} add one: mkdocs build ...", file=sys.stderr, flush=True)
        row["add_mkdocs"] = timed([str(BIN / "mkdocs"), "build", "--strict", "-f", str(cfg)], work)
    finally:
        added.unlink(missing_ok=True)
    if zensical is not None:
        print(f"bench-scale: N={n} zensical build ...", file=sys.stderr, flush=True)
        zsite = work / "site-zensical"
        shutil.rmtree(zsite, ignore_errors=True)
        zcfg = work / "mkdocs-zensical.yml"
        import yaml

        config = yaml.safe_load(cfg.read_text("utf-8"))
        # Zensical 0.0.73 stops on an absolute docs_dir (a panic, "invariant:
        # Id(Format(Path(RootDir)))"): both folders are given relative to the config.
        config.update(docs_dir=docs.name, site_dir=zsite.name)
        zcfg.write_text(yaml.safe_dump(config), encoding="utf-8")
        row["zensical"] = timed([str(zensical / "zensical"), "build", "-f", str(zcfg)], work)
    return row


def _s(x: Any) -> str:
    return "–" if x is None else f"{x:,.0f}" if isinstance(x, (int, float)) and x >= 100 else str(x)


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| N | `make site` cold | of which mkdocs | add one article | ÷ cold | peak | "
        "largest page | search per query | zensical build |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cold = r["cold_sitrep"]["seconds"] + r["cold_mkdocs"]["seconds"]
        add = r["add_sitrep"]["seconds"] + r["add_mkdocs"]["seconds"]
        peaks = [
            r[k]["peak_mb"] or 0 for k in ("cold_sitrep", "cold_mkdocs", "add_sitrep", "add_mkdocs")
        ]
        z = r.get("zensical")
        zcell = "–"
        if z:
            zcell = (
                f"{z['seconds']:,.0f} s, {z['peak_mb']:,} MB"
                if z["returncode"] == 0
                else (f"failed after {z['seconds']:,.0f} s ({z['peak_mb']:,} MB)")
            )
        lines.append(
            f"| {r['n']:,} | {cold:,.0f} s | {r['cold_mkdocs']['seconds']:,.0f} s "
            f"| {add:,.0f} s ({r['add_sitrep']['seconds']:,.0f} "
            f"+ {r['add_mkdocs']['seconds']:,.0f}) "
            f"| {add / cold:.1%} | {max(peaks):,} MB (sitrep {r['cold_sitrep']['peak_mb']:,}) "
            f"| {r['largest_html'][0] / 1000:,.0f} KB | {r['search']['max_bytes'] / 1000:,.0f} KB "
            f"| {zcell} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument(
        "--sizes",
        default="5000",
        help="comma-separated article counts (default 5000: minutes; 20000: about an hour "
        "on 2 cores; 100000: hours)",
    )
    p.add_argument("--out", type=Path, default=Path("/tmp/sitrep-bench"))
    p.add_argument(
        "--articles",
        action="append",
        default=[],
        metavar="N=DIR",
        help="use an existing corpus of N articles (tools/corpus.py distinct N DIR)",
    )
    p.add_argument(
        "--zensical",
        type=Path,
        default=None,
        metavar="BIN",
        help="the bin folder of a venv with zensical installed",
    )
    args = p.parse_args()
    given = {int(k): Path(v) for k, v in (a.split("=", 1) for a in args.articles)}
    rows = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        zensical = args.zensical.resolve() if args.zensical else None  # commands run elsewhere
        rows.append(run_size(n, args.out / f"scale-{n}", given.get(n), zensical))
        (args.out / "results-scale.json").write_text(json.dumps(rows, indent=1) + "\n")
    table = markdown(rows)
    (args.out / "results-scale.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
