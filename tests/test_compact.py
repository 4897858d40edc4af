"""One shared copy of each repeated value: equal articles, less memory, same output."""

from __future__ import annotations

import datetime as dt
import pickle

from generator.compact import compact
from generator.model import Article, Casualties, CodedArticle, Incident, Place, Why


def _coded(n: int, latitude: float = 36.0) -> CodedArticle:
    aid = f"art-{n}"
    inc = Incident(
        id=f"{aid}-01",
        article_id="".join(aid),  # a copy, as a decoder makes one
        date=dt.date(2016, 3, 3),
        date_precision="day",
        place=Place("".join("Saraqib"), "".join("idlib"), latitude, 36.8, "place"),
        event_type="".join("explosions-remote-violence"),
        sub_event_type="shelling-artillery-missile-attack",
        means="".join("shelling"),
        perpetrator="syrian-government",
        target="civilians",
        killed=Casualties(total=3, civilians=3),
        injured=Casualties(),
        aggregate=False,
        attribution="SOHR",
        evidence="Government shelling killed three civilians in Saraqib.",
        why=Why(killed=("".join("toll_as_stated"),)),
    )
    return CodedArticle(Article(aid, f"{aid}.md", "Title", "the text", None, "SANA"), "S", (inc,))


def test_compacted_articles_are_equal_and_share_their_repeated_values():
    first, second = compact([_coded(1), _coded(2)])
    assert (first, second) == (
        CodedArticle(_coded(1).article, "S", _coded(1).incidents),
        CodedArticle(_coded(2).article, "S", _coded(2).incidents),
    )
    a, b = first.incidents[0], second.incidents[0]
    assert a.place is b.place and a.killed is b.killed and a.why is b.why and a.date is b.date
    assert a.means is b.means and a.event_type is b.event_type
    assert a.why.killed[0] is b.why.killed[0]
    assert a.article_id is first.article.id  # the article's id, not a copy of it
    assert pickle.loads(pickle.dumps(first)) == first


def test_values_that_are_equal_but_print_differently_are_not_shared():
    """36 == 36.0 in Python, but the JSON a build writes prints them apart."""
    as_int, as_float = compact([_coded(1, latitude=36), _coded(2, latitude=36.0)])
    assert repr(as_int.incidents[0].place.latitude) == "36"
    assert repr(as_float.incidents[0].place.latitude) == "36.0"


def test_drop_text_leaves_the_text_out_and_nothing_else():
    (kept,) = compact([_coded(1)], drop_text=True)
    assert kept.article.text == "" and kept.article.title == "Title"
    assert kept.incidents == _coded(1).incidents


def test_what_a_build_holds_per_incident_has_no_instance_dict():
    """Slots: a build holds these once per article or incident (100,000s of them)."""
    coded = _coded(1)
    inc = coded.incidents[0]
    for value in (coded, coded.article, inc, inc.place, inc.why):
        assert not hasattr(value, "__dict__"), type(value).__name__
