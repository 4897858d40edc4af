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

Front matter is written by strangers, so no YAML parser sees it before it has
passed :func:`yaml_refusal`, which only looks at the text:

- larger than :data:`MAX_FRONT_MATTER` characters: libyaml's scanner is
  quadratic in nesting depth (16,000 ``[`` took 1.3 s) and its C composer
  recurses once per level (80 KB of ``[`` crashed the process with SIGSEGV);
- nested possibly deeper than :data:`MAX_NESTING` (:func:`nesting_bound`);
- anchors or aliases (``&a``, ``*a``): a 550-byte "billion laughs" block took
  60 s and 3.2 GB once turned into text. sitrep reads only flat ``key: value``
  pairs, so it refuses them rather than bounding their expansion.

A refused block is read key by key like invalid YAML, with a warning saying
why; a refused value is taken as written, never parsed.
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
#: Front matter (or one value read key by key) longer than this, in characters,
#: is never given to a YAML parser. Real front matter is a few hundred bytes.
MAX_FRONT_MATTER = 16 * 1024
#: Front matter that :func:`nesting_bound` says might nest deeper than this is
#: never given to a YAML parser. Title, date, source and url are flat scalars;
#: a list of tags under a key scores about 6.
MAX_NESTING = 32

#: An anchor (``&a``) or alias (``*a``) token: the indicator where a YAML token can
#: start (after a blank or an indicator), followed by a name character. Text
#: such as "Q&A" or "5 * 3" does not match; "*Exclusive*" does, and is then
#: taken as written, which is what it meant.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|(?<=[\s\[\]{},:?\-!'\"|>]))[&*][^\s\[\]{},]")
#: The block indicators (``- ``, ``? ``, ``: ``) at the start of a line, each of
#: which can open a nested block collection on that same line (``- - - x``).
_LINE_START = re.compile(r"( *)((?:[-?:](?:[ \t]+|$))*)")
#: What YAML 1.1 (libyaml) counts as a line break, NEL and the Unicode line and
#: paragraph separators included: indentation is measured after each of them.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)


def nesting_bound(text: str) -> int:
    """An upper bound on how deeply YAML could nest ``text``, found without parsing it.

    Flow collections: each ``[`` or ``{`` may open one level (counted even inside
    quotes, which can only over-count). Block collections: a nested block
    collection starts at a greater column than its parent, except a sequence
    written at its key's column (``key:\\n- a``), so they nest at most twice as
    deep as there are distinct columns where a line's content or a ``- ``/``? ``
    indicator starts. ``"title: x\\ntags:\\n  - a\\n  - b"`` scores 6; 80 KB of
    ``[`` scores 80,000.
    """
    columns: set[int] = set()
    for line in _YAML_BREAK.split(text):
        m = _LINE_START.match(line)  # always matches (everything in it is optional)
        if m is None or m.end(1) == len(line):  # blank line
            continue
        column = m.end(1)
        columns.add(column)
        for indicator in re.finditer(r"[-?:](?:[ \t]+|$)", m.group(2)):
            column = m.start(2) + indicator.end()
            columns.add(column)
    return 2 * len(columns) + text.count("[") + text.count("{")


def yaml_refusal(text: str) -> str | None:
    """Why ``text`` must not be given to a YAML parser, or None (see the module docstring)."""
    if len(text) > MAX_FRONT_MATTER:
        return f"is larger than {MAX_FRONT_MATTER // 1024} KB"
    if nesting_bound(text) > MAX_NESTING:
        return f"may nest deeper than {MAX_NESTING} levels"
    if _ANCHOR_OR_ALIAS.search(text):
        return "uses YAML anchors or aliases (&name, *name)"
    return None


def _load(text: str) -> Any:
    """Parse ``text``, which :func:`yaml_refusal` has let through."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def safe_yaml(text: str) -> Any:
    """Parse ``text`` as front matter is parsed (a safe loader that leaves dates as
    strings); the caller has checked it with :func:`yaml_refusal` first. For other
    YAML written by strangers (``corrections.yaml``), so it is bounded the same way."""
    refusal = yaml_refusal(text)
    if refusal is not None:
        raise ValueError(f"not given to the YAML parser: it {refusal}")
    return _load(text)


def _lenient(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in lines:
        m = _KEY_LINE.match(line)
        if not m:
            continue
        raw = (m.group("value") or "").strip()
        try:
            if raw and yaml_refusal(raw):
                raise ValueError("not given to the YAML parser")
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
    refusal = yaml_refusal("\n".join(block))
    if refusal:
        return FrontMatter(
            meta=_lenient(block),
            body=body,
            warnings=[f"front matter {refusal}; not parsed as YAML, read key by key"],
        )
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
