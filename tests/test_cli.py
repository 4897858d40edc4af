"""The command line: exact error messages, exit codes, and an end-to-end build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import USAGE_EXIT, build_parser, main
from tests.helpers import sitrep

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "articles"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    if argv[0] in {"extract", "build"} and "--no-cache" not in argv:
        argv = (*argv, "--no-cache")
    done = sitrep(capsys, *argv)
    return done.code, done.out, done.err


def test_missing_articles_folder_is_one_line_error(capsys, tmp_path):
    code, _, err = run(
        capsys, "extract", str(tmp_path / "nope"), "--json", str(tmp_path / "o.json")
    )
    assert code == 1
    assert err.strip() == f"Error: articles folder not found: {tmp_path / 'nope'}"


def test_empty_articles_folder_is_one_line_error(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "build", str(tmp_path / "empty"), "--docs", str(tmp_path / "docs"))
    assert code == 1
    assert err.strip() == f"Error: articles folder is empty: {tmp_path / 'empty'}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["build", "--bogus"],
            "Error: sitrep build: one of the arguments ARTICLES --from-extract is required "
            "(see 'sitrep build --help')",
        ),
        (
            ["build", "articles", "--bogus"],
            "Error: sitrep: unrecognized arguments: --bogus (see 'sitrep --help')",
        ),
        (
            ["extract", "articles", "--json", "-", "--jobs", "x"],
            "Error: sitrep extract: argument --jobs: not a number: 'x' "
            "(see 'sitrep extract --help')",
        ),
        ([], "Error: sitrep: the following arguments are required: COMMAND (see 'sitrep --help')"),
    ],
)
def test_a_bad_command_line_is_one_error_line_and_exit_2(capsys, argv, message):
    """The README promises one `Error:` line for a bad option, not argparse's usage block."""
    assert main(argv) == USAGE_EXIT == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", message + "\n")


def test_unwritable_output_is_one_line_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(SAMPLES), "--json", str(blocker / "out.json"), "-q")
    assert code == 1
    assert err.strip().splitlines()[-1].startswith(f"Error: cannot write {blocker / 'out.json'}")


def test_extract_writes_the_contract_and_a_summary_line(capsys, tmp_path):
    out = tmp_path / "incidents.json"
    code, _, err = run(capsys, "extract", str(SAMPLES), "--json", str(out), "-q")
    assert code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "sitrep.incidents/1"
    assert [a["id"] for a in doc["articles"]] == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert all(f["bloc"] for f in doc["factions"].values())
    assert err.strip().splitlines()[-1].startswith("5 articles read, 0 skipped, 0 failed; ")


def test_build_twice_is_byte_identical_and_check_catches_a_stale_page(capsys, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(SAMPLES, articles)
    docs = tmp_path / "docs"
    assert run(capsys, "build", str(articles), "--docs", str(docs), "-q")[0] == 0
    first = {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    assert run(capsys, "build", str(articles), "--docs", str(docs), "-q")[0] == 0
    assert first == {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    assert run(capsys, "build", str(articles), "--docs", str(docs), "--check", "-q")[0] == 0

    page = next((docs / "articles").glob("000*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "stale\n", encoding="utf-8")
    code, out, err = run(capsys, "build", str(articles), "--docs", str(docs), "--check", "-q")
    assert code == 1
    assert "-stale" in out
    assert err.strip().splitlines()[-1].startswith(f"Error: {docs} is stale")


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert command.description, f"sitrep {name} has no description"
        assert f"sitrep {name}" in readme, f"README does not mention `sitrep {name}`"


def test_a_repeated_file_keeps_its_record_in_the_json_and_counts_once(capsys, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    text = (
        "Shelling hits Aleppo\n\nRebel shells killed three civilians in Aleppo city.\n"
        "Mortars killed two children in Idlib.\n"
    )
    (articles / "first.txt").write_text(text, encoding="utf-8")
    (articles / "second.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o.json"
    code, _, err = run(capsys, "extract", str(articles), "--json", str(out))
    assert code == 0
    assert "skipped: second.txt: duplicate of first.txt" in err
    doc = json.loads(out.read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in doc["articles"]}
    assert by_id["second"]["duplicate_of"] == "first"
    assert "duplicate_of" not in by_id["first"]
    first, second = by_id["first"]["incidents"], by_id["second"]["incidents"]
    assert len(first) == len(second) == 2
    assert [i["killed"] for i in first] == [i["killed"] for i in second]
    # one event per incident, each with both files as its reports (undated as they are)
    assert len(doc["events"]) == 2
    for event in doc["events"]:
        assert sorted(r["article"] for r in event["reports"]) == ["first", "second"]


def test_an_article_the_extractor_fails_on_is_reported_and_the_build_goes_on(
    capsys, tmp_path, monkeypatch
):
    import generator.extract as extract

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text("Rebel shells killed three civilians in Aleppo city.\n")
    (articles / "bad.txt").write_text("A text the rules trip over.\n")
    real = extract._code

    def fragile(article, doc):
        if article.id == "bad":
            raise RuntimeError("a bug")
        return real(article, doc)

    monkeypatch.setattr(extract, "_code", fragile)
    docs = tmp_path / "docs"
    code, _, err = run(capsys, "build", str(articles), "--docs", str(docs))
    assert code == 0
    assert "warning: bad.txt: extraction failed (please report): RuntimeError: a bug" in err
    assert "bad.txt" in (docs / "build-report.md").read_text(encoding="utf-8")
    assert (docs / "articles" / "bad.md").is_file()
    code, _, err = run(capsys, "build", str(articles), "--docs", str(docs), "--strict")
    assert code == 1


def test_a_hand_written_article_page_is_never_overwritten_nor_deleted(capsys, tmp_path):
    """docs/articles/my-notes.md was overwritten when my-notes.txt was added, and
    deleted when it was removed; an article named index.txt replaced the Articles page."""
    articles, docs = tmp_path / "articles", tmp_path / "docs"
    articles.mkdir()
    shutil.copy(SAMPLES / "000_b54625fb741f59a2.txt", articles)
    assert run(capsys, "build", str(articles), "--docs", str(docs), "-q")[0] == 0
    notes = docs / "articles" / "my-notes.md"
    notes.write_text("# My notes\n\nKept by hand.\n", encoding="utf-8")
    text = (SAMPLES / "001_76dfe76b0149322f.txt").read_text(encoding="utf-8")
    (articles / "my-notes.txt").write_text(text, encoding="utf-8")
    (articles / "index.txt").write_text(text + "\nAgain.", encoding="utf-8")
    for check in ("--check", None):  # the check and the build agree on the slugs
        argv = ["build", str(articles), "--docs", str(docs), "-q"]
        code, _, err = run(capsys, *argv, *([check] if check else []))
        assert code == (1 if check else 0), err
    assert notes.read_text(encoding="utf-8") == "# My notes\n\nKept by hand.\n"
    assert (docs / "articles" / "index.md").read_text(encoding="utf-8").startswith("# Articles")
    pages = sorted(p.name for p in (docs / "articles").iterdir() if not p.name.startswith("."))
    assert len(pages) == 5 and "my-notes.md" in pages  # 3 articles, the index, the notes
    assert run(capsys, "build", str(articles), "--docs", str(docs), "--check", "-q")[0] == 0
    (articles / "my-notes.txt").unlink()
    assert run(capsys, "build", str(articles), "--docs", str(docs), "-q")[0] == 0
    assert notes.read_text(encoding="utf-8") == "# My notes\n\nKept by hand.\n"


def test_a_file_name_cannot_write_control_sequences_on_the_terminal(capsys, tmp_path):
    """A name with a line break and an escape sequence is reported as one escaped line."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ok.txt").write_text("Shelling in Idlib\n\nShelling hit Idlib.\n", encoding="utf-8")
    (articles / "evil\nwarning: fake\x1b]0;pwned\x07.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "extract", str(articles), "--json", str(tmp_path / "o.json"))
    assert code == 0
    assert "\x1b" not in err and "\x07" not in err
    line = next(x for x in err.splitlines() if "evil" in x)
    assert line.startswith("skipped: evil\\nwarning: fake\\x1b]0;pwned\\x07.pdf: ")
