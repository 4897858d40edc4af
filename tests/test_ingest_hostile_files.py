"""Hostile files, as opposed to hostile text: names that are not UTF-8, and files
swapped for a symlink or a FIFO between listing the folder and reading it."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

import generator.ingest as ingest_pkg
from generator.cli import main
from generator.ingest import read_articles

BODY = "Two soldiers were killed on Thursday when gunmen attacked a checkpoint in {} in Daraa."
CHANGED = "changed since the folder was listed: "


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(result, path: str) -> list[tuple[str, str]]:
    return [(p.status, p.reason) for p in result.problems if p.path == path]


# -- item: a file name that is not valid UTF-8 ---------------------------------


def _latin1_names(root: Path) -> None:
    """café.txt and a folder named ü, both in Latin-1 (invalid UTF-8), and a .t\\xffxt file."""
    write(root / "ok.txt", BODY.format("Busra"))
    (root / os.fsdecode(b"caf\xe9.txt")).write_text(BODY.format("Idlib"), encoding="utf-8")
    sub = root / os.fsdecode(b"\xfc")
    sub.mkdir()
    (sub / "inner.txt").write_text(BODY.format("Hama"), encoding="utf-8")
    (root / os.fsdecode(b"odd.t\xffxt")).write_text("x", encoding="utf-8")


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_name_that_is_not_utf8_is_read_and_printed_escaped(tmp_path, capsys, cache):
    """It raised UnicodeEncodeError (a traceback) writing the cache or the pages."""
    articles, docs = tmp_path / "articles", tmp_path / "docs"
    articles.mkdir()
    _latin1_names(articles)
    options = ["--cache-dir", str(tmp_path / "cache")] if cache else ["--no-cache"]
    for _ in range(2 if cache else 1):  # with the cache: write it, then read it back
        code = main(["build", str(articles), "--docs", str(docs), "-q", *options])
        err = capsys.readouterr().err
        assert code == 0, err
    assert "skipped: odd.t\\xffxt: not an article: unsupported file type (.t\\xffxt)" in err
    report = (docs / "build-report.md").read_text(encoding="utf-8")
    assert "odd.t&#92;xffxt" in report  # the backslash escaped for Markdown
    out = tmp_path / "incidents.json"
    assert main(["extract", str(articles), "--json", str(out), "-q", *options]) == 0
    paths = sorted(a["path"] for a in json.loads(out.read_text(encoding="utf-8"))["articles"])
    assert paths == sorted(["caf\\xe9.txt", "ok.txt", "\\xfc/inner.txt"])


def test_names_are_escaped_once_where_they_are_listed(tmp_path):
    _latin1_names(tmp_path)
    # the escaped form typed as a name: a backslash is doubled, so the two never meet
    write(tmp_path / "caf\\xe9.txt", BODY.format("Homs"))
    result = read_articles(tmp_path)
    paths = {"caf\\xe9.txt", "caf\\\\xe9.txt", "ok.txt", "\\xfc/inner.txt"}
    assert {a.path for a in result.articles} == paths
    assert {a.id for a in result.articles} == {"caf\\xe9", "caf\\\\xe9", "ok", "inner"}
    for text in [a.path for a in result.articles] + [p.reason for p in result.problems]:
        text.encode("utf-8")  # no lone surrogate left anywhere


# -- item: a file swapped for a symlink or a FIFO after listing --------------------


@pytest.fixture
def swap_after_listing(monkeypatch):
    """Run ``swap`` between listing the folder and reading its files."""

    def install(swap):
        real = ingest_pkg.discover

        def listed_then_swapped(root):
            entries = real(root)
            swap()
            return entries

        monkeypatch.setattr(ingest_pkg, "discover", listed_then_swapped)

    return install


@pytest.fixture
def alarm():
    """A read that blocks fails the test after 10 s instead of hanging it."""

    def timeout(signum, frame):
        raise TimeoutError("reading blocked")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_a_file_swapped_for_a_symlink_is_not_followed(tmp_path, swap_after_listing):
    root, secret = tmp_path / "articles", tmp_path / "secret.txt"
    write(secret, BODY.format("SECRET"))
    write(root / "ok.txt", BODY.format("Busra"))
    victim = write(root / "victim.txt", BODY.format("Idlib"))

    def swap():
        victim.unlink()
        victim.symlink_to(secret)

    swap_after_listing(swap)
    result = read_articles(root)
    assert problems_of(result, "victim.txt") == [
        ("skipped", CHANGED + "it is now a symlink, not followed")
    ]
    assert [a.path for a in result.articles] == ["ok.txt"]
    assert not any("SECRET" in a.text for a in result.articles)


def test_a_folder_swapped_for_a_symlink_is_not_followed(tmp_path, swap_after_listing):
    root, outside = tmp_path / "articles", tmp_path / "outside"
    write(outside / "a.txt", BODY.format("SECRET"))
    write(root / "sub" / "a.txt", BODY.format("Idlib"))
    write(root / "ok.txt", BODY.format("Busra"))

    def swap():
        (root / "sub").rename(tmp_path / "moved")
        (root / "sub").symlink_to(outside, target_is_directory=True)

    swap_after_listing(swap)
    result = read_articles(root)
    assert problems_of(result, "sub/a.txt") == [
        ("skipped", CHANGED + "a folder on its path is now a symlink")
    ]
    assert not any("SECRET" in a.text for a in result.articles)


def test_a_file_swapped_for_a_fifo_does_not_block(tmp_path, swap_after_listing, alarm):
    root = tmp_path / "articles"
    write(root / "ok.txt", BODY.format("Busra"))
    victim = write(root / "victim.txt", BODY.format("Idlib"))

    def swap():
        victim.unlink()
        os.mkfifo(victim)

    swap_after_listing(swap)
    result = read_articles(root)
    assert problems_of(result, "victim.txt") == [
        ("skipped", CHANGED + "it is not a regular file any more")
    ]
    assert [a.path for a in result.articles] == ["ok.txt"]


def test_a_file_swapped_for_a_link_to_dev_zero_is_not_read(tmp_path, swap_after_listing, alarm):
    root = tmp_path / "articles"
    write(root / "ok.txt", BODY.format("Busra"))
    victim = write(root / "victim.txt", BODY.format("Idlib"))

    def swap():
        victim.unlink()
        victim.symlink_to("/dev/zero")

    swap_after_listing(swap)
    result = read_articles(root)
    assert problems_of(result, "victim.txt") == [
        ("skipped", CHANGED + "it is now a symlink, not followed")
    ]
