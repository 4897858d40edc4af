"""How an article's sentences are cut into incidents and joined again: one attack told
several times is one incident, several attacks told in one sentence are several
(``generator/extract/rules/merge.py``, ``generator/extract/candidates.py``)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from tests import helpers

PUBLISHED = dt.date(2016, 10, 23)
"""A Sunday: "on Sunday" is the day of publication."""
counted = partial(helpers.counted, published=PUBLISHED)


# ---------------------------------------------------------------- one attack told again
def test_terrorists_told_again_as_isis_are_one_attacker():
    incs = counted(
        "A landmine left by ISIS exploded in Jarez village in Aleppo province on Sunday, "
        "killing a woman.\n"
        "Local sources said the landmine planted by terrorists in Jarez village killed a woman."
    )
    assert [(i.killed.total, i.perpetrator) for i in incs] == [(1, "islamic-state")]


def test_civilians_killed_at_a_factions_headquarters_are_one_attacks_victims():
    incs = counted(
        "A truck bomb killed 48 people in Qamishli on Sunday.\n"
        "The truck bomb was set off near the headquarters of the Kurdish Asayish in Qamishli."
    )
    assert [(i.killed.total, i.place.name) for i in incs] == [(48, "Qamishli")]


def test_one_place_day_attacker_and_means_is_one_attack_whatever_part_each_counts():
    incs = counted(
        "An Israeli plane hit a car in the town of Hader in Quneitra on Sunday, killing five "
        "pro-regime fighters.\n"
        "Hezbollah said two NDF members were killed when an Israeli drone targeted their car "
        "at the entrance of Hader on Sunday."
    )
    assert [(i.killed.total, i.perpetrator) for i in incs] == [(5, "israel")]


# ---------------------------------------------------------------- several attacks in one clause
def test_an_untolled_list_of_places_in_several_governorates_is_one_attack_in_each():
    incs = counted(
        "Al-Nusra terrorists shelled during the past 24 hours al-Foaa town in Idleb, the "
        "villages of Ard al-Wata and Rasha in Lattakia and military checkpoints in Hama."
    )
    assert sorted((i.place.province, i.means) for i in incs) == [
        ("hama", "shelling"),
        ("idlib", "shelling"),
        ("latakia", "shelling"),
    ]


# ---------------------------------------------------------------- what is no incident in Syria
def test_an_untolled_clause_set_across_the_border_is_no_incident_in_syria():
    text = (
        "Islamic State militants in Deir Ezzor province shelled the nearby Iraqi town of "
        "Qaim on Sunday."
    )
    assert counted(text) == []


def test_a_campaign_going_on_is_no_attack():
    text = (
        "Moscow has been carrying out air strikes in support of its ally Damascus targeting "
        "IS in Deir Ezzor province on Sunday."
    )
    assert counted(text) == []


def test_an_untolled_reference_to_an_attack_told_nowhere_is_no_incident():
    incs = counted(
        "A truck bomb killed 48 people in Qamishli in Hasakah province on Sunday.\n"
        "The assault against IS in the city of Manbij has put the group under pressure."
    )
    assert [(i.killed.total, i.place.name) for i in incs] == [(48, "Qamishli")]


def test_an_attack_that_injured_is_no_restatement_of_a_total_over_others():
    incs = counted(
        "Terrorist attacks in Aleppo province claimed 20 lives on Sunday.\n"
        "Nusra shells killed 15 people in Azaz on Sunday.\n"
        "Nusra shells killed 5 people in Manbij on Sunday.\n"
        "Six civilians were injured when terrorists fired rockets on the town of Marea in "
        "Aleppo on Sunday."
    )
    assert sorted((i.killed.total or 0, i.injured.total or 0) for i in incs) == [
        (0, 6),
        (5, 0),
        (15, 0),
    ]


def test_the_previous_attacks_are_background():
    incs = counted(
        "A gas attack killed 58 people in Khan Sheikhoun in Idlib on Sunday.\n"
        "The previous two were reported in Hama province not far from Khan Sheikhoun, the "
        "site of Sunday's alleged attack."
    )
    assert [(i.killed.total, i.place.province) for i in incs] == [(58, "idlib")]


def test_the_clashes_told_again_with_the_day_their_offensive_began_are_no_new_incident():
    incs = counted(
        "Rebels fought fierce battles against regime forces in Aleppo on Sunday.\n"
        "The clashes are part of an assault launched Saturday to ease the siege."
    )
    assert [i.date for i in incs] == [PUBLISHED]


def test_what_should_have_happened_is_no_incident():
    text = "The government should have granted inspectors access to the gas attack site in Ghouta."
    assert counted(text) == []


def test_a_second_toll_added_to_a_statement_is_an_attack_of_its_own():
    incs = counted(
        "Russian air strikes killed up to 80 fighters in the area of Mayadeen in Deir Ezzor on "
        "Sunday, the ministry said, adding some 40 fighters were killed around the town of "
        "Albu Kamal."
    )
    assert sorted(i.killed.total for i in incs) == [40, 80]


def test_the_islamic_state_in_iraq_and_the_levant_is_no_place_abroad():
    incs = counted(
        "Islamic State in Iraq and the Levant militants shelled the town of Marea in Aleppo "
        "on Sunday."
    )
    assert [i.place.name for i in incs] == ["Marea"]


def test_what_a_state_seeks_is_no_incident():
    text = (
        "The United States on Sunday sought ways to pressure Russia to halt the deadly "
        "offensive on Aleppo."
    )
    assert counted(text) == []


def test_a_participle_whose_object_follows_the_period_is_active():
    incs = counted(
        "The center said al-Nusra terrorists shelled during the past 24 hours al-Foaa town "
        "in Idleb, villages in Lattakia and checkpoints in Hama."
    )
    assert {i.perpetrator for i in incs} == {"hts"}


def test_one_place_spelled_two_ways_in_one_article_is_one_place():
    incs = counted(
        "A missile fired by government forces hit the Maghayir district of Aleppo on Sunday, "
        "killing 18 civilians.\n"
        "Another 50 were wounded in the neighbourhood of Maghawir, the Observatory said, "
        "blaming the attack on government forces."
    )
    assert [i.killed.total for i in incs] == [18]


def test_a_total_over_two_tolls_is_never_merged_with_one_of_them():
    incs = counted(
        "Turkish strikes near Jarablus on Sunday killed 40 civilians and 25 YPG fighters.\n"
        "Turkish airstrikes on two villages near Jerablus killed 40 civilians on Sunday.\n"
        "The Turkish army also killed 25 YPG fighters."
    )
    assert sorted(i.killed.total for i in incs) == [25, 40]
