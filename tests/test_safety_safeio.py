"""Reading back files sitrep wrote, when something else now stands in their place
(issue 12, item 8): a FIFO, a link to /dev/zero, a huge file, a tree 1,100
folders deep. Each case runs in a child process with a time and memory limit,
so a regression fails the test instead of hanging or exhausting the machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.safety.safeio import NotRegularFile, TooLarge, read_regular, walk

ROOT = Path(__file__).resolve().parent.parent


def run_limited(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python with 1.5 GB of address space at most."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
    )


def test_read_regular_refuses_what_is_not_a_bounded_regular_file(tmp_path: Path) -> None:
    (tmp_path / "page").write_bytes(b"0123456789")
    assert read_regular(tmp_path / "page", 10) == b"0123456789"
    assert read_regular(tmp_path / "page", 4, head=True) == b"0123"
    with pytest.raises(TooLarge):
        read_regular(tmp_path / "page", 9)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "link").symlink_to(tmp_path / "page")
    for odd in ("fifo", "zero", "link"):
        with pytest.raises(NotRegularFile):
            read_regular(tmp_path / odd, 1 << 20)  # returns at once: never blocks
    with pytest.raises(NotRegularFile):
        read_regular("/dev/zero", 1 << 20)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing", 10)


@pytest.fixture
def deep() -> Iterator[Path]:
    """A folder holding ``d/d/.../d`` 1,100 deep, made and removed without recursion,
    outside pytest's temporary folders (pytest's clean-up recurses and would fail
    on it, in every later session that shares them)."""
    root = Path(tempfile.mkdtemp(prefix="sitrep-deep-"))
    made: list[Path] = []
    try:
        folder = root
        for _ in range(1100):
            folder = folder / "d"
            os.mkdir(folder)
            made.append(folder)
        yield root
    finally:
        for folder in reversed(made):
            for entry in folder.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    entry.rmdir()
                else:
                    entry.unlink()
        shutil.rmtree(root)


def test_walk_has_no_depth_limit(deep: Path) -> None:
    deepest = deep.joinpath(*["d"] * 1100)
    (deepest / "a.txt").write_text("x", encoding="utf-8")
    walked = {folder: [e.name for e in others] for folder, _, others in walk(deep)}
    assert len(walked) == 1101 and walked[str(deepest)] == ["a.txt"]


def test_build_record_of_a_tree_1100_folders_deep(deep: Path) -> None:
    """Python 3.11's os.walk recursed per level: RecursionError before any page."""
    articles = deep
    (articles / "one.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    result = run_limited(
        """
        import sys
        from pathlib import Path
        from generator.publish import record
        a = Path(sys.argv[1])
        print(record.fingerprint(a, Path("site_templates")) == record.fingerprint(
            a, Path("site_templates")))
        """,
        str(articles),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"


LOAD_ENTRY = """
    import sys
    from pathlib import Path
    from generator.cache.store import _entry_path, cache_key, load
    from generator.model import Article
    cache, odd = Path(sys.argv[1]), sys.argv[2]
    article = Article(id="a", path="a.txt", title="T", text="x", published=None, source=None)
    entry = _entry_path(cache, cache_key(article, "v1"))
    entry.parent.mkdir(parents=True)
    if odd == "fifo":
        import os; os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    print("miss" if load(cache, cache_key(article, "v1"), article) is None else "hit")
"""


@pytest.mark.parametrize("odd", ["fifo", "dev-zero"])
def test_a_fifo_or_a_link_to_dev_zero_in_the_cache_is_a_miss(tmp_path: Path, odd: str) -> None:
    """Before: a FIFO hung the build forever, /dev/zero ate memory until MemoryError."""
    result = run_limited(LOAD_ENTRY, str(tmp_path / "cache"), odd, timeout=30)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "miss"


LOAD_RECORD = """
    import os, sys
    from pathlib import Path
    from generator.publish import record
    cache, docs, odd = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    path = record._record_path(cache, docs)
    path.parent.mkdir(parents=True)
    if odd == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    print(record.read(cache, docs))
"""


@pytest.mark.parametrize("odd", ["fifo", "dev-zero"])
def test_a_fifo_or_a_link_to_dev_zero_as_the_build_record_is_no_record(
    tmp_path: Path, odd: str
) -> None:
    result = run_limited(LOAD_RECORD, str(tmp_path / "cache"), str(tmp_path / "docs"), odd)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "None"


def test_json_pieces_make_the_text_json_dumps_makes_in_bounded_pieces() -> None:
    """The build record and the extraction pack of a 100,000-article archive are tens
    to hundreds of MB of JSON: written a few items at a time, byte for byte what
    json.dumps makes of the whole."""
    import json

    from generator.safety.safeio import json_pieces

    doc = {
        "format": 3,
        "pages": [f"p{i}.md" for i in range(23)],
        "entries": {f"k{i}": [i, "\u00e9", {"a": None}] for i in range(12)},
        "tables": {"small": [1, 2], "big": list(range(11)), "none": []},
        "pairs": tuple((f"p{i}", 'q"') for i in range(5)),
        "text": 'quote " and \u00e9 \ud7ff',
        "empty": {},
    }
    pieces = list(json_pieces(doc, batch=5))
    assert "".join(pieces) == json.dumps(doc, ensure_ascii=False)
    assert max(map(len, pieces)) < len("".join(pieces)) / 4
    for value in ([], {}, list(range(12)), {"x": list(range(12))}, "s", 1, None):
        assert "".join(json_pieces(value, batch=5)) == json.dumps(value), value


def test_write_named_names_the_file_by_the_hash_of_what_it_wrote(tmp_path: Path) -> None:
    import hashlib

    from generator.safety.safeio import write_named

    path = write_named(tmp_path / "f", iter(["{", '"\u00e9": 1', "}"]), lambda d: d[:8] + ".json")
    text = '{"\u00e9": 1}'
    assert path == tmp_path / "f" / (hashlib.sha256(text.encode()).hexdigest()[:8] + ".json")
    assert path.read_text("utf-8") == text
    assert [p.name for p in (tmp_path / "f").iterdir()] == [path.name]  # no temporary left
    (tmp_path / "g").write_text("a file where the folder would be")
    assert write_named(tmp_path / "g", iter(["x"]), str) is None


def test_write_quietly_replaces_the_file_whole_or_leaves_it(tmp_path: Path) -> None:
    """A cache file is written aside and renamed: given whole or in pieces, the file
    holds exactly the text; where the rename cannot happen (a folder in the way), the
    old content stays and no temporary file is left."""
    from generator.safety.safeio import write_quietly

    path = tmp_path / "c" / "cache.json"
    write_quietly(path, "\u00e9t\u00e9\n")
    assert path.read_text("utf-8") == "\u00e9t\u00e9\n"
    write_quietly(path, iter(["[1", ", 2", "]"]))
    assert path.read_text("utf-8") == "[1, 2]"
    (tmp_path / "c" / "folder").mkdir()
    (tmp_path / "c" / "folder" / "inside").write_text("kept")
    write_quietly(tmp_path / "c" / "folder", "never")
    assert (tmp_path / "c" / "folder" / "inside").read_text() == "kept"
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["cache.json", "folder"]


def test_write_whole_gives_the_new_file_or_the_old_one(tmp_path: Path) -> None:
    """``sitrep extract --json OUT`` is written in pieces as its records are made: OUT
    is the whole new text, or, when making a piece fails half way or the system
    refuses, the file it was before, with no temporary file left; the error is
    raised (a user asked for this file), and the file's mode is the umask's."""
    from generator.safety.safeio import write_whole

    path = tmp_path / "out" / "incidents.json"
    write_whole(path, iter(["{", '"a": 1', "}\n"]))
    assert path.read_text("utf-8") == '{"a": 1}\n'
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask

    def failing() -> Iterator[str]:
        yield "{"
        raise ValueError("a record that cannot be made")

    with pytest.raises(ValueError, match="cannot be made"):
        write_whole(path, failing())
    assert path.read_text("utf-8") == '{"a": 1}\n'
    (tmp_path / "out" / "folder").mkdir()
    with pytest.raises(OSError):
        write_whole(tmp_path / "out" / "folder", "never")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["folder", "incidents.json"]
