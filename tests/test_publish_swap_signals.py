"""A build killed during its rename pass, by real signals to a real process (issue 12,
item 14): SIGTERM is held until the pass ends, and after SIGKILL `mkdocs build
--strict` refuses the half-written docs/ until the next build has repaired it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from generator.publish.swap import JOURNAL, write_pages

ROOT = Path(__file__).resolve().parent.parent
N_PAGES = 40

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from generator.publish import swap as publish
    from tests.test_publish_swap_signals import pages

    docs, marker = Path(sys.argv[1]), Path(sys.argv[2])
    real_replace, renamed = os.replace, []

    def slow_replace(src, dst):  # a pass long enough (~2 s) to be hit half-way
        real_replace(src, dst)
        if Path(dst).name != publish.JOURNAL:
            renamed.append(dst)
            if len(renamed) == 3:
                marker.write_text("in the rename pass")
            time.sleep(0.05)

    os.replace = slow_replace
    publish.write_pages(pages("new"), docs)
    print("build finished")
    """
)


def pages(version: str) -> dict[str, str]:
    out = {f"p{i:03d}.md": f"# Page {i}\n\nVersion {version}.\n" for i in range(N_PAGES)}
    out["index.md"] = f"# Home\n\nVersion {version}.\n"
    return out


def versions(docs: Path) -> set[str]:
    return {
        p.read_text(encoding="utf-8").split("Version ")[1].split(".")[0] for p in docs.glob("*.md")
    }


def build_killed_mid_pass(docs: Path, sig: int) -> subprocess.CompletedProcess[str]:
    marker = docs.parent / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(docs), str(marker)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never reached its rename pass"
        time.sleep(0.01)
    child.send_signal(sig)
    out, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def mkdocs_build(docs: Path) -> subprocess.CompletedProcess[str]:
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config = {
        "site_name": "test",
        "docs_dir": str(docs),
        "site_dir": str(docs.parent / "site"),
        "hooks": [str(ROOT / hook) for hook in project["hooks"]],  # as mkdocs.yml has them
    }
    cfg = docs.parent / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(config), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    write_pages(pages("old"), docs)
    return docs


def test_sigterm_in_the_rename_pass_lets_it_finish_then_ends_the_process(docs) -> None:
    done = build_killed_mid_pass(docs, signal.SIGTERM)
    assert done.returncode == -signal.SIGTERM, done.stderr  # it did die of the signal...
    assert "build finished" not in done.stdout
    assert versions(docs) == {"new"}  # ...once every page was in place
    assert not (docs / JOURNAL).exists() and not list(docs.glob(".sitrep-*.tmp"))


def test_after_sigkill_mkdocs_refuses_the_mix_until_a_build_repairs_it(docs) -> None:
    done = build_killed_mid_pass(docs, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert versions(docs) == {"old", "new"} and (docs / JOURNAL).exists()

    refused = mkdocs_build(docs)
    assert refused.returncode != 0
    assert "is half-written: a sitrep build was stopped while renaming" in refused.stderr
    assert not (docs.parent / "site" / "index.html").exists()

    write_pages(pages("newer"), docs)  # the next build finishes the commit, then its own
    assert versions(docs) == {"newer"} and not (docs / JOURNAL).exists()
    built = mkdocs_build(docs)
    assert built.returncode == 0, built.stderr
    assert (docs.parent / "site" / "index.html").exists()
