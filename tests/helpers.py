"""Helpers shared by the test files (fixtures are in ``conftest.py``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (POSIX paths relative to it) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
