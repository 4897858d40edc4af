"""Who killed whom: ``read_roles(clause, toll)``.

Each faction named in a clause gets a role from the words around it: the first
rule of ``ROLE_RULES`` that decides one says whether it is the agent (it acted),
the victim, a claimant (it says so), a side of a clash (either may be the
attacker) or loose (named, role unknown: never made the perpetrator). The
perpetrator is then the first agent, the target the first victim that is not
the perpetrator; ``TARGET_RULES`` fill a target the factions leave open
(civilians, the regime's own losses). Words: ``generator/data/vocab/roles.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from generator.extract.gazetteer import (
    FACTION_GENERIC,
    factions_of,
    is_possessive,
    load_factions,
)
from generator.extract.numbers import numbers_in
from generator.extract.rules import first_decision, quick_init
from generator.extract.rules.casualties import CIVILIAN, Toll, victim_kind
from generator.extract.tokens import before, norms, texts, words
from generator.extract.vocab import Words, entries, table
from generator.knowledge.factions import CIVILIANS, GOVERNMENT, UNIDENTIFIED

AGENT = "agent"
VICTIM = "victim"
CLAIMANT = "claimant"
SIDE = "side"
LOOSE = "loose"
V = Words("roles")
"""The one-word lists of ``generator/data/vocab/roles.yaml``."""
CASUALTIES = Words("casualties")
ARTICLES = frozenset({"the", "a", "an"})
REGIME = GOVERNMENT
SHOWN_REACH = 14
"""How far after a name "released a video ... the killing" reaches, in tokens."""
MAX_ASIDE = 12
"""The longest bracketed aside skipped after a name, in tokens."""
GENERIC_BEFORE_NAME = frozenset({"free-syrian-army", UNIDENTIFIED})
"""Generic names ("rebels", "terrorist groups") that a specific name right after names."""


@quick_init
@dataclass(frozen=True)
class Roles:
    perpetrator: str | None = None
    target: str | None = None
    claimant: str | None = None
    why_perpetrator: tuple[str, ...] = ()
    why_target: tuple[str, ...] = ()


@quick_init
@dataclass(frozen=True)
class Named:
    """A faction named in a clause, with the words around it its rules read."""

    clause: Span
    mention: Span
    factions: tuple[Span, ...]
    """Every faction of the clause."""
    before: list[str]
    """Words among the three tokens before the name."""
    after: list[str]
    """Words after the name, adverbs and auxiliaries skipped (``words_after``)."""
    id: str
    """The faction's id (``mention.id_``, read once: spaCy looks it up at each read)."""


def past_aside(clause: Span, end: int) -> int:
    """The token after a bracketed aside right after a name: "al-Nusra Front (Qaeda
    branch in the Levant) targeted" -> "targeted"; ``end`` when there is none."""
    ts = texts(clause.doc)
    if end < clause.end and ts[end] == "(":
        for i in range(end + 1, min(end + MAX_ASIDE, clause.end)):
            if ts[i] == ")":
                return i + 1
    return end


def words_after(clause: Span, end: int) -> list[str]:
    """The words after a name, a bracketed aside, adverbs and auxiliaries skipped:
    "have also killed" -> killed; "are heavily targeting" -> targeting."""
    end = past_aside(clause, end)
    following = words(clause, end, end + 8)
    out: list[str] = []
    for i, w in enumerate(following):
        if not out and w in V.skipped_after:
            continue
        if (
            not out
            and w in V.progressive_auxiliaries
            and any(x.endswith("ing") for x in following[i + 1 : i + 3])
        ):
            continue
        out.append(w)
    return out


# ---------------------------------------------------------------- the role rules
def political_body(f: Named) -> str | None:
    """ "the Syrian Coalition mourns 5 rescue workers killed by airstrikes": a political
    body speaks and mourns, never attacks nor is attacked."""
    return LOOSE if f.id in political_bodies() else None


@cache
def political_bodies() -> frozenset[str]:
    """The factions ``political_body`` reads (``roles.yaml``)."""
    return frozenset(entries("roles", "political_bodies"))


def designation(f: Named) -> str | None:
    """ "the Islamic State (banned in Russia)": the state that bans a group is named,
    never a party to the fighting."""
    return (
        LOOSE
        if len(f.before) >= 2 and f.before[-1] == "in" and f.before[-2] in V.banning_words
        else None
    )


def hypothetical(f: Named) -> str | None:
    """ "as citizens are bracing for a possible US attack": an attack that may come is
    no party to the one that happened."""
    return LOOSE if set(f.before[-2:]) & V.hypothetical_words else None


def holder(f: Named) -> str | None:
    """ "a village controlled by the IS group", "a town retaken by government forces
    from IS": who holds a place is named, not who killed there."""
    participle = participle_before_by(f.before)
    return LOOSE if participle in V.holding_participles else None


def participle_before_by(b: list[str]) -> str | None:
    """The word before "by" (an article between) right before a name: "controlled by
    the" -> controlled; None when no "by" stands there."""
    article = b[-2:-1] == ["by"] and b[-1] in ARTICLES
    if not (b[-1:] == ["by"] or article):
        return None
    before_by = b[-3:-2] if article else b[-2:-1]
    return before_by[0] if before_by else ""


def suffered_by(f: Named) -> str | None:
    """ "the biggest loss of life experienced by Russian forces": who suffers a loss is
    its victim, not its agent."""
    return VICTIM if participle_before_by(f.before) in V.suffering_participles else None


def by_agent(f: Named) -> str | None:
    """ "the town was attacked by gunmen"; not "backed by X" (X only supports), nor "a
    village controlled by the IS group" (X holds it)."""
    b = f.before
    article = b[-2:-1] == ["by"] and b[-1] in ARTICLES
    by = b[-1:] == ["by"] or article
    participle = b[-3:-2] if article else b[-2:-1]
    if by and not (participle and participle[0] in V.support_participles):
        return AGENT
    return None


def attempt_by(f: Named) -> str | None:
    """ "attempts by Assad's forces to advance"."""
    return AGENT if "by" in f.before and V.attempt_words & set(f.before) else None


def admits_killing(f: Named) -> str | None:
    """ "the Coalition later admitted killing one civilian": the one who admits a
    killing did it (explicit, so no convention overrides it)."""
    a = f.after
    if a[:1] and a[0] in V.admission_verbs and a[1:2] and a[1] in V.admitted_acts:
        return AGENT
    return None


def claims_attack(f: Named) -> str | None:
    """ "ISIS fighters also claimed a suicide attack on a rival rebel group": the one who
    claims an attack (not a figure) carried it out."""
    a = f.after
    if not (a[:1] and a[0] in V.claim_verbs):
        return None
    for i, w in enumerate(a[1:4], start=1):
        if w in V.claimed_acts:
            return AGENT if not (a[i + 1 : i + 2] and a[i + 1] in V.victim_after) else None
    return None


def shows_killing(f: Named) -> str | None:
    """ "The Islamic State group has released a new video purporting to show the killing
    of two activists": who publishes its own killing of captives did it."""
    a = f.after
    if not (a[:1] and a[0] in V.release_verbs):
        return None
    shown = words(f.clause, f.mention.end, f.mention.end + SHOWN_REACH)
    return AGENT if V.shown_killing & set(shown) else None


def claimant(f: Named) -> str | None:
    """ "HTS said", "according to the army", "Syrian opposition: 1300 killed": it says
    so (a name then a colon is a headline's speaker)."""
    if (f.after[:1] and f.after[0] in V.claim_verbs) or f.before[-2:] == ["according", "to"]:
        return CLAIMANT
    end = f.mention.end
    if end < f.clause.end and texts(f.clause.doc)[end] == ":":
        return CLAIMANT
    return None


def suffered(f: Named) -> str | None:
    """ "regime forces also suffered casualties", "soldiers were killed"."""
    happened = V.union("passive", "suffered")
    if f.after[:1] and f.after[0] in happened and not V.victim_after.isdisjoint(f.after[:4]):
        return VICTIM
    return None


def count_figure(word: str) -> bool:
    """ "10" counts people; "2015" and FA-KES's glued "202015" (Jan 20 2015) date."""
    return word.isdecimal() and len(word) <= 4 and int(word) < 1900


def counted_victims(f: Named) -> str | None:
    """ "At least 10 Syrian soldiers killed in Israeli raids", "bomb kills 30 government
    fighters": a counted name before a death word is the victims (headlines drop
    the "were")."""
    b, a = f.before, f.after
    counted = any(count_figure(x) or x in V.counted_words for x in b[-2:])
    if counted and len(b) >= 2 and b[-2] in V.counting_verbs:
        return VICTIM
    return VICTIM if counted and a[:1] and a[0] in V.counted_deaths else None


def name_carries_means(f: Named) -> str | None:
    """ "killed in renewed regime airstrikes", "Turkish artillery": a name whose last
    word is a means names the attacker."""
    last = norms(f.clause.doc)[f.mention.end - 1]
    if last in V.means_nouns and not (f.before and f.before[-1] in V.object_cues - {"by"}):
        return AGENT
    return None


def aircraft_downed(f: Named) -> str | None:
    """ "5 Killed as Russian Military Chopper Shot down", "a Russian helicopter was shot
    down": the owner of an aircraft lost is its victim, never the attacker."""
    a = f.after[:6]
    for i, w in enumerate(a[:2]):
        if w in V.aircraft_nouns and V.downing_words & set(a[i + 1 :]):
            return VICTIM
    return None


def coordinated_means(f: Named) -> str | None:
    """ "a heavy civilian death toll from Russian and coalition air raids", "either
    regime or allied Russian warplanes": a name joined by "and"/"or" to one that
    carries a means shares that means."""
    nxt = [g for g in f.factions if g.start >= f.mention.end]
    if not nxt:
        return None
    g = nxt[0]
    gap = words(f.clause, f.mention.end, g.start)
    if not (gap[:1] and gap[0] in V.coordinators and set(gap[1:]) <= V.coordinated_fillers):
        return None
    ns = norms(f.clause.doc)
    following = words_after(f.clause, g.end)[:1]
    carried = V.union("means_nouns", "means_modifiers")
    if ns[g.end - 1] in V.means_nouns or (following and following[0] in carried):
        return AGENT
    return None


def headline_passive(f: Named) -> str | None:
    """ "Syrian rebel fighters killed in IS suicide bomb attack": a participle then "in",
    "by", "when": a passive without its "were"."""
    a = f.after
    if (
        a[:1]
        and a[0] in V.active_verbs
        and a[0].endswith("ed")
        and a[1:2]
        and a[1] in V.headline_passive
        and not object_after_the_period(a[1:])
    ):
        return VICTIM
    return None


def object_after_the_period(a: list[str]) -> bool:
    """ "al-Nusra terrorists shelled during the past 24 hours al-Foaa town": a period
    ("during the past 24 hours") followed by the participle's object, not by a
    preposition ("... killed during the past 24 hours in Idlib"): the verb is active."""
    if a[:1] != ["during"]:
        return False
    ends = [i for i, w in enumerate(a[:6]) if w in V.period_units]
    if not ends:
        return False
    nxt = a[ends[0] + 1 : ends[0] + 2]
    return bool(nxt) and nxt[0] not in V.union("headline_passive", "period_followers")


def owns_what_follows(f: Named) -> bool:
    """ "the regime's shelling": a possessive name owns the act after it; not "Assad's
    regime" nor "Al-Qaeda's Syrian affiliate" (the possessive names the faction
    itself, or one of its people), nor "Turkey's nightmare" (no act)."""
    if not is_possessive(f.mention):
        return False
    owned = [w for w in words(f.clause, f.mention.end, f.mention.end + 4) if w not in ("s", "'s")][
        :2
    ]
    return not (set(owned) & V.owned_by_name) and bool(
        set(owned) & V.union("active_verbs", "means_nouns")
    )


def acts(f: Named) -> str | None:
    """ "Daesh fighters killed", "the regime's shelling", "IS suicide bomber": the name
    is followed by what it did. But "regime forces were ..." is what befell them."""
    a = f.after
    if owns_what_follows(f) or (a[:1] and a[0] in V.active_verbs):
        if a[0:1] and a[0] in V.under_fire and a[1:2] and a[1] in V.passive:
            return VICTIM
        return AGENT
    return None


def unidentified(f: Named) -> str | None:
    """ "gunmen", "a drone of unknown origin": words that describe the attacker."""
    return AGENT if f.id == UNIDENTIFIED else None


def ally(f: Named) -> str | None:
    """ "fighting alongside the Syrian regime": an ally, not a side."""
    b = f.before
    return LOOSE if b[-2:-1] == ["alongside"] or b[-1:] == ["alongside"] else None


def unit_of(b: list[str]) -> bool:
    """ "units of the army": the name owns the units."""
    bare = [x for x in b if x not in ARTICLES]
    return bare[-1:] == ["of"] and len(bare) > 1 and bare[-2] in V.unit_nouns


def air_means_of(f: Named) -> bool:
    """ "an airstrike of the US-led coalition", "warplanes of the regime"."""
    return bool(set(before(f.clause, f.mention.start, 4)) & V.air_means_of)


def object_of(f: Named) -> str | None:
    """ "shelling of Jabal al-Zawiya", "eight members of the Hezbollah militia", "attacked
    the army": the object of an act is its victim; "an airstrike of the coalition"
    is its agent."""
    b = f.before
    after_faction = b[-1:] == ["from"] and any(g.end == f.mention.start - 1 for g in f.factions)
    cue = b[-2] if b[-1:] and b[-1] in ARTICLES and len(b) > 1 else (b[-1] if b else None)
    objects = V.union("object_cues", "verbs_taking_object")
    if cue in objects and not after_faction and not unit_of(b):
        return AGENT if cue == "of" and air_means_of(f) else VICTIM
    return None


def in_victim_phrase(f: Named) -> str | None:
    """ "two Syrian regime soldiers were killed": the name names the victims."""
    clause, m = f.clause, f.mention
    following = words(clause, m.end, m.end + 5)
    hurt = CASUALTIES.union("killed_words", "injured_words")
    if not V.passive.isdisjoint(following[:3]) and not hurt.isdisjoint(following[:5]):
        return VICTIM
    preceding = before(clause, m.start, 4)
    counted = any(count_figure(b) or b in V.victim_phrase_counts for b in preceding[-3:])
    return VICTIM if counted and any(a in hurt or a in V.passive for a in following[:4]) else None


def in_clash(f: Named) -> str | None:
    """ "clashes between A and B", "fighting with B": both are sides of a battle."""
    clash = V.clash_words
    return SIDE if not clash.isdisjoint(words(f.clause, f.clause.start, f.mention.start)) else None


def claims_later(f: Named) -> str | None:
    """ "HTS responded and alleged that ...": a verb of claiming soon after the name."""
    return CLAIMANT if not V.claim_verbs.isdisjoint(f.after[:3]) else None


def clause_subject(f: Named) -> str | None:
    """ "Syrian Army Advances in Latakia Kills 16 Terrorists": the first name in the
    clause, with no preposition before it, is the subject of the first violent verb
    after it unless a passive auxiliary or another name comes first; not of a
    headline's passive ("Al-Nusra Spokesman, 20 Terrorists Killed in Idleb Strikes")."""
    first = f.factions[0]
    if (first.start, first.end) != (
        f.mention.start,
        f.mention.end,
    ) and first.start < f.mention.start:
        return None
    preceding = words(f.clause, f.clause.start, f.mention.start)
    if len([b for b in preceding if not b.isdecimal()]) > 4:
        return None  # not at the head of the clause
    if preceding and preceding[-1] in V.not_subject_after:
        return None
    ns = norms(f.clause.doc)
    breaks = V.union("passive", "subject_breaks")
    end = min(f.mention.end + 10, f.clause.end)
    for i in range(f.mention.end, end):
        n = ns[i]
        if n in breaks:
            return None
        if n in V.subject_verbs:
            headline_passive_ = n.endswith("ed") and i + 1 < end and ns[i + 1] in V.headline_passive
            return None if headline_passive_ else AGENT
    return None


def loose(f: Named) -> str | None:
    """ "journalists met Hezbollah officials": named, its role unknown."""
    return LOOSE


# fmt: off
ROLE_RULES: tuple[Callable[[Named], str | None], ...] = (
    # what the words right beside the name say
    political_body, designation, hypothetical, holder, suffered_by, by_agent,
    attempt_by, admits_killing,
    claims_attack, shows_killing, claimant, suffered, counted_victims, aircraft_downed,
    name_carries_means, coordinated_means, headline_passive, acts, unidentified, ally,
    # what the clause around it says
    object_of, in_victim_phrase, in_clash, claims_later, clause_subject,
    # nothing decides
    loose,
)
# fmt: on
"""A faction's role in its clause: the first rule that decides one. The order is
the meaning: what the words right beside a name say ("by", a claim, a count of
its dead, its act) outranks what the clause around it says (a clash, being its
subject)."""


def role_of(f: Named) -> tuple[str, str]:
    """(role, the rule that decided it)."""
    decided = first_decision(ROLE_RULES, f)
    assert decided is not None, "loose always decides"
    return decided


def specific_mentions(clause: Span) -> list[Span]:
    """ "the opposition National Liberation Front", "rebels from HTS", "terrorist
    groups of Jabhat al-Nusra": a generic name right before a specific one is that one."""
    fs = factions_of(clause)
    out = []
    for i, f in enumerate(fs):
        nxt = fs[i + 1] if i + 1 < len(fs) else None
        if nxt is not None and f.id_ in GENERIC_BEFORE_NAME and nxt.id_ != f.id_:
            gap = words(clause, f.end, nxt.start)
            if set(gap) <= V.generic_before_name:
                continue
        out.append(f)
    return out


def victims_called(clause: Span, nouns: frozenset[str]) -> bool:
    """Whether a count in the clause counts people called by one of ``nouns``
    ("killing about 100 terrorists")."""
    return any(nouns & set(words(clause, n.end, n.end + 4)[:2]) for n in numbers_in(clause))


# ---------------------------------------------------------------- targets the names leave open
@quick_init
@dataclass(frozen=True)
class Reading:
    clause: Span
    toll: Toll
    perpetrator: str | None
    target: str | None
    loose: tuple[str, ...]


def civilian_victims(r: Reading) -> str | None:
    """ "Three civilians were killed": victims named by civilian nouns."""
    starts_with_civilians = victim_kind(norms(r.clause.doc)[r.clause.start : r.clause.start + 4])
    if r.toll.dead.civilians is not None or (
        r.toll.killed is not None
        and starts_with_civilians == CIVILIAN
        and r.toll.dead.combatants is None
    ):
        return CIVILIANS
    return None


def regime_losses(r: Reading) -> str | None:
    """ "condolences over the deaths of the five soldiers": combatants called soldiers,
    troops, the army, no side named as the victim, are the regime's own; never
    "terrorists" (its enemies' dead)."""
    if (
        r.toll.dead.combatants is not None
        and r.perpetrator != REGIME
        and not victims_called(r.clause, V.enemy_nouns)
        and not V.regime_words.isdisjoint(norms(r.clause.doc)[r.clause.start : r.clause.end])
    ):
        return REGIME
    return None


TARGET_RULES: tuple[Callable[[Reading], str | None], ...] = (civilian_victims, regime_losses)
"""A target when no faction is the victim: the first rule that names one."""


def regime_fights_terrorists(r: Reading) -> str | None:
    """ "units of the army ... killing 100 terrorists", "the Army established control
    after eliminating the terrorists": the regime, named beside dead it calls
    terrorists, is their attacker."""
    if (
        r.perpetrator is None
        and r.loose == (REGIME,)
        and (
            (r.toll.killed is not None and victims_called(r.clause, V.enemy_nouns))
            or kills_enemies(r.clause)
        )
    ):
        return REGIME
    return None


def kills_enemies(clause: Span) -> bool:
    """ "after eliminating the terrorists", "killing scores of terrorists": a word of
    killing with the enemies it calls terrorists right after it (no count needed)."""
    ws = words(clause)
    return any(
        w in V.killing_words and V.enemy_nouns & set(ws[i + 1 : i + 4]) for i, w in enumerate(ws)
    )


def unnamed_attacker(r: Reading) -> str | None:
    """ "terrorists fired rocket shells on Aleppo", "shells fired by terrorists": an
    attacker the text mentions without naming (SANA's "terrorists") is unidentified;
    as victims ("killing 100 terrorists", "175 Nusra Terrorists Killed") the word
    names no attacker."""
    if r.perpetrator is not None:
        return None
    ns = norms(r.clause.doc)
    if V.unnamed_attackers.isdisjoint(ns[r.clause.start : r.clause.end]):
        return None  # most clauses name none: no walk
    for i in range(r.clause.start, r.clause.end):
        if ns[i] not in V.unnamed_attackers:
            continue
        after = words_after(r.clause, i + 1)
        by = ns[i - 1] == "by" if i > r.clause.start else False
        counted = any(count_figure(w) for w in before(r.clause, i, 3))
        if by or (after[:1] and after[0] in V.subject_verbs and not counted):
            return UNIDENTIFIED
    return None


def named_in(clause: Span) -> list[Named]:
    """The factions the clause names (``specific_mentions``), each with the words its
    role rules read."""
    factions = tuple(factions_of(clause))
    return [
        Named(clause, m, factions, before(clause, m.start, 3), words_after(clause, m.end), m.id_)
        for m in specific_mentions(clause)
    ]


def read_roles(clause: Span, toll: Toll) -> Roles:
    """Who acted and who suffered, from the clause's words.

    "the town of Al-Fatatra was attacked by gunmen" -> perpetrator: gunmen. "Daesh
    fighters killed another eight soldiers" -> Daesh -> soldiers. "clashes with HTS"
    where the dead are regime soldiers -> HTS -> regime. "HTS alleged that 20 Syrian
    soldiers were killed" -> HTS (a claim).
    """
    claimant_: str | None = None
    by_role: dict[str, list[tuple[Span, str]]] = {AGENT: [], VICTIM: [], SIDE: [], LOOSE: []}
    for named in named_in(clause):
        m = named.mention
        role, rule = role_of(named)
        if role == CLAIMANT:
            claimant_ = claimant_ or m.id_
        else:
            by_role[role].append((m, rule))
    agents = by_role[AGENT]
    for m, _ in by_role[LOOSE] + by_role[SIDE]:  # "rebels from HTS and the NLF bombed"
        for g, _ in list(agents):
            gap = words(clause, m.end, g.start)
            if g.start > m.end and "and" in gap and len(gap) <= 5:
                agents.append((m, "joined_agent"))
    for m, _ in by_role[LOOSE]:  # "the Fateh al-Sham Front and allied rebel groups were fighting"
        for g, _ in list(by_role[SIDE]):
            gap = words(clause, m.end, g.start)
            if g.start > m.end and gap[:1] == ["and"] and len(gap) <= 3:
                by_role[SIDE].append((m, "joined_side"))
    by_role[SIDE].sort(key=lambda a: a[0].start)
    agents.sort(key=lambda a: a[0].start)
    perpetrator = agents[0][0].id_ if agents else None
    why_p: tuple[str, ...] = (agents[0][1],) if agents else ()
    if (either := alternative_attackers(clause, [m for m, _ in agents])) is not None:
        perpetrator, why_p = either, ("alternative_attackers",)
    target: str | None = None
    why_t: tuple[str, ...] = ()
    for v, rule in by_role[VICTIM]:
        if v.id_ != perpetrator:
            target, why_t = v.id_, (rule,)
            break
    sides = [] if enemies_of_both(clause, [m for m, _ in by_role[SIDE]]) else by_role[SIDE]
    if perpetrator is None:
        others = [w for w, _ in sides if w.id_ != target]
        if others:
            perpetrator, why_p = others[0].id_, ("side_of_clash",)
    if target is None and perpetrator is not None:
        others = [w for w, _ in sides if w.id_ != perpetrator]
        if others:
            target, why_t = others[0].id_, ("side_of_clash",)
    loose_ids = tuple(m.id_ for m, _ in by_role[LOOSE])
    reading = Reading(clause, toll, perpetrator, target, loose_ids)
    if target is None and (decided := first_decision(TARGET_RULES, reading)) is not None:
        target, why_t = decided[0], (decided[1],)
        reading = Reading(clause, toll, perpetrator, target, loose_ids)
    if (agent := regime_fights_terrorists(reading)) is not None:
        perpetrator, why_p = agent, ("regime_fights_terrorists",)
    elif (agent := unnamed_attacker(reading)) is not None:
        perpetrator, why_p = agent, ("unnamed_attacker",)
    if perpetrator == target:
        target, why_t = None, ()
    return Roles(perpetrator, target, claimant_, why_p, why_t)


BOTH_REACH = 3
"""How far before the first side "both" stands ("both President Bashar Assad's forces")."""


def enemies_of_both(clause: Span, sides: list[Span]) -> bool:
    """ "Ahrar al-Sham, one of the groups fighting both President Assad's forces and the
    Islamic State group": sides named as "both X and Y" are the enemies a group fights
    in general; neither is the other side of this clause's attack."""
    if len(sides) < 2:
        return False
    return "both" in words(clause, sides[0].start - BOTH_REACH, sides[0].start)


def alternative_attackers(clause: Span, agents: list[Span]) -> str | None:
    """ "air strikes by either regime or allied Russian warplanes", "Russian or Syrian
    strikes": attackers named as alternatives. Of one bloc, the bloc's lead faction
    (``bloc_leads``) did it whichever it was; of different blocs, the attacker is
    mentioned but not determined: unidentified. None when no "or" joins the first two."""
    if len(agents) < 2:
        return None
    a, b = agents[0], agents[1]
    gap = words(clause, a.end, b.start)
    if not (gap[:1] == ["or"] and set(gap[1:]) <= V.coordinated_fillers):
        return None
    if a.id_ == b.id_:
        return a.id_
    factions = load_factions()
    blocs = {factions[m.id_].bloc if m.id_ in factions else None for m in (a, b)}
    (bloc,) = blocs if len(blocs) == 1 else (None,)
    leads: dict[str, str] = dict(table("roles", "bloc_leads"))
    return leads.get(bloc or "", UNIDENTIFIED)


def is_generic(mention: Span) -> bool:
    """ "soldiers", "the army": a common noun naming a faction."""
    return mention.label_ == FACTION_GENERIC


STATED = "stated"
IMPUTED = "imputed"
IMPUTING_RULES = frozenset({"written_convention"})
"""Rules that give a perpetrator by convention, not from the text's words."""


def perpetrator_basis(perpetrator: str | None, why: tuple[str, ...]) -> str | None:
    """ "Barrel bombs killed 10" -> imputed (the convention names the regime); "Regime
    barrel bombs killed 10" -> stated; None without a perpetrator."""
    if perpetrator is None:
        return None
    return IMPUTED if why and why[-1] in IMPUTING_RULES else STATED
