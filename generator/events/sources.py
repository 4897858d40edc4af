"""Whose figure it is, and how far an event can be trusted: sources and grades.

Every report has a *source*: who the figure comes from. It is the report's
attribution when the text names one ("..., the Syrian Observatory said"); else
the outlet, when the outlet belongs to a state or an armed group that takes part
in the war (what SANA prints without attribution is SANA's figure); else the
report is *unnamed*. Each source is of one kind (:data:`KINDS`), looked up in
``generator/data/sources.yaml`` and, for a party claiming a strike or its
losses, in the factions (``generator/data/factions.jsonl``). Names are compared
as plain words (:func:`generator.knowledge.names.name_key`) and whole: an
organisation the lists do not hold is ``other``, never a similar one that they do.

Every event then gets a grade, in the manner of Airwars' (:data:`GRADES`):

- **contested** — its reports blame attackers of different blocs (each named in
  the sentence it was read from: an attacker filled in by a written convention
  blames no one), or two reports from different sources, published at most
  :data:`SAME_TIME_DAYS` apart, give death tolls that are not close (the higher
  more than ``1.5 × the lower + 2``: the merge's own :data:`TOLLS_CLOSE`). Tolls
  further apart in time are revisions, shown as the event's range;
- **confirmed** — else, when two or more different independent sources (a
  monitor, a local activist or witness) report it;
- **claim only** — else, when every report comes from a party to the fighting
  or a state's or party's media;
- **single source** — everything else: one independent source, or only
  unnamed or unclassified ones.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from generator.events.merge import Event
from generator.events.rules import TOLLS_CLOSE, tolls_close
from generator.knowledge.names import name_key, name_words
from generator.model import Article, CodedArticle, Faction, Incident

__all__ = [
    "CLAIMS",
    "GRADES",
    "GRADE_LABELS",
    "INDEPENDENT",
    "KINDS",
    "SAME_TIME_DAYS",
    "TOLLS_CLOSE",
    "Grading",
    "Source",
    "Sources",
    "attacker_named",
    "classify",
    "grade_event",
    "grade_events",
    "known_sources",
]

SourceKind = Literal["monitor", "state-media", "party", "local", "unnamed", "other"]

#: Each kind of source and how the site names it.
KINDS: dict[str, str] = {
    "monitor": "independent monitor",
    "state-media": "state or party media",
    "party": "party to the fighting",
    "local": "local activist or witness",
    "unnamed": "unnamed",
    "other": "other / unclassified",
}
#: Kinds whose reports confirm an event when two different ones agree.
INDEPENDENT = frozenset({"monitor", "local"})
#: Kinds that speak for a side: an event only they report is a claim.
CLAIMS = frozenset({"party", "state-media"})
#: The kinds a data file may give a name ("unnamed" and "other" are what is left).
LISTED_KINDS = ("monitor", "state-media", "party", "local")

Grade = Literal["confirmed", "single-source", "contested", "claim-only"]
#: The grades, most trusted first, and how the site names them.
GRADE_LABELS: dict[str, str] = {
    "confirmed": "confirmed",
    "single-source": "single source",
    "contested": "contested",
    "claim-only": "claim only",
}
GRADES: tuple[str, ...] = tuple(GRADE_LABELS)

#: Two reports published at most this many days apart that give tolls that are not
#: close disagree (contested); further apart, the later is taken for a revision.
SAME_TIME_DAYS = 1


@dataclass(frozen=True, slots=True)
class Source:
    """Who a report's figure comes from."""

    kind: str
    """One of :data:`KINDS`."""
    name: str | None
    """The source's name as listed (the canonical one, whatever alias the text used),
    the outlet for an unnamed report, or None when not even the outlet is known."""

    @property
    def label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: str


@cache
def known_sources() -> dict[str, _Entry]:
    """Name key -> the listed source (``generator/data/sources.yaml``), every alias
    included. A key listed twice is an error of the data file (tested)."""
    text = resources.files("generator.data").joinpath("sources.yaml").read_text("utf-8")
    out: dict[str, _Entry] = {}
    for item in yaml.safe_load(text)["sources"]:
        entry = _Entry(str(item["name"]), str(item["kind"]))
        for spelling in (item["name"], *(item.get("aliases") or ())):
            key = name_key(str(spelling))
            if key is not None:
                out.setdefault(key, entry)
    return out


class Sources:
    """Classifies reports' sources against the listed sources and ``factions`` (built
    once per run: the factions' names and aliases are keyed once)."""

    def __init__(self, factions: Mapping[str, Faction]) -> None:
        self.listed = known_sources()
        self._known: dict[tuple[str | None, str | None], Source] = {}
        self.factions: dict[str, str] = {}
        for faction in factions.values():
            for spelling in (faction.name, *faction.aliases):
                key = name_key(spelling)
                if key is not None:
                    self.factions.setdefault(key, faction.name)

    def classify(self, attribution: str | None, outlet: str | None) -> Source:
        """See :func:`classify`."""
        key = name_key(attribution)
        if key is not None:
            entry = self.listed.get(key)
            if entry is not None:
                return Source(entry.kind, entry.name)
            faction = self.factions.get(key)
            if faction is not None:
                return Source("party", faction)
            return Source("other", " ".join(str(attribution).split()))
        outlet_key = name_key(outlet)
        entry = self.listed.get(outlet_key) if outlet_key else None
        if entry is not None and entry.kind in CLAIMS:
            return Source(entry.kind, entry.name)
        return Source("unnamed", " ".join(outlet.split()) if outlet and outlet_key else None)

    def of(self, incident: Incident, article: Article) -> Source:
        """The source of one report (an incident read from ``article``): one shared
        ``Source`` per attribution and outlet (a report holds its source until the
        pages are written, and a few dozen sources speak for 100,000s of reports)."""
        said = (incident.attribution, article.source)
        source = self._known.get(said)
        if source is None:
            source = self._known[said] = self.classify(*said)
        return source


def classify(
    attribution: str | None, outlet: str | None, factions: Mapping[str, Faction]
) -> Source:
    """A report's source from its attribution and its article's outlet (see the module
    docstring): "SOHR" -> monitor "Syrian Observatory for Human Rights";
    (None, "SANA") -> state media "SANA"; (None, "Reuters") -> unnamed "Reuters";
    "Syrian Human Rights Committee" -> monitor; "Syrian Human Rights Group" -> other."""
    return Sources(factions).classify(attribution, outlet)


# ----------------------------------------------------------------------------- blame


@cache
def _names_padded(faction: Faction) -> tuple[str, ...]:
    """The faction's name and aliases as their words, each with a space either side
    (see :func:`_padded`); made once per faction, not once per incident (grading
    5,000 articles' events spent most of its time making them again)."""
    names = (" ".join(name_words(s)) for s in (faction.name, *faction.aliases))
    return tuple(f" {n} " for n in names if n)


def _padded(words: list[str]) -> str:
    """Words joined with a space either side: a phrase's padded words are in a text's
    padded words exactly when the phrase is whole words of the text in a row (a word
    holds no space and is never empty)."""
    return " " + " ".join(words) + " "


def attacker_named(incident: Incident, factions: Mapping[str, Faction]) -> bool:
    """Whether the sentence an incident was read from names its attacker (the
    faction's name or one of its aliases, as whole words). False when the attacker
    came from elsewhere: a written convention (barrel bombs are the government's),
    the headline, a neighbouring sentence. "Regime warplanes struck Saraqib" names
    ``syrian-government``; "Barrel bombs fell on Saraqib" does not."""
    faction = factions.get(incident.perpetrator or "")
    if faction is None:
        return False
    text = _padded(name_words(incident.evidence))
    return any(name in text for name in _names_padded(faction))


# ----------------------------------------------------------------------------- grades


@dataclass(frozen=True)
class Grading:
    """An event's grade, the distinct sources behind it and why."""

    grade: str
    """One of :data:`GRADES`."""
    sources: tuple[Source, ...]
    """Each source once, in report order."""
    why: str
    """One sentence for a reader: what decided the grade."""

    @property
    def label(self) -> str:
        return GRADE_LABELS[self.grade]


def _blamed(
    reports: Iterable[tuple[Incident, Article, Source]],
    factions: Mapping[str, Faction],
    analyst_set: Collection[str],
) -> dict[str, str]:
    """Bloc -> the first attacker blamed in a report, for attackers named in the
    text (or set by an analyst); the unknown bloc blames no one."""
    out: dict[str, str] = {}
    for inc, _article, _source in reports:
        faction = factions.get(inc.perpetrator or "")
        if faction is None or faction.bloc == "unknown":
            continue
        if inc.id in analyst_set or attacker_named(inc, factions):
            out.setdefault(faction.bloc, faction.name)
    return out


def _toll_dispute(reports: list[tuple[Incident, Article, Source]]) -> str | None:
    """The first pair of reports from different sources, published at most
    :data:`SAME_TIME_DAYS` apart (or either undated), whose tolls are not close."""
    for i, (a, a_art, a_src) in enumerate(reports):
        for b, b_art, b_src in reports[i + 1 :]:
            if a_src == b_src:
                continue
            ta, tb = a.killed.best_total, b.killed.best_total
            if ta is None or tb is None or tolls_close(ta, tb):
                continue
            pa, pb = a_art.published, b_art.published
            if pa is not None and pb is not None and abs((pa - pb).days) > SAME_TIME_DAYS:
                continue
            return f"{_said(a_src)} gives {ta} killed, {_said(b_src)} {tb}"
    return None


def _said(source: Source) -> str:
    if source.kind == "unnamed":
        return f"{source.name} (no source named)" if source.name else "a report naming no source"
    return str(source.name)


def grade_event(
    event: Event,
    articles: Mapping[str, Article],
    factions: Mapping[str, Faction],
    analyst_set: Collection[str] = (),
    classifier: Sources | None = None,
) -> Grading:
    """The grade of one event (see the module docstring). ``articles``: article id ->
    Article, for each report's outlet and publication date; ``analyst_set``: ids of
    incidents whose attacker an analyst set (they blame whoever they name)."""
    sources_of = classifier or Sources(factions)
    reports = [
        (inc, articles[inc.article_id], sources_of.of(inc, articles[inc.article_id]))
        for inc in event.incidents
    ]
    sources = tuple(dict.fromkeys(src for _, _, src in reports))
    blamed = _blamed(reports, factions, analyst_set)
    if len(blamed) > 1:
        sides = " and ".join(sorted(blamed.values()))
        return Grading("contested", sources, "reports blame " + sides)
    dispute = _toll_dispute(reports)
    if dispute is not None:
        return Grading("contested", sources, "the sources disagree: " + dispute)
    independent = [s for s in sources if s.kind in INDEPENDENT]
    if len(independent) >= 2:
        names = ", ".join(str(s.name) for s in independent)
        return Grading("confirmed", sources, f"{len(independent)} independent sources: {names}")
    if all(s.kind in CLAIMS for s in sources):
        names = ", ".join(str(s.name) for s in sources)
        return Grading("claim-only", sources, f"only a party or its media: {names}")
    if independent:
        return Grading("single-source", sources, f"one independent source: {independent[0].name}")
    return Grading("single-source", sources, "no independent source named")


def grade_events(
    events: Iterable[Event],
    coded: Iterable[CodedArticle],
    factions: Mapping[str, Faction],
    analyst_set: Collection[str] = (),
) -> dict[str, Grading]:
    """Event id -> its grading, for every event."""
    articles = {c.article.id: c.article for c in coded}
    chosen = frozenset(analyst_set)
    classifier = Sources(factions)
    return {e.id: grade_event(e, articles, factions, chosen, classifier) for e in events}
