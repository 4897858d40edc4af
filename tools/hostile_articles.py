#!/usr/bin/env python3
"""Write 1 MB articles of the shapes that used to stall extraction, and time them.

    .venv/bin/python tools/hostile_articles.py OUT            # write OUT/<case>.txt
    .venv/bin/python tools/hostile_articles.py OUT --measure  # and time each one

Each case is the largest file ingest reads (1 MB), so the figures are the most
one article can cost; ``short``, one sentence, is what starting the command
costs. ``--measure`` extracts each file on its own, as a user would
(``/usr/bin/time -v sitrep extract DIR --json ... --no-cache --jobs 1``), and
prints CPU seconds, wall seconds, peak memory (maximum resident set size) and
whether the article came through or was stopped at the time budget. These are
the figures in the README's limits section.

The English is the sample articles' own (``articles/``), the place names the
gazetteer's (``generator/data/places.jsonl``), the garbage from a seeded random
generator: the files are the same on every run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ingest import MAX_BYTES  # noqa: E402 - after the path is set

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _english_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").glob("*")))
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if len(s) > 40]


def _fill(parts: Callable[[int], str], size: int = MAX_BYTES) -> str:
    """``parts(i)`` joined until the UTF-8 text holds ``size`` bytes."""
    out, n, i = [], 0, 0
    while n < size:
        piece = parts(i)
        out.append(piece)
        n += len(piece.encode("utf-8"))
        i += 1
    return "".join(out).encode("utf-8")[:size].decode("utf-8", "ignore")


def commas() -> str:
    """1 MB of one punctuation character: quadratic in spaCy's tokenizer."""
    return "," * MAX_BYTES


def one_sentence() -> str:
    """1 MB of English with no sentence end: the rules read it as one clause."""
    sentences = [s.rstrip(".!?") for s in _english_sentences()]
    return _fill(lambda i: sentences[i % len(sentences)] + ", and ")


def places() -> str:
    """Every gazetteer place name, over and over, in one clause."""
    records = (ROOT / "generator/data/places.jsonl").read_text(encoding="utf-8").splitlines()
    names = sorted({alias for line in records for alias in json.loads(line)["aliases"]})
    head = "Regime shelling killed three civilians in "
    return head + _fill(lambda i: names[i % len(names)] + " and ", MAX_BYTES - len(head))


def english_then_garbage() -> str:
    """20 KB of English (all the language filter reads), then random symbols,
    punctuation, letters and emoji without spaces."""
    english = " ".join(_english_sentences())[:20_000]
    rng = random.Random(12)
    alphabet = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~abcXYZ019\u060c\u2019\u201c\U0001f600"
    return english + "\n" + _fill(lambda i: "".join(rng.choices(alphabet, k=64)))


def abbreviations() -> str:
    """Full stops the sentencizer does not end a sentence on ("U.S.", "Mr."): one
    1 MB sentence that no text rule can tell from a paragraph."""
    return _fill(lambda i: "U.S. forces shelled Idlib as Mr. Assad said in Jan. ")


def news() -> str:
    """Ordinary news: the sample articles over and over (many short sentences)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").glob("*"))]
    return _fill(lambda i: texts[i % len(texts)] + "\n\n")


def short() -> str:
    """One short article: what starting the command costs."""
    return "Shelling killed two civilians in Idlib on Friday.\n"


CASES: dict[str, Callable[[], str]] = {
    "short": short,
    "commas": commas,
    "one-sentence": one_sentence,
    "places": places,
    "english-then-garbage": english_then_garbage,
    "abbreviations": abbreviations,
    "news": news,
}

_TIME_FIELDS = {
    "User time (seconds)": "user",
    "System time (seconds)": "system",
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
    "Maximum resident set size (kbytes)": "rss_kb",
}


def _measure(path: Path, sitrep: str) -> dict[str, str]:
    """Extract one file alone, under /usr/bin/time -v."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        shutil.copy(path, folder / path.name)
        cmd = ["/usr/bin/time", "-v", sitrep, "extract", str(folder), "--json",
               str(Path(tmp) / "out.json"), "--no-cache", "--jobs", "1", "-q"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    stats = {"exit": str(proc.returncode)}
    for line in proc.stderr.splitlines():
        key, _, value = line.strip().partition(": ")
        if key in _TIME_FIELDS:
            stats[_TIME_FIELDS[key]] = value
        elif key == "warning" and "extraction" in value:
            stats["warning"] = value.split(": ", 1)[-1]
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--measure", action="store_true", help="time sitrep extract on each")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    for name, make in CASES.items():
        path = args.out / f"{name}.txt"
        path.write_text(make(), encoding="utf-8")
        if not args.measure:
            print(path)
            continue
        s = _measure(path, sitrep)
        cpu = float(s.get("user", "nan")) + float(s.get("system", "nan"))
        mb = int(s.get("rss_kb", "0")) / 1024
        outcome = s.get("warning", "extracted") if s["exit"] == "0" else f"exit {s['exit']}"
        print(f"{name:22} {cpu:6.1f} s CPU {s.get('wall', '?'):>8} wall {mb:6.0f} MB  {outcome}")


if __name__ == "__main__":
    main()
