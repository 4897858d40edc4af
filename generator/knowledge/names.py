"""Names reduced to plain words, so two spellings of one name compare equal.

"the Syrian Observatory for Human Rights", "Syrian Observatory for Human
Rights" and "SYRIAN OBSERVATORY FOR HUMAN RIGHTS" are one name; "Ma'arrat",
"Maarrat" and "Ma’arrat" are one word. Case, accents, apostrophes, other
punctuation and a leading English article are what outlets and analysts write
differently; the words themselves are never guessed at: a name that is not
equal word for word is another name (see :mod:`generator.events.sources`,
which must never take an unknown organisation for a similar known one).
Place names go further (transliteration skeletons): :mod:`.placenames`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key", "name_words"]

_APOSTROPHES = re.compile(r"[\u2018\u2019'`\u02bc\u02bf\u02be]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def name_words(name: str) -> list[str]:
    """Lower-case ASCII words: accents folded, apostrophes dropped, any other
    punctuation a space ("Ma'arrat al-Nu'man" -> ["maarrat", "al", "numan"])."""
    if name.isascii():  # no accent to fold (most names, every English sentence): no per-letter pass
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _APOSTROPHES.sub("", s)
    return _NOT_WORD.sub(" ", s).split()


def name_key(name: str | None) -> str | None:
    """A name as one comparable string, a leading "the" dropped; None when no word is
    left ("The Syrian Observatory" -> "syrian observatory")."""
    if not name:
        return None
    words = name_words(name)
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words) or None
