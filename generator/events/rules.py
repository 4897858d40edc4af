"""Whether two reports from different articles tell of one event, and why.

:func:`judge` compares two reports facet by facet.  Each facet *agrees*
(evidence that they are one event), *conflicts* (proof that they are not), or
says nothing:

* **article** — two incidents of one article always conflict: the article
  already told them apart.
* **governorate** — must be known and equal; Damascus and Rif Dimashq count
  as one (:func:`province_block`).
* **dates** — every report has a *window* of days it may have happened on
  (:func:`incident_window`): its day, its week or month, or, when the text
  gives no date, the :data:`LOOKBACK_DAYS` days before its article was
  published.  Windows that do not meet (two day dates more than
  :data:`DAY_SLACK` apart) conflict.  Agreement: *same day*, *a day apart*,
  *reported that day* or *the next day* (an undated report published on or a
  day after the
  other's day), or only *dates overlap*.
* **place** — names are compared by :mod:`generator.knowledge.placenames`.  A name that
  says no more than a governorate ("Idlib province", "Aleppo") is no place:
  it agrees and conflicts with nothing (except a name of the opposite part of
  a region: "southern" / "northern Idlib").  Two specific places agree (*same
  place*, *place within place*) or conflict, but for a village and the town its
  district is named after (*village of the district*: "Tokhar" / "Manbij",
  :func:`village_of_the_district`), which neither conflict nor count as one place.
* **means** — equal, one vague (unknown/other), or of one family outlets
  confuse (:mod:`generator.knowledge.means`); air strikes and shelling of one
  named town on a matching day are one bombardment (:func:`bombardment`);
  anything else conflicts.
* **perpetrator** — equal, one unknown, or two factions of one bloc; anything
  else conflicts, except for a rare means (:data:`RARE_MEANS`), whose author
  is what the reports dispute.
* **toll** — equal, *close*, risen in the later report, or a possible
  *revision* (:data:`TOLLS_CONSISTENT`); tolls further apart conflict, except
  for a rare means (*disputed*).

Two reports may share an event when no facet conflicts; they *merge* when,
besides, the agreements are strong enough (:func:`enough_evidence`).  The
agreements are kept as the reasons an event gives for each report it holds;
the conflicts are what a "possible duplicate" shows for a pair kept apart.

The thresholds here are printed on the site's Methodology page
(``generator/pages/methodology.py`` imports them), so the page says what the code
does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from generator.knowledge.factions import UNIDENTIFIED, faction_name
from generator.knowledge.governorates import AROUND_CAPITAL, CAPITAL
from generator.knowledge.means import family_of
from generator.knowledge.placenames import (
    PlaceKey,
    directions,
    is_coarse,
    place_key,
    places_compatible,
)
from generator.model import Faction

__all__ = [
    "DAY_SLACK",
    "LOOKBACK_DAYS",
    "TELLING_TOLL",
    "TOLLS_CLOSE",
    "TOLLS_CONSISTENT",
    "Reason",
    "Side",
    "Verdict",
    "enough_evidence",
    "judge",
    "means_compatible",
    "perpetrators_compatible",
    "province_block",
    "side",
    "sure_conflicts",
    "tolls_close",
    "tolls_consistent",
]

#: How many days apart two ``day`` dates of one event may be.  1 absorbs night
#: attacks, time zones and a weekday resolved against the wrong publication
#: date; it also lets the same town struck on two consecutive days merge when
#: everything else agrees.
DAY_SLACK = 1

#: An incident the text does not date happened at most this many days before its
#: article was published.  News reports the last few days; follow-ups and
#: reactions ("the toll rose to 70", a minister's statement on last week's
#: attack) come within a week or so.  A report that names no place more precise
#: than a governorate needs a matching day and toll, so the width of this window
#: merges only reports that name the same town and means (see :func:`enough_evidence`).
LOOKBACK_DAYS = 7

#: The names the extractor gives (``Incident.why.killed``) to a toll told as a revision
#: of an earlier one: ``casualties.revised`` ("the toll rose to 70") and
#: ``merge.revises_the_toll`` (a later sentence of the article revising it).
REVISION_RULES = frozenset({"revised", "revises_the_toll"})

#: A death toll this large, stated identically by two reports, is evidence they tell
#: of one event even without a matching day; small tolls (1, 3, 5) are too common.
TELLING_TOLL = 10
#: (factor, slack): two tolls are *close* when ``high <= factor * low + slack``.
TOLLS_CLOSE = (1.5, 2)
#: (factor, slack): two tolls are *consistent* (one may be a revision of the
#: other) when ``high <= factor * low + slack``.
TOLLS_CONSISTENT = (4, 6)

_VAGUE_MEANS = frozenset({"unknown", "other"})
#: The means the extractor gives an aircraft lost ("their helicopter was shot down",
#: ``extract.rules.means.aircraft_lost``): vague beside any other means, but the same
#: means when both reports give it (:func:`aircraft_lost_both`).
AIRCRAFT_LOST = "other"

#: Means so rare that two reports of it in one governorate within
#: :data:`RARE_MEANS_DAYS` days are one attack unless a place conflicts.  A chemical
#: attack is a single, widely reported event followed by days of follow-ups
#: (tolls, investigations, accusations); which side did it and how many died are
#: what those reports dispute (an opposition's 1,300 and a monitor's 130 for one
#: night in Ghouta), so a disagreeing perpetrator or toll does not tell two apart.
RARE_MEANS = frozenset({"chemical"})
#: How far apart two reports of a rare means may be dated (follow-ups come for
#: about a week; the extractor dates some by the day they were published).
RARE_MEANS_DAYS = 10
#: Attacks that are single, discrete blasts: the means of this one's family (a car
#: bomb, a suicide bomber, an IED; :func:`generator.knowledge.means.families`). On
#: the same or the next day in one governorate, two reports of one with tolls
#: that may be revisions are one attack even when neither names a town.
DISCRETE_FAMILY_OF = "car-bomb"

#: Governorates whose names outlets use for one another (Damascus and Rif Dimashq:
#: :data:`generator.knowledge.governorates.AROUND_CAPITAL`): reports placed in
#: either may be one event, decided by the place names, means and tolls as
#: everywhere else.
_PROVINCE_BLOCKS = {AROUND_CAPITAL: CAPITAL}


def province_block(province: str | None) -> str | None:
    """The block two reports must share to be compared: the governorate, with
    Damascus and Rif Dimashq as one block."""
    if province is None:
        return None
    return _PROVINCE_BLOCKS.get(province, province)


@dataclass(frozen=True, slots=True)
class Side:
    """One report as the rules see it: an incident with what merging needs from its article.
    Slotted: a merge holds one for every report (about 200 bytes, not 700 with a
    ``__dict__``)."""

    article_id: str
    incident_id: str
    province: str | None
    place_name: str | None
    place: PlaceKey | None
    specific: bool
    """The place names more than a governorate ("Khan Sheikhoun", not "Idlib province")."""
    means: str
    perpetrator: str | None
    toll: int | None
    window: tuple[int, int] | None
    """(first, last) day ordinal the incident may have happened on; None = no date
    and no publication date."""
    day: bool
    """The window is a day the text gives (not a week, a month, or the days before
    publication)."""
    reported: bool = False
    """The window is the days before publication (the text gives no date); its last
    day is the publication day."""
    published: int | None = None
    """The article's publication day (ordinal), to tell a later report's revision."""
    weekday: int | None = None
    """For a report with no window (no date, no publication date): the weekday its text
    names (Monday 0; ``Incident.weekday``), compared with the other report's day."""
    revision: bool = False
    """Its toll is told as a revision ("the death toll has risen to 61"; the
    extractor's :data:`REVISION_RULES`): a later figure than a toll told plainly."""
    district: str | None = None
    """The district (admin2 id) the place lies in, when known
    (:func:`generator.knowledge.districts.district_of`)."""
    district_named: str | None = None
    """The district whose own name the place's name is ("Manbij"; :func:`generator.
    knowledge.districts.district_named`), else None."""


def side(
    *,
    article_id: str,
    incident_id: str,
    province: str | None,
    place_name: str | None,
    means: str,
    perpetrator: str | None,
    toll: int | None,
    date: dt.date | None,
    precision: str,
    published: dt.date | None,
    weekday: int | None = None,
    revision: bool = False,
    district: str | None = None,
    district_named: str | None = None,
) -> Side:
    key = place_key(place_name)
    window, day = incident_window(date, precision, published)
    reported = window is not None and not day and precision not in ("week", "month")
    return Side(
        article_id=article_id,
        incident_id=incident_id,
        province=province,
        place_name=place_name,
        place=key,
        specific=key is not None and not is_coarse(key),
        means=means,
        perpetrator=perpetrator,
        toll=toll,
        window=window,
        day=day,
        reported=reported,
        published=published.toordinal() if published else None,
        weekday=weekday if window is None else None,
        revision=revision,
        district=district,
        district_named=district_named,
    )


def incident_window(
    date: dt.date | None, precision: str, published: dt.date | None
) -> tuple[tuple[int, int] | None, bool]:
    """The days an incident may have happened on, and whether that is a day the text gives.

    A ``day`` date is itself; a ``week`` date the ISO week (Monday-Sunday)
    holding it; a ``month`` date its calendar month.  An incident the text
    does not date (or dates only to a year) happened in the
    :data:`LOOKBACK_DAYS` days before its article was published, publication
    day included; with no publication date either, None.
    """
    if date is not None and precision == "day":
        return (date.toordinal(), date.toordinal()), True
    if date is not None and precision == "week":
        monday = date - dt.timedelta(days=date.weekday())
        return (monday.toordinal(), monday.toordinal() + 6), False
    if date is not None and precision == "month":
        first = date.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return (first.toordinal(), nxt.toordinal() - 1), False
    if published is not None:
        last = published.toordinal()
        return (last - LOOKBACK_DAYS, last), False
    return None, False


# --------------------------------------------------------------------------- facets


@dataclass(frozen=True)
class Reason:
    """One facet on which two reports agree or conflict, said for a reader."""

    facet: str
    """``governorate``, ``date``, ``place``, ``means``, ``perpetrator``, ``toll`` or ``article``."""
    text: str


def means_compatible(a: str, b: str) -> bool:
    """Equal, one vague (unknown/other), or both of one family outlets confuse
    (airstrike ~ drone strike ~ barrel bomb; car bomb ~ suicide bombing ~ IED)."""
    if a == b or a in _VAGUE_MEANS or b in _VAGUE_MEANS:
        return True
    return b in family_of().get(a, ())


def perpetrators_compatible(
    a: str | None, b: str | None, factions: Mapping[str, Faction] | None = None
) -> bool:
    """Equal, one unknown (None/"unidentified"), or two factions of one known bloc."""
    if a is None or b is None or a == b or UNIDENTIFIED in (a, b):
        return True
    if factions is None:
        return False
    fa, fb = factions.get(a), factions.get(b)
    return fa is not None and fb is not None and fa.bloc == fb.bloc and fa.bloc != "unknown"


def tolls_close(a: int | None, b: int | None) -> bool:
    """Both stated and close: ``high <= 1.5 * low + 2`` (3 ~ 6, 70 ~ 100; 3 !~ 8)."""
    if a is None or b is None:
        return False
    lo, hi = sorted((a, b))
    factor, slack = TOLLS_CLOSE
    return hi <= factor * lo + slack


def tolls_consistent(a: int | None, b: int | None) -> bool:
    """Not contradictory: one unknown, or ``high <= 4 * low + 6`` (70 ~ 126, 10 ~ 46; 2 !~ 45).

    Tolls are revised upward as bodies are found and the wounded die, so a
    wide range is tolerated; a toll more than four times another is a different
    strike or a daily total.
    """
    if a is None or b is None:
        return True
    lo, hi = sorted((a, b))
    factor, slack = TOLLS_CONSISTENT
    return hi <= factor * lo + slack


def _gap(a: Side, b: Side) -> int | None:
    """Days between two windows (<= 0: they overlap); None when one has no window."""
    if a.window is None or b.window is None:
        return None
    return max(a.window[0], b.window[0]) - min(a.window[1], b.window[1])


def weekday_of(a: Side) -> int | None:
    """The weekday of a report: its day's, or the one its text names when it has no
    window at all; None for a week, a month or the days before publication."""
    if a.window is None:
        return a.weekday
    return dt.date.fromordinal(a.window[0]).weekday() if a.day else None


def weekday_match(a: Side, b: Side) -> bool | None:
    """For a report with no window: whether the weekday its text names is the other's
    ("killed Saturday" in an article with no date, and a report of Saturday 15 April
    2017): True on the same weekday, False more than :data:`DAY_SLACK` days of the week
    apart, None when either has none or they are a day apart (a night attack)."""
    if a.window is not None and b.window is not None:
        return None
    wa, wb = weekday_of(a), weekday_of(b)
    if wa is None or wb is None:
        return None
    apart = min((wa - wb) % 7, (wb - wa) % 7)
    if apart == 0:
        return True
    return False if apart > DAY_SLACK else None


def _weekday_name(a: Side) -> str:
    w = weekday_of(a)
    return "none" if w is None else dt.date(2024, 1, 1 + w).strftime("%A")


def aircraft_lost_both(a: Side, b: Side) -> bool:
    """ "A Russian helicopter was shot down in Idlib province, all five on board killed"
    and "shot down near Saraqeb on Monday killing all five": both reports tell of an
    aircraft lost (:data:`AIRCRAFT_LOST`), a discrete event of its own kind, so they
    share a means as two car bombs do; "other" beside shelling still tells nothing."""
    return a.means == b.means == AIRCRAFT_LOST


def rare_pair(a: Side, b: Side) -> bool:
    """Both reports tell of the same rare means (:data:`RARE_MEANS`)."""
    return a.means == b.means and a.means in RARE_MEANS


def _slack(a: Side, b: Side) -> int:
    if rare_pair(a, b):
        return RARE_MEANS_DAYS
    return DAY_SLACK if a.day and b.day else 0


def lookup_slack(a: Side) -> int:
    """The widest slack :func:`judge` may allow between ``a``'s window and another's."""
    return RARE_MEANS_DAYS if a.means in RARE_MEANS else DAY_SLACK


def _reported_gap(a: Side, b: Side) -> int | None:
    """Days from the day one report gives to the publication of the other, undated,
    report (two undated reports: between their publications); None when neither is
    an undated report or the other's window is not a day."""
    wa, wb = a.window, b.window
    if wa is None or wb is None:
        return None
    if a.reported and b.reported:
        return abs(wa[1] - wb[1])
    if a.reported and b.day:
        return wa[1] - wb[0]
    if a.day and b.reported:
        return wb[1] - wa[0]
    return None


def _rose(a: Side, b: Side) -> bool:
    """The report published later states the higher toll ("the toll rose to 70"), or,
    of two published reports, the higher toll is told as a revision and the lower is
    not ("the death toll from air strikes on a town has risen to 61" beside "air raids
    kill 29 in Atareb", whatever the front matter says of when each was published)."""
    if a.published is None or b.published is None or a.toll is None or b.toll is None:
        return False
    high, low = (a, b) if a.toll > b.toll else (b, a)
    if high.toll != low.toll and high.revision and not low.revision:
        return True
    early, late = sorted((a, b), key=lambda s: s.published or 0)
    return late.published != early.published and (late.toll or 0) > (early.toll or 0)


def _opposite_parts(a: PlaceKey | None, b: PlaceKey | None) -> bool:
    """Two names that both say which part of a region, and not the same part
    ("southern Idlib" / "northern Idlib countryside")."""
    da = directions(a)
    if not da:  # most names say no part: the other is not looked at
        return False
    db = directions(b)
    return bool(db) and not da & db


def village_of_the_district(a: Side, b: Side) -> bool:
    """One report names a district's town, the other a place of that district: "US-led
    strikes on Manbij kill 56" and "73 killed in coalition strikes on Tokhar, a village
    14 km north of Manbij" may be one attack, so the names do not conflict; but a
    district holds many villages, so they are not one place either (Tokhar on Tuesday
    is not Manbij's northern district on Monday)."""
    return (a.district_named is not None and a.district_named == b.district) or (
        b.district_named is not None and b.district_named == a.district
    )


def _names(a: Side, b: Side) -> str:
    if a.place_name == b.place_name:
        return str(a.place_name)
    return f"{a.place_name} ~ {b.place_name}"


class Verdict(NamedTuple):
    """How two reports compare: what agrees, what conflicts, and whether they merge.

    The reasons are put in words only when asked for (:attr:`agree`,
    :attr:`conflict`): merging compares many pairs and keeps few. A named tuple,
    immutable like the frozen dataclasses of the data model, because it is made
    millions of times (4.6 million verdicts merging 20,000 distinct articles): a
    frozen dataclass sets each of its 8 fields through ``object.__setattr__``,
    13 % of a merge task's CPU."""

    kinds: tuple[str, ...]
    """The kinds of agreement ("same place", "a day apart", ...), in facet order."""
    conflicts: tuple[str, ...]
    """The facets that conflict ("article", "governorate", "date", "place", "means",
    "perpetrator", "toll"), in that order."""
    merge: bool
    """No conflict, and enough agreement to call them one event."""
    strength: int
    """How much agrees (higher: a better match), to choose between events."""
    linked: bool
    """Enough agreement, and no conflict but perhaps being of one article: the
    pairs whose chains bound what one new report can change (see
    :func:`generator.events.merge_incidents`)."""
    a: Side
    b: Side
    factions: Mapping[str, Faction] | None = None

    def __repr__(self) -> str:
        return (
            f"Verdict(kinds={self.kinds!r}, conflicts={self.conflicts!r}, merge={self.merge!r}, "
            f"strength={self.strength!r}, linked={self.linked!r})"
        )

    @property
    def compatible(self) -> bool:
        """Nothing conflicts: the two may share an event (through a third report)."""
        return not self.conflicts

    @property
    def agree(self) -> tuple[Reason, ...]:
        """What agrees, said for a reader."""
        return tuple(Reason(_FACET[k], _agree_text(k, self)) for k in self.kinds)

    @property
    def conflict(self) -> tuple[Reason, ...]:
        """What conflicts, said for a reader."""
        return tuple(Reason(f, _conflict_text(f, self)) for f in self.conflicts)

    def facets(self) -> tuple[str, ...]:
        return tuple(_FACET[k] for k in self.kinds)


_KINDS: dict[str, tuple[str, int]] = {
    "same day": ("date", 3),
    "a day apart": ("date", 2),
    "reported that day": ("date", 2),
    "reported the next day": ("date", 1),
    "dates overlap": ("date", 0),
    "same weekday": ("date", 2),
    "same place": ("place", 4),
    "place within place": ("place", 3),
    "village of the district": ("place", 1),
    "same means": ("means", 2),
    "means of one family": ("means", 1),
    "air or ground fire": ("means", 0),
    "same perpetrator": ("perpetrator", 1),
    "same side": ("perpetrator", 0),
    "same toll": ("toll", 3),
    "close tolls": ("toll", 2),
    "toll rose": ("toll", 1),
    "toll revised": ("toll", 0),
    "tolls disputed": ("toll", 0),
}
"""Each kind of agreement: the facet it agrees on, and its points, to rank candidate
events (not to decide a merge)."""
_FACET = {kind: facet for kind, (facet, _) in _KINDS.items()}
_POINTS = {kind: points for kind, (_, points) in _KINDS.items()}


def _tolls(v: Verdict) -> tuple[int, int]:
    """The two tolls, the lower first (none stated: 0)."""
    lo, hi = sorted((v.a.toll or 0, v.b.toll or 0))
    return lo, hi


def _perpetrators(v: Verdict) -> tuple[str, str]:
    """The two perpetrators' names."""
    return faction_name(v.a.perpetrator, v.factions), faction_name(v.b.perpetrator, v.factions)


_MEANS_TEXT = {
    "same means": "same means: {0}",
    "means of one family": "means of one family: {0} ~ {1}",
    "air or ground fire": "one bombardment: {0} ~ {1}",
}
_PERPETRATOR_TEXT = {
    "same perpetrator": "same perpetrator: {0}",
    "same side": "one side: {0} ~ {1}",
}
_TOLL_TEXT = {
    "same toll": "same toll: {0}",
    "close tolls": "close tolls: {0} ~ {1}",
    "toll rose": "toll rose: {0} -> {1}",
    "toll revised": "toll revised: {0} ~ {1}",
    "tolls disputed": "tolls disputed: {0} / {1}",
}
"""How an agreement is said, given the two sides' means, perpetrators or tolls (the
lower first)."""


def _agree_text(kind: str, v: Verdict) -> str:
    a, b = v.a, v.b
    if kind in ("same place", "place within place", "village of the district"):
        return f"{kind}: {_names(a, b)}"
    if kind in _MEANS_TEXT:
        return _MEANS_TEXT[kind].format(_means(a.means), _means(b.means))
    if kind in _PERPETRATOR_TEXT:
        return _PERPETRATOR_TEXT[kind].format(*_perpetrators(v))
    if kind in _TOLL_TEXT:
        return _TOLL_TEXT[kind].format(*_tolls(v))
    return kind  # the dates: "same day", "dates overlap" ...


def _conflict_text(facet: str, v: Verdict) -> str:
    a, b = v.a, v.b
    if facet == "article":
        return "two incidents of one article"
    if facet == "governorate":
        return f"governorates {a.province} / {b.province}"
    if facet == "date":
        if _gap(a, b) is None:
            return f"weekdays {_weekday_name(a)} / {_weekday_name(b)}"
        return f"dates {_gap(a, b)} days apart"
    if facet == "place":
        return f"places {a.place_name} / {b.place_name}"
    if facet == "means":
        return f"means {_means(a.means)} / {_means(b.means)}"
    if facet == "perpetrator":
        return "perpetrators {} / {}".format(*_perpetrators(v))
    return "tolls {} / {}".format(*_tolls(v))


#: What :func:`sure_conflicts` gives for windows too far apart (a conflict nothing
#: outweighs: no near miss, no merge).
DATES_APART = 99


def sure_conflicts(a: Side, b: Side, factions: Mapping[str, Faction] | None = None) -> int:
    """How many conflicts :func:`judge` will surely find between two reports of one
    governorate block, from the facets that are cheap to compare: windows further
    apart than the slack (:data:`DATES_APART`), means no family or bombardment joins,
    perpetrators of two sides, tolls no revision explains (the last two unless both
    are of a rare means). Never more than ``judge`` finds, about a tenth of its cost:
    the merge asks it first, and judges only the pairs it cannot rule out (an air
    strike on the 15th and one on the 20th: :data:`DATES_APART`; shelling by the
    government and an HTS car bomb: 2)."""
    wa, wb = a.window, b.window
    ma, mb = a.means, b.means
    rare = ma == mb and ma in RARE_MEANS  # rare_pair, inline: this runs for every pair
    if wa is not None and wb is not None:
        gap = (wa[0] if wa[0] > wb[0] else wb[0]) - (wa[1] if wa[1] < wb[1] else wb[1])
        if gap > (RARE_MEANS_DAYS if rare else DAY_SLACK if a.day and b.day else 0):
            return DATES_APART
    n = 0
    if ma != mb and not means_compatible(ma, mb) and not (ma in BOMBARDMENT and mb in BOMBARDMENT):
        n += 1
    if not rare:
        pa, pb = a.perpetrator, b.perpetrator
        if pa != pb and not perpetrators_compatible(pa, pb, factions):
            n += 1
        ta, tb = a.toll, b.toll
        if ta is not None and tb is not None and ta != tb and not tolls_consistent(ta, tb):
            n += 1
    return n


def judge(a: Side, b: Side, factions: Mapping[str, Faction] | None = None) -> Verdict:
    """Compare two reports facet by facet (see the module docstring)."""
    kinds: list[str] = []
    conflicts: list[str] = []
    if a.article_id == b.article_id:
        conflicts.append("article")
    if a.province is None or province_block(a.province) != province_block(b.province):
        conflicts.append("governorate")

    gap = _gap(a, b)
    weekdays = weekday_match(a, b) if gap is None else None
    if weekdays is not None:
        if weekdays:
            kinds.append("same weekday")
        else:
            conflicts.append("date")
    if gap is not None:
        if gap > _slack(a, b):
            conflicts.append("date")
        elif a.day and b.day and gap <= DAY_SLACK:
            kinds.append("same day" if gap <= 0 else "a day apart")
        else:
            reported = _reported_gap(a, b)
            if reported == 0:
                kinds.append("reported that day")
            elif reported == DAY_SLACK:
                kinds.append("reported the next day")
            else:
                kinds.append("dates overlap")

    if a.specific and b.specific:
        level = places_compatible(a.place, b.place)
        if level == 0 and village_of_the_district(a, b):
            kinds.append("village of the district")
        elif level == 0:
            conflicts.append("place")
        else:
            kinds.append("same place" if level == 2 else "place within place")
    elif _opposite_parts(a.place, b.place):
        conflicts.append("place")

    if not means_compatible(a.means, b.means):
        one_town_that_day = {"same day", "a day apart"} & set(kinds) and {
            "same place",
            "place within place",
        } & set(kinds)
        if bombardment(a, b) and one_town_that_day:
            kinds.append("air or ground fire")
        else:
            conflicts.append("means")
    elif a.means == b.means and (a.means not in _VAGUE_MEANS or aircraft_lost_both(a, b)):
        kinds.append("same means")
    elif a.means not in _VAGUE_MEANS and b.means not in _VAGUE_MEANS:
        kinds.append("means of one family")

    pa, pb = a.perpetrator, b.perpetrator
    if not perpetrators_compatible(pa, pb, factions):
        if not rare_pair(a, b):
            conflicts.append("perpetrator")
    elif pa is not None and pa == pb and pa != UNIDENTIFIED:
        kinds.append("same perpetrator")
    elif pa is not None and pb is not None and UNIDENTIFIED not in (pa, pb):
        kinds.append("same side")

    if a.toll is not None and b.toll is not None:
        lo, hi = (a.toll, b.toll) if a.toll <= b.toll else (b.toll, a.toll)
        if not tolls_consistent(lo, hi):
            if rare_pair(a, b):
                kinds.append("tolls disputed")
            else:
                conflicts.append("toll")
        elif lo == hi:
            kinds.append("same toll")
        elif tolls_close(lo, hi):
            kinds.append("close tolls")
        else:
            kinds.append("toll rose" if _rose(a, b) else "toll revised")

    kind_set = set(kinds)
    enough = enough_evidence(kind_set, a, b)
    return Verdict(
        kinds=tuple(kinds),
        conflicts=tuple(conflicts),
        merge=enough and not conflicts,
        strength=sum(_POINTS[k] for k in kinds),
        linked=enough and all(c == "article" for c in conflicts),
        a=a,
        b=b,
        factions=factions,
    )


#: Means outlets give for one bombardment of a town: "air strikes and shelling".
BOMBARDMENT = frozenset({"airstrike", "drone-strike", "barrel-bomb", "shelling"})


def bombardment(a: Side, b: Side) -> bool:
    """Both reports tell of fire from the air or the ground (:data:`BOMBARDMENT`): in
    one named town on the same or the next day, "regime air strikes and shelling of
    Jayrud" is one attack whichever an outlet names (30 dead in strikes / 43 dead in
    shelling); elsewhere the two means tell reports apart."""
    return a.means in BOMBARDMENT and b.means in BOMBARDMENT


def _means(means: str) -> str:
    return means.replace("-", " ")


_MATCHING_DAY = frozenset({"same day", "a day apart", "reported that day", "reported the next day"})


def named_side(kinds: set[str]) -> bool:
    """Both reports name the attacker, and the same one or one side ("same perpetrator",
    "same side")."""
    return "same perpetrator" in kinds or "same side" in kinds


def enough_evidence(kinds: set[str], a: Side, b: Side) -> bool:
    """Whether the agreements (``judge``'s kinds) are enough to call two reports one event.

    The rule asks more the less the reports pin down; every example is a pair
    the FA-KES articles hold.

    * **A rare means** (:data:`RARE_MEANS`, chemical attacks) on both sides:
      nothing more — two reports of a chemical attack in one governorate within
      :data:`RARE_MEANS_DAYS` days are one attack.
    * **Both name one specific place** ("Tariq al-Bab", "Khan Sheikhoun"): a
      matching day (*same day*, *a day apart*, *reported that day* or *the next
      day*); or, when only the windows overlap, the same means and either the
      same or a close toll or a toll that rose in the later report (a
      follow-up: "the toll rose to 70"); or the same toll of
      :data:`TELLING_TOLL` or more.  A town in a campaign is struck on many
      days, so a shared place and weapon alone do not make one event.
    * **No specific place on one side** (none, or only a governorate): the same
      day with the same or a close toll of :data:`TELLING_TOLL` or more; or the
      same means (or one family) and either a discrete blast
      (:data:`DISCRETE_FAMILY_OF`) on a matching day, or the same day with the
      same or a close toll, or the same toll of :data:`TELLING_TOLL` or more.
      Also, on a matching day, with the attacker named alike on both sides
      (:func:`named_side`): the same toll of :data:`TELLING_TOLL` or more
      ("IS attack on oil field kills 30" / "IS recaptures gas fields, kills 30"),
      or, when one report names no place at all, the same means and tolls of
      :data:`TELLING_TOLL` or more that rose in the later report (29 killed by
      regime air raids on Atareb, then "at least 61 killed" in a regime air
      strike on a market town the next day).
      Two air strikes on "Aleppo" on consecutive days with 25 and 23 dead are
      two days of a bombardment, and an undated "8 killed by shells on Aleppo"
      is not the 4 killed by shells on a district the day before.
    * **No window at all** (no date, no publication date): the same means (or
      one family) and either the same place, or the same toll of
      :data:`TELLING_TOLL` or more ("the death toll from the bus convoy bomb
      attack reached at least 126", no town, beside "at least 126 killed in
      Rashidin"), or the weekday the text names on the other's day (*same
      weekday*) with a close toll, a named place in common, or a discrete blast
      both reports give a toll for ("43 killed Saturday in a suicide car bomb
      attack", 126 killed on Saturday 15 April 2017); the caller also asks
      that one event fits best (:func:`generator.events.merge.clear_best`).
    """
    day = bool(kinds & _MATCHING_DAY)
    same_means = "same means" in kinds
    like_means = same_means or "means of one family" in kinds
    toll = "same toll" in kinds or "close tolls" in kinds
    telling_toll = "same toll" in kinds and (a.toll or 0) >= TELLING_TOLL
    if a.window is None or b.window is None:
        if not like_means:
            return False
        placed = "same place" in kinds or "place within place" in kinds
        tolls = a.toll is not None and b.toll is not None  # and consistent: no conflict
        blast = a.means in family_of()[DISCRETE_FAMILY_OF] and tolls
        weekday = "same weekday" in kinds and (toll or placed or blast)
        return "same place" in kinds or telling_toll or weekday
    if rare_pair(a, b):
        return True
    if "same place" in kinds or "place within place" in kinds:
        return day or (same_means and (toll or "toll rose" in kinds)) or telling_toll
    same_day = "same day" in kinds
    big = min(a.toll or 0, b.toll or 0) >= TELLING_TOLL
    if same_day and toll and big:
        return True
    if day and telling_toll and named_side(kinds):
        return True  # "IS kills 30 at Shaer gas field" / "IS retakes gas fields, kills 30"
    unplaced = a.place is None or b.place is None
    if day and same_means and named_side(kinds) and big and unplaced and "toll rose" in kinds:
        return True  # 29 killed in Atareb, then "at least 61 killed" by the same air force
    if not like_means:
        return False
    discrete = a.means in family_of()[DISCRETE_FAMILY_OF]
    return (day and discrete) or (same_day and toll) or telling_toll
