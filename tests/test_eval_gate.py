"""The evaluation gate: the extractor's scores may not fall below the floors in
``eval_baseline.json`` without someone lowering them there, in review.

Runs the shared scorer through the real command line, exactly as the issue's
figures are measured.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
BASELINE = json.loads((ROOT / "eval_baseline.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(
    not SCORER.is_file(), reason=f"the shared scorer is not beside the repo ({SCORER})"
)


def run_scorer(corpus: str, *options: str) -> dict:
    proc = _scorer(corpus, *options)
    figures = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return json.loads(figures[-1])


def _scorer(corpus: str, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(
        [sys.executable, str(SCORER), corpus, *options],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc


@pytest.mark.parametrize("corpus", ["seeds", "gold"])
def test_seed_scores_hold_their_floors(corpus: str) -> None:
    """The seeds, and the 30 hand-coded FA-KES dev articles (``score.py gold``)."""
    got = run_scorer(corpus)
    floors = BASELINE[corpus]
    matched = got["matched"]
    assert got["f1"] >= floors["f1"], got
    assert got["double_counted"] <= floors["double_counted_max"], got
    assert got["toll_ok"] / max(matched, 1) >= floors["toll_ok_share"], got
    assert got["perpetrator_ok"] / max(matched, 1) >= floors["perpetrator_ok_share"], got
    ok, n = (int(x) for x in re.match(r"(\d+)/(\d+)", got["published_ok"]).groups())
    assert ok >= floors["published_ok"], got
    ok, n = (int(x) for x in re.match(r"(\d+)/(\d+)", got["date_ok"]).groups())
    assert ok / max(n, 1) >= floors["date_ok_share"], got


def test_fakes_scores_hold_their_floors():
    got = run_scorer("fakes")
    for figure, floor in BASELINE["fakes"].items():
        assert got[figure] >= floor, f"FA-KES {figure} {got[figure]} fell below {floor}: {got}"


@pytest.mark.parametrize(
    "floors, options", [("dedup", ()), ("dedup_text_dates", ("--text-dates",))]
)
def test_dedup_scores_hold_their_floors(floors: str, options: tuple[str, ...]) -> None:
    """Same-event groups across FA-KES dev articles: pair recall and false merges
    (the scorer prints one line: "dedup: pair recall 0.667 (160/240) ... false merges 0/20")."""
    line = _scorer("dedup", *options).stdout.strip().splitlines()[-1]
    found = re.search(r"pair recall ([\d.]+) .* false merges (\d+)/", line)
    assert found, line
    recall, false = float(found.group(1)), int(found.group(2))
    assert recall >= BASELINE[floors]["pair_recall"], line
    assert false <= BASELINE[floors]["false_merges_max"], line
