"""From an article's clauses to its incidents, as the ``sitrep_incidents`` component.

1. Each clause that names violence and is not background is read into a
   candidate (``candidates.read_candidates``; the clauses are
   ``doc.spans["clauses"]``).
2. ``ARTICLE_STEPS`` complete, merge and flag the candidates, in this order (the
   order is the meaning: an incident takes what the article says around it,
   its day included, before it is merged with its restatements, and totals are
   flagged last, over the merged incidents).
3. Candidates still too vague to code (no place, no toll, no date) are dropped,
   and the rest become ``Incident``s: ``doc._.incidents``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from generator.extract.candidates import Candidate, Setting, is_vague, read_candidates
from generator.extract.gazetteer import load_factions
from generator.extract.rules import context, dates, merge, segments, totals
from generator.extract.rules.casualties import hedged, read_toll
from generator.extract.rules.places import place_for
from generator.extract.rules.roles import perpetrator_basis
from generator.knowledge.means import event_types
from generator.model import Casualties, Faction, Incident

for _name, _default in (("incidents", ()), ("error", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

EXTRACTION_FAILED = "extraction failed (please report)"

Step = Callable[[list[Candidate], Setting], list[Candidate]]


def drop_vague(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Clashes continued in the area": candidates with nothing to code
    (``candidates.is_vague``) are no incidents."""
    return [c for c in cands if not is_vague(c)]


def drop_lone_references(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "There was no comment from the regime in the aftermath of the attack", "The
    assault against IS in Manbij has put it under pressure": a clause that only speaks
    of an attack (``candidates.mentions_the_attack``) or refers back to one
    (``candidates.refers_back``), with no toll of its own, joined no incident told
    before it (``merge.merge_restatements``): it tells of none the article codes."""
    return [
        c
        for c in cands
        if not ((c.mention or c.anaphoric) and c.toll.killed is None and c.toll.injured is None)
    ]


def stated_totals(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "At least seven soldiers were killed in Idlib. A mine killed three ... Four
    soldiers were killed in clashes": sums of other incidents, and the same sums told
    again, are stated totals."""
    cands, found = totals.sums_of_others(cands, setting.factions)
    over = {c.toll.killed for c in cands if c.toll.killed and TOLD_OVER in c.why.killed}
    return totals.restated_total(cands, found | over)


TOLD_OVER = "told_over_governorates"


def headline_toll(setting: Setting) -> int | None:
    """The death toll the headline states ("Twin car bombs kill 25 in Homs" -> 25), None
    when it states none or a vague one ("Dozens dead")."""
    if setting.title is None:
        return None
    return read_toll(setting.title).killed or None


def told_over_governorates(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Terrorist attacks kill a woman, injure 9 in Hasaka and Aleppo" before the attack
    in Aleppo that killed her: a stated total over the attacks told after it, flagged
    before restatements are merged (``totals.told_over_governorates``)."""
    return totals.told_over_governorates(cands, setting.factions)


def background_tolls(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "A bomb killed six people in Aleppo on Wednesday. At least 327 people have also
    been killed in clashes": tolls larger than the lead's, undated and unplaced, are
    background totals."""
    return totals.background_tolls(cands, headline_toll(setting))


ARTICLE_STEPS: tuple[Step, ...] = (
    segments.one_per_governorate,
    context.place_in_article,
    context.militants_named_by_claim,
    context.claimed_responsibility,
    context.fill_from_context,
    context.written_convention,
    drop_vague,
    dates.statement_day_of_the_story,
    dates.date_told_with_the_toll,
    dates.window_on_the_day_of_writing,
    dates.date_of_the_story,
    dates.statement_day_of_an_undated_story,
    dates.weekday_of_the_story,
    merge.parts_of_a_total,
    told_over_governorates,
    merge.merge_restatements,
    drop_lone_references,
    context.means_of_the_attacker,
    context.no_side_attacks_itself,
    stated_totals,
    background_tolls,
    drop_vague,
)
"""The article-level rules, in order (see the module's docstring)."""


def to_incident(article_id: str, n: int, c: Candidate) -> Incident:
    event, sub = event_types(c.means, c.target)
    t = c.toll
    return Incident(
        id=f"{article_id}-{n:02d}",
        article_id=article_id,
        date=c.day,
        date_precision=(c.precision if c.date else "day") if c.day else "unknown",  # type: ignore[arg-type]
        place=place_for(c.place, c.province, c.place_entry),
        event_type=event,
        sub_event_type=sub,
        means=c.means,
        perpetrator=c.perpetrator,
        target=c.target,
        killed=t.dead,
        injured=Casualties(total=t.injured),
        aggregate=c.aggregate,
        attribution=c.attribution,
        evidence=c.sentence,
        why=c.why,
        perpetrator_basis=perpetrator_basis(c.perpetrator, c.why.perpetrator),
        uncertain=hedged(c.clause),
        weekday=c.weekday if c.day is None else None,
    )


def read_incidents(doc: Doc, factions: dict[str, Faction]) -> tuple[Incident, ...]:
    """The incidents of an article's doc (see the module's docstring)."""
    cands, setting = read_candidates(doc, factions)
    for step in ARTICLE_STEPS:
        cands = step(cands, setting)
    article_id = doc._.article_id  # read once: each ``doc._`` read makes an Underscore
    return tuple(to_incident(article_id, n, c) for n, c in enumerate(cands, start=1))


@Language.factory("sitrep_incidents")
def make_incidents(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The incidents component: ``doc._.incidents``. An article the rules cannot read
    must not stop a run of thousands: it keeps no incidents, and ``doc._.error``
    says why (the Build report shows it)."""
    read = partial(read_incidents, factions=load_factions())

    def incidents(doc: Doc) -> Doc:
        try:
            doc._.incidents = read(doc)
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            doc._.error = f"{EXTRACTION_FAILED}: {type(exc).__name__}: {exc}"[:300]
        return doc

    return incidents
