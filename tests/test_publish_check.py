"""`sitrep build --check` (make check, CI) reads and prints only files inside docs/
that sitrep wrote (issue 12, item 11): a manifest naming a path outside docs/ is
refused, a page replaced by a link out of docs/ is never followed, and a binary
file or a FIFO there never gives a traceback or a hang."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.model import SitrepError
from generator.pages.render import render_pages
from generator.publish.check import stale_pages
from generator.publish.swap import MANIFEST, write_pages

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cret: the contents of a private file\n"


@pytest.fixture
def built(tmp_path: Path, report) -> tuple[dict[str, str], Path]:
    pages = render_pages(report)
    docs = tmp_path / "docs"
    write_pages(pages, docs)
    (tmp_path / "private.txt").write_text(SECRET, encoding="utf-8")
    return pages, docs


def add_to_manifest(docs: Path, line: str) -> None:
    with (docs / MANIFEST).open("a", encoding="utf-8") as f:
        f.write(f"{line}\n")


@pytest.mark.parametrize("line", ["../private.txt", "{tmp}/private.txt", "out/private.txt"])
def test_a_manifest_naming_a_file_outside_docs_is_refused(built, tmp_path, line) -> None:
    pages, docs = built
    (docs / "out").symlink_to(tmp_path, target_is_directory=True)  # a folder link out
    add_to_manifest(docs, line.format(tmp=tmp_path))
    with pytest.raises(SitrepError, match="which is not a file inside") as exc:
        stale_pages(pages, docs)
    assert SECRET not in str(exc.value)


def test_a_page_replaced_by_a_link_out_of_docs_is_not_read(built, tmp_path) -> None:
    pages, docs = built
    (docs / "methodology.md").unlink()
    (docs / "methodology.md").symlink_to(tmp_path / "private.txt")
    diff = stale_pages(pages, docs)
    assert "docs/methodology.md: a symbolic link, not followed, not shown" in diff
    assert "s3cret" not in diff


def test_binary_and_undecodable_pages_give_one_line_each(built) -> None:
    pages, docs = built
    (docs / "index.md").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    (docs / "methodology.md").write_bytes(b"caf\xe9 latin-1\n")
    diff = stale_pages(pages, docs)
    assert "docs/index.md: not UTF-8 text, not shown\n" in diff
    assert "docs/methodology.md: not UTF-8 text, not shown\n" in diff


def test_a_fifo_or_a_huge_file_in_docs_is_not_read(built) -> None:
    pages, docs = built
    (docs / "index.md").unlink()
    os.mkfifo(docs / "index.md")  # opened without O_NONBLOCK, this blocked for ever
    size = len(pages["methodology.md"].encode()) + (2 << 20)
    with (docs / "methodology.md").open("wb") as f:
        f.truncate(size)
    diff = stale_pages(pages, docs)
    assert "docs/index.md: not a regular file, not shown" in diff
    assert "docs/methodology.md: larger than" in diff and "not shown" in diff


def test_check_from_the_command_line_never_prints_a_file_outside_docs(capsys, tmp_path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", articles)
    docs = tmp_path / "docs"
    argv = ["build", str(articles), "--docs", str(docs), "-q", "--no-cache"]
    assert main(argv) == 0
    (tmp_path / "private.txt").write_text(SECRET, encoding="utf-8")
    page = next((docs / "articles").glob("000*.md"))
    page.unlink()
    page.symlink_to(tmp_path / "private.txt")
    (docs / "downloads" / "incidents.csv").write_bytes(b"\xff\xfe\x00\x01")
    assert main([*argv, "--check"]) == 1
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err and "Traceback" not in err
    assert "a symbolic link, not followed, not shown" in out
    assert "docs/downloads/incidents.csv: not UTF-8 text, not shown" in out
    assert err.strip().splitlines()[-1].startswith(f"Error: {docs} is stale")

    add_to_manifest(docs, "../private.txt")
    assert main([*argv, "--check"]) == 1
    out, err = capsys.readouterr()
    assert "s3cret" not in out + err and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"Error: {docs / MANIFEST} lists '../private.txt', which is not a file inside "
        f"{docs}: refusing to read or remove it (remove that line)"
    )


def test_check_reports_a_stale_page_with_a_diff(tmp_path, report):
    docs = tmp_path / "docs"
    pages = render_pages(report)
    write_pages(pages, docs)
    assert stale_pages(pages, docs) == ""
    (docs / "index.md").write_text("edited by hand\n", encoding="utf-8")
    diff = stale_pages(pages, docs)
    assert "docs/index.md (committed)" in diff and "-edited by hand" in diff
