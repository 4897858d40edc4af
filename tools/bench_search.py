#!/usr/bin/env python3
"""Bytes a search downloads, on a site of N article pages, without building N articles.

    .venv/bin/python tools/bench_search.py 5000 20000 100000 [--out DIR]

A real site of 100,000 articles takes hours to build; what a search fetches depends
only on the index, so this builds a stand-in: a small real site (three articles,
``tests.helpers.build_site_of_report``: its theme, its Search page and its hub pages),
whose article pages are replaced by N synthetic ones shaped like sitrep's (the theme's
page around the content, the publication date in its head, an ``<h1>`` title, the
Source / Published / File table, a summary, the excluded incidents table, evidence
sentences), with the titles, dates,
sources and sentences of ``tools/corpus.py distinct N`` (texts of FA-KES, dates over
decades). The site is indexed by the real code (:func:`generator.publish.search.index_site`),
then:

- **cold index**: seconds to index the whole site, and how many pages Pagefind read;
- **add one**: one more article page (dated like the newest), indexed again with the
  last index kept (as ``mkdocs build`` does): seconds, and pages Pagefind read again;
- **search**: ``tools/bench_scale.search_bytes``: Chromium opens the Search page for
  each query in a fresh context and adds up the bytes fetched from ``pagefind/``.

What it leaves out against a real site: the hub pages of a big archive (its main
bundle holds a few dozen pages here, about 1,400 at 100,000 articles) and an
article's other sentences; Pagefind's code (script, WebAssembly, stylesheet) is the
same. Results go to ``OUT/results-search.json`` and are printed as a table.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CONTENT = re.compile(r"(<div data-pagefind-body>).*?(</div>\s*</article>)", re.S)
_PUBLISHED = re.compile(r'(<meta name="sitrep-published" content=")[^"]*(">)')


def _page(shell: str, item: dict[str, Any]) -> str:
    """An article page: ``shell`` (a real article page of the skeleton site) with its
    content replaced by ``item``'s title, date, summary and evidence."""
    e = html.escape
    sentences = [s.strip() for s in SENTENCE.split(item["text"]) if s.strip()]
    summary = " ".join(sentences[:2])[:600]
    evidence = [s for s in sentences[2:] if any(c.isdigit() for c in s)][:4]
    date = item["date"].isoformat() if item["date"] else "not stated"
    body = [
        f"<h1 id=\"t\">{e(item['title'])}</h1>",
        "<table>\n<thead>\n<tr>\n<th>Source</th>\n<th>Published</th>\n<th>File</th>\n"
        f"</tr>\n</thead>\n<tbody>\n<tr>\n<td>{e(item['source'] or 'not stated')}</td>\n"
        f"<td>{date}</td>\n<td>{item['id']}.md</td>\n</tr>\n</tbody>\n</table>",
        f"<h2 id=\"summary\">Summary</h2>\n<p>{e(summary)}</p>",
        '<h2 data-search-exclude id="incidents">Incidents</h2>',
        "<table><tr><td>1</td><td>" + e(date) + "</td><td>Idlib</td></tr></table>",
        '<h2 data-search-exclude id="evidence">Evidence</h2>',
        *(f"<h3 id=\"i{k}\">{k}. {e(date)}</h3>\n<blockquote><p>{e(s)}</p></blockquote>"
          for k, s in enumerate(evidence, 1)),
    ]  # fmt: skip
    day = item["date"].isoformat() if item["date"] else ""  # what the index reads
    shell = _PUBLISHED.sub(lambda m: m.group(1) + day + m.group(2), shell, count=1)
    return _CONTENT.sub(lambda m: m.group(1) + "\n".join(body) + m.group(2), shell, count=1)


def skeleton(work: Path) -> Path:
    """The small real site whose theme, Search page and hub pages the bench uses."""
    from tests.helpers import build_site_of_report, many_articles

    return build_site_of_report(many_articles(3), work / "skeleton")


def make_site(skel: Path, items: list[dict[str, Any]], site: Path) -> None:
    """``skel`` copied to ``site`` with its article pages replaced by ``items``'."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(skel, site, ignore=shutil.ignore_patterns("pagefind", ".sitrep-*"))
    articles = site / "articles"
    shells = sorted(
        p for p in articles.glob("*/index.html") if b'"sitrep-published"' in p.read_bytes()
    )
    shell = shells[0].read_text("utf-8")
    for p in shells:
        shutil.rmtree(p.parent)
    for item in items:
        folder = articles / item["id"]
        folder.mkdir()
        (folder / "index.html").write_text(_page(shell, item), "utf-8")


def page_keys(site: Path) -> dict[str, str]:
    """Output path -> a key of its bytes, for every HTML page (what MkDocs' hooks give)."""
    out = {}
    for p in site.rglob("*.html"):
        rel = p.relative_to(site).as_posix()
        if not rel.startswith(("pagefind/", ".")):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_size(n: int, skel: Path, work: Path, queries: bool, **sizes: int) -> dict[str, Any]:
    from bench_scale import search_bytes
    from corpus import distinct, read_rows

    from generator.publish.search import index_site

    items = distinct(read_rows(), n)
    site = work / f"site-{n}"
    make_site(skel, items, site)
    row: dict[str, Any] = {"n": n}
    keys = page_keys(site)  # made by MkDocs' hooks in a real build: not timed
    t0 = time.perf_counter()
    row["cold"] = index_site(site, keys, None, **sizes)
    row["cold_s"] = round(time.perf_counter() - t0, 1)
    row["pagefind_bytes"] = sum(
        p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()
    )
    if queries:
        row["search"] = search_bytes(site)
    # Add one: the last build's files wait in `previous` while the index is made.
    newest = max((i for i in items if i["date"]), key=lambda i: i["date"])
    added = {**newest, "id": "zz-added", "title": newest["title"] + " (added)"}
    previous = work / f"previous-{n}"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    os.replace(site / "pagefind", previous / "pagefind")
    shell = next(site.glob("articles/*/index.html")).read_text("utf-8")
    (site / "articles" / "zz-added").mkdir()
    (site / "articles" / "zz-added" / "index.html").write_text(_page(shell, added), "utf-8")
    keys = page_keys(site)
    t0 = time.perf_counter()
    row["add_one"] = index_site(site, keys, previous, **sizes)
    row["add_one_s"] = round(time.perf_counter() - t0, 1)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sitrep-bench-search"))
    parser.add_argument("--no-queries", action="store_true", help="index only")
    parser.add_argument("--part-pages", type=int, help="PART_PAGES, to try another")
    parser.add_argument("--search-pages", type=int, help="SEARCH_PAGES, to try another")
    args = parser.parse_args(argv)
    sizes = {"part_pages": args.part_pages, "search_pages": args.search_pages}
    args.out.mkdir(parents=True, exist_ok=True)
    skel = skeleton(args.out)
    rows = []
    for n in args.sizes:
        print(f"bench-search: N={n} ...", file=sys.stderr, flush=True)
        rows.append(
            run_size(
                n, skel, args.out, not args.no_queries, **{k: v for k, v in sizes.items() if v}
            )
        )
        (args.out / "results-search.json").write_text(json.dumps(rows, indent=1, default=str))
    print("| pages | cold index | add one | index on disk | bytes per query (max) | per query |")
    print("|---:|---|---|---:|---:|---|")
    for r in rows:
        qs = r.get("search", {}).get("queries", {})
        each = ", ".join(
            f"{q}: {v['bytes'] / 1000:,.0f} KB ({v['results']})" for q, v in qs.items()
        )
        top = r.get("search", {}).get("max_bytes", 0)
        print(
            f"| {r['n']:,} | {r['cold']}, {r['cold_s']} s | {r['add_one']}, {r['add_one_s']} s "
            f"| {r['pagefind_bytes'] / 1e6:,.1f} MB | {top / 1000:,.0f} KB | {each} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
