"""Incremental builds through the command line, with the real extractor: a
rebuild with no change extracts and writes nothing, one added article is the
only one extracted, unchanged pages keep their modification time, and the
output does not depend on --jobs. (Timings live in `make bench`, not here.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import record
from generator.publish.swap import MANIFEST
from tests.helpers import sitrep, tree

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "articles"


def build(capsys: pytest.CaptureFixture[str], articles: Path, docs: Path, *opts: str) -> str:
    """Run `sitrep build`; returns what it printed on stderr."""
    done = sitrep(capsys, "build", str(articles), "--docs", str(docs), "-q", *opts)
    assert done.code == 0, done.err
    return done.err


def mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()
    }


ADDED = """---
title: Two farmers killed by a landmine near Tal Shihab
date: 2019-03-02
source: Test Wire
---
Two farmers were killed on Friday when a landmine exploded near the village of
Tal Shihab in the western Daraa countryside, a local monitor said.
"""


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, Path]:
    articles = tmp_path / "articles"
    shutil.copytree(SAMPLES, articles)
    return articles, tmp_path / "docs", tmp_path / "cache"


def test_no_change_rebuild_extracts_and_writes_nothing(capsys, site) -> None:
    articles, docs, cache = site
    opts = ("--cache-dir", str(cache))
    first = build(capsys, articles, docs, *opts)
    n = len(list(articles.glob("*.txt")))
    assert f"0 from cache, {n} extracted" in first
    before, content = mtimes(docs), tree(docs)

    # Same inputs, code and pages: the build stops before reading anything.
    again = build(capsys, articles, docs, *opts)
    assert "nothing changed since the last build: 0 extracted" in again
    assert ": 0 written, 0 removed," in again
    assert mtimes(docs) == before and tree(docs) == content

    # A file touched, or copied over with its content unchanged: still nothing
    # changed (the record compares content, not times).
    first_article = articles / sorted(p.name for p in articles.glob("*.txt"))[0]
    first_article.touch()
    assert "nothing changed since the last build" in build(capsys, articles, docs, *opts)

    # Its mode changed: every article is read again, none is extracted (all
    # come from the cache) and no page is rewritten.
    first_article.chmod(0o600)
    changed_mode = build(capsys, articles, docs, *opts)
    assert f"{n} from cache, 0 extracted" in changed_mode
    assert ": 0 written, 0 removed," in changed_mode
    assert mtimes(docs) == before and tree(docs) == content


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """What `cp -p` or `rsync -t` of an edited copy does: new bytes, same size and mtime."""
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_an_edit_that_keeps_size_and_time_is_rebuilt(capsys, site) -> None:
    """Issue 12, item 17: such an edit was skipped as 'nothing changed'."""
    articles, docs, cache = site
    opts = ("--cache-dir", str(cache))
    build(capsys, articles, docs, *opts)
    article = sorted(articles.glob("*.txt"))[0]
    title = article.read_text(encoding="utf-8").splitlines()[0]
    edit_keeping_size_and_time(article, title[:4], title[:4].swapcase())
    err = build(capsys, articles, docs, *opts)
    assert "nothing changed" not in err and "1 extracted" in err
    assert any(title[:4].swapcase() in p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))


def test_a_page_edited_keeping_size_and_time_is_put_back(capsys, site) -> None:
    articles, docs, cache = site
    opts = ("--cache-dir", str(cache))
    build(capsys, articles, docs, *opts)
    content = tree(docs)
    edit_keeping_size_and_time(docs / "methodology.md", "the", "THE")
    err = build(capsys, articles, docs, *opts)
    assert "nothing changed" not in err and ": 1 written," in err
    assert tree(docs) == content


def test_one_added_article_is_the_only_one_extracted(capsys, site) -> None:
    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    before = mtimes(docs)
    (articles / "zz-added.md").write_text(ADDED, encoding="utf-8")

    err = build(capsys, articles, docs, "--cache-dir", str(cache))
    n = len(list(articles.glob("*.txt")))
    assert f"{n} from cache, 1 extracted" in err
    after = mtimes(docs)
    new_pages = set(after) - set(before)
    assert [p for p in new_pages if p.startswith("articles/")] == ["articles/zz-added.md"]
    # The other articles' pages did not change, so they were not rewritten.
    untouched = [p for p in before if p.startswith("articles/") and p != "articles/index.md"]
    assert untouched and all(after[p] == before[p] for p in untouched)


def test_one_added_article_renders_only_the_pages_it_changes(capsys, site, monkeypatch) -> None:
    """Page keys: after adding an article in Daraa, its page, the Daraa page and the
    lists it joins are rendered again; the other governorates', factions' and
    articles' pages are not even rendered (their keys did not change)."""
    import generator.pages.render as render

    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    rendered: list[str] = []
    real = render._render

    def counting(env, template, path, **context):  # type: ignore[no-untyped-def]
        rendered.append(path)
        return real(env, template, path, **context)

    monkeypatch.setattr(render, "_render", counting)
    (articles / "zz-added.md").write_text(ADDED, encoding="utf-8")
    build(capsys, articles, docs, "--cache-dir", str(cache))
    assert "articles/zz-added.md" in rendered and "governorates/daraa.md" in rendered
    pages = [p for p in rendered if p.count("/") == 1 and not p.endswith("/index.md")]
    assert sorted(p for p in pages if p.startswith("governorates/")) == ["governorates/daraa.md"]
    assert [p for p in pages if p.startswith("articles/")] == ["articles/zz-added.md"]
    factions = {p for p in docs.glob("factions/*.md") if p.name != "index.md"}
    assert len([p for p in pages if p.startswith("factions/")]) < len(factions)


def test_hand_edited_or_deleted_page_is_rebuilt(capsys, site) -> None:
    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    content = tree(docs)
    (docs / "index.md").write_text("edited by hand\n", encoding="utf-8")
    (docs / "methodology.md").unlink()
    err = build(capsys, articles, docs, "--cache-dir", str(cache))
    assert "nothing changed" not in err and ": 2 written," in err
    assert tree(docs) == content


def test_template_change_is_a_full_build(capsys, site, tmp_path) -> None:
    articles, docs, cache = site
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "site_templates", templates)
    opts = ("--cache-dir", str(cache), "--templates", str(templates))
    build(capsys, articles, docs, *opts)
    page = templates / "methodology.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    err = build(capsys, articles, docs, *opts)
    assert "nothing changed" not in err and ": 1 written," in err
    assert (docs / "methodology.md").read_text(encoding="utf-8").endswith("One more line.\n")


def kept(folder: Path) -> dict[Path, tuple[bytes, int]]:
    """Each file of a cache folder: its bytes and modification time."""
    return {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in folder.iterdir()}


def test_template_change_neither_reads_nor_merges_again(capsys, site, tmp_path) -> None:
    """A template is not what a build reads or merges: the articles' memo and the merge
    memo are kept as they were (a template change at 100,000 articles merged
    everything again, 20 minutes against the 2 of an added article)."""
    articles, docs, cache = site
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "site_templates", templates)
    opts = ("--cache-dir", str(cache), "--templates", str(templates))
    build(capsys, articles, docs, *opts)
    memos, read = kept(cache / "events"), kept(cache / "ingest")
    assert memos and read
    page = templates / "methodology.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(capsys, articles, docs, *opts)
    assert kept(cache / "events") == memos  # not written again
    assert [b for b, _ in kept(cache / "ingest").values()] == [b for b, _ in read.values()]


def test_reading_fingerprint_is_the_package_but_its_renderers(tmp_path, monkeypatch) -> None:
    """Editing a renderer's module changes every page's key but not the memos' key;
    editing the merge's changes both."""
    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(record, "_PACKAGE", package)
    templates = ROOT / "site_templates"

    def both() -> tuple[str, str]:
        return record.code_fingerprint(templates), record.reading_fingerprint()

    first = both()
    for name in record.RENDERERS:
        with (package / name / "__init__.py").open("a", encoding="utf-8") as out:
            out.write("# edited\n")
    second = both()
    assert second[0] != first[0] and second[1] == first[1]
    with (package / "events" / "merge.py").open("a", encoding="utf-8") as out:
        out.write("# edited\n")
    third = both()
    assert third[0] != second[0] and third[1] != second[1]


def test_what_a_build_reads_and_merges_imports_no_renderer() -> None:
    """The ground of :func:`reading_fingerprint`: no module of the readers, the
    extractor, the merge or the cluster imports one of the folders it leaves out."""
    folders = ["ingest", "extract", "events", "cache", "knowledge", "cluster", "safety"]
    script = (
        "import importlib, pkgutil, sys\n"
        f"for name in {folders!r}:\n"
        "    package = importlib.import_module('generator.' + name)\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(f'generator.{name}.{info.name}')\n"
        "for name in ('model', 'frozen', 'compact', 'contract'):\n"
        "    importlib.import_module('generator.' + name)\n"
        "print(len(sys.modules), *sorted(m for m in sys.modules if m.startswith('generator.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = done.stdout.split()[1:]
    assert "generator.events.memo" in loaded and "generator.ingest.memo" in loaded
    renderers = tuple(f"generator.{name}" for name in record.RENDERERS)
    assert [m for m in loaded if m.startswith(renderers)] == []


def test_skipped_build_replays_problems_and_strict_still_fails(capsys, site) -> None:
    articles, docs, cache = site
    (articles / "photo.png").write_bytes(b"\x89PNG\r\n")
    first = build(capsys, articles, docs, "--cache-dir", str(cache))
    problem = next(line for line in first.splitlines() if "photo.png" in line)
    again = build(capsys, articles, docs, "--cache-dir", str(cache))
    assert "nothing changed" in again and problem in again.splitlines()
    code = main(
        ["build", str(articles), "--docs", str(docs), "-q", "--cache-dir", str(cache)]
        + ["--strict"]
    )
    assert code == 1
    # photo.png, and the three samples whose text gives no publication date
    assert capsys.readouterr().err.strip().endswith("4 input problems and --strict was given")


def test_no_cache_never_skips(capsys, site) -> None:
    articles, docs, _ = site
    build(capsys, articles, docs, "--no-cache")
    err = build(capsys, articles, docs, "--no-cache")
    assert "nothing changed" not in err and "extracted" in err


def test_jobs_1_and_2_give_byte_identical_output(capsys, tmp_path) -> None:
    """Enough articles (60) for the extraction pool to start (see POOL_THRESHOLD)."""
    articles = tmp_path / "articles"
    articles.mkdir()
    sources = sorted(SAMPLES.glob("*.txt"))
    for i in range(60):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (articles / f"a{i:03d}.txt").write_text(f"{text}\n(Copy {i}.)\n", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        docs = tmp_path / f"docs-{jobs}"
        err = build(capsys, articles, docs, "--no-cache", "--jobs", jobs)
        processes = "1 process" if jobs == "1" else "2 processes"
        assert f"60 extracted on {processes}" in err
        out = tmp_path / f"incidents-{jobs}.json"
        assert (
            main(["extract", str(articles), "--json", str(out), "-q", "--no-cache", "--jobs", jobs])
            == 0
        )
        capsys.readouterr()
        outputs[jobs] = (tree(docs), out.read_bytes())
    assert outputs["1"] == outputs["2"]


def test_relative_docs_folder_as_make_pages_passes_it(capsys, site, monkeypatch) -> None:
    """`make pages` runs `sitrep build articles --docs docs` from the repository."""
    articles, docs, cache = site
    monkeypatch.chdir(docs.parent)
    build(capsys, Path(articles.name), Path(docs.name), "--cache-dir", cache.name)
    assert (docs / "index.md").is_file() and not list(docs.rglob("*.tmp"))  # no temp left
    again = build(capsys, Path(articles.name), Path(docs.name), "--cache-dir", cache.name)
    assert "nothing changed since the last build" in again


def test_fingerprint_reads_bounded_content_and_times_stand_for_the_rest(tmp_path) -> None:
    """Past HASH_LIMIT (and inside hidden folders) the change time, which no one can
    set back, stands for the content: an edit there that keeps size and mtime counts."""
    from generator.publish.record import HASH_LIMIT, fingerprint

    articles = tmp_path / "articles"
    (articles / ".git").mkdir(parents=True)
    big = articles / "big.txt"
    big.write_bytes(b"a" * (HASH_LIMIT + 10))
    hidden = articles / ".git" / "index"
    hidden.write_bytes(b"one")
    templates = ROOT / "site_templates"
    fp = fingerprint(articles, templates)
    assert fingerprint(articles, templates) == fp
    for path, at, data in ((big, HASH_LIMIT + 5, b"b"), (hidden, 0, b"t")):
        time.sleep(0.05)  # file times tick at the kernel's clock (a few ms)
        st = path.stat()
        with path.open("r+b") as f:
            f.seek(at)
            f.write(data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert fingerprint(articles, templates) != fp
        fp = fingerprint(articles, templates)


def test_fingerprint_does_not_read_again_a_file_whose_stat_is_the_last_builds(
    tmp_path, monkeypatch
) -> None:
    """The last build's hashes stand for files whose stat row is the same (no file is
    read again), give the same fingerprint as reading them, and an edit in place that
    puts back the size and modification time is read again (its change time moved)."""
    from generator.publish import record

    monkeypatch.setattr(record, "RACY_NS", 0)  # the files here were all just written
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(3):
        (articles / f"a{n}.md").write_text(f"article {n}\n", encoding="utf-8")
    templates = ROOT / "site_templates"
    first = record.InputMemo()
    fp = record.fingerprint(articles, templates, memo=first)
    assert first.read == 3 and len(first.rows()) == 3
    again = record.InputMemo({p: (list(r), s) for p, r, s in first.rows()})
    assert record.fingerprint(articles, templates, memo=again) == fp
    assert again.read == 0 and again.rows() == first.rows()
    edited = articles / "a1.md"
    st = edited.stat()
    time.sleep(0.05)  # file times tick at the kernel's clock (a few ms)
    edited.write_text("article 9\n", encoding="utf-8")  # same size
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = record.InputMemo({p: (list(r), s) for p, r, s in again.rows()})
    changed = record.fingerprint(articles, templates, memo=third)
    assert third.read == 1 and changed != fp
    assert changed == record.fingerprint(articles, templates)  # as if nothing were known


def test_a_file_written_just_now_is_not_remembered(tmp_path) -> None:
    """A write in the same clock tick as the hashing could leave the times as they were:
    such a file's hash is not handed to the next build."""
    from generator.publish import record

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("now\n", encoding="utf-8")
    memo = record.InputMemo()
    record.fingerprint(articles, ROOT / "site_templates", memo=memo)
    assert memo.read == 1 and memo.rows() == ()


def test_an_add_one_build_reads_only_the_added_article_for_its_fingerprint(
    capsys, site, monkeypatch
) -> None:
    """Through `sitrep build`: the record keeps the articles' hashes, and the next
    build's fingerprint reads only the file that is new."""
    from generator.publish import record

    monkeypatch.setattr(record, "RACY_NS", 0)
    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    memo = record.InputMemo.load(record.read(cache, docs), articles)
    n = len(memo.known)
    assert n == sum(1 for p in articles.rglob("*") if p.is_file() and p.name[0] != ".") > 0
    (articles / "added.md").write_text(ADDED, encoding="utf-8")
    last = record.read(cache, docs)
    fresh = record.InputMemo.load(last, articles)
    record.fingerprint(articles, ROOT / "site_templates", memo=fresh)
    assert fresh.read == 1 and len(fresh.noted) == n + 1 and not fresh.known
    assert record.load_if_current(last, docs, "another", MANIFEST) is None
    assert record.InputMemo.load(last, articles.parent).known == {}  # another folder's
    assert last is not None
    pages = last.for_pages()  # held while the build extracts: no input hashes
    assert isinstance(pages, record.PageRows) and set(pages.rows) <= set(last.record.pages)
    assert record.load_page_keys(pages, docs) == record.load_page_keys(last, docs)
    assert record.load_page_keys(pages, docs)  # the pages are as written


def test_the_build_reads_its_record_once(capsys, site, monkeypatch) -> None:
    """One parse of the record a build (tens of MB of JSON at 100,000 articles), handed
    to the input hashes, the check that nothing changed and the page keys."""
    from generator.publish import record

    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    reads: list[Path] = []
    real = record.read

    def counted(cache_dir: Path, docs_dir: Path) -> record.LastBuild | None:
        reads.append(docs_dir)
        return real(cache_dir, docs_dir)

    monkeypatch.setattr(record, "read", counted)
    (articles / "added.md").write_text(ADDED, encoding="utf-8")
    build(capsys, articles, docs, "--cache-dir", str(cache))
    assert len(reads) == 1


def test_a_malformed_record_is_no_record(capsys, site) -> None:
    from generator.publish import record

    articles, docs, cache = site
    build(capsys, articles, docs, "--cache-dir", str(cache))
    path = record._record_path(cache, docs)
    doc = json.loads(path.read_text("utf-8"))
    assert record.read(cache, docs) is not None
    for key, bad in (("inputs", [["a", "not a row", "x"]]), ("outputs", [[1, 2]]),
                     ("page_keys", [["a"]]), ("fingerprint", None)):  # fmt: skip
        path.write_text(json.dumps({**doc, key: bad}), "utf-8")
        assert record.read(cache, docs) is None, key
        assert record.load_page_keys(record.read(cache, docs), docs) == {}


def test_a_hand_written_page_removed_frees_its_name_and_the_build_is_not_skipped(
    capsys, site
) -> None:
    """Which names hand-written pages hold is part of what a build depends on: else a
    build after one is removed stopped as "nothing changed", and `--check` (which
    keeps no record) then called docs/ stale for ever."""
    articles, docs, cache = site
    (docs / "articles").mkdir(parents=True)
    (docs / MANIFEST).write_text("", encoding="utf-8")  # a folder of one's own, adopted
    notes = docs / "articles" / "added.md"
    notes.write_text("# Notes\n", encoding="utf-8")
    (articles / "added.md").write_text(ADDED, encoding="utf-8")
    build(capsys, articles, docs, "--cache-dir", str(cache))
    assert notes.read_text(encoding="utf-8") == "# Notes\n"
    notes.unlink()
    err = build(capsys, articles, docs, "--cache-dir", str(cache))
    assert "nothing changed" not in err
    assert (
        (docs / "articles" / "added.md").read_text(encoding="utf-8").startswith("---\npublished: ")
    )
    build(capsys, articles, docs, "--check")
