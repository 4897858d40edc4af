"""The extractor's vocabularies: word lists read from ``generator/data/vocab/``.

Each file is named after the module of rules that reads it (``means.yaml`` is
read by ``rules/means.py``), each list after the rule or the cue it serves; a
comment above each list says which rule reads it. The methodology page renders
its word lists from the same files.

A list is either words and phrases as written, or a mapping::

    killed_words:
      verbs: [kill, die, {execute: [ed]}]  # each with its forms (inflect), or the
      forms: [base, s, ed, ing]            #   forms given beside it; which forms
                                           #   (all four when left out)
      nouns: [death, barrel bomb]          # each with its plural
      words: [dead, lost their lives]      # as written

so that no inflection is typed by hand: the forms come from ``inflect``, with
the irregular ones in ``inflections.yaml``. The same keys give the words of a
record that names something (a means, a source): ``expand``.
"""

from __future__ import annotations

import re
from functools import cache

from generator.extract.norm import fold
from generator.knowledge.wordlists import (  # noqa: F401  (re-exported)
    FORMS,
    LIST_KEYS,
    PLURAL,
    SAFE_LOADER,
    entries,
    expand,
    inflect,
    table,
    vocab_file,
)


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The one-word entries of a list, as NORMs (for a test on a token's NORM)."""
    return frozenset(fold(w) for w in entries(name, key) if ONE_WORD.fullmatch(w))


ONE_WORD = re.compile(r"[^\s\-\u2010-\u2014]+")
"""No space and no hyphen: one token ("barrel-bomb" is three)."""


class Words:
    """The one-word lists of a vocabulary file, as attributes: ``Words("roles").passive``
    is ``words("roles", "passive")``, read on first use, then a plain attribute (rules
    ask for these sets hundreds of thousands of times)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}

    def union(self, *keys: str) -> frozenset[str]:
        """The words of several lists together (made once)."""
        found = self._unions.get(keys)
        if found is None:
            found = self._unions[keys] = frozenset().union(*(getattr(self, k) for k in keys))
        return found

    def __getattr__(self, key: str) -> frozenset[str]:
        if key.startswith("_"):
            raise AttributeError(key)
        value = words(self._name, key)
        setattr(self, key, value)
        return value
