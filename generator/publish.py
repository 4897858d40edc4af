"""Write rendered pages into docs/ as one swap: stage every change aside, then rename.

Why not write a whole new docs/ and rename it over the old one? docs/ also holds
hand-written pages, may be a mount point, and incremental builds compare the
modification times of unchanged pages, so it cannot be replaced as a whole.
Instead a build goes through four steps:

1. **stage**: every new or changed page, and the new manifest, is written to a
   temporary dotfile beside its target (same folder, so the rename is atomic).
   Unchanged pages are not touched. If anything fails or is interrupted here,
   the temporary files (and folders this step created) are removed: docs/ is
   exactly as it was.
2. **journal**: the renames and removals are recorded in ``docs/.sitrep-commit``
   (written atomically). From this point the build is committed.
3. **commit**: the renames, then the removal of pages the last build wrote and
   this one does not, then the manifest; then the journal is deleted. This is a
   pass of renames (milliseconds for thousands of pages); Ctrl-C during it is
   held until it ends, so an interrupt never leaves a mix of old and new pages.
4. **recovery**: a build that finds a journal (the process was killed during
   step 3, or the disk failed) first finishes that commit, then writes its own
   pages, so docs/ never stays a mix; temporary files left by a process killed
   during step 1 are removed.

Only files under docs/ are written, renamed, removed or read (paths that
resolve outside it, through ``..``, an absolute path or a symlink, are
refused, in the manifest too), and only files this generator wrote: pages
listed in the previous manifest and its own ``.sitrep-*`` temporaries. Files
are read with :func:`generator.safeio.read_regular` (no link followed, no
FIFO waited on, the size bounded). MkDocs ignores dotfiles, so a leftover temporary
file or journal never becomes a page. No fsync: the design protects against
failed and interrupted builds, not against power loss.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

from generator.model import SitrepError
from generator.safeio import read_regular

MANIFEST = ".sitrep-manifest"
"""Lists every file the generator wrote into docs/ (a dotfile: MkDocs ignores it)."""

JOURNAL = ".sitrep-commit"
"""The renames and removals of a build being committed (exists only during step 3)."""

TEMP_PREFIX, TEMP_SUFFIX = ".sitrep-", ".tmp"

LIST_LIMIT = 64 << 20
"""Largest manifest or journal read (20,000 articles make a manifest of ~1 MB)."""


def is_safe_relative(rel: str) -> bool:
    """A plain relative POSIX path below a folder: no absolute path, no ``..``, no
    empty, ``.`` or backslash component, no NUL."""
    path = PurePosixPath(rel)
    return (
        bool(rel)
        and not path.is_absolute()
        and "\\" not in rel
        and "\x00" not in rel
        and all(part not in ("", ".", "..") for part in rel.split("/"))
    )


def inside(docs: Path, rel: str) -> bool:
    """Refuse paths that would step outside docs/ (``..``, an absolute path, a folder
    link out of docs/, a tampered manifest). The last component may itself be a
    link: it lives in docs/, and is never followed (read with ``O_NOFOLLOW``,
    replaced by a rename, refused as a page to overwrite)."""
    if not is_safe_relative(rel):
        return False
    return (docs / rel).parent.resolve().is_relative_to(docs.resolve())


def read_manifest(docs: Path) -> list[str]:
    """The pages the previous build wrote (empty when there is no manifest).

    Every line must name a path inside docs/: a manifest that names anything
    else (``../x``, ``/etc/passwd``, a path through a symlink out of docs/) is
    refused, since sitrep reads, prints and removes what it lists."""
    try:
        data = read_regular(docs / MANIFEST, LIST_LIMIT)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SitrepError(f"cannot read {docs / MANIFEST}: {_why(exc)}") from exc
    try:
        lines = [line for line in data.decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        raise SitrepError(f"{docs / MANIFEST} is not a sitrep manifest (not UTF-8)") from None
    for rel in lines:
        if not inside(docs, rel):
            raise SitrepError(
                f"{docs / MANIFEST} lists {rel!r}, which is not a file inside {docs}: "
                "refusing to read or remove it (remove that line)"
            )
    return lines


def read_page(docs: Path, rel: str, limit: int) -> bytes | None:
    """The bytes of the page ``rel`` in docs/ if it is a regular file inside docs/ of
    at most ``limit`` bytes; None if it does not exist. Raises OSError (NotRegularFile,
    TooLarge) for anything else, SitrepError for a path that leaves docs/."""
    if not inside(docs, rel):
        raise SitrepError(f"refusing to read outside {docs}: {rel}")
    try:
        return read_regular(docs / rel, limit)
    except FileNotFoundError:
        return None


def _is_regular(path: Path) -> bool:
    """A regular file, not a link to one (sitrep writes no links)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _is_unchanged(docs: Path, rel: str, data: bytes) -> bool:
    try:
        return read_page(docs, rel, len(data)) == data
    except OSError:
        return False  # too large, a link, a FIFO, unreadable: it is written (or refused)


def write_pages(pages: Mapping[str, str], docs: Path) -> tuple[int, int]:
    """Write what changed, remove pages this generator wrote last time and no longer
    makes, and record the new manifest, all as one swap (see the module docstring).
    Returns (written, removed)."""
    try:
        docs.mkdir(parents=True, exist_ok=True)
        _recover(docs, pages)
        previous = read_manifest(docs)
        for rel in pages:
            if not inside(docs, rel):
                raise SitrepError(f"refusing to write outside {docs}: {rel}")
        changed = {
            rel: text
            for rel, text in pages.items()
            if not _is_unchanged(docs, rel, text.encode("utf-8"))
        }
        manifest = "".join(f"{rel}\n" for rel in pages)
        if not _is_unchanged(docs, MANIFEST, manifest.encode("utf-8")):  # only when it changes
            changed[MANIFEST] = manifest
        remove = [rel for rel in previous if rel not in pages and _is_regular(docs / rel)]
        if not changed and not remove:
            return 0, 0
        renames = _stage(docs, changed)  # manifest last: it is renamed last
        with _sigint_held():  # from the journal on, the build is committed: let it finish
            _write_journal(docs, renames, remove)
            removed = _commit(docs, renames, remove)
    except OSError as exc:
        raise SitrepError(f"cannot write to {docs}: {_why(exc)}") from exc
    return len(changed) - (MANIFEST in changed), removed


def _stage(docs: Path, changed: Mapping[str, str]) -> list[tuple[str, str]]:
    """Write each changed file to a temporary file beside it; (temp, target) pairs.
    On any failure or interrupt, remove what this step created and re-raise."""
    renames: list[tuple[str, str]] = []
    created: list[Path] = []
    try:
        for rel, content in changed.items():
            parent = (docs / rel).parent
            for folder in reversed([parent, *parent.parents]):
                if folder.is_relative_to(docs) and not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            fd, tmp = tempfile.mkstemp(dir=parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
            renames.append((Path(os.path.relpath(tmp, docs)).as_posix(), rel))  # tmp is absolute
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(content)
    except BaseException:
        for tmp, _ in renames:
            (docs / tmp).unlink(missing_ok=True)
        for folder in reversed(created):
            with suppress(OSError):  # not empty: something else wrote there meanwhile
                folder.rmdir()
        raise
    return renames


def _write_journal(docs: Path, renames: list[tuple[str, str]], remove: list[str]) -> None:
    fd, tmp = tempfile.mkstemp(dir=docs, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"renames": renames, "remove": remove}, f)
        os.replace(tmp, docs / JOURNAL)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        for staged, _ in renames:
            (docs / staged).unlink(missing_ok=True)
        raise


def _commit(docs: Path, renames: list[tuple[str, str]], remove: list[str]) -> int:
    """Apply a journal: rename staged files into place, remove old pages, drop the
    journal. Idempotent, so a commit that was cut short can be run again."""
    for tmp, rel in renames:
        if (docs / tmp).is_file():
            os.replace(docs / tmp, docs / rel)
    removed = 0
    for rel in remove:
        if (docs / rel).is_file():
            (docs / rel).unlink()
            removed += 1
    (docs / JOURNAL).unlink(missing_ok=True)
    return removed


def _recover(docs: Path, pages: Mapping[str, str]) -> None:
    """Finish a commit a killed build left, and remove its stray temporary files."""
    journal = docs / JOURNAL
    if journal.is_file():
        try:
            doc = json.loads(journal.read_text("utf-8"))
            renames = [
                (str(tmp), str(rel))
                for tmp, rel in doc["renames"]
                if inside(docs, tmp)
                and inside(docs, rel)
                and Path(tmp).name.startswith(TEMP_PREFIX)
            ]
            remove = [str(rel) for rel in doc["remove"] if inside(docs, rel)]
        except (ValueError, KeyError, TypeError):
            renames, remove = [], []  # unreadable: the pages below are rewritten anyway
        _commit(docs, renames, remove)
    folders = {docs} | {(docs / rel).parent for rel in pages}
    with suppress(SitrepError):  # a bad manifest is reported by the caller
        folders |= {(docs / rel).parent for rel in read_manifest(docs)}
    for folder in folders:
        rel_folder = folder.relative_to(docs).as_posix()
        if folder.is_dir() and (folder == docs or inside(docs, rel_folder)):
            for stray in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
                if stray.is_file() and not stray.is_symlink():
                    stray.unlink()


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then raise it (main thread only: signal
    handlers cannot be set elsewhere, and there the commit simply runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
    if caught:
        raise KeyboardInterrupt
