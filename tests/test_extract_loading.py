"""The garbage collector is paused while the extractor loads, and only then."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from generator.extract import loading

CHECK = """
import gc
import generator.extract
assert gc.isenabled(), "importing the extractor left the collector off"
generator.extract.pipeline.get_nlp()
assert gc.isenabled(), "building the pipeline left the collector off"
print("ok")
"""


def test_importing_and_loading_the_extractor_leave_the_collector_on() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_paused_turns_the_collector_off_for_the_block_then_back_as_it_was() -> None:
    assert gc.isenabled()
    with loading.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with loading.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def test_resume_after_the_import_changes_nothing() -> None:
    gc.disable()
    try:
        loading.resume()  # the import resumed it already: a second call is no resume
        assert not gc.isenabled()
    finally:
        gc.enable()


FAILING = """
import gc, sys
was = {was}
if not was:
    gc.disable()
sys.modules["generator.extract.clauses"] = None  # the import fails midway, after spaCy's
try:
    import generator.extract
except ImportError:
    pass
else:
    raise SystemExit("the import did not fail")
assert gc.isenabled() is was, f"a failed import left the collector {{gc.isenabled()}}"
print("ok")
"""


@pytest.mark.parametrize("was", [True, False])
def test_an_import_that_fails_midway_leaves_the_collector_as_it_was(was: bool) -> None:
    # a fresh interpreter: this session has imported the extractor already
    command = [sys.executable, "-c", FAILING.format(was=was)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
