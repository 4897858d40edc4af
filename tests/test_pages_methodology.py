"""The methodology page: its context comes from the data files, and it renders on its own."""

from __future__ import annotations

import copy
import html
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from generator.model import BLOCS, MEANS, SitrepError
from generator.pages.methodology import methodology_context, scores_context
from generator.pages.render import make_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@pytest.fixture(scope="module")
def context() -> dict:
    return methodology_context()


def render(methodology: dict, root: str = "") -> str:
    env = make_environment(TEMPLATES)
    return env.get_template("methodology.md.j2").render(root=root, methodology=methodology)


def factions_file() -> list[dict]:
    text = resources.files("generator.data").joinpath("factions.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_means_but_other_and_unknown_is_in_the_table(context):
    assert {row["id"] for row in context["means"]} == set(MEANS) - {"other", "unknown"}
    priorities = [row["priority"] for row in context["means"]]
    assert priorities == sorted(priorities, reverse=True)
    assert all(row["words"] for row in context["means"])


def test_every_bloc_used_by_a_faction_is_listed_with_its_factions(context):
    factions = factions_file()
    assert {b["id"] for b in context["blocs"]} == {f["bloc"] for f in factions}
    assert {b["id"] for b in context["blocs"]} <= set(BLOCS)
    listed = {f["id"] for b in context["blocs"] for f in b["factions"]}
    assert listed == {f["id"] for f in factions}


def test_place_counts_cover_the_fourteen_governorates(context):
    rows = context["places"]["by_governorate"]
    assert len(rows) == 14
    assert sum(r["total"] for r in rows) == sum(
        k["count"] for k in context["places"]["by_kind"] if k["kind"] != "governorate"
    )


def test_page_renders_alone_with_the_rules_and_the_vocabularies(context):
    page = render(context)
    assert page.startswith("# Methodology\n")
    assert "Stated totals" in page
    assert "Scores are not published yet." in page or "## Measured scores" in page
    for row in context["means"]:
        assert ", ".join(row["words"]) in page  # plain words: |md leaves them as they are
    for cue in context["cues"]["weak_period"]:
        assert cue in page
    assert f"more than {context['stale_days']} days" in page


def test_in_page_links_point_at_anchors_of_the_page(context):
    page = render(context)
    anchors = set(re.findall(r"\{#([\w-]+)\}", page))
    links = re.findall(r"\]\(([^)]*)\)", page)
    assert links, "the page links to its own sections"
    for link in links:
        assert link.startswith("#") and link[1:] in anchors, link


def test_vocabularies_are_escaped_as_data(context):
    tampered = copy.deepcopy(context)
    tampered["means"][0]["words"] = ["a|b", "<script>", "**bold**"]
    tampered["blocs"][0]["factions"][0]["name"] = "[x](javascript:alert(1))"
    page = render(tampered)
    assert "a&#124;b, &lt;script&gt;, &#42;&#42;bold&#42;&#42;" in page
    assert "<script>" not in page and "a|b" not in page
    assert "](javascript" not in page


def test_scores_are_shown_when_published(context):
    data = {
        "measured_on": "2025-06-01",
        "seeds": {"f1": 0.9, "matched": 18, "toll_ok": 17, "published_ok": "2/2", "new_figure": 3},
        "fakes": {"articles": 413, "province": 0.834},
    }
    with_scores = dict(context, scores=scores_context(data))
    page = render(with_scores)
    shown = html.unescape(page)  # |md writes a leading "83." as "&#56;3." (not a list)
    assert "Scores are not published yet." not in page
    assert "Measured on 2025-06-01" in page
    assert "| F1 | 0.900 |" in shown
    assert "| Death toll right | 17 of 18 |" in shown
    assert "| Publication date right | 2 of 2 |" in shown
    assert "| Governorate right | 83.4% |" in shown
    assert "| new&#95;figure | 3 |" in page  # an unknown figure is shown, escaped


def test_no_scores_file_means_not_published(context):
    assert scores_context(None) is None
    page = render(dict(context, scores=None))
    assert "Scores are not published yet." in page


def test_a_malformed_scores_file_is_an_error_the_user_can_act_on():
    with pytest.raises(SitrepError, match="accuracy.json"):
        scores_context({"seeds": [0.9]})
