"""SVG text that stays what it says, and numbers that come out the same on every build.

Shared by the charts and the map (:mod:`generator.pages.charts`,
:mod:`generator.pages.map`): labels come from article text and go through
:func:`svg_text` / :func:`svg_attr`; every coordinate through :func:`num`.
"""

from __future__ import annotations

import re

from generator.safety.escape import INVISIBLE

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
"""The system's own fonts: the site loads no web font."""

_XML_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff{INVISIBLE}]")
_SPACE = re.compile(r"\s+")


def svg_text(value: object) -> str:
    """Text content for an SVG element: one line, XML-escaped, XML-legal.

    Labels come from article text (faction names, place names), so they may hold
    ``<script>``, ``&`` or control characters that would make the page invalid
    or the SVG inject markup. Bidi overrides and other invisible characters
    (``escape.INVISIBLE``) are dropped so a name cannot read differently from what
    it is."""
    text = _XML_FORBIDDEN.sub("", str(value))
    text = _SPACE.sub(" ", text).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_attr(value: object) -> str:
    """An attribute value (to be written between double quotes)."""
    return svg_text(value).replace('"', "&quot;")


def num(x: float) -> str:
    """A coordinate: rounded to one decimal, trailing ``.0`` and ``-0`` removed.

    One decimal is below what any screen shows at these sizes, and a fixed
    rounding keeps the bytes identical across runs and platforms."""
    text = f"{round(x, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def count(n: int) -> str:
    """A figure as the pages print it: ``1,234``."""
    return f"{n:,}"


def plural(n: int, word: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{count(n)} {word}" if n == 1 else f"{count(n)} {word}s"
