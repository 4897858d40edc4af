"""The extractor's word lists read without the extractor: the files of
``generator/data/vocab/``, their verbs inflected and their nouns with plurals.

The reader of :mod:`generator.extract.vocab` (whose module docstring describes the
files), apart from it because importing anything under ``generator.extract`` imports
spaCy (the package's ``__init__``): the methodology page shows these lists on every
build, and a build whose articles all come from the cache imports no spaCy
(``tests/test_pipeline.py``). :mod:`generator.extract.vocab` re-exports all of it and
adds the NORM-folded sets the rules test tokens against.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "FORMS",
    "LIST_KEYS",
    "PLURAL",
    "SAFE_LOADER",
    "entries",
    "expand",
    "inflect",
    "table",
    "vocab_file",
]

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


def table(name: str, key: str) -> Any:
    """A value of a vocabulary file that is no word list (a mapping, a number)."""
    return vocab_file(name)[key]
