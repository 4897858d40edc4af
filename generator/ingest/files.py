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
- a file replaced between listing and reading (by a symlink, a FIFO, or a
  folder on its path by a symlink) is not read: :func:`read_regular` opens
  every component without following links or blocking and checks the type on
  the open descriptor;
- order: files of a folder first, then its subfolders, names compared as
  (stem, extension) so ``a.md`` comes before ``a-2.md``; runs are deterministic;
- names that are not valid UTF-8 are opened by their real name but known by a
  printable one (:func:`printable_name`), so every path sitrep prints, caches
  or writes is text.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.safety import safeio

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
    """Path relative to the root, POSIX separators, each name :func:`printable_name`."""
    path: Path
    """The real path, to open the file by."""
    kind: str
    """``text``, ``html``, ``jsonl`` (one record of a JSONL file) or ``skip``."""
    skip: str = ""
    """The skip reason when ``kind == "skip"``; ``failed:`` prefix for errors."""
    folder: bool = False
    """The entry is a folder (hidden or unreadable), reported as one entry."""
    root: Path | None = None
    """The articles folder ``path`` was listed under: :func:`read_regular` opens
    each folder between them without following links."""
    offset: int = 0
    """A ``jsonl`` entry: where its line starts in the file ``path``."""
    length: int = 0
    """A ``jsonl`` entry: its line's bytes (so a worker reads only its own lines)."""


class Refused(Exception):
    """The entry is no longer a regular file reached without links: the reason."""


_CHANGED = "changed since the folder was listed: "


def read_regular(entry: Entry, limit: int) -> bytes:
    """At most ``limit`` bytes of ``entry``, if it still is a regular file.

    The folder was listed earlier, and any entry can be swapped since: for a
    symlink (its target, a secret outside the folder, would be published) or a
    FIFO (a read that never returns). :func:`generator.safety.safeio.read_regular`
    opens the folders from the root down and the file without following links
    and checks the type on the open descriptor. Raises :class:`Refused` with
    the reason, or ``OSError``.
    """
    try:
        return safeio.read_regular(entry.path, limit, head=True, root=entry.root)
    except safeio.LinkOnPath:
        raise Refused(_CHANGED + "a folder on its path is now a symlink") from None
    except safeio.NotRegularFile as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise Refused(_CHANGED + "it is now a symlink, not followed") from None
        raise Refused(_CHANGED + "it is not a regular file any more") from None


def printable_name(name: str) -> str:
    """``name`` as text that can be printed and written as UTF-8: ``caf\\xe9.txt``.

    On POSIX a file name is bytes. Python hands back a name that is not valid
    UTF-8 with each stray byte as a lone surrogate (PEP 383), which cannot be
    encoded: printed, cached or written, it raised UnicodeEncodeError and
    stopped the build. Each such byte becomes a ``\\xNN`` escape instead, and a
    backslash in a name becomes ``\\\\``, so two names never print the same
    (``caf\\xe9.txt`` typed with a backslash is ``caf\\\\xe9.txt``). The file
    itself is still opened by its real name (:attr:`Entry.path`).
    """
    if "\\" not in name:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return name
    raw = os.fsencode(name).replace(b"\\", b"\\\\")
    return raw.decode("utf-8", "backslashreplace")


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
            rel_parts = (*parts, printable_name(item.name))
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
                        inner = printable_name(os.path.relpath(target, root_real))
                        inner = inner.replace(os.sep, "/")
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
            kind, reason = classify_suffix(rel_parts[-1])
            out.append(Entry(rel, path, kind, reason, root=root))
        stack.extend(subdirs)
    out.sort(key=_order)
    return out


MANIFEST_LIMIT = 64 << 20
"""Largest manifest read: 64 MB is a list of about a million paths."""


Records = Callable[[Path, str, Path], list[Entry]]
"""The entries of a JSONL file's records (:func:`generator.ingest.jsonl.entries`)."""


def listed(manifest: Path, records: Records | None = None) -> list[Entry]:
    """The entries a manifest lists: one path per line, relative to the manifest's
    folder (POSIX separators; blank lines and ``#`` comments ignored), in path order,
    each one entry as :func:`discover` would make it (a ``.jsonl`` file: one entry a
    record, as ``records`` lists them). A path that is absolute or
    climbs out with ``..`` is refused, never opened; one that is missing is a failed
    entry; a link is not followed. Raises ``OSError`` if the manifest cannot be read,
    ``ValueError`` if it is not UTF-8 text."""
    raw = safeio.read_regular(manifest, MANIFEST_LIMIT)
    root = manifest.parent
    out: list[Entry] = []
    seen: set[str] = set()
    for line in raw.decode("utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = [p for p in text.split("/") if p not in ("", ".")]
        rel = "/".join(printable_name(p) for p in parts) or text
        if rel in seen:
            continue
        seen.add(rel)
        path = root.joinpath(*parts) if parts else root
        if text.startswith("/") or ".." in parts or not parts:
            out.append(Entry(rel, path, "skip", "listed path leaves the manifest's folder"))
            continue
        if any(is_hidden_or_backup(p) for p in parts):
            out.append(Entry(rel, path, "skip", HIDDEN_OR_BACKUP))
            continue
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            out.append(Entry(rel, path, "skip", "failed: listed in the manifest but not found"))
            continue
        except OSError as exc:
            out.append(Entry(rel, path, "skip", f"failed: cannot stat: {exc.strerror}"))
            continue
        if stat.S_ISLNK(st.st_mode):
            out.append(Entry(rel, path, "skip", "symlink, not followed"))
        elif stat.S_ISDIR(st.st_mode):
            out.append(Entry(rel, path, "skip", "a folder: list its files", folder=True))
        elif not stat.S_ISREG(st.st_mode):
            out.append(Entry(rel, path, "skip", "not a regular file"))
        elif records is not None and parts[-1].lower().endswith(".jsonl"):
            try:
                out.extend(records(path, rel, root))
            except OSError as exc:
                out.append(Entry(rel, path, "skip", f"failed: cannot read: {exc.strerror or exc}"))
        else:
            kind, reason = classify_suffix(parts[-1])
            out.append(Entry(rel, path, kind, reason, root=root))
    out.sort(key=_order)
    return out
