"""Who says so: ``read_attribution(sentence, claimant)``.

The sources are ``generator/data/vocab/attribution.yaml``: a monitor, an agency,
activists, medics; matched in the incident's sentence.
"""

from __future__ import annotations

from spacy.tokens import Span

from generator.extract.cues import SOURCES, cues
from generator.model import Faction


def first_source(sentence: Span) -> str | None:
    """ "..., the Syrian Observatory for Human Rights said" -> the Observatory; the
    first source the sentence names."""
    found = cues(sentence, SOURCES)
    return found[0].item if found else None


def read_attribution(sentence: Span, claimant: Faction | None) -> tuple[str | None, str]:
    """The source the sentence names, else the faction that claims the incident
    ("HTS said its fighters killed 20 soldiers" -> HTS); and the rule that read it."""
    source = first_source(sentence)
    if source is not None:
        return source, "first_source"
    if claimant is not None:
        return claimant.name, "claimant"
    return None, ""
