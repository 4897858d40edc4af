"""Benchmark corpora of any size, written as article files sitrep reads.

Two kinds, both deterministic (the same files on every run):

- ``synthetic``: FA-KES dev rows re-sampled; copy k of a row is dated
  k * COPY_SHIFT days later and carries its own marker line, so no file is a
  duplicate. Cheap, but the texts repeat, which spaCy's tokenizer cache rewards.
- ``distinct``: no text a copy of another: every distinct FA-KES dev text, the
  seed articles and the hand-coded dev articles, then new texts made of the
  first half of one and the second half of another (round r pairs text i with
  text i + r). The pool of about 450 texts gives about 200,000 distinct texts.
  Texts of round r are dated r * COPY_SHIFT days after their first half's
  article, so a recombined text does not merge into its parents' events.

    python tools/corpus.py distinct 20000 /tmp/articles-20k
    python tools/corpus.py synthetic 5000 /tmp/articles-5k
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
DEV_CSV = SHARED / "fakes" / "dev.csv"
SEEDS_DIR = SHARED / "seeds"
GOLD_DIR = SHARED / "gold-dev"

COPY_SHIFT = 40
"""Days between copies of one text. More than a month, so two copies of a report
never merge into one event (incidents dated to a day, a week or a month): a
corpus of 5,000 has the events of 12 corpora of 413, not ever longer chains of
reports of one event, which made article pages (and rendering) grow faster
than N with a 3-day shift."""

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def read_rows(csv_path: Path = DEV_CSV) -> list[dict[str, str]]:
    """The FA-KES rows that have a text."""
    if not csv_path.is_file():
        sys.exit(
            f"corpus: FA-KES dev split not found at {csv_path}\n"
            "        (pass --csv PATH; see ../shared/corpus/fakes/README.md)"
        )
    csv.field_size_limit(10**9)
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("article_content", "").strip()]
    if not rows:
        sys.exit(f"corpus: no usable rows in {csv_path}")
    return rows


def _row_date(row: dict[str, str]) -> dt.date | None:
    try:
        return dt.datetime.strptime(row["date"], "%m/%d/%y").date()
    except (KeyError, ValueError):
        return None


def _shifted(date: dt.date | None, copy: int) -> dt.date | None:
    return None if date is None else date + dt.timedelta(days=COPY_SHIFT * copy)


def synthetic(rows: Sequence[dict[str, str]], n: int) -> list[dict[str, Any]]:
    """N articles re-sampled from ``rows`` (see the module docstring)."""
    out = []
    for i in range(n):
        row = rows[i % len(rows)]
        out.append(
            {
                "id": f"bench-{i:05d}",
                "title": row["article_title"].replace('"', "'").strip() or f"Article {i}",
                "date": _shifted(_row_date(row), i // len(rows)),
                "source": row.get("source") or None,
                "text": f"{row['article_content'].strip()}\n\n(Bench article {i:05d}.)\n",
            }
        )
    return out


def _pool(rows: Sequence[dict[str, str]]) -> list[dict[str, Any]]:
    """Every distinct text once: FA-KES dev, then the seeds and hand-coded articles."""
    pool: dict[str, dict[str, Any]] = {}
    for row in rows:
        text = row["article_content"].strip()
        pool.setdefault(
            text,
            {"title": row["article_title"].strip(), "date": _row_date(row),
             "source": row.get("source") or None},
        )
    for folder in (SEEDS_DIR, GOLD_DIR):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            lines = path.read_text("utf-8").strip().splitlines()
            text = "\n".join(lines[1:]).strip()
            if text:
                pool.setdefault(text, {"title": lines[0].strip(), "date": None, "source": None})
    return [{"text": text, **meta} for text, meta in pool.items()]


def distinct(rows: Sequence[dict[str, str]], n: int) -> list[dict[str, Any]]:
    """``n`` texts, none a copy of another (see the module docstring)."""
    base = _pool(rows)
    halves = [SENTENCE_END.split(item["text"]) for item in base]
    out = [dict(item) for item in base[:n]]
    seen = {item["text"] for item in out}
    step = 1
    while len(out) < n and step < len(base):
        for i, first in enumerate(halves):
            second = halves[(i + step) % len(base)]
            text = " ".join(first[: max(1, len(first) // 2)] + second[len(second) // 2 :])
            if text in seen:
                continue
            seen.add(text)
            meta = base[i]
            out.append({**meta, "text": text, "date": _shifted(meta["date"], step)})
            if len(out) == n:
                break
        step += 1
    if len(out) < n:
        sys.exit(f"corpus: only {len(out)} distinct texts can be made, not {n}")
    for k, item in enumerate(out):
        item["id"] = f"distinct-{k:06d}"
    return out


def write_corpus(items: Sequence[dict[str, Any]], folder: Path) -> None:
    """One Markdown file with front matter per article (the folder is replaced)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for it in items:
        lines = ["---", f"title: {json.dumps(it['title'], ensure_ascii=False)}"]
        if it["date"]:
            lines.append(f"date: {it['date'].isoformat()}")
        if it["source"]:
            lines.append(f"source: {json.dumps(it['source'], ensure_ascii=False)}")
        lines += ["---", "", it["text"]]
        (folder / f"{it['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("distinct", "synthetic"))
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--csv", type=Path, default=DEV_CSV, help="the FA-KES dev split")
    args = parser.parse_args(argv)
    make = distinct if args.kind == "distinct" else synthetic
    write_corpus(make(read_rows(args.csv), args.n), args.out)
    print(f"{args.n} {args.kind} articles in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
