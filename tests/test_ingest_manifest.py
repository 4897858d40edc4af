"""ARTICLES given as a manifest: a file listing article files, relative to its folder.
The listed files are read as the same files in a folder are; a listed path that
leaves the manifest's folder is refused without being opened."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.ingest import read_articles
from generator.model import SitrepError
from tests.helpers import ROOT, sitrep


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "articles", tmp_path / "a")
    (tmp_path / "secret.txt").write_text("Twelve soldiers were killed in Idlib.\n")
    os.symlink(tmp_path / "secret.txt", tmp_path / "a" / "link.txt")
    names = sorted(p.name for p in (tmp_path / "a").glob("0*.txt"))
    manifest = tmp_path / "a" / "list.txt"
    lines = ["# the run of 7 April", *reversed(names[:3]), f"./{names[0]}", "",
             "../secret.txt", "/etc/hostname", "missing.md", "link.txt", ".hidden.txt"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def test_a_manifest_reads_the_files_it_lists_in_path_order(listed: Path) -> None:
    result = read_articles(listed)
    names = sorted(p.name for p in listed.parent.glob("0*.txt"))[:3]
    assert [a.path for a in result.articles] == names
    reasons = {p.path: (p.status, p.reason) for p in result.problems if p.status != "warning"}
    assert reasons == {
        "../secret.txt": ("skipped", "listed path leaves the manifest's folder"),
        "etc/hostname": ("skipped", "listed path leaves the manifest's folder"),
        "missing.md": ("failed", "listed in the manifest but not found"),
        "link.txt": ("skipped", "symlink, not followed"),
        ".hidden.txt": ("skipped", "hidden or backup file"),
    }
    assert not any("Twelve" in a.text for a in result.articles)


def test_extract_from_a_manifest_equals_extract_from_a_folder_of_those_files(
    listed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "only"
    folder.mkdir()
    for a in read_articles(listed).articles:
        shutil.copy(listed.parent / a.path, folder / a.path)
    for src, out in ((listed, "m.json"), (folder, "f.json")):
        run = sitrep(capsys, "extract", str(src), "--json", str(tmp_path / out), "--no-cache")
        assert run.code == 0, run.err
    m, f = (json.loads((tmp_path / n).read_text()) for n in ("m.json", "f.json"))
    assert m == f


def test_an_empty_manifest_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("# nothing yet\n")
    with pytest.raises(SitrepError, match="lists no file"):
        read_articles(tmp_path / "list.txt")
