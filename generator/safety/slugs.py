"""Safe, stable slugs for file names and URLs.

``slugify_title`` transliterates Unicode (python-slugify: "Ḥamāh" -> "hamah",
"حلب" -> "hlb"), keeps only ``[a-z0-9-]`` (so no ``/``, ``..`` or ``\\``), never
returns an empty string or a Windows reserved device name, stays within
``max_len``, and is unique against ``taken``, which it updates. Given the same
titles in the same order it returns the same slugs.

``disambiguate`` gives many items distinct names at once (article ids from file
names, page slugs from article ids): a name that is wanted twice is kept by one
item and the others get a suffix derived from their own key, never a number
that depends on how many items came before, so adding an item never renumbers
the others. It runs in linear time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable

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


SLUG_MAX_LEN = 80
"""Default length bound of a slug (a page's file name and URL)."""


def slugify_title(title: str, *, taken: set[str], max_len: int = SLUG_MAX_LEN) -> str:
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


HASH_LENGTHS = (8, 16)
"""Hex digits of the key's sha256 used as a suffix: 8 keep names short (a clash needs
~65,000 items of one name); 16 when 8 are taken, which only a name crafted to clash
does, and then a counter after the 8 digits."""


def key_hash(key: str) -> str:
    """sha256 of ``key`` in hex (lone surrogates from undecodable file names kept)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _with_suffix(base: str, suffix: str, max_len: int | None) -> str:
    if max_len is None:
        return f"{base}-{suffix}"
    keep = max(max_len - len(suffix) - 1, 0)
    return f"{base[:keep].rstrip('-')}-{suffix}".lstrip("-")


def disambiguate(
    items: Iterable[tuple[str, str]],
    *,
    reserved: Collection[str] = (),
    max_len: int | None = None,
) -> dict[str, str]:
    """``key -> name`` for ``(key, wanted name)`` pairs given in priority order (keys
    distinct). Names are compared case-insensitively (pages must not collide on macOS
    or Windows) and never equal a ``reserved`` one.

    Every item whose wanted name is free gets it, the first in order when several
    want one; each other item gets ``name-<8 hex digits of sha256(key)>``. Its name
    thus depends on its own key only: adding an item renames none of the others,
    except the one whose wanted name the new item takes by coming first.

    >>> disambiguate([("a/x.txt", "x"), ("b/x.txt", "x"), ("y.txt", "y")])
    {'a/x.txt': 'x', 'b/x.txt': 'x-1ef4c2d3', 'y.txt': 'y'}
    """
    pairs = list(items)
    taken = {r.casefold() for r in reserved}
    names: dict[str, str] = {}
    later: list[tuple[str, str]] = []
    for key, wanted in pairs:  # every free wanted name first: those are never suffixed
        folded = wanted.casefold()
        if folded in taken:
            later.append((key, wanted))
        else:
            taken.add(folded)
            names[key] = wanted
    counters: dict[str, int] = {}
    for key, wanted in later:
        digest = key_hash(key)
        candidates = (_with_suffix(wanted, digest[:n], max_len) for n in HASH_LENGTHS)
        name = next((c for c in candidates if c.casefold() not in taken), None)
        while name is None or name.casefold() in taken:  # only names crafted to clash
            n = counters.get(wanted.casefold(), 1) + 1
            counters[wanted.casefold()] = n
            name = _with_suffix(wanted, f"{digest[:8]}-{n}", max_len)
        taken.add(name.casefold())
        names[key] = name
    return {key: names[key] for key, _ in pairs}
