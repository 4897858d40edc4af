"""Which folders `sitrep build --docs` writes into (issue 12, item 10): never the root,
the home folder or one above it, never a folder inside the articles or holding
them, never a folder of files sitrep did not write unless sitrep has built there
(its manifest), where the other files are hand-written pages it keeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.model import SitrepError
from generator.publish.docsfolder import check_docs_folder
from generator.publish.swap import MANIFEST
from tests.helpers import sitrep, tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", folder)
    return folder


def build(capsys, articles: Path, docs: Path, *opts: str) -> tuple[int, str]:
    done = sitrep(capsys, "build", str(articles), "--docs", str(docs), "-q", "--no-cache", *opts)
    return done.code, done.err


def test_the_filesystem_root_is_refused(capsys, articles) -> None:
    # --check, so that even without the fix nothing would be written into /
    code, err = build(capsys, articles, Path("/"), "--check")
    assert code == 1
    assert err.strip() == "Error: refusing to write the site into the filesystem root: --docs /"
    with pytest.raises(SitrepError, match="filesystem root"):
        check_docs_folder(Path("/"), articles)


def test_the_home_folder_and_a_folder_above_it_are_refused(
    capsys, articles, tmp_path, monkeypatch
) -> None:
    home = tmp_path / "users" / "me"
    home.mkdir(parents=True)
    (home / "index.md").write_text("my own page\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    code, err = build(capsys, articles, home)
    assert code == 1
    assert err.strip() == f"Error: refusing to write the site into the home folder: --docs {home}"
    assert tree(home) == {"index.md": b"my own page\n"}
    code, err = build(capsys, articles, home.parent)
    assert code == 1 and "into a folder above the home folder" in err
    assert not list(home.parent.glob("*.md"))


@pytest.mark.parametrize("where", ["articles", "articles/site", "articles/a/b"])
def test_a_docs_folder_inside_the_articles_is_refused(capsys, articles, tmp_path, where) -> None:
    """Its pages would be read back as articles by the next build (22 -> 50 -> 81)."""
    before = tree(articles)
    code, err = build(capsys, articles, tmp_path / where)
    assert code == 1
    assert err.strip() == (
        f"Error: the docs folder {tmp_path / where} is inside the articles folder {articles}: "
        "the next build would read its own pages back as articles"
    )
    assert tree(articles) == before


def test_an_articles_folder_inside_the_docs_folder_is_refused(capsys, articles, tmp_path) -> None:
    code, err = build(capsys, articles, tmp_path)
    assert code == 1
    assert err.strip() == (
        f"Error: the articles folder {articles} is inside the docs folder {tmp_path}: "
        "the site would publish the article files and sitrep could overwrite them"
    )


def test_a_folder_of_files_sitrep_did_not_write_is_refused(capsys, articles, tmp_path) -> None:
    docs = tmp_path / "project"
    (docs / "src").mkdir(parents=True)
    (docs / "src" / "main.py").write_text("print('mine')\n", encoding="utf-8")
    code, err = build(capsys, articles, docs)
    assert code == 1
    assert err.strip() == (
        f"Error: the docs folder {docs} holds files sitrep did not write (src/main.py): "
        "give a new or empty folder, or, to keep those files as hand-written pages of "
        f"the site, create an empty {docs / MANIFEST} first"
    )
    assert tree(docs) == {"src/main.py": b"print('mine')\n"}


def test_new_empty_and_own_folders_are_accepted_and_hand_written_pages_kept(
    capsys, articles, tmp_path
) -> None:
    assert build(capsys, articles, tmp_path / "new")[0] == 0
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    assert build(capsys, articles, tmp_path / "empty")[0] == 0
    leftover = tmp_path / "killed" / "articles" / ".sitrep-1a2b.tmp"  # a first build killed
    leftover.parent.mkdir(parents=True)
    leftover.write_text("half a page", encoding="utf-8")
    assert build(capsys, articles, tmp_path / "killed")[0] == 0 and not leftover.exists()

    # Adopted: pages written by hand first, then an empty manifest, then a build.
    docs = tmp_path / "adopted"
    (docs / "about").mkdir(parents=True)
    (docs / "about" / "team.md").write_text("# Team\n", encoding="utf-8")
    (docs / MANIFEST).write_text("", encoding="utf-8")
    assert build(capsys, articles, docs)[0] == 0
    assert (docs / "index.md").is_file()
    assert build(capsys, articles, docs)[0] == 0  # and again: the folder is sitrep's now
    assert (docs / "about" / "team.md").read_text(encoding="utf-8") == "# Team\n"
    assert "about/team.md" not in (docs / MANIFEST).read_text(encoding="utf-8")


def test_a_hand_written_page_where_sitrep_writes_one_stops_the_build(
    capsys, articles, tmp_path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# My own home page\n", encoding="utf-8")
    (docs / MANIFEST).write_text("", encoding="utf-8")
    code, err = build(capsys, articles, docs)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"Error: {docs / 'index.md'} was not written by sitrep (it is not in {MANIFEST}): "
        "sitrep never overwrites a hand-written page; move or rename it"
    )
    assert tree(docs) == {"index.md": b"# My own home page\n", MANIFEST: b""}
