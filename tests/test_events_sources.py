"""Whose figure it is, and each event's grade (generator/events/sources.py).

Hand-made reports, independent of the extractor: one test per kind of source and
per grade of the module docstring, and the edges that decide them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from generator.events.merge import merge_incidents
from generator.events.sources import (
    GRADES,
    KINDS,
    Source,
    attacker_named,
    classify,
    grade_events,
)
from generator.extract import load_factions
from generator.model import CodedArticle, Incident
from tests.helpers import D, art, inc

FACTIONS = load_factions()


@pytest.mark.parametrize(
    ("attribution", "outlet", "expected"),
    [
        ("SOHR", None, Source("monitor", "Syrian Observatory for Human Rights")),
        (
            "the Syrian Observatory for Human Rights",
            "SANA",
            Source("monitor", "Syrian Observatory for Human Rights"),
        ),
        (
            "VIOLATIONS DOCUMENTATION CENTER",
            None,
            Source("monitor", "Violations Documentation Center"),
        ),
        ("UNICEF", None, Source("monitor", "UNICEF")),
        ("Syrian military sources", None, Source("party", "Syrian military sources")),
        ("Russian Defence Ministry", "TASS", Source("party", "Russian Defence Ministry")),
        # a faction claiming a strike or its losses is a party, from the factions' own names
        ("Hay'at Tahrir al-Sham", None, Source("party", "Hay'at Tahrir al-Sham")),
        ("Syrian government forces", None, Source("party", "Syrian government forces")),
        ("Local Coordination Committees", None, Source("local", "Local Coordination Committees")),
        ("White Helmets", None, Source("local", "Syrian Civil Defence (White Helmets)")),
        ("Amaq", None, Source("state-media", "Amaq")),
        # no attribution: the figure is the outlet's when the outlet is a party's or a state's
        (None, "SANA", Source("state-media", "SANA")),
        (None, "manar", Source("state-media", "Al-Manar")),
        (None, "Hawar News Agency", Source("state-media", "Hawar News Agency")),
        (None, "Reuters", Source("unnamed", "Reuters")),
        (None, None, Source("unnamed", None)),
        (None, "  ", Source("unnamed", None)),
    ],
)
def test_sources_are_classified_by_their_listed_names(attribution, outlet, expected):
    assert classify(attribution, outlet, FACTIONS) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Syrian Human Rights Group",  # not listed: never the listed Syrian Human Rights Committee
        "Syrian Observatory for Human Right",  # one letter off is another name
        "Observatory for Human Rights",
        "SOHR activists",
    ],
)
def test_an_unknown_organisation_is_other_never_a_similar_known_one(name):
    source = classify(name, "SANA", FACTIONS)
    assert source == Source("other", name)
    assert source.label == KINDS["other"]


def test_a_faction_is_named_in_the_sentence_or_not():
    named = inc("a", perpetrator="syrian-government")
    assert attacker_named(
        replace(named, evidence="Regime warplanes struck the town, killing 9."), FACTIONS
    )
    assert not attacker_named(
        replace(named, evidence="Barrel bombs fell on the town, killing 9."), FACTIONS
    )
    # whole words only: "Irani" does not name Iran
    iran = replace(named, perpetrator="iran-backed-militias", evidence="Irani said 9 died.")
    assert not attacker_named(iran, FACTIONS)
    assert not attacker_named(replace(named, perpetrator=None), FACTIONS)


def report(
    article_id: str,
    *,
    attribution: str | None = None,
    source: str | None = None,
    killed: int | None = 10,
    perpetrator: str | None = None,
    evidence: str = "A car bomb exploded in Rashideen.",
    published: dt.date = D,
    means: str = "car-bomb",
) -> CodedArticle:
    incident: Incident = replace(
        inc(article_id, killed=killed, perpetrator=perpetrator, means=means),
        attribution=attribution,
        evidence=evidence,
    )
    return art(article_id, incident, published=published, source=source)


def grade_of(*coded: CodedArticle):
    events = merge_incidents(list(coded), FACTIONS)
    assert len(events) == 1, "the reports should make one event"
    return grade_events(events, coded, FACTIONS)[events[0].id]


def test_two_different_independent_sources_confirm_an_event():
    g = grade_of(
        report("a", attribution="SOHR", source="Reuters"),
        report("b", attribution="Local Coordination Committees", source="Al-Araby"),
    )
    assert g.grade == "confirmed"
    assert [s.kind for s in g.sources] == ["monitor", "local"]


def test_one_source_repeated_by_many_outlets_is_a_single_source():
    g = grade_of(
        report("a", attribution="SOHR", source="Reuters"),
        report("b", attribution="Syrian Observatory", source="AFP"),
        report("c", source="Al-Ahram"),
    )
    assert g.grade == "single-source"
    assert g.why == "one independent source: Syrian Observatory for Human Rights"


def test_an_event_only_a_party_or_its_media_reports_is_a_claim():
    g = grade_of(
        report("a", attribution="Syrian military sources", source="SANA"),
        report("b", source="SANA"),
    )
    assert g.grade == "claim-only"
    assert {s.kind for s in g.sources} == {"party", "state-media"}


def test_reports_that_blame_different_sides_are_contested():
    # Reports blaming different blocs merge only where the blame is what the reports
    # dispute: a chemical attack (or an analyst's merge).
    g = grade_of(
        report(
            "a",
            attribution="SANA",
            perpetrator="hts",
            means="chemical",
            evidence="Terrorists of Jabhat al-Nusra fired the toxic gas at Rashideen.",
        ),
        report(
            "b",
            attribution="SOHR",
            perpetrator="syrian-government",
            means="chemical",
            evidence="Regime forces were behind the gas attack on Rashideen.",
        ),
    )
    assert g.grade == "contested"
    assert g.why == "reports blame Hay'at Tahrir al-Sham and Syrian government forces"


def test_an_attacker_the_text_does_not_name_blames_no_one():
    # the second report's attacker came from elsewhere (a convention, the headline)
    g = grade_of(
        report(
            "a",
            attribution="SOHR",
            perpetrator="hts",
            means="chemical",
            evidence="Nusra gassed it.",
        ),
        report("b", attribution="VDC", perpetrator="syrian-government", means="chemical"),
    )
    assert g.grade == "confirmed"


def test_tolls_far_apart_on_the_same_days_are_contested_and_revisions_are_not():
    same_day = grade_of(
        report("a", attribution="SANA", killed=10),
        report("b", attribution="SOHR", killed=40, published=D + dt.timedelta(1)),
    )
    assert same_day.grade == "contested"
    assert (
        same_day.why
        == "the sources disagree: SANA gives 10 killed, Syrian Observatory for Human Rights 40"
    )
    # a week later, 40 is a revision of 10: the range shows it, no contest
    later = grade_of(
        report("a", attribution="SOHR", killed=10, published=D - dt.timedelta(3)),
        report("b", attribution="VDC", killed=40, published=D + dt.timedelta(4)),
    )
    assert later.grade == "confirmed"
    # close tolls (high <= 1.5 x low + 2) are no dispute
    close = grade_of(
        report("a", attribution="SOHR", killed=10), report("b", attribution="VDC", killed=17)
    )
    assert close.grade == "confirmed"
    # one source revising itself is no dispute either
    revised = grade_of(
        report("a", attribution="SOHR", killed=10), report("b", attribution="SOHR", killed=40)
    )
    assert revised.grade == "single-source"


def test_every_grade_has_a_label():
    assert set(GRADES) == {"confirmed", "single-source", "contested", "claim-only"}


def _contains_by_scan(words: list[str], phrase: list[str]) -> bool:
    """The scan attacker_named made before it compared padded strings."""
    n = len(phrase)
    return bool(n) and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def test_padded_strings_match_exactly_where_a_scan_of_whole_words_does() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.events.sources import _padded

    word = st.sampled_from(["al", "nusra", "front", "jabhat", "a", "aa"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(word, max_size=8), st.lists(word, max_size=3))
    def check(words: list[str], phrase: list[str]) -> None:
        found = bool(phrase) and _padded(phrase) in _padded(words)
        assert found == _contains_by_scan(words, phrase)

    check()


def test_reports_with_the_same_attribution_and_outlet_share_one_source():
    """A build keeps every report's source to the end: one object per source said."""
    from generator.events.sources import Sources
    from tests.helpers import article, incident

    sources = Sources(FACTIONS)
    sana = article("", id="a", source="SANA")
    first = sources.of(incident("a", 1, attribution="SOHR"), sana)
    second = sources.of(incident("b", 1, attribution="SOHR"), article("", id="b", source="SANA"))
    assert first is second and first == Source("monitor", "Syrian Observatory for Human Rights")
    assert sources.of(incident("a", 2), sana) == Source("state-media", "SANA")
