"""What an incident takes from the article around it, when its own clause is silent.

Each rule reads the article's candidates (and their ``Setting``: the headline,
the body sentences) and returns them completed; ``incidents.ARTICLE_STEPS``
runs them in order. Words: ``generator/data/vocab/context.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Span

from generator.extract.cues import cues, has_cue
from generator.extract.gazetteer import factions_of
from generator.extract.rules import quick_init
from generator.extract.rules.casualties import read_toll
from generator.extract.rules.means import bombing_means, can_fly, priority, read_means
from generator.extract.rules.places import governorates_named
from generator.extract.rules.roles import UNIDENTIFIED, read_roles
from generator.extract.tokens import norms, words
from generator.extract.vocab import Words, table
from generator.knowledge.means import family_of

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate, Setting

UNKNOWN = "unknown"
MEANS_REACH = 2
"""How many sentences away a clause naming no means looks for its neighbour's ("up to
80 fighters were destroyed in Mayadeen. [...] In another air strike 60 were
killed")."""
NEXT_SENTENCES = 2
"""How far ahead a lead without a governorate looks for one."""


V = Words("context")
"""The one-word lists of ``generator/data/vocab/context.yaml``."""


@quick_init
@dataclass(frozen=True)
class Headline:
    """What the headline says of the article's attack."""

    means: str | None
    perpetrator: str | None


def headline(setting: Setting) -> Headline:
    """ "Air strikes hit hospital and kill 26 people" -> air strikes, no attacker."""
    title = setting.title
    if title is None:
        return Headline(None, None)
    toll = read_toll(title)
    reading = read_means(title)
    roles = read_roles(title, toll)
    means = reading.means
    if reading.ambiguous:
        means = bombing_means(
            setting.factions.get(roles.perpetrator or roles.claimant or ""), title
        )
    return Headline(means, roles.perpetrator)


# ---------------------------------------------------------------- where
def named_next(index: int, body: list[Span]) -> str | None:
    """The governorate the next sentences name, for a lead that names none before them:
    "24 people were killed near a refugee camp. ... The village lies in Hasakeh
    province." A report places its lead in the sentences that follow it."""
    for sentence in body[index + 1 : index + 1 + NEXT_SENTENCES]:
        found = governorates_named(sentence)
        if found:
            return found[0]
    return None


def dominant_province(mentions: list[str]) -> str | None:
    """ "24 people were killed on Monday. ... Idlib was calm later.": the governorate
    the article names most (the headline counts twice)."""
    counts: dict[str, int] = {}
    for province in mentions:
        counts[province] = counts.get(province, 0) + 1
    return min(counts, key=lambda p: (-counts[p], p)) if counts else None


def place_in_article(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "24 people were killed near a refugee camp. The camp lies in Hasakeh
    province.": an incident with no governorate takes the one the next sentences
    name (``named_next``), else the one the article names most
    (``dominant_province``)."""
    dominant = dominant_province(setting.mentions)
    out = []
    for cand in cands:
        if cand.province is None:
            if (nxt := named_next(cand.index, setting.body)) is not None:
                cand = cand.because("place", "named_next", province=nxt)
            elif dominant is not None:
                cand = cand.because("place", "dominant_province", province=dominant)
        out.append(cand)
    return out


# ---------------------------------------------------------------- who
def militants_named_by_claim(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Attacks by the militants have killed 27 troops" followed by "Daesh said its
    fighters carried out the operation": the claim names the militants."""
    out = list(cands)
    for i, cand in enumerate(cands):
        if cand.perpetrator or not V.generic_militants.intersection(words(cand.clause)):
            continue
        follow = [c for c in cands[i + 1 : i + 3] if c.index == cand.index + 1]
        actor = follow[0].perpetrator or follow[0].claimant if follow else None
        if actor and actor != cand.target:
            out[i] = cand.because("perpetrator", "militants_named_by_claim", perpetrator=actor)
    return out


def claim_of_responsibility(sentence: Span) -> str | None:
    """ "The Islamic State group claimed responsibility for the bombing" -> islamic-state;
    not "no group has claimed responsibility", nor a claim by unidentified men."""
    if not has_cue(sentence, "responsibility_cues"):
        return None
    factions = factions_of(sentence)
    if not factions or V.denials.intersection(words(sentence)):
        return None
    claimant = factions[0].id_
    return None if claimant == UNIDENTIFIED else claimant


def claimed_responsibility(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "A car bomb killed 10 in Azaz. Daesh claimed responsibility for the attack.":
    attacks the article tells without an attacker were carried out by the faction
    that claims responsibility (the first claim), unless they are its own losses; an
    attacker mentioned but not named ("a suicide bomber") is the claimant's. Without
    a claim, the attacker a later sentence names for the attack (``carried_out_by``)."""
    for sentence in setting.body:
        if (claimant := claim_of_responsibility(sentence)) is not None:
            return [
                c.because("perpetrator", "claimed_responsibility", perpetrator=claimant)
                if c.perpetrator in (None, "unidentified") and c.target != claimant
                else c
                for c in cands
            ]
    for at, sentence in enumerate(setting.body):
        if (found := carried_out_by(sentence)) is not None:
            attacker, means = found
            return [carried_out(c, attacker, means, at) for c in cands]
    return cands


def carried_out(cand: Candidate, attacker: str, means: str | None, at: int) -> Candidate:
    """An attack told before sentence ``at``, naming no attacker, of the means that
    sentence names (or any, where it names none): the attacker ``carried_out_by``
    names, and the means it names where more specific (``carried_out_with``)."""
    if (
        cand.perpetrator is not None
        or cand.target == attacker
        or (means is not None and cand.means not in same_family_means(means))
        or cand.index >= at
    ):
        return cand
    cand = cand.because("perpetrator", "carried_out_by", perpetrator=attacker)
    return carried_out_with(cand, means)


def carried_out_with(cand: Candidate, means: str | None) -> Candidate:
    """ "An explosion killed 15 people in Al Midan. A security source said the attack had
    been conducted by four suicide bombers": the attack was a suicide bombing, the
    more specific means of the explosion's family the later sentence names."""
    if means is not None and priority(means) > priority(cand.means):
        return cand.because("means", "carried_out_with", means=means)
    return cand


def carried_out_by(sentence: Span) -> tuple[str, str | None] | None:
    """ "A security source said the terrorist attack had been conducted by four suicide
    bombers": a sentence with no toll of its own that says who carried out the attack
    told before it ("the attack ... carried out by"): that attacker, and the means
    the sentence names. Not "the strikes carried out by either Russian or Syrian
    warplanes hit Hass, killing 5" (an attack with its own toll)."""
    if not has_cue(sentence, "carried_out_cues"):
        return None
    ns = norms(sentence.doc)
    for cue in cues(sentence, "carried_out_cues"):
        back = ns[max(sentence.start, cue.start - 6) : cue.start]
        if "the" in back and V.referred_attacks.intersection(back):
            toll = read_toll(sentence)
            if toll.killed is not None or toll.injured is not None:
                return None
            attacker = read_roles(sentence, toll).perpetrator
            return (attacker, read_means(sentence).means) if attacker else None
    return None


def means_from_context(
    cands: list[Candidate], k: int, title: Headline, setting: Setting
) -> Candidate:
    """ "26 people were killed in Idlib" after "Air strikes hit hospital": a clause
    naming no means takes its neighbour sentence's (the one before first:
    ``told_before_first``; never one about another governorate: ``other_governorate``;
    the headline's when that is more specific and of another
    family: "ISIS Begins to Kill Abducted Christians" over
    "fierce clashes" next to it, but a "suicide blast" headline leaves the "truck
    bomb" of the text), else the headline's, else the one its attacker almost always uses (air
    forces strike from the air)."""
    cand = cands[k]
    if cand.means != UNKNOWN:
        return cand
    near = [
        c
        for j, c in enumerate(cands)
        if j != k
        and abs(c.index - cand.index) <= MEANS_REACH
        and c.means != UNKNOWN
        and not other_governorate(c, cand)
    ]
    if near:
        means = min(near, key=lambda c: told_before_first(c, cand)).means
        if (
            title.means
            and priority(title.means) > priority(means)
            and title.means not in same_family_means(means)
        ):
            return cand.because("means", "means_of_headline", means=title.means)
        return cand.because("means", "means_of_neighbour", means=means)
    if title.means:
        return cand.because("means", "means_of_headline", means=title.means)
    if cand.perpetrator:
        means = _default_means().get(cand.perpetrator, UNKNOWN)
        if means != UNKNOWN:
            return cand.because("means", "means_of_the_attacker", means=means)
    return cand


def other_governorate(neighbour: Candidate, cand: Candidate) -> bool:
    """ "Army air strikes destroyed vehicles in Daraa. In Latakia 50 terrorists were
    killed in army operations": a sentence about another governorate tells another
    attack; its means are not this one's."""
    return None not in (neighbour.province, cand.province) and neighbour.province != cand.province


def told_before_first(neighbour: Candidate, cand: Candidate) -> tuple[bool, int]:
    """ "Opposition fighters fired a barrage of rockets on western Aleppo. [...] The
    rebel fire has killed at least 21 civilians. Fighting continues on the outskirts":
    a clause naming no means tells more of the attack told before it, so the nearest
    sentence before it comes first, the nearest after it only when none before
    names a means."""
    return (neighbour.index > cand.index, abs(neighbour.index - cand.index))


def attacker_from_context(
    cands: list[Candidate], k: int, title: Headline, setting: Setting
) -> Candidate:
    """An attacker who cannot have used the means is a misreading, dropped; a clause
    naming no attacker takes the headline's (same means or none, not its own
    victims), else that of the sentence next to it (same means, victims, governorate)."""
    cand = cands[k]
    factions = setting.factions
    if not can_fly(factions.get(cand.perpetrator or ""), cand.means):
        cand = cand.because("perpetrator", "cannot_fly", perpetrator=None)
    if cand.perpetrator is not None:
        return cand
    if (
        title.perpetrator
        and can_fly(factions.get(title.perpetrator), cand.means)
        and title.means in (None, cand.means)
        and title.perpetrator != cand.target
    ):
        return cand.because("perpetrator", "attacker_of_headline", perpetrator=title.perpetrator)
    same = [
        c
        for j, c in enumerate(cands)
        if j != k
        and c.means == cand.means
        and c.perpetrator
        and abs(c.index - cand.index) <= 1
        and c.target in (cand.target, None)
        and c.perpetrator != cand.target
        and c.province == cand.province
        and not elsewhere(c, cand)
    ]
    if same:
        return cand.because("perpetrator", "attacker_of_neighbour", perpetrator=same[0].perpetrator)
    return cand


def elsewhere(a: Candidate, b: Candidate) -> bool:
    """ "At least 23 people were killed in an airstrike on Oweijel, which activists
    blamed on Russian warplanes. More than a dozen were also killed in Aleppo.": two
    clauses that each name their own, different place tell two attacks; the attacker
    of one is not the other's."""
    return a.own_place and b.own_place and a.place != b.place


def fill_from_context(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Air strike kills 32 in Idlib" over "At least 32 are confirmed dead": means,
    then attacker, from the neighbours and the headline, incident by incident
    in the article's order (each sees the ones before it completed). An incident
    that refers back is left alone: it is merged into the one before it."""
    title = headline(setting)
    out = list(cands)
    for k, cand in enumerate(out):
        if cand.anaphoric and not cand.mention:
            continue  # a mention takes its context: it may be kept, or keep others
        out[k] = means_from_context(out, k, title, setting)
        out[k] = attacker_from_context(out, k, title, setting)
    return out


ANY_MEANS = "any"


def asks_who_attacked(sentence: Span) -> bool:
    """ "It was not immediately clear who carried out the strikes", "the Observatory said
    it was unclear who had carried out the strike": a question of who attacked, said to
    have no answer; not "It was not clear who was in the vehicle" (the victims)."""
    ns = norms(sentence.doc)
    for cue in cues(sentence, "attacker_questions"):
        said = set(ns[max(sentence.start, cue.start - 4) : cue.start])
        if said & V.not_known or (said & V.negations and said & V.knowing):
            return True
    return False


def attacker_unknown(setting: Setting) -> list[tuple[int, frozenset[str]]]:
    """ "It was not clear who carried out the Idlib strikes": where the text says the
    attacker is not known (``asks_who_attacked``), the sentence and the means whose
    attacker that is (the means it names and their family, ``ANY_MEANS`` when it
    names none: "It was not immediately clear who was responsible")."""
    out = []
    for index, sentence in enumerate(setting.body):
        if has_cue(sentence, "attacker_questions") and asks_who_attacked(sentence):
            means = read_means(sentence).means
            out.append((index, frozenset(same_family_means(means) if means else {ANY_MEANS})))
    return out


def same_family_means(means: str) -> set[str]:
    """ "the strikes": an air strike, or any means of its family (a barrel bomb, a drone)."""
    return {means, *family_of().get(means, ())}


def attacks_asked_about(cands: list[Candidate], setting: Setting) -> set[int]:
    """ "Air strikes on a market in Idlib killed 21. Five children were among the dead.
    It was not clear who carried out the Idlib strikes.": the attacks whose attacker
    the text says is not known (``attacker_unknown``): those of its means told in
    that sentence and back to where the story leaves the governorate, that name
    no attacker (positions in ``cands``). Naming no means, it asks about the attack
    the article leads with."""
    out: set[int] = set()
    lead = next((c.means for c in cands if not c.aggregate), None)
    for index, asked in attacker_unknown(setting):
        if ANY_MEANS in asked:
            out.update(k for k, c in enumerate(cands) if lead and asks_about_lead(c, lead))
            continue
        means = asked
        province: str | None = None
        for k in range(len(cands) - 1, -1, -1):
            cand = cands[k]
            if cand.index > index or cand.aggregate or cand.means not in means:
                continue
            if province is not None and cand.province not in (None, province):
                break  # another story
            province = province or cand.province
            if cand.perpetrator is None:
                out.add(k)
    return out


def asks_about_lead(cand: Candidate, lead: str) -> bool:
    """ "A Russian helicopter was shot down on Monday ... It was not immediately clear who
    was responsible. ... The helicopter had come down along the border": naming no
    means, the question is about the attack the story leads with, wherever it is
    told again (its means, no attacker named)."""
    return not cand.aggregate and cand.perpetrator is None and cand.means in same_family_means(lead)


def written_convention(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Barrel bombs killed 10 in Daraa" -> the regime. Where the text names no
    attacker at all, some means have a default perpetrator,
    as ACLED and Airwars keep theirs: barrel bombs, chemical attacks and unattributed
    air strikes are the government side's; air strikes over territory the text says
    the Islamic State holds (in a governorate the text says it holds, where it names
    one), the US-led coalition's. Explicit beats convention: where the text says
    the attacker is not known ("It was not clear who carried out the strikes",
    ``attacker_unknown``), it is an attacker mentioned but not named: unidentified."""
    defaults: dict[str, str] = dict(table("context", "default_perpetrator"))
    in_territory = {**defaults, **table("context", "default_perpetrator_in_is_territory")}
    unknown = attacks_asked_about(cands, setting)
    out = []
    for k, cand in enumerate(cands):
        if cand.anaphoric and cand.toll.killed is None:
            out.append(cand)  # "Monday's airstrikes coincided with ...": the one before's
            continue
        if k in unknown:
            out.append(cand.because("perpetrator", "attacker_unknown", perpetrator=UNIDENTIFIED))
            continue
        held = setting.is_territory or cand.province in setting.territory
        # "the IS stronghold of Raqqa" says nothing of a strike on Idlib
        default = (in_territory if held else defaults).get(cand.means)
        if cand.perpetrator is None and default is not None and cand.target != default:
            cand = cand.because("perpetrator", "written_convention", perpetrator=default)
        out.append(cand)
    return out


@cache
def _default_means() -> dict[str, str]:
    return dict(table("means", "default_means_by_perpetrator"))


def means_of_the_attacker(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Israeli jets" named, no means anywhere: what the attacker almost always uses."""
    out = []
    for cand in cands:
        if cand.means == UNKNOWN and cand.perpetrator:
            means = _default_means().get(cand.perpetrator, UNKNOWN)
            if means != UNKNOWN:
                cand = cand.because("means", "means_of_the_attacker", means=means)
        out.append(cand)
    return out


def no_side_attacks_itself(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Regime shelling killed 4 ... Continued shelling killed 3 regime soldiers": a
    perpetrator that is also the target: one of the two was misread; the target is
    dropped."""
    return [
        c.because("target", "no_side_attacks_itself", target=None)
        if c.perpetrator and c.perpetrator == c.target
        else c
        for c in cands
    ]
