"""Rules added for the article's lead incident, places, roles and numbers: each on
short sentences with exact expectations (blank pipeline, no model)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from generator.extract import extract_article
from generator.extract.gazetteer import PlaceEntry, factions_of
from generator.extract.numbers import numbers_in, value
from generator.extract.rules.casualties import read_toll
from generator.extract.rules.places import choose_entry, read_places
from generator.extract.rules.roles import read_roles
from tests import helpers
from tests.helpers import clause

PUBLISHED = dt.date(2016, 8, 15)
"""When the articles below were published, unless a test says otherwise."""
article = partial(helpers.article, published=PUBLISHED)
counted = partial(helpers.counted, published=PUBLISHED)


def lead_toll(text: str, **kw) -> int | None:
    incs = counted(text, **kw)
    tolls = [i.killed.total for i in incs if i.killed.total is not None]
    return max(tolls) if tolls else None


# ---------------------------------------------------------------- the lead incident
def test_a_later_larger_undated_toll_is_background():
    text = (
        "A bomb killed six people in Aleppo on Monday. "
        "At least 327 people have also been killed in clashes in the province of Aleppo."
    )
    assert lead_toll(text) == 6


def test_a_later_toll_with_its_own_day_and_village_is_kept():
    text = (
        "Two soldiers were killed on Monday in the town of Al-Fatatra in Daraa. "
        "On Friday, five soldiers were killed in the village of Fleifel in Idlib."
    )
    assert sorted(i.killed.total for i in counted(text)) == [2, 5]


def test_the_headline_toll_picks_the_lead():
    text = (
        "Air strikes killed 40 people across Idlib province last month. "
        "On Monday, an air strike on a market in Idlib killed 18 civilians."
    )
    assert lead_toll(text, title="Air strike kills 18 civilians in Idlib") == 18


def test_itemised_parts_of_a_stated_total_stay_counted():
    text = (
        "Since Thursday, Daesh militants have killed 35 soldiers. "
        "Attacks by the militants killed 27 troops in the desert east of Homs. "
        "Daesh fighters killed another eight soldiers in Deir Ezzor province."
    )
    assert sorted(i.killed.total for i in counted(text)) == [8, 27]


# ---------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("29-07-2015 Israeli drone kills 3 fighters", [3]),
        ("Get short URL 124 At least four people were killed", [4]),
        ("85 Related Daesh Commander Killed", []),
    ],
)
def test_dates_in_figures_and_page_furniture_are_not_counts(text, values):
    assert [value(n) for n in numbers_in(clause(text))] == values


def test_revised_toll_far_after_its_subject():
    toll = read_toll(
        clause("The death toll from strikes on the city of Ashara has risen to 82 people.")
    )
    assert toll.killed == 82


def test_nearest_verb_decides_killed_or_injured():
    toll = read_toll(clause("Terrorist attack on Damascus kill 5 injure 50"))
    assert (toll.killed, toll.injured) == (5, 50)


def test_left_injured_is_not_a_death_toll():
    toll = read_toll(clause("Rockets killed 3 people and left 29 other people injured."))
    assert (toll.killed, toll.injured) == (3, 29)


# ---------------------------------------------------------------- places
def places(text: str, article_govs: frozenset[str] = frozenset()):
    return [(p.name, p.province) for p in read_places(clause(text), set(), article_govs)]


def test_a_channel_name_places_nothing():
    assert places("18 civilians were killed, Lebanese TV channel Al-Mayadin reported.") == []
    assert places("the Lebanon-based al-Mayadeen TV said") == []


def test_the_governorate_the_text_states_wins():
    assert places("air raids on the town of Zamalka in rural Damascus")[0][1] == "rif-dimashq"


def test_a_place_in_a_reference_to_another_event_does_not_place_the_clause():
    got = places(
        "19 people were killed near the Syrian capital just hours after a gas attack "
        "in Khan Sheikhun"
    )
    assert [p for _, p in got] == ["rif-dimashq"]  # near the capital: around it


def test_ambiguous_names_prefer_a_governorate_named_in_the_article():
    a = PlaceEntry("x:1", "Quriyah", "aleppo", "place", 36.0, 37.0, population=9000)
    b = PlaceEntry("x:2", "Quriyah", "deir-ez-zor", "place", 35.0, 40.0, population=100)
    assert choose_entry((a, b), set()).province == "aleppo"  # the larger town
    assert choose_entry((a, b), set(), frozenset({"deir-ez-zor"})).province == "deir-ez-zor"
    assert choose_entry((a, b), {"aleppo"}, frozenset({"deir-ez-zor"})).province == "aleppo"


# ---------------------------------------------------------------- roles
@pytest.mark.parametrize(
    ("text", "perpetrator"),
    [
        ("Syrian Army Advances in Latakia Kills 16 Terrorists", "syrian-government"),
        ("ISIL terrorists execute 50 captive Syrian troops in Raqqa", "islamic-state"),
        ("Russian and Syrian regime air raids killed 58 civilians", "russia"),
        ("Six civilians were killed in U.S. air strikes on Raqa", "us-led-coalition"),
    ],
)
def test_who_acted(text, perpetrator):
    c = clause(text)
    assert read_roles(c, read_toll(c)).perpetrator == perpetrator


def test_a_defender_that_repels_an_attack_is_not_its_perpetrator():
    c = clause("Assad's forces repelled a heavy attack on the Ajaaz front")
    assert read_roles(c, read_toll(c)).perpetrator is None


def test_a_named_attacker_without_means_gives_unknown_means():
    incs = counted("The Syrian army killed 32 rebels in Daraa province on Monday.")
    assert [i.means for i in incs] == ["unknown"]


def test_a_total_is_not_the_sum_of_tolls_from_other_days():
    text = (
        "A Russian air strike killed 38 civilians on Wednesday in Deir Ezzor province. "
        "The monitor said 20 of them were from one tribe. "
        "On Tuesday a US-led coalition strike in Raqqa killed 18 civilians."
    )
    tolls = [i.killed.total for i in counted(text, published=dt.date(2017, 10, 19))]
    assert 38 in tolls


def test_a_headline_total_of_same_day_parts_is_an_aggregate():
    text = (
        "A mine killed three soldiers in Jabal al-Zawiya on Friday. "
        "On Friday four soldiers were killed in clashes with HTS in Jabal al-Zawiya. "
        "At least seven soldiers were killed on Friday in Idlib province."
    )
    incs = extract_article(article(text, published=dt.date(2020, 8, 1))).incidents
    assert [i.killed.total for i in incs if i.aggregate] == [7]


def test_a_claim_of_responsibility_names_the_attacker():
    text = (
        "A suicide bomber killed 32 people at a wedding in Hasakah province on Monday. "
        "The Islamic State group claimed responsibility for the attack."
    )
    assert [i.perpetrator for i in counted(text)] == ["islamic-state"]


def test_a_denied_or_absent_claim_names_no_one():
    text = (
        "A car bomb killed 12 people in Hasakah province on Monday. "
        "No group has yet claimed responsibility for the bombing, which the Islamic State "
        "group denied."
    )
    assert [i.perpetrator for i in counted(text)] == [None]


def test_a_nationality_before_border_is_no_actor():
    c = clause("Russian jets hit an outpost in Idlib province near the Turkish border")
    assert [f.id_ for f in factions_of(c)] == ["russia"]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("10 civilians killed 15 injured in terrorist rocket attacks on Aleppo", 10, 15),
        ("13 civilians killed 43 others injured due to terrorist rockets", 13, 43),
        ("rockets killing 5 people and injuring 10 others", 5, 10),
    ],
)
def test_a_participle_after_the_number_says_what_it_counts(text, killed, injured):
    toll = read_toll(clause(text))
    assert (toll.killed, toll.injured) == (killed, injured)


def test_people_taken_are_not_dead():
    toll = read_toll(clause("Daesh kidnapped 900 executed 18 people in Aleppo"))
    assert toll.killed == 18


def test_a_name_carrying_its_means_is_the_attacker():
    c = clause("At least 23 civilians have been killed in renewed regime airstrikes on Aleppo")
    assert read_roles(c, read_toll(c)).perpetrator == "syrian-government"


@pytest.mark.parametrize(
    ("text", "means"),
    [
        ("Twin bombings killed 44 people in Qamishli in Hasakah province on Monday.", "ied"),
        ("Regime bombing killed 12 civilians in Douma on Monday.", "airstrike"),
        ("The bombing campaign killed 500 civilians in Aleppo on Monday.", "airstrike"),
    ],
)
def test_bombing_by_whom_decides_its_means(text, means):
    assert [i.means for i in counted(text)] == [means]


def test_the_headline_may_count_a_part_or_round_the_toll():
    text = (
        "Fifteen civilians among them 11 children were killed in a barrel bomb attack on "
        "Aleppo on Monday. Eleven children were killed on Monday in the attack."
    )
    assert lead_toll(text, title="Barrel bomb attack kills 11 children in Aleppo") == 15
    text = (
        "Air raids killed 15 people in Aleppo on Sunday. "
        "At least 51 civilians were killed in air raids on Aleppo on Monday."
    )
    assert lead_toll(text, title="More than 50 civilians killed in Aleppo") == 51


def test_a_running_total_in_the_same_sentence_is_its_own_total():
    text = (
        "Air strikes killed at least 12 civilians in Aleppo on Monday a monitor said "
        "bringing to 45 the number killed in 24 hours of bombardment on the city."
    )
    incs = extract_article(article(text)).incidents
    assert [(i.killed.total, i.aggregate) for i in incs] == [(12, False), (45, True)]


def test_links_to_other_stories_are_not_read():
    text = (
        "A bomb killed six people in Homs on Monday. "
        "Related News Death toll rises to 70 as regime rains down bombs on Idlib."
    )
    assert [i.killed.total for i in counted(text)] == [6]


def test_a_larger_toll_in_another_governorate_with_its_own_day_and_town_is_kept():
    # the headline picks the Ghouta raids as the lead; the same day's chemical attack on a
    # town of another governorate is a second news item, not a total over the lead
    text = (
        "At least 19 civilians were killed in air strikes on Douma near Damascus on Tuesday.\n"
        "On Tuesday at least 58 people were killed in a suspected chemical attack on the "
        "town of Khan Sheikhun in Idlib province."
    )
    title = "Air strikes near Syrian capital kill 19"
    incs = counted(text, title=title, published=dt.date(2017, 4, 4))
    assert sorted((i.killed.total, i.place.province) for i in incs) == [
        (19, "rif-dimashq"),
        (58, "idlib"),
    ]


def test_fighters_killed_on_another_front_that_day_stay_background():
    text = (
        "At least 19 civilians were killed in air strikes on Douma near Damascus on Tuesday.\n"
        "On Tuesday 58 rebels were killed in clashes in the town of Khan Sheikhun in Idlib "
        "province."
    )
    title = "Air strikes near Syrian capital kill 19"
    incs = counted(text, title=title, published=dt.date(2017, 4, 4))
    assert [i.killed.total for i in incs] == [19]
