"""Remove web boilerplate lines ("2 min read", "Show Comments", captions...).

The patterns are data, in ``generator/data/boilerplate.yaml``. A line is
removed only when a pattern matches the *whole* line; every other line is kept
byte for byte, so the extractor's evidence sentences can be quoted verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    example: str


@dataclass(frozen=True)
class SourceRule:
    source: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Patterns:
    lines: tuple[Rule, ...]
    sources: tuple[SourceRule, ...]
    combined: re.Pattern[str]


@cache
def patterns() -> Patterns:
    """Load and compile ``boilerplate.yaml`` once per process."""
    raw = resources.files("generator").joinpath("data/boilerplate.yaml").read_text("utf-8")
    doc = yaml.safe_load(raw)
    lines = tuple(
        Rule(r["id"], re.compile(r["pattern"], re.I), r.get("example", "")) for r in doc["lines"]
    )
    sources = tuple(
        SourceRule(s["source"], re.compile(s["pattern"], re.M)) for s in doc.get("sources", [])
    )
    combined = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in lines), re.I)
    return Patterns(lines, sources, combined)


def is_boilerplate(line: str) -> bool:
    """True when the whole (stripped) line is boilerplate.

    >>> is_boilerplate("2 min read"), is_boilerplate("Two soldiers died in Daraa.")
    (True, False)
    """
    s = line.strip()
    if not s or len(s) > 1000:
        return False
    return patterns().combined.fullmatch(s) is not None


def strip_boilerplate(text: str) -> str:
    """Drop boilerplate lines, collapse the blank runs they leave, trim the ends."""
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        if is_boilerplate(line):
            continue
        if not line.strip():
            if out and not blank:
                out.append("")
            blank = True
            continue
        blank = False
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def source_from_text(text: str) -> str | None:
    """The outlet, when a line in the text names it reliably (see the data file)."""
    for rule in patterns().sources:
        if rule.pattern.search(text):
            return rule.source
    return None
