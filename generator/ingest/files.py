"""Find every file under the articles folder and decide what kind it is.

Every directory entry becomes exactly one :class:`Entry`; an entry with a
``skip`` reason is reported as skipped, never dropped. Rules:

- hidden files and folders (``.name``) and editor backups (``name~``,
  ``*.swp``/``*.swo``, ``#name#``): skipped, "hidden or backup file"; a hidden
  folder is one entry, its contents are not listed;
- symlinks are never followed: a link to a file inside the folder is skipped
  naming its target (read there); a link out of the folder, a broken link and
  a link to a folder (loops) are skipped with the reason;
- FIFOs, sockets and devices: skipped (reading them could block forever);
- order: files of a folder first, then its subfolders, names compared as
  (stem, extension) so ``a.md`` comes before ``a-2.md``; runs are deterministic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

#: Known non-article types, by suffix, with the word used in the skip reason.
OTHER_TYPES: dict[str, str] = {
    **dict.fromkeys(
        [
            ".png",
            ".jpg",
            ".jpeg",
            ".gif",
            ".webp",
            ".bmp",
            ".tif",
            ".tiff",
            ".svg",
            ".ico",
            ".heic",
            ".avif",
        ],
        "image",
    ),
    ".pdf": "PDF document",
    **dict.fromkeys(
        [
            ".doc",
            ".docx",
            ".odt",
            ".rtf",
            ".xls",
            ".xlsx",
            ".ods",
            ".ppt",
            ".pptx",
            ".odp",
            ".pages",
            ".key",
            ".numbers",
        ],
        "office document",
    ),
    **dict.fromkeys(
        [".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst"], "archive"
    ),
    **dict.fromkeys(
        [".mp3", ".wav", ".ogg", ".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4a"], "audio or video"
    ),
    **dict.fromkeys([".csv", ".tsv", ".json", ".jsonl", ".xml", ".yaml", ".yml"], "data file"),
    **dict.fromkeys(
        [".exe", ".dll", ".so", ".dylib", ".bin", ".pyc", ".db", ".sqlite"], "binary file"
    ),
}

#: Magic numbers, for files whose suffix says text but whose bytes do not.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive or office document"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!", "archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office document"),
    (b"{\\rtf", "office document"),
)

HIDDEN_OR_BACKUP = "hidden or backup file"


@dataclass(frozen=True)
class Entry:
    rel: str
    """Path relative to the root, POSIX separators."""
    path: Path
    kind: str
    """``text``, ``html`` or ``skip``."""
    skip: str = ""
    """The skip reason when ``kind == "skip"``; ``failed:`` prefix for errors."""
    folder: bool = False
    """The entry is a folder (hidden or unreadable), reported as one entry."""


def is_hidden_or_backup(name: str) -> bool:
    return (
        name.startswith(".")
        or name.endswith("~")
        or name.endswith((".swp", ".swo", ".swx"))
        or (name.startswith("#") and name.endswith("#") and len(name) > 1)
    )


def classify_suffix(name: str) -> tuple[str, str]:
    """(kind, reason) from the file name alone."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in TEXT_SUFFIXES:
        return "text", ""
    if suffix in HTML_SUFFIXES:
        return "html", ""
    if suffix in OTHER_TYPES:
        return "skip", f"not an article: {OTHER_TYPES[suffix]} ({suffix})"
    if not suffix:
        return "skip", "not an article: no file extension (expected .txt, .md or .html)"
    return "skip", f"not an article: unsupported file type ({suffix})"


def sniff(head: bytes) -> str | None:
    """The kind of non-text content ``head`` starts with, or None."""
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    return None


def _within(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def _order(entry: Entry) -> list[tuple[int, str, str]]:
    """Files of a folder before its subfolders; names compared as (stem, extension)."""
    parts = entry.rel.split("/")
    key = [(1, *os.path.splitext(p)) for p in parts[:-1]]
    key.append((1 if entry.folder else 0, *os.path.splitext(parts[-1])))
    return key


def discover(root: Path) -> list[Entry]:
    """Every entry under ``root``, sorted; raises OSError if ``root`` cannot be listed."""
    root_real = os.path.realpath(root)
    out: list[Entry] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    first = True
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as exc:
            if first:
                raise
            out.append(
                Entry(
                    "/".join(parts),
                    folder,
                    "skip",
                    f"failed: cannot list folder: {exc.strerror}",
                    folder=True,
                )
            )
            continue
        finally:
            first = False
        subdirs: list[tuple[Path, tuple[str, ...]]] = []
        for item in items:
            rel_parts = (*parts, item.name)
            rel = "/".join(rel_parts)
            path = Path(item.path)
            if is_hidden_or_backup(item.name):
                hidden_dir = item.is_dir(follow_symlinks=False)
                out.append(Entry(rel, path, "skip", HIDDEN_OR_BACKUP, folder=hidden_dir))
                continue
            try:
                if item.is_symlink():
                    target = os.path.realpath(item.path)
                    if not os.path.exists(target):
                        out.append(Entry(rel, path, "skip", "broken symlink"))
                    elif not _within(target, root_real):
                        out.append(
                            Entry(rel, path, "skip", "symlink to outside the articles folder")
                        )
                    elif os.path.isdir(target):
                        out.append(Entry(rel, path, "skip", "symlink to a folder, not followed"))
                    elif not os.path.isfile(target):
                        out.append(Entry(rel, path, "skip", "not a regular file"))
                    else:
                        inner = os.path.relpath(target, root_real).replace(os.sep, "/")
                        out.append(Entry(rel, path, "skip", f"symlink to {inner}, read there"))
                    continue
                if item.is_dir(follow_symlinks=False):
                    subdirs.append((path, rel_parts))
                    continue
                if not item.is_file(follow_symlinks=False):
                    out.append(Entry(rel, path, "skip", "not a regular file"))
                    continue
            except OSError as exc:
                out.append(Entry(rel, path, "skip", f"failed: cannot stat: {exc.strerror}"))
                continue
            kind, reason = classify_suffix(item.name)
            out.append(Entry(rel, path, kind, reason))
        stack.extend(subdirs)
    out.sort(key=_order)
    return out
