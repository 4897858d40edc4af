"""The rules that read an incident from a clause (a ``Span`` of ``doc.spans["clauses"]``).

One module per question, each reading its own vocabulary file
(``generator/data/vocab/<module>.yaml``):

- ``casualties``: how many were killed and injured, and who they were;
- ``means``: by what means;
- ``roles``: who killed whom (``ROLE_RULES``, in order);
- ``places``: where;
- ``dates``: when;
- ``attribution``: who says so;
- ``context``: what a clause takes from the article around it;
- ``totals``: which figures are stated totals, never summed;
- ``merge``: which incidents of one article tell the same attack.

Each rule is a small function with an example sentence in its docstring and a
one-sentence test in ``tests/test_extract_rules.py``. A reading records the
names of the rules that decided it (``why``), which ``sitrep extract --json``
writes beside each incident.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc, Span

from generator.extract.tokens import memo
from generator.frozen import quick_init

__all__ = ["first_decision", "once_per_span", "quick_init", "WHY_LABELS"]

T = TypeVar("T")

WHY_LABELS: dict[str, str] = {
    "largest": "casualties.conjoined: of counts of the dead not joined in one phrase, "
    'the largest stands ("5 were killed ... 12 were killed" -> 12)',
    "gazetteer": "places.read_places: a place of the gazetteer named in the clause",
    "unknown_village": "places.read_places: a village the gazetteer does not know "
    '("the village of Tal Hamis")',
    "governorate_around": "candidates: an unplaced incident in the governorate its clause "
    "or sentence names, else the one named last before it",
    "claimant_is_perpetrator": 'candidates: "HTS said 20 soldiers were killed": the '
    "claimant of the enemy's losses is their attacker",
    "joined_agent": 'roles.read_roles: "rebels from HTS and the NLF bombed": a name '
    'joined by "and" to the attacker attacked too',
    "side_of_clash": 'roles.read_roles: "clashes between HTS and regime forces": the '
    "sides of a battle are its perpetrator and target",
    "means_of_neighbour": "context.means_from_context: no means named; the means of the "
    "sentence next to it",
    "means_of_headline": "context.means_from_context: no means named; the headline's",
    "cannot_fly": "context.attacker_from_context: an attacker without an air force read "
    "for an air strike is a misreading, dropped",
    "attacker_of_headline": "context.attacker_from_context: no attacker named; the headline's",
    "attacker_of_neighbour": "context.attacker_from_context: no attacker named; that of "
    "the sentence next to it (same means, victims and governorate)",
    "background_toll": "incidents.background_tolls: a toll larger than the lead's, "
    "undated and unplaced, is a background total",
    "restatement": "merge.absorbed: the same attack told again in the article gave the field",
}
"""The ``why`` of an incident names the rules that decided each field: a function of
``generator.extract`` or ``generator.extract.rules`` (its docstring explains it), or
one of these decisions taken inside a larger step."""


def first_decision(rules: Sequence[Callable[..., T | None]], *args: object) -> tuple[T, str] | None:
    """The first rule of an ordered list that decides (returns other than None):
    (its decision, its name), or None when none does. Rules of one argument (a
    faction's role, a count's, a sentence's source) are called with it directly:
    ``rule(*args)`` unpacks a tuple at each of the ~550,000 rule calls of the bench's
    2,000 distinct texts, which cost about 0.05 µs a call more (``timeit``)."""
    if len(args) == 1:
        (arg,) = args
        for rule in rules:
            decision = rule(arg)
            if decision is not None:
                return decision, rule.__name__
        return None
    for rule in rules:
        decision = rule(*args)
        if decision is not None:
            return decision, rule.__name__
    return None


def _no_readings(doc: Doc) -> dict[tuple[int, int], object]:
    return {}


def once_per_span(read: Callable[[Span], T]) -> Callable[[Span], T]:
    """``read(span)``, made once per stretch of text of a doc and kept: a clause is read
    again as its sentence (a sentence of one clause), by the context rules and by the
    article-level steps. ``read`` must look at nothing but the span's tokens, and
    what it returns is frozen (it is shared by every caller)."""
    key = f"sitrep.{read.__module__}.{read.__name__}"

    @wraps(read)
    def once(span: Span) -> T:
        known = memo(span.doc, key, _no_readings)
        at = (span.start, span.end)
        found = known.get(at)
        if found is None:
            found = known[at] = read(span)
        return found  # type: ignore[return-value]

    return once
