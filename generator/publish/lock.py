"""One build at a time: an exclusive lock on a folder, held for a whole command.

Two builds at once mix their pages in docs/, and two ``mkdocs build`` runs into
one site/ crash each other. So:

- ``sitrep build`` holds a lock on its docs folder from its first look at the
  pages to its last write (``--check`` too, so it never reads a half-made
  commit);
- ``make site``, ``make pages`` and the pages step of ``make serve`` run under
  a lock on the project folder, through ``python -m generator.publish.lock COMMAND``:
  ``make site`` holds it across ``sitrep build`` and ``mkdocs build``, so
  MkDocs never reads pages another build is writing, and no two write site/.

A second run waits, saying so on stderr, and goes on when the first ends.
The lock is ``flock`` on the folder itself (no lock file to leave behind or to
delete by mistake); the system releases it when the holder exits, however it
exits, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["acquire", "main"]


def acquire(folder: Path, waiting: str, *, inheritable: bool = False) -> int:
    """Lock ``folder`` (waiting for the holder, after printing ``waiting`` on stderr);
    returns the descriptor that holds the lock, released when it is closed."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    if not inheritable:
        flags |= getattr(os, "O_CLOEXEC", 0)
    fd = os.open(folder, flags)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(waiting, file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    if inheritable:
        os.set_inheritable(fd, True)
    return fd


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m generator.publish.lock COMMAND [ARG...]``: run COMMAND holding the lock on
    the current folder (the project). The lock's descriptor is inherited, so
    COMMAND and everything it starts hold the lock until the last of them ends,
    and signals reach COMMAND directly (this process becomes it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        print("Error: usage: python -m generator.publish.lock COMMAND [ARG...]", file=sys.stderr)
        return 2
    project = Path.cwd()
    try:
        acquire(
            project,
            f"waiting: another build is running in {project} "
            "(make site, pages or serve); it goes on when that one ends",
            inheritable=True,
        )
    except KeyboardInterrupt:
        print("Error: interrupted while waiting for the other build", file=sys.stderr)
        return 130
    try:
        os.execvp(args[0], args)
    except OSError as exc:
        print(f"Error: cannot run {args[0]}: {exc.strerror or exc}", file=sys.stderr)
        return 127
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
