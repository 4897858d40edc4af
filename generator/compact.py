"""One copy of each value that repeats across a build's articles.

A build holds every extracted article until its pages are written. Read from the
cache (JSON) or from the workers (pickles), each incident arrives with its own copy
of values that thousands of incidents share: the governorate, the means, the event
type, the faction ids, the rule names of ``why``, the place, the tolls, the date.
Measured with tracemalloc on 5,000 cached articles of the benchmark corpus (18,043
incidents; its sentences repeat more than real articles' do), the decoded articles
took 9.8 KB each; with one shared copy of every such value and without their texts,
2.6 KB, for 0.09 CPU ms an article (``sitrep build`` holds them through the merge
and the pages).

Values are shared only where they are equal *and* print the same: a place's
coordinates are compared by their ``repr`` (``36`` and ``36.0`` are equal in Python
but not in the JSON a build writes), so a shared value never changes an output.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar, cast

from generator.model import Article, Casualties, CodedArticle, Incident, Place, Why

__all__ = ["Compactor", "compact"]

T = TypeVar("T")


class Compactor:
    """The shared copies seen so far (one table per kind of value); dropped with it."""

    def __init__(self) -> None:
        self._places: dict[tuple[object, ...], Place] = {}
        self._counts: dict[Casualties, Casualties] = {}
        self._whys: dict[Why, Why] = {}
        self._dates: dict[dt.date, dt.date] = {}

    def text(self, value: T) -> T:
        """The shared copy of a string (:func:`sys.intern`; anything else as it is)."""
        if type(value) is not str:
            return value
        return cast(T, sys.intern(cast(str, value)))

    def place(self, place: Place) -> Place:
        key = (
            place.name,
            place.province,
            place.precision,
            repr(place.latitude),
            repr(place.longitude),
        )
        shared = self._places.get(key)
        if shared is None:
            text = self.text
            shared = self._places[key] = replace(
                place, name=text(place.name), province=text(place.province)
            )
        return shared

    def counts(self, counts: Casualties) -> Casualties:
        # Every count is an int or None (the codec refuses a bool), so equal is same.
        return self._counts.setdefault(counts, counts)

    def why(self, why: Why) -> Why:
        shared = self._whys.get(why)
        if shared is None:
            text = self.text
            shared = self._whys[why] = Why(
                killed=tuple(text(r) for r in why.killed),
                perpetrator=tuple(text(r) for r in why.perpetrator),
                target=tuple(text(r) for r in why.target),
                place=tuple(text(r) for r in why.place),
                means=tuple(text(r) for r in why.means),
            )
        return shared

    def date(self, date: dt.date | None) -> dt.date | None:
        return None if date is None else self._dates.setdefault(date, date)

    def incident(self, inc: Incident, article_id: str) -> Incident:
        text = self.text
        return replace(
            inc,
            article_id=article_id if inc.article_id == article_id else inc.article_id,
            date=self.date(inc.date),
            date_precision=text(inc.date_precision),
            place=self.place(inc.place),
            event_type=text(inc.event_type),
            sub_event_type=text(inc.sub_event_type),
            means=text(inc.means),
            perpetrator=text(inc.perpetrator),
            target=text(inc.target),
            killed=self.counts(inc.killed),
            injured=self.counts(inc.injured),
            attribution=text(inc.attribution),
            evidence=text(inc.evidence),
            why=self.why(inc.why),
            perpetrator_basis=text(inc.perpetrator_basis),
        )

    def article(self, article: Article) -> Article:
        text = self.text
        return replace(
            article,
            title=text(article.title),
            published=self.date(article.published),
            source=text(article.source),
        )

    def coded(
        self, coded: CodedArticle, *, drop_text: bool = False, shared: bool = False
    ) -> CodedArticle:
        """``coded`` made of shared values (and without its article's text with
        ``drop_text``); equal to ``coded`` otherwise. ``shared``: its incidents are
        made of this compactor's values already (read from the packed store,
        :mod:`generator.cache.pack`): only its article is compacted."""
        article = self.article(coded.article)
        if drop_text:
            article = replace(article, text="")
        if shared:
            return replace(coded, article=article)
        aid = article.id
        return replace(
            coded,
            article=article,
            incidents=tuple(self.incident(i, aid) for i in coded.incidents),
        )


def compact(coded: Iterable[CodedArticle], *, drop_text: bool = False) -> list[CodedArticle]:
    """``coded`` with one shared copy of every repeated value (see the module
    docstring); with ``drop_text``, without the articles' texts."""
    compactor = Compactor()
    return [compactor.coded(c, drop_text=drop_text) for c in coded]
