"""Publication dates of whole files: front matter, HTML metadata, the text's date line, and
the warnings when they disagree or are missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.ingest import read_articles
from generator.ingest.article import AGREE_DAYS, NO_DATE

BODY = (
    "Two soldiers were killed on Thursday when gunmen attacked a checkpoint in the town of "
    "Al-Fatatra in the southern province of Daraa, according to Syrian military sources."
)
PAGE = """<!DOCTYPE html><html><head><title>Clashes in Daraa | Example News</title>
{meta}
</head><body><article><h1>Clashes in Daraa</h1>
<p>{dateline}</p>
<p>{body}</p>
<p>Regime forces also suffered casualties during a raid in the countryside of Idlib.</p>
<p>The Syrian Observatory for Human Rights said the fighting was the heaviest for months.</p>
</article></body></html>
"""
META = '<meta property="article:published_time" content="{}T10:00:00Z">'


def read_one(folder: Path, name: str, text: str):
    (folder / name).write_text(text, encoding="utf-8")
    result = read_articles(folder, today=dt.date(2025, 1, 1))
    [article] = result.articles
    return article, [p.reason for p in result.problems if p.status == "warning"]


def test_date_line_of_a_pasted_text(tmp_path):
    article, warnings = read_one(
        tmp_path, "a.txt", f"Gunmen kill two soldiers\n\nPosted on April 6 2023 by Staff {BODY}"
    )
    assert (article.published, warnings) == (dt.date(2023, 4, 6), [])
    assert article.text.startswith("Gunmen kill two soldiers\n\nPosted on April 6 2023")  # verbatim


def test_front_matter_wins_and_a_close_date_line_is_no_warning(tmp_path):
    assert AGREE_DAYS == 3
    text = f"---\ndate: 2023-04-07\n---\nHeadline\n\nTue 04 Apr 2023 {BODY}"
    article, warnings = read_one(tmp_path, "a.md", text)
    assert (article.published, warnings) == (dt.date(2023, 4, 7), [])


def test_front_matter_wins_over_a_date_line_days_away_with_a_warning(tmp_path):
    text = f"---\ndate: 2023-04-07\n---\nHeadline\n\nMon 03 Apr 2023 {BODY}"
    article, warnings = read_one(tmp_path, "a.md", text)
    assert article.published == dt.date(2023, 4, 7)
    assert warnings == [
        "front matter date 2023-04-07 kept: the date line in the text ('Mon 03 Apr 2023') "
        "is 4 days from it"
    ]


def test_an_unusable_front_matter_date_gives_way_to_the_date_line(tmp_path):
    text = f"---\ndate: 2023-02-30\n---\nHeadline\n\n21.08.2013 {BODY}"
    article, warnings = read_one(tmp_path, "a.md", text)
    assert article.published == dt.date(2013, 8, 21)
    assert warnings == [
        "date '2023-02-30' is not a real date; the date line in the text ('21.08.2013') used"
    ]


def test_no_date_anywhere_is_a_warning(tmp_path):
    article, warnings = read_one(tmp_path, "a.txt", f"Headline\n\n{BODY}")
    assert (article.published, warnings) == (None, [NO_DATE])


def test_a_yearless_date_line_with_nothing_near_it_is_a_warning(tmp_path):
    text = f"Headline\n\nBEIRUT, April 7 (Reuters) - {BODY}"
    article, warnings = read_one(tmp_path, "a.txt", text)
    assert article.published is None
    assert warnings == [
        "the date line in the text ('April 7') gives no year and none of the text's dates is "
        "near it; date left empty"
    ]


def test_an_impossible_date_line_is_a_warning(tmp_path):
    article, warnings = read_one(tmp_path, "a.txt", f"Headline\n\n30.02.2017 Get short URL {BODY}")
    assert article.published is None
    assert warnings == [
        "the date line in the text ('30.02.2017') is not a real date; date left empty"
    ]


@pytest.mark.parametrize(
    ("meta", "dateline", "published", "warnings"),
    [
        # the page's metadata, as htmldate reads it through trafilatura
        (META.format("2023-04-07"), "", dt.date(2023, 4, 7), []),
        (META.format("2023-04-07"), "Thursday 06 April 2023", dt.date(2023, 4, 7), []),
        (
            META.format("2023-04-07"),
            "Friday 24 March 2023",
            dt.date(2023, 4, 7),
            [
                "page metadata date 2023-04-07 kept: the date line in the text "
                "('Friday 24 March 2023') is 14 days from it"
            ],
        ),
        # no metadata: the text's date line
        ("", "Published April 6 2023", dt.date(2023, 4, 6), []),
        ("", "", None, [NO_DATE]),
    ],
)
def test_html_metadata_then_the_date_line(tmp_path, meta, dateline, published, warnings):
    page = PAGE.format(meta=meta, dateline=dateline, body=BODY)
    article, got = read_one(tmp_path, "page.html", page)
    assert (article.published, got) == (published, warnings)


def test_strict_build_fails_on_an_article_without_a_date(tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "undated.txt").write_text(f"Headline\n\n{BODY}", encoding="utf-8")
    docs = tmp_path / "docs"
    assert main(["build", str(articles), "--docs", str(docs), "-q", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert f"warning: undated.txt: {NO_DATE}" in err
    assert "undated.txt" in (docs / "build-report.md").read_text(encoding="utf-8")
    strict = ["build", str(articles), "--docs", str(tmp_path / "d2"), "-q", "--no-cache"]
    assert main([*strict, "--strict"]) == 1
    assert (
        capsys.readouterr().err.strip().endswith("Error: 1 input problems and --strict was given")
    )


def test_methodology_page_says_how_the_publication_date_is_read():
    from generator.pages.methodology import methodology_context
    from generator.pages.render import make_environment

    templates = Path(__file__).resolve().parent.parent / "site_templates"
    page = (
        make_environment(templates)
        .get_template("methodology.md.j2")
        .render(root="", methodology=methodology_context())
    )
    assert "**Publication date**" in page
    assert f"more than {AGREE_DAYS} days from the front matter's" in page
    assert "date of publication" in page and "Reuters" in page  # from datelines.yaml
