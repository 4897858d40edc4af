"""The same attack told twice in one article is one incident: ``merge_restatements``.

News tells its event in the lead and again in the body ("A car bomb killed 16 in
Azaz" ... "the suicide bombing in Azaz"). Two candidates are one when nothing
they say contradicts (``compatible``); the merged incident keeps the most
specific place and every stated figure, and its evidence holds both sentences.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cache
from typing import TYPE_CHECKING

from generator.extract.gazetteer import GOVERNORATE, KIND_RANK
from generator.extract.norm import norm_words
from generator.extract.rules.means import GUNFIRE, priority, same_family
from generator.extract.rules.places import is_specific
from generator.extract.rules.roles import STATED, perpetrator_basis
from generator.extract.rules.totals import sums_of_others
from generator.extract.tokens import norms
from generator.extract.vocab import entries
from generator.extract.vocab import words as vocab_words
from generator.knowledge.factions import CIVILIANS, UNIDENTIFIED
from generator.knowledge.governorates import AROUND_CAPITAL, CAPITAL
from generator.model import Casualties

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate, Setting

UNKNOWN = "unknown"
UNKNOWN_PLACE_RANK = len(KIND_RANK)
"""A village the gazetteer does not know is more specific than any region."""
MERGED = "restatement"
DEAD_FIELDS = tuple(f.name for f in fields(Casualties))
"""What a death toll says (the total, civilians, combatants, children, women)."""


def same_place(a: Candidate, b: Candidate) -> bool:
    """ "Idlib" and "southern Idlib countryside", "Kafr Nabl" and "the town of Kafr
    Nabl": a governorate agrees with any place; otherwise a name's words (folded as
    ``norm`` folds them, region words left out) must meet."""
    for c in (a, b):
        if c.place_entry is not None and c.place_entry.kind == GOVERNORATE:
            return True
    qualifiers = vocab_words("places", "place_qualifiers")
    wa = {w for w in norm_words(a.place or "") if len(w) > 3} - qualifiers
    wb = {w for w in norm_words(b.place or "") if len(w) > 3} - qualifiers
    if wa & wb:
        return True
    unknown = a.place_entry is None and b.place_entry is None
    return unknown and any(spelled_alike(x, y) for x in wa for y in wb)


SPELLING_MIN = 6
"""Names this long that differ by one letter are one name spelled two ways; shorter
ones may be two places ("Hama" and "Homs" are not one)."""


def spelled_alike(x: str, y: str) -> bool:
    """ "Maghayir" and "Maghawir", "Hammouriyeh" and "Hamouriyeh": transliteration spells one
    Arabic name several ways, often in one article; two names of at least
    ``SPELLING_MIN`` letters one letter apart (changed, added or dropped) are one.
    ``same_place`` asks it only of names the gazetteer does not know (it lists the
    spellings of those it knows)."""
    if min(len(x), len(y)) < SPELLING_MIN or abs(len(x) - len(y)) > 1 or x == y:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_governorate(a: Candidate, b: Candidate) -> bool:
    """ "Bomb Kills 18 in Damascus Suburb" and "a bomb killed 18 in the Damascus suburb
    of Jaramana": the capital named alone agrees with a place of Rif Dimashq."""
    if a.province == b.province:
        return True
    if {a.province, b.province} != {CAPITAL, AROUND_CAPITAL}:
        return False
    return any(
        c.province == CAPITAL and (c.place_entry is None or c.place_entry.kind == GOVERNORATE)
        for c in (a, b)
    )


def phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of a list of ``vocab/merge.yaml``, as words."""
    return tuple(tuple(p.lower().split()) for p in entries("merge", key))


def says(words: list[str], key: str, *, opens: bool = False) -> bool:
    """``words`` hold (or, with ``opens``, start with) a phrase of the list ``key``:
    each word is compared only with the phrases it can open (``phrases_by_first``),
    not every phrase at every word."""
    by_first = phrases_by_first(key)
    for i in (0,) if opens else range(len(words)):
        for phrase in by_first.get(words[i], ()) if i < len(words) else ():
            if tuple(words[i : i + len(phrase)]) == phrase:
                return True
    return False


@cache
def phrases_by_first(key: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of a list of ``vocab/merge.yaml`` (``phrases``), by their first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases(key):
        assert phrase, f"an empty phrase in merge.yaml {key}"
        out.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in out.items()}


def clause_words(c: Candidate) -> list[str]:
    span = c.clause
    return [n for n in norms(span.doc)[span.start : span.end] if not n.isspace()]


def means_agree(a: Candidate, b: Candidate) -> bool:
    """ "an air strike" and "a raid by warplanes", "shelling" and "an attack": the
    same means, one of a family, or one side naming none."""
    return a.means == b.means or UNKNOWN in (a.means, b.means) or same_family(a.means, b.means)


def one_battle(a: Candidate, b: Candidate) -> bool:
    """ "70 Militants Killed in Clashes with Syrian Army" and "At least 70 militants were
    killed in clashes with the army and bombings of Syrian warplanes": fighting told
    with the same toll as another means (``same_toll_told_again``) is one battle, and
    the other means says how its dead were killed."""
    return GUNFIRE in (a.means, b.means) and same_toll_told_again(a, b)


def sides_agree(x: str | None, y: str | None) -> bool:
    """ "ISIS terrorists" and "terrorists" (``unidentified``), the civilians killed and
    the Kurdish security forces whose headquarters was bombed: one side named and
    the other unnamed, or civilians and a faction, are no contradiction."""
    if not x or not y or x == y:
        return True
    return bool({x, y} & {UNIDENTIFIED, CIVILIANS})


def one_attack(a: Candidate, b: Candidate) -> bool:
    """ "An Israeli plane hit a car inside the town of Hader killing five. [...] two
    NDF members were killed when an Israeli drone targeted their car at the entrance
    of Hader": one place (a town, not a governorate), one day, one named attacker and
    one means make one attack (the gold convention's place x day x perpetrator x
    means), whatever part of its toll each sentence counts."""
    if not all(is_specific(c.place_entry, c.own_place) for c in (a, b)) or not same_place(a, b):
        return False
    named = a.perpetrator not in (None, UNIDENTIFIED) and a.perpetrator == b.perpetrator
    return named and a.day is not None and a.day == b.day and means_agree(a, b)


def revises_the_toll(a: Candidate, b: Candidate) -> bool:
    """ "Another monitoring group said the air raid was carried out by Russian warplanes
    and put the death toll at 30", "the toll rose to 70": ``b`` gives another figure
    for the attack ``a`` told, in ``a``'s governorate, naming no other place and no
    other means. A revision in time ("rose to") becomes the toll (``absorbed``), and
    so does another source's higher figure (``higher_figure``)."""
    if a.province != b.province or a.aggregate or b.aggregate:
        return False
    if b.own_place and not same_place(a, b):
        return False
    if not means_agree(a, b):
        return False
    return is_revision(b) or says(clause_words(b), "other_figure_phrases")


def is_revision(c: Candidate) -> bool:
    """ "The death toll from the bombing rose to 31": a toll word and a rise."""
    words = clause_words(c)
    return bool(vocab_words("merge", "toll_words").intersection(words)) and says(
        words, "revision_phrases"
    )


def higher_figure(keep: Candidate, other: Candidate) -> bool:
    """ "at least 23 people were killed ... the Local Coordination Committees put the
    death toll at 30": another source's higher figure for the same attack is its toll
    (the highest the text asserts, as the gold-dev convention codes it)."""
    return (
        keep.toll.killed is not None
        and (other.toll.killed or 0) > keep.toll.killed
        and says(clause_words(other), "other_figure_phrases")
    )


SAME_TOLL_MIN = 3
"""A toll this large, told twice in one article of one governorate and one means,
is one attack whoever the sentences name; 1 or 2 dead are too common."""


def same_toll_told_again(a: Candidate, b: Candidate) -> bool:
    """ "29 Syria Rebels Dead in Fighting for Key Aleppo Road. At least 29 Syrian rebels
    were killed in clashes with regime troops overnight": the same toll of the same
    means in the same place (or none named) is the attack told again, even when the
    two sentences name its sides differently."""
    if a.toll.killed is None or a.toll.killed != b.toll.killed or a.toll.killed < SAME_TOLL_MIN:
        return False
    return not (a.own_place and b.own_place and not same_place(a, b))


def compatible(a: Candidate, b: Candidate) -> bool:
    """Nothing ``a`` and ``b`` say contradicts: the same governorate, both totals or
    neither, means of one family, no other attacker or target, the same toll and
    day where both state one, the same place where both name one. Two untolled
    mentions are one only when the second refers back or adds no place."""
    if not same_governorate(a, b) or a.aggregate != b.aggregate:
        return False
    if not (means_agree(a, b) or one_battle(a, b)):
        return False
    for x, y in ((a.perpetrator, b.perpetrator), (a.target, b.target)):
        if not sides_agree(x, y) and not same_toll_told_again(a, b):
            return False
    if a.toll.killed is not None and b.toll.killed is not None and a.toll.killed != b.toll.killed:
        return revises_the_toll(a, b) or one_attack(a, b)
    if a.day and b.day and a.day != b.day:
        return False
    if a.own_place and b.own_place and not same_place(a, b):
        return False
    both_untolled = a.toll.killed is None and b.toll.killed is None
    return not both_untolled or b.anaphoric or not b.own_place or same_place(a, b)


def more_specific(a: Candidate, b: Candidate) -> bool:
    def rank(c: Candidate) -> int:
        return KIND_RANK[c.place_entry.kind] if c.place_entry else UNKNOWN_PLACE_RANK

    return rank(a) > rank(b)


def total_not_below_its_parts(dead: Casualties) -> Casualties:
    """ "112 people were killed ... 126 civilians among the dead" told of one attack:
    a toll is never below the civilians and combatants it counts, so the later,
    larger figure stands."""
    parts = sum(p for p in (dead.civilians, dead.combatants) if p is not None)
    if dead.total is not None and parts > dead.total:
        return replace(dead, total=parts)
    return dead


def counts_alike(keep: Candidate, other: Candidate) -> bool:
    """ "killed five pro-regime forces" and "two members of the National Defence Forces
    were killed": a toll other than ``keep``'s counts other dead, and its parts are no
    parts of ``keep``'s (the two are not added to the five's figures)."""
    return keep.toll.killed is None or other.toll.killed in (None, keep.toll.killed)


def names_the_attacker(keep: Candidate, other: Candidate) -> bool:
    """ "Air strike struck a Hezbollah position" (the regime's by convention) told again
    as "An unidentified drone hit a Hezbollah position": ``other`` names the attacker
    ``keep`` names not at all, or says in its own words that it is unknown where
    ``keep``'s attacker is only a convention's. A named attacker never replaces
    another reading: the sentence that names one is often a denial or an aside ("the
    US-led coalition said the location was outside its area of operations")."""
    if other.perpetrator is None or other.perpetrator == keep.perpetrator:
        return False
    if keep.perpetrator is None:
        return True
    stated = perpetrator_basis(other.perpetrator, other.why.perpetrator) == STATED
    imputed = perpetrator_basis(keep.perpetrator, keep.why.perpetrator) != STATED
    return stated and imputed and other.perpetrator == UNIDENTIFIED


def absorbed(keep: Candidate, other: Candidate) -> Candidate:
    """``keep`` with what ``other`` adds: its place if more specific, every figure
    ``keep`` lacks, a more specific means of the same family told with the same toll
    or none (``counts_alike``: "an Israeli drone killed two" is another account of
    "an Israeli airstrike killed five", not its device), its sentence."""
    changes: dict[str, object] = {}
    why = keep.why
    if other.own_place and (not keep.own_place or more_specific(other, keep)):
        changes.update(
            place=other.place,
            place_entry=other.place_entry,
            province=other.province,
            own_place=True,
        )
        why = why.add("place", MERGED)
    dead = replace(
        keep.toll.dead,
        **{
            f: getattr(other.toll.dead, f)
            for f in DEAD_FIELDS
            if getattr(keep.toll.dead, f) is None and counts_alike(keep, other)
        },
    )
    if keep.toll.dead.total is None:  # a range comes with the total it bounds
        dead = replace(dead, low=other.toll.dead.low, high=other.toll.dead.high)
    dead = total_not_below_its_parts(dead)
    injured = keep.toll.injured if keep.toll.injured is not None else other.toll.injured
    toll = replace(keep.toll, dead=dead, injured=injured)
    if keep.toll.killed is None and other.toll.killed is not None:
        why = why.add("killed", MERGED)
    elif other.toll.killed not in (None, keep.toll.killed) and (
        is_revision(other) or higher_figure(keep, other)
    ):
        toll = replace(other.toll, injured=injured)  # "the toll rose to 70": the revised toll
        why = why.add("killed", "revises_the_toll")
    changes["toll"] = toll
    if names_the_attacker(keep, other):
        changes["perpetrator"] = other.perpetrator
        why = why.add("perpetrator", MERGED)
    if keep.target is None and other.target:
        changes["target"] = other.target
        why = why.add("target", MERGED)
    changes["date"] = keep.date or other.date
    changes["story_date"] = keep.story_date or other.story_date
    if keep.precision == UNKNOWN:
        changes["precision"] = other.precision
    changes["attribution"] = keep.attribution or other.attribution
    if (
        keep.means == UNKNOWN
        or (
            same_family(keep.means, other.means)
            and priority(other.means) > priority(keep.means)
            and counts_alike(keep, other)
        )
        or (keep.means == GUNFIRE and one_battle(keep, other))
    ):
        changes["means"] = other.means  # "a bomb blast" told as "a suicide bombing" is one
        if other.means != keep.means:
            why = why.add("means", MERGED)
    if other.sentence not in keep.sentence:
        changes["sentence"] = f"{keep.sentence} {other.sentence}"
    return keep.but(why=why, **changes)


def joins_a_sum(keep: Candidate, other: Candidate, sums: set[int]) -> bool:
    """ "Terrorist attacks in Aleppo claim 20 martyrs" over attacks that killed 15 and
    5: a toll that sums others' (``totals.sums_of_others``) is a stated total, so an
    attack told after it that injured and killed none ("six more civilians were
    injured when terrorists fired rockets on al-Forqan") is not its restatement."""
    injured_only = other.toll.killed is None and other.toll.injured is not None
    return injured_only and keep.toll.killed in sums


def merge_restatements(cands: list[Candidate], setting: Setting | None = None) -> list[Candidate]:
    """ "A car bomb killed 16 in Azaz" ... "the suicide bombing in Azaz": the same
    attack told twice in one article becomes one incident: each candidate joins the
    latest one it is compatible with, never one whose toll sums others' (``joins_a_sum``)."""
    sums = set() if setting is None else sums_of_others(cands, setting.factions)[1]
    merged: list[Candidate] = []
    for cand in cands:
        at = next(
            (
                k
                for k in range(len(merged) - 1, -1, -1)
                if compatible(merged[k], cand) and not joins_a_sum(merged[k], cand, sums)
            ),
            None,
        )
        if at is None:
            merged.append(cand)
        else:
            merged[at] = absorbed(merged[at], cand)
    return merged


def parts_of_a_total(cands: list[Candidate], setting: Setting | None = None) -> list[Candidate]:
    """ "Airstrikes on opposition-held areas of Aleppo province killed at least 36 ...
    Most of the deaths were in the village of Oweijel where at least 23 were killed":
    the toll before a sentence that opens by telling where most of the deaths were is
    a stated total over the places named next, never an attack of its own."""
    out = list(cands)
    for k, cand in enumerate(cands):
        if cand.toll.killed is None or not says(clause_words(cand), "part_openers", opens=True):
            continue
        before = [j for j in range(k) if out[j].toll.killed is not None and not out[j].aggregate]
        if not before:
            continue
        j = before[-1]
        total = out[j]
        if total.province == cand.province and (total.toll.killed or 0) > cand.toll.killed:
            out[j] = total.because("killed", "parts_of_a_total", aggregate=True)
    return out
