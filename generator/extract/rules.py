"""One function per rule; each reads one clause.

The vocabularies come from ``generator/data/lexicon.yaml``; the functions say
how the words combine.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache

from generator.extract.lexicon import KIND_RANK, PhraseSet, PlaceEntry, load_lexicon
from generator.extract.numbers import HEDGES, Number, read_numbers
from generator.extract.words import Clause, Mention

BREAKDOWN_CUES = {"including", "among", "whom", "them", "included"}
BOUNDARY = {".", ";", ":", "!", "?"}


@cache
def vocab(key: str) -> PhraseSet:
    return PhraseSet.of(load_lexicon().config[key])


@cache
def word_set(key: str) -> frozenset[str]:
    return frozenset(p[0] for p in vocab(key).phrases if len(p) == 1)


# ---------------------------------------------------------------- casualties
@dataclass
class Toll:
    killed: int | None = None
    injured: int | None = None
    civilians: int | None = None
    combatants: int | None = None
    children: int | None = None
    women: int | None = None
    combined: bool = False
    """"killed and wounded N": a casualty count that is not a death toll."""
    mentioned: bool = False
    """The clause says people died or were hurt, with or without a number."""
    victim_words: list[str] = field(default_factory=list)
    civilians_stated: bool = False
    """"including 10 civilians": the text itself says how many were civilians."""
    counts_events: bool = False
    """"84 times", "26 operations": the number counts events, not people."""


VICTIM_STOP = {
    "after",
    "in",
    "on",
    "at",
    "when",
    "as",
    "near",
    "during",
    "since",
    "by",
    "from",
    "while",
    "following",
    "were",
    "was",
    "have",
    "had",
    "has",
    "killed",
    "dead",
    "died",
}


def _victim_kind(norms: list[str]) -> str | None:
    """The kind of the noun right after a number ("45 people", "eight soldiers and
    militiamen"), never of a word past a preposition ("45 after rebel fire")."""
    civ, com = word_set("civilian_nouns"), word_set("combatant_nouns")
    for n in norms[:4]:
        if n in VICTIM_STOP:
            return None
        if n in com:
            return "combatant"
        if n in civ:
            return "civilian"
    return None


def read_toll(clause: Clause) -> Toll:
    """Killed and injured counts with the victims' kind.

    "a regime officer and two soldiers were killed, while three regime soldiers
    were injured" -> killed 3, injured 3, combatants 3.
    "rebel military action killed and wounded more than 110 fighters" -> no
    death toll (combined). "the deaths of some 22 fighters" -> killed 22.
    """
    toll = Toll()
    ws = clause.words
    norms = [w.norm for w in ws]
    killed_w, injured_w = word_set("killed_words"), word_set("injured_words")
    toll.mentioned = any(n in killed_w or n in injured_w for n in norms)
    combined_spans = clause.find(vocab("combined_words"))
    numbers = read_numbers(clause)
    killed_parts: list[tuple[Number, str | None]] = []
    injured_parts: list[Number] = []
    for num in numbers:
        before = [w.norm for w in ws[max(0, num.start - 3) : num.start] if w.content]
        if any(b in BREAKDOWN_CUES for b in before[-2:]):
            _breakdown(toll, num, ws)
            continue
        role, victims = _number_role(clause, num, killed_w, injured_w, combined_spans)
        if role == "count":
            toll.counts_events = True
        elif role == "combined":
            toll.combined = True
        elif role == "killed" and num.value is not None:
            killed_parts.append((num, victims))
        elif role == "injured" and num.value is not None:
            injured_parts.append(num)
    if killed_parts:
        # "rose to 70": a revised toll replaces the first one; "an officer and
        # two soldiers": numbers joined by "and" before one verb add up.
        revised = [p for p in killed_parts if _revised(ws, p[0])]
        chosen = [revised[-1]] if revised else _conjoined(ws, killed_parts)
        toll.killed = sum(p[0].value or 0 for p in chosen)
        # "nine children and 14 others": the others are of the kind named before them
        kinds = {p[1] for p in chosen}
        if len(chosen) > 1 and "civilian" in kinds and kinds <= {"civilian", None}:
            kinds = {"civilian"}
        if kinds == {"civilian"} and not toll.civilians_stated:
            toll.civilians = toll.killed
        elif kinds == {"combatant"}:
            toll.combatants = toll.killed
        elif toll.civilians_stated and toll.civilians is not None and toll.civilians < toll.killed:
            # "20 people including 10 civilians": the rest are combatants
            toll.combatants = toll.killed - toll.civilians
        elif len(chosen) > 1 and kinds == {"civilian", "combatant"}:
            # "40 civilians and 25 YPG fighters": each part keeps its kind
            toll.civilians = sum(p[0].value or 0 for p in chosen if p[1] == "civilian")
            toll.combatants = sum(p[0].value or 0 for p in chosen if p[1] == "combatant")
    if injured_parts:
        toll.injured = max(p.value or 0 for p in injured_parts)
    if (
        toll.killed is not None
        and toll.children is not None
        and toll.civilians is None
        and toll.combatants is None
    ):
        toll.civilians = toll.killed
    _add_lone_victim(clause, toll)
    return toll


def _number_role(clause, num: Number, killed_w, injured_w, combined_spans):
    """What a number counts: killed, injured, a combined casualty count, events, or nothing."""
    ws = clause.words
    after_words = []
    for w in ws[num.end : num.end + 12]:
        if w.text in BOUNDARY or w.norm in {"while", "but"}:
            break
        after_words.append(w)
    after = [w.norm for w in after_words if w.content]
    before = [w.norm for w in ws[max(0, num.start - 4) : num.start] if w.content]
    count_nouns = word_set("count_nouns") | {"times"}
    if after[:1] and after[0] in word_set("object_nouns"):
        return None, None  # "30 tanks were destroyed"
    if any(a in count_nouns for a in after[:2]) and not any(
        a in killed_w | injured_w for a in after[:1]
    ):
        return "count", None
    victims = _victim_kind(after[:4])
    participle = _participle_after(after)
    if participle:
        return participle, victims  # "10 civilians killed 15 injured": 15 were injured
    core = [b for b in before if b not in HEDGES]
    if core[-1:] and core[-1] in NOT_DEATH_VERBS:
        return None, victims  # "Daesh kidnapped 900, executed 18": the 900 were taken
    if (
        core[-1:]
        and core[-1]
        in {
            "killing",
            "killed",
            "kill",
            "kills",
            "executing",
            "executed",
        }
        or core[-2:]
        in (["deaths", "of"], ["death", "of"], ["toll", "of"], ["toll", "to"], ["lives", "of"])
        or (core[-1:] and core[-1] in REVISION_VERBS and _toll_before(ws, num))
    ):
        return "killed", victims
    for start, _end, _ in combined_spans:
        if num.start - 6 <= start < num.start or num.end <= start <= num.end + 6:
            return "combined", victims
    for k, n in enumerate(after[:8]):
        if n in {"casualties"}:
            return "combined", victims
        if n in killed_w and n not in {"death"}:
            return "killed", victims
        if n in injured_w:
            return "injured", victims
        if n in {"others", "other", "more", "people", "persons", "civilians"} or k < 6:
            continue
    # "killing 13 fighters", "deaths of three soldiers", "toll rose to 70", "injuring 4"
    if before:
        last = (
            before[-1]
            if before[-1]
            not in {
                "least",
                "some",
                "about",
                "than",
                "nearly",
                "almost",
                "around",
                "over",
                "another",
                "further",
                "more",
                "up",
                "to",
            }
            else None
        )
        # the nearest verb before the number decides: "kill 5 injure 50" -> 50 injured
        for b in reversed(before[-4:]):
            if b in KILL_BEFORE:
                return "killed", victims
            if b in INJURE_BEFORE:
                return "injured", victims
        del last
    return None, victims


NOT_DEATH_VERBS = {
    "kidnapped",
    "abducted",
    "arrested",
    "detained",
    "captured",
    "displaced",
    "evacuated",
    "rescued",
    "freed",
    "released",
    "kidnaps",
    "abducts",
    "arrests",
    "captures",
    "displaces",
    "evacuates",
    "rescues",
    "frees",
    "releases",
    "took",
    "taken",
    "seized",
    "holding",
    "hostage",
}
""""kidnapped 900", "captured 10": the number after one of these counts no dead."""


def _participle_after(after: list[str]) -> str | None:
    """ "15 injured", "43 others wounded", "3 people dead": a participle right after
    the number (past its victim noun) says what the number counts, whatever verb
    stands before it (FA-KES drops the commas: "10 civilians killed 15 injured")."""
    skip = {"others", "other", "more", "people", "persons", "civilians", "were", "was", "are"}
    nouns = word_set("civilian_nouns") | word_set("combatant_nouns")
    for n in after[:3]:
        if n in {"injured", "wounded", "hurt"}:
            return "injured"
        if n in {"killed", "dead"}:
            return "killed"
        if n not in skip and n not in nouns:
            return None
    return None


KILL_BEFORE = {
    "killing",
    "killed",
    "kill",
    "kills",
    "deaths",
    "death",
    "toll",
    "dead",
    "executed",
    "executing",
    "massacred",
    "claimed",
    "lives",
    "martyred",
    "eliminated",
    "eliminates",
    "eliminating",
    "eliminate",
}
INJURE_BEFORE = {
    "wounding",
    "injuring",
    "injured",
    "wounded",
    "injury",
    "injuries",
    "injure",
    "injures",
    "wound",
    "wounds",
}
REVISION_VERBS = {
    "rose",
    "risen",
    "climbed",
    "reached",
    "increased",
    "jumped",
    "raised",
    "climbs",
    "rises",
    "was",
    "is",
    "stood",
    "stands",
}
""""the death toll has risen to 82", "the death toll from the strikes was 45": after
one of these, with "toll" before, a number is killed."""


def _toll_before(ws, num: Number) -> bool:
    """ "The death toll from strikes on the city of X has risen to 82": "toll" is the
    subject of the revision verb, however far before it."""
    return any(w.norm in {"toll", "tolls"} for w in ws[: num.start])


def _revised(ws, num: Number) -> bool:
    """ "the toll rose to 70": the number right after a verb of revision."""
    before = [
        w.norm for w in ws[max(0, num.start - 5) : num.start] if w.content and w.norm not in HEDGES
    ]
    return bool(before) and before[-1] in REVISION_VERBS


@cache
def VICTIM_NOUNS() -> frozenset[str]:  # noqa: N802 - a constant read from the lexicon
    return word_set("civilian_nouns") | word_set("combatant_nouns")


def _conjoined(ws, parts):
    """Numbers joined by "and" in one victims phrase ("an officer and two soldiers")
    add up; otherwise the largest stated toll stands."""
    first = [parts[0]]
    for p in parts[1:]:
        gap = [w.norm for w in ws[first[-1][0].end : p[0].start] if w.content]
        victim_list = bool(gap) and len(gap) <= 2 and set(gap) <= VICTIM_NOUNS()
        if (
            ("and" in gap or victim_list)
            and len(gap) <= 4
            and not (set(gap) & (word_set("killed_words") | {"while"}))
        ):
            first.append(p)  # "40 civilians 25 YPG fighters killed" (commas dropped)
        else:
            break
    if len(first) > 1:
        return first
    return [max(parts, key=lambda p: (p[0].value or 0, p[1] is not None))]


def _breakdown(toll: Toll, num: Number, ws) -> None:
    """ "including four children" fills a breakdown field; it is never added."""
    after = [w.norm for w in ws[num.end : num.end + 3] if w.content]
    if num.value is None:
        return
    if any(a in word_set("child_nouns") for a in after[:2]):
        toll.children = (toll.children or 0) + num.value
    elif any(a in word_set("women_nouns") for a in after[:2]):
        toll.women = (toll.women or 0) + num.value
    elif any(a in word_set("civilian_nouns") for a in after[:2]):
        toll.civilians = (toll.civilians or 0) + num.value
        toll.civilians_stated = toll.civilians_stated or "civilians" in after[:2]


def _add_lone_victim(clause: Clause, toll: Toll) -> None:
    """ "an officer and two soldiers were killed": "an officer" counts one."""
    ws = clause.words
    if toll.killed is None:
        return
    for i, w in enumerate(ws[:-2]):
        if w.norm in {"a", "an"} and any(
            x.norm in word_set("combatant_nouns") | word_set("civilian_nouns")
            for x in ws[i + 1 : i + 3]
        ):
            tail = [x.norm for x in ws[i + 1 : i + 6]]
            if "and" in tail:
                toll.killed += 1
                if toll.combatants is not None:
                    toll.combatants += 1
                if toll.civilians is not None:
                    toll.civilians += 1
                return


# ---------------------------------------------------------------- means
@dataclass(frozen=True)
class MeansReading:
    means: str | None
    """The most specific means named, or None."""
    ambiguous: bool
    """Only "bombed"/"struck" named: the attacker's bloc decides (see ``bombing_means``)."""
    violent: bool
    """Violence is named, by whatever means ("an attack killed five")."""


def read_means(clause: Clause) -> MeansReading:
    """The most specific means the clause names.

    "regime shelling targeting the village of Halfaya" -> shelling.
    "Clashes broke out ... backed by air raids and mortar rounds" -> gunfire:
    means named as support do not decide. "an attack killed five" -> no
    means, but violent.
    """
    lex = load_lexicon()
    support = _support_ranges(clause)
    elsewhere = _reference_ranges(clause)
    best: tuple[int, int, str] | None = None
    backing: tuple[int, int, str] | None = None  # the best means named only as support
    all_words, means_of = _all_means()
    for start, _end, phrase in clause.find(all_words):
        for means in means_of[phrase]:
            cand = (lex.config["means"][means]["priority"], -start, means)
            if any(a <= start < b for a, b in elsewhere):
                continue
            if any(a <= start < b for a, b in support):
                backing = max(backing or cand, cand)
            elif best is None or cand > best:
                best = cand
    if best is None and backing is not None and clause.has(vocab("killed_words")):
        # "an assault accompanied by dozens of missiles, leading to the death of eight":
        # the support is the only means named for the deaths
        best = backing
    violent = clause.has(vocab("generic_violence"))
    if (best is None or best[2] in AIRCRAFT_MEANS) and clause.has(vocab("aircraft_lost")):
        # "a warplane crashed into a market", "their helicopter was shot down": the
        # aircraft is what was lost, not the weapon
        return MeansReading("other", False, True)
    if (best is None or best[2] == "gunfire") and _kills_captives(clause):
        return MeansReading("execution", False, True)
    if best and best[2] != "gunfire":
        return MeansReading(best[2], False, True)
    if clause.has(_ambiguous()):
        if best is None and _struck_from_the_air(clause):
            return MeansReading("airstrike", False, True)  # "strikes killed 20": from the air
        return MeansReading(None, True, True)
    if best:
        return MeansReading(best[2], False, True)
    return MeansReading(None, False, violent)


AIRCRAFT_MEANS = frozenset({"airstrike", "drone-strike", "gunfire"})
"""Means read from the name of an aircraft (or from "shot" in "shot down")."""


def _kills_captives(clause: Clause) -> bool:
    """ "massacred 250 troops taken hostage", "began to kill abducted Christians": the
    killing of people held captive is an execution, whatever weapon is named."""
    return clause.has(vocab("captive_words")) and clause.has(vocab("killed_words"))


def _struck_from_the_air(clause: Clause) -> bool:
    """ "Strikes killed 20": from the air. But "a twin bombing struck a crowd": the
    verb "struck" says nothing of the bombing noun it follows."""
    hits = {tuple(phrase) for _s, _e, phrase in clause.find(_air_words())}
    if not hits:
        return False
    return not (hits <= {("struck",)} and clause.has(vocab("bombing_nouns")))


@cache
def _all_means() -> tuple[PhraseSet, dict[tuple[str, ...], tuple[str, ...]]]:
    """Every means word in one phrase set (one scan of a clause, not one per means),
    and the means each phrase names."""
    means_of: dict[tuple[str, ...], list[str]] = {}
    for means in load_lexicon().config["means"]:
        for phrase in vocab_means(means).phrases:
            means_of.setdefault(phrase, []).append(means)
    words = [" ".join(p) for p in means_of]
    return PhraseSet.of(words), {p: tuple(m) for p, m in means_of.items()}


@cache
def vocab_means(means: str) -> PhraseSet:
    return PhraseSet.of(load_lexicon().config["means"][means]["words"])


@cache
def _ambiguous() -> PhraseSet:
    return PhraseSet.of(load_lexicon().config["ambiguous_bombing"]["words"])


@cache
def _air_words() -> PhraseSet:
    return PhraseSet.of(load_lexicon().config["ambiguous_bombing"]["air_words"])


@cache
def _sources() -> tuple[PhraseSet, dict[tuple[str, ...], str]]:
    """Every source's words in one phrase set, and whose each phrase is (a phrase
    listed twice belongs to the first source listing it)."""
    source_of: dict[tuple[str, ...], str] = {}
    for source in load_lexicon().config["sources"]:
        for phrase in PhraseSet.of(source["words"]).phrases:
            source_of.setdefault(phrase, source["name"])
    return PhraseSet.of([" ".join(p) for p in source_of]), source_of


def _support_ranges(clause: Clause) -> list[tuple[int, int]]:
    """Word ranges of means named as support ("backed by air raids"), up to the next
    punctuation."""
    ranges = []
    for _start, end, _ in clause.find(vocab("support_cues")):
        stop = end
        while stop < len(clause.words) and clause.words[stop].text not in {",", ";", ".", "—"}:
            stop += 1
        ranges.append((end, stop))
    return ranges


def _reference_ranges(clause: Clause) -> list[tuple[int, int]]:
    """Word ranges of means of another event ("hours after a chemical attack")."""
    return [
        (end, min(end + 5, len(clause.words)))
        for _start, end, _ in clause.find(vocab("reference_cues"))
    ]


def event_types(means: str, target: str | None) -> tuple[str, str]:
    spec = load_lexicon().config["means"].get(means)
    if spec is None:
        return (
            ("violence-against-civilians", "attack")
            if target == "civilians"
            else ("battle", "armed-clash")
        )
    event, sub = spec["event"]
    if means == "gunfire" and target == "civilians":
        return "violence-against-civilians", "attack"
    return event, sub


# ---------------------------------------------------------------- actors
ACTIVE_VERBS = {
    "killed",
    "attacked",
    "shelled",
    "bombed",
    "targeted",
    "struck",
    "launched",
    "hit",
    "fired",
    "stormed",
    "executed",
    "ambushed",
    "raided",
    "pounded",
    "bombarded",
    "carried",
    "killing",
    "attacking",
    "targeting",
    "shelling",
    "striking",
    "hitting",
    "attack",
    "attacks",
    "assault",
    "offensive",
    "bombardment",
    "airstrikes",
    "airstrike",
    "strikes",
    "strike",
    "raids",
    "raid",
    "warplanes",
    "artillery",
    "rockets",
    "mortars",
    "jets",
    "aircraft",
    "helicopters",
    "drone",
    "drones",
    "forces",
    "fire",
    "missiles",
    "massacred",
    "blew",
    "detonated",
    "captured",
    "seized",
    "advanced",
    "shot",
    "infiltrate",
    "advance",
    "regain",
    "retake",
    "renewed",
    "continued",
    "bombing",
    "campaign",
    "used",
    "dropped",
    "opened",
    "slaughtered",
    "beheaded",
    "crucified",
    "crucifies",
    "set",  # "rebels set off a bomb"
    "planted",
    "detonate",
    "detonates",
    # headline present tense: "Syrian Army Kills 16 Terrorists", "ISIL Executes 50"
    "kills",
    "kill",
    "executes",
    "execute",
    "shells",
    "bombs",
    "targets",
    "hits",
    "pounds",
    "beheads",
    "storms",
    "ambushes",
    "eliminates",
    "eliminated",
    "destroyed",
    "destroys",
    "downs",
    "downed",
    "recaptured",
    "recaptures",
    "captures",
    "seizes",
    "retakes",
    "retook",
    "advances",
    "bombards",
    "massacres",
    "slaughters",
    "murdered",
    "murders",
    # a means after the name: "Russian and Syrian regime air raids", "IS suicide bomber"
    "air",
    "aerial",
    "planes",
    "warplane",
    "helicopter",
    "missile",
    "rocket",
    "suicide",
    "car",
    "bomb",
    "bombers",
    "bomber",
    "snipers",
    "sniper",
    "gunfire",
    "barrel",
    "mortar",
}
PASSIVE = {"was", "were", "been", "being", "is", "are"}
SUBJECT_VERBS = {
    "killed",
    "kills",
    "kill",
    "executed",
    "executes",
    "execute",
    "attacked",
    "attacks",
    "shelled",
    "shells",
    "bombed",
    "bombs",
    "struck",
    "strikes",
    "targeted",
    "targets",
    "stormed",
    "storms",
    "ambushed",
    "ambushes",
    "beheaded",
    "beheads",
    "massacred",
    "slaughtered",
    "murdered",
    "eliminated",
    "eliminates",
    "pounded",
    "hit",
    "hits",
    "launched",
    "launches",
    "fired",
    "opened",
    "detonated",
    "blew",
    "crucified",
    "crucifies",
    "stoned",
    "stones",
    "burned",
    "burns",
    "shot",
    "shoots",
}
""""Syrian Army Advances in Latakia, Kills 16 Terrorists": the subject named first in
the clause did what its verb says, however many words stand between."""


@dataclass
class Roles:
    perpetrator: str | None = None
    target: str | None = None
    claimant: str | None = None


def read_roles(clause: Clause, toll: Toll) -> Roles:
    """Who acted and who suffered, from the clause's structure.

    "the town of Al-Fatatra was attacked by gunmen" -> perpetrator: gunmen.
    "Daesh fighters killed another eight soldiers" -> Daesh -> soldiers.
    "clashes with HTS" where the dead are regime soldiers -> HTS -> regime.
    "HTS alleged that 20 Syrian soldiers were killed" -> HTS (a claim).
    """
    roles = Roles()
    ws = clause.words
    norms = [w.norm for w in ws]
    fs = _specific_mentions(clause)
    victims: list[Mention] = []
    agents: list[Mention] = []
    weak: list[Mention] = []  # sides of a clash: either may be the attacker
    loose: list[Mention] = []  # named, role unknown: never made the perpetrator
    for f in fs:
        role = _role_of(clause, f, norms)
        if role == "claimant":
            roles.claimant = roles.claimant or f.key
        else:
            {"agent": agents, "victim": victims, "side": weak, "loose": loose}[role].append(f)
    # "rebels from HTS and the National Front bombed": every side of the subject acts.
    for f in loose + weak:
        for g in list(agents):
            gap = [w.norm for w in ws[f.end : g.start] if w.content]
            if g.start > f.end and "and" in gap and len(gap) <= 5:
                agents.append(f)
    agents.sort(key=lambda m: m.start)
    if agents:
        roles.perpetrator = agents[0].key
    if victims:
        roles.target = next((v.key for v in victims if v.key != roles.perpetrator), None)
    if roles.perpetrator is None and weak:
        others = [w for w in weak if w.key != roles.target]
        if others:
            roles.perpetrator = others[0].key
    if roles.target is None and roles.perpetrator is not None and weak:
        others = [w for w in weak if w.key != roles.perpetrator]
        if others:
            roles.target = others[0].key
    if (
        roles.target is None
        and toll.civilians is not None
        or (
            roles.target is None
            and toll.killed is not None
            and _victim_kind(norms) == "civilian"
            and toll.combatants is None
        )
    ):
        roles.target = "civilians"
    enemies_of_regime = _victims_called(clause, ENEMY_NOUNS)
    if (
        roles.target is None
        and toll.combatants is not None
        and roles.perpetrator != "syrian-government"
        and not enemies_of_regime
        and any(n in {"regime", "government", "army", "soldiers", "troops"} for n in norms)
    ):
        roles.target = "syrian-government"
    if (
        roles.perpetrator is None
        and enemies_of_regime
        and toll.killed is not None
        and [f.key for f in loose] == ["syrian-government"]
    ):
        roles.perpetrator = "syrian-government"  # "units of the army ... killing 100 terrorists"
    if roles.perpetrator == roles.target:
        roles.target = None
    return roles


ENEMY_NOUNS = frozenset({"terrorists", "terrorist", "militants", "insurgents", "extremists"})
""""terrorists", "militants": what the government side calls those it fights; dead of
these words are never the regime's own losses."""


def _victims_called(clause: Clause, nouns: frozenset[str]) -> bool:
    """Whether a number in the clause counts people called by one of ``nouns``
    ("killing about 100 terrorists")."""
    for num in read_numbers(clause):
        after = [w.norm for w in clause.words[num.end : num.end + 4] if w.content][:2]
        if nouns.intersection(after):
            return True
    return False


SUPPORT_PARTICIPLES = {
    "backed",
    "supported",
    "led",
    "affiliated",
    "owned",
    "held",
    "run",
    "controlled",
    "linked",
    "funded",
    "armed",
    "allied",
}
CLAIM_VERBS = {"said", "alleged", "claimed", "announced", "reported", "says", "claims", "stated"}
OBJECT_CUES = {
    "of",
    "on",
    "against",
    "targeting",
    "targeted",
    "at",
    "from",
    "among",
    "to",
    "belonging",
    "killing",
    "killed",
    "hitting",
    "striking",
}
VERBS_TAKING_OBJECT = {
    "attacked",
    "bombed",
    "shelled",
    "struck",
    "hit",
    "ambushed",
    "targeted",
    "stormed",
    "raided",
    "pounded",
    "bombarded",
    "killing",
    "killed",
}
VICTIM_AFTER = {
    "killed",
    "dead",
    "died",
    "wounded",
    "injured",
    "attacked",
    "targeted",
    "hit",
    "struck",
    "shelled",
    "bombed",
    "suffered",
    "casualties",
    "acknowledged",
    "deaths",
    "lost",
    "ambushed",
    "executed",
    "slain",
}
SKIPPED_AFTER = {
    "fighters",
    "militants",
    "members",
    "troops",
    "forces",
    "jihadists",
    "gunmen",
    "militiamen",
    "soldiers",
    "units",
    "have",
    "has",
    "had",
    "also",
    "reportedly",
    "allegedly",
    "heavily",
    "repeatedly",
    "again",
    "then",
    "later",
    "further",
    "subsequently",
    "responded",
    "and",
    "terrorists",
    "terrorist",
    "terror",
    "elements",
    "army",
    "militias",
    "militia",
    "group",
    "groups",
    "organization",
    "organisation",
    "jihadist",
    "extremists",
    "insurgents",
    "rebels",
    "on",
    "mostly",
    "publicly",
    "brutally",
}


OWNED_BY_NAME = {
    "regime",
    "government",
    "army",
    "forces",
    "troops",
    "soldiers",
    "fighters",
    "militia",
    "militias",
    "men",
    "loyalists",
    "supporters",
    "allies",
}
""""Assad's regime", "Daesh's fighters": the possessive names the faction itself,
whose role the words after it decide."""


def _role_of(clause: Clause, f: Mention, norms: list[str]) -> str:
    """agent, victim, claimant, side (of a clash) or loose, by the words around it."""
    ws = clause.words
    before = [w.norm for w in ws[max(0, f.start - 3) : f.start] if w.content]
    after = _after_words(clause, f.end)
    by_agent = before[-1:] == ["by"] or (
        before[-2:-1] == ["by"] and before[-1] in {"the", "a", "an"}
    )
    if by_agent and not (len(before) >= 2 and before[-2] in SUPPORT_PARTICIPLES):
        return "agent"  # "attacked by gunmen"
    if "by" in before and ("attempts" in before or "attempt" in before):
        return "agent"  # "attempts by Assad's forces to advance"
    if (after[:1] and after[0] in CLAIM_VERBS) or before[-2:] == ["according", "to"]:
        return "claimant"
    suffered = after[:1] and after[0] in PASSIVE | {"suffered", "lost", "died", "acknowledged"}
    if suffered and any(a in VICTIM_AFTER for a in after[:4]):
        return "victim"  # "regime forces also suffered casualties"
    if _counted_victims(before, after):
        return "victim"  # "10 Syrian soldiers killed in Israeli raids"
    if ws[f.end - 1].norm in MEANS_NOUNS and not (before and before[-1] in OBJECT_CUES - {"by"}):
        return "agent"  # "killed in renewed regime airstrikes": the name carries its means
    owned = [w.norm for w in ws[f.end : f.end + 3] if w.content and w.norm != "s"][:1]
    possessive = (f.possessive or [w.norm for w in ws[f.end : f.end + 1]] == ["s"]) and not (
        owned and owned[0] in OWNED_BY_NAME
    )
    if (
        after[:1]
        and after[0] in ACTIVE_VERBS
        and after[0].endswith("ed")
        and after[1:2]
        and after[1] in HEADLINE_PASSIVE
    ):
        return "victim"  # "Syrian rebel fighters killed in IS suicide bomb attack"
    if possessive or (after[:1] and after[0] in ACTIVE_VERBS):
        if after[0:1] and after[0] in {"forces", "fire"} and after[1:2] and after[1] in PASSIVE:
            return "victim"
        return "agent"  # "Daesh fighters killed", "the regime's shelling"
    if f.key == "unidentified":
        return "agent"  # "gunmen", "a drone of unknown origin" describe the attacker
    if before[-2:-1] == ["alongside"] or before[-1:] == ["alongside"]:
        return "loose"  # "fighting alongside the Syrian regime": an ally, not a side
    after_faction = before[-1:] == ["from"] and any(g.end == f.start - 1 for g in clause.factions)
    cue = (
        before[-2]
        if before[-1:] and before[-1] in {"the", "a", "an"} and len(before) > 1
        else (before[-1] if before else None)
    )
    if cue in OBJECT_CUES | VERBS_TAKING_OBJECT and not after_faction and not _unit_of(before):
        if not (cue == "of" and _air_means_before(clause, f)):
            return (
                "victim"  # "shelling of Jabal al-Zawiya", "eight members of the Hezbollah militia"
            )
        return "agent"  # "an airstrike of the US-led coalition"
    if _in_victim_phrase(clause, f):
        return "victim"
    if _in_clash(norms, f):
        return "side"
    if any(a in CLAIM_VERBS for a in after[:3]):
        return "claimant"  # "HTS responded and alleged that..."
    if _clause_subject(clause, f):
        return "agent"
    return "loose"


HEADLINE_PASSIVE = frozenset({"in", "by", "when", "during", "near", "while"})
""""rebel fighters killed in an attack": a participle followed by one of these is a
passive without its "were" (headlines drop it), not the name's own act."""

UNIT_NOUNS = {"units", "unit", "elements"}
""""units of the army", "elements of the militia": the name owns the units, whose role
the rest of the clause decides (counted and killed: victims; the clause's subject: agents)."""


def _unit_of(before: list[str]) -> bool:
    words = [b for b in before if b not in {"the", "a", "an"}]
    return words[-1:] == ["of"] and len(words) > 1 and words[-2] in UNIT_NOUNS


MEANS_NOUNS = {
    "airstrikes",
    "airstrike",
    "strikes",
    "strike",
    "raids",
    "raid",
    "warplanes",
    "warplane",
    "jets",
    "aircraft",
    "helicopters",
    "helicopter",
    "drones",
    "drone",
    "artillery",
    "shelling",
    "rockets",
    "missiles",
    "bombardment",
    "planes",
    "bombs",
    "mortars",
    "fire",
}
""""regime airstrikes", "Russian warplanes", "Turkish artillery": a name whose last
word is a means names the attacker."""

NUMBER_NORMS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "scores",
    "hundreds",
    "several",
    "some",
    "least",
}


def _count_figure(word: str) -> bool:
    """ "10" counts people; "2015" and FA-KES's glued "202015" (Jan 20 2015) date."""
    return word.isdigit() and len(word) <= 4 and int(word) < 1900


def _counted_victims(before: list[str], after: list[str]) -> bool:
    """ "At least 10 Syrian soldiers killed in Israeli raids": a counted name before
    a death word is the victims (headlines drop the "were")."""
    counted = any(_count_figure(b) or b in NUMBER_NORMS for b in before[-2:])
    if (
        counted
        and len(before) >= 2
        and before[-2]
        in {
            "killed",
            "kills",
            "killing",
            "kill",
            "executed",
            "executes",
            "executing",
            "wounded",
            "wounding",
            "injuring",
            "injured",
            "massacred",
        }
    ):
        return True  # "bomb kills 30 government fighters"
    return (
        counted
        and bool(after[:1])
        and after[0]
        in {
            "killed",
            "dead",
            "died",
            "wounded",
            "injured",
            "executed",
            "slain",
            "massacred",
        }
    )


def _air_means_before(clause: Clause, f: Mention) -> bool:
    """ "an airstrike of the US-led coalition", "warplanes of the regime": an air
    means owned by the name after "of"."""
    before = [w.norm for w in clause.words[max(0, f.start - 4) : f.start] if w.content]
    air = {
        "airstrike",
        "airstrikes",
        "strike",
        "strikes",
        "raid",
        "raids",
        "warplanes",
        "jets",
        "aircraft",
        "planes",
        "helicopters",
        "drones",
        "drone",
    }
    return bool(set(before) & air)


def _clause_subject(clause: Clause, f: Mention) -> bool:
    """ "Syrian Army Advances in Latakia Kills 16 Terrorists": the first name in the
    clause, with no preposition before it, is the subject of the first violent verb
    after it unless a passive auxiliary or another name comes first."""
    if clause.factions and clause.factions[0] is not f and clause.factions[0].start < f.start:
        return False
    before = [w.norm for w in clause.words[: f.start] if w.content]
    if len([b for b in before if not b.isdigit()]) > 4:
        return False  # not at the head of the clause
    if before and before[-1] in {
        "in",
        "of",
        "on",
        "against",
        "with",
        "from",
        "by",
        "to",
        "at",
        "between",
        "among",
        "and",
        "for",
        "near",
        "after",
    }:
        return False
    for w in clause.words[f.end : f.end + 10]:
        if w.norm in PASSIVE or w.norm in {"by", "that", "said", "says"}:
            return False
        if w.norm in SUBJECT_VERBS:
            return True
    return False


def _after_words(clause: Clause, end: int) -> list[str]:
    """The words after a mention, adverbs and auxiliaries skipped ("have also
    killed" -> "killed"; "are heavily targeting" -> "targeting")."""
    words = [w.norm for w in clause.words[end : end + 8] if w.content]
    out: list[str] = []
    for i, w in enumerate(words):
        if not out and w in SKIPPED_AFTER:
            continue
        if (
            not out
            and w in {"are", "is", "was", "were"}
            and any(x.endswith("ing") for x in words[i + 1 : i + 3])
        ):
            continue
        out.append(w)
    return out


def _specific_mentions(clause: Clause) -> list[Mention]:
    """Drop a generic name standing right before a specific one ("the opposition
    National Liberation Front", "rebels from HTS")."""
    fs = [f for f in clause.factions if f.key]
    out = []
    for i, f in enumerate(fs):
        nxt = fs[i + 1] if i + 1 < len(fs) else None
        if nxt and f.key == "free-syrian-army" and nxt.key != f.key:
            gap = [w.norm for w in clause.words[f.end : nxt.start] if w.content]
            if set(gap) <= {"from", "of", "group", "groups", "faction", "factions", "the"}:
                continue
        out.append(f)
    return out


def _in_clash(norms: list[str], f: Mention) -> bool:
    """ "clashes between A and B", "fighting with B": both are sides of a battle."""
    return any(
        n in {"clashes", "clash", "clashed", "fighting", "battle", "battles", "confrontations"}
        for n in norms[: f.start]
    )


def _in_victim_phrase(clause: Clause, f: Mention) -> bool:
    """ "two Syrian regime soldiers were killed": the faction names the victims."""
    ws = clause.words
    after = [w.norm for w in ws[f.end : f.end + 5] if w.content]
    killed = word_set("killed_words") | word_set("injured_words")
    if any(a in PASSIVE for a in after[:3]) and any(a in killed for a in after[:5]):
        return True
    before = [w.norm for w in ws[max(0, f.start - 4) : f.start] if w.content]
    return any(
        _count_figure(b)
        or b
        in {
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "dozens",
            "several",
            "more",
            "other",
            "others",
        }
        for b in before[-3:]
    ) and any(a in killed | PASSIVE for a in after[:4])


# ---------------------------------------------------------------- places
VILLAGE_CUES = {
    "town",
    "village",
    "city",
    "area",
    "neighbourhood",
    "neighborhood",
    "district",
    "suburb",
    "camp",
    "hill",
    "mountain",
    "front",
    "fronts",
    "region",
    "outskirts",
    "towns",
    "villages",
    "countryside",
    "airport",
    "base",
    "checkpoint",
    "crossing",
}
DIRECTIONS = {
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
    "rural",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
}


UNKNOWN_PLACE_RANK = 2.5
"""A village the gazetteer does not know ranks above a district, below a known town."""


@dataclass(frozen=True)
class PlaceReading:
    name: str | None
    province: str | None
    entry: PlaceEntry | None
    """The gazetteer entry, when the place is known to it."""
    own: bool
    """Named in this clause (not inherited from context)."""


def choose_entry(
    entries: tuple[PlaceEntry, ...], context: set[str], article: frozenset[str] = frozenset()
) -> PlaceEntry:
    """Among places sharing a name, the one in a governorate named around it, else in
    one the article names anywhere ("the city of Al Quriyah ... Al-Quriyah southeast
    of Deir Ezzor city"), else the most prominent (a governorate before a district
    before a town)."""
    ranked = sorted(
        entries,
        key=lambda e: (
            e.province not in context,
            e.province not in article,
            KIND_RANK[e.kind],
            -e.population,
            e.id,
        ),
    )
    return ranked[0]


RURAL_WORDS = {"rural", "countryside", "suburbs", "outskirts", "reef", "rif"}
""""rural Damascus", "the Damascus countryside": Rif Dimashq, not the capital."""


def _rural_damascus(ws, start: int, end: int, entry: PlaceEntry) -> PlaceEntry:
    """ "the town of Zamalka in rural Damascus" -> Rif Dimashq, the governorate around
    the capital."""
    if entry.province != "damascus" or entry.kind != "governorate":
        return entry
    span = {w.norm for w in ws[max(0, start - 1) : end + 1]}
    if span & RURAL_WORDS:
        rif = load_lexicon().places.get(("rif", "dimashq"), ())
        return next((e for e in rif if e.kind == "governorate"), entry)
    return entry


def _stray_namesake(entry: PlaceEntry, article: frozenset[str], local: set[str]) -> bool:
    """ "the districts of Bustan al-Qasr, Salihiya and al-Fardos" in an article about
    Aleppo: "Hamra" the village in Hama is not meant. A small place in a governorate
    the article never names, while it names others, is only a namesake."""
    return (
        entry.kind in {"place", "subdistrict"}
        and entry.population < 10_000
        and bool(article)
        and entry.province not in article
        and entry.province not in local
    )


def _governorate_after(clause: Clause, m: Mention) -> str | None:
    """ "Zamalka in rural Damascus", "Al-Quriyah southeast of Deir Ezzor city",
    "Ashara, Deir Ezzor": the governorate the text places a town in, named within a
    few words after it."""
    # the first place starting after m (clause.places is in text order): a loop
    # over every place, for every place, was quadratic in the places of a clause
    i = bisect.bisect_left(clause.places, m.end, key=lambda p: p.start)
    for g in clause.places[i : i + 1]:
        if g.start - m.end > 6:
            continue
        between = {w.norm for w in clause.words[m.end : g.start]}
        if not between & {"in", "of", ",", "near"} or between & {"and", "from", "to", "while"}:
            return None
        gov = next((e for e in g.places if e.kind == "governorate"), None)
        if gov is None:
            return None
        gs, ge = _widen(clause.words, g.start, g.end)
        return _rural_damascus(clause.words, gs, ge, gov).province
    return None


def read_places(
    clause: Clause, context: set[str], article: frozenset[str] = frozenset()
) -> list[PlaceReading]:
    """Places named in the clause, most specific first.

    "the town of Al-Fatatra" (unknown to the gazetteer) -> Al-Fatatra, its
    governorate left to the context; "the southern countryside of Idlib" ->
    that phrase, in Idlib; "rural Aleppo province" -> that phrase, in Aleppo.
    """
    ws = clause.words
    readings: list[tuple[float, int, PlaceReading]] = []
    covered: set[int] = set()
    mentions = _outside_references(clause)
    local = {e.province for m in mentions for e in m.places if e.kind == "governorate"}
    for m in mentions:
        entry = choose_entry(m.places, context | local, article)
        start, end = m.start, m.end
        if entry.kind == "governorate" or entry.province in {"aleppo", "damascus"}:
            start, end = _widen(ws, start, end)
        entry = _rural_damascus(ws, start, end, entry)
        name = clause.span_text(start, end)
        rank: float = KIND_RANK[entry.kind]
        widened = (start, end) != (m.start, m.end)
        if entry.kind == "governorate" and not widened:
            rank = 0
        reading = PlaceReading(name, entry.province, entry, True)
        if entry.kind != "governorate":
            stated = _governorate_after(clause, m)
            if (
                stated
                and stated != entry.province
                and {stated, entry.province}
                != {
                    "damascus",
                    "rif-dimashq",
                }
            ):
                # the text says where it is: a namesake in that governorate, else an
                # unknown place there
                namesake = next((e for e in m.places if e.province == stated), None)
                reading = PlaceReading(name, stated, namesake, True)
            elif _stray_namesake(entry, article, local):
                # a village of the same name elsewhere: the place lies where the
                # article is, which the context decides
                reading = PlaceReading(name, None, None, True)
                rank = UNKNOWN_PLACE_RANK
        readings.append((rank, start, reading))
        covered.update(range(start, end))
    # unknown villages: "the town of X", "the X area", "X front"
    for i, w in enumerate(ws):
        if w.norm not in VILLAGE_CUES or i in covered:
            continue
        name_span = None
        if i + 1 < len(ws) and ws[i + 1].norm == "of":
            j = i + 2
            while j < len(ws) and (not ws[j].content and ws[j].text not in {",", ".", ";"}):
                j += 1
            k = j
            while k < len(ws) and (
                ws[k].text[:1].isupper()
                or ws[k].text == "-"
                or not ws[k].content
                and ws[k].norm in {"al", "el"}
            ):
                k += 1
            if k > j and ws[j].text[:1].isupper():
                start = j
                while (
                    start > 0
                    and ws[start - 1].norm in {"al", "el"}
                    or (
                        start > 0
                        and ws[start - 1].text == "-"
                        and start > 1
                        and ws[start - 2].norm in {"al", "el"}
                    )
                ):
                    start -= 1
                name_span = (start, k)
        elif (
            i > 0
            and ws[i - 1].text[:1].isupper()
            and w.norm in {"area", "front", "fronts", "camp", "region", "countryside"}
        ):
            k = i - 1
            while k > 0 and (
                ws[k - 1].text[:1].isupper()
                or ws[k - 1].text == "-"
                or ws[k - 1].norm in {"al", "el"}
            ):
                k -= 1
            if ws[k].norm in {"the"}:
                k += 1
            name_span = (k, i + 1 if w.norm != "area" else i)
        if name_span and not covered & set(range(*name_span)):
            text = clause.span_text(*name_span).strip(" -")
            first = text.split()[0].lower() if text else ""
            in_faction = any(
                f.start < name_span[1] and name_span[0] < f.end for f in clause.factions
            )
            if text and not first.startswith(("the", "syria")) and len(text) > 2 and not in_faction:
                stated = _governorate_after(clause, Mention(name_span[0], name_span[1], ""))
                readings.append(
                    (UNKNOWN_PLACE_RANK, name_span[0], PlaceReading(text, stated, None, True))
                )
                covered.update(range(*name_span))
    toll_at = _first_toll_position(clause)
    readings.sort(
        key=lambda r: (not _located(ws, r[1]), -r[0], toll_at is not None and r[1] < toll_at, r[1])
    )
    return [r[2] for r in readings]


def _first_toll_position(clause: Clause) -> int | None:
    """Where the first number of dead stands: "Army Foils Attack in Daraa, Kills 50
    Gunmen in Lattakia": of two places alike, the one after the toll is the toll's."""
    killed = word_set("killed_words")
    for num in read_numbers(clause):
        if num.value is None:
            continue
        near = {w.norm for w in clause.words[max(0, num.start - 3) : num.end + 4]}
        if near & killed:
            return num.start
    return None


LOCATIVES = frozenset({"in", "near", "at", "of", "on", "around", "outside", "into", "across"})


def _located(ws, start: int) -> bool:
    """ "killed in the stronghold of Raqqa", "a blast struck al-Dumayr": a place the
    clause says something happened at (a locative word or a verb of attack a few words
    before it) outranks a place merely named ("Tags
    Syria Islamic State Palmyra The group released a video ...")."""
    before = [w.norm for w in ws[max(0, start - 5) : start] if w.content]
    return bool((LOCATIVES | VERBS_TAKING_OBJECT).intersection(before[-4:]))


def _outside_references(clause: Clause) -> list[Mention]:
    """Place mentions outside a reference to another event: in "19 people were killed
    near the Syrian capital just hours after a gas attack left dozens dead in Khan
    Sheikhun" the killing is near Damascus, not in Khan Sheikhun."""
    refs = clause.find(vocab("reference_cues"))
    if not refs:
        return clause.places
    ws = clause.words
    ranges = []
    for _start, end, _ in refs:
        stop = end
        while stop < len(ws) and ws[stop].text not in {",", ";", ".", "—"}:
            stop += 1
        ranges.append((end, stop))
    return [m for m in clause.places if not any(a <= m.start < b for a, b in ranges)]


def _widen(ws, start: int, end: int) -> tuple[int, int]:
    """Take in "southern", "rural", "countryside", "province", "the southern countryside of"."""
    s, e = start, end
    while s > 0 and ws[s - 1].norm in DIRECTIONS:
        s -= 1
    if (
        s >= 3
        and ws[s - 1].norm == "of"
        and ws[s - 2].norm in DIRECTIONS
        and ws[s - 3].norm in {"desert", "countryside", "area", "areas", "outskirts"}
    ):
        s -= 3
    elif (
        s >= 2
        and ws[s - 1].norm == "of"
        and ws[s - 2].norm
        in {"countryside", "outskirts", "suburbs", "province", "city", "governorate", "edges"}
    ):
        s -= 2
        while s > 0 and ws[s - 1].norm in DIRECTIONS | {"the"}:
            s -= 1
    while e < len(ws) and ws[e].norm in {
        "countryside",
        "province",
        "governorate",
        "city",
        "region",
        "suburbs",
        "outskirts",
    }:
        e += 1
    return s, e


# ---------------------------------------------------------------- attribution
def read_attribution(clause: Clause, roles: Roles) -> str | None:
    """Who says so: a monitor, an agency, an activist, or the claiming faction."""
    phrases, source_of = _sources()
    hits = clause.find(phrases)
    if hits:
        return source_of[hits[0][2]]  # the first named
    if roles.claimant:
        return load_lexicon().faction_records[roles.claimant].name
    return None
