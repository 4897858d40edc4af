"""Incident figures on sentences nobody tuned for (issue 15): ages, breakdowns, deaths
without numerals, ranges. One sentence each, through the whole extractor."""

from __future__ import annotations

import datetime as dt
from functools import partial

from tests import helpers

PUBLISHED = dt.date(2023, 4, 7)
incidents = partial(helpers.counted, published=PUBLISHED)


def killed(text: str) -> int | None:
    [incident] = incidents(text)
    return incident.killed.total


def test_an_age_is_not_a_toll() -> None:
    assert killed("A 16-year-old boy was killed in shelling on Azaz.") == 1
    assert killed("Shelling killed an eight year old child in Azaz.") == 1
    assert killed("A 60-year-man was killed by a sniper in Azaz.") == 1


def test_a_breakdown_is_neither_the_toll_nor_added_to_it() -> None:
    text = "Five civilians, including two children and one woman, were killed in Azaz."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.killed.children, incident.killed.women) == (5, 2, 1)
    [incident] = incidents(
        "Shelling on Azaz killed eight people, among them a child, and wounded more than 20."
    )
    assert (incident.killed.total, incident.injured.total) == (8, 20)


def test_deaths_without_numerals() -> None:
    assert killed("A man, a woman and a girl were killed in shelling on Azaz.") == 3
    assert killed("A woman was killed in shelling on Azaz.") == 1
    assert killed("Regime snipers shot dead a fighter in Azaz.") == 1
    assert killed("A landmine in Azaz claimed the life of a woman.") == 1


def test_a_range_keeps_both_ends_and_is_never_summed() -> None:
    [incident] = incidents("Shelling killed four to six civilians in Azaz.")
    assert (incident.killed.total, incident.killed.low, incident.killed.high) == (4, 4, 6)
    [incident] = incidents("Air strikes killed at least seven and as many as 14 people in Azaz.")
    assert (incident.killed.total, incident.killed.low, incident.killed.high) == (7, 7, 14)
    [incident] = incidents("Shelling killed five or six civilians in Azaz.")
    assert (incident.killed.low, incident.killed.high) == (5, 6)


def roles(text: str, title: str = "t") -> tuple[str | None, str | None]:
    [incident] = incidents(text, title=title)
    return incident.perpetrator, incident.target


def test_a_named_attacker_beats_the_convention() -> None:
    text = "The Coalition later admitted killing one civilian in an air strike on Raqqa."
    assert roles(text) == ("us-led-coalition", "civilians")


def test_attacker_and_target() -> None:
    text = "Israeli forces targeted positions of the Assad regime in Quneitra, killing five."
    assert roles(text) == ("israel", "syrian-government")
    text = "Three civilians were killed in Jarablus in shelling allegedly carried out by Turkey."
    assert roles(text)[0] == "turkey"


def test_an_attacker_mentioned_but_not_named_is_unidentified() -> None:
    assert (
        roles("Terrorists fired rocket shells on Aleppo, killing 3 citizens.")[0] == "unidentified"
    )
    assert roles("A suicide bomber killed 15 people in Damascus.")[0] == "unidentified"
    assert roles("The army killed 100 terrorists in Hama.") == ("syrian-government", None)


def test_who_speaks_is_no_attacker() -> None:
    text = "Syrian opposition: 1300 killed in chemical attack on Ghouta"
    assert roles(text)[0] == "syrian-government"  # the convention for chemical attacks
    text = "The Syrian Coalition mourns 5 rescue workers killed by Russian airstrikes on Atareb."
    assert roles(text)[0] == "russia"


def test_an_imputed_attacker_is_recorded_as_such() -> None:
    [imputed] = incidents("Barrel bombs killed 10 in Daraa.")
    [stated] = incidents("Regime barrel bombs killed 10 in Daraa.")
    assert (imputed.perpetrator, imputed.perpetrator_basis) == ("syrian-government", "imputed")
    assert (stated.perpetrator, stated.perpetrator_basis) == ("syrian-government", "stated")


def test_injury_only_and_hedged_reports_are_incidents_with_null_tolls() -> None:
    [hurt] = incidents("Three civilians were injured by shelling in Azaz.")
    assert (hurt.killed.total, hurt.injured.total, hurt.uncertain) == (None, 3, False)
    [hedged] = incidents(
        "Civilians were possibly killed and/or injured in alleged strikes on Azaz."
    )
    assert (hedged.killed.total, hedged.uncertain) == (None, True)


def test_means() -> None:
    [cluster] = incidents("Regime aircraft dropped cluster bombs on Saraqib, killing 5 civilians.")
    [artillery] = incidents("Regime artillery shelling killed 5 civilians in Saraqib.")
    assert (cluster.means, artillery.means) == ("airstrike", "shelling")


def source(text: str) -> str | None:
    [incident] = incidents(text)
    return incident.attribution


def test_who_says_so_is_the_source_of_the_figure_never_a_word_among_the_victims() -> None:
    text = (
        "Five Syrian army officers were among the dead in shelling on Azaz, "
        "the Syrian Observatory for Human Rights said."
    )
    assert source(text) == "Syrian Observatory for Human Rights"


def test_an_unknown_organisation_is_quoted_as_written() -> None:
    text = "Five civilians were killed in shelling on Azaz, according to the Aleppo Media Center."
    assert source(text) == "Aleppo Media Center"
    text = "The Halab Today network said five civilians were killed in shelling on Azaz."
    assert source(text) == "Halab Today network"


def test_the_lead_is_never_dropped_when_it_is_also_the_title() -> None:
    lead = "Seven soldiers were killed in Idlib on Monday by rebel shelling."
    text = f"{lead}\n\nThe army said it would respond. Officials condemned the attack."
    assert [i.killed.total for i in incidents(text, title=lead)] == [7]
    headline = "Seven soldiers killed in Idlib"
    text = f"{headline}\n\nSeven soldiers were killed in Idlib on Monday by rebel shelling."
    assert [i.killed.total for i in incidents(text, title=headline)] == [7]


def test_the_islamic_states_territory_is_where_the_text_puts_it() -> None:
    text = (
        "Air strikes killed 10 civilians in the town of Saraqib in Idlib on Monday. "
        "Officials met in the IS-held city of Raqqa in Raqqa province."
    )
    assert roles(text)[0] == "syrian-government"  # the convention outside IS territory
    text = "Air strikes killed 10 people in the IS-held town of Tabqa in Raqqa province."
    assert roles(text)[0] == "us-led-coalition"


def test_a_statement_that_one_of_its_fighters_did_it_is_a_claim() -> None:
    text = (
        "A suicide bomber killed 32 people at a wedding in Hasakah on Monday. The Islamic "
        "State group said in a statement that one of its fighters blew himself up."
    )
    assert roles(text)[0] == "islamic-state"


def test_citizens_and_activists_are_civilians() -> None:
    [incident] = incidents("Three citizens were martyred in a car bomb blast in Damascus.")
    assert (incident.killed.total, incident.killed.civilians) == (3, 3)
    [incident] = incidents("Gunmen shot dead two activists in Raqqa on Monday.")
    assert (incident.killed.total, incident.killed.civilians) == (2, 2)


def test_the_killing_of_n_is_a_toll() -> None:
    text = "The rocket led to the killing of one person and the injury of 40 others in Damascus."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.injured.total) == (1, 40)
    assert killed("A video showed the execution of 17 young men in Deir Ezzor.") == 17


def test_a_gerund_after_and_counts_for_itself() -> None:
    text = (
        "Terrorists shelled Aleppo on Friday killing according to the latest toll "
        "44 civilians and wounding over 140."
    )
    [incident] = incidents(text)
    assert (incident.killed.total, incident.injured.total) == (44, 140)


def test_among_the_dead_were_is_a_breakdown() -> None:
    text = (
        "Air strikes killed nine people in Millis. "
        "Among the dead were four staff and five children."
    )
    assert [i.killed.total for i in incidents(text)] == [9]


def test_civilians_among_a_larger_toll_are_its_civilians() -> None:
    text = "Six civilians including a child were among at least 22 people killed in Raqa."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.killed.civilians) == (22, 6)


def test_a_victim_left_dead() -> None:
    assert killed("A mortar shell on Jaramana left a child dead and a woman injured.") == 1


def test_a_toll_including_civilians_is_not_all_civilians() -> None:
    [incident] = incidents("US raids on Raqa kill 22 including civilians.")
    assert (incident.killed.total, incident.killed.civilians) == (22, None)


def test_killed_and_injured_after_a_count_is_no_death_toll() -> None:
    text = (
        "19 killed and injured in a terrorist attack in Tell Abyad. "
        "At least 4 people were killed."
    )
    assert [i.killed.total for i in incidents(text)] == [4]
    assert killed("175 Nusra terrorists killed, injured in Castello Road in Aleppo.") is None


def test_the_dead_of_two_kinds_joined_by_and_add_up() -> None:
    text = "US air strikes killed 50 Al-Qaeda militants and eight civilians in Idlib on Tuesday."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.killed.civilians) == (58, 8)


def test_a_count_after_and_is_not_the_dead_of_the_clause_before() -> None:
    text = (
        "Three civilians were killed and more than twenty others suffered from "
        "suffocation in Aleppo."
    )
    assert killed(text) == 3


def test_a_count_after_the_last_of_two_ands_is_not_the_dead_before_it() -> None:
    assert killed("Two men were shot and killed and another 20 people fled Azaz.") == 2


def test_a_headline_run_into_the_lead_does_not_hide_its_joined_toll() -> None:
    text = (
        "US strikes kill 50 Qaeda fighters in Syria AFP Tuesday US air strikes killed 50 "
        "Al-Qaeda militants and eight civilians in Idlib on Tuesday."
    )
    assert killed(text) == 58
    assert killed("Jihadists publicly executed and crucified nine men in Aleppo.") == 9


def test_n_of_them_is_a_breakdown() -> None:
    text = "Air strikes on Raqa killed 25 civilians six of them children on Wednesday."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.killed.children) == (25, 6)
    text = "The army clashed with the terrorists in Jabal al-Turkman killing 16 of them."
    assert killed(text) == 16


def test_the_dead_along_with_others_add_up() -> None:
    text = (
        "At least 29 fighters from the Hazm movement were killed along with six Al-Nusra "
        "Front terrorists in Aleppo on Saturday."
    )
    assert killed(text) == 35


def test_fighter_planes_are_no_victims() -> None:
    text = "Pro-regime media reported that 15 regime fighter planes were destroyed at Shayrat."
    assert [i.killed.total for i in incidents(text)] in ([], [None])


def test_a_toll_told_twice_is_not_two_parts_of_a_total() -> None:
    title = "Terrorist Bombing Claims 5 in Latakia"
    text = (
        "02-06-2016 Terrorist Bombing Claims 5 in Latakia. A motorcycle bomb attack took "
        "place near a mosque in al-Daatour neighborhood in Latakia city leaving 5 martyrs. "
        "Two civilians were killed and three others were injured in terrorist rocket attacks "
        "on neighborhoods in Deir Ezzor city. A source at Deir Ezzor Governorate told SANA "
        "on Wednesday that ISIL terrorists fired rocket shells on al-Qusour neighborhood in "
        "the city. The terrorist attacks according to the source claimed the lives of two "
        "persons and injured three others. Aleppo In the same context a woman was killed and "
        "35 others were injured in terrorist attacks with rocket shells on Aleppo city."
    )
    assert max(i.killed.total or 0 for i in incidents(text, title=title)) == 5


def test_the_count_a_breakdown_is_among_is_the_toll() -> None:
    text = "At least 68 children were among the 126 people killed in the attack on Rashidin."
    [incident] = incidents(text)
    assert (incident.killed.total, incident.killed.children) == (126, 68)


def test_a_count_among_an_untold_toll_is_no_toll() -> None:
    text = (
        "Nearly 70 children were among those killed when a car bombing hit buses in "
        "Rashidin on Saturday. At least 126 people were killed in the attack on Saturday."
    )
    assert max(i.killed.total or 0 for i in incidents(text)) == 126
    assert all(i.killed.total != 70 for i in incidents(text))


def test_one_of_those_killed_picks_out_a_victim_of_a_toll_told_before() -> None:
    text = (
        "Air strikes killed 43 people in Jayrud on Friday.\n"
        "One of those killed was the head of the medical centre."
    )
    assert [i.killed.total for i in incidents(text)] == [43]
