"""The analyst's loop on a small corpus, through the command line and the real
extractor: tests/corpus/analyst/ holds twelve short articles and a
corrections.yaml beside them that uses each kind of correction, and its events
take each grade.

What the loop promises: corrections survive every rebuild and the cache, come
out in ``sitrep extract --json`` beside the machine's values, are part of what
a build depends on (the no-change fast path sees an edit), and one that cannot
be applied is a warning (fatal with --strict), never dropped silently.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import sitrep

CORPUS = Path(__file__).resolve().parent / "corpus" / "analyst"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus (articles/ and corrections.yaml beside it)."""
    shutil.copytree(CORPUS, tmp_path / "analyst")
    return tmp_path / "analyst"


def extract(capsys, articles: Path, *opts: str) -> tuple[dict, str]:
    out = articles.parent / "out.json"
    done = sitrep(capsys, "extract", str(articles), "--json", str(out), "-q", *opts)
    assert done.code == 0, done.err
    return json.loads(out.read_text("utf-8")), done.err


def incidents(doc: dict) -> dict[str, dict]:
    return {i["id"]: i for a in doc["articles"] for i in a["incidents"]}


def event_of(doc: dict, incident_id: str) -> dict:
    return next(e for e in doc["events"] if incident_id in {r["incident"] for r in e["reports"]})


def test_each_kind_of_correction_comes_out_beside_the_machines_value(capsys, corpus):
    doc, err = extract(capsys, corpus / "articles", "--no-cache")
    assert "11 incidents (+1 stated totals, not added); 7 corrections applied" in err
    assert doc["corrections"] == {
        "file": str(corpus / "corrections.yaml"),
        "applied": {
            "set": 2,
            "stated_total": 1,
            "not_incident": 1,
            "split": 1,
            "merge": 1,
            "reviewed": 1,
        },
        "not_applied": 0,
    }
    by_id = incidents(doc)
    # set: the corrected value, the machine's beside it
    daraya = by_id["daraya-lcc-01"]
    assert daraya["killed"]["total"] == 9
    assert daraya["corrections"][0] == {
        "action": "set",
        "field": "killed.total",
        "machine": 8,
        "value": 9,
        "reason": "a child died of wounds (LCC update, 10 February)",
    }
    # not an incident: out of the incidents, listed apart as the machine read it
    assert "salamiyah-01" not in by_id
    [salamiyah] = next(a for a in doc["articles"] if a["id"] == "salamiyah")["not_incidents"]
    assert salamiyah["killed"]["total"] == 2
    assert salamiyah["reason"].startswith("an accidental explosion")
    # a stated total: in no event
    assert by_id["idlib-day-01"]["aggregate"] is True
    assert all("idlib-day-01" not in {r["incident"] for r in e["reports"]} for e in doc["events"])
    # split: the second car bomb is an event of its own
    assert [r["incident"] for r in event_of(doc, "azaz-crossing-01")["reports"]] == [
        "azaz-crossing-01"
    ]
    # merge: the two reports of the checkpoint attack are one event
    tafas = event_of(doc, "tafas-sohr-01")
    assert {r["incident"] for r in tafas["reports"]} == {"tafas-sohr-01", "daraa-military-01"}
    assert tafas["corrections"][0]["action"] == "merge"
    # an event's own figure, with the machine's
    azaz = event_of(doc, "azaz-reuters-01")
    assert azaz["killed"] == {"low": 12, "best": 12, "high": 13}
    assert azaz["machine"] == {"killed": {"best": 13}}
    # reviewed
    assert event_of(doc, "mhardeh-sana-01")["corrections"][0]["action"] == "reviewed"


def test_the_corpus_has_each_grade(capsys, corpus):
    doc, _ = extract(capsys, corpus / "articles", "--no-cache")
    grades = {e["reports"][0]["incident"]: e["grade"] for e in doc["events"]}
    assert grades["azaz-alaraby-01"] == "confirmed"  # the Observatory and the activists
    assert grades["daraya-lcc-01"] == "single-source"
    assert grades["saraqib-sana-01"] == "contested"  # SANA 10, the Observatory 30, same day
    assert grades["mhardeh-sana-01"] == "claim-only"  # a military source, on SANA
    by_id = incidents(doc)
    assert (by_id["mhardeh-sana-01"]["source_kind"], by_id["mhardeh-sana-01"]["source_name"]) == (
        "party",
        "Syrian military sources",
    )
    assert by_id["kafr-nabl-01"]["source_kind"] == "unnamed"


def test_without_the_file_the_machines_coding_stands(capsys, corpus):
    (corpus / "corrections.yaml").unlink()
    doc, err = extract(capsys, corpus / "articles", "--no-cache")
    assert "corrections" not in doc and "corrections applied" not in err
    assert incidents(doc)["daraya-lcc-01"]["killed"]["total"] == 8
    assert "corrections" not in incidents(doc)["daraya-lcc-01"]


def test_corrections_survive_the_cache_and_another_file_can_be_named(capsys, corpus):
    cache = ("--cache-dir", str(corpus / "cache"))
    first, _ = extract(capsys, corpus / "articles", *cache)
    again, err = extract(capsys, corpus / "articles", *cache)
    assert "12 from cache, 0 extracted" in err
    assert again == first
    moved = corpus / "elsewhere.yaml"
    (corpus / "corrections.yaml").rename(moved)
    named, _ = extract(capsys, corpus / "articles", *cache, "--corrections", str(moved))
    assert incidents(named)["daraya-lcc-01"]["killed"]["total"] == 9
    done = sitrep(
        capsys,
        "extract",
        str(corpus / "articles"),
        "--json",
        "-",
        "--corrections",
        str(corpus / "gone.yaml"),
    )
    assert done.code == 1
    assert done.err.strip().endswith(f"Error: corrections file not found: {corpus / 'gone.yaml'}")


def test_a_correction_that_cannot_be_applied_warns_and_strict_fails(capsys, corpus):
    path = corpus / "corrections.yaml"
    n = len(path.read_text("utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as f:
        f.write("- id: daraya-lcc-09\n  set: {killed.total: 1}\n  reason: a typo in the id\n")
    doc, err = extract(capsys, corpus / "articles", "--no-cache")
    line = (
        f"warning: {path}: line {n}: no incident or event has the id "
        "'daraya-lcc-09'; correction not applied"
    )
    assert line in err.splitlines()
    assert doc["corrections"]["not_applied"] == 1
    done = sitrep(
        capsys, "build", str(corpus / "articles"), "--docs", str(corpus / "docs"), "--strict", "-q"
    )
    assert done.code == 1
    assert "Error: 1 input problems and --strict was given" in done.err
    # the Build report lists it
    done = sitrep(capsys, "build", str(corpus / "articles"), "--docs", str(corpus / "docs"), "-q")
    assert done.code == 0
    report = (corpus / "docs" / "build-report.md").read_text("utf-8")
    assert "no incident or event has the id 'daraya-lcc-09'" in report


def test_an_edit_to_the_corrections_is_a_change_for_the_build_record(capsys, corpus):
    articles, docs = corpus / "articles", corpus / "docs"
    opts = ("--docs", str(docs), "--cache-dir", str(corpus / "cache"), "-q")
    assert sitrep(capsys, "build", str(articles), *opts).code == 0
    again = sitrep(capsys, "build", str(articles), *opts)
    assert "nothing changed since the last build" in again.err
    assert "7 corrections applied" in again.err
    path = corpus / "corrections.yaml"
    path.write_text(
        path.read_text("utf-8").replace("killed.total: 9", "killed.total: 10"), encoding="utf-8"
    )
    edited = sitrep(capsys, "build", str(articles), *opts)
    assert "nothing changed" not in edited.err
    assert "12 from cache, 0 extracted" in edited.err
    assert "| 8 → 10 |" in (docs / "articles" / "daraya-lcc.md").read_text("utf-8")
    path.unlink()
    removed = sitrep(capsys, "build", str(articles), *opts)
    assert "nothing changed" not in removed.err


def test_review_lists_what_the_corrections_left_with_the_ids(capsys, corpus):
    done = sitrep(capsys, "review", str(corpus / "articles"), "--no-cache", "-q", "--json", "-")
    assert done.code == 0, done.err
    doc = json.loads(done.out)
    assert doc["counts"] == {"contested": 1, "range": 1, "imputed-attacker": 2}
    first = doc["items"][0]
    assert (first["kind"], first["reports"]) == ("contested", 2)
    assert first["ids"][1:] == ["saraqib-sana-01", "saraqib-sohr-01"]
    text = sitrep(capsys, "review", str(corpus / "articles"), "--no-cache", "-q")
    assert text.out.splitlines()[0] == (
        "4 items to review on 2 of 8 events: 1 contested, 1 tolls differ, "
        "2 attacker not named in the text"
    )
    assert "   ids: ev-870a6024977b kafr-nabl-01" in text.out.splitlines()


def test_the_site_shows_each_correction_beside_the_machines_value_and_the_grades(capsys, corpus):
    docs = corpus / "docs"
    done = sitrep(capsys, "build", str(corpus / "articles"), "--docs", str(docs), "-q")
    assert done.code == 0, done.err
    daraya = (docs / "articles" / "daraya-lcc.md").read_text("utf-8")
    assert "| [1](#i-daraya-lcc-01) ✎ |" in daraya and "| 8 → 9 |" in daraya
    assert "- ✎ killed 8 → 9, corrected: a child died of wounds" in daraya
    assert "Graded *single source*" in daraya
    salamiyah = (docs / "articles" / "salamiyah.md").read_text("utf-8")
    assert "## Not incidents (corrected)" in salamiyah
    assert "an accidental explosion at a depot, not an attack |" in salamiyah
    aleppo = (docs / "governorates" / "aleppo.md").read_text("utf-8")
    assert "[13 → 12](../articles/azaz-alaraby.md#i-azaz-alaraby-01) (12–13) | – | confirmed |" in (
        aleppo
    )
    home = (docs / "index.md").read_text("utf-8")
    assert "| **All events** | 8 | 11 | 78 |" in home
    assert "| Independently confirmed | 1 | 2 | 12 |" in home
    assert "| Contested | 1 | 2 | 30 |" in home and "| Claim only | 1 | 1 | 3 |" in home
    methodology = (docs / "methodology.md").read_text("utf-8")
    assert "On this site, 7 corrections applied:" in methodology
    assert "| Value corrected | 2 |" in methodology and "| Events merged | 1 |" in methodology
    # the downloads: both values, the grade, the stated total apart, the snapshot
    events = (docs / "downloads" / "events.csv").read_text("utf-8")
    assert '"ev-1723aaae7f91"' in events and "killed.best: 13 -> 12 (the Observatory" in events
    stated = (docs / "downloads" / "stated_totals.csv").read_text("utf-8")
    assert stated.count("\n") == 2 and '"idlib-day-01"' in stated
    reports = (docs / "downloads" / "incidents.csv").read_text("utf-8")
    assert '"idlib-day-01"' not in reports and "killed.total: 8 -> 9" in reports
    data = (docs / "data.md").read_text("utf-8")
    for name in ("events.csv", "incidents.csv", "stated_totals.csv"):
        header = (docs / "downloads" / name).read_text("utf-8").splitlines()[0].split(",")
        section = data.split(f"## {name}")[1].split("\n## ")[0]
        assert [c for c in header if f"| `{c}` |" not in section] == [], name
    assert "> sitrep " in data and "7 analyst corrections; data as of\n> 2019-06-03." in data


def test_what_an_analyst_writes_is_escaped_like_article_text(capsys, corpus):
    """A reason, a place and an unknown id reach the article page, the Build report and
    the CSV files: each as the characters it is, never markup or a formula."""
    (corpus / "corrections.yaml").write_text(
        "- id: daraya-lcc-01\n"
        "  set: {place: '<img src=x onerror=alert(1)>', killed.total: 9}\n"
        "  reason: '=HYPERLINK(\"http://x\") | <script>alert(1)</script> [x](javascript:1)'\n"
        "- id: '<b>ev-1</b>'\n"
        "  reviewed: true\n"
        "  reason: a typo\n",
        encoding="utf-8",
    )
    docs = corpus / "docs"
    done = sitrep(capsys, "build", str(corpus / "articles"), "--docs", str(docs), "-q")
    assert done.code == 0, done.err
    for page in ("articles/daraya-lcc.md", "build-report.md", "governorates/rif-dimashq.md"):
        text = (docs / page).read_text("utf-8")
        assert "<script" not in text and "<img" not in text and "<b>" not in text, page
        assert "](javascript:" not in text, page
    article = (docs / "articles" / "daraya-lcc.md").read_text("utf-8")
    assert "&lt;script&gt;" in article and "&#124; " in article  # one cell, one line
    for name in ("incidents.csv", "events.csv"):
        text = (docs / "downloads" / name).read_text("utf-8")
        assert '"=HYPERLINK' not in text and "; =HYPERLINK" not in text
