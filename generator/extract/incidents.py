"""From an article's sentences to its incidents.

1. Each sentence is cut into clauses where it joins two events ("... came
   after regime bombardment hit Idlib").
2. A clause that names violence (a means or a death) and is not background
   becomes a candidate incident, read by the rules in ``rules.py``.
3. Candidates that restate one another (the lead and the body telling the
   same attack) are merged.
4. Stated totals are flagged ``aggregate``: counts over a period with no
   place of their own, counts of events, and tolls that sum other incidents.
5. Candidates too vague to code (no place, no toll, no date) are dropped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from spacy.tokens import Span

from generator.extract.dates import resolve_date
from generator.extract.lexicon import Lexicon, PhraseSet, PlaceEntry, load_lexicon
from generator.extract.rules import (
    Roles,
    Toll,
    event_types,
    read_attribution,
    read_means,
    read_places,
    read_roles,
    read_toll,
    vocab,
    word_set,
)
from generator.extract.words import Clause, clause_of, make_clause, with_factions
from generator.model import Article, Casualties, Incident, Place

SPLIT_RE = re.compile(
    r"\s*(?:;|\bcame after\b|\bin retaliation for\b|\bin response to\b|\bcoincided with\b|"
    r"\bas well as in\b|\bwhile\b(?= [a-z]+ [a-z]+ (?:were|was) ))\s*"
    # "... killed 12 on Monday, bringing to 45 the number killed in 24 hours": the
    # running total is a clause of its own (it keeps its cue, so it is a total)
    r"|\s*(?=\b(?:bringing|raising|taking)\s+(?:to|the|its)\b)",
    re.IGNORECASE,
)
SPLIT_CUES = (
    ";",
    "came after",
    "retaliation for",
    "response to",
    "coincided with",
    "as well as in",
    "while",
    "bringing",
    "raising",
    "taking",
)
"""Words without which ``SPLIT_RE`` cannot split (a cheap test before it runs)."""
ANAPHORA = {
    "that",
    "the",
    "this",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturdays",
    "sundays",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "yesterdays",
    "todays",
}
EVENT_NOUNS = {"attack", "bombing", "strike", "explosion", "blast", "operation", "assault", "raid"}
STALE_DAYS = 10
"""An event dated this many days before publication is background, not news."""
LARGE_TOLL = 1000
"""A toll this large with no specific place is a count over the war, not one event."""


@dataclass
class Candidate:
    index: int
    clause: Clause
    sentence: str
    date: dt.date | None
    precision: str
    place: str | None
    province: str | None
    place_entry: PlaceEntry | None
    own_place: bool
    means: str
    roles: Roles
    toll: Toll
    attribution: str | None
    aggregate: bool = False
    anaphoric: bool = False


@cache
def trigger_words() -> frozenset[str]:
    """Every word that can start a phrase of violence, death or injury: a sentence
    with none of them is skipped before the rules run."""
    lex = load_lexicon()
    words: set[str] = set()
    for key in ("generic_violence", "killed_words", "injured_words", "combined_words"):
        words.update(p[0] for p in vocab(key).phrases)
    for spec in lex.config["means"].values():
        words.update(p[0] for p in PhraseSet.of(spec["words"]).phrases)
    words.update(p[0] for p in PhraseSet.of(lex.config["ambiguous_bombing"]["words"]).phrases)
    return frozenset(words)


@lru_cache(maxsize=16)
def _title_clause(title: str) -> Clause:
    return make_clause(title, load_lexicon())


def title_clause_of(article: Article) -> Clause:
    """The headline read once per article (three rules read it)."""
    return _title_clause(article.title)


def split_clauses(sentence: Span) -> list[Span]:
    text = sentence.text
    low = text.lower()
    if not any(cue in low for cue in SPLIT_CUES):
        return [sentence]  # the regex is slow; most sentences have none of its cues
    cuts = [0]
    for m in SPLIT_RE.finditer(text):
        cuts.extend((m.start(), m.end()))
    cuts.append(len(text))
    parts = []
    base = sentence.start_char
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        piece = text[a:b]
        if not piece.strip():
            continue
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        span = sentence.doc.char_span(base + a, base + b, alignment_mode="expand")
        if span is not None and len(span):
            parts.append(span)
    return parts or [sentence]


YEAR_RE = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


def is_earlier_year(clause: Clause, published: dt.date | None) -> bool:
    """ "the 2013 sarin attack on Ghouta": an event of an earlier year is background.

    A clause that names only years before the article's is about the past; the
    rule needs a publication date to tell.
    """
    if published is None:
        return False
    years = {int(y) for y in YEAR_RE.findall(clause.text)}
    return bool(years) and max(years) < published.year


def is_background(clause: Clause, toll: Toll) -> bool:
    """Displacement, arrests, talks and the like are not incidents unless people died."""
    norms = set(clause.norms())
    if toll.killed is not None or toll.injured is not None:
        return False
    return bool(norms & word_set("background_words"))


def candidates(article: Article, sentences: list[Span], lex: Lexicon) -> list[Candidate]:
    out: list[Candidate] = []
    title_clause = title_clause_of(article)
    # governorates named so far, most recent last; the headline's come first, its
    # first-named last ("kill 4 in Idlib, destroy mosque in Hama" happened in Idlib)
    context: list[str] = _governorates(title_clause)[::-1]
    last_perpetrator: dict[str, str] = {}
    mentions: list[str] = _governorates(title_clause) * 2  # for the dominant governorate
    triggers = trigger_words()
    is_territory = title_clause.has(vocab("is_territory_cues"))
    sentence_clauses = [clause_of(sentence) for sentence in sentences]
    named = frozenset(
        e.province
        for c in [title_clause, *sentence_clauses]
        for m in c.places
        for e in m.places
        if e.kind == "governorate"
    )
    for s_index, sentence in enumerate(sentences):
        sentence_clause = sentence_clauses[s_index]
        triggered = bool(triggers.intersection(sentence_clause.index[1]))
        if triggered:
            with_factions(sentence_clause, lex)
        sentence_provinces = [e.province for m in sentence_clause.places for e in m.places[:1]]
        if not (
            sentence_clause.has(vocab("retrospective_cues"))
            or is_earlier_year(sentence_clause, article.published)
        ):
            mentions.extend(sentence_provinces)  # "in Aleppo last year" is not where it is
        is_territory = is_territory or sentence_clause.has(vocab("is_territory_cues"))
        if not triggered:
            context.extend(sentence_provinces)
            continue  # no word of violence or death: nothing to read
        parts = split_clauses(sentence)
        previous_reading = None
        for part in parts:
            clause = sentence_clause if len(parts) == 1 else clause_of(part)
            toll = read_toll(clause)
            reading = read_means(clause)
            if (
                not reading.violent
                and previous_reading is not None
                and _place_list(sentence.text, part.text)
            ):
                reading = previous_reading  # "... in Idlib, as well as in Kafr Hamrah"
            previous_reading = reading
            if not reading.violent and not toll.mentioned:
                context.extend(_governorates(clause))
                continue
            if (
                is_background(clause, toll)
                or is_earlier_year(clause, article.published)
                or clause.has(vocab("retrospective_cues"))
            ):
                continue
            roles = read_roles(clause, toll)
            means = reading.means
            if reading.ambiguous:
                actor = roles.perpetrator or roles.claimant
                means = bombing_means(actor, lex, clause)
            if (
                roles.perpetrator is None
                and roles.claimant
                and roles.target not in (None, "civilians")
                and roles.claimant != roles.target
                and (toll.killed is not None or toll.combined)
            ):
                roles.perpetrator = roles.claimant  # "HTS alleged that 20 soldiers were killed"
            if roles.perpetrator is None and means:
                roles.perpetrator = (
                    last_perpetrator.get(means) if _continues(sentence_clause) else None
                )

            places = read_places(clause, set(context) | set(sentence_provinces), named)
            place = places[0] if places else None
            province = place.province if place else None
            if province is None:
                # an unknown village lies in the governorate its own clause names,
                # else its sentence's, else the one named last before it
                local = _governorates(clause) or [p for p in sentence_provinces if p]
                province = local[0] if local else (context[-1] if context else None)
            date, precision = resolve_date(clause, article.published)
            if date is None:
                date, precision = resolve_date(sentence_clause, article.published)
            if date and article.published and (article.published - date).days > STALE_DAYS:
                continue  # an explicit date weeks before publication: background
            norms = clause.norms()
            cand = Candidate(
                index=s_index,
                clause=clause,
                sentence=sentence.text.strip(),
                date=date,
                precision=precision,
                place=place.name if place else None,
                province=province,
                place_entry=place.entry if place else None,
                own_place=place is not None,
                means=means or "unknown",
                roles=roles,
                toll=toll,
                attribution=read_attribution(sentence_clause, roles),
                anaphoric=bool(
                    norms[:1] and norms[0] in ANAPHORA and set(norms[1:4]) & EVENT_NOUNS
                ),
            )
            cand.aggregate = _is_period_total(cand)
            out.append(cand)
            if roles.perpetrator and means:
                last_perpetrator[means] = roles.perpetrator
            context.extend(_governorates(clause))
    dominant = _dominant_province(mentions)
    for cand in out:
        cand.province = cand.province or _named_next(cand.index, sentence_clauses) or dominant
    _resolve_generic_militants(out, lex)
    _claimed_responsibility(out, sentence_clauses, lex)
    _fill_from_context(out, article, lex, is_territory)
    return out


def _fill_from_context(
    cands: list[Candidate], article: Article, lex: Lexicon, is_territory: bool
) -> None:
    """An incident whose own clause names no means or no attacker takes them from
    the clauses around it, then from the headline ("Air strikes hit hospital
    and kill 26 people" tells the means of "26 people were killed in Idlib").
    An attacker named with no means anywhere gets the means it almost always
    uses (``default_means_by_perpetrator``: air forces strike from the air);
    otherwise the means stays unknown: a named attacker is no evidence of
    gunfire."""
    title = title_clause_of(article)
    title_toll = read_toll(title)
    title_reading = read_means(title)
    title_roles = read_roles(title, title_toll)
    title_means = title_reading.means
    if title_reading.ambiguous:
        title_means = bombing_means(title_roles.perpetrator or title_roles.claimant, lex, title)
    for cand in cands:
        if cand.anaphoric:
            continue  # it tells of the incident before it, and is merged into it
        if cand.means == "unknown":
            near = [
                c
                for c in cands
                if abs(c.index - cand.index) <= 1 and c.means != "unknown" and c is not cand
            ]
            if near:
                cand.means = min(near, key=lambda c: abs(c.index - cand.index)).means
            elif title_means:
                cand.means = title_means
            elif cand.roles.perpetrator:
                cand.means = lex.config["default_means_by_perpetrator"].get(
                    cand.roles.perpetrator, "unknown"
                )
        if not _can_fly(cand.roles.perpetrator, cand.means, lex):
            cand.roles.perpetrator = None  # misread: found in the headline or by default
        if cand.roles.perpetrator is None:
            if (
                _can_fly(title_roles.perpetrator, cand.means, lex)
                and title_roles.perpetrator
                and title_means in (None, cand.means)
                and title_roles.perpetrator != cand.roles.target
            ):
                cand.roles.perpetrator = title_roles.perpetrator
            else:
                # the sentence next to it names the attacker of the same victims, same means
                same = [
                    c
                    for c in cands
                    if c is not cand
                    and c.means == cand.means
                    and c.roles.perpetrator
                    and abs(c.index - cand.index) <= 1
                    and c.roles.target in (cand.roles.target, None)
                    and c.roles.perpetrator != cand.roles.target
                    and c.province == cand.province
                ]
                if same:
                    cand.roles.perpetrator = same[0].roles.perpetrator

    defaults = dict(lex.config["default_perpetrator"])
    if is_territory:
        defaults.update(lex.config["default_perpetrator_in_is_territory"])
    for cand in cands:
        if cand.roles.perpetrator is None and cand.roles.target != defaults.get(cand.means):
            cand.roles.perpetrator = defaults.get(cand.means)


def _place_list(sentence: str, part: str) -> bool:
    """Whether ``part`` follows an "as well as in" that lists one more place."""
    head = sentence[: sentence.find(part)].rstrip().lower()
    return head.endswith("as well as in")


def _named_next(index: int, sentence_clauses: list[Clause], window: int = 2) -> str | None:
    """The governorate the next sentences name, for a lead that names none before
    them: "24 people were killed near a refugee camp. ... The village lies in Hasakeh
    province." A report places its lead in the sentences that follow it."""
    for clause in sentence_clauses[index + 1 : index + 1 + window]:
        found = _governorates(clause)
        if found:
            return found[0]
    return None


def _dominant_province(mentions: list[str]) -> str | None:
    """The governorate the article names most (the headline counts twice): where an
    incident happened when its own sentences never say."""
    counts: dict[str, int] = {}
    for province in mentions:
        counts[province] = counts.get(province, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda p: (-counts[p], p))


def _governorates(clause: Clause) -> list[str]:
    return [m.places[0].province for m in clause.places if m.places]


def _continues(clause: Clause) -> bool:
    norms = set(clause.norms())
    return bool(norms & {"continued", "continues", "continuing", "renewed", "resumed", "again"})


def _can_fly(faction: str | None, means: str | None, lex: Lexicon) -> bool:
    """ "Airstrikes killed 85 civilians as fighting raged between IS and rebels": a side
    with no air force is never the author of an air strike or a barrel bomb, however
    the sentence is built."""
    if faction is None or means not in lex.config["air_only_means"]:
        return True
    record = lex.faction_records.get(faction)
    return record is None or record.bloc in lex.config["ambiguous_bombing"]["by_air"]


def bombing_means(faction: str | None, lex: Lexicon, clause: Clause | None = None) -> str | None:
    """ "Bombed", "bombing": an attacker with an air force bombs from the air; other
    attackers' "bombing" or "bomb" (a noun) is an explosive device ("twin bombings
    hit Qamishli"), their "bombed" (a verb) shelling. With no attacker only the
    noun tells: a device; the verb tells nothing."""
    record = lex.faction_records.get(faction) if faction else None
    air = set(lex.config["ambiguous_bombing"]["by_air"])
    if record and record.bloc in air:
        return "airstrike"
    noun = clause is not None and clause.has(vocab("bombing_nouns"))
    if noun:
        return "ied"
    return "shelling" if record else None


def _claimed_responsibility(cands: list[Candidate], clauses: list[Clause], lex: Lexicon) -> None:
    """ "The Islamic State group claimed responsibility for the bombing": attacks the
    article tells without an attacker were carried out by the claimant (the first
    faction named in the claim's sentence), unless they are its own losses."""
    for clause in clauses:
        if not clause.has(vocab("responsibility_cues")):
            continue
        if not with_factions(clause, lex).factions:
            continue
        if clause.norm_set & {"no", "not", "yet", "none", "nobody", "denied", "deny", "denies"}:
            continue  # "no group has claimed responsibility"
        claimant = clause.factions[0].key
        if claimant == "unidentified":
            continue
        for cand in cands:
            if cand.roles.perpetrator is None and cand.roles.target != claimant:
                cand.roles.perpetrator = claimant
        return


def _resolve_generic_militants(cands: list[Candidate], lex: Lexicon) -> None:
    """ "Attacks by the militants have killed 27 troops" followed by "Daesh said its
    fighters carried out the operation": the claim names the militants."""
    for i, cand in enumerate(cands):
        if cand.roles.perpetrator or "militants" not in cand.clause.norms():
            continue
        follow = [c for c in cands[i + 1 : i + 3] if c.index == cand.index + 1]
        actor = follow and (follow[0].roles.perpetrator or follow[0].roles.claimant)
        if actor and actor != cand.roles.target:
            cand.roles.perpetrator = actor


def _is_period_total(cand: Candidate) -> bool:
    """ "in 48 hours", "since Thursday", "in March": a count over a period, unless the
    clause names a specific place of its own; "84 times": a count of events."""
    if cand.toll.counts_events:
        return True
    specific_place = cand.own_place and getattr(cand.place_entry, "kind", "place") != "governorate"
    if (cand.toll.killed or 0) >= LARGE_TOLL and not specific_place:
        return True
    if cand.clause.has(vocab("period_cues")):
        return True
    if cand.clause.has(vocab("weak_period_cues")):
        return not cand.own_place
    return False


def _compatible(a: Candidate, b: Candidate) -> bool:
    if a.province != b.province or a.aggregate != b.aggregate:
        return False
    if a.means != b.means and "unknown" not in (a.means, b.means) and not _same_family(a, b):
        return False
    for x, y in ((a.roles.perpetrator, b.roles.perpetrator), (a.roles.target, b.roles.target)):
        if x and y and x != y:
            return False
    if a.toll.killed is not None and b.toll.killed is not None and a.toll.killed != b.toll.killed:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if a.own_place and b.own_place and not _same_place(a, b):
        return False
    # two untolled mentions are one only when the second refers back or adds no place
    both_untolled = a.toll.killed is None and b.toll.killed is None
    return not both_untolled or b.anaphoric or not b.own_place or _same_place(a, b)


def _same_family(a: Candidate, b: Candidate) -> bool:
    """ "A bomb blast killed 16" and "a suicide bombing killed 16": means of one family
    (``means_families`` in the lexicon) can tell the same event."""
    families = load_lexicon().config["means_families"]
    return any(a.means in f and b.means in f for f in families)


def _priority(means: str) -> int:
    spec = load_lexicon().config["means"].get(means)
    return spec["priority"] if spec else 0


def _same_place(a: Candidate, b: Candidate) -> bool:
    if a.place_entry is not None and getattr(a.place_entry, "kind", "") == "governorate":
        return True
    if b.place_entry is not None and getattr(b.place_entry, "kind", "") == "governorate":
        return True
    wa = {w for w in re.findall(r"[a-z]+", (a.place or "").lower()) if len(w) > 3}
    wb = {w for w in re.findall(r"[a-z]+", (b.place or "").lower()) if len(w) > 3}
    return bool(
        wa & wb - {"countryside", "province", "city", "southern", "northern", "eastern", "western"}
    )


def merge_restatements(cands: list[Candidate]) -> list[Candidate]:
    """The same attack told twice in one article becomes one incident, keeping the
    most specific place and every stated figure."""
    merged: list[Candidate] = []
    for cand in cands:
        target = next((m for m in reversed(merged) if _compatible(m, cand)), None)
        if target is None:
            merged.append(cand)
            continue
        _absorb(target, cand)
    return merged


def _absorb(keep: Candidate, other: Candidate) -> None:
    if other.own_place and (not keep.own_place or _more_specific(other, keep)):
        keep.place, keep.place_entry, keep.own_place = other.place, other.place_entry, True
    for attr in ("killed", "injured", "civilians", "combatants", "children", "women"):
        if getattr(keep.toll, attr) is None:
            setattr(keep.toll, attr, getattr(other.toll, attr))
    keep.roles.perpetrator = keep.roles.perpetrator or other.roles.perpetrator
    keep.roles.target = keep.roles.target or other.roles.target
    keep.date = keep.date or other.date
    if keep.precision == "unknown":
        keep.precision = other.precision
    keep.attribution = keep.attribution or other.attribution
    if keep.means == "unknown" or (
        _same_family(keep, other) and _priority(other.means) > _priority(keep.means)
    ):
        keep.means = other.means  # "a bomb blast" told as "a suicide bombing" is one
    if other.sentence not in keep.sentence:
        keep.sentence = f"{keep.sentence} {other.sentence}"


def _more_specific(a: Candidate, b: Candidate) -> bool:
    rank = {"governorate": 0, "district": 1, "subdistrict": 2, "place": 3}
    ra = rank.get(getattr(a.place_entry, "kind", ""), 4)
    rb = rank.get(getattr(b.place_entry, "kind", ""), 4)
    return ra > rb


def flag_sums(cands: list[Candidate]) -> set[int]:
    """A toll equal to the sum of two or more other incidents' tolls restates them
    ("seven soldiers killed" = 3 + 4): it is a stated total. Returns the totals found."""
    found: set[int] = set()
    tolls = [(i, c.toll.killed) for i, c in enumerate(cands) if c.toll.killed and not c.aggregate]
    for i, total in tolls:
        whole = cands[i]
        others = [t for j, t in tolls if j != i and t < total and _can_be_part(cands[j], whole)]
        hit = False
        for size in range(2, min(len(others), 4) + 1):
            if any(sum(combo) == total for combo in itertools.combinations(others, size)):
                hit = True
                break
        if hit:
            cands[i].aggregate = True
            found.add(total)
    return found


def flag_restated_totals(cands: list[Candidate], totals: set[int]) -> None:
    """A sum of incidents told again without a place of its own ("At least 42 were
    killed in bomb blasts that hit Tartous, Homs and Hasakeh" ... "a string of bomb
    blasts killed at least 42") is the same total, not one more incident."""
    for cand in cands:
        if not cand.aggregate and not cand.own_place and cand.toll.killed in totals:
            cand.aggregate = True


def _can_be_part(part: Candidate, whole: Candidate) -> bool:
    """A part of a stated total happened on its day: "a Russian air strike killed 38
    on Wednesday" is not the sum of 20 killed on Wednesday and 18 killed in Raqqa
    on Tuesday; and by the whole's side: "regime shelling killed 10" is not the sum of
    7 killed by the regime and 3 killed by rebel rockets."""
    if part.date and whole.date and part.date != whole.date:
        return False
    sides = [_bloc(part.roles.perpetrator), _bloc(whole.roles.perpetrator)]
    return None in sides or sides[0] == sides[1]


def _bloc(faction: str | None) -> str | None:
    """The side a faction fights on, as a total over several attackers names it
    (``sides_in_totals``: "rebels" covers the opposition and HTS), None if unknown."""
    lex = load_lexicon()
    record = lex.faction_records.get(faction or "")
    if record is None or record.bloc == "unknown":
        return None
    return lex.config["sides_in_totals"].get(record.bloc, record.bloc)


def headline_toll(article: Article, lex: Lexicon) -> int | None:
    """The death toll the headline states ("Twin car bombs kill 25 in Homs" -> 25),
    None when it states none or a vague one ("Dozens dead")."""
    if not article.title:
        return None
    toll = read_toll(title_clause_of(article))
    return toll.killed if toll.killed else None


def _headline_incident(counted: list[Candidate], headline: int | None) -> Candidate | None:
    """The incident the headline's toll tells of: its toll, or a part of it the
    headline counts ("kills 11 children" -> "15 civilians, 11 of them children"),
    else the nearest toll within a fifth of it ("more than 50" -> "at least 51")."""
    if headline is None:
        return None
    for cand in counted:
        t = cand.toll
        if headline in (t.killed, t.children, t.civilians, t.women, t.combatants):
            return cand
    gap = {id(c): abs((c.toll.killed or 0) - headline) for c in counted}
    near = [c for c in counted if gap[id(c)] <= 0.2 * headline]
    return min(near, key=lambda c: gap[id(c)]) if near else None


def flag_background_tolls(cands: list[Candidate], headline: int | None = None) -> None:
    """A toll larger than the lead's is background, unless the text dates it and
    places it itself, or itemises it in a stated total.

    The lead is the incident whose toll the headline states ("US-led strike kills
    18 civilians" -> the body's 18), else the first incident with a toll. News
    leads with its event; totals and past attacks come later: in "A bomb killed
    six people in Aleppo on Wednesday. ... At least 327 people have also been
    killed in clashes in the province of Aleppo" the 327 is a running total told
    as context: shown, never the article's news. Kept: "This Tuesday, regime
    forces lost three soldiers in Fleifel" (its own day and village), and "27
    troops ... another eight" when the article states their total (35 = 27 + 8).
    """
    counted = [c for c in cands if c.toll.killed is not None and not c.aggregate]
    by_headline = _headline_incident(counted, headline)
    lead = by_headline or (counted[0] if counted else None)
    if lead is None:
        return
    totals = {c.toll.killed for c in cands if c.aggregate and c.toll.killed}
    tolls = [c.toll.killed for c in counted if c.toll.killed]
    lead_toll = lead.toll.killed or 0
    for cand in counted:
        toll = cand.toll.killed or 0
        if cand is lead or toll <= lead_toll:
            continue
        if by_headline is None and cand.index < lead.index:
            continue
        if by_headline is None and cand.date and cand.date == lead.date:
            continue
        if by_headline is None and cand.precision == "day" and _specific_place(cand):
            continue
        if _itemised(toll, tolls, totals):
            continue
        cand.aggregate = True


def _specific_place(cand: Candidate) -> bool:
    """Named in its own clause, and more precise than a governorate (an unknown
    village counts)."""
    return cand.own_place and getattr(cand.place_entry, "kind", "place") != "governorate"


def _itemised(toll: int, tolls: list[int], totals: set[int]) -> bool:
    """Whether ``toll`` and one to three other tolls sum to a stated total."""
    others = list(tolls)
    others.remove(toll)
    for size in range(1, min(len(others), 3) + 1):
        for combo in itertools.combinations(others, size):
            if toll + sum(combo) in totals:
                return True
    return False


def is_vague(cand: Candidate) -> bool:
    """Nothing to code: no place of its own, no toll, no date."""
    if cand.aggregate:
        return False
    if cand.province is None and cand.toll.killed is None:
        return True
    return (
        not cand.own_place
        and cand.toll.killed is None
        and cand.toll.injured is None
        and cand.date is None
    )


def to_incidents(article: Article, cands: list[Candidate]) -> list[Incident]:
    from generator.extract.places import place_for

    incidents = []
    for n, c in enumerate(cands, start=1):
        event, sub = event_types(c.means, c.roles.target)
        killed = Casualties(
            total=c.toll.killed,
            civilians=c.toll.civilians,
            combatants=c.toll.combatants,
            children=c.toll.children,
            women=c.toll.women,
        )
        incidents.append(
            Incident(
                id=f"{article.id}-{n:02d}",
                article_id=article.id,
                date=c.date,
                date_precision=c.precision if c.date else "unknown",  # type: ignore[arg-type]
                place=place_for(c.place, c.province, c.place_entry),
                event_type=event,
                sub_event_type=sub,
                means=c.means,
                perpetrator=c.roles.perpetrator,
                target=c.roles.target,
                killed=killed,
                injured=Casualties(total=c.toll.injured),
                aggregate=c.aggregate,
                attribution=c.attribution,
                evidence=c.sentence,
            )
        )
    return incidents


def extract_incidents(article: Article, sentences: list[Span]) -> list[Incident]:
    lex = load_lexicon()
    cands = candidates(article, sentences, lex)
    cands = [c for c in cands if not is_vague(c)]
    lex = load_lexicon()
    cands = merge_restatements(cands)
    by_actor = lex.config["default_means_by_perpetrator"]
    for cand in cands:
        if cand.means == "unknown" and cand.roles.perpetrator:
            cand.means = by_actor.get(cand.roles.perpetrator, "unknown")
    for cand in cands:
        if cand.roles.perpetrator and cand.roles.perpetrator == cand.roles.target:
            cand.roles.target = None  # no side attacks itself: one of the two was misread
    flag_restated_totals(cands, flag_sums(cands))
    flag_background_tolls(cands, headline_toll(article, lex))
    cands = [c for c in cands if not is_vague(c)]
    return to_incidents(article, cands)


def _unused(_: Place) -> None:  # keep the import used for type readers
    return None


__all__ = ["extract_incidents", "replace"]
