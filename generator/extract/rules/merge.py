"""The same attack told twice in one article is one incident: ``merge_restatements``.

News tells its event in the lead and again in the body ("A car bomb killed 16 in
Azaz" ... "the suicide bombing in Azaz"). Two candidates are one when nothing
they say contradicts (``compatible``); the merged incident keeps the most
specific place and every stated figure, and its evidence holds both sentences.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator.extract.gazetteer import KIND_RANK
from generator.extract.norm import norm_words
from generator.extract.rules.means import priority, same_family
from generator.extract.vocab import words as vocab_words

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate, Setting

UNKNOWN = "unknown"
UNKNOWN_PLACE_RANK = len(KIND_RANK)
"""A village the gazetteer does not know is more specific than any region."""
MERGED = "restatement"
DEAD_FIELDS = ("total", "civilians", "combatants", "children", "women")


def same_place(a: Candidate, b: Candidate) -> bool:
    """ "Idlib" and "southern Idlib countryside", "Kafr Nabl" and "the town of Kafr
    Nabl": a governorate agrees with any place; otherwise a name's words (folded as
    ``norm`` folds them, region words left out) must meet."""
    for c in (a, b):
        if c.place_entry is not None and c.place_entry.kind == "governorate":
            return True
    qualifiers = vocab_words("places", "place_qualifiers")
    wa = {w for w in norm_words(a.place or "") if len(w) > 3}
    wb = {w for w in norm_words(b.place or "") if len(w) > 3}
    return bool(wa & wb - qualifiers)


def compatible(a: Candidate, b: Candidate) -> bool:
    """Nothing ``a`` and ``b`` say contradicts: the same governorate, both totals or
    neither, means of one family, no other attacker or target, the same toll and
    day where both state one, the same place where both name one. Two untolled
    mentions are one only when the second refers back or adds no place."""
    if a.province != b.province or a.aggregate != b.aggregate:
        return False
    if (
        a.means != b.means
        and UNKNOWN not in (a.means, b.means)
        and not same_family(a.means, b.means)
    ):
        return False
    for x, y in ((a.perpetrator, b.perpetrator), (a.target, b.target)):
        if x and y and x != y:
            return False
    if a.toll.killed is not None and b.toll.killed is not None and a.toll.killed != b.toll.killed:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if a.own_place and b.own_place and not same_place(a, b):
        return False
    both_untolled = a.toll.killed is None and b.toll.killed is None
    return not both_untolled or b.anaphoric or not b.own_place or same_place(a, b)


def more_specific(a: Candidate, b: Candidate) -> bool:
    def rank(c: Candidate) -> int:
        return KIND_RANK[c.place_entry.kind] if c.place_entry else UNKNOWN_PLACE_RANK

    return rank(a) > rank(b)


def absorbed(keep: Candidate, other: Candidate) -> Candidate:
    """``keep`` with what ``other`` adds: its place if more specific, every figure
    ``keep`` lacks, a more specific means of the same family, its sentence."""
    changes: dict[str, object] = {}
    why = keep.why
    if other.own_place and (not keep.own_place or more_specific(other, keep)):
        changes.update(place=other.place, place_entry=other.place_entry, own_place=True)
        why = why.add("place", MERGED)
    dead = replace(
        keep.toll.dead,
        **{
            f: getattr(other.toll.dead, f)
            for f in DEAD_FIELDS
            if getattr(keep.toll.dead, f) is None
        },
    )
    injured = keep.toll.injured if keep.toll.injured is not None else other.toll.injured
    toll = replace(keep.toll, dead=dead, injured=injured)
    if keep.toll.killed is None and other.toll.killed is not None:
        why = why.add("killed", MERGED)
    changes["toll"] = toll
    if keep.perpetrator is None and other.perpetrator:
        changes["perpetrator"] = other.perpetrator
        why = why.add("perpetrator", MERGED)
    if keep.target is None and other.target:
        changes["target"] = other.target
        why = why.add("target", MERGED)
    changes["date"] = keep.date or other.date
    if keep.precision == UNKNOWN:
        changes["precision"] = other.precision
    changes["attribution"] = keep.attribution or other.attribution
    if keep.means == UNKNOWN or (
        same_family(keep.means, other.means) and priority(other.means) > priority(keep.means)
    ):
        changes["means"] = other.means  # "a bomb blast" told as "a suicide bombing" is one
        if other.means != keep.means:
            why = why.add("means", MERGED)
    if other.sentence not in keep.sentence:
        changes["sentence"] = f"{keep.sentence} {other.sentence}"
    return replace(keep, why=why, **changes)  # type: ignore[arg-type]


def merge_restatements(cands: list[Candidate], setting: Setting | None = None) -> list[Candidate]:
    """ "A car bomb killed 16 in Azaz" ... "the suicide bombing in Azaz": the same
    attack told twice in one article becomes one incident: each candidate joins the
    latest one it is compatible with (the article's setting is not needed)."""
    merged: list[Candidate] = []
    for cand in cands:
        at = next((k for k in range(len(merged) - 1, -1, -1) if compatible(merged[k], cand)), None)
        if at is None:
            merged.append(cand)
        else:
            merged[at] = absorbed(merged[at], cand)
    return merged
