"""By what means: ``read_means(clause)``, and the ACLED event type of a means.

The most specific means a clause names wins (``priority`` in
``generator/data/vocab/means.yaml``), unless it is named only as support ("backed
by air raids") or in a reference to another event ("hours after a chemical
attack"). ``MEANS_RULES``, in order, then decide what the clause's words say:
an aircraft lost, captives killed, a named means, "bombed" (the attacker
decides), gunfire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span

from generator.extract.cues import MEANS, Cue, cues, has_cue
from generator.extract.numbers import numbers_in
from generator.extract.rules import first_decision, once_per_span, quick_init
from generator.extract.tokens import PART_ENDS, norms, span_text, texts
from generator.extract.vocab import Words, entries, table
from generator.knowledge.means import GUNFIRE, family_of
from generator.model import Faction

AIRSTRIKE = "airstrike"
EFFECT_PRIORITY = 1
"""An explosion's effect ranks below every weapon (``effect_only``)."""
V = Words("means")
"""The one-word lists of ``generator/data/vocab/means.yaml``."""
NUMBERS = Words("numbers")
REFERENCE_WORDS = 5
"""How far a reference to another event reaches: "hours after a chemical attack"."""


@quick_init
@dataclass(frozen=True)
class MeansReading:
    means: str | None
    """The means the clause names, or None."""
    ambiguous: bool
    """Only "bombed"/"struck" named: the attacker's bloc decides (``bombing_means``)."""
    violent: bool
    """Violence is named, by whatever means ("an attack killed five")."""
    why: tuple[str, ...] = ()


@cache
def means_table() -> dict[str, dict[str, Any]]:
    return {str(k): v for k, v in table("means", "means").items()}


def priority(means: str) -> int:
    spec = means_table().get(means)
    return int(spec["priority"]) if spec else 0


@quick_init
@dataclass(frozen=True)
class Named:
    """The means a clause names: the best on its own, the best named only as support."""

    clause: Span
    best: str | None
    backing: str | None


def _ranges_after(clause: Span, label: str, reach: int | None) -> list[tuple[int, int]]:
    ts = texts(clause.doc)
    out = []
    for cue in cues(clause, label):
        stop = cue.end
        if reach is None:
            while stop < clause.end and ts[stop] not in PART_ENDS:
                stop += 1
        else:
            stop = min(cue.end + reach, clause.end)
        out.append((cue.end, stop))
    return out


def in_support(clause: Span) -> list[tuple[int, int]]:
    """ "Clashes broke out ... backed by air raids and mortar rounds": the words after a
    support cue, up to the next punctuation, name means that do not decide."""
    return _ranges_after(clause, "support_cues", None)


def in_reference(clause: Span) -> list[tuple[int, int]]:
    """ "hours after a chemical attack": a few words after a reference cue name
    another event's means."""
    return _ranges_after(clause, "reference_cues", REFERENCE_WORDS)


def effect_only(clause: Span, cue: Cue) -> bool:
    """ "Rocket attacks struck Homs, setting off explosions in a weapons depot", "the
    blast was due to a rocket bomb": an explosion or a blast is what a weapon did;
    it names a device (``ied``) only when the clause names no weapon at all."""
    ns = norms(clause.doc)
    return cue.end - cue.start == 1 and ns[cue.start] in V.effect_words


COUNTED_REACH = 3
"""How far before "gunmen" a count makes them the counted dead ("50 Nusra gunmen")."""
KILLED_REACH = 3
"""How far before that count a word of killing stands ("killing at least 30")."""


def counted_people(clause: Span, cue: Cue) -> bool:
    """ "killing at least 30 pro-regime gunmen", "75 militants including the suicide
    bombers": people a means is named after, counted among the dead, are its
    victims; they name no means of this attack."""
    ns = norms(clause.doc)
    if ns[cue.end - 1] not in V.means_people:
        return False
    kills = [k.end for k in cues(clause, "killed_words")]
    lo = max(clause.start, cue.start - COUNTED_REACH)
    for n in numbers_in(clause):
        if lo <= n.end <= cue.start and any(
            n.start - KILLED_REACH <= k <= n.start and set(ns[k : n.start]) <= NUMBERS.hedges
            for k in kills
        ):
            return True  # "killing at least 30 pro-regime gunmen", not "killed when two bombers"
    among = ns[max(clause.start, cue.start - 2) : cue.start] == ["including", "the"]
    return among and any(k <= cue.start for k in kills)


def counted(clause: Span, cue: Cue) -> bool:
    """ "6 ISIS Bombers Killed", "killing at least 30 pro-regime gunmen": people a
    means is named after, with a count right before them, are people (attackers or
    the dead), no weapon."""
    ns = norms(clause.doc)
    if ns[cue.end - 1] not in V.means_people:
        return False
    lo = max(clause.start, cue.start - COUNTED_REACH)
    return any(lo <= n.end <= cue.start for n in numbers_in(clause))


def named_means(clause: Span) -> Named:
    """The most specific means named (priority, then the earlier mention), on its own
    and as support; an explosion's effect (``effect_only``) below any weapon, the
    dead called by a means (``counted_people``) not at all."""
    support, elsewhere = in_support(clause), in_reference(clause)
    best: tuple[int, int, str] | None = None
    backing: tuple[int, int, str] | None = None
    for cue in cues(clause, MEANS):
        if any(a <= cue.start < b for a, b in elsewhere) or counted_people(clause, cue):
            continue
        rank = EFFECT_PRIORITY if effect_only(clause, cue) else priority(cue.item)
        found = (rank, -cue.start, cue.item)
        if any(a <= cue.start < b for a, b in support):
            backing = max(backing or found, found)
        elif best is None or found > best:
            best = found
    return Named(clause, best[2] if best else None, backing[2] if backing else None)


# ---------------------------------------------------------------- the rules
def support_is_the_means(n: Named) -> str | None:
    """ "an assault accompanied by dozens of missiles, leading to the death of eight":
    the support is the only means named for the deaths."""
    if n.best is None and n.backing is not None and has_cue(n.clause, "killed_words"):
        return n.backing
    return None


def aircraft_lost(n: Named, best: str | None) -> MeansReading | None:
    """ "a warplane crashed into a market", "their helicopter was shot down": the
    aircraft is what was lost, not the weapon."""
    if (best is None or best in entries("means", "aircraft_means")) and has_cue(
        n.clause, "aircraft_lost"
    ):
        return MeansReading("other", False, True)
    return None


def kills_captives(n: Named, best: str | None) -> MeansReading | None:
    """ "massacred 250 troops taken hostage": the killing of people held captive is an
    execution, whatever weapon is named."""
    if (
        (best is None or best == GUNFIRE)
        and has_cue(n.clause, "captive_words")
        and has_cue(n.clause, "killed_words")
    ):
        return MeansReading("execution", False, True)
    return None


def named_weapon(n: Named, best: str | None) -> MeansReading | None:
    """ "regime shelling targeting the village of Halfaya" -> shelling."""
    return MeansReading(best, False, True) if best and best != GUNFIRE else None


def struck_from_the_air(clause: Span) -> bool:
    """ "Strikes killed 20": from the air. But "a twin bombing struck a crowd",
    "Tuesday's attack struck the headquarters": the verb "struck" says nothing of
    how."""
    doc = clause.doc
    hits = {span_text(doc, c.start, c.end).lower() for c in cues(clause, "air_words")}
    return bool(hits - {"struck"})


def shooters_named(clause: Span) -> bool:
    """ "Terrorist snipers targeted civilians in al-Ramouseh", "gunmen targeted a
    checkpoint": people named by their guns (``means_people``), not counted among the
    dead, did what "targeted" says: they shot."""
    ns = norms(clause.doc)
    return any(
        c.item == GUNFIRE and ns[c.end - 1] in V.means_people and not counted(clause, c)
        for c in cues(clause, MEANS)
    )


def bombing_word(n: Named, best: str | None) -> MeansReading | None:
    """ "bombed", "struck", "targeted", "bombers": no means of their own. With no
    attacker, "strikes killed 20" are air strikes; otherwise the attacker decides.
    The "bombers" of a means's name ("suicide bombers") are that means's, read before;
    bombers counted ("6 ISIS Bombers Killed") are people, no means. Snipers or gunmen
    who "targeted" someone (``shooters_named``) shot."""
    named = [(c.start, c.end) for c in cues(n.clause, MEANS)]
    if best == GUNFIRE and shooters_named(n.clause):
        return None
    if all(
        counted(n.clause, c) or any(a <= c.start and c.end <= b for a, b in named)
        for c in cues(n.clause, "ambiguous_bombing")
    ):
        return None
    if best is None and struck_from_the_air(n.clause):
        return MeansReading(AIRSTRIKE, False, True)
    return MeansReading(None, True, True)


def gunfire(n: Named, best: str | None) -> MeansReading | None:
    """ "clashes", "snipers", "shot dead": fighting with small arms."""
    return MeansReading(best, False, True) if best else None


def no_means(n: Named, best: str | None) -> MeansReading | None:
    """ "an attack killed five": violent, but no means named."""
    return MeansReading(None, False, has_cue(n.clause, "generic_violence"))


MEANS_RULES: tuple[Callable[[Named, str | None], MeansReading | None], ...] = (
    aircraft_lost,
    kills_captives,
    named_weapon,
    bombing_word,
    gunfire,
    no_means,
)
"""The first rule that reads a means decides. The order is the meaning: a lost
aircraft or killed captives say more than the weapon named; a named weapon more
than "bombed"; "bombed" more than the clashes around it."""


@once_per_span
def read_means(clause: Span) -> MeansReading:
    """The means the clause names.

    "regime shelling targeting the village of Halfaya" -> shelling. "Clashes broke
    out ... backed by air raids and mortar rounds" -> gunfire: means named as support
    do not decide. "an attack killed five" -> no means, but violent.
    """
    named = named_means(clause)
    best = named.best or support_is_the_means(named)
    decided = first_decision(MEANS_RULES, named, best)
    assert decided is not None, "no_means always reads"
    reading, rule = decided
    why = (rule,) if best == named.best else ("support_is_the_means", rule)
    return MeansReading(reading.means, reading.ambiguous, reading.violent, why)


# ---------------------------------------------------------------- the attacker decides
def bombing_means(faction: Faction | None, clause: Span | None = None) -> str | None:
    """ "Bombed", "bombing": an attacker with an air force bombs from the air; other
    attackers' "bombing" or "bomb" (a noun) is an explosive device ("twin bombings
    hit Qamishli"), their "bombed" (a verb) shelling. With no attacker only the noun
    tells: a device; the verb tells nothing."""
    if faction is not None and faction.bloc in entries("means", "by_air"):
        return AIRSTRIKE
    if clause is not None and has_cue(clause, "bombing_nouns"):
        return "ied"
    return "shelling" if faction is not None else None


def can_fly(faction: Faction | None, means: str | None) -> bool:
    """ "Airstrikes killed 85 civilians as fighting raged between IS and rebels": a side
    with no air force is never the author of an air strike or a barrel bomb."""
    if faction is None or means not in entries("means", "air_only_means"):
        return True
    return faction.bloc in entries("means", "by_air")


def same_family(a: str, b: str) -> bool:
    """ "A bomb blast killed 16" and "a suicide bombing killed 16": means of one family
    can tell the same event."""
    return b in family_of().get(a, ())
