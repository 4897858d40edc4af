"""Safe, stable slugs for file names and URLs.

``slugify_title`` transliterates Unicode (python-slugify: "Ḥamāh" -> "hamah",
"حلب" -> "hlb"), keeps only ``[a-z0-9-]`` (so no ``/``, ``..`` or ``\\``), never
returns an empty string or a Windows reserved device name, stays within
``max_len``, and is unique against ``taken``, which it updates. Given the same
titles in the same order it returns the same slugs.
"""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

#: Device names Windows refuses as file names, whatever the extension.
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "clock$"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
MIN_LEN = 20
"""``max_len`` below this is raised to it (room for ``untitled-<hash>`` and a suffix)."""
_ALLOWED = re.compile(r"[^a-z0-9]+")


def _base(title: str, max_len: int) -> str:
    slug = slugify(title or "", max_length=max_len, word_boundary=True, save_order=True)
    slug = _ALLOWED.sub("-", slug.lower()).strip("-")[:max_len].strip("-")
    if not slug:
        # Nothing transliterable (emoji, symbols): a short stable hash keeps titles apart.
        digest = hashlib.sha256((title or "").encode("utf-8", "surrogatepass")).hexdigest()
        slug = f"untitled-{digest[:8]}" if title else "untitled"
    if slug in RESERVED:
        slug = f"{slug}-page"
    return slug


def slugify_title(title: str, *, taken: set[str], max_len: int = 80) -> str:
    """A slug for ``title`` not in ``taken``; it is added to ``taken``.

    >>> taken: set[str] = set()
    >>> [slugify_title("Dozens dead in Idlib", taken=taken) for _ in range(2)]
    ['dozens-dead-in-idlib', 'dozens-dead-in-idlib-2']
    """
    max_len = max(max_len, MIN_LEN)
    base = _base(str(title), max_len)
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: max_len - len(suffix)].rstrip("-") + suffix
    taken.add(slug)
    return slug
