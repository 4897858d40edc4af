"""Event dates: each form of date the extractor reads, against the publication date,
and the article's own date line, which dates no event; and one incident per attack
in an article (rules/merge.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.extract import extract_article
from generator.extract.rules.dates import read_weekday, resolve_date
from generator.extract.rules.merge import total_not_below_its_parts
from generator.ingest.dates import find_dateline
from generator.model import Casualties
from tests.helpers import article, clause

THURSDAY = dt.date(2023, 4, 6)


def days_of(
    text: str, published: dt.date, *, toll: int | None = None, means: str | None = None
) -> set[dt.date | None]:
    """The days of the incidents read from ``text``, published on ``published``, that
    have the death toll ``toll`` or the means ``means`` (whichever is given)."""
    return {
        i.date
        for i in extract_article(article(text, published=published)).incidents
        if (toll is None or i.killed.total == toll) and (means is None or i.means == means)
    }


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("a car bomb exploded late on Thursday", THURSDAY, "day"),
        ("two soldiers were killed yesterday", dt.date(2023, 4, 5), "day"),
        ("air strikes overnight killed four", THURSDAY, "day"),
        ("120 fighters were killed over the past 24 hours", dt.date(2023, 4, 5), "day"),
        # the weekday that owns the attack beats the day of the statement
        (
            "the toll from Monday's car bomb rose to nine, police said on Thursday",
            dt.date(2023, 4, 3),
            "day",
        ),
        (
            "police said on Thursday that the toll from Monday's car bomb rose to nine",
            dt.date(2023, 4, 3),
            "day",
        ),
        ("Mondays airstrikes hit the Marjeh neighbourhood", dt.date(2023, 4, 3), "day"),
        # the day of a statement dates the event only when nothing else does
        (
            "the monitor said on Thursday that five were killed on Tuesday",
            dt.date(2023, 4, 4),
            "day",
        ),
        ("17 soldiers were killed, Firat news agency said Thursday", THURSDAY, "day"),
        ("shelling has killed 30 this week", THURSDAY, "week"),
        ("in recent days air strikes killed 30", THURSDAY, "week"),
        ("earlier this month a drone killed a commander", THURSDAY, "month"),
    ],
)
def test_each_date_form_against_the_publication_date(text, date, precision):
    assert resolve_date(clause(text), THURSDAY) == (date, precision)


def test_the_dateline_span_is_where_the_date_stands():
    text = "Print this page Tuesday 19 July 2016 16:45 Russian airstrikes"
    found = find_dateline(text)
    assert found is not None and text[found.start : found.end] == "Tuesday 19 July 2016"


def test_the_articles_own_dateline_dates_no_event():
    """ "Tuesday 12 July 2016 Rebels fired ..." published that Tuesday: the date line is
    the page's day; the shelling was told without a day."""
    coded = extract_article(
        article(
            "Tuesday 12 July 2016 Rebels fired 300 shells into western Aleppo killing nine "
            "civilians the Observatory said.",
            published=dt.date(2016, 7, 12),
        )
    )
    assert [(i.killed.total, i.date) for i in coded.incidents] == [(9, None)]


def test_an_undated_incident_takes_the_day_of_the_story():
    coded = extract_article(
        article(
            "Air raids on the rebel-held parts of Aleppo killed 13 civilians on Monday.\n"
            "In northwest Idlib province 17 people were killed in air strikes.",
            published=dt.date(2016, 7, 12),
        )
    )
    assert {(i.killed.total, i.date) for i in coded.incidents} == {
        (13, dt.date(2016, 7, 11)),
        (17, dt.date(2016, 7, 11)),
    }


def test_an_undated_lead_takes_the_day_of_a_total_told_that_day():
    """The lead names no day; the next sentence, read as a total, says Sunday; a
    retrospective "last Monday" in another province comes later: the lead is Sunday's."""
    coded = extract_article(
        article(
            "Anti-government activists say airstrikes have hit a market in the northwestern "
            "Syrian city of Idlib killing at least 12 people. The Syrian Observatory for Human "
            "Rights says at least 12 people were killed when several airstrikes struck the "
            "insurgent-held city on Sunday. Dozens of civilians were killed in air raids on a "
            "market in eastern Syria last Monday.",
            published=dt.date(2016, 6, 12),
        )
    )
    lead = [i for i in coded.incidents if i.killed.total == 12 and not i.aggregate]
    assert [i.date for i in lead] == [dt.date(2016, 6, 12)]


def test_an_article_that_dates_nothing_leaves_its_incidents_undated():
    coded = extract_article(
        article(
            "In northwest Idlib province 17 people were killed in air strikes.",
            published=dt.date(2016, 7, 12),
        )
    )
    assert [i.date for i in coded.incidents] == [None]


def test_a_week_alone_makes_no_incident():
    """ "this week has seen a flare-up": a week is no day, and names no event."""
    coded = extract_article(
        article(
            "Two soldiers were killed in Idlib on Thursday.\n"
            "Attempts to gain ground have become rare, but this week has seen a flare-up "
            "of confrontations.",
            published=dt.date(2023, 4, 7),
        )
    )
    assert [i.killed.total for i in coded.incidents] == [2]


def test_the_lead_after_the_dateline_is_news_without_a_day():
    """ "AP Wednesday 26 Oct 2016 IS land mines killed and wounded dozens ...": the lead
    names no toll and no town of its own, but it is the story; its day is not the date
    line's."""
    coded = extract_article(
        article(
            "Aleppo province lies in northern Syria.\n"
            "AP Wednesday 26 Oct 2016 Islamic State land mines killed and wounded dozens in "
            "a Syrian town a monitor said.",
            published=dt.date(2016, 10, 26),
        )
    )
    assert [(i.place.province, i.means, i.date) for i in coded.incidents] == [
        ("aleppo", "ied", None)
    ]


def test_weekdays_count_from_the_texts_own_date_line():
    """Front matter says 4 June (a feed's date, days off); the text is dated Sunday 12
    June: its "on Saturday" is 11 June."""
    coded = extract_article(
        article(
            "Sun 12 Jun 2016 Air strikes killed 20 people in Idlib city on Saturday.",
            published=dt.date(2016, 6, 4),
        )
    )
    assert [i.date for i in coded.incidents] == [dt.date(2016, 6, 11)]


def test_weekdays_count_from_an_update_stamp_too():
    """Front matter says Thursday 13 April (a feed's date); the text was last updated
    Saturday 15 April and is that day's version: its "on Saturday" is the 15th, not
    the 8th."""
    coded = extract_article(
        article(
            "Last updated at Apr 152017 A car bomb killed 43 people in Aleppo on Saturday.",
            published=dt.date(2017, 4, 13),
        )
    )
    assert [i.date for i in coded.incidents] == [dt.date(2017, 4, 15)]


# ---------------------------------------------------------------- one incident per attack
def tolls(text: str, published: dt.date = THURSDAY) -> list[tuple[int | None, bool]]:
    coded = extract_article(article(text, published=published))
    return sorted((i.killed.best_total, i.aggregate) for i in coded.incidents)


def test_another_sources_figure_is_the_same_attack():
    """The LCC's 30 for the raid on Oweijel the monitor put at 23 is no second raid; the
    higher figure is its toll (merge.higher_figure)."""
    assert tolls(
        "At least 23 people were killed in an airstrike on the village of Oweijel in Aleppo "
        "province on Monday. Another monitoring group said the air raid was carried out by "
        "Russian warplanes and put the death toll at 30."
    ) == [(30, False)]


def test_a_revised_toll_is_the_attacks_toll():
    assert tolls(
        "A car bomb killed 22 people in Azaz on Monday. "
        "The death toll from the bombing rose to 31 people killed."
    ) == [(31, False)]


def test_the_toll_most_deaths_are_part_of_is_a_total():
    assert tolls(
        "Airstrikes on opposition-held areas of Aleppo province killed at least 36 people on "
        "Monday. Most of the deaths were in the village of Oweijel where at least 23 people "
        "were killed in an airstrike."
    ) == [(23, False), (36, True)]


def test_the_same_toll_told_again_is_one_attack_whatever_sides_it_names():
    assert tolls(
        "Sun 10 Jul 2016 29 Syria Rebels Dead in Fighting for Key Aleppo Road. At least 29 "
        "Syrian rebels were killed in clashes with regime troops overnight during a failed bid "
        "to reopen the oppositions key supply route into Aleppo city a monitor said Sunday.",
        published=dt.date(2016, 7, 10),
    ) == [(29, False)]


def test_a_total_is_never_below_the_parts_it_counts():
    """ "112 killed ... 126 civilians" told of one attack: the larger figure stands."""
    dead = total_not_below_its_parts(Casualties(total=112, civilians=126))
    assert dead == Casualties(total=126, civilians=126)
    assert total_not_below_its_parts(Casualties(total=30, civilians=6)).total == 30


@pytest.mark.parametrize(
    "text",
    [
        "In this photo taken on June 8 provided by the civil defence air strikes on a "
        "market killed 21 civilians Sunday",
        "Russian military jets are seen at Hmeymim air base June 8 2016 (Agencies) air "
        "strikes on a market killed 21 civilians Sunday",
    ],
)
def test_a_photo_captions_date_is_no_events(text):
    """A caption run into the text dates the photo; the strikes were on Sunday."""
    assert resolve_date(clause(text), dt.date(2016, 6, 13)) == (dt.date(2016, 6, 12), "day")


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("At least 43 people were killed Saturday in a suicide car bomb attack", 5),
        ("Saturdays blast hit a convoy, a monitor said on Sunday", 5),
        # the day of a statement is no day of the event
        ("Nearly 70 children were killed, a monitor said on Sunday", None),
    ],
)
def test_an_undated_article_keeps_the_weekday_of_its_event(text, weekday):
    assert read_weekday(clause(text)) == weekday


def test_an_incident_of_an_article_with_no_date_carries_its_weekday():
    coded = extract_article(
        article("At least 43 people were killed Saturday in a suicide car bomb attack in Aleppo.")
    )
    assert [(i.date, i.weekday) for i in coded.incidents] == [(None, 5)]
    dated = extract_article(
        article(
            "At least 43 people were killed Saturday in a suicide car bomb attack in Aleppo.",
            published=dt.date(2017, 4, 16),
        )
    )
    assert [(i.date, i.weekday) for i in dated.incidents] == [(dt.date(2017, 4, 15), None)]


def test_an_undated_incident_takes_the_weekday_of_the_story_lead():
    coded = extract_article(
        article(
            "A bomb blast hit a bus convoy waiting to cross into government-held Aleppo on "
            "Saturday killing and wounding dozens of people evacuated from two villages the "
            "day before. The agreement had stalled leaving thousands of people stranded at two "
            "transit points on the city's outskirts before the explosion occurred. "
            "Pro-Damascus media outlets said a suicide attacker detonated a car bomb and killed "
            "at least 22 people."
        )
    )
    assert [(i.killed.total, i.weekday) for i in coded.incidents if not i.aggregate] == [(22, 5)]


def test_a_statement_day_gives_way_to_the_day_the_story_lead_gives_the_attack():
    text = (
        "Air strikes that ripped through a market in a rebel-held town have killed at least "
        "61 people mostly civilians a war monitor said on Tuesday. Three strikes hit the "
        "northwestern town of Atareb on Monday the Observatory said."
    )
    coded = extract_article(article(text, published=dt.date(2017, 11, 14)))
    dates = {i.date for i in coded.incidents if i.killed.total == 61}
    assert dates == {dt.date(2017, 11, 13)}


def test_the_statement_day_counts_from_the_texts_date_line_not_the_front_matter():
    # front matter ten days off (as FA-KES's are), the text's date line right
    text = (
        "Reuters Tuesday 14 Nov 2017 The death toll from air strikes on a town has risen to 61 "
        "a war monitor said on Tuesday. Rebels blamed Russian warplanes for Mondays attack on "
        "the market in Atareb."
    )
    assert days_of(text, dt.date(2017, 11, 4), toll=61) == {dt.date(2017, 11, 13)}


def test_a_date_in_a_relative_clause_on_a_place_does_not_date_the_attack():
    text = (
        "Air raids have taken place in numerous towns in the Aleppo countryside including "
        "Urum al-Kubra where an attack on an aid convoy took place on 19 September."
    )
    incs = extract_article(article(text, published=dt.date(2016, 10, 7))).incidents
    assert [(i.means, i.place.province) for i in incs] == [("airstrike", "aleppo")]


def test_a_relative_clause_on_a_source_leaves_the_clause_background():
    text = (
        "The Observatory, which has sources across Syria, also said on Monday that rebels "
        "were threatening to strike two villages in Aleppo if barrel bombs were used again."
    )
    assert extract_article(article(text, published=dt.date(2013, 12, 16))).incidents == ()


def test_a_relative_clause_of_no_day_leaves_a_hypothetical_attack_background():
    text = (
        "Damascus residents were making final preparations for an attack from outside, "
        "trying to anticipate where American missiles might strike."
    )
    assert extract_article(article(text, published=dt.date(2013, 9, 5))).incidents == ()


def test_a_24_hour_window_is_the_day_of_writing_when_the_article_tells_that_days_news():
    """The window spans the statement's day and the day before; "earlier today" puts the
    report on the day it was written, so the window's list is that day's too."""
    text = (
        "The Coordination Center said earlier today that five people were killed when "
        "al-Nusra terrorists fired shells on al-Midan neighborhood in Aleppo. The center "
        "added that al-Nusra terrorists shelled during the past 24 hours al-Foaa town in Idleb."
    )
    coded = extract_article(article(text, published=dt.date(2016, 6, 9)))
    assert {(i.place.province, i.date) for i in coded.incidents} == {
        ("aleppo", dt.date(2016, 6, 9)),
        ("idlib", dt.date(2016, 6, 9)),
    }


def test_a_24_hour_window_alone_is_the_day_before_the_statement():
    text = (
        "Some 120 Islamic State group fighters were killed in a series of Russian air strikes "
        "in Deir Ezzor over the past 24 hours the defence ministry in Moscow said on Saturday. "
        "Russian air strikes on Thursday night killed 14 people fleeing across the Euphrates "
        "near Mayadeen."
    )
    assert days_of(text, dt.date(2017, 10, 7), toll=120) == {dt.date(2017, 10, 6)}


def test_an_undated_incident_long_after_a_back_story_takes_the_day_of_the_story():
    """Sunday's assault is told as back-story to Monday's news; the Idlib strikes, told
    sentences later with no day, are the story's (Monday's), not Sunday's."""
    text = (
        "Air raids on the rebel-held parts of Aleppo killed 13 civilians on Monday. "
        "On Sunday at least 29 opposition fighters were killed when rebels launched a "
        "fruitless assault to reopen the road. The severing of the road has created shortages "
        "of food and fuel. Residents described searching in vain for fuel. The UN says nearly "
        "600000 Syrians live in besieged areas. In northwest Idlib province 17 people "
        "including two children were killed in air strikes."
    )
    assert days_of(text, dt.date(2016, 7, 12), toll=17) == {dt.date(2016, 7, 11)}


def test_an_undated_incident_right_after_a_back_story_continues_it():
    text = (
        "Air raids on the rebel-held parts of Aleppo killed 13 civilians on Monday. "
        "On Sunday at least 29 opposition fighters were killed when rebels launched a "
        "fruitless assault on the Castello Road. Shelling of Handarat killed four civilians."
    )
    assert days_of(text, dt.date(2016, 7, 12), toll=4) == {dt.date(2016, 7, 10)}


def test_a_statement_day_gives_way_to_the_date_a_later_sentence_gives_the_same_toll():
    """ "... Human Rights Watch said on Tuesday": the day of the report; the attack's own
    day is told later with the same toll, weeks before (too old to be news of its own)."""
    text = (
        "Evidence strongly suggests Syrian government forces were responsible for a poison gas "
        "attack that killed more than 1400 people Human Rights Watch said on Tuesday. The "
        "group said it had analysed witness accounts. The chemical weapons attack near "
        "Damascus on August 21 killed more than 1400 people."
    )
    assert days_of(text, dt.date(2013, 9, 10), toll=1400) == {dt.date(2013, 8, 21)}


def test_an_article_dated_only_by_a_statement_in_its_lead_takes_that_day():
    """Nothing dates the killing; the lead's source said it on Thursday, the latest day
    it can be (published Friday)."""
    text = (
        "The Peoples Protection Units (YPG) killed 17 Turkish servicemen and left three others "
        "wounded Kurdish media reported. The YPG members also have destroyed an armored "
        "personnel carrier of the Turkish army in Afrin Firat news agency said Thursday."
    )
    assert days_of(text, dt.date(2017, 4, 28), toll=17) == {dt.date(2017, 4, 27)}


def test_an_undated_incident_that_names_the_back_storys_place_continues_it():
    text = (
        "A suicide and car bomb attack near the Sayeda Zeinab shrine killed 20 people on "
        "Saturday. The regime was accused of dropping barrel bombs on the town of Daraya on "
        "Friday. The convoy delivered rice and flour late Thursday. Trucks brought a month's "
        "supply for 2400 people. An estimated 8000 people live in the town. The United States "
        "slammed the air strikes on Daraya."
    )
    assert days_of(text, dt.date(2016, 6, 12), means="airstrike") == {dt.date(2016, 6, 10)}


def test_a_statement_day_gives_way_to_the_day_the_lead_paragraph_says_the_attack_was():
    """ "... the Red Cross said Tuesday. ... Monday's raid on the convoy ...": the weekday
    that owns the attack, in the lead paragraph, is the story's day."""
    text = (
        "The air raids that hit an aid convoy near Aleppo killed around 20 people the "
        "humanitarian organisation said Tuesday. The Red Cross called it a violation of "
        "humanitarian law. Mondays raid on the convoy destroyed at least 18 of 31 vehicles."
    )
    assert days_of(text, dt.date(2016, 9, 20), toll=20) == {dt.date(2016, 9, 19)}
