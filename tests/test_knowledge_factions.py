"""How a side of an incident is named: a faction, civilians, or nobody."""

from __future__ import annotations

from generator.knowledge.factions import CIVILIANS, faction_name
from tests.helpers import FACTIONS


def test_factions_civilians_unknown_ids_and_nobody():
    assert faction_name("hts", FACTIONS) == "Hay'at Tahrir al-Sham"
    assert faction_name(CIVILIANS, FACTIONS) == "Civilians"
    assert faction_name("gone", FACTIONS) == "gone"  # an id the data no longer lists
    assert faction_name(None, FACTIONS) == "not stated"
    assert faction_name(None, FACTIONS, none="") == ""
    assert faction_name("hts", None) == "hts"


def test_the_faction_ids_the_rules_name_are_the_datas():
    """``GOVERNMENT`` and ``UNIDENTIFIED`` are read by the extractor and the merge: a
    renamed id in factions.jsonl fails here, not silently in both."""
    from generator.extract import load_factions
    from generator.knowledge.factions import GOVERNMENT, UNIDENTIFIED

    factions = load_factions()
    assert factions[GOVERNMENT].bloc == "syrian-government-and-allies"
    assert factions[UNIDENTIFIED].bloc == "unknown"
