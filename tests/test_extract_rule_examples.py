"""One sentence per named rule, on the blank pipeline (no model): the rule decides
what its docstring says on the example. Every rule of an ordered list
(``NUMBER_ROLES``, ``ROLE_RULES``, ``MEANS_RULES``, ...) and every name an incident's
``why`` can hold has an example here; the last tests check that none is missing,
so a new rule comes with its sentence.

To see which rules decided an article's incidents: ``sitrep extract FOLDER --json
out.json`` (each incident's ``why``).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Span

import generator.extract
import generator.extract.rules
from generator.extract import extract_article, load_factions
from generator.extract.candidates import read_candidates
from generator.extract.clauses import article_doc
from generator.extract.gazetteer import FACTION_FILTERS, PLACE_FILTERS
from generator.extract.incidents import ARTICLE_STEPS, drop_vague
from generator.extract.numbers import NOT_COUNTS, Bounds, numbers_in
from generator.extract.pipeline import get_nlp
from generator.extract.rules import WHY_LABELS
from generator.extract.rules.attribution import ATTRIBUTION_RULES, read_attribution
from generator.extract.rules.casualties import NUMBER_ROLES, count_of, count_role, read_toll
from generator.extract.rules.means import MEANS_RULES, read_means
from generator.extract.rules.roles import (
    ROLE_RULES,
    TARGET_RULES,
    Reading,
    named_in,
    read_roles,
    role_of,
)
from generator.extract.sentences import SENTENCE_STARTS
from generator.model import Article
from tests import helpers
from tests.helpers import clause

SNAPSHOTS = helpers.ROOT / "tests" / "snapshots" / "extract"


def span_of(text: str, name: str) -> Span:
    """The tokens of ``name`` (its first occurrence) in the doc of ``text``."""
    doc = get_nlp()(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None, (text, name)
    return span


# ---------------------------------------------------------------- what a count counts
NUMBER_ROLE_EXAMPLES = [
    ("counts_things", "30 tanks were destroyed", "30", "nothing"),
    ("counts_events", "the jets struck the town 84 times", "84", "events"),
    ("participle_after", "10 civilians killed 15 injured", "15", "injured"),
    ("not_killed_before", "Daesh kidnapped 900, executed 18", "900", "nothing"),
    ("killed_by_verb_before", "rebels killing 13 fighters", "13", "killed"),
    ("combined_count", "rebels killed and wounded more than 110 fighters", "110", "combined"),
    ("counted_by_word_after", "12 people died in the attack", "12", "killed"),
    ("killed_by_word_before", "the strikes kill 5 injure 50", "50", "injured"),
    ("fighters_destroyed", "the army destroyed over 60 terrorists", "60", "killed"),
    (
        "passive_of_its_phrase",
        "more than 60 mercenaries from the former Soviet Union and Egypt were killed",
        "60",
        "killed",
    ),
    (
        "joined_to_the_count_before",
        "killing two men from Hezbollah and three men from the popular committees",
        "three",
        "killed",
    ),
]


@pytest.mark.parametrize(("rule", "text", "number", "role"), NUMBER_ROLE_EXAMPLES)
def test_number_role(rule: str, text: str, number: str, role: str) -> None:
    c = clause(text)
    [span] = [n for n in numbers_in(c) if n.text == number]
    assert count_role(count_of(c, span)) == (role, rule)


# ---------------------------------------------------------------- who killed whom
ROLE_EXAMPLES = [
    (
        "political_body",
        "the Syrian Coalition mourns 5 rescue workers killed by airstrikes",
        "Syrian Coalition",
        "loose",
    ),
    ("designation", "clashed with the Islamic State (banned in Russia)", "Russia", "loose"),
    ("hypothetical", "citizens are bracing for a possible US attack", "US", "loose"),
    ("holder", "an air raid hit a village controlled by the IS group", "IS group", "loose"),
    ("suffered_by", "the biggest loss experienced by Russian forces", "Russian forces", "victim"),
    ("admits_killing", "the Coalition later admitted killing one civilian", "Coalition", "agent"),
    ("claims_attack", "ISIS fighters also claimed a suicide attack on a town", "ISIS", "agent"),
    (
        "shows_killing",
        "IS has released a new video purporting to show the killing of two activists",
        "IS",
        "agent",
    ),
    ("by_agent", "the town was attacked by gunmen", "gunmen", "agent"),
    ("attempt_by", "an attempt by armed rebels to advance failed", "rebels", "agent"),
    ("claimant", "HTS said the strike killed five", "HTS", "claimant"),
    ("suffered", "regime forces also suffered casualties", "regime", "victim"),
    (
        "counted_victims",
        "At least 10 Syrian soldiers killed in Israeli raids",
        "soldiers",
        "victim",
    ),
    ("aircraft_downed", "5 Killed as Russian Military Chopper Shot down", "Russian", "victim"),
    ("name_carries_means", "five were killed in renewed regime airstrikes", "regime", "agent"),
    ("coordinated_means", "a toll from Russian and coalition air raids", "Russian", "agent"),
    (
        "headline_passive",
        "Syrian rebel fighters killed in IS suicide bomb attack",
        "rebel",
        "victim",
    ),
    ("acts", "Daesh fighters killed eight soldiers", "Daesh", "agent"),
    ("unidentified", "gunmen on motorcycles opened fire", "gunmen", "agent"),
    ("ally", "fighting alongside the Syrian regime, they were killed", "regime", "loose"),
    ("object_of", "the shelling of HTS positions", "HTS", "victim"),
    ("in_victim_phrase", "two regime soldiers and a civilian were killed", "regime", "victim"),
    ("in_clash", "clashes between HTS and regime forces killed six", "HTS", "side"),
    ("claims_later", "HTS then quickly alleged that 20 soldiers died", "HTS", "claimant"),
    ("clause_subject", "Turkish forces on Sunday shelled the village", "Turkish", "agent"),
    ("loose", "journalists met Hezbollah officials", "Hezbollah", "loose"),
]


@pytest.mark.parametrize(("rule", "text", "name", "role"), ROLE_EXAMPLES)
def test_role(rule: str, text: str, name: str, role: str) -> None:
    [named] = [n for n in named_in(clause(text)) if name in n.mention.text]
    assert role_of(named) == (role, rule)


TARGET_EXAMPLES = [
    ("civilian_victims", "Three civilians were killed in the shelling", "civilians"),
    ("regime_losses", "condolences over the deaths of the five soldiers", "syrian-government"),
]


@pytest.mark.parametrize(("rule", "text", "target"), TARGET_EXAMPLES)
def test_target(rule: str, text: str, target: str) -> None:
    c = clause(text)
    roles = read_roles(c, read_toll(c))
    assert (roles.target, roles.why_target) == (target, (rule,))
    reading = Reading(c, read_toll(c), roles.perpetrator, None, ())
    assert {r.__name__: r(reading) for r in TARGET_RULES}[rule] == target


# ---------------------------------------------------------------- by what means
MEANS_EXAMPLES = [
    ("aircraft_lost", "a warplane crashed into a market, killing 5", "other"),
    ("kills_captives", "IS massacred 250 troops taken hostage", "execution"),
    ("named_weapon", "regime shelling targeting the village of Halfaya killed 3", "shelling"),
    ("bombing_word", "the regime bombed the town, killing 4", None),
    ("gunfire", "clashes broke out, killing 3", "gunfire"),
    ("no_means", "an attack killed five", None),
]


@pytest.mark.parametrize(("rule", "text", "means"), MEANS_EXAMPLES)
def test_means(rule: str, text: str, means: str | None) -> None:
    reading = read_means(clause(text))
    assert (reading.means, reading.why[-1]) == (means, rule)


# ---------------------------------------------------------------- who says so
ATTRIBUTION_EXAMPLES = [
    (
        "speaking_source",
        "Syrian army officers were among the dead, the Syrian Observatory said.",
        "Syrian Observatory for Human Rights",
    ),
    (
        "quoted_as_written",
        "Five civilians were killed, according to the Aleppo Media Center.",
        "Aleppo Media Center",
    ),
    ("first_source", "Five civilians were killed in Azaz on Monday, activists and medics", None),
]


@pytest.mark.parametrize(("rule", "text", "source"), ATTRIBUTION_EXAMPLES)
def test_attribution(rule: str, text: str, source: str | None) -> None:
    sentence = clause(text)
    found, why = read_attribution(sentence, None)
    assert why == rule
    if source is not None:
        assert found == source


# ---------------------------------------------------------------- which matches are mentions
FILTER_EXAMPLES = [
    ("names_media", "Aleppo Media Center said five were killed", "Aleppo"),
    ("names_a_street", "a group was killed southeast of Busra Square", "Busra"),
    ("in_unit_name", "fighters of Liwa Ahrar Halfaya were killed", "Halfaya"),
    ("is_dateline", "IDLIB (Reuters) - Five were killed", "IDLIB"),
    ("in_person_name", "AP Photo Hussein Malla: five were killed", "Malla"),
    ("origin_of_the_displaced", "families displaced from Aleppo were killed", "Aleppo"),
    ("names_territory", "shelling of regime-held areas", "regime"),
    ("names_a_place", "a village near the Turkish border", "Turkish"),
    ("where_someone_sits", "the Observatory, based in Britain, said", "Britain"),
]


@pytest.mark.parametrize(("rule", "text", "name"), FILTER_EXAMPLES)
def test_mention_filter(rule: str, text: str, name: str) -> None:
    filters = {f.__name__: f for f in (*PLACE_FILTERS, *FACTION_FILTERS)}
    assert filters[rule](span_of(text, name))
    assert not filters[rule](span_of(f"Five were killed in {name} on Monday", name))


NOT_COUNT_EXAMPLES = [
    ("is_age", "a 16-year-old boy was killed", "16"),
    ("measures_or_dates", "on 27 Jul 2016 the town was shelled", "27"),
    ("in_numeric_date", "on 29-07-2015 the town was shelled", "29"),
    ("page_furniture", "Get short URL 124 At least four people were killed", "124"),
]


@pytest.mark.parametrize(("rule", "text", "number"), NOT_COUNT_EXAMPLES)
def test_not_a_count(rule: str, text: str, number: str) -> None:
    doc = get_nlp()(text)
    [i] = [t.i for t in doc if t.text == number]
    rules = {r.__name__: r for r in NOT_COUNTS}
    assert rules[rule](doc, Bounds(0, len(doc), i, i + 1))
    assert not rules[rule](get_nlp()("5 were killed"), Bounds(0, 3, 0, 1))


# ---------------------------------------------------------------- where sentences start
SENTENCE_EXAMPLES = [
    ("after_line_break", "Syria: 12 killed\nDAMASCUS Five were killed", "DAMASCUS"),
    ("glued", "devastated by the earthquakeRegime attacks were", "Regime"),
    ("after_credit", "a street in Aleppo (AP photo) BEIRUT Air strikes on Idlib", "BEIRUT"),
]


@pytest.mark.parametrize(("rule", "text", "start"), SENTENCE_EXAMPLES)
def test_sentence_start(rule: str, text: str, start: str) -> None:
    doc = get_nlp()(text)
    [i] = [t.i for t in doc if t.text == start]
    assert {r.__name__: r for r in SENTENCE_STARTS}[rule](doc, i)
    assert doc[i].is_sent_start


# ---------------------------------------------------------------- article-wide decisions
def article(text: str, title: str = "t") -> Article:
    return helpers.article(text, title=title, published=dt.date(2023, 4, 7))


WHY_EXAMPLES: list[tuple[str, str, str, str]] = [
    # (the rule or decision, the field it decides, headline, text)
    ("largest", "killed", "t", "Shelling killed 12 people in Azaz."),
    (
        "alternative_attackers",
        "perpetrator",
        "t",
        "Five civilians were killed in Russian or Syrian strikes on Saraqib in Idlib.",
    ),
    ("conjoined", "killed", "t", "Seventeen children and six women were killed in Douma."),
    ("revised", "killed", "t", "Five people were killed in Douma and the toll later rose to 7."),
    ("lone_victim", "killed", "t", "An officer and two soldiers were killed in Daraa."),
    ("unnumbered_dead", "killed", "t", "A man, a woman and a girl were killed in Azaz."),
    ("period_total", "killed", "t", "At least 45 people were killed in Aleppo this month."),
    (
        "parts_of_a_total",
        "killed",
        "t",
        "Airstrikes on opposition-held areas of Aleppo province killed at least 36 people on "
        "Monday. Most of the deaths were in the village of Oweijel where at least 23 people "
        "were killed in an airstrike.",
    ),
    (
        "revises_the_toll",
        "killed",
        "t",
        "A car bomb killed 22 people in Azaz on Monday. "
        "The death toll from the bombing rose to 31 people killed.",
    ),
    (
        "sums_of_others",
        "killed",
        "t",
        "At least seven Syrian soldiers were killed in Idlib province on Friday. "
        "A mine killed three soldiers in the Jabal al-Zawiya area of Idlib on Friday. "
        "Four soldiers were killed in clashes with HTS in the town of Ariha on Friday.",
    ),
    (
        "restated_total",
        "killed",
        "Bomb blasts hit Syria",
        "At least 12 people were killed on Monday in bomb blasts that hit Tartous and Homs. "
        "A string of bomb blasts hit regime areas on Sunday killing at least 12 people. "
        "Regime media said nine people were killed on Monday in a bomb attack in Tartous. "
        "In central Homs three people were killed on Monday in a car bomb.",
    ),
    (
        "told_over_governorates",
        "killed",
        "t",
        "Terrorist attacks kill a woman, injure 9 in Hasaka and Aleppo. "
        "A woman was killed when a landmine exploded in Jarez village in the countryside of "
        "Aleppo province. Three people were injured by a motorcycle bomb in Hasaka city.",
    ),
    (
        "background_toll",
        "killed",
        "t",
        "A bomb killed six people in Aleppo on Wednesday. "
        "At least 327 people have also been killed in clashes.",
    ),
    (
        "by_agent",
        "perpetrator",
        "t",
        "The town of Al-Fatatra in Daraa was attacked by gunmen, killing 2.",
    ),
    (
        "continues_attack",
        "perpetrator",
        "t",
        "Regime shelling killed 4 in Daraa on Monday. "
        "Continued shelling killed 3 in Daraa on Tuesday.",
    ),
    (
        "militants_named_by_claim",
        "perpetrator",
        "t",
        "Attacks by the militants have killed 27 troops in Deir ez-Zor. "
        "Daesh said its fighters carried out the attacks.",
    ),
    (
        "claimed_responsibility",
        "perpetrator",
        "t",
        "A car bomb killed 10 in Azaz. Daesh claimed responsibility for the attack.",
    ),
    ("written_convention", "perpetrator", "t", "Barrel bombs killed 10 in Daraa."),
    (
        "carried_out_by",
        "perpetrator",
        "t",
        "A blast killed 15 in Damascus. The attack was carried out by four suicide bombers.",
    ),
    (
        "carried_out_with",
        "means",
        "t",
        "A blast killed 15 in Damascus. The attack was carried out by four suicide bombers.",
    ),
    (
        "attacker_unknown",
        "perpetrator",
        "t",
        "Air strikes killed 21 in Idlib. It was not clear who carried out the strikes.",
    ),
    (
        "unnamed_attacker",
        "perpetrator",
        "t",
        "Terrorists fired rocket shells on Aleppo, killing 3 citizens.",
    ),
    (
        "regime_fights_terrorists",
        "perpetrator",
        "t",
        "Units of the army took the hills after killing about 100 terrorists in Deir ez-Zor.",
    ),
    (
        "claimant_is_perpetrator",
        "perpetrator",
        "t",
        "HTS said 20 regime soldiers were killed in Idlib.",
    ),
    (
        "joined_agent",
        "perpetrator",
        "t",
        "Rebels from HTS and the NLF bombed the town of Saraqib, killing 5.",
    ),
    (
        "side_of_clash",
        "perpetrator",
        "t",
        "Four soldiers were killed in clashes with HTS in Ariha.",
    ),
    (
        "cannot_fly",
        "perpetrator",
        "t",
        "Rebel warplanes carried out an air strike on Aleppo, killing 5.",
    ),
    (
        "attacker_of_headline",
        "perpetrator",
        "Russian air strikes kill 23 in Idlib",
        "Seventeen children and six women were among the dead in Idlib.",
    ),
    (
        "attacker_of_neighbour",
        "perpetrator",
        "t",
        "Regime air strikes killed 5 in Idlib on Monday. Air strikes killed 3 in Idlib on Monday.",
    ),
    (
        "no_side_attacks_itself",
        "target",
        "t",
        "Regime shelling killed 4 in Daraa on Monday. "
        "Continued shelling killed 3 regime soldiers in Daraa on Tuesday.",
    ),
    ("gazetteer", "place", "t", "A car bomb killed 16 in Azaz."),
    (
        "unknown_village",
        "place",
        "t",
        "Airstrikes killed 5 in the villages of Tal Shamiram and Tal Hurmoz in Hasakah.",
    ),
    (
        "governorate_around",
        "place",
        "t",
        "Airstrikes killed 5 in the villages of Tal Shamiram and Tal Hurmoz in Hasakah.",
    ),
    ("governorate_after", "place", "t", "Shelling killed 3 in Hamra in rural Aleppo."),
    (
        "road_named_before",
        "place",
        "t",
        "Rebels tried to reopen the Castello Road in Aleppo on Monday. "
        "On Sunday 29 rebels were killed trying to push forces back from the road.",
    ),
    (
        "stray_namesake",
        "place",
        "Shelling of Aleppo",
        "Shelling killed 3 in the districts of Hamra and Salihiya.",
    ),
    ("ambiguous_namesake", "place", "t", "Shelling killed 3 in Suran."),
    (
        "one_per_governorate",
        "place",
        "t",
        "Terrorists shelled al-Foaa town in Idleb, villages in Lattakia and military "
        "checkpoints in Hama on Monday.",
    ),
    (
        "named_next",
        "place",
        "t",
        "24 people were killed near a refugee camp on Monday. The camp lies in Hasakeh province.",
    ),
    (
        "dominant_province",
        "place",
        "t",
        "24 people were killed on Monday. Officials condemned it. Nobody spoke since. "
        "Idlib was calm later.",
    ),
    (
        "restatement",
        "place",
        "t",
        "At least two soldiers were killed Thursday after attacks by gunmen in Daraa province. "
        "Two soldiers died when the town of Al-Fatatra was attacked by gunmen.",
    ),
    (
        "bombing_means",
        "means",
        "t",
        "The regime bombed the town of Saraqib in Idlib, killing 5 civilians.",
    ),
    ("means_of_the_attacker", "means", "t", "Israel killed 20 Hezbollah fighters in Quneitra."),
    (
        "support_is_the_means",
        "means",
        "t",
        "Regime forces killed 20 rebels in Daraa on Monday, backed by air strikes.",
    ),
    (
        "means_of_neighbour",
        "means",
        "t",
        "Air strikes hit a hospital in Saraqib on Monday, killing 3. "
        "In Idlib city 26 people were killed.",
    ),
    (
        "means_of_headline",
        "means",
        "Air strike kills 32 in Idlib",
        "At least 32 are confirmed dead in Idlib.",
    ),
]


def why_of(title: str, text: str) -> dict[str, set[str]]:
    """Every rule name in the ``why`` of the article's incidents, by field."""
    out: dict[str, set[str]] = {}
    for incident in extract_article(article(text, title)).incidents:
        for field in dataclasses.fields(incident.why):
            out.setdefault(field.name, set()).update(getattr(incident.why, field.name))
    return out


@pytest.mark.parametrize(("rule", "field", "title", "text"), WHY_EXAMPLES)
def test_why(rule: str, field: str, title: str, text: str) -> None:
    assert rule in why_of(title, text).get(field, set())


def test_drop_vague() -> None:
    """ "Clashes continued in the area": violence, but no place, toll or date."""
    nlp = get_nlp()
    doc = article_doc(nlp, article("Clashes continued in the area."))
    for name, component in nlp.pipeline:
        if name != "sitrep_incidents":
            doc = component(doc)
    cands, setting = read_candidates(doc, load_factions())
    assert len(cands) == 1 and drop_vague(cands, setting) == []


def test_drop_lone_references() -> None:
    """ "There was no comment in the aftermath of the attack": it refers back, has no
    toll, and joins no incident told before it."""
    text = (
        "There was no comment from any agency in the immediate aftermath of the attack.\n"
        "A car bomb killed 16 people in Azaz on Monday."
    )
    assert [(i.place.name, i.killed.total) for i in helpers.counted(text)] == [("Azaz", 16)]


# ---------------------------------------------------------------- none without its example
ORDERED_LISTS: dict[str, tuple[Callable[..., object], ...]] = {
    "NUMBER_ROLES": NUMBER_ROLES,
    "ROLE_RULES": ROLE_RULES,
    "TARGET_RULES": TARGET_RULES,
    "MEANS_RULES": MEANS_RULES,
    "ATTRIBUTION_RULES": ATTRIBUTION_RULES,
    "PLACE_FILTERS": PLACE_FILTERS,
    "FACTION_FILTERS": FACTION_FILTERS,
    "NOT_COUNTS": NOT_COUNTS,
    "SENTENCE_STARTS": SENTENCE_STARTS,
    "ARTICLE_STEPS": ARTICLE_STEPS,
}
STEP_EXAMPLES = {
    # an article-wide step -> the decision of WHY_EXAMPLES that shows it
    "one_per_governorate": "one_per_governorate",
    "place_in_article": "named_next",
    "militants_named_by_claim": "militants_named_by_claim",
    "claimed_responsibility": "claimed_responsibility",
    "fill_from_context": "means_of_headline",
    "written_convention": "written_convention",
    "drop_vague": "drop_vague",
    "merge_restatements": "restatement",
    "parts_of_a_total": "parts_of_a_total",
    "means_of_the_attacker": "means_of_the_attacker",
    "no_side_attacks_itself": "no_side_attacks_itself",
    "stated_totals": "sums_of_others",
    "background_tolls": "background_toll",
    "told_over_governorates": "told_over_governorates",
}


def examples() -> set[str]:
    """Every rule or decision with an example sentence in this file."""
    tables = (
        NUMBER_ROLE_EXAMPLES,
        ROLE_EXAMPLES,
        TARGET_EXAMPLES,
        MEANS_EXAMPLES,
        ATTRIBUTION_EXAMPLES,
        FILTER_EXAMPLES,
        NOT_COUNT_EXAMPLES,
        SENTENCE_EXAMPLES,
        WHY_EXAMPLES,
    )
    # test_drop_vague, test_extract_dates, test_drop_lone_references
    shown_by_tests = {
        "drop_vague",
        "date_of_the_story",
        "weekday_of_the_story",
        "statement_day_of_the_story",
        "date_told_with_the_toll",
        "window_on_the_day_of_writing",
        "statement_day_of_an_undated_story",
        "drop_lone_references",
    }
    found = {row[0] for table in tables for row in table} | shown_by_tests
    return found | {step for step, shown in STEP_EXAMPLES.items() if shown in found}


def extractor_functions() -> dict[str, Callable[..., object]]:
    """The public functions of ``generator.extract`` and ``generator.extract.rules``."""
    out: dict[str, Callable[..., object]] = {}
    for package in (generator.extract, generator.extract.rules):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, f in inspect.getmembers(module, inspect.isfunction):
                if f.__module__ == module.__name__ and not name.startswith("_"):
                    out[name] = f
    return out


@pytest.mark.parametrize("name", sorted(ORDERED_LISTS))
def test_every_rule_of_an_ordered_list_has_an_example_sentence_and_a_test(name: str) -> None:
    for rule in ORDERED_LISTS[name]:
        assert '"' in (rule.__doc__ or ""), f"{rule.__name__}: no example sentence in its docstring"
        assert rule.__name__ in examples(), f"{name}: {rule.__name__} has no example here"


def snapshot_why_names() -> set[str]:
    names: set[str] = set()
    for path in SNAPSHOTS.glob("*/*.json"):
        for incident in json.loads(path.read_text(encoding="utf-8"))["incidents"]:
            for rules in incident.get("why", {}).values():
                names.update(rules)
    return names


def test_every_name_a_why_holds_is_a_rule_or_a_listed_decision_with_an_example() -> None:
    functions = extractor_functions()
    names = snapshot_why_names()
    assert names, "no why in the snapshots"
    for name in sorted(names):
        assert name in functions or name in WHY_LABELS, f"{name}: no such rule"
        assert name in examples(), f"{name}: no example sentence here"
        if name in functions:
            assert '"' in (functions[name].__doc__ or ""), f"{name}: no example in its docstring"


def test_every_listed_decision_is_taken_somewhere() -> None:
    sources = [
        path.read_text(encoding="utf-8")
        for package in (generator.extract, generator.extract.rules)
        for path in Path(package.__path__[0]).glob("*.py")
    ]
    literals = {
        node.value
        for text in sources
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    for name in WHY_LABELS:
        assert name in literals, f"{name}: listed in WHY_LABELS, decided nowhere"
        assert name in examples(), f"{name}: no example sentence here"
