"""Every input file accounted for through the command line: summary, Build report, --strict,
and `sitrep import` on a CSV export."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.ingest import read_articles
from tests.helpers import sitrep

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "ingest" / "hostile"
FAKES = Path("/work/shared/corpus/fakes/dev.csv")


def run(capsys, *argv: str) -> tuple[int, str]:
    done = sitrep(capsys, *argv)
    return done.code, done.err


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The hostile corpus built once; the build report and the summary line."""
    tmp = tmp_path_factory.mktemp("hostile")
    articles, docs = tmp / "articles", tmp / "docs"
    shutil.copytree(HOSTILE, articles)
    code = main(["build", str(articles), "--docs", str(docs), "-q", "--no-cache"])
    return code, articles, docs


def test_every_file_is_in_the_summary_and_on_the_build_report(hostile_build, capsys):
    code, articles, docs = hostile_build
    assert code == 0  # skipped and warned files do not stop the build
    result = read_articles(articles)
    counts = {s: sum(p.status == s for p in result.problems) for s in ("skipped", "failed")}
    assert len(result.articles) + counts["skipped"] + counts["failed"] == result.seen
    report = (docs / "build-report.md").read_text(encoding="utf-8")
    assert f"{result.seen} files looked at; {len(result.articles)} articles read." in report
    rows = re.findall(r"^\| (.+?) \| (skipped|failed|warning) \| (.+) \|$", report, re.M)
    assert len(rows) == len(result.problems)
    for problem in result.problems:  # each with its reason, escaped for Markdown
        assert any(
            status == problem.status and html_unescape(path) == problem.path
            for path, status, _ in rows
        ), problem


def test_summary_line_counts_read_skipped_failed(capsys, tmp_path):
    shutil.copytree(HOSTILE, tmp_path / "a")
    code, err = run(capsys, "extract", str(tmp_path / "a"), "--json", "-", "-q", "--no-cache")
    assert code == 0
    result = read_articles(tmp_path / "a")
    skipped = sum(p.status == "skipped" for p in result.problems)
    assert f"{len(result.articles)} articles read, {skipped} skipped, 0 failed; " in err
    for p in result.problems:
        assert f"{p.status}: {p.path}: {p.reason}" in err.splitlines()


def test_strict_fails_before_writing_anything(capsys, tmp_path):
    docs = tmp_path / "docs"
    code, err = run(
        capsys, "build", str(HOSTILE), "--docs", str(docs), "-q", "--no-cache", "--strict"
    )
    assert code == 1
    assert err.strip().splitlines()[-1].endswith("input problems and --strict was given")
    assert not docs.exists()


def test_hostile_text_is_escaped_on_its_page(hostile_build):
    _, _, docs = hostile_build
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "javascript:" not in text.lower(), page
        assert "\u202e" not in text and "{{" not in text, page


def test_import_command_writes_one_article_per_row(capsys, tmp_path):
    code, err = run(capsys, "import", str(FIXTURES / "csv" / "tiny.csv"), str(tmp_path))
    assert code == 0
    assert err.strip().splitlines()[-1] == f"3 article files written to {tmp_path}"
    assert "skipped: tiny.csv:5:" in err  # a row without text, with its reason
    assert len(read_articles(tmp_path).articles) == 3


@pytest.mark.skipif(not FAKES.exists(), reason=f"{FAKES} not present (shared corpus)")
def test_import_command_on_fakes_dev(capsys, tmp_path):
    code, err = run(capsys, "import", str(FAKES), str(tmp_path))
    assert code == 0 and err.strip().endswith(f"413 article files written to {tmp_path}")
    result = read_articles(tmp_path)
    skipped = [p for p in result.problems if p.status != "warning"]
    assert result.seen == 413 and len(result.articles) + len(skipped) == 413


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)
