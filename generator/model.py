"""The data model shared by every stage: ingest -> extract -> events -> pages -> publish.

Plain frozen dataclasses. Dicts appear only at the edges (the JSON contract in
``generator.contract`` and the template context in ``generator.pages.render``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from generator.frozen import quick_init

#: The 14 governorates, in the ids the evaluation contract uses.
PROVINCES: tuple[str, ...] = (
    "aleppo",
    "damascus",
    "rif-dimashq",
    "idlib",
    "hama",
    "homs",
    "latakia",
    "tartus",
    "deir-ez-zor",
    "raqqa",
    "hasakah",
    "daraa",
    "quneitra",
    "as-suwayda",
)

MEANS: tuple[str, ...] = (
    "airstrike",
    "drone-strike",
    "shelling",
    "barrel-bomb",
    "chemical",
    "car-bomb",
    "suicide-bombing",
    "ied",
    "gunfire",
    "execution",
    "other",
    "unknown",
)

BLOCS: tuple[str, ...] = (
    "syrian-government-and-allies",
    "opposition",
    "hts-nusra",
    "islamic-state",
    "kurdish-led",
    "turkey",
    "international-coalition",
    "israel",
    "unknown",
)

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
PlacePrecision = Literal["place", "subdistrict", "district", "governorate", "unknown"]
ProblemStatus = Literal["skipped", "failed", "warning"]


class SitrepError(Exception):
    """An error the user can act on; the CLI prints it as one ``Error: ...`` line."""


@dataclass(frozen=True, slots=True)
class Problem:
    """What happened to an input file that did not become a clean article."""

    path: str
    """Path relative to the articles folder, POSIX separators."""
    status: ProblemStatus
    """``skipped`` (not an article), ``failed`` (could not be read) or ``warning``
    (read, but something in it was wrong and was worked around)."""
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    """The file name without its extension (unique within a run)."""
    path: str
    """Path relative to the articles folder, POSIX separators."""
    title: str
    text: str
    """Body text with web boilerplate removed; what the extractor reads."""
    published: dt.date | None
    source: str | None
    url: str | None = None
    content_hash: str = ""
    """sha256 of the cleaned text: the key for duplicate detection and caching."""


# Every class here that a build holds one of per article or per incident has slots
# (no __dict__: 5 % of a decoded article, 12 % of a compacted one, measured with
# tracemalloc on 5,000 cached articles). Not Casualties yet: the cache's vocabulary
# check reads its fields with vars(), and the tolls are shared once compacted
# (generator.compact) anyway.
@quick_init
@dataclass(frozen=True)
class Casualties:
    """``None`` means "not stated"; ``0`` means "the text says none"."""

    total: int | None = None
    civilians: int | None = None
    combatants: int | None = None
    children: int | None = None
    women: int | None = None
    low: int | None = None
    """A range's low end ("four to six civilians": 4, the ``total``), else None."""
    high: int | None = None
    """A range's high end ("at least seven and as many as 14": 14), else None."""

    @property
    def best_total(self) -> int | None:
        """The total, else the sum of the civilian/combatant parts that are stated."""
        if self.total is not None:
            return self.total
        parts = [p for p in (self.civilians, self.combatants) if p is not None]
        return sum(parts) if parts else None

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        """The lowest and highest toll stated: a range's ends ("four to six": (4, 6)),
        else ``best_total`` twice; (None, None) when none is stated. Always spans
        ``best_total``, even where a correction moved it outside the range read."""
        best = self.best_total
        if best is None:
            return None, None
        low = best if self.low is None else min(self.low, best)
        high = best if self.high is None else max(self.high, best)
        return low, high


@quick_init
@dataclass(frozen=True, slots=True)
class Place:
    name: str | None
    """As written in the text ("the southern Idlib countryside"), or None."""
    province: str | None
    """One of ``PROVINCES`` or None."""
    latitude: float | None = None
    longitude: float | None = None
    precision: PlacePrecision = "unknown"
    """How precise the coordinates are: the place itself, or the centroid of the
    subdistrict/district/governorate it lies in."""


@dataclass(frozen=True, slots=True)
class Faction:
    id: str
    name: str
    bloc: str
    aliases: tuple[str, ...] = ()


WHY_FIELDS = ("killed", "perpetrator", "target", "place", "means")


@quick_init
@dataclass(frozen=True, slots=True)
class Why:
    """The names of the extractor's rules that decided an incident's fields, in the
    order they applied (``generator/extract/rules``): how a figure came to be what
    it is."""

    killed: tuple[str, ...] = ()
    perpetrator: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    means: tuple[str, ...] = ()

    def add(self, name: str, rule: str) -> Why:
        """A copy with ``rule`` recorded for the field ``name``."""
        values = {f: getattr(self, f) for f in WHY_FIELDS}
        values[name] = (*values[name], rule)
        return Why(**values)


@quick_init
@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    """Stable: derived from the article id and the incident's position and evidence."""
    article_id: str
    date: dt.date | None
    date_precision: DatePrecision
    place: Place
    event_type: str
    """ACLED event type, kebab-case ("battle", "explosions-remote-violence", ...)."""
    sub_event_type: str
    means: str
    perpetrator: str | None
    """A faction id, or None when the text does not say."""
    target: str | None
    """A faction id, ``"civilians"``, or None."""
    killed: Casualties
    injured: Casualties
    aggregate: bool
    """True for totals over other incidents or over a period: shown, never summed."""
    attribution: str | None
    """Who says so: "SOHR", "Syrian military sources", a named activist..."""
    evidence: str
    """The sentence(s) the incident was read from, verbatim."""
    why: Why = field(default_factory=Why)
    """Which rules decided the toll, the roles, the place and the means."""
    perpetrator_basis: str | None = None
    """How the perpetrator is known: "stated" (the text names the attacker),
    "imputed" (a convention gives it: barrel bombs are the regime's), None when no
    perpetrator."""
    uncertain: bool = False
    """The text hedges the report ("possibly killed", "alleged strikes")."""
    weekday: int | None = None
    """For an incident with no date because its article has none to resolve a day
    against: the weekday the text names ("killed Saturday": 5; Monday 0), which the
    merge compares with other reports' days; None otherwise."""


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with what the extractor read from it."""

    article: Article
    summary: str
    incidents: tuple[Incident, ...] = field(default_factory=tuple)
    error: str | None = None
    """Why the extractor could not read the article (a bug in sitrep, reported on the
    Build report): the article is shown, with no incidents."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    seen: int = 0
    """How many files were looked at (read + skipped + failed)."""
    duplicates: tuple[tuple[Article, str], ...] = ()
    """Files whose text repeats an article's, each with the id of the article it
    repeats: skipped on the site (reported in ``problems``), but each keeps its own
    record in ``sitrep extract --json``, so every input file can be looked up there."""
