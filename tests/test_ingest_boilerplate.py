"""The boilerplate patterns (data) and their effect on the seed texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.ingest.boilerplate import is_boilerplate, patterns, strip_boilerplate

SEEDS = Path(__file__).resolve().parent.parent / "articles"


def test_data_file_rules_have_unique_ids_and_their_examples_match():
    rules = patterns().lines
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.example, rule.id
        assert rule.pattern.fullmatch(rule.example), rule.id
        assert is_boilerplate(rule.example), rule.id


@pytest.mark.parametrize(
    "line",
    [
        "2 min read",
        "  Show Comments  ",
        "Read also: Assad's henchmen -The painstaking hunt for Syrian war criminals in Europe",
        "Follow us on Facebook, Twitter and Instagram to stay connected",
        "Hopes of any lasting truce agreements in northwestern Syria remain elusive [Getty]",
        "Syrians check the wreckage in Idlib on 11 June 2018 [Omar Haj Kadour/AFP/Getty Images]",
        "Syrian refugees and Assad – Cartoon [Sarwar Ahmed/MiddleEastMonitor]",
        "Inside MENA",
        "Live Story",
        "Helpful keywords",
        "Portuguese / Spanish / English",
        "Logo Wide",
        "Middle EastNewsSyria",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "At least two Syrian regime soldiers were killed Thursday after attacks by gunmen.",
        "Regime forces also suffered casualties during an attempted raid in Idlib.",
        "He said the bombing was in retaliation for the regime shelling of Jabal al-Zawiya.",
        "The SOHR said a further four regime soldiers were killed [in clashes] on Friday.",
        "Syria",
        "News from Idlib: ten killed in shelling",
        "English teachers fled the city.",
        "",
    ],
)
def test_body_lines_are_kept(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_only_lose_whole_boilerplate_lines(seed):
    raw = seed.read_text(encoding="utf-8")
    cleaned = strip_boilerplate(raw)
    kept = [line for line in cleaned.split("\n") if line]
    raw_lines = {line.rstrip() for line in raw.split("\n")}
    assert all(line in raw_lines for line in kept)  # every kept line verbatim
    dropped = [line for line in raw.split("\n") if line.strip() and line.rstrip() not in kept]
    assert all(is_boilerplate(line) for line in dropped)
    assert "2 min read" not in cleaned and "Show Comments" not in cleaned
    assert not re.search(r"\n\n\n", cleaned)
