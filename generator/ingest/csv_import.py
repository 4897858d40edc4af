"""placeholder"""
from __future__ import annotations
from pathlib import Path
from generator.model import Problem

def import_csv(csv_path: Path, dest: Path, *, mapping: dict[str, str] | None = None) -> tuple[int, list[Problem]]:
    raise NotImplementedError
