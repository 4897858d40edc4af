"""No single article may stall extraction (issue 12, item 7): matching names is
linear in the names of a clause."""

from __future__ import annotations

from generator.budget import cpu_budget
from generator.extract.lexicon import load_lexicon
from generator.extract.rules import read_places
from generator.extract.words import make_clause

BUDGET = 2.0


def test_many_place_names_in_one_clause_are_matched_in_linear_time():
    """170 KB of place names in one clause took 7 s (the matcher searched back for
    each name's end; each place looked at every other for its governorate)."""
    names = ["Idlib", "Ariha", "Saraqib", "Maarat al-Numan", "Deir ez-Zor", "Kafr Nabl"]
    text = "Shelling killed 3 in " + ", ".join(names[i % 6] for i in range(16_000))
    with cpu_budget(BUDGET):
        clause = make_clause(text, load_lexicon())
        read_places(clause, set())
    assert len(clause.places) == 16_000
