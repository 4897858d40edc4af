"""`make bench` with no arguments runs in minutes: its scale row is 5,000 articles,
and the archive sizes (20,000, 100,000: hours on 2 cores) only when asked for."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def scale_sizes(*args: str) -> list[str]:
    """The --sizes of every bench_scale.py command `make -n bench ARGS` would run."""
    out = subprocess.run(
        ["make", "-n", "bench", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"tools/bench_scale\.py --sizes \"([^\"]*)\"", out)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_bench_defaults_to_5000_and_runs_the_archive_sizes_when_asked() -> None:
    assert scale_sizes() == ["5000"]
    assert scale_sizes("SCALE=20000,100000") == ["20000,100000"]
    assert scale_sizes("SCALE=") == []
