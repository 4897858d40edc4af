"""One build at a time (issue 12, item 16), with real processes: a second
`python -m generator.publish.lock` (what make site/pages/serve run through) waits for
the first and says so; a second `sitrep build` into the same docs/ waits too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.publish.lock import acquire

ROOT = Path(__file__).resolve().parent.parent


def wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def locked(project: Path, script: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "generator.publish.lock", "sh", "-c", script],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_locked_run_waits_for_the_first(tmp_path: Path) -> None:
    first = locked(tmp_path, "touch first-started; sleep 1.5; touch first-ended")
    wait_for(tmp_path / "first-started", first)
    second = locked(tmp_path, "test -e first-ended && touch second-saw-the-end")
    out2, err2 = second.communicate(timeout=60)
    first.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, err2
    assert (tmp_path / "second-saw-the-end").exists()  # it ran only after the first ended
    assert f"waiting: another build is running in {tmp_path}" in err2


def test_the_lock_is_held_by_what_the_command_starts_and_freed_when_it_ends(tmp_path) -> None:
    """The command is exec'd with the lock inherited: its children hold it too."""
    first = locked(tmp_path, "(sleep 1; touch child-done) & touch started; wait")
    wait_for(tmp_path / "started", first)
    second = locked(tmp_path, "test -e child-done")
    assert second.wait(timeout=60) == 0 and first.wait(timeout=60) == 0
    third = locked(tmp_path, "true")  # nobody holds it now: no wait
    _, err3 = third.communicate(timeout=60)
    assert third.returncode == 0 and "waiting" not in err3


def test_a_command_that_cannot_run_is_one_error_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "generator.publish.lock", "no-such-command-here"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 127
    assert proc.stderr.strip().startswith("Error: cannot run no-such-command-here:")


def test_a_second_sitrep_build_into_the_same_docs_waits(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", articles)
    docs = tmp_path / "docs"
    docs.mkdir()
    held = acquire(docs, "test holds the lock")  # stands for a first build
    try:
        build = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build", str(articles), "--docs", str(docs)]
            + ["-q", "--no-cache"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert build.stderr is not None
        # Blocks until the build prints its first line: it cannot get past the lock.
        first_line = build.stderr.readline()
        assert first_line == f"waiting: another sitrep build is writing into {docs}\n"
        time.sleep(1)
        assert build.poll() is None  # still waiting...
        assert list(docs.iterdir()) == []  # ...without having written anything
    finally:
        os.close(held)
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert (docs / "index.md").is_file()


def test_make_site_pages_and_serve_go_through_the_lock() -> None:
    """Each target's sitrep and mkdocs build commands run under
    `python -m generator.publish.lock`."""
    for target in ("site", "pages", "serve"):
        recipe = subprocess.run(
            ["make", "-n", "--always-make", target, "STAMP=/dev/null"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        commands = [
            line for line in recipe.splitlines() if re.search(r"sitrep build|mkdocs build", line)
        ]
        assert commands, recipe
        assert all("-m generator.publish.lock" in line for line in commands), (target, commands)


def test_a_failed_build_leaves_no_docs_folder_it_made_for_its_lock(capsys, tmp_path) -> None:
    from generator.cli import main

    (tmp_path / "empty").mkdir()
    docs = tmp_path / "docs"
    assert main(["build", str(tmp_path / "empty"), "--docs", str(docs), "--no-cache"]) == 1
    assert "Error: articles folder is empty" in capsys.readouterr().err
    assert not docs.exists()
