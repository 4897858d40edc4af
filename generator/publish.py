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

Only files under docs/ are written, renamed or removed (paths that resolve
outside it, through ``..`` or a symlink, are refused), and only files this
generator wrote: pages listed in the previous manifest and its own
``.sitrep-*`` temporaries. MkDocs ignores dotfiles, so a leftover temporary
file or journal never becomes a page. No fsync: the design protects against
failed and interrupted builds, not against power loss.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.model import SitrepError

MANIFEST = ".sitrep-manifest"
"""Lists every file the generator wrote into docs/ (a dotfile: MkDocs ignores it)."""

JOURNAL = ".sitrep-commit"
"""The renames and removals of a build being committed (exists only during step 3)."""

TEMP_PREFIX, TEMP_SUFFIX = ".sitrep-", ".tmp"


def read_manifest(docs: Path) -> list[str]:
    """The pages the previous build wrote (empty when there is no manifest)."""
    manifest = docs / MANIFEST
    if not manifest.is_file():
        return []
    return [line for line in manifest.read_text("utf-8").splitlines() if line.strip()]


def read_text(path: Path) -> str | None:
    """The file's text, or None if it is not a readable UTF-8 file (then it is rewritten)."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def inside(docs: Path, rel: str) -> bool:
    """Refuse paths that would step outside docs/ (``..``, a symlink, a tampered manifest)."""
    resolved = (docs / rel).resolve()
    return resolved.is_relative_to(docs.resolve())


def write_pages(pages: Mapping[str, str], docs: Path) -> tuple[int, int]:
    """Write what changed, remove pages this generator wrote last time and no longer
    makes, and record the new manifest, all as one swap (see the module docstring).
    Returns (written, removed)."""
    try:
        docs.mkdir(parents=True, exist_ok=True)
        _recover(docs, pages)
        changed = {rel: text for rel, text in pages.items() if read_text(docs / rel) != text}
        for rel in changed:
            if not inside(docs, rel):
                raise SitrepError(f"refusing to write outside {docs}: {rel}")
        manifest = "".join(f"{rel}\n" for rel in pages)
        if read_text(docs / MANIFEST) != manifest:  # rewritten only when it changes
            changed[MANIFEST] = manifest
        remove = [
            rel
            for rel in read_manifest(docs)
            if rel not in pages and inside(docs, rel) and (docs / rel).is_file()
        ]
        if not changed and not remove:
            return 0, 0
        renames = _stage(docs, changed)  # manifest last: it is renamed last
        with _sigint_held():  # from the journal on, the build is committed: let it finish
            _write_journal(docs, renames, remove)
            removed = _commit(docs, renames, remove)
    except OSError as exc:
        raise SitrepError(f"cannot write to {docs}: {exc.strerror or exc}") from exc
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
    folders = {docs} | {(docs / rel).parent for rel in (*pages, *read_manifest(docs))}
    for folder in folders:
        if folder.is_dir() and inside(docs, folder.relative_to(docs).as_posix()):
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
