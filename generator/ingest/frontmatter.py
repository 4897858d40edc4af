"""YAML front matter that never stops an article from being read.

``---`` on the first line opens a block, ``---`` (or ``...``) closes it.
Everything that can go wrong is worked around and reported as a warning:

- invalid YAML (a FA-KES title such as ``"Assad\\'s forces"`` is invalid
  inside double quotes): the block is read key by key, each ``key: value``
  line on its own, a value that still fails taken as the raw string;
- no closing ``---``: the leading ``key: value`` lines are read the same way
  and the text starts after them;
- a block that is not a mapping: ignored.

Dates are *not* turned into ``datetime.date`` by YAML (the timestamp resolver
is removed), so ``2023-02-30`` reaches :mod:`.dates` as a string and becomes a
warning instead of an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: the pure-Python one took 0.6 ms
# per file, most of reading 5,000 articles. Same safe constructor and resolver.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc,valid-type]
    """SafeLoader without the implicit timestamp type."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w\-]*)\s*:(?:\s+(?P<value>.*))?\s*$")
_FENCE_OPEN = re.compile(r"^---\s*$")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
#: A front-matter block longer than this is not front matter.
MAX_LINES = 200


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def _lenient(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in lines:
        m = _KEY_LINE.match(line)
        if not m:
            continue
        raw = (m.group("value") or "").strip()
        try:
            value = _load(raw) if raw else None
        except Exception:  # noqa: BLE001 - any YAML failure means "take it raw"
            quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'"
            value = raw[1:-1] if quoted else raw
        if isinstance(value, (dict, list)):
            value = raw
        meta.setdefault(m.group("key").lower(), value)
    return meta


def _problem_line(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or type(exc).__name__
    return f"line {mark.line + 2}: {problem}" if mark is not None else str(problem)


def split_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into front-matter metadata and body (see module docstring)."""
    lines = text.split("\n")
    if not lines or not _FENCE_OPEN.match(lines[0]):
        return FrontMatter(body=text)
    close = next(
        (i for i in range(1, min(len(lines), MAX_LINES + 2)) if _FENCE_CLOSE.match(lines[i])),
        None,
    )
    if close is None:
        keys = []
        for line in lines[1 : MAX_LINES + 1]:
            if not _KEY_LINE.match(line):
                break
            keys.append(line)
        if not keys:
            return FrontMatter(body=text)  # a leading rule, not front matter
        return FrontMatter(
            meta=_lenient(keys),
            body="\n".join(lines[1 + len(keys) :]),
            warnings=["front matter is not closed (no second ---); read its key: value lines"],
        )
    block = lines[1:close]
    body = "\n".join(lines[close + 1 :])
    try:
        loaded = _load("\n".join(block))
    except Exception as exc:  # noqa: BLE001 - yaml raises more than YAMLError
        return FrontMatter(
            meta=_lenient(block),
            body=body,
            warnings=[f"front matter is not valid YAML ({_problem_line(exc)}); read key by key"],
        )
    if loaded is None:
        return FrontMatter(body=body)
    if not isinstance(loaded, dict):
        return FrontMatter(
            body=body,
            warnings=[f"front matter is a {type(loaded).__name__}, not key: value pairs; ignored"],
        )
    meta = {str(k).lower(): v for k, v in loaded.items()}
    return FrontMatter(meta=meta, body=body)
