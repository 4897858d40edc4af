"""`make serve` watches the articles too, and `make site` tells how to read the site
(served, not opened from disk: over file:// its links show folder listings and
search cannot load its index)."""

from __future__ import annotations

import subprocess

from generator.publish import mkdocs_hooks
from tests.helpers import ROOT


def dry_run(target: str, *args: str) -> str:
    proc = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, *args], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_serve_hands_the_articles_folder_to_the_preview():
    line = next(
        ln for ln in dry_run("serve", "ARTICLES=my articles").splitlines() if "mkdocs serve" in ln
    )
    assert line.startswith(f"{mkdocs_hooks.ARTICLES_ENV}=my articles "), line


def test_the_preview_server_watches_the_articles_folder(monkeypatch, tmp_path):
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    monkeypatch.delenv(mkdocs_hooks.ARTICLES_ENV, raising=False)
    mkdocs_hooks.on_serve(Server(), {}, None)
    assert watched == []
    monkeypatch.setenv(mkdocs_hooks.ARTICLES_ENV, str(tmp_path))
    mkdocs_hooks.on_serve(Server(), {}, None)
    assert watched == [str(tmp_path)]


def test_make_site_says_to_serve_the_site_not_to_open_it_from_disk():
    said = dry_run("site")
    assert "make serve" in said and "file://" in said
    assert "open site/index.html" not in said
