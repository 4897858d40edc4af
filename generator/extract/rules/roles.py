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

from spacy.tokens import Span

from generator.extract.gazetteer import FACTION_GENERIC, factions_of, is_possessive
from generator.extract.numbers import numbers_in
from generator.extract.rules import first_decision
from generator.extract.rules.casualties import CIVILIAN, Toll, victim_kind
from generator.extract.tokens import before, norms, words
from generator.extract.vocab import Words
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


@dataclass(frozen=True)
class Roles:
    perpetrator: str | None = None
    target: str | None = None
    claimant: str | None = None
    why_perpetrator: tuple[str, ...] = ()
    why_target: tuple[str, ...] = ()


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

    @property
    def id(self) -> str:
        return self.mention.id_


def words_after(clause: Span, end: int) -> list[str]:
    """The words after a name, adverbs and auxiliaries skipped: "have also killed" ->
    killed; "are heavily targeting" -> targeting."""
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
def by_agent(f: Named) -> str | None:
    """ "the town was attacked by gunmen"; not "backed by X" (X only supports)."""
    b = f.before
    by = b[-1:] == ["by"] or (b[-2:-1] == ["by"] and b[-1] in ARTICLES)
    if by and not (len(b) >= 2 and b[-2] in V.support_participles):
        return AGENT
    return None


def attempt_by(f: Named) -> str | None:
    """ "attempts by Assad's forces to advance"."""
    return AGENT if "by" in f.before and V.attempt_words & set(f.before) else None


def claimant(f: Named) -> str | None:
    """ "HTS said", "according to the army": it says so."""
    if (f.after[:1] and f.after[0] in V.claim_verbs) or f.before[-2:] == ["according", "to"]:
        return CLAIMANT
    return None


def suffered(f: Named) -> str | None:
    """ "regime forces also suffered casualties", "soldiers were killed"."""
    happened = V.union("passive", "suffered")
    if f.after[:1] and f.after[0] in happened and any(a in V.victim_after for a in f.after[:4]):
        return VICTIM
    return None


def count_figure(word: str) -> bool:
    """ "10" counts people; "2015" and FA-KES's glued "202015" (Jan 20 2015) date."""
    return word.isdigit() and len(word) <= 4 and int(word) < 1900


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
    ):
        return VICTIM
    return None


def owns_what_follows(f: Named) -> bool:
    """ "the regime's shelling": a possessive name owns the act after it; not "Assad's
    regime" (the possessive names the faction itself)."""
    owned = [w for w in words(f.clause, f.mention.end, f.mention.end + 3) if w != "s"][:1]
    return is_possessive(f.mention) and not (owned and owned[0] in V.owned_by_name)


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
    if any(a in V.passive for a in following[:3]) and any(a in hurt for a in following[:5]):
        return VICTIM
    preceding = before(clause, m.start, 4)
    counted = any(count_figure(b) or b in V.victim_phrase_counts for b in preceding[-3:])
    return VICTIM if counted and any(a in hurt or a in V.passive for a in following[:4]) else None


def in_clash(f: Named) -> str | None:
    """ "clashes between A and B", "fighting with B": both are sides of a battle."""
    clash = V.clash_words
    return (
        SIDE if any(n in clash for n in words(f.clause, f.clause.start, f.mention.start)) else None
    )


def claims_later(f: Named) -> str | None:
    """ "HTS responded and alleged that ...": a verb of claiming soon after the name."""
    return CLAIMANT if any(a in V.claim_verbs for a in f.after[:3]) else None


def clause_subject(f: Named) -> str | None:
    """ "Syrian Army Advances in Latakia Kills 16 Terrorists": the first name in the
    clause, with no preposition before it, is the subject of the first violent verb
    after it unless a passive auxiliary or another name comes first."""
    first = f.factions[0]
    if (first.start, first.end) != (
        f.mention.start,
        f.mention.end,
    ) and first.start < f.mention.start:
        return None
    preceding = words(f.clause, f.clause.start, f.mention.start)
    if len([b for b in preceding if not b.isdigit()]) > 4:
        return None  # not at the head of the clause
    if preceding and preceding[-1] in V.not_subject_after:
        return None
    ns = norms(f.clause.doc)
    breaks = V.union("passive", "subject_breaks")
    for n in ns[f.mention.end : min(f.mention.end + 10, f.clause.end)]:
        if n in breaks:
            return None
        if n in V.subject_verbs:
            return AGENT
    return None


def loose(f: Named) -> str | None:
    """ "journalists met Hezbollah officials": named, its role unknown."""
    return LOOSE


# fmt: off
ROLE_RULES: tuple[Callable[[Named], str | None], ...] = (
    # what the words right beside the name say
    by_agent, attempt_by, claimant, suffered, counted_victims, name_carries_means,
    headline_passive, acts, unidentified, ally,
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
    """ "the opposition National Liberation Front", "rebels from HTS": a generic rebel
    name right before a specific one is that one."""
    fs = factions_of(clause)
    out = []
    for i, f in enumerate(fs):
        nxt = fs[i + 1] if i + 1 < len(fs) else None
        if nxt is not None and f.id_ == "free-syrian-army" and nxt.id_ != f.id_:
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
        and any(n in V.regime_words for n in norms(r.clause.doc)[r.clause.start : r.clause.end])
    ):
        return REGIME
    return None


TARGET_RULES: tuple[Callable[[Reading], str | None], ...] = (civilian_victims, regime_losses)
"""A target when no faction is the victim: the first rule that names one."""


def regime_fights_terrorists(r: Reading) -> str | None:
    """ "units of the army ... killing 100 terrorists": the regime, named beside dead it
    calls terrorists, is their attacker."""
    if (
        r.perpetrator is None
        and r.toll.killed is not None
        and r.loose == (REGIME,)
        and victims_called(r.clause, V.enemy_nouns)
    ):
        return REGIME
    return None


def named_in(clause: Span) -> list[Named]:
    """The factions the clause names (``specific_mentions``), each with the words its
    role rules read."""
    factions = tuple(factions_of(clause))
    return [
        Named(clause, m, factions, before(clause, m.start, 3), words_after(clause, m.end))
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
    agents.sort(key=lambda a: a[0].start)
    perpetrator = agents[0][0].id_ if agents else None
    why_p: tuple[str, ...] = (agents[0][1],) if agents else ()
    target: str | None = None
    why_t: tuple[str, ...] = ()
    for v, rule in by_role[VICTIM]:
        if v.id_ != perpetrator:
            target, why_t = v.id_, (rule,)
            break
    sides = by_role[SIDE]
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
    if perpetrator == target:
        target, why_t = None, ()
    return Roles(perpetrator, target, claimant_, why_p, why_t)


def is_generic(mention: Span) -> bool:
    """ "soldiers", "the army": a common noun naming a faction."""
    return mention.label_ == FACTION_GENERIC
