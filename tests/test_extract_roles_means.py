"""Who against whom and by what means: one short sentence per rule, on the blank
pipeline (issue 15's attacker, target and means classes)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from generator.extract.cues import has_cue
from generator.extract.rules.casualties import read_toll
from generator.extract.rules.means import read_means
from generator.extract.rules.roles import read_roles
from tests import helpers
from tests.helpers import clause

PUBLISHED = dt.date(2016, 6, 13)
counted = partial(helpers.counted, published=PUBLISHED)


def test_a_short_cue_word_in_capitals_counts_only_in_capitals():
    assert not has_cue(clause("Idlib, which is held by Al Qaeda, was struck."), "is_territory_cues")
    assert has_cue(clause("Strikes hit the IS-held town of Raqqa."), "is_territory_cues")
    assert not has_cue(clause("It was not clear who carried out the strikes."), "sources")
    assert has_cue(clause("The WHO put the toll at 70."), "sources")


def test_a_text_saying_the_attacker_is_unknown_beats_the_convention():
    text = (
        "Air strikes on a market in Idlib killed at least 21 civilians on Sunday. "
        "It was not clear who carried out the Idlib strikes."
    )
    [inc] = counted(text)
    assert (inc.perpetrator, inc.perpetrator_basis) == ("unidentified", "stated")
    [inc] = counted("Air strikes on a market in Idlib killed at least 21 civilians on Sunday.")
    assert (inc.perpetrator, inc.perpetrator_basis) == ("syrian-government", "imputed")
    [inc] = counted(
        "Air strikes on a car in Idlib killed at least 21 people on Sunday. "
        "It was not immediately clear who was in the vehicle."
    )
    assert inc.perpetrator == "syrian-government"


def test_an_explosion_is_what_a_weapon_did_and_a_device_only_alone():
    text = "Rocket attacks struck Homs, setting off explosions in a weapons depot that killed 40."
    assert read_means(clause(text)).means == "shelling"
    assert read_means(clause("The blast was due to a rocket bomb.")).means == "shelling"
    assert read_means(clause("A blast killed 16 in Azaz.")).means == "ied"
    assert read_means(clause("A bomb blast killed 10 in Azaz.")).means == "ied"


def test_the_word_chemical_alone_names_no_attack():
    text = "Syria has 8% of chemical material left A car bomb and rocket attack killed 45."
    assert read_means(clause(text)).means == "car-bomb"
    assert read_means(clause("A chemical strike killed 12 in Douma.")).means == "chemical"
    assert read_means(clause("Rockets with chemical warheads hit Zamalka.")).means == "chemical"


def test_a_headline_naming_a_more_specific_means_beats_the_clash_next_door():
    text = (
        "A priest said 15 young Assyrians had been killed in Hasakah on Monday. "
        "In Tal Tamr there have been fierce clashes between ISIS and Kurdish YPG."
    )
    incs = counted(text, title="ISIS begins to kill abducted Christians in Hasakah")
    assert [(i.killed.total, i.means) for i in incs][:1] == [(15, "execution")]
    incs = counted(text, title="Fifteen Assyrians killed in Hasakah")
    assert [(i.killed.total, i.means) for i in incs][:1] == [(15, "gunfire")]


def test_the_attacker_of_a_strike_elsewhere_is_not_taken_from_the_next_sentence():
    text = (
        "Russian air strikes killed 23 people in the village of Oweijel in Aleppo on Monday. "
        "Air strikes killed 12 people in the village of Marjeh in Aleppo on Monday."
    )
    assert [(i.killed.total, i.perpetrator) for i in counted(text)] == [
        (23, "russia"),
        (12, "syrian-government"),
    ]
    text = (
        "Russian air strikes killed 23 people in the village of Oweijel in Aleppo on Monday. "
        "Air strikes killed 12 people there on Monday."
    )
    assert [i.perpetrator for i in counted(text)][1:] in ([], ["russia"])


def test_a_later_sentence_saying_who_carried_out_the_attack_names_its_attacker():
    text = (
        "An explosion killed 15 people in the Al Midan district of Damascus on Monday. "
        "A security source said the terrorist attack had been conducted by four suicide bombers."
    )
    assert [(i.killed.total, i.perpetrator) for i in counted(text)] == [(15, "unidentified")]
    text = (
        "Shelling killed 3 children in a school in Aleppo on Monday. "
        "The strikes carried out by Russian warplanes hit the village of Hass."
    )
    assert [(i.killed.total, i.perpetrator) for i in counted(text)][:1] == [(3, None)]


def test_the_dead_called_by_a_means_name_no_means():
    text = "IS jihadists attacked an oil field, killing at least 30 pro-regime gunmen."
    assert read_means(clause(text)).means is None
    text = "IS jihadists attacked an oil field, killing another 30 pro-regime gunmen."
    assert read_means(clause(text)).means is None  # any hedge of a count, as the toll reads it
    text = "The army eliminated over 75 Nusra militants including the suicide bombers."
    assert read_means(clause(text)).means is None
    text = "At least 30 fighters were killed when two suicide bombers detonated their trucks."
    assert read_means(clause(text)).means == "suicide-bombing"
    text = "Two suicide bombers attacked the checkpoint, killing 5."
    assert read_means(clause(text)).means == "suicide-bombing"


def test_a_name_in_an_attack_that_may_come_is_no_party_to_this_one():
    text = "A car bomb killed four people in Damascus as citizens brace for a possible US attack."
    c = clause(text)
    assert read_roles(c, read_toll(c)).perpetrator is None


def test_an_unanswered_question_naming_no_means_is_about_the_lead_attack_wherever_told():
    text = (
        "A Russian military helicopter was shot down over Idlib on Monday, killing all five "
        "people on board. It was not immediately clear who was responsible. Regime air strikes "
        "hit Aleppo on Monday. The helicopter had come down near Saraqeb in Idlib, killing five."
    )
    assert [(i.means, i.perpetrator) for i in counted(text)] == [
        ("other", "unidentified"),
        ("airstrike", "syrian-government"),
    ]


def test_a_headline_means_of_the_same_family_leaves_the_text_s_device():
    text = (
        "A truck bomb exploded near the security headquarters in Qamishli in Hasakah on "
        "Wednesday. At least 48 people were killed in Qamishli in Hasakah on Wednesday."
    )
    incs = counted(text, title="Fatalities expected to increase in suicide blast in Syria")
    assert {i.means for i in incs} == {"car-bomb"}


def test_a_clause_naming_no_means_takes_that_of_the_attack_told_before_it():
    text = (
        "Opposition fighters fired a barrage of rockets on western Aleppo on Friday. "
        "A commander said the offensive would go on. "
        "The rebel fire has killed at least 21 civilians in Aleppo. "
        "Fighting continues on the western outskirts of Aleppo."
    )
    assert [(i.killed.total, i.means) for i in counted(text) if i.killed.total] == [
        (21, "shelling")
    ]


def test_fighting_told_with_the_same_toll_as_a_weapon_is_one_battle():
    text = (
        "70 militants were killed in clashes with the Syrian army in Aleppo on Thursday. "
        "At least 70 militants were killed in clashes with the army and bombings of "
        "Syrian warplanes in southern Aleppo on Thursday."
    )
    assert [(i.killed.total, i.means) for i in counted(text)] == [(70, "airstrike")]


def test_beheadings_are_executions_and_count_their_dead():
    text = "A video showed the beheadings of at least 18 Syrian soldiers in Raqqa."
    assert [(i.killed.total, i.means) for i in counted(text)] == [(18, "execution")]
    text = "Eighteen Syrian soldiers were beheaded in Raqqa."
    assert [(i.killed.total, i.means) for i in counted(text)] == [(18, "execution")]


def test_the_attack_said_to_be_carried_out_by_suicide_bombers_was_a_suicide_bombing():
    text = (
        "An explosion killed 15 people in the Al Midan district of Damascus on Monday. "
        "A security source said the terrorist attack had been conducted by four suicide bombers."
    )
    assert [(i.killed.total, i.means) for i in counted(text)] == [(15, "suicide-bombing")]


def test_blowing_up_a_building_is_an_explosive_device():
    text = "19 regime forces were killed when rebels blew up a tunnel in the Old City."
    assert read_means(clause(text)).means == "ied"


def test_the_enemies_a_group_fights_both_of_name_no_attacker():
    text = (
        "A bombing took out the leadership of Ahrar al-Sham, a group fighting both "
        "President Assad's forces and the Islamic State group, in Idlib."
    )
    c = clause(text)
    assert read_roles(c, read_toll(c)).perpetrator is None
    text = "Clashes between the Syrian army and the Islamic State group killed 5 in Deir Ezzor."
    c = clause(text)
    assert read_roles(c, read_toll(c)).perpetrator is not None


def test_a_clause_naming_no_means_takes_none_from_a_sentence_about_another_governorate():
    text = (
        "Army air strikes destroyed terrorist vehicles in Daraa on Monday. "
        "In Latakia at least 50 terrorists were killed in army operations on Monday."
    )
    assert [(i.killed.total, i.means) for i in counted(text) if i.killed.total] == [(50, "unknown")]
    text = (
        "Army air strikes destroyed terrorist vehicles in Daraa on Monday. "
        "In Daraa city at least 50 terrorists were killed in army operations on Monday."
    )
    assert [(i.killed.total, i.means) for i in counted(text) if i.killed.total] == [
        (50, "airstrike")
    ]


@pytest.mark.parametrize(
    ("text", "means"),
    [
        ("Heavy bombardments killed 5 people in Douma.", "shelling"),
        ("Mortar bombs killed 5 people in Douma.", "shelling"),
        ("Shellfire killed 5 people in Douma.", "shelling"),
        ("A projectile killed 5 people in Douma.", "shelling"),
        ("Two booby-trapped cars killed 5 people in Azaz.", "car-bomb"),
        ("An explosive-laden truck killed 5 people in Azaz.", "car-bomb"),
        ("A VBIED killed 5 people in Azaz.", "car-bomb"),
        ("An SVBIED killed 5 people in Azaz.", "suicide-bombing"),
        ("IEDs killed 5 soldiers in Azaz.", "ied"),
        ("Machine-gun fire killed 5 people in Azaz.", "gunfire"),
        ("Terrorists who had infiltrated Minian killed 5 soldiers.", "gunfire"),
    ],
)
def test_means_words_in_their_plural_and_compound_forms(text, means):
    assert read_means(clause(text)).means == means


def test_another_account_s_toll_and_its_device_do_not_refine_the_attack():
    text = (
        "An Israeli airstrike on the town of Hader killed five pro-regime fighters on "
        "Wednesday. Al-Manar said an Israeli drone killed two fighters in Hader on Wednesday."
    )
    assert [(i.killed.total, i.means) for i in counted(text)] == [(5, "airstrike")]
    text = (
        "A bomb blast killed 16 people in Azaz on Monday. "
        "The suicide bombing in Azaz killed 16 people on Monday."
    )
    assert [(i.killed.total, i.means) for i in counted(text)] == [(16, "suicide-bombing")]


def test_bombers_of_a_side_without_an_air_force_carry_their_bombs():
    text = (
        "At least 30 Kurdish fighters were killed on Monday when two Islamic State suicide "
        "bombers detonated their trucks in Hasakeh. The IS bombers targeted two YPG positions "
        "in Hasakeh."
    )
    assert [(i.means, i.killed.total) for i in counted(text)] == [("suicide-bombing", 30)]


def test_bombers_counted_among_the_dead_bombed_nothing():
    text = (
        "The army eliminated over 75 Nusra militants including the suicide bombers in "
        "Hama on Monday."
    )
    assert [i.means for i in counted(text)] == ["unknown"]


def test_bombers_counted_are_people_not_aircraft():
    text = "Turkey shells Kurds near Azaz, 6 ISIS Bombers Killed."
    assert read_means(clause(text)).means == "shelling"
    assert not read_means(clause("6 ISIS Bombers Killed near Azaz.")).ambiguous


def test_a_suicide_car_bomber_is_a_suicide_bombing():
    text = "The attack, which pro-Damascus media said was carried out by a suicide car bomber."
    assert read_means(clause(text)).means == "suicide-bombing"


def test_bombardments_are_shelling_as_a_bombardment_is():
    text = "Army units carried out bombardments against terrorist positions in Khan al-Sheeh."
    assert read_means(clause(text)).means == "shelling"
    assert read_means(clause("Aerial bombardments hit Douma.")).means == "airstrike"


def test_snipers_who_targeted_someone_shot():
    text = "Terrorist snipers targeted civilians in al-Ramouseh neighborhood, wounding one person."
    assert read_means(clause(text)).means == "gunfire"
