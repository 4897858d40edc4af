"""Families of means: one list (vocab/means.yaml), read by the extractor and the merge."""

from __future__ import annotations

from itertools import combinations

from generator.events.rules import DISCRETE_FAMILY_OF, means_compatible
from generator.extract.rules.means import same_family
from generator.extract.vocab import table
from generator.knowledge.means import event_types, families, family_of
from generator.model import MEANS


def test_families_are_the_lexicons_each_in_means_order():
    assert families() == (
        ("airstrike", "drone-strike", "barrel-bomb"),
        ("car-bomb", "suicide-bombing", "ied"),
    )
    listed = table("means", "means_families")  # the extractor's vocabulary file
    assert sorted(map(sorted, listed)) == sorted(map(sorted, families()))
    assert same_family("ied", "suicide-bombing") and not same_family("ied", "airstrike")


def test_no_means_is_in_two_families():
    members = [m for family in families() for m in family]
    assert len(members) == len(set(members)) and set(members) <= set(MEANS)
    assert family_of()["barrel-bomb"] == family_of()["airstrike"]
    assert "shelling" not in family_of()


def test_the_merge_tells_means_apart_by_these_families():
    for a, b in combinations([m for m in MEANS if m not in ("unknown", "other")], 2):
        assert means_compatible(a, b) == (b in family_of().get(a, ())), (a, b)
    assert family_of()[DISCRETE_FAMILY_OF] == ("car-bomb", "suicide-bombing", "ied")


def test_gunfire_at_civilians_is_violence_against_civilians_and_at_fighters_a_battle():
    """ "Gunmen shot dead five civilians" against "clashes killed five fighters"."""
    assert event_types("gunfire", "civilians") == ("violence-against-civilians", "attack")
    assert event_types("gunfire", None) == ("battle", "armed-clash")
    assert event_types("airstrike", "civilians") == (
        "explosions-remote-violence",
        "air-drone-strike",
    )
    assert event_types("unknown", "civilians") == ("violence-against-civilians", "attack")
    assert event_types("unknown", None) == ("battle", "armed-clash")


def test_every_means_has_the_event_type_the_extractors_table_gives():
    for means in MEANS:
        spec = table("means", "means").get(means)
        if spec is not None:
            assert event_types(means, None) == tuple(spec["event"])
