"""How the ids of the data read on the pages: blocs, means and event types, each
worded here once.

A label is for a reader; the ids (:data:`generator.model.BLOCS`, ``MEANS``) are what
the data and the JSON hold. Governorate and faction names are data
(:func:`generator.knowledge.governorates.names`,
:func:`generator.knowledge.factions.faction_name`).
"""

from __future__ import annotations

from generator.safety.escape import md_inline

BLOC_LABELS: dict[str, str] = {
    "syrian-government-and-allies": "Syrian government and allies",
    "opposition": "Opposition",
    "hts-nusra": "HTS / al-Nusra",
    "islamic-state": "Islamic State",
    "kurdish-led": "Kurdish-led forces",
    "turkey": "Turkey",
    "international-coalition": "International coalition",
    "israel": "Israel",
    # the bloc of unidentified attackers, and where events are counted by bloc (the
    # chart by month), the events whose perpetrator the text does not state
    "unknown": "Unknown or not stated",
}
"""Every bloc of :data:`generator.model.BLOCS`, in one wording wherever it is shown
(the chart by month, the methodology page)."""


def bloc_name(bloc: str) -> str:
    """A bloc's name; a bloc not in ``BLOCS`` (a data error the tests catch) by its id."""
    return BLOC_LABELS.get(bloc, bloc)


MEANS_LABELS: dict[str, str] = {
    "airstrike": "Airstrike",
    "drone-strike": "Drone strike",
    "shelling": "Shelling, rockets, missiles",
    "barrel-bomb": "Barrel bomb",
    "chemical": "Chemical weapons",
    "car-bomb": "Car bomb",
    "suicide-bombing": "Suicide bombing",
    "ied": "IED or mine",
    "gunfire": "Gunfire",
    "execution": "Execution",
    "other": "Other",
    "unknown": "Unknown",
}
"""Every means of :data:`generator.model.MEANS`, as the chart by means names it."""

_SPELLED_OUT = {m: MEANS_LABELS[m] for m in ("ied", "drone-strike", "car-bomb")}
"""Ids :func:`humanize` cannot word from their letters (an acronym, a hyphen that is
a space); the tables say them as the chart does."""

EVENT_TYPE_LABELS = {
    "battle": "Battles",
    "explosions-remote-violence": "Explosions/Remote violence",
    "violence-against-civilians": "Violence against civilians",
    "armed-clash": "Armed clash",
    "air-drone-strike": "Air/drone strike",
    "shelling-artillery-missile-attack": "Shelling/artillery/missile attack",
    "remote-explosive-landmine-ied": "Remote explosive/landmine/IED",
    "suicide-bomb": "Suicide bomb",
    "chemical-weapon": "Chemical weapon",
    "attack": "Attack",
}
"""ACLED's own names of its event and sub-event types, for the methodology page's
table of means (the incident tables use :func:`humanize`)."""


def event_type_name(value: str) -> str:
    return EVENT_TYPE_LABELS.get(value, value.replace("-", " ").capitalize())


def humanize(value: str | None) -> str:
    """'explosions-remote-violence' -> 'Explosions remote violence'. Escaped for
    Markdown like article text: the ids it is given are vocabulary (checked when read
    back from the cache), but a label is no place to trust that."""
    if not value:
        return "–"
    if value in _SPELLED_OUT:
        return _SPELLED_OUT[value]
    words = value.replace("-", " ").replace("_", " ")
    return md_inline(words[:1].upper() + words[1:])
