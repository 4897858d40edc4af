"""Stated totals: figures an article gives over other incidents or over a period,
shown and never summed (``aggregate``). Words: ``generator/data/vocab/totals.yaml``.

``period_total`` reads one clause; the other rules read the article's
candidates and return them with their ``aggregate`` flag set where it applies.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from spacy.tokens import Span

from generator.extract.cues import cues, has_cue
from generator.extract.gazetteer import GOVERNORATE, PlaceEntry
from generator.extract.rules.casualties import Toll
from generator.extract.rules.places import CAPITAL_PAIR, governorates_named, is_specific
from generator.extract.vocab import table
from generator.knowledge.governorates import AROUND_CAPITAL, CAPITAL
from generator.knowledge.thresholds import LARGE_TOLL
from generator.model import Faction

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate

MAX_PARTS = 4
"""A stated total sums at most this many incidents (bounds the combinations tried)."""


def period_total(
    clause: Span, toll: Toll, own_place: bool, entry: PlaceEntry | None, day: bool = False
) -> bool:
    """ "in 48 hours", "since Thursday", "in March": a count over a period, unless the
    clause names a specific place of its own; "84 times": a count of events; a
    war-scale toll with no specific place and no day of its own ("killing well over
    1000 civilians with poison gas in Damascus suburbs on Wednesday" is one attack)."""
    if toll.counts_events:
        return True
    specific = own_place and (entry is None or entry.kind != GOVERNORATE)
    if (toll.killed or 0) >= LARGE_TOLL and not (specific or day):
        return True
    if has_cue(clause, "period_cues") and not of_a_series(clause):
        return True
    if has_cue(clause, "weak_period_cues"):
        return not own_place
    return False


def of_a_series(clause: Span) -> bool:
    """ "On Wednesday a drone strike killed a commander, the latest in a series of blows
    to the terrorists in recent weeks": the period after "the latest in" is the
    series', not the count's; the count is one attack's."""
    series = cues(clause, "series_cues")
    if not series:
        return False
    return all(cue.start > series[0].start for cue in cues(clause, "period_cues"))


def side(faction: Faction | None) -> str | None:
    """The side a faction fights on, as a total over several attackers names it
    ("rebels" covers the opposition and HTS: ``sides_in_totals``), None if unknown."""
    if faction is None or faction.bloc == "unknown":
        return None
    sides: dict[str, str] = table("totals", "sides_in_totals")
    return sides.get(faction.bloc, faction.bloc)


def can_be_part(part: Candidate, whole: Candidate, factions: dict[str, Faction]) -> bool:
    """A part of a stated total happened on its day: "a Russian air strike killed 38 on
    Wednesday" is not the sum of 20 killed on Wednesday and 18 in Raqqa on Tuesday;
    and on the whole's side: "regime shelling killed 10" is not 7 killed by the
    regime plus 3 by rebel rockets."""
    if part.date and whole.date and part.date != whole.date:
        return False
    sides = [
        side(factions.get(part.perpetrator or "")),
        side(factions.get(whole.perpetrator or "")),
    ]
    return None in sides or sides[0] == sides[1]


def sums_of_others(
    cands: list[Candidate], factions: dict[str, Faction]
) -> tuple[list[Candidate], set[int]]:
    """ "seven soldiers killed" = 3 + 4: a toll equal to the sum of two to four other
    incidents' tolls restates them; it is a stated total. Returns the candidates and
    the totals found."""
    tolls = [
        (i, c.toll.killed)
        for i, c in enumerate(cands)
        if c.toll.killed and not c.aggregate and not told_again(cands, i)
    ]
    found: set[int] = set()
    flagged: set[int] = set()
    for i, total in tolls:
        others = [
            t
            for j, t in tolls
            if j != i and t < total and can_be_part(cands[j], cands[i], factions)
        ]
        for size in range(2, min(len(others), MAX_PARTS) + 1):
            if any(sum(combo) == total for combo in itertools.combinations(others, size)):
                flagged.add(i)
                found.add(total)
                break
    out = [_total(c, "sums_of_others") if i in flagged else c for i, c in enumerate(cands)]
    return out, found


def told_again(cands: list[Candidate], j: int) -> bool:
    """ "Two civilians were killed in Deir Ezzor city ... The attacks claimed the lives of
    two persons": the same toll told again in the same governorate, without a place of
    its own, is one incident told twice, never two parts of a total."""
    c = cands[j]
    return not c.own_place and any(
        o.toll.killed == c.toll.killed and o.province == c.province and not o.aggregate
        for o in cands[:j]
    )


def told_over_governorates(cands: list[Candidate], factions: dict[str, Faction]) -> list[Candidate]:
    """ "Terrorist attacks kill a woman, injure 9 in Hasaka and Aleppo. ... A woman was
    killed ... in Jarez village in the countryside of Aleppo": a toll told over places
    in two governorates or more sums the attacks the article tells after it in them,
    even when only one of them killed: a stated total, never merged with them."""
    out = list(cands)
    for i, cand in enumerate(cands):
        toll = cand.toll.killed
        if toll is None or cand.aggregate:
            continue
        govs = set(governorates_named(cand.clause))
        if len(govs - {CAPITAL} if AROUND_CAPITAL in govs else govs) < 2:
            continue  # "Jayrud near Damascus" names one governorate
        hurt = {c.province for c in cands[i + 1 :] if c.toll.killed or c.toll.injured}
        if len(govs & hurt) < 2:
            continue  # one governorate's attack told again, not a sum over two
        later = [
            c.toll.killed or 0
            for c in cands[i + 1 :]
            if c.province in govs
            and c.toll.killed
            and not c.aggregate
            and can_be_part(c, cand, factions)
        ]
        if any(
            sum(combo) == toll
            for size in range(1, min(len(later), MAX_PARTS) + 1)
            for combo in itertools.combinations(later, size)
        ):
            out[i] = _total(cand, "told_over_governorates")
    return out


def restated_total(cands: list[Candidate], totals: set[int]) -> list[Candidate]:
    """ "At least 42 were killed in bomb blasts that hit Tartous, Homs and Hasakeh" ...
    "a string of bomb blasts killed at least 42": a sum told again without a place
    of its own is the same total, not one more incident."""
    return [
        _total(c, "restated_total")
        if not c.aggregate and not c.own_place and c.toll.killed in totals
        else c
        for c in cands
    ]


def headline_incident(counted: list[Candidate], headline: int | None) -> Candidate | None:
    """The incident the headline's toll tells of: its toll, or a part of it the headline
    counts ("kills 11 children" -> "15 civilians, 11 of them children"), else the
    nearest toll within a fifth of it ("more than 50" -> "at least 51")."""
    if headline is None:
        return None
    for cand in counted:
        t = cand.toll.dead
        if headline in (t.total, t.children, t.civilians, t.women, t.combatants):
            return cand
    near = [c for c in counted if abs((c.toll.killed or 0) - headline) <= 0.2 * headline]
    return min(near, key=lambda c: abs((c.toll.killed or 0) - headline)) if near else None


def itemised(toll: int, tolls: list[int], totals: set[int]) -> bool:
    """Whether ``toll`` and one to three other tolls sum to a stated total."""
    others = list(tolls)
    others.remove(toll)
    for size in range(1, min(len(others), MAX_PARTS - 1) + 1):
        for combo in itertools.combinations(others, size):
            if toll + sum(combo) in totals:
                return True
    return False


REVISED = "revises_the_toll"


def background_tolls(cands: list[Candidate], headline: int | None) -> list[Candidate]:
    """A toll larger than the lead's is background, unless the text dates it and places
    it itself, or itemises it in a stated total.

    The lead is the incident whose toll the headline states ("US-led strike kills 18
    civilians" -> the body's 18), else the first incident with a toll. News leads with
    its event; totals and past attacks come later: in "A bomb killed six people in
    Aleppo on Wednesday. ... At least 327 people have also been killed in clashes in
    the province of Aleppo" the 327 is a running total told as context. Kept: "This
    Tuesday, regime forces lost three soldiers in Fleifel" (its own day and village),
    and "27 troops ... another eight" when the article states their total (35). An
    attack the text recalls ("This follows a bombing that killed 100 on Tuesday") is
    never the lead, and background when larger than it.
    """
    counted = [c for c in cands if c.toll.killed is not None and not c.aggregate]
    by_headline = headline_incident(counted, headline)
    news = [c for c in counted if not c.recalled]
    lead = by_headline or (news[0] if news else None)
    if lead is None:
        return cands
    totals = {c.toll.killed for c in cands if c.aggregate and c.toll.killed}
    tolls = [c.toll.killed for c in counted if c.toll.killed]
    lead_toll = lead.toll.killed or 0
    background: set[int] = set()
    for cand in counted:
        toll = cand.toll.killed or 0
        if cand is lead or toll <= lead_toll or REVISED in cand.why.killed:
            continue  # a toll the article revises is an attack's (merge.revises_the_toll)
        if (
            by_headline is None
            and not cand.recalled
            and (
                cand.index < lead.index
                or (cand.date and cand.date == lead.date)
                or (cand.precision == "day" and is_specific(cand.place_entry, cand.own_place))
            )
        ):
            continue
        if itemised(toll, tolls, totals) or elsewhere_that_day(cand, lead):
            continue
        background.add(id(cand))
    return [_total(c, "background_toll") if id(c) in background else c for c in cands]


def elsewhere_that_day(cand: Candidate, lead: Candidate) -> bool:
    """A second news item, not background: an attack on people the text dates to the
    lead's day (or the next or the one before) in a town of another governorate. "At
    least 19 civilians were killed in air strikes on Douma near Damascus on Tuesday ...
    On Tuesday at least 58 people were killed in a suspected chemical attack on the
    town of Khan Sheikhun" is no total over Douma's dead, however larger. Fighters
    killed elsewhere ("28 rebels had been killed in Qalamun area as well as in Eastern
    Ghouta", "repelled an attack by Daesh ... killing 30") are the tally of a front,
    background as before."""
    if (
        cand.recalled
        or cand.precision != "day"
        or not is_specific(cand.place_entry, cand.own_place)
    ):
        return False
    dead = cand.toll.dead
    if dead.combatants is not None and dead.combatants >= (dead.total or 0):
        return False
    if cand.province is None or lead.province is None or _one_capital(cand.province, lead.province):
        return False
    day, lead_day = cand.day, lead.day
    return day is not None and lead_day is not None and abs((day - lead_day).days) <= 1


def _one_capital(a: str, b: str) -> bool:
    """The same governorate, Damascus and the one around it counting as one."""
    return a == b or {a, b} <= CAPITAL_PAIR


def _total(cand: Candidate, rule: str) -> Candidate:
    return cand.but(aggregate=True, why=cand.why.add("killed", rule))
