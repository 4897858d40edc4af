"""Write rendered pages into docs/ as one swap: stage every change aside, then rename.

Why not write a whole new docs/ and rename it over the old one? docs/ also holds
hand-written pages, may be a mount point, and incremental builds compare the
modification times of unchanged pages, so it cannot be replaced as a whole.
Instead a build goes through four steps:

1. **stage**: every new or changed page, and the new manifest, is written to a
   temporary dotfile beside its target (same folder, so the rename is atomic),
   and every page that will be replaced or removed gets a backup (a hard link,
   so no copy) beside it. Unchanged pages are not touched. If anything fails or
   is interrupted here, what this step created is removed: docs/ is exactly
   as it was.
2. **journal**: the renames, removals and backups are recorded in
   ``docs/.sitrep-commit`` (written atomically). From this point the build is
   committed.
3. **commit**: the renames, then the removal of pages the last build wrote and
   this one does not, then the manifest; then the journal and the backups are
   deleted. This is a pass of renames (milliseconds for thousands of pages);
   Ctrl-C, SIGTERM and SIGHUP during it are held until it ends (then acted on),
   so a signal never leaves a mix of old and new pages. If a rename fails
   (a full disk, a permission), the pass is rolled back from the backups:
   docs/ is as it was, no journal is left, and the next build starts clean.
4. **recovery**: a build that finds a journal (the process was killed with
   SIGKILL during step 3, or the machine stopped) first finishes that commit,
   or rolls it back if it cannot be finished, then writes its own pages, so
   docs/ never stays a mix; temporary files left by a process killed during
   step 1 are removed. Until then MkDocs refuses to build from it
   (:mod:`generator.publish.mkdocs_hooks`).

Only files under docs/ are written, renamed, removed or read (paths that
resolve outside it, through ``..``, an absolute path or a symlink, are
refused, in the manifest too), and only files this generator wrote: pages
listed in the previous manifest and its own ``.sitrep-*`` temporaries. A file
in the way that sitrep did not write (a hand-written page, a link, a folder)
is never overwritten: the build stops and names it. Files are read with
:func:`generator.safety.safeio.read_regular` (no link followed, no FIFO waited on, the
size bounded). MkDocs ignores dotfiles, so a leftover temporary file or
journal never becomes a page. No fsync: the design protects against failed
and interrupted builds, not against power loss.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import Any

from generator.model import SitrepError
from generator.safety.safeio import read_regular

MANIFEST = ".sitrep-manifest"
"""Lists every file the generator wrote into docs/ (a dotfile: MkDocs ignores it)."""

JOURNAL = ".sitrep-commit"
"""The renames and removals of a build being committed (exists only during step 3)."""

TEMP_PREFIX, TEMP_SUFFIX = ".sitrep-", ".tmp"

LIST_LIMIT = 64 << 20
"""Largest manifest or journal read (20,000 articles make a manifest of ~1 MB)."""

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Signals held during the commit pass: Ctrl-C, ``kill``, a closed terminal."""


def is_safe_relative(rel: str) -> bool:
    """A plain relative POSIX path below a folder: no absolute path, no ``..``, no
    empty, ``.`` or backslash component, no NUL. String tests only: a manifest of
    100,000 pages is checked on every build, and a pathlib parse per page was most
    of that check's time."""
    return (
        bool(rel)
        and not rel.startswith("/")
        and "\\" not in rel
        and "\x00" not in rel
        and all(part not in ("", ".", "..") for part in rel.split("/"))
    )


def inside(docs: Path, rel: str, memo: dict[str, bool] | None = None) -> bool:
    """Refuse paths that would step outside docs/ (``..``, an absolute path, a folder
    link out of docs/, a tampered manifest). The last component may itself be a
    link: it lives in docs/, and is never followed (read with ``O_NOFOLLOW``,
    replaced by a rename, refused as a page to overwrite).

    ``memo``: the answer per folder (its path relative to docs/), kept by a caller
    that checks many pages in one pass (a manifest of 5,000 pages in a few folders:
    one pair of ``resolve`` calls per folder, not per page)."""
    if not is_safe_relative(rel):
        return False
    parent = rel.rpartition("/")[0]
    if memo is not None and parent in memo:
        return memo[parent]
    answer = (docs / parent).resolve().is_relative_to(docs.resolve())
    if memo is not None:
        memo[parent] = answer
    return answer


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
    memo: dict[str, bool] = {}
    for rel in lines:
        if not inside(docs, rel, memo):
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


KEPT = None
"""In the pages given to :func:`write_pages`: a page this build makes but did not
render, because nothing it is made of changed (it must be in docs/ as it was)."""

Content = str | Iterable[str] | None
"""A page's text, or its text in pieces (a large download, written as it comes),
or :data:`KEPT`."""


def write_pages(
    pages: Mapping[str, Content] | Iterable[tuple[str, Content]], docs: Path
) -> tuple[int, int]:
    """Write what changed, remove pages this generator wrote last time and no longer
    makes, and record the new manifest, all as one swap (see the module docstring).
    ``pages`` may be a mapping or (path, content) pairs given one at a time, each
    staged as it comes, so a build never holds more than one page in memory.
    Returns (written, removed)."""
    items = pages.items() if isinstance(pages, Mapping) else pages
    plan = _Plan()
    created: list[Path] = []
    try:
        docs.mkdir(parents=True, exist_ok=True)
        _recover(docs, {})
        previous = read_manifest(docs)
        ours = set(previous) | {MANIFEST}
        # Folders as paths relative to docs/ ("" is docs/ itself): strings, not a
        # pathlib parse per page of the manifest.
        cleaned = {""} | {rel.rpartition("/")[0] for rel in previous}
        made: list[str] = []
        memo: dict[str, bool] = {}
        try:
            for rel, content in items:
                if not inside(docs, rel, memo):
                    raise SitrepError(f"refusing to write outside {docs}: {rel}")
                made.append(rel)
                if content is KEPT:
                    continue
                folder = rel.rpartition("/")[0]
                if folder not in cleaned:  # a killed build's temporary files, before ours
                    _remove_strays(docs, docs / folder)
                    cleaned.add(folder)
                if isinstance(content, str):
                    data = content.encode("utf-8")
                    if _is_unchanged(docs, rel, data):
                        continue
                    _check_targets(docs, {rel: data}, ours)
                    _stage_one(docs, rel, [data], plan, created)
                else:
                    _check_targets(docs, {rel: b""}, ours)
                    _stage_one(docs, rel, (c.encode("utf-8") for c in content), plan, created)
                    tmp = plan.renames[-1][0]
                    if _same_file(docs / tmp, docs / rel):
                        _unstage_last(docs, plan, created)
            manifest = "".join(f"{rel}\n" for rel in made).encode("utf-8")
            if not _is_unchanged(docs, MANIFEST, manifest):  # rewritten only when it changes
                _check_targets(docs, {MANIFEST: manifest}, ours)
                _stage_one(docs, MANIFEST, [manifest], plan, created)
            made_set = set(made)
            remove = [rel for rel in previous if rel not in made_set and _is_regular(docs / rel)]
            for rel in remove:
                moved = _temp_rel(docs, rel)
                assert moved is not None, "pages to remove come from a checked manifest"
                plan.removals.append((rel, moved))
        except BaseException:
            _remove_created(created)
            raise
        if not plan.renames and not plan.removals:
            return 0, 0
        with _signals_held():  # from the journal on, the build is committed: let it finish
            _write_journal(docs, plan)
            removed = _apply(docs, plan)
    except OSError as exc:
        raise SitrepError(f"cannot write to {docs}: {_why(exc)}") from exc
    written = sum(1 for _, rel, _ in plan.renames if rel != MANIFEST)
    return written, removed


def _same_file(a: Path, b: Path) -> bool:
    """Two regular files with the same bytes (``b`` may be missing)."""
    import filecmp

    try:
        return _is_regular(b) and filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def _remove_strays(docs: Path, folder: Path) -> None:
    rel_folder = folder.relative_to(docs).as_posix()
    if folder.is_dir() and (folder == docs or inside(docs, rel_folder)):
        for stray in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            if stray.is_file() and not stray.is_symlink():
                stray.unlink()


def _check_targets(docs: Path, changed: Mapping[str, bytes], ours: set[str]) -> None:
    """Refuse, before anything is written, to replace what sitrep did not write: a
    page not in the previous manifest (hand-written), or anything not a regular file
    (a link, a folder, a FIFO: a rename over it would fail half-way or replace it)."""
    for rel in changed:
        try:
            st = os.lstat(docs / rel)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(st.st_mode):
            raise SitrepError(
                f"cannot write {docs / rel}: something that is not a file is in the way "
                "(a link, a folder or a FIFO); move it away"
            )
        if rel not in ours:
            raise SitrepError(
                f"{docs / rel} was not written by sitrep (it is not in {MANIFEST}): "
                "sitrep never overwrites a hand-written page; move or rename it"
            )


class _Plan:
    """What one commit does; the journal is this, as JSON, with paths relative to docs/."""

    def __init__(self) -> None:
        self.renames: list[tuple[str, str, str | None]] = []
        """(staged temp file, page, backup of the page it replaces or None if new)."""
        self.removals: list[tuple[str, str]] = []
        """(page removed, backup: where the page is moved, until the commit ends)."""
        self.folders: list[str] = []
        """Folders staging created (removed again on a roll-back, when empty)."""
        self.can_roll_back = True
        """False for a journal of format 1 (sitrep before backups): finish it only."""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 2,
            "renames": [list(r) for r in self.renames],
            "remove": [list(r) for r in self.removals],
            "folders": self.folders,
        }

    @classmethod
    def from_json(cls, doc: Any, docs: Path) -> _Plan:
        """Parse a journal, keeping only entries that stay inside docs/ and name
        sitrep's own temporary files (a tampered journal can touch nothing else)."""
        plan = cls()
        if not isinstance(doc, dict) or doc.get("format", 1) not in (1, 2):
            raise ValueError("not a journal sitrep knows")

        def temp(rel: object) -> bool:
            return (
                isinstance(rel, str)
                and inside(docs, rel)
                and PurePosixPath(rel).name.startswith(TEMP_PREFIX)
                and rel.endswith(TEMP_SUFFIX)
            )

        if doc.get("format", 1) == 1:  # [tmp, page] pairs, pages to remove: no backups
            plan.can_roll_back = False
            renames = [[*entry, None] for entry in doc["renames"]]
            removals = [[rel, _temp_rel(docs, rel)] for rel in doc["remove"]]
        else:
            renames, removals = doc["renames"], doc["remove"]
        for tmp, rel, bak in renames:
            if (
                temp(tmp)
                and isinstance(rel, str)
                and inside(docs, rel)
                and (bak is None or temp(bak))
            ):
                plan.renames.append((tmp, rel, bak))
        for rel, bak in removals:
            if isinstance(rel, str) and inside(docs, rel) and temp(bak):
                plan.removals.append((rel, bak))
        plan.folders = [f for f in doc.get("folders", []) if isinstance(f, str) and inside(docs, f)]
        return plan


def _temp_name(folder: Path) -> Path:
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"


def _temp_rel(docs: Path, rel: object) -> str | None:
    """A new temporary name beside the page ``rel``, relative to docs/."""
    if not isinstance(rel, str) or not is_safe_relative(rel):
        return None
    return Path(os.path.relpath(_temp_name((docs / rel).parent), docs)).as_posix()


def _backup(docs: Path, rel: str) -> str:
    """A second name for the page ``rel`` beside it: a hard link (no copy; a copy
    where the file system has no links). Returns the backup's path in docs/."""
    target = docs / rel
    while True:
        bak = _temp_name(target.parent)
        try:
            os.link(target, bak, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            shutil.copy2(target, bak, follow_symlinks=False)
        return Path(os.path.relpath(bak, docs)).as_posix()


def _stage_one(
    docs: Path, rel: str, chunks: Iterable[bytes], plan: _Plan, created: list[Path]
) -> None:
    """Write one changed file to a temporary file beside it and back up the page it
    will replace. What it creates is listed in ``created`` (removed by the caller if
    anything fails or is interrupted before the journal)."""
    parent = (docs / rel).parent
    for folder in reversed([parent, *parent.parents]):
        if folder.is_relative_to(docs) and not folder.exists():
            folder.mkdir()
            created.append(folder)
            plan.folders.append(Path(os.path.relpath(folder, docs)).as_posix())
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    created.append(Path(tmp))
    with os.fdopen(fd, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
    bak = _backup(docs, rel) if os.path.lexists(docs / rel) else None
    if bak is not None:
        created.append(docs / bak)
    plan.renames.append((Path(os.path.relpath(tmp, docs)).as_posix(), rel, bak))


def _unstage_last(docs: Path, plan: _Plan, created: list[Path]) -> None:
    """Drop the file just staged (it turned out the same as the page it would replace)."""
    tmp, _, bak = plan.renames.pop()
    for rel in (tmp, bak):
        if rel is not None:
            (docs / rel).unlink(missing_ok=True)
            with suppress(ValueError):
                created.remove(docs / rel)


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        with suppress(OSError):  # a folder not empty: something else wrote there
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()


def _write_journal(docs: Path, plan: _Plan) -> None:
    fd, tmp = tempfile.mkstemp(dir=docs, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(plan.to_json(), f)
        os.replace(tmp, docs / JOURNAL)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        _discard(docs, plan)
        raise


def _apply(docs: Path, plan: _Plan) -> int:
    """Commit ``plan`` (journal written): finish it, or, if a step fails, roll it back
    and raise. Returns the number of pages removed."""
    try:
        removed = _commit(docs, plan)
    except OSError as exc:
        try:
            _rollback(docs, plan)
        except OSError as again:
            raise SitrepError(
                f"cannot write to {docs}: {_why(exc)}; rolling back failed too "
                f"({_why(again)}): the next build will try again"
            ) from exc
        raise SitrepError(
            f"cannot write to {docs}: {_why(exc)}; {docs} was left as it was"
        ) from exc
    _finish(docs, plan)
    return removed


def _commit(docs: Path, plan: _Plan) -> int:
    """Rename staged files into place and move removed pages aside. Idempotent, so
    a commit that was cut short can be run again."""
    for tmp, rel, _ in plan.renames:
        if os.path.lexists(docs / tmp):
            os.replace(docs / tmp, docs / rel)
    removed = 0
    for rel, bak in plan.removals:
        if _is_regular(docs / rel):
            os.replace(docs / rel, docs / bak)
            removed += 1
    return removed


def _finish(docs: Path, plan: _Plan) -> None:
    """The commit is complete: drop the journal, then the backups."""
    (docs / JOURNAL).unlink(missing_ok=True)
    for bak in [b for _, _, b in plan.renames if b] + [b for _, b in plan.removals]:
        (docs / bak).unlink(missing_ok=True)


def _rollback(docs: Path, plan: _Plan) -> None:
    """Put every page back as it was before the commit began, from the backups; then
    drop the journal. Idempotent too."""
    for rel, moved in reversed(plan.removals):
        if os.path.lexists(docs / moved):
            os.replace(docs / moved, docs / rel)
    for tmp, rel, bak in reversed(plan.renames):
        if bak is not None:
            if os.path.lexists(docs / bak):
                # If the rename never happened, both names are the same file and
                # rename() leaves both: the backup is then simply removed.
                os.replace(docs / bak, docs / rel)
                (docs / bak).unlink(missing_ok=True)
        elif not os.path.lexists(docs / tmp):  # a new page that was renamed in
            (docs / rel).unlink(missing_ok=True)
        (docs / tmp).unlink(missing_ok=True)
    for folder in reversed(plan.folders):
        with suppress(OSError):
            (docs / folder).rmdir()
    (docs / JOURNAL).unlink(missing_ok=True)


def _discard(docs: Path, plan: _Plan) -> None:
    """Drop a staged plan that was never journaled (nothing was renamed yet)."""
    for tmp, _, bak in plan.renames:
        (docs / tmp).unlink(missing_ok=True)
        if bak is not None:
            (docs / bak).unlink(missing_ok=True)
    for folder in reversed(plan.folders):
        with suppress(OSError):
            (docs / folder).rmdir()


def _recover(docs: Path, pages: Mapping[str, object]) -> None:
    """Finish (or, failing that, roll back) a commit a killed build left, and remove
    its stray temporary files."""
    if os.path.lexists(docs / JOURNAL):
        try:
            plan = _Plan.from_json(json.loads(read_regular(docs / JOURNAL, LIST_LIMIT)), docs)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            plan = _Plan()  # unreadable: the pages below are rewritten anyway
        with _signals_held():
            try:
                _commit(docs, plan)
            except OSError:
                if not plan.can_roll_back:
                    raise
                _rollback(docs, plan)  # an OSError here stops the build: nothing is lost
            _finish(docs, plan)
    folders = {""} | {rel.rpartition("/")[0] for rel in pages}
    with suppress(SitrepError):  # a bad manifest is reported by the caller
        folders |= {rel.rpartition("/")[0] for rel in read_manifest(docs)}
    for folder in sorted(folders):
        _remove_strays(docs, docs / folder)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, then act on them: Ctrl-C
    raises KeyboardInterrupt, the others are delivered again to their previous
    handler (by default, the process ends). Main thread only: signal handlers
    cannot be set elsewhere, and there the commit simply runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in HELD_SIGNALS
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    for signum in dict.fromkeys(caught):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.raise_signal(signum)
