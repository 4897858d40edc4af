"""Read a file that someone else may have replaced: never follow, block or overflow;
write a file that only saves time (a cache entry, the build record) whole or not at all.

sitrep reads back files it wrote earlier (cache entries, the build record, the
pages in docs/ and their manifest). Any of them can be replaced meanwhile by a
FIFO (an ordinary ``open`` then waits forever for a writer), a link to
``/dev/zero`` (an ordinary ``read`` fills memory), a link to a file outside
the folder (its content would be printed or published) or a huge file. So a
file is opened without following a link in its last component and without
blocking, its type is checked on the open descriptor (not on the name, which
can change between a check and the open), and at most ``limit`` bytes are
read. Anything else is an :class:`OSError`, which callers of a cache treat as
a miss.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "LinkOnPath",
    "NotRegularFile",
    "TooLarge",
    "read_range",
    "read_regular",
    "json_pieces",
    "walk",
    "write_named",
    "write_quietly",
    "write_whole",
]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | _CLOEXEC


class NotRegularFile(OSError):
    """The path is a link, a FIFO, a device, a socket or a folder."""


class LinkOnPath(NotRegularFile):
    """A folder between the root and the file is a link (or no longer a folder)."""


class TooLarge(OSError):
    """The file holds more than the caller's limit."""


def stat_row(st: os.stat_result) -> list[int]:
    """What tells a file apart from the one a build saw: mode, size, modification and
    change times (restoring the size and modification time still moves the change
    time) and inode (a file replaced by another has another). A list, as JSON keeps it."""
    return [st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def read_regular(
    path: Path | str, limit: int, *, head: bool = False, root: Path | None = None
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFile` for anything but a regular file (a symlink
    included: ``O_NOFOLLOW`` makes opening it fail with ``ELOOP``),
    :class:`TooLarge` past ``limit`` bytes (with ``head=True``, the first
    ``limit`` bytes are returned instead), and ``OSError`` as ``open`` does.

    With ``root`` (a folder ``path`` lies under), every folder from ``root``
    down to the file is opened the same way, so a folder on the path swapped
    for a symlink is refused too (:class:`LinkOnPath`).
    """
    fd = _open_below(Path(root), Path(path)) if root is not None else _open(path)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        if st.st_size > limit and not head:
            raise TooLarge(errno.EFBIG, f"larger than {limit} bytes", str(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the size can grow after fstat: count what is read
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        if size > limit:
            if not head:
                raise TooLarge(errno.EFBIG, f"larger than {limit} bytes", str(path))
            data = data[:limit]
        return data
    finally:
        os.close(fd)


def read_range(path: Path | str, offset: int, length: int, *, root: Path | None = None) -> bytes:
    """``length`` bytes of the regular file at ``path`` from ``offset`` (fewer where
    the file ends first), opened as :func:`read_regular` opens it: one record of a
    large file, read without reading the rest."""
    fd = _open_below(Path(root), Path(path)) if root is not None else _open(path)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        chunks: list[bytes] = []
        while length > 0:
            chunk = os.pread(fd, min(1 << 20, length), offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
            length -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _open(path: Path | str, dir_fd: int | None = None) -> int:
    try:
        return os.open(path, _FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # EMLINK: FreeBSD's O_NOFOLLOW
            raise NotRegularFile(exc.errno, "a symbolic link, not followed", str(path)) from None
        raise


def _open_below(root: Path, path: Path) -> int:
    """Open ``path`` through each folder below ``root``, following no link."""
    parent = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        parts = path.relative_to(root).parts
        for part in parts[:-1]:
            try:
                inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | _FLAGS, dir_fd=parent)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise LinkOnPath(
                        exc.errno, "a folder on its path is a symlink", str(path)
                    ) from None
                raise
            os.close(parent)
            parent = inner
        return _open(parts[-1], dir_fd=parent)
    finally:
        os.close(parent)


def walk(root: Path | str) -> Iterator[tuple[str, list[os.DirEntry[str]], list[os.DirEntry[str]]]]:
    """``os.walk`` without recursion and without following links: (folder, subfolders,
    other entries), each list sorted by name, folders top-down in sorted order.

    Python 3.11's ``os.walk`` recurses once per level, so a tree 1,000 folders
    deep raised ``RecursionError``; this keeps an explicit stack, so depth is
    bounded only by the operating system's path length. A folder that cannot
    be listed yields no entries (the caller sees it among its parent's folders).
    """
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            entries = []
        dirs: list[os.DirEntry[str]] = []
        others: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            (dirs if is_dir else others).append(entry)
        yield folder, dirs, others
        stack.extend(entry.path for entry in reversed(dirs))


def write_quietly(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` to ``path`` atomically (aside, then renamed), or not at all: for
    caches, which only cost speed when they cannot be written. ``text`` may come in
    pieces, written as they come: an index of a 100,000-article archive joined into
    one string, then encoded whole, held three copies of itself at once."""
    _write_aside(path.parent, (text,) if isinstance(text, str) else text, path)


def write_whole(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, written as they come) to ``path``: the new file
    whole, or, if anything fails on the way (the system, or the code making the
    pieces), the file that was there before, untouched. For what a user asked for
    (``sitrep extract --json OUT``), so unlike :func:`write_quietly` an
    :class:`OSError` is raised, and the file is made as ``open`` makes one (its mode
    from the umask, not a private temporary file's 0600)."""
    _write_aside(path.parent, (text,) if isinstance(text, str) else text, path, quiet=False)


def write_named(folder: Path, pieces: Iterable[str], name: Callable[[str], str]) -> Path | None:
    """Write ``pieces`` into ``folder`` under ``name(sha256 hex of their UTF-8)``,
    atomically, or not at all (None): a file named by its content, written as it is
    made instead of made whole first to be hashed (the extraction pack of a
    100,000-article archive is hundreds of MB of JSON)."""
    return _write_aside(folder, pieces, lambda digest: folder / name(digest))


def _write_aside(
    folder: Path,
    pieces: Iterable[str],
    target: Path | Callable[[str], Path],
    *,
    quiet: bool = True,
) -> Path | None:
    """Write ``pieces`` (UTF-8) to a new file in ``folder``, then rename it to
    ``target`` (a path, or one made from the sha256 hex of what was written, hashed
    only then): the file is whole or not there, and nothing is left behind when a
    step fails. ``quiet`` (a cache): None when the system refuses a step, and the
    file private to its owner (``mkstemp``'s 0600); else the :class:`OSError` is
    raised and the file's mode is the umask's, as ``open`` makes one."""
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if quiet:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
        else:
            tmp = os.path.join(folder, f".tmp-{os.urandom(6).hex()}.part")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o666)
        named, digest = not isinstance(target, Path), hashlib.sha256()
        with os.fdopen(fd, "wb") as f:
            for piece in pieces:
                data = piece.encode("utf-8")
                if named:
                    digest.update(data)
                f.write(data)
        path = target if isinstance(target, Path) else target(digest.hexdigest())
        os.replace(tmp, path)
        tmp = None
        return path
    except OSError:
        if not quiet:
            raise
        return None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


JSON_BATCH = 5_000
"""Items of a list or dict made into JSON text at once by :func:`json_pieces`."""


def json_pieces(value: Any, batch: int = JSON_BATCH) -> Iterator[str]:
    """``value`` as the text ``json.dumps(value, ensure_ascii=False)`` makes, in pieces
    of at most ``batch`` items of a list or dict: caches of a 100,000-article archive
    (the build record, the extraction pack) are tens to hundreds of MB of JSON, and
    made whole, then encoded whole, they held three copies of themselves."""
    nested = isinstance(value, dict) and any(_large(v, batch) for v in value.values())
    if isinstance(value, dict) and (nested or len(value) > batch):
        if nested:
            for i, (key, item) in enumerate(value.items()):
                yield ("{" if i == 0 else ", ") + _dumps_key(key) + ": "
                yield from json_pieces(item, batch)
        else:
            items = list(value.items())
            for start in range(0, len(items), batch):
                text = json.dumps(dict(items[start : start + batch]), ensure_ascii=False)
                yield ("{" if start == 0 else ", ") + text[1:-1]
        yield "}"
    elif isinstance(value, (list, tuple)) and len(value) > batch:
        for start in range(0, len(value), batch):
            text = json.dumps(list(value[start : start + batch]), ensure_ascii=False)
            yield ("[" if start == 0 else ", ") + text[1:-1]
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


def _large(value: Any, batch: int) -> bool:
    return isinstance(value, (dict, list, tuple)) and len(value) > batch


def _dumps_key(key: Any) -> str:
    if type(key) is not str:
        raise TypeError(f"a JSON object's key must be a string, not {type(key).__name__}")
    return json.dumps(key, ensure_ascii=False)
