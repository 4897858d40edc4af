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
from typing import TypeVar

T = TypeVar("T")


def first_decision(rules: Sequence[Callable[..., T | None]], *args: object) -> tuple[T, str] | None:
    """The first rule of an ordered list that decides (returns other than None):
    (its decision, its name), or None when none does."""
    for rule in rules:
        decision = rule(*args)
        if decision is not None:
            return decision, rule.__name__
    return None
