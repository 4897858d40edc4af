"""read_articles: discovery, front matter, dates, skips, ids, encodings, HTML, limits."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

import generator.ingest as ingest_pkg
from generator.ingest import MAX_BYTES, read_articles
from generator.ingest import article as article_mod
from generator.ingest.article import NO_DATE
from generator.model import SitrepError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "articles"
HOSTILE = Path(__file__).parent / "fixtures" / "ingest" / "hostile"
TODAY = dt.date(2025, 1, 1)
BODY = (
    "Two soldiers were killed on Thursday when gunmen attacked a checkpoint in the town of "
    "Al-Fatatra in the southern province of Daraa, according to Syrian military sources."
)


def problems_of(result, path: str) -> list[tuple[str, str]]:
    return [(p.status, p.reason) for p in result.problems if p.path == path]


def by_id(result) -> dict:
    return {a.id: a for a in result.articles}


@pytest.fixture(scope="module")
def hostile():
    return read_articles(HOSTILE, today=TODAY)


# -- the folder itself ------------------------------------------------------


def test_missing_folder(tmp_path):
    with pytest.raises(SitrepError, match=r"^articles folder not found: .*nope$"):
        read_articles(tmp_path / "nope")


def test_empty_folder(tmp_path):
    with pytest.raises(SitrepError) as exc:
        read_articles(tmp_path)
    assert str(exc.value) == f"articles folder is empty: {tmp_path}"


def test_folder_with_only_hidden_files_is_empty(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\0\0")
    with pytest.raises(SitrepError, match="articles folder is empty"):
        read_articles(tmp_path)


def test_not_a_folder(tmp_path):
    """A file is a manifest (tests/test_ingest_manifest.py); anything else is refused."""
    f = tmp_path / "pipe"
    os.mkfifo(f)
    with pytest.raises(SitrepError) as exc:
        read_articles(f)
    assert str(exc.value) == f"not a folder: {f}"


# -- the seed articles -------------------------------------------------------


def test_seeds_metadata():
    result = read_articles(SAMPLES)
    # gold.yaml: no publication date in the text of 002-004, so each is a warning
    assert [(p.path, p.status, p.reason.split(" (")[0]) for p in result.problems] == [
        (f"{stem}.txt", "warning", "no publication date")
        for stem in ("002_d45703859721b700", "003_4a25e5c496d19e5b", "004_9d805a9b2de263d3")
    ]
    assert result.seen == 5
    arts = by_id(result)
    assert sorted(arts) == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    a0 = arts["000_b54625fb741f59a2"]
    assert a0.title == "Syria regime forces killed in clashes across Idlib, Daraa, Aleppo"
    assert a0.published == dt.date(2023, 4, 7)
    assert a0.source == "The New Arab"
    assert arts["001_76dfe76b0149322f"].published == dt.date(2020, 8, 1)
    assert [arts[k].published for k in sorted(arts)[2:]] == [None, None, None]
    assert arts["003_4a25e5c496d19e5b"].title.startswith("Assad’s Forces Trying to Regain")
    assert arts["003_4a25e5c496d19e5b"].source == "The Syrian Observer"
    assert arts["004_9d805a9b2de263d3"].title == (
        "Dozens dead as Syria regime, opposition clash in the north"
    )
    assert arts["004_9d805a9b2de263d3"].source is None
    for a in arts.values():
        assert a.path == a.id + ".txt"
        assert len(a.content_hash) == 64


def test_seed_boilerplate_removed_and_body_kept():
    arts = by_id(read_articles(SAMPLES))
    a0, a1 = arts["000_b54625fb741f59a2"].text, arts["001_76dfe76b0149322f"].text
    for gone in ("2 min read", "[Getty]", "Inside MENA", "Live Story"):
        assert gone not in a0
    assert (
        "Two soldiers fighting for Syrian President Bashar Al-Assad's regime died when the town "
        "of Al-Fatatra was attacked by gunmen" in a0
    )
    assert a0.count("Syria regime forces killed in clashes across Idlib, Daraa, Aleppo") == 1
    assert "Read also:" not in a1 and "Follow us on" not in a1
    assert "a regime officer and two soldiers were killed" in a1
    a3 = arts["003_4a25e5c496d19e5b"].text
    assert "Logo Wide" not in a3 and "Helpful keywords" not in a3
    assert "has not verified the content" not in a3
    assert "killed and wounded more than 110 fighters" in a3
    a4 = arts["004_9d805a9b2de263d3"].text
    for gone in (
        "Portuguese / Spanish / English",
        "Getty Images]",
        "MiddleEastMonitor]",
        "Middle EastNewsSyria",
        "Show Comments",
    ):
        assert gone not in a4
    assert "resulting in the deaths of some 22 fighters belonging to the Jaysh Al-Izza" in a4


# -- the hostile corpus --------------------------------------------------------


def test_every_file_is_accounted_for(hostile):
    files = [p for p in HOSTILE.rglob("*") if p.is_file()]
    reported = {p.path for p in hostile.problems if p.status != "warning"}
    read = {a.path for a in hostile.articles}
    assert hostile.seen == len(files)
    assert reported | read == {p.relative_to(HOSTILE).as_posix() for p in files}
    assert not reported & read


def test_front_matter_broken_yaml_is_read_key_by_key(hostile):
    a = by_id(hostile)["broken_yaml"]
    assert a.title == 'Assad\\s forces "shell" Idlib: a report'
    assert a.published == dt.date(2019, 4, 13)
    assert a.source == "The New Arab"
    assert not a.text.startswith("---") and "title:" not in a.text
    [(status, reason)] = problems_of(hostile, "broken_yaml.md")
    assert status == "warning" and reason.startswith("front matter is not valid YAML")


def test_front_matter_unclosed(hostile):
    a = by_id(hostile)["unclosed"]
    assert (a.title, a.published) == ("Unclosed block title", dt.date(2020, 8, 1))
    assert a.text.startswith("Two soldiers")
    assert problems_of(hostile, "unclosed.md")[0][1].startswith("front matter is not closed")


def test_front_matter_impossible_and_future_dates(hostile):
    arts = by_id(hostile)
    assert arts["impossible_date"].published is None
    assert problems_of(hostile, "impossible_date.md") == [
        ("warning", "date '2023-02-30' is not a real date; date left empty")
    ]
    assert arts["future_date"].published == dt.date(2999, 1, 1)
    assert problems_of(hostile, "future_date.md") == [
        ("warning", "date 2999-01-01 is in the future")
    ]


@pytest.mark.parametrize("date", ["0001-01-01", "January 1, 0001", "1899-12-31", "9999-12-31"])
def test_dates_outside_the_plausible_years_are_left_empty(tmp_path, date):
    """Year 1 reached the extractor, where "on Friday" overflowed and stopped the build."""
    write(tmp_path, "old.md", f"---\ndate: {date}\n---\nHeadline\n\n{BODY} on Friday.")
    write(tmp_path, "header.txt", f"Headline\n\n{date}\n\n{BODY} on Friday.")
    result = read_articles(tmp_path, today=TODAY)
    assert [a.published for a in result.articles] == [None, None]
    for path in ("old.md", "header.txt"):
        [(status, reason)] = problems_of(result, path)
        assert status == "warning" and "outside 1900-2999; date left empty" in reason


def test_front_matter_non_string_titles(hostile):
    arts = by_id(hostile)
    assert arts["numeric_title"].title == "12345"
    assert problems_of(hostile, "numeric_title.md") == [
        ("warning", "title is not text (int); used as '12345'")
    ]
    assert arts["list_title"].title == "List title fallback"
    assert arts["list_front_matter"].title == "List front matter"
    assert "not key: value pairs" in problems_of(hostile, "list_front_matter.md")[0][1]


def test_front_matter_absent_title_date_from_text(hostile):
    a = by_id(hostile)["date_first"]
    assert (a.title, a.published) == ("Headline after a date line", dt.date(2019, 4, 13))
    b = by_id(hostile)["boilerplate"]
    assert (b.title, b.published) == ("Real headline here", dt.date(2023, 4, 7))
    assert "2 min read" not in b.text and "Show Comments" not in b.text
    assert "Logo Wide" not in b.text and "Portuguese" not in b.text


def test_bidi_controls_stripped_and_bad_url_dropped_but_text_verbatim(hostile):
    a = by_id(hostile)["bidi_and_script"]
    assert a.title == "Evil evil title"
    assert a.url is None
    assert a.text.startswith("<script>alert(1)</script> Two soldiers")  # escaping is render's job
    assert "not an http(s) address" in problems_of(hostile, "bidi_and_script.md")[-1][1]


def test_mojibake_repaired(hostile):
    assert by_id(hostile)["mojibake"].text.startswith("Assad’s forces “shelled” the town.")


def test_skips_with_reasons(hostile):
    assert problems_of(hostile, ".hidden.txt") == [("skipped", "hidden or backup file")]
    assert problems_of(hostile, "notes.txt~") == [("skipped", "hidden or backup file")]
    assert problems_of(hostile, "blank.txt") == [("skipped", "empty file")]
    assert problems_of(hostile, "table.csv") == [("skipped", "not an article: data file (.csv)")]
    [(status, reason)] = problems_of(hostile, "german.txt")
    assert status == "skipped" and reason.startswith("not English")


def test_duplicates_name_the_original(hostile):
    assert problems_of(hostile, "nested/duplicate_copy.txt") == [
        ("skipped", "duplicate of boilerplate.txt")
    ]


def test_nested_folders_and_same_stem_ids(hostile):
    arts = by_id(hostile)
    assert arts["nested_article"].path == "nested/deeper/nested_article.txt"
    assert arts["same_stem"].path == "same_stem.txt"
    # the second gets a suffix from its own path: sha256("nested/same_stem.md")[:8]
    assert arts["same_stem-d1ff26a9"].path == "nested/same_stem.md"
    assert problems_of(hostile, "nested/same_stem.md") == [
        ("warning", NO_DATE),
        (
            "warning",
            "id 'same_stem' is already used by same_stem.txt; this one is 'same_stem-d1ff26a9'",
        ),
    ]
    # files of a folder come before its subfolders; deterministic
    paths = [a.path for a in hostile.articles]
    assert paths == [a.path for a in read_articles(HOSTILE, today=TODAY).articles]
    assert paths.index("same_stem.txt") < paths.index("nested/same_stem.md")


def test_html_through_trafilatura(hostile):
    a = by_id(hostile)["page"]
    assert a.title == "Clashes in Daraa"
    assert a.published == dt.date(2023, 4, 7)
    assert a.source == "Example News"
    assert a.url == "https://example.com/news/daraa"
    assert "gunmen attacked a checkpoint" in a.text
    assert "<p>" not in a.text and "var x" not in a.text and "Copyright" not in a.text


# -- files written by the tests ------------------------------------------------


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "not an article: image (.png)"),
        ("report.pdf", b"%PDF-1.7\n...", "not an article: PDF document (.pdf)"),
        ("notes.docx", b"PK\x03\x04" + bytes(50), "not an article: office document (.docx)"),
        ("bundle.zip", b"PK\x03\x04" + bytes(50), "not an article: archive (.zip)"),
        (
            "README",
            b"text without a suffix",
            "not an article: no file extension (expected .txt, .md or .html)",
        ),
        ("disguised.txt", b"%PDF-1.4\n" + bytes(200), "not an article: content is a PDF document"),
        ("garbage.md", bytes(range(32)) * 20, "not an article: binary content"),
        ("#autosave#", b"x", "hidden or backup file"),
        ("a.txt.swp", b"x", "hidden or backup file"),
    ],
)
def test_skipped_types(tmp_path, name, data, reason):
    write(tmp_path, "ok.txt", BODY)
    write(tmp_path, name, data)
    result = read_articles(tmp_path)
    assert problems_of(result, name) == [("skipped", reason)]
    assert [a.id for a in result.articles] == ["ok"]


def test_hidden_folder_is_one_skipped_entry(tmp_path):
    write(tmp_path, "ok.txt", BODY)
    write(tmp_path, ".git/objects/a.txt", BODY + " x")
    write(tmp_path, ".git/objects/b.txt", BODY + " y")
    result = read_articles(tmp_path)
    assert problems_of(result, ".git") == [("skipped", "hidden or backup file")]
    assert result.seen == 2


def test_symlinks(tmp_path):
    root, outside = tmp_path / "articles", tmp_path / "outside"
    write(outside, "secret.txt", BODY + " outside")
    write(root, "real.txt", BODY)
    (root / "out.txt").symlink_to(outside / "secret.txt")
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "inside.txt").symlink_to(root / "real.txt")
    result = read_articles(root)
    assert problems_of(result, "out.txt") == [("skipped", "symlink to outside the articles folder")]
    assert problems_of(result, "outdir") == [("skipped", "symlink to outside the articles folder")]
    assert problems_of(result, "loop") == [("skipped", "symlink to a folder, not followed")]
    assert problems_of(result, "dangling.txt") == [("skipped", "broken symlink")]
    assert problems_of(result, "inside.txt") == [("skipped", "symlink to real.txt, read there")]
    assert [a.id for a in result.articles] == ["real"]
    assert all("outside" not in a.text for a in result.articles)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file_fails(tmp_path):
    write(tmp_path, "ok.txt", BODY)
    locked = write(tmp_path, "locked.txt", BODY + " locked")
    locked.chmod(0)
    try:
        result = read_articles(tmp_path)
    finally:
        locked.chmod(0o644)
    [(status, reason)] = problems_of(result, "locked.txt")
    assert status == "failed" and reason.startswith("cannot read")


def test_fifo_is_not_read(tmp_path):
    write(tmp_path, "ok.txt", BODY)
    os.mkfifo(tmp_path / "pipe.txt")
    result = read_articles(tmp_path)  # would block forever if opened
    assert problems_of(result, "pipe.txt") == [("skipped", "not a regular file")]


TEXT = "Assad’s forces shelled Ma‘arrat al-Nu‘man — café owners fled. " + BODY


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM
        TEXT.encode("utf-32"),
        TEXT.replace("‘", "'").encode("cp1252"),
        TEXT.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8"),  # mojibake
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-nobom",
        "utf32",
        "cp1252",
        "mojibake",
    ],
)
def test_encodings(tmp_path, data):
    write(tmp_path, "a.txt", data)
    [a] = read_articles(tmp_path).articles
    assert a.text.startswith("Assad’s forces shelled Ma")
    assert "café owners fled" in a.text
    assert a.text.endswith("Syrian military sources.")


def test_latin1_and_line_ends_and_nuls(tmp_path):
    write(
        tmp_path,
        "a.txt",
        ("Naïve headline\r\rBody line one.\r\n" + BODY + "\x00\r\n").encode("latin-1"),
    )
    [a] = read_articles(tmp_path).articles
    assert a.title == "Naïve headline"
    assert "\r" not in a.text and "\x00" not in a.text
    assert a.text.split("\n")[:3] == ["Naïve headline", "", "Body line one."]


def test_bidi_controls_removed_from_text(tmp_path):
    write(tmp_path, "a.txt", "Head\u202eline\n\n" + BODY.replace("gunmen", "gun\u2066men\u2069"))
    [a] = read_articles(tmp_path).articles
    assert a.title == "Headline" and "gunmen" in a.text


def test_large_file_is_truncated_with_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(article_mod, "MAX_BYTES", 2000)
    write(tmp_path, "big.txt", (BODY + "\n") * 100)
    [a] = (result := read_articles(tmp_path)).articles
    assert len(a.text.encode("utf-8")) <= 2000
    [(status, reason), no_date] = problems_of(result, "big.txt")
    assert status == "warning" and "only the start was read" in reason
    assert no_date == ("warning", NO_DATE)


def test_empty_after_front_matter_is_skipped(tmp_path):
    write(tmp_path, "ok.txt", BODY)
    write(tmp_path, "only_meta.md", "---\ntitle: Nothing else\n---\n\n2 min read\n")
    result = read_articles(tmp_path)
    assert problems_of(result, "only_meta.md") == [
        ("skipped", "empty: no text after front matter and boilerplate")
    ]


def test_case_insensitive_id_collision(tmp_path):
    write(tmp_path, "Report.txt", BODY)
    write(tmp_path, "sub/report.txt", BODY + " again")
    assert [a.id for a in read_articles(tmp_path).articles] == ["Report", "report-1bed98af"]


def ids_by_path(root: Path) -> dict[str, str]:
    return {a.path: a.id for a in read_articles(root).articles}


def test_ids_stay_put_as_files_of_the_same_name_are_added(tmp_path):
    """Adding a file never renames another (no -2/-3 renumbering): a repeated name's
    suffix comes from the file's own path."""
    write(tmp_path, "a/report.txt", BODY + " one")
    write(tmp_path, "c/report.txt", BODY + " three")
    before = ids_by_path(tmp_path)
    write(tmp_path, "b/report.txt", BODY + " two")  # between the two in path order
    write(tmp_path, "d/report.md", BODY + " four")
    after = ids_by_path(tmp_path)
    assert {p: after[p] for p in before} == before
    assert before["a/report.txt"] == "report"
    assert len(set(after.values())) == 4
    others = (after["b/report.txt"], after["c/report.txt"], after["d/report.md"])
    assert all(i.startswith("report-") and len(i) == len("report-") + 8 for i in others)


def test_a_name_crafted_to_clash_with_a_suffix_still_gets_its_own_id(tmp_path):
    from generator.safety.slugs import key_hash

    write(tmp_path, "a/x.txt", BODY + " one")
    write(tmp_path, "b/x.txt", BODY + " two")
    write(tmp_path, f"x-{key_hash('b/x.txt')[:8]}.txt", BODY + " three")
    ids = ids_by_path(tmp_path)
    assert ids[f"x-{key_hash('b/x.txt')[:8]}.txt"] == f"x-{key_hash('b/x.txt')[:8]}"
    assert ids["b/x.txt"] == f"x-{key_hash('b/x.txt')[:16]}"
    assert len(set(ids.values())) == 3


def test_ids_for_thousands_of_files_of_one_name_are_linear():
    """10,000 files named alike took 36 s (each id tried -2, -3, ... in turn)."""
    import time

    from generator.ingest import article_ids
    from generator.ingest.files import Entry

    entries = [Entry(f"f{i:05d}/report.txt", Path("."), "text") for i in range(10_000)]
    started = time.process_time()
    ids = article_ids(entries)
    assert time.process_time() - started < 1.0
    assert len({i.casefold() for i in ids.values()}) == 10_000


def test_progress_bar_only_on_tty(tmp_path, capsys):
    write(tmp_path, "ok.txt", BODY)
    read_articles(tmp_path, progress=True)  # stderr is captured: not a TTY, no bar
    assert capsys.readouterr().err == ""


def test_ten_thousand_files_are_all_read(tmp_path):
    """Memory: one file's bytes at a time plus the cleaned articles (about 1.7 KB
    per short article at the peak, measured with tracemalloc); no timing asserted."""
    shutil.copy(SAMPLES / "001_76dfe76b0149322f.txt", tmp_path / "seed.txt")
    for i in range(10_000):
        write(tmp_path, f"d{i % 100}/f{i:05d}.txt", f"Report {i}.\n\n{BODY} Number {i}.")
    result = read_articles(tmp_path)
    assert len(result.articles) == 10_001 and result.seen == 10_001
    assert {(p.status, p.reason) for p in result.problems} == {("warning", NO_DATE)}
    assert len(result.problems) == 10_000  # all but the dated seed


def test_ten_megabyte_file_is_read_up_to_the_cap_in_bounded_memory(tmp_path):
    write(tmp_path, "huge.txt", ("Headline\n\n" + (BODY + "\n") * 70_000)[: 10 * 1024 * 1024])
    assert (tmp_path / "huge.txt").stat().st_size == 10 * 1024 * 1024
    tracemalloc.start()
    try:
        result = read_articles(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [a] = result.articles
    assert len(a.text.encode("utf-8")) <= MAX_BYTES == 1024 * 1024
    assert BODY.startswith(a.text.rsplit("\n", 1)[-1])  # cut inside the last line
    assert problems_of(result, "huge.txt") == [
        ("warning", "larger than 1 MB; only the start was read"),
        ("warning", NO_DATE),
    ]
    assert peak < 20 * MAX_BYTES  # ~9x measured: the 10 MB are never read at once


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252"]
)
def test_truncation_never_cuts_a_character_in_half(tmp_path, monkeypatch, encoding):
    text = (
        "Headline\n\n"
        + (BODY.replace("soldiers", "soldiers\u2019 \u201ccaf\u00e9\u201d") + "\n") * 40
    )
    data = text.encode(encoding)
    k = text.index("\u2019", 1000)  # cut at every byte of a curly apostrophe
    start = len(text[:k].encode(encoding))
    for cut in range(start, start + 5):
        monkeypatch.setattr(article_mod, "MAX_BYTES", cut)
        write(tmp_path, "a.txt", data)
        [a] = read_articles(tmp_path).articles
        assert "\ufffd" not in a.text and "\u00e2" not in a.text, (cut, a.text[-20:])
        assert text.startswith(a.text[:-40]) and len(a.text) > 400, cut  # utf-32: 4 bytes a char


def test_htm_suffix_is_html(tmp_path):
    page = (HOSTILE / "page.html").read_bytes()
    write(tmp_path, "saved.htm", page)
    write(tmp_path, "saved2.HTM", page.replace(b"Clashes in Daraa", b"Clashes near Daraa"))
    arts = by_id(read_articles(tmp_path))
    assert arts["saved"].title == "Clashes in Daraa"
    assert arts["saved2"].title == "Clashes near Daraa"
    assert "gunmen attacked a checkpoint" in arts["saved"].text


def test_a_file_that_crashes_the_reader_fails_alone(tmp_path, monkeypatch):
    """A bug triggered by one hostile file is that file's failure, not the run's."""
    real = ingest_pkg.read_file

    def fragile(entry, **kw):
        if entry.rel == "bad.txt":
            raise ValueError("boom")
        return real(entry, **kw)

    monkeypatch.setattr(ingest_pkg, "read_file", fragile)
    write(tmp_path, "bad.txt", BODY + " bad")
    write(tmp_path, "good.txt", BODY)
    result = read_articles(tmp_path)
    assert [a.id for a in result.articles] == ["good"]
    assert problems_of(result, "bad.txt") == [
        ("failed", "unexpected error (please report): ValueError: boom")
    ]


HIDDEN = "\u200d\u200b\U000e0041\U000e0042\u00ad\u2060"


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.txt", f"Zero{HIDDEN} width title\n\n" + BODY),
        ("b.md", f'---\ntitle: "Zero{HIDDEN} width title"\nsource: "SO{HIDDEN}HR"\n---\n' + BODY),
        (
            "c.html",
            "<html><head><title>t</title><meta property='og:title' content='Zero"
            "&#x200D;&#x200B;&#xE0041;&#xE0042;&#xAD;&#x2060; width title'>"
            "<meta property='og:site_name' content='SO&#x200D;&#xE0041;HR'></head>"
            f"<body><article><p>{BODY}</p></article></body></html>",
        ),
    ],
)
def test_invisible_characters_leave_titles_and_sources(tmp_path, name, content):
    """Zero-width joiners and tag characters survived in titles (from a .txt first line,
    a .md title:, an HTML og:title) while bidi controls were removed."""
    write(tmp_path, name, content)
    (article,) = read_articles(tmp_path).articles
    assert article.title == "Zero width title"
    assert name == "a.txt" or article.source == "SOHR"
    assert not set(HIDDEN) & set(article.text)


def test_a_plain_text_article_without_a_headline_gets_a_headline_length_title(tmp_path):
    lead = (
        "Syrian government air strikes killed at least 39 people in Idlib province on "
        "Tuesday, a monitor said, as the offensive on the north went on for a third week."
    )
    (tmp_path / "lead.txt").write_text(f"{lead}\n\nThe Observatory said nine were children.\n")
    [a] = read_articles(tmp_path).articles
    assert a.title == (
        "Syrian government air strikes killed at least 39 people in Idlib province on Tuesday"
    )
    assert a.text.startswith(lead)  # the lead stays in the text


def test_a_headline_from_a_lead_drops_its_dateline_and_is_cut_at_a_word():
    title = article_mod.headline_from_lead(
        "Wed 05 Apr 2017 Victims of a suspected chemical attack in Syria appeared to show "
        "symptoms consistent with reaction to a nerve agent the World Health Organization said"
    )
    assert title == (
        "Victims of a suspected chemical attack in Syria appeared to show symptoms consistent…"
    )
