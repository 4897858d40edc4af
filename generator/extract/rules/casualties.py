"""How many were killed and injured, and who they were: ``read_toll(clause)``.

Each count in the clause (``doc.spans["numbers"]``) is given a role by the first
rule of ``NUMBER_ROLES`` that decides one: the dead, the injured, a combined
casualty count, a count of events, or nothing. Counts of the dead joined in one
victims phrase add up ("an officer and two soldiers"); a revised toll ("rose to
70") replaces the first; otherwise the largest stands. A breakdown ("including
four children") fills its own field and is never added. Words:
``generator/data/vocab/casualties.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.tokens import Doc, Span

from generator.extract.cues import cues
from generator.extract.numbers import high, number_words, numbers_in, value
from generator.extract.rules import first_decision, once_per_span, quick_init
from generator.extract.tokens import before, memo, norms, texts, word_norms, words
from generator.extract.vocab import Words
from generator.model import Casualties

KILLED = "killed"
INJURED = "injured"
COMBINED = "combined"
EVENTS = "events"
NOTHING = "nothing"
"""A decided role: the count counts no one ("30 tanks")."""
CIVILIAN = "civilian"
COMBATANT = "combatant"
BOUNDARY = frozenset({".", ";", ":", "!", "?"})
BUTS = frozenset({"while", "but"})
QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "``", "''"})
"""Quotation marks, passed over between a verb of killing and its victims."""


NUMBERS = Words("numbers")
V = Words("casualties")
"""The one-word lists of ``generator/data/vocab/casualties.yaml``."""
AMONG_THE_DEAD = ("the_dead", "the_dead_determiners", "among_the_dead")
"""The lists whose words may stand between "among" and a count it breaks down."""


@quick_init
@dataclass(frozen=True)
class Toll:
    """What a clause says of the dead and the injured; None: it does not say."""

    dead: Casualties = field(default_factory=Casualties)
    """The death toll (``total``) and who the dead were."""
    injured: int | None = None
    combined: bool = False
    """"killed and wounded N": a casualty count that is not a death toll."""
    mentioned: bool = False
    """The clause says people died or were hurt, with or without a number."""
    civilians_stated: bool = False
    """"including 10 civilians": the text itself says how many were civilians."""
    counts_events: bool = False
    """"84 times", "26 operations": the number counts events, not people."""
    why: tuple[str, ...] = ()
    """The rules that decided the death toll."""

    @cached_property
    def killed(self) -> int | None:
        """The death toll; kept in the instance once read (the article-level steps read
        it some 270,000 times on the bench's 2,000 distinct texts, a property call
        each). A toll is never changed in place (``dataclasses.replace`` makes a new
        one), so what is kept stays its ``dead.total``."""
        return self.dead.total


@quick_init
@dataclass(frozen=True)
class Count:
    """A count in a clause, with the words around it its rules read."""

    clause: Span
    start: int
    end: int
    value: int | None
    after: list[str]
    """Words after it, up to the end of its sentence's part ("while", "but", a stop)."""
    before: list[str]
    """Words among the four tokens before it."""
    core: list[str] = field(default_factory=list)
    """``before`` without hedges ("at least", "another")."""
    victims: str | None = None
    high: int | None = None
    """The high end of a range ("four to six": 6), else None."""


# ---------------------------------------------------------------- who the victims were
def victim_kind(following: list[str]) -> str | None:
    """The kind of the noun right after a count: "45 people" -> civilian, "eight soldiers
    and militiamen" -> combatant; never a word past a preposition ("45 after rebel
    fire")."""
    head = following[:4]
    if _victim_nouns().isdisjoint(head):
        return None  # no victims' noun to find: no word-by-word walk (half the counts)
    civ, com = V.civilian_nouns, V.combatant_nouns
    for k, n in enumerate(head):
        if n in V.victim_stop:
            return None
        if following[k + 1 : k + 2] and following[k + 1] in V.object_nouns:
            return None  # "15 fighter planes": things, no victims
        if n in com:
            return COMBATANT
        if n in civ:
            return CIVILIAN
    return None


@cache
def _victim_nouns() -> frozenset[str]:
    """Every word ``victim_kind`` can return a kind for."""
    return V.civilian_nouns | V.combatant_nouns


# ---------------------------------------------------------------- what a count counts
def counts_things(c: Count) -> str | None:
    """ "30 tanks were destroyed": things, not people."""
    return NOTHING if c.after[:1] and c.after[0] in V.object_nouns else None


def counts_events(c: Count) -> str | None:
    """ "84 times", "26 operations": events, not people."""
    dead_or_hurt = V.union("killed_words", "injured_words")
    if not V.count_nouns.isdisjoint(c.after[:2]) and dead_or_hurt.isdisjoint(c.after[:1]):
        return EVENTS
    return None


def participle_after(c: Count) -> str | None:
    """ "10 civilians killed 15 injured": a participle right after the count (past its
    victims' noun) says what it counts, whatever verb stands before it."""
    nouns = V.union("civilian_nouns", "combatant_nouns")
    for k, n in enumerate(c.after[:3]):
        if n in V.injured_participles:
            return INJURED
        if n in V.killed_participles:
            return COMBINED if killed_and_injured(c.after[k + 1 : k + 3]) else KILLED
        if n not in V.participle_gap and n not in nouns:
            return None
    return None


def killed_and_injured(rest: list[str]) -> bool:
    """ "19 killed and injured", "175 terrorists killed, injured": the words after a
    participle of death join one of injury to it: a casualty count, no death toll."""
    if rest[:1] and rest[0] in ("and", "or"):
        rest = rest[1:]
    return bool(rest) and rest[0] in V.injured_participles


def not_killed_before(c: Count) -> str | None:
    """ "Daesh kidnapped 900, executed 18": the 900 were taken, not killed."""
    return NOTHING if c.core[-1:] and c.core[-1] in V.not_death_verbs else None


def killed_by_verb_before(c: Count) -> str | None:
    """ "killing 13 fighters", "the deaths of three soldiers", "the toll has risen to 82"."""
    if c.core[-1:] and c.core[-1] in V.killing_verbs:
        return KILLED
    if " ".join(c.core[-2:]) in _death_of():
        return KILLED
    if c.core[-1:] and c.core[-1] in V.revision_verbs and toll_before(c):
        return KILLED
    return None


@cache
def _death_of() -> frozenset[str]:
    from generator.extract.vocab import entries

    return frozenset(p.lower() for p in entries("casualties", "death_of"))


@cache
def _phrases(key: str) -> tuple[str, ...]:
    """A list of ``casualties.yaml`` as NORMs joined by spaces ("were shot dead")."""
    from generator.extract.vocab import entries

    return tuple(" ".join(p.lower().split()) for p in entries("casualties", key))


def toll_before(c: Count) -> bool:
    """ "The death toll from strikes on the city of X has risen to 82": "toll" is the
    subject of the revision verb, however far before it."""
    return not V.toll_nouns.isdisjoint(words(c.clause, c.clause.start, c.start))


def combined_count(c: Count) -> str | None:
    """ "killed and wounded more than 110 fighters": a casualty count, no death toll."""
    for cue in cues(c.clause, "combined_words"):
        if c.start - 6 <= cue.start < c.start or c.end <= cue.start <= c.end + 6:
            return COMBINED
    return None


def counted_by_word_after(c: Count) -> str | None:
    """ "12 people were killed", "5 injured", "20 casualties": the first word of death
    or injury after the count (past a breakdown: "25 people including seven women and
    a child were killed")."""
    reach = 14 if V.breakdown_cues.intersection(c.after[:3]) else 8
    for k, n in enumerate(c.after[:reach]):
        if next_verb_phrase(c.after, k):
            return None
        if n == "casualties":
            return COMBINED
        if n in V.killed_words and n != "death":
            return COMBINED if killed_and_injured(c.after[k + 1 : k + 3]) else KILLED
        if n in V.injured_words:
            return INJURED
    return None


def next_verb_phrase(after: list[str], k: int) -> bool:
    """ "killing 44 civilians and wounding over 140": "and" before a gerund of death or
    injury starts the next verb's count; its word never says what this count counts."""
    gerund = after[k + 1] if k + 1 < len(after) else ""
    return (
        after[k] == "and"
        and gerund.endswith("ing")
        and gerund in V.union("killed_words", "injured_words", "killing_verbs")
    )


def fighters_destroyed(c: Count) -> str | None:
    """ "the army destroyed over 60 terrorists", "up to 80 fighters ... were destroyed":
    fighters "destroyed" (military statements' word) were killed; "30 tanks were
    destroyed" is ``counts_things``."""
    if c.victims != COMBATANT:
        return None
    if c.core[-1:] and c.core[-1] in V.destroy_words:
        return KILLED
    return KILLED if passive_after(c, V.destroy_words) else None


def passive_of_its_phrase(c: Count) -> str | None:
    """ "more than 60 foreign mercenaries from the former Soviet Union Tunisia and Egypt
    were killed": a count's victims phrase, however long, ends in the passive that
    says what it counts ("were killed", "were injured")."""
    if c.victims is None:
        return None
    if passive_after(c, V.killed_participles):
        return KILLED
    if passive_after(c, V.injured_participles):
        return INJURED
    return None


def passive_after(c: Count, participles: frozenset[str]) -> bool:
    """A passive of ``participles`` ("were killed") ends the count's phrase: no other
    count (but one of a breakdown: "including nine natives") stands before it."""
    ns = norms(c.clause.doc)
    counts = {n.start for n in numbers_in(c.clause) if n.start >= c.end}
    for i in range(c.end, min(c.clause.end - 1, c.end + PHRASE_REACH)):
        if ns[i] in BOUNDARY or ns[i] in BUTS:
            return False
        if i in counts and ns[i - 1] not in V.breakdown_cues:
            return False
        if ns[i] in V.passive_aux and ns[i + 1] in participles:
            return True
    return False


def joined_to_the_count_before(c: Count) -> str | None:
    """ "killing two men from Hezbollah and three men from the popular committees": a
    count of the same noun joined by "and" to the count before it counts what that
    one counts (``conjoined`` then adds them up)."""
    earlier = [n for n in numbers_in(c.clause) if n.end <= c.start]
    if not earlier:
        return None
    prev = count_of(c.clause, earlier[-1])
    gap = words(c.clause, prev.end, c.start)
    if not (same_noun_joined(prev, c, gap) or victims_joined(prev, c, gap)):
        return None
    decided = count_role(prev)
    return decided[0] if decided and decided[0] in (KILLED, INJURED) else None


def victims_joined(a: Count, b: Count, gap: list[str]) -> bool:
    """ "killed 50 Al-Qaeda militants and eight civilians": a count of named victims
    joined by "and" to the victims' phrase of the count before it (no verb between)."""
    return (
        a.victims is not None
        and b.victims is not None
        and 2 <= len(gap) <= 4
        and gap[-1] == "and"
        and not set(gap) & V.union("killed_words", "injured_words", "victim_stop")
    )


PHRASE_REACH = 18
"""How many tokens after a count ``passive_after`` reads for the passive."""


def killed_by_word_before(c: Count) -> str | None:
    """ "kill 5 injure 50": the nearest word of death or injury before the count; never
    one before "and" ("Three civilians were killed and more than twenty others suffered
    from suffocation": the 20 are the next clause's)."""
    near = c.before[-4:]
    for k, b in reversed(list(enumerate(near))):
        if b == "and" and set(near[k + 1 :]) <= NUMBERS.hedges:
            return None
        if b in V.kill_before:
            return KILLED
        if b in V.injure_before:
            return INJURED
    return None


NUMBER_ROLES: tuple[Callable[[Count], str | None], ...] = (
    counts_things,
    counts_events,
    participle_after,
    not_killed_before,
    killed_by_verb_before,
    combined_count,
    counted_by_word_after,
    killed_by_word_before,
    fighters_destroyed,
    passive_of_its_phrase,
    joined_to_the_count_before,
)
"""The role of a count: the first rule that decides one. The order is the meaning:
what the words right beside a count say (a thing counted, a participle, the verb
before it) outranks a word further away."""


def count_role(c: Count) -> tuple[str, str] | None:
    """(role, the rule that decided it), or None if no rule decides; decided once per
    count of a clause (``joined_to_the_count_before`` asks again for the count before)."""
    known = memo(c.clause.doc, ROLES_KEY, _none_known)
    key = (c.clause.start, c.clause.end, c.start)
    if key not in known:
        known[key] = first_decision(NUMBER_ROLES, c)
    return known[key]  # type: ignore[return-value]


ROLES_KEY = "sitrep.count-roles"
COUNTS_KEY = "sitrep.counts"


def _none_known(doc: Doc) -> dict[tuple[int, int, int], object]:
    return {}


def count_of(clause: Span, number: Span) -> Count:
    """The count ``number`` of ``clause``, with the words its rules read (made once per
    count of a clause); a breakdown set off by commas after it is passed over ("Five
    civilians, including two children, were killed": "were killed" follows the five)."""
    known = memo(clause.doc, COUNTS_KEY, _none_known)
    key = (clause.start, clause.end, number.start)
    found = known.get(key)
    if found is None:
        found = known[key] = _count_of(clause, number)
    return found  # type: ignore[return-value]


def _count_of(clause: Span, number: Span) -> Count:
    ns, ts, wn = norms(clause.doc), texts(clause.doc), word_norms(clause.doc)
    following: list[str] = []
    seen = 0
    i = number.end
    while i < clause.end and seen < 12:
        if ts[i] == "," and i + 1 < clause.end and ns[i + 1] in V.breakdown_cues:
            close = next((k for k in range(i + 1, min(i + 16, clause.end)) if ts[k] == ","), None)
            if close is not None:
                i = close + 1
                continue
        if ts[i] in BOUNDARY or ns[i] in BUTS:
            break
        if wn[i]:
            following.append(ns[i])
        seen += 1
        i += 1
    preceding = before(clause, number.start, 4)
    hedges = NUMBERS.hedges
    return Count(
        clause,
        number.start,
        number.end,
        value(number),
        following,
        preceding,
        [b for b in preceding if b not in hedges],
        victim_kind(following[:4]),
        high(number),
    )


# ---------------------------------------------------------------- the toll
def in_breakdown(clause: Span, number: Span, previous: Span | None = None) -> bool:
    """ "18 people including five children", "including two children and one woman":
    a count right after "including", "among", or joined by "and" to a count of a
    breakdown (``previous``) by nothing but its victims' noun."""
    among = says_among(clause)
    if among:
        earlier = [n for n in numbers_in(clause) if n.end <= number.start]
        if earlier and among_a_later_count(clause, earlier[-1]):
            return False  # "68 children were among the 126 people killed": the 126 is the toll
    if not V.breakdown_cues.isdisjoint(before(clause, number.start, 3)[-2:]):
        return True
    if among and (among_the_dead(clause, number) or among_a_later_count(clause, number)):
        return True
    if among and among_an_untold_toll(clause, number):
        return True
    if of_them(clause, number) or one_of_the_dead(clause, number):
        return True
    if previous is None:
        return False
    gap = words(clause, previous.end, number.start)
    nouns = V.union("civilian_nouns", "combatant_nouns", "child_nouns", "women_nouns")
    return 0 < len(gap) <= 3 and gap[-1] == "and" and set(gap[:-1]) <= nouns


AMONG = "among"


def says_among(clause: Span) -> bool:
    """Whether the clause holds "among": ``among_the_dead``, ``among_a_later_count``
    and ``among_an_untold_toll`` hold of none of its counts without it, and most
    clauses have none (their words and counts are then not gathered for each count)."""
    return AMONG in norms(clause.doc)[clause.start : clause.end]


def of_them(clause: Span, number: Span) -> bool:
    """ "killed 25 civilians, six of them children": "N of them" right after a count
    breaks that count down; alone ("killing 16 of them") it is the toll."""
    if words(clause, number.end, number.end + 2) not in (["of", "them"], ["of", "whom"]):
        return False
    return any(0 <= number.start - n.end <= 4 for n in numbers_in(clause) if n.end <= number.start)


def one_of_the_dead(clause: Span, number: Span) -> bool:
    """ "One of those killed was Amjad al-Danaf, head of the medical centre", "14 of the
    dead were rebels": a count "of those killed" or "of the dead" said to be someone
    (or someone was: "a student who was one of those killed") picks out some of a toll
    told elsewhere; it is never a toll. "Five of the dead
    were killed in al-Midan" and "14 of the victims died in Saqba" tell where a part
    died: a toll."""
    after = words(clause, number.end, number.end + 5)
    if after[:1] != ["of"] or after[1:2] not in (["those"], ["the"]):
        return False
    if not set(after[2:3]) & V.the_dead:
        return False
    if before(clause, number.start, 1) in (["was"], ["were"]):
        return True  # "a student who was one of those killed in the attack"
    return after[3:4] in (["was"], ["were"]) and not set(after[4:5]) & V.killed_participles


def among_the_dead(clause: Span, number: Span) -> bool:
    """ "Among the dead were four staff and five children": a count after "among the
    dead were" breaks down a toll told before; it is never one."""
    head = before(clause, number.start, 6)
    if "among" not in head:
        return False
    rest = head[len(head) - 1 - head[::-1].index("among") + 1 :]
    return bool(rest) and set(rest) <= V.union(*AMONG_THE_DEAD)


def among_an_untold_toll(clause: Span, number: Span) -> bool:
    """ "Nearly 70 children were among those killed": a count said to be among the dead
    whose number the clause does not give breaks down a toll told elsewhere; it is
    never the toll."""
    after = words(clause, number.end, min(clause.end, number.end + 8))
    if "among" not in after or any(n.start >= number.end for n in numbers_in(clause)):
        return False
    k = after.index("among")
    rest = after[k + 1 : k + 3]
    return (
        k > 0
        and after[k - 1] in V.passive_aux
        and bool(rest)
        and set(rest) <= V.union(*AMONG_THE_DEAD)
        and bool(set(rest) & V.the_dead)
    )


def among_a_later_count(clause: Span, number: Span) -> bool:
    """ "Six civilians including a child were among at least 22 people killed": a count
    said to be among the count after it is that one's breakdown."""
    later = next((n for n in numbers_in(clause) if n.start >= number.end), None)
    if later is None:
        return False
    gap = words(clause, number.end, later.start)
    if len(gap) > 10 or "among" not in gap:
        return False
    k = gap.index("among")
    return (
        k > 0
        and gap[k - 1] in V.passive_aux
        and set(gap[k + 1 :]) <= NUMBERS.hedges | V.the_dead_determiners
    )


def revised(c: Count) -> bool:
    """ "the toll rose to 70": the count right after a verb of revision."""
    hedges = NUMBERS.hedges
    preceding = [b for b in before(c.clause, c.start, 5) if b not in hedges]
    return bool(preceding) and preceding[-1] in V.revision_verbs


def conjoined(parts: list[tuple[Count, str]]) -> tuple[list[tuple[Count, str]], str]:
    """ "an officer and two soldiers", "40 civilians 25 YPG fighters killed": counts
    joined in one victims phrase add up; otherwise the largest stands, unless a later
    joined phrase sums to more ("US strikes kill 50 Qaeda fighters AFP ... US air
    strikes killed 50 Al-Qaeda militants and eight civilians": a headline run into the
    lead, then 58)."""
    runs = joined_runs(parts)
    if len(runs[0]) > 1:
        return runs[0], "conjoined"
    best = max(parts, key=lambda p: (p[0].value or 0, p[0].victims is not None))
    later = max(runs[1:], key=_run_sum, default=[])
    if len(later) > 1 and _run_sum(later) > (best[0].value or 0):
        return later, "conjoined"
    return [best], "largest"


def along_with(gap: list[str]) -> bool:
    """ "29 fighters from the Hazm movement were killed along with six Nusra terrorists":
    the dead "along with" others add up."""
    return len(gap) <= 12 and gap[-2:] in (["along", "with"], ["together", "with"])


def _run_sum(run: list[tuple[Count, str]]) -> int:
    return sum(p[0].value or 0 for p in run)


def joined_runs(parts: list[tuple[Count, str]]) -> list[list[tuple[Count, str]]]:
    """The counts in runs, each run one victims phrase ("an officer and two soldiers")."""
    victims = V.union("civilian_nouns", "combatant_nouns")
    runs = [[parts[0]]]
    for p in parts[1:]:
        prev = runs[-1][-1][0]
        gap = words(prev.clause, prev.end, p[0].start)
        victim_list = bool(gap) and len(gap) <= 2 and set(gap) <= victims
        if (
            same_noun_joined(prev, p[0], gap)
            or along_with(gap)
            or (
                ("and" in gap or victim_list)
                and len(gap) <= 4
                and not (set(gap) & V.killed_words or "while" in gap)
            )
        ):
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


SAME_NOUN_GAP = 10
"""How many words may stand between two counts of one noun joined by "and"."""


def same_noun_joined(a: Count, b: Count, gap: list[str]) -> bool:
    """ "killing two men from Hezbollah and three men from the popular committees": two
    counts of the same victims' noun, each with its own qualifier, joined by "and"
    (no word of death between) add up."""
    victims = V.union("civilian_nouns", "combatant_nouns")
    return (
        len(gap) <= SAME_NOUN_GAP
        and gap[-1:] == ["and"]
        and gap[0] in victims
        and b.after[:1] == gap[:1]
        and not set(gap) & V.union("killed_words", "injured_words")
    )


@dataclass
class _Breakdown:
    children: int | None = None
    women: int | None = None
    civilians: int | None = None
    civilians_stated: bool = False


def breakdown(clause: Span, number: Span, into: _Breakdown) -> None:
    """ "including four children": fills a breakdown field; it is never added."""
    count = value(number)
    if count is None:
        return
    following = words(clause, number.end, number.end + 5)
    if following[:2] in (["of", "them"], ["of", "whom"]):
        following = following[2:]  # "six of them children"
    following = following[:2]
    if any(a in V.child_nouns for a in following):
        into.children = (into.children or 0) + count
    elif any(a in V.women_nouns for a in following):
        into.women = (into.women or 0) + count
    elif any(a in V.civilian_nouns for a in following):
        into.civilians = (into.civilians or 0) + count
        into.civilians_stated = into.civilians_stated or "civilians" in following


def lone_victim(clause: Span) -> bool:
    """ "an officer and two soldiers were killed": "an officer" counts one more; never
    one of a breakdown ("eight people, among them a child")."""
    ns = norms(clause.doc)
    heads = ns[clause.start : clause.end - 2]
    if "a" not in heads and "an" not in heads:
        return False  # no lone victim to walk to
    victims = V.union("civilian_nouns", "combatant_nouns")
    for i in range(clause.start, clause.end - 2):
        if (
            ns[i] in ("a", "an")
            and any(x in victims for x in ns[i + 1 : i + 3])
            and "and" in ns[i + 1 : min(i + 6, clause.end)]
            and not V.breakdown_cues.intersection(ns[max(clause.start, i - 2) : i])
        ):
            return True
    return False


def victims_listed(ns: list[str], k: int, end: int) -> tuple[int, int, set[str]]:
    """From token ``k``: how many victims a list like "a man, a woman and a girl"
    names, the token after its last noun, and their kinds; (0, k, set()) when none
    starts there."""
    civ, com = V.civilian_nouns, V.combatant_nouns
    count, last, kinds = 0, k, set()
    pos = k
    while pos < end and ns[pos] in V.one_victim:
        noun = None
        for m in range(pos + 1, min(pos + 7, end)):
            if ns[m] in civ or ns[m] in com:
                noun = m
                break
            if ns[m] in BOUNDARY or ns[m] in (",", "and", "of"):
                break
        if noun is None:
            break
        count += 1
        kinds.add(CIVILIAN if ns[noun] in civ else COMBATANT)
        last = pos = noun + 1
        kin, after_kin = their_children(ns, pos, end)
        if kin:
            count += kin
            last = pos = after_kin
        while pos < end and ns[pos] in (",", "and"):
            pos += 1
    return count, last, kinds


def their_children(ns: list[str], k: int, end: int) -> tuple[int, int]:
    """ "a woman with four of her children", "a man and his two sons": the relatives
    counted right after a victim named alone (how many, the token after them); (0, k)
    when none are."""
    if k >= end or ns[k] not in V.kin_joins:
        return 0, k
    pos = k + 1
    owned = pos < end and ns[pos] in V.possessives
    if owned:
        pos += 1
    if pos >= end or not (owned or ns[pos].isdecimal() or ns[pos] not in V.one_victim):
        return 0, k  # "a mother and a son": two victims, listed by victims_listed
    count = number_words().get(ns[pos]) or (int(ns[pos]) if ns[pos].isdecimal() else 0)
    if not count:
        return 0, k
    pos += 1
    if pos + 1 < end and ns[pos] == "of" and ns[pos + 1] in V.possessives:
        pos += 2
    if pos < end and ns[pos] in V.union("child_nouns", "kin_nouns"):
        return count, pos + 1
    return 0, k


def unnumbered_dead(clause: Span) -> tuple[int, str | None] | None:
    """ "a man, a woman and a girl were killed" -> 3, "a woman was killed" -> 1, "shot
    dead a fighter" -> 1: the dead named one by one, without a numeral, right before
    a passive of killing or right after a verb of killing; with their kind."""
    ns = norms(clause.doc)
    lo, hi = clause.start, clause.end
    if V.one_victim.isdisjoint(ns[lo:hi]):
        return None  # no victim named one by one: no word-by-word walk
    for k in range(lo, hi):
        if ns[k] not in V.one_victim or V.breakdown_cues.intersection(ns[max(lo, k - 8) : k]):
            continue  # "25 people including seven women and a child": a breakdown
        count, end, kinds = victims_listed(ns, k, hi)
        if not count:
            continue
        after = " ".join(ns[end : end + 4])
        before_ = " ".join(n for n in ns[max(lo, k - 6) : k] if n not in QUOTES)
        if any(after.startswith(p) for p in _phrases("dead_after_victims")) or any(
            before_ == p or before_.endswith(" " + p) for p in _phrases("dead_before_victims")
        ):
            return count, (kinds.pop() if len(kinds) == 1 else None)
    return None


@once_per_span
def read_toll(clause: Span) -> Toll:
    """Killed and injured counts with the victims' kind.

    "a regime officer and two soldiers were killed, while three regime soldiers were
    injured" -> killed 3, injured 3, combatants 3. "rebel military action killed and
    wounded more than 110 fighters" -> no death toll (combined). "the deaths of some
    22 fighters" -> killed 22.
    """
    ns = norms(clause.doc)[clause.start : clause.end]
    dead_or_hurt = V.union("killed_words", "injured_words")
    mentioned = not dead_or_hurt.isdisjoint(ns)
    parts = _Breakdown()
    killed_parts: list[tuple[Count, str]] = []
    injured_parts: list[Count] = []
    combined = counts_events_seen = False
    previous: Span | None = None
    for number in numbers_in(clause):
        if in_breakdown(clause, number, previous):
            breakdown(clause, number, parts)
            previous = number
            continue
        previous = None
        c = count_of(clause, number)
        decided = count_role(c)
        if decided is None:
            continue
        role, rule = decided
        if role == EVENTS:
            counts_events_seen = True
        elif role == COMBINED:
            combined = True
        elif role == KILLED and c.value is not None:
            killed_parts.append((c, rule))
        elif role == INJURED and c.value is not None:
            injured_parts.append(c)
    killed = civilians = combatants = low = high_ = None
    civilians = parts.civilians
    why: tuple[str, ...] = ()
    listed = None if killed_parts or combined else unnumbered_dead(clause)
    if listed is not None:
        killed, kind = listed
        civilians = killed if kind == CIVILIAN else civilians
        combatants = killed if kind == COMBATANT else None
        why = ("unnumbered_dead",)
    if killed_parts:
        revisions = [p for p in killed_parts if revised(p[0])]
        if revisions:
            chosen, how = [revisions[-1]], "revised"
        else:
            chosen, how = conjoined(killed_parts)
        killed = sum(p[0].value or 0 for p in chosen)
        if len(chosen) == 1 and chosen[0][0].high is not None:
            low, high_ = killed, chosen[0][0].high  # "four to six": 4, up to 6
        why = (*dict.fromkeys(rule for _, rule in chosen), how)
        kinds = {p[0].victims for p in chosen}
        if len(chosen) > 1 and CIVILIAN in kinds and kinds <= {CIVILIAN, None}:
            kinds = {CIVILIAN}  # "nine children and 14 others": of the kind named before
        if kinds == {CIVILIAN} and not parts.civilians_stated:
            civilians = killed
        elif kinds == {COMBATANT}:
            combatants = killed
        elif parts.civilians_stated and civilians is not None and civilians < killed:
            combatants = killed - civilians  # "20 people including 10 civilians"
        elif len(chosen) > 1 and kinds == {CIVILIAN, COMBATANT}:
            civilians = sum(p[0].value or 0 for p in chosen if p[0].victims == CIVILIAN)
            combatants = sum(p[0].value or 0 for p in chosen if p[0].victims == COMBATANT)
    injured = max(c.value or 0 for c in injured_parts) if injured_parts else None
    if (
        killed is not None
        and parts.children is not None
        and civilians is None
        and combatants is None
    ):
        civilians = killed  # "killed 18, including five children": civilians
    if killed is not None and listed is None and lone_victim(clause):
        killed += 1
        combatants = combatants + 1 if combatants is not None else None
        civilians = civilians + 1 if civilians is not None else None
        why = (*why, "lone_victim")
    return Toll(
        dead=Casualties(killed, civilians, combatants, parts.children, parts.women, low, high_),
        injured=injured,
        combined=combined,
        mentioned=mentioned,
        civilians_stated=parts.civilians_stated,
        counts_events=counts_events_seen,
        why=why,
    )


def clause_victim_kind(clause: Span) -> str | None:
    """The kind of the victims the clause's words name first (roles.civilian_target)."""
    return victim_kind(words(clause))


def hedged(clause: Span) -> bool:
    """ "civilians were possibly killed and/or injured in alleged strikes": the text
    hedges the report; the incident is kept, flagged uncertain."""
    return not V.hedge_words.isdisjoint(words(clause))
