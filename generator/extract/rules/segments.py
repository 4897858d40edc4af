"""Several attacks told in one clause are several incidents: ``one_per_governorate``.

A report of shelling "during the past 24 hours" lists its targets governorate by
governorate ("al-Foaa town in Idleb, the villages of Ard al-Wata and Rasha in
Lattakia, military checkpoints in Hama"): one clause, one attacker, one means,
but places that lie in different governorates cannot be one attack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from generator.extract.gazetteer import GOVERNORATE, PlaceEntry, places_of
from generator.extract.rules.places import read_places

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate, Setting

LIST_JOINT = "in"
"""The word that ties a place of the list to its governorate ("... in Lattakia")."""
SPLIT = "one_per_governorate"
LIST_LENGTH = 3
"""How many governorates make a list of targets. Two are often something else: "the
commander of Faylaq al-Sham in Hama ... his body found near Juzef in Idlib province",
"targeting both Daesh in Deir Ezzor province and rival extremists in Idlib province"."""


def governorate_ends(clause: Span) -> list[tuple[int, str]]:
    """ "al-Foaa town in Idleb the villages of Ard al-Wata in Lattakia military
    checkpoints in Hama": where each governorate named after "in" ends (a token index
    of the doc) and its id, when the clause names ``LIST_LENGTH`` governorates or more
    that way, else nothing."""
    ends: list[tuple[int, str]] = []
    doc = clause.doc
    for m, entries in places_of(clause):
        if not any(e.kind == GOVERNORATE for e in entries):
            continue
        if m.start == 0 or doc[m.start - 1].lower_ != LIST_JOINT:
            continue
        province = next(e.province for e in entries if e.kind == GOVERNORATE)
        if ends and ends[-1][1] == province:
            ends[-1] = (m.end, province)
        else:
            ends.append((m.end, province))
    return ends if len({p for _, p in ends}) >= LIST_LENGTH else []


Found = tuple[str, PlaceEntry | None]


def piece_place(piece: Span, province: str, named: frozenset[str]) -> Found | None:
    """The first place of ``piece`` that lies in ``province`` (a village the gazetteer
    does not know counts), as (name, gazetteer entry)."""
    for reading in read_places(piece, {province}, named):
        if reading.name and reading.province in (None, province):
            return reading.name, reading.entry
    return None


def one_per_governorate(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "al-Nusra terrorists shelled during the past 24 hours al-Foaa town in Idleb,
    the villages of Ard al-Wata and Rasha in Lattakia and military checkpoints in
    Hama": an untolled clause that lists places "in" three governorates or more tells
    one attack in each, at the first place listed there (a joint toll over them is
    a stated total: ``totals.told_over_governorates``). The period is the report's,
    no count over it."""
    out: list[Candidate] = []
    for cand in cands:
        ends = governorate_ends(cand.clause) if untold_attack(cand) else []
        if not ends:
            out.append(cand)
            continue
        start = cand.clause.start
        for end, province in ends:
            piece = cand.clause.doc[start:end]
            name, entry = piece_place(piece, province, frozenset({province})) or (None, None)
            out.append(
                cand.because(
                    "place",
                    SPLIT,
                    place=name,
                    place_entry=entry,
                    province=province,
                    own_place=name is not None,
                    aggregate=False,
                )
            )
            start = end
    return out


def untold_attack(cand: Candidate) -> bool:
    """Neither dead nor injured counted, and not a reference back to an attack told
    before: a clause whose places are the attack's own."""
    toll = cand.toll
    return toll.killed is None and toll.injured is None and not cand.anaphoric
