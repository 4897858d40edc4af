"""Property: whatever an article says, its page carries no live HTML, script or link."""

from __future__ import annotations

import dataclasses
import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.events.totals import build_report
from generator.pages.render import render_pages
from tests.helpers import FACTIONS, sample_coded

HOSTILE_BITS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "[x](javascript:alert(1))",
        "<iframe src=//e>",
        "{{ 7*7 }}",
        "{% raw %}",
        "| a | b |",
        "# h",
        "!!! note",
        "---",
        "\u202e",
        "<a href='x'>",
        "<svg onload=alert(1)>",
        "`code`",
        "\n\n",
    ]
)
TEXT = st.lists(st.one_of(HOSTILE_BITS, st.text(max_size=20)), max_size=6).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, evidence=TEXT, place=TEXT, source=TEXT)
def test_rendered_pages_never_carry_live_markup(title, evidence, place, source):
    coded = sample_coded()
    first = coded[0]
    incidents = tuple(
        dataclasses.replace(i, evidence=evidence, place=dataclasses.replace(i.place, name=place))
        for i in first.incidents
    )
    article = dataclasses.replace(first.article, title=title, source=source)
    coded[0] = dataclasses.replace(first, article=article, incidents=incidents, summary=evidence)
    pages = render_pages(build_report(coded, [], FACTIONS))
    page = pages["articles/001-clashes.md"]
    html = markdown.markdown(page, extensions=["tables", "attr_list"])
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<img" not in lowered
    assert "javascript:" not in lowered
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", lowered)  # no event-handler attributes
    assert "\u202e" not in page
    assert "49" not in html or "{{" not in page  # Jinja never evaluates article text
