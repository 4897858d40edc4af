"""write_pages as one swap: a failed, interrupted or killed build never leaves docs/ a mix;
hand-written pages are kept, unchanged ones untouched, and no manifest reaches outside docs/."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.model import SitrepError
from generator.pages.render import render_pages
from generator.publish import swap as publish
from generator.publish.swap import JOURNAL, MANIFEST, write_pages

OLD = {"index.md": "old home\n", "articles/a.md": "old a\n", "articles/gone.md": "gone\n"}
NEW = {
    "index.md": "new home\n",
    "articles/a.md": "old a\n",  # unchanged: never touched
    "articles/b.md": "new b\n",
    "factions/x.md": "new x\n",  # a folder the old build did not have
}


def tree(docs: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under docs/ with its bytes and mtime."""
    return {
        p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def pages_in(docs: Path, pages: dict[str, str]) -> bool:
    return all((docs / rel).read_text("utf-8") == text for rel, text in pages.items()) and (
        docs / MANIFEST
    ).read_text("utf-8").splitlines() == list(pages)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "notes" / "mine.md").write_text("hand-written\n", encoding="utf-8")
    (docs / ".hand-dotfile.tmp").write_text("mine too\n", encoding="utf-8")
    write_pages(OLD, docs)
    return docs


class Killed(BaseException):
    """Stands for the process dying (SIGKILL, power cut): nothing after it runs."""


def test_a_build_swaps_in_new_pages_and_keeps_the_rest(docs: Path) -> None:
    before = tree(docs)
    inode = docs.stat().st_ino
    assert write_pages(NEW, docs) == (3, 1)
    assert pages_in(docs, NEW) and not (docs / "articles/gone.md").exists()
    after = tree(docs)
    for kept in ("articles/a.md", "notes/mine.md", ".hand-dotfile.tmp"):
        assert after[kept] == before[kept]  # bytes and mtime
    assert docs.stat().st_ino == inode  # docs/ itself is never replaced (mount points)
    assert not list(docs.rglob(".sitrep-*.tmp")) and not (docs / JOURNAL).exists()


@pytest.mark.parametrize("fail_at", [0, 1, 2])
@pytest.mark.parametrize("error", [KeyboardInterrupt, OSError])
def test_failure_while_staging_leaves_docs_exactly_as_it_was(docs, monkeypatch, fail_at, error):
    before = tree(docs)
    real_mkstemp = publish.tempfile.mkstemp
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) > fail_at:
            raise error(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(publish.tempfile, "mkstemp", flaky)
    with pytest.raises(KeyboardInterrupt if error is KeyboardInterrupt else SitrepError):
        write_pages(NEW, docs)
    assert tree(docs) == before
    assert not (docs / "factions").exists()  # a folder staging created is removed again


def test_ctrl_c_during_the_commit_is_held_until_it_ends(docs, monkeypatch):
    # A shell starts a background job with SIGINT ignored: the handler to give back
    # is the one this process had, not always Python's default.
    before = signal.getsignal(signal.SIGINT)
    real_replace = os.replace

    def replace_and_interrupt(src, dst):
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGINT)  # arrives in the middle of the renames

    monkeypatch.setattr(os, "replace", replace_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_pages(NEW, docs)
    monkeypatch.undo()
    assert pages_in(docs, NEW) and not (docs / "articles/gone.md").exists()
    assert not (docs / JOURNAL).exists() and not list(docs.rglob(".sitrep-*.tmp"))
    assert signal.getsignal(signal.SIGINT) is before


def test_a_build_killed_during_the_commit_is_finished_by_the_next(docs, monkeypatch):
    real_replace = os.replace
    renamed = []

    def dies_after_two(src, dst):
        if Path(dst).name != JOURNAL:
            if len(renamed) == 2:
                raise Killed
            renamed.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dies_after_two)
    with pytest.raises(Killed):
        write_pages(NEW, docs)
    monkeypatch.undo()
    assert (docs / JOURNAL).exists()  # the mix this test is about
    assert sum((docs / rel).is_file() and (docs / rel).read_text() == NEW[rel] for rel in NEW) < 4

    # The next build does not make articles/b.md: it must not be left orphaned either.
    later = {rel: text for rel, text in NEW.items() if rel != "articles/b.md"}
    write_pages(later, docs)
    assert pages_in(docs, later)
    assert not (docs / "articles/b.md").exists() and not (docs / "articles/gone.md").exists()
    assert not (docs / JOURNAL).exists() and not list(docs.rglob(".sitrep-*.tmp"))
    assert (docs / "notes/mine.md").read_text() == "hand-written\n"


def test_temporary_files_of_a_build_killed_while_staging_are_removed(docs):
    (docs / "articles" / ".sitrep-abc123.tmp").write_text("half a page", encoding="utf-8")
    write_pages(NEW, docs)
    assert not list(docs.rglob(".sitrep-*.tmp"))
    assert (docs / ".hand-dotfile.tmp").exists()  # not sitrep's name: not sitrep's file


def test_a_tampered_journal_cannot_touch_files_outside_docs(docs, tmp_path):
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    (tmp_path / ".sitrep-x.tmp").write_text("evil", encoding="utf-8")
    (docs / JOURNAL).write_text(
        '{"renames": [["../.sitrep-x.tmp", "../precious.txt"]], "remove": ["../precious.txt"]}',
        encoding="utf-8",
    )
    write_pages(NEW, docs)
    assert outside.read_text(encoding="utf-8") == "keep"
    assert pages_in(docs, NEW) and not (docs / JOURNAL).exists()


def test_an_unreadable_journal_is_dropped(docs):
    (docs / JOURNAL).write_text("{not json", encoding="utf-8")
    write_pages(NEW, docs)
    assert pages_in(docs, NEW) and not (docs / JOURNAL).exists()


def test_never_writes_through_a_symlink_out_of_docs(docs, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (docs / "factions").symlink_to(outside, target_is_directory=True)
    before = tree(docs)
    with pytest.raises(SitrepError, match="refusing to write outside"):
        write_pages(NEW, docs)
    assert list(outside.iterdir()) == []
    assert tree(docs) == before


def test_nothing_changed_writes_nothing(docs):
    before = tree(docs)
    assert write_pages(OLD, docs) == (0, 0)
    assert tree(docs) == before


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5])
def test_a_rename_that_fails_mid_pass_is_rolled_back(docs, monkeypatch, fail_at):
    """Issue 12, item 15: a failed rename left docs/ a mix and the journal behind, and
    every later build failed the same way replaying it. The pass has five renames:
    three pages, one page removed, the manifest."""
    before = tree(docs)
    real_replace = os.replace
    calls = []

    def fails_once(src, dst):
        if Path(dst).name != JOURNAL:
            calls.append(dst)
            if len(calls) == fail_at:
                raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fails_once)
    with pytest.raises(SitrepError, match=r"Permission denied; .* was left as it was"):
        write_pages(NEW, docs)
    monkeypatch.undo()
    assert tree(docs) == before  # every page back, bytes and modification times
    assert not (docs / JOURNAL).exists() and not list(docs.rglob(".sitrep-*.tmp"))
    assert not (docs / "factions").exists()  # the folder this build made is gone again
    assert write_pages(NEW, docs) == (3, 1)  # the next build is not stuck
    assert pages_in(docs, NEW)


def test_a_killed_commit_that_cannot_be_finished_is_rolled_back(docs, monkeypatch):
    before = tree(docs)
    real_replace = os.replace
    renamed = []

    def dies_after_two(src, dst):
        if Path(dst).name != JOURNAL and not Path(dst).name.startswith(".sitrep-"):
            if len(renamed) == 2:
                raise Killed
            renamed.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dies_after_two)
    with pytest.raises(Killed):
        write_pages(NEW, docs)
    monkeypatch.undo()
    assert (docs / JOURNAL).exists()

    # Finishing it fails (say the disk went read-only for a moment): the next
    # build rolls it back instead, then writes its own pages.
    def refuses_pages(src, dst):
        staged_to_page = Path(src).name.startswith(".sitrep-") and Path(dst).name.endswith(".md")
        if staged_to_page and not refuses_pages.failed:
            refuses_pages.failed = True
            raise OSError(30, "Read-only file system")
        real_replace(src, dst)

    refuses_pages.failed = False
    monkeypatch.setattr(os, "replace", refuses_pages)
    write_pages(OLD, docs)
    monkeypatch.undo()
    assert refuses_pages.failed
    assert {k: v[0] for k, v in tree(docs).items()} == {k: v[0] for k, v in before.items()}
    assert not (docs / JOURNAL).exists() and not list(docs.rglob(".sitrep-*.tmp"))


def test_sigterm_during_the_commit_is_held_until_it_ends(docs, monkeypatch):
    """Issue 12, item 14: SIGTERM (kill, a CI timeout) used to stop the pass half-way."""
    real_replace = os.replace
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda *_: seen.append(pages_in(docs, NEW)))
    try:

        def replace_and_terminate(src, dst):
            real_replace(src, dst)
            if not seen:
                os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the renames

        monkeypatch.setattr(os, "replace", replace_and_terminate)
        write_pages(NEW, docs)
        monkeypatch.undo()
        assert seen == [True]  # delivered once, after every page was in place
        assert signal.getsignal(signal.SIGTERM) is not previous
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert pages_in(docs, NEW) and not (docs / JOURNAL).exists()


@pytest.mark.parametrize("rel", ["index.md", "notes/mine.md"])
def test_a_page_sitrep_did_not_write_is_never_overwritten(docs, rel):
    """A hand-written page where sitrep would write one: the build stops, names it,
    and changes nothing."""
    pages = {**NEW, rel: "generated\n"}
    if rel == "index.md":  # a page the last build wrote, since dropped from the manifest
        (docs / MANIFEST).write_text("articles/a.md\narticles/gone.md\n", encoding="utf-8")
    before = tree(docs)
    with pytest.raises(SitrepError, match=f"{rel} was not written by sitrep"):
        write_pages(pages, docs)
    assert tree(docs) == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_something_not_a_file_in_a_page_s_place_is_refused_before_any_write(docs, kind):
    target = docs / "index.md"
    target.unlink()
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)  # reading it to compare used to block for ever
    else:
        target.symlink_to(docs / "articles" / "a.md")
    before = tree(docs)
    with deadline(10), pytest.raises(SitrepError, match="something that is not a file is in"):
        write_pages(NEW, docs)
    assert tree(docs) == before and not (docs / JOURNAL).exists()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError, instead of hanging, if the block blocks (on a FIFO)."""

    def expire(signum, frame):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_journal_left_by_an_older_sitrep_is_finished(docs):
    """Format 1 (no backups): a build killed by sitrep before this one is finished,
    so the pages it had renamed in are sitrep's (in the manifest), not strangers."""
    (docs / "articles" / "b.md").write_text("new b\n", encoding="utf-8")  # renamed in, then killed
    (docs / ".sitrep-old2.tmp").write_text("index.md\narticles/a.md\narticles/b.md\n")
    (docs / JOURNAL).write_text(
        '{"renames": [["articles/.sitrep-old1.tmp", "articles/b.md"],'
        ' [".sitrep-old2.tmp", ".sitrep-manifest"]], "remove": ["articles/gone.md"]}',
        encoding="utf-8",
    )
    later = {"index.md": "new home\n", "articles/a.md": "old a\n", "articles/b.md": "newer b\n"}
    write_pages(later, docs)
    assert pages_in(docs, later) and not (docs / "articles/gone.md").exists()
    assert not (docs / JOURNAL).exists() and not list(docs.rglob(".sitrep-*.tmp"))


def test_write_keeps_hand_written_pages_and_removes_only_its_own(tmp_path, report):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "notes" / "mine.md").write_text("hand-written", encoding="utf-8")
    pages = render_pages(report)
    written, removed = write_pages(pages, docs)
    assert written == len(pages) and removed == 0
    assert (docs / MANIFEST).read_text(encoding="utf-8").splitlines() == sorted(pages)

    fewer = {k: v for k, v in pages.items() if k != "build-report.md"}
    written, removed = write_pages(fewer, docs)
    assert (written, removed) == (0, 1)
    assert not (docs / "build-report.md").exists()
    assert (docs / "notes" / "mine.md").read_text(encoding="utf-8") == "hand-written"


def test_unchanged_pages_are_not_rewritten(tmp_path, report):
    docs = tmp_path / "docs"
    pages = render_pages(report)
    write_pages(pages, docs)
    before = {p: (docs / p).stat().st_mtime_ns for p in pages}
    assert write_pages(pages, docs) == (0, 0)
    assert before == {p: (docs / p).stat().st_mtime_ns for p in pages}


def test_tampered_manifest_cannot_delete_outside_docs(tmp_path, report):
    docs = tmp_path / "docs"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    docs.mkdir()
    (docs / MANIFEST).write_text("../precious.txt\n", encoding="utf-8")
    with pytest.raises(SitrepError, match="lists '../precious.txt', which is not a file inside"):
        write_pages(render_pages(report), docs)
    assert outside.read_text(encoding="utf-8") == "keep"


def test_inside_checks_paths_by_string_with_one_answer_per_folder(tmp_path: Path) -> None:
    from generator.publish.swap import inside, is_safe_relative

    for bad in ("", "/etc/passwd", "//x", "a/../b", "a//b", "./a", "a\\b", "a\x00b", "a/"):
        assert not is_safe_relative(bad), bad
    assert is_safe_relative("articles/a.md") and is_safe_relative(".sitrep-manifest")
    (tmp_path / "docs" / "articles").mkdir(parents=True)
    (tmp_path / "docs" / "out").symlink_to(tmp_path)
    memo: dict[str, bool] = {}
    docs = tmp_path / "docs"
    assert inside(docs, "articles/a.md", memo) and inside(docs, "index.md", memo)
    assert not inside(docs, "out/x.md", memo)  # a folder link out of docs/
    assert memo == {"articles": True, "": True, "out": False}
