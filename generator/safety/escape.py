"""Escaping for untrusted article text on its way into Markdown pages.

Article text comes from the web: it may carry HTML, script, Markdown structure
(headings, tables, admonitions, links), Jinja delimiters or bidi-override
characters. Every value from an article passes through ``md_inline`` before it
reaches a page, so it renders as the characters it is and never as structure.
"""

from __future__ import annotations

import json
import re

# Characters that Python-Markdown (and most Markdown engines) treat as syntax
# anywhere in a line, written as numeric entities: the page still reads and
# searches as the plain character, and no engine parses an entity as syntax.
_INLINE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "\\": "&#92;",
    "{": "&#123;",
    "}": "&#125;",
    "~": "&#126;",
    "^": "&#94;",
    "$": "&#36;",
}
_INLINE_RE = re.compile("[" + re.escape("".join(_INLINE)) + "]")

# Syntax that only matters at the start of a line or value: headings, quotes,
# list markers, admonitions ("!!!"), front-matter fences, numbered lists.
_LINE_START_RE = re.compile(r"^(\s*)([#>+\-=!%]|\d+[.)])")

#: Characters that show as nothing, or change how the text around them shows:
#: bidi embeddings, overrides, isolates and marks (a title that reads differently
#: from what it is), zero-width spaces and joiners, word joiners and invisible
#: operators, soft hyphens, variation selectors, Hangul fillers, interlinear
#: annotation marks and Unicode tag characters (text hidden inside a title). It is
#: Unicode's Default_Ignorable_Code_Point set plus U+FFF9-FFFB; every short field
#: loses them on its way onto a page, and ingest drops them from all text.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")

_INVISIBLE_RE = re.compile(f"[{INVISIBLE}\x00-\x08\x0b-\x1f\x7f]")

_SPACE_RE = re.compile(r"\s+")

# ":name:" would be turned into an emoji by some extensions; "javascript:"-style
# schemes cannot become links once "<", "[" and "(" are neutral, but keep
# "://" from being auto-linked by any engine that does so.
_SCHEME_RE = re.compile(r"(?i)(javascript|data|vbscript|https?|ftp|file)(:)")


def md_inline(value: object) -> str:
    """One line of plain text, safe anywhere in a Markdown page, table cells included."""
    if value is None:
        return ""
    text = _INVISIBLE_RE.sub("", str(value))
    text = _SPACE_RE.sub(" ", text).strip()
    text = _INLINE_RE.sub(lambda m: _INLINE[m.group(0)], text)
    text = _SCHEME_RE.sub(lambda m: m.group(1) + "&#58;", text)
    text = _LINE_START_RE.sub(
        lambda m: f"{m.group(1)}&#{ord(m.group(2)[0])};{m.group(2)[1:]}", text
    )
    return text


def yaml_string(value: object) -> str:
    """A double-quoted scalar for page front matter (JSON strings are valid YAML)."""
    return json.dumps(
        _INVISIBLE_RE.sub("", "" if value is None else str(value)), ensure_ascii=False
    )


_TERMINAL_RE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")


def terminal_line(value: object) -> str:
    """One line for a terminal or a log: controls and invisible characters shown as
    ``\\xNN``/``\\uNNNN`` escapes.

    A file name may hold a line break (a fake second report line) or an escape
    sequence (``\\x1b]0;...`` retitles the terminal, others move the cursor over
    earlier lines); printed as they are, a stranger's file name writes on the
    analyst's screen.
    """
    return _TERMINAL_RE.sub(lambda m: ascii(m.group(0))[1:-1], str(value))
