"""Who says so: ``read_attribution(sentence, claimant)``.

The sources are ``generator/data/vocab/attribution.yaml``: a monitor, an agency,
activists, medics; matched in the incident's sentence. ``ATTRIBUTION_RULES``
read them in order: the source that speaks (it says, reports, or the figure is
"according to" it) before any source merely named, an organisation the list does
not know quoted as the text writes it, and never a word among the victims ("Syrian
army officers were among the dead").
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import or_

from spacy.tokens import Span

from generator.extract.cues import SOURCES, Cue, cues
from generator.extract.rules import first_decision, once_per_span
from generator.extract.tokens import Decided, norms, texts
from generator.extract.vocab import Words
from generator.model import Faction

V = Words("attribution")
"""The one-word lists of ``generator/data/vocab/attribution.yaml``."""
MAX_NAME = 10
"""The longest organisation's name read as written, in tokens."""


def _speaks_after(sentence: Span, end: int) -> bool:
    """A verb of saying within the three tokens after ``end`` ("SOHR said")."""
    ns = norms(sentence.doc)
    return any(ns[i] in V.saying_verbs for i in range(end, min(end + 3, sentence.end)))


def _according_to(sentence: Span, start: int) -> bool:
    """ "according to" (an article between) right before ``start``."""
    ns = norms(sentence.doc)
    lo = sentence.start
    back = [ns[i] for i in range(max(lo, start - 3), start)]
    if back[-1:] == ["the"]:
        back = back[:-1]
    return back[-2:] == ["according", "to"]


def among_victims(sentence: Span, cue: Cue) -> bool:
    """ "Syrian army officers were among the dead", "three rescue workers were killed":
    a source's words naming the victims, not who says so."""
    ns = norms(sentence.doc)
    after = [ns[i] for i in range(cue.end, min(cue.end + 5, sentence.end))]
    before_ = [ns[i] for i in range(max(sentence.start, cue.start - 2), cue.start)]
    victims = after[:1] and after[0] in V.victim_after_source
    counted = any(b.isdecimal() or b in V.victim_counts for b in before_)
    return bool(victims or counted or (len(after) > 1 and after[1] in V.victim_after_source))


def speaking_source(sentence: Span) -> str | None:
    """ "..., the Syrian Observatory for Human Rights said", "according to SANA": the
    known source that speaks, before any other it names."""
    for cue in cues(sentence, SOURCES):
        if _speaks_after(sentence, cue.end) or _according_to(sentence, cue.start):
            return cue.item
    return None


def quoted_as_written(sentence: Span) -> str | None:
    """ "according to the Aleppo Media Center", "the Halab Today network said": an
    organisation the source list does not know, quoted as the text writes it (never
    mapped to a similar known one)."""
    doc = sentence.doc
    ts, ns = texts(doc), norms(doc)
    lo, hi = sentence.start, sentence.end
    for i in _name_starts(ts, ns, lo, hi - 2):
        if ns[i] == "according" and ns[i + 1] == "to":
            j = i + 2 + (ns[i + 2] == "the")
            found = _organisation(ts, ns, j, hi)
            if found is not None:
                return found[0]
        elif (
            ts[i][:1].isupper()
            and ns[i] != "the"
            and (i == lo or not ts[i - 1][:1].isupper() or ns[i - 1] == "the")
        ):
            found = _organisation(ts, ns, i, hi)
            if found is not None and _speaks_after(sentence, found[1]):
                return found[0]
    return None


def _name_starts(ts: list[str], ns: list[str], lo: int, hi: int) -> list[int]:
    """The tokens from ``lo`` to ``hi`` that ``quoted_as_written`` looks at, in order:
    "according" and every word with a capital (the others open no organisation's
    name), found without a Python step per token. Only the sentences it is asked
    about (those of the incidents, under half of a doc's tokens) are looked at: made
    for the whole doc at once, the list cost ~1 % of extraction."""
    if hi <= lo:
        return []
    capital = map(_capitalised.__getitem__, ts[lo:hi])
    according = map(ACCORDING.__eq__, ns[lo:hi])
    return list(compress(range(lo, hi), map(or_, capital, according)))


ACCORDING = "according"


def _starts_with_a_capital(text: str) -> bool:
    return text[:1].isupper()


_capitalised = Decided(_starts_with_a_capital)
"""Each token text's first character a capital, decided once per text (a doc's tokens
are then read without a Python step each)."""


def _organisation(ts: list[str], ns: list[str], j: int, hi: int) -> tuple[str, int] | None:
    """The organisation's name from token ``j`` and its end ("Aleppo Media Center",
    "Halab Today network"): capitalised words (joined by "of", "for") ending on an
    organisation's noun; None unless it has at least two words."""
    words: list[str] = []
    k = j
    while k < hi and len(words) < MAX_NAME:
        capital = ts[k][:1].isupper()
        joiner = bool(words) and ns[k] in V.name_joiners and k + 1 < hi and ts[k + 1][:1].isupper()
        if not (capital or joiner):
            break
        words.append(ts[k])
        k += 1
    if words and k < hi and ns[k] in V.organisation_nouns:
        words.append(ts[k])
        k += 1
    if len(words) >= 2 and words[-1].lower() in V.organisation_nouns:
        return " ".join(words), k
    return None


def first_source(sentence: Span) -> str | None:
    """ "..., the Syrian Observatory for Human Rights said" -> the Observatory; the
    first source the sentence names, never one among the victims."""
    for cue in cues(sentence, SOURCES):
        if not among_victims(sentence, cue):
            return cue.item
    return None


ATTRIBUTION_RULES: tuple[Callable[[Span], str | None], ...] = (
    speaking_source,
    quoted_as_written,
    first_source,
)
"""Who says so: the first rule that reads a source. The one who speaks outranks one
merely named."""


@once_per_span
def source_of(sentence: Span) -> tuple[str, str] | None:
    """The source the sentence names and the rule that read it (``ATTRIBUTION_RULES``),
    read once per sentence (each of its clauses asks)."""
    return first_decision(ATTRIBUTION_RULES, sentence)


def read_attribution(sentence: Span, claimant: Faction | None) -> tuple[str | None, str]:
    """The source the sentence names, else the faction that claims the incident
    ("HTS said its fighters killed 20 soldiers" -> HTS); and the rule that read it."""
    decided = source_of(sentence)
    if decided is not None:
        return decided
    if claimant is not None:
        return claimant.name, "claimant"
    return None, ""
