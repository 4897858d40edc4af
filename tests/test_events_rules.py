"""The pairwise rules of the merge (generator/events/rules.py): each facet and each
evidence rule, on hand-made reports."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.events.rules import (
    DATES_APART,
    DAY_SLACK,
    LOOKBACK_DAYS,
    RARE_MEANS_DAYS,
    TELLING_TOLL,
    Side,
    Verdict,
    incident_window,
    judge,
    province_block,
    side,
    sure_conflicts,
)
from generator.model import Faction

D = dt.date(2017, 4, 15)
FACTIONS = {
    "syrian-government": Faction("syrian-government", "SAA", "syrian-government-and-allies"),
    "russia": Faction("russia", "Russia", "syrian-government-and-allies"),
    "hts": Faction("hts", "HTS", "hts-nusra"),
    "free-syrian-army": Faction("free-syrian-army", "FSA", "opposition"),
}


def rep(
    article: str = "a",
    *,
    day: dt.date | None = D,
    precision: str = "day",
    published: dt.date | None = D,
    place: str | None = "Rashidin",
    province: str | None = "aleppo",
    means: str = "car-bomb",
    perpetrator: str | None = None,
    killed: int | None = None,
    weekday: int | None = None,
) -> Side:
    return side(
        article_id=article,
        incident_id=f"{article}-01",
        province=province,
        place_name=place,
        means=means,
        perpetrator=perpetrator,
        toll=killed,
        date=day,
        precision=precision if day else "unknown",
        published=published,
        weekday=weekday,
    )


def verdict(a: Side, **b: object) -> Verdict:
    return judge(a, rep("b", **b), FACTIONS)  # type: ignore[arg-type]


def conflicts(v: Verdict) -> set[str]:
    return {r.facet for r in v.conflict}


# --------------------------------------------------------------------------- windows


def test_windows_of_day_week_month_and_undated_reports() -> None:
    o = D.toordinal()
    assert incident_window(D, "day", None) == ((o, o), True)
    monday = dt.date(2017, 4, 10).toordinal()
    assert incident_window(D, "week", None) == ((monday, monday + 6), False)
    april = (dt.date(2017, 4, 1).toordinal(), dt.date(2017, 4, 30).toordinal())
    assert incident_window(D, "month", None) == (april, False)
    # no date in the text: the days before publication, publication day included
    assert incident_window(None, "unknown", D) == ((o - LOOKBACK_DAYS, o), False)
    assert incident_window(D, "year", D) == ((o - LOOKBACK_DAYS, o), False)
    assert incident_window(None, "unknown", None) == (None, False)


def test_an_undated_report_is_marked_as_dated_by_its_publication() -> None:
    assert rep(day=None).reported and not rep().reported
    assert not rep(day=D, precision="week").reported


# --------------------------------------------------------------------------- conflicts


def test_two_incidents_of_one_article_conflict() -> None:
    assert conflicts(judge(rep("a"), rep("a"))) == {"article"}


def test_governorates_must_be_known_and_equal_damascus_and_its_countryside_are_one() -> None:
    assert "governorate" in conflicts(verdict(rep(), province="idlib"))
    assert "governorate" in conflicts(judge(rep(province=None), rep("b", province=None)))
    assert province_block("rif-dimashq") == province_block("damascus") != province_block("daraa")
    v = judge(
        rep(place="Jobar", province="damascus", means="chemical"),
        rep("b", place="Damascus", province="rif-dimashq", means="chemical"),
    )
    assert v.merge


def test_day_dates_more_than_a_day_apart_conflict() -> None:
    assert verdict(rep(), day=D + dt.timedelta(DAY_SLACK)).merge
    v = verdict(rep(), day=D + dt.timedelta(DAY_SLACK + 1))
    assert conflicts(v) == {"date"} and v.conflict[0].text == "dates 2 days apart"


def test_an_undated_report_conflicts_with_days_outside_its_window() -> None:
    undated = rep(day=None, published=D)
    assert "date" not in conflicts(verdict(undated, day=D - dt.timedelta(LOOKBACK_DAYS)))
    assert "date" in conflicts(verdict(undated, day=D - dt.timedelta(LOOKBACK_DAYS + 1)))
    assert "date" in conflicts(verdict(undated, day=D + dt.timedelta(1)))  # after publication


def test_specific_places_conflict_coarse_ones_do_not() -> None:
    assert conflicts(verdict(rep(place="Douma"), place="Harasta")) == {"place"}
    assert not conflicts(verdict(rep(place="Fuaa"), place="Aleppo province"))
    assert not conflicts(verdict(rep(place="Fuaa"), place=None))
    v = verdict(rep(place="southern Aleppo"), place="northern Aleppo countryside")
    assert conflicts(v) == {"place"}


@pytest.mark.parametrize(
    "a, b, ok",
    [
        ("airstrike", "barrel-bomb", True),
        ("airstrike", "drone-strike", True),
        ("car-bomb", "ied", True),
        ("suicide-bombing", "car-bomb", True),
        ("airstrike", "unknown", True),
        ("other", "shelling", True),
        ("airstrike", "shelling", False),
        ("gunfire", "execution", False),
        ("car-bomb", "airstrike", False),
    ],
)
def test_means_conflict_unless_equal_vague_or_one_family(a: str, b: str, ok: bool) -> None:
    # one report names no town (one town that day: the bombardment test below)
    assert ("means" not in conflicts(verdict(rep(means=a), means=b, place=None))) is ok


def test_perpetrators_of_two_blocs_conflict_except_over_a_chemical_attack() -> None:
    assert "perpetrator" in conflicts(
        verdict(rep(perpetrator="syrian-government"), perpetrator="hts")
    )
    assert "perpetrator" not in conflicts(
        verdict(rep(perpetrator="syrian-government"), perpetrator="russia")
    )
    assert "perpetrator" not in conflicts(verdict(rep(perpetrator="hts"), perpetrator=None))
    # who launched a chemical attack, and how many it killed, is what its reports dispute
    gas = rep(means="chemical", perpetrator="syrian-government", killed=1300)
    v = verdict(gas, means="chemical", perpetrator="free-syrian-army", killed=130)
    assert v.merge and "tolls disputed: 130 / 1300" in [r.text for r in v.agree]
    assert "toll" in conflicts(verdict(rep(killed=1300), killed=130))


def test_tolls_that_cannot_be_revisions_conflict() -> None:
    assert verdict(rep(killed=70), killed=126).merge
    assert verdict(rep(killed=10), killed=46).merge
    assert conflicts(verdict(rep(killed=2), killed=45)) == {"toll"}


# --------------------------------------------------------------------------- evidence


def test_one_specific_place_and_a_matching_day_merge() -> None:
    v = verdict(rep(place="al-Rashideen"), place="the town of Rashidin", means="unknown")
    assert v.merge and "same place" in v.kinds and "same day" in v.kinds
    assert [r.text for r in v.agree] == [
        "same day",
        "same place: al-Rashideen ~ the town of Rashidin",
    ]


def test_one_specific_place_in_overlapping_windows_needs_means_and_toll() -> None:
    """A town in a campaign is struck on many days: place and weapon alone are not enough."""
    undated = rep(day=None, published=D + dt.timedelta(3), means="airstrike", killed=None)
    assert not verdict(undated, means="airstrike", killed=8).merge
    with_toll = rep(day=None, published=D + dt.timedelta(3), means="airstrike", killed=7)
    assert verdict(with_toll, means="airstrike", killed=8).merge
    assert not verdict(with_toll, means="barrel-bomb", killed=8).merge  # a family is not enough
    big = rep(day=None, published=D + dt.timedelta(3), means="unknown", killed=TELLING_TOLL)
    assert verdict(big, means="airstrike", killed=TELLING_TOLL).merge  # a telling toll


def test_an_undated_report_published_that_day_or_the_next_counts_as_the_day() -> None:
    same_day = rep(day=None, published=D, means="ied")
    assert "reported that day" in verdict(same_day).kinds
    undated = rep(day=None, published=D + dt.timedelta(1), means="ied")
    v = verdict(undated, means="suicide-bombing")
    assert "reported the next day" in v.kinds and v.merge
    later = rep(day=None, published=D + dt.timedelta(2), means="ied")
    assert "dates overlap" in verdict(later).kinds and not verdict(later).merge


def test_a_governorate_name_is_no_place() -> None:
    # same day, same means, close tolls: merged although one names only the governorate
    v = verdict(
        rep(place="Fuaa", means="airstrike", killed=20),
        place="Aleppo",
        means="airstrike",
        killed=24,
    )
    assert v.merge and "same place" not in v.kinds
    # a day apart is not enough for air strikes over a governorate ...
    assert not verdict(
        rep(place="Aleppo", means="airstrike", killed=25),
        place="city of Aleppo",
        means="airstrike",
        killed=23,
        day=D + dt.timedelta(1),
    ).merge
    # ... nor the same day without tolls
    assert not verdict(rep(place=None, means="airstrike"), place="Aleppo", means="airstrike").merge


def test_a_discrete_blast_merges_on_a_matching_day_without_a_place() -> None:
    v = verdict(rep(place="Qamishli", killed=48), place=None, killed=22, day=D + dt.timedelta(1))
    assert v.merge and "toll revised" in v.kinds
    assert not verdict(
        rep(place=None, means="airstrike", killed=48),
        place=None,
        means="airstrike",
        killed=22,
        day=D + dt.timedelta(1),
    ).merge


def test_a_small_equal_toll_is_no_evidence_a_large_one_is() -> None:
    undated = rep(day=None, published=D + dt.timedelta(3), place=None, means="shelling", killed=3)
    assert not verdict(undated, place="Aleppo", means="shelling", killed=3).merge
    undated = rep(day=None, published=D + dt.timedelta(3), place=None, means="shelling", killed=23)
    assert verdict(undated, place="Aleppo", means="shelling", killed=23).merge


def test_chemical_attacks_within_ten_days_are_one_attack() -> None:
    gas = rep(place="Khan Sheikhoun", province="idlib", means="chemical", killed=58)
    late = dict(place="Idlib province", province="idlib", means="chemical", killed=87)
    assert verdict(gas, day=D + dt.timedelta(RARE_MEANS_DAYS), **late).merge  # type: ignore[arg-type]
    assert "date" in conflicts(
        verdict(gas, day=D + dt.timedelta(RARE_MEANS_DAYS + 1), **late)  # type: ignore[arg-type]
    )


def test_reports_without_any_date_merge_on_place_and_means() -> None:
    timeless = rep(day=None, published=None, place="Fuaa", means="car-bomb", killed=70)
    assert verdict(timeless, place="al-Foua", means="suicide-bombing", killed=126).merge
    assert not verdict(timeless, place="Aleppo", means="car-bomb", killed=60).merge
    assert not verdict(timeless, place="Fuaa", means="unknown", killed=70).merge


def test_reports_without_any_date_merge_on_a_telling_toll_and_means() -> None:
    # "the death toll from the bus convoy bomb attack reached at least 126": no date, no town
    timeless = rep(day=None, published=None, place="Aleppo", means="ied", killed=126)
    assert verdict(timeless, place="Fuaa", means="suicide-bombing", killed=126).merge
    small = rep(day=None, published=None, place="Aleppo", means="ied", killed=7)
    assert not verdict(small, place="Fuaa", means="suicide-bombing", killed=7).merge


def test_reports_without_any_date_merge_on_the_weekday_they_name() -> None:
    # "43 people were killed Saturday in a suicide car bomb attack" (no date in the article)
    saturday = D - dt.timedelta(days=(D.weekday() - 5) % 7)
    timeless = rep(
        day=None, published=None, place=None, means="suicide-bombing", killed=43, weekday=5
    )
    v = verdict(timeless, day=saturday, place="Fuaa", means="car-bomb", killed=126)
    assert v.merge and "same weekday" in v.kinds
    wednesday = saturday - dt.timedelta(days=3)
    assert "date" in conflicts(verdict(timeless, day=wednesday, place="Fuaa", killed=126))
    # a blast with no toll on one side, or a shelling's weekday and a far toll, are not enough
    no_toll = rep(day=None, published=None, place=None, means="suicide-bombing", weekday=5)
    assert not verdict(no_toll, day=saturday, place="Azaz", means="suicide-bombing", killed=6).merge
    shells = rep(day=None, published=None, place=None, means="shelling", killed=43, weekday=5)
    assert not verdict(shells, day=saturday, place="Fuaa", means="shelling", killed=126).merge


def test_strength_ranks_better_matches_higher() -> None:
    a = rep(killed=70, means="car-bomb")
    assert verdict(a, killed=70).strength > verdict(a, killed=100).strength
    assert verdict(a, killed=70).strength > verdict(a, killed=70, place=None).strength


def test_a_telling_toll_by_one_named_attacker_on_a_matching_day_merges() -> None:
    """ "IS attack on Syria oil field kills 30" / "ISIS recaptures gas fields, kills 30":
    neither says how (gunfire / unknown), both name IS and 30 dead."""
    undated = rep(
        day=None, place="Homs province", province="homs", means="unknown",
        perpetrator="islamic-state", killed=30,
    )  # fmt: skip
    assert verdict(
        undated, place=None, province="homs", means="gunfire", perpetrator="islamic-state",
        killed=30,
    ).merge  # fmt: skip
    assert not verdict(undated, place=None, province="homs", means="gunfire", killed=30).merge


def test_a_risen_toll_of_the_same_air_force_the_next_day_merges_with_an_unplaced_report() -> None:
    """29 killed by regime air raids on Atareb; the next day "at least 61 killed" in a
    regime air strike on a market town (no place named)."""
    atareb = rep(place="Atareb", means="airstrike", perpetrator="syrian-government", killed=29)
    later = dict(
        day=D + dt.timedelta(1), published=D + dt.timedelta(1), means="airstrike",
        perpetrator="syrian-government", killed=61,
    )  # fmt: skip
    assert verdict(atareb, place=None, **later).merge  # type: ignore[arg-type]
    # both in "Aleppo" (a governorate's name): two days of a bombardment
    assert not verdict(
        rep(place="Aleppo", means="airstrike", perpetrator="syrian-government", killed=29),
        place="Aleppo", **later,  # type: ignore[arg-type]
    ).merge  # fmt: skip
    # no attacker named on one side: not enough
    assert not verdict(atareb, place=None, **{**later, "perpetrator": None}).merge  # type: ignore[arg-type]


def test_a_toll_told_as_a_revision_is_the_later_whatever_the_front_matter_says() -> None:
    """ "The death toll from air strikes on a town has risen to 61", in an article whose
    front matter dates it ten days before the 29 killed in Atareb: the 61 is the later
    figure (the toll rose), so the two merge."""
    atareb = rep(place="Atareb", means="airstrike", perpetrator="syrian-government", killed=29)
    early = D - dt.timedelta(10)
    risen = rep(
        "b", place=None, means="airstrike", perpetrator="syrian-government", killed=61,
        published=early,
    )  # fmt: skip
    assert not judge(atareb, risen, FACTIONS).merge
    revised = dataclasses.replace(risen, revision=True)
    v = judge(atareb, revised, FACTIONS)
    assert v.merge and "toll rose" in v.kinds


def test_air_strikes_and_shelling_of_one_town_that_day_are_one_bombardment() -> None:
    """ "Regime air strikes and shelling of Jayrud": one outlet says strikes (30 dead),
    another shelling (43 dead), same town, same day: one attack. Without the town, or
    without a day, the means still tell two reports apart."""
    strikes = rep(place="Jayrud", province="rif-dimashq", means="airstrike", killed=30)
    shells = dict(province="rif-dimashq", means="shelling", killed=43)
    v = verdict(strikes, place="Jayrud", **shells)  # type: ignore[arg-type]
    assert v.merge and "air or ground fire" in v.kinds
    assert "means" in conflicts(verdict(strikes, place=None, **shells))  # type: ignore[arg-type]
    undated = dict(day=None, published=D + dt.timedelta(2), place="Jayrud", **shells)
    assert "means" in conflicts(verdict(strikes, **undated))  # type: ignore[arg-type]
    assert "means" in conflicts(verdict(strikes, place="Jayrud", province="rif-dimashq", killed=30))


def test_two_reports_of_an_aircraft_lost_the_same_day_with_its_toll_are_one_event() -> None:
    """ "A Russian helicopter was shot down in Idlib province, all five on board killed" and
    "shot down near Saraqeb on Monday killing all five": an aircraft lost ("other") is
    one discrete event, like a blast, though a small toll and no town on one side."""
    idlib = rep("a", place="Idlib province", province="idlib", means="other", killed=5)
    saraqeb = rep("b", place="Saraqeb", province="idlib", means="other", killed=5)
    v = judge(idlib, saraqeb, FACTIONS)
    assert v.merge and "same means" in v.kinds
    shelled = rep("c", place="Saraqeb", province="idlib", means="shelling", killed=5)
    assert not judge(idlib, shelled, FACTIONS).merge  # a vague means agrees, but tells nothing


# --------------------------------------------------------------------------- the quick test


def test_sure_conflicts_tells_two_attacks_apart_without_a_verdict() -> None:
    """An air strike on the 15th and one on the 20th; shelling by the government and an
    HTS car bomb on one day: the merge skips judging them."""
    strike = rep(means="airstrike")
    assert sure_conflicts(strike, rep("b", means="airstrike", day=D + dt.timedelta(5))) == (
        DATES_APART
    )
    shelling = rep(means="shelling", perpetrator="syrian-government")
    assert sure_conflicts(shelling, rep("b", means="car-bomb", perpetrator="hts"), FACTIONS) == 2
    assert sure_conflicts(strike, rep("b", means="airstrike", killed=3)) == 0


def _report_facets(places: list[str | None]) -> st.SearchStrategy[tuple]:
    """Day, precision, publication day, means, perpetrator, toll and place of a report."""
    return st.tuples(
        st.sampled_from([D, D + dt.timedelta(1), D + dt.timedelta(2), D + dt.timedelta(9), None]),
        st.sampled_from(["day", "day", "week", "month"]),
        st.sampled_from([D, D + dt.timedelta(3), None]),
        st.sampled_from(["airstrike", "shelling", "car-bomb", "chemical", "unknown", "other"]),
        st.sampled_from([None, "syrian-government", "russia", "hts", "unidentified"]),
        st.one_of(st.none(), st.integers(0, 60)),
        st.sampled_from(places),
    )


@settings(max_examples=400, deadline=None)
@given(
    _report_facets(["Douma", "Harasta", "northern Douma", None]),
    _report_facets(["Douma", "Harasta", "southern Douma", None]),
)
def test_sure_conflicts_never_finds_more_than_judge(a: tuple, b: tuple) -> None:
    def make(article: str, t: tuple) -> Side:
        day, precision, published, means, perpetrator, killed, place = t
        return rep(
            article,
            day=day,
            precision=precision,
            published=published,
            means=means,
            perpetrator=perpetrator,
            killed=killed,
            place=place,
            province="rif-dimashq",
        )

    sa, sb = make("a", a), make("b", b)
    v = judge(sa, sb, FACTIONS)
    sure = sure_conflicts(sa, sb, FACTIONS)
    if sure == DATES_APART:
        assert "date" in v.conflicts
    else:
        assert sure <= len([c for c in v.conflicts if c in ("means", "perpetrator", "toll")])
