"""generator.publish.prune: a tree removed by several threads, never through a link."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish import prune
from generator.publish.prune import remove_tree


def _tree(root: Path, folders: int = 3, files: int = 150) -> None:
    for i in range(folders):
        sub = root / f"d{i}" / "inner"
        sub.mkdir(parents=True)
        for j in range(files):
            (sub / f"f{j}.txt").write_text("x", "utf-8")
        (root / f"d{i}" / "top.html").write_text("<p>", "utf-8")


def test_removes_a_tree_of_many_files(tmp_path):
    _tree(tmp_path / "t")
    remove_tree(tmp_path / "t")
    assert not (tmp_path / "t").exists()
    assert list(tmp_path.iterdir()) == []


def test_holds_few_folders_open_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(prune, "OPEN_FOLDERS", 2)
    _tree(tmp_path / "t", folders=20, files=3)
    remove_tree(tmp_path / "t", workers=3)
    assert not (tmp_path / "t").exists()


def test_a_missing_folder_is_no_error(tmp_path):
    remove_tree(tmp_path / "missing")
    remove_tree(tmp_path / "missing", workers=1)


def test_links_are_removed_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", "utf-8")
    tree = tmp_path / "t"
    _tree(tree, folders=1, files=2)
    (tree / "to-folder").symlink_to(outside)
    (tree / "d0" / "to-file").symlink_to(outside / "keep.txt")
    remove_tree(tree)
    assert not os.path.lexists(tree)
    assert (outside / "keep.txt").read_text("utf-8") == "keep"


def test_a_link_given_as_the_tree_is_removed_alone(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", "utf-8")
    (tmp_path / "link").symlink_to(outside)
    remove_tree(tmp_path / "link")
    assert not os.path.lexists(tmp_path / "link")
    assert (outside / "keep.txt").exists()


def test_one_worker_removes_the_tree_too(tmp_path):
    _tree(tmp_path / "t", folders=2, files=5)
    remove_tree(tmp_path / "t", workers=1)
    assert not (tmp_path / "t").exists()
