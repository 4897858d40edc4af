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
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml

from generator.extract.norm import fold

FORMS = ("base", "s", "ed", "ing")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it (ten times faster), else PyYAML's own."""


@cache
def vocab_file(name: str) -> dict[str, Any]:
    """The parsed ``generator/data/vocab/<name>.yaml``."""
    text = resources.files("generator.data").joinpath(f"vocab/{name}.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"vocab/{name}.yaml: expected a mapping of word lists")
    return data


@cache
def _irregular() -> dict[str, dict[str, list[str]]]:
    return vocab_file("inflections")


def inflect(verb: str, forms: Iterable[str] = FORMS) -> list[str]:
    """The forms of a verb: "kill" -> kill, kills, killed, killing; "die" -> dies,
    died, dying; "strike" -> struck (``inflections.yaml``)."""
    irregular = _irregular().get(verb, {})
    out: list[str] = []
    for form in forms:
        if form == "base":
            out.append(verb)
        elif form in irregular:
            out.extend(irregular[form])
        elif form in ENDINGS:
            out.append(_regular(verb, form))
        else:
            raise ValueError(f"unknown verb form {form!r} (one of {', '.join(FORMS)})")
    return out


CONSONANT_Y = tuple(c + "y" for c in "bcdfghjklmnpqrstvwxz")
ENDINGS: dict[str, tuple[tuple[tuple[str, ...], int, str], ...]] = {
    "s": ((("s", "x", "z", "ch", "sh"), 0, "es"), (CONSONANT_Y, 1, "ies"), ((), 0, "s")),
    "ed": ((("e",), 0, "d"), (CONSONANT_Y, 1, "ied"), ((), 0, "ed")),
    "ing": (
        (("ie",), 2, "ying"),
        (("ee", "ye", "oe"), 0, "ing"),
        (("e",), 1, "ing"),
        ((), 0, "ing"),
    ),
}
"""The regular forms: for each, (the verb ends with one of these, letters dropped,
ending added), the first that applies: "attacks", "carries", "fixes"; "shelled",
"targeted", "fired"; "killing", "dying", "firing", "fleeing"."""


def _regular(verb: str, form: str) -> str:
    for ends, drop, add in ENDINGS[form]:
        if not ends or verb.endswith(ends):
            return verb[: len(verb) - drop] + add
    raise AssertionError("the last rule of each form applies to any verb")


@cache
def entries(name: str, key: str) -> tuple[str, ...]:
    """A list's words and phrases as the text writes them, verbs with their forms,
    in the order of the file (the methodology page shows them so)."""
    return expand(f"vocab/{name}.yaml: {key}", vocab_file(name)[key])


LIST_KEYS = frozenset({"verbs", "forms", "nouns", "words"})
"""The keys of a word list written as a mapping (see the module's docstring)."""
PLURAL = ("base", "s")


def expand(where: str, value: Any) -> tuple[str, ...]:
    """The words and phrases of a list, or of a mapping with ``verbs``, ``nouns``
    and ``words`` (other keys of a record are left to its reader): the verbs with
    their forms, the nouns with their plurals ("barrel bomb" -> "barrel bombs"),
    then the words as written; ``where`` names it in an error."""
    if isinstance(value, list):
        return tuple(_word(where, v) for v in value)
    if not isinstance(value, dict):
        raise ValueError(f"{where} is neither a list nor verbs, nouns and words")
    forms = value.get("forms", FORMS)
    out = []
    for verb in value.get("verbs", []):
        if isinstance(verb, dict):  # {execute: [ed]}: only these forms
            for base, own in verb.items():
                out.extend(inflect(str(base), own))
        else:
            out.extend(inflect(str(verb), forms))
    for noun in value.get("nouns", []):
        out.extend(inflect(_word(where, noun), PLURAL))
    out.extend(_word(where, w) for w in value.get("words", []))
    return tuple(dict.fromkeys(out))


def _word(where: str, value: Any) -> str:
    """An entry as written; YAML reads a bare on, no, yes, off as true or false."""
    if isinstance(value, bool):
        raise ValueError(f"{where} has {value!r}: quote the word ('on', 'no')")
    return str(value)


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The one-word entries of a list, as NORMs (for a test on a token's NORM)."""
    return frozenset(fold(w) for w in entries(name, key) if ONE_WORD.fullmatch(w))


ONE_WORD = re.compile(r"[^\s\-\u2010-\u2014]+")
"""No space and no hyphen: one token ("barrel-bomb" is three)."""


def table(name: str, key: str) -> Any:
    """A value of a vocabulary file that is no word list (a mapping, a number)."""
    return vocab_file(name)[key]


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
