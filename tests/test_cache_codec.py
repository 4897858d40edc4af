"""The cache codec: every CodedArticle survives a JSON round trip unchanged,
and anything that is not a valid encoding is refused (a cache miss, never a
plausible wrong article)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cache.codec import MODEL_FINGERPRINT, CodecError, coded_from_dict, coded_to_dict
from generator.model import (
    MEANS,
    PROVINCES,
    Article,
    Casualties,
    CodedArticle,
    Incident,
    Place,
)
from tests.helpers import sample_coded


def roundtrip(coded: CodedArticle) -> CodedArticle:
    return coded_from_dict(json.loads(json.dumps(coded_to_dict(coded), ensure_ascii=False)))


def test_sample_round_trips_through_json() -> None:
    for coded in sample_coded():
        assert roundtrip(coded) == coded


def test_dates_are_iso_strings_and_tuples_come_back_as_tuples() -> None:
    coded = sample_coded()[0]
    data = coded_to_dict(coded)
    assert data["article"]["published"] == "2020-08-01"
    assert data["incidents"][0]["date"] == "2020-07-31"
    back = roundtrip(coded)
    assert isinstance(back.incidents, tuple)
    assert isinstance(back.incidents[0].place, Place)
    assert back.incidents[0].date == dt.date(2020, 7, 31)


counts = st.none() | st.integers(min_value=0, max_value=10**9)
casualties = st.builds(
    Casualties, total=counts, civilians=counts, combatants=counts, children=counts, women=counts
)
coords = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)
places = st.builds(
    Place,
    name=st.none() | st.text(max_size=30),
    province=st.none() | st.sampled_from(PROVINCES),
    latitude=coords,
    longitude=coords,
    precision=st.sampled_from(["place", "subdistrict", "district", "governorate", "unknown"]),
)
dates = st.none() | st.dates()
texts = st.text(max_size=40)  # any Unicode, lone surrogates excluded by hypothesis' default
incidents = st.builds(
    Incident,
    id=texts,
    article_id=texts,
    date=dates,
    date_precision=st.sampled_from(["day", "week", "month", "year", "unknown"]),
    place=places,
    event_type=texts,
    sub_event_type=texts,
    means=st.sampled_from(MEANS),
    perpetrator=st.none() | texts,
    target=st.none() | texts,
    killed=casualties,
    injured=casualties,
    aggregate=st.booleans(),
    attribution=st.none() | texts,
    evidence=texts,
)
articles = st.builds(
    Article,
    id=texts,
    path=texts,
    title=texts,
    text=st.text(max_size=200),
    published=dates,
    source=st.none() | texts,
    url=st.none() | texts,
    content_hash=texts,
)
coded_articles = st.builds(
    CodedArticle,
    article=articles,
    summary=texts,
    incidents=st.lists(incidents, max_size=4).map(tuple),
)


@given(casualties)
def test_casualties_round_trip(c: Casualties) -> None:
    coded = CodedArticle(sample_coded()[1].article, "", (sample_coded()[1].incidents[0],))
    inc = coded.incidents[0]
    coded = CodedArticle(coded.article, "", (_with(inc, killed=c, injured=c),))
    assert roundtrip(coded) == coded


@given(places)
def test_places_round_trip(p: Place) -> None:
    inc = sample_coded()[1].incidents[0]
    coded = CodedArticle(sample_coded()[1].article, "", (_with(inc, place=p),))
    back = roundtrip(coded)
    assert back == coded
    # Equal is not enough for floats: -0.0 == 0.0. Coordinates must be bit-exact.
    assert repr(back.incidents[0].place.latitude) == repr(p.latitude)
    assert repr(back.incidents[0].place.longitude) == repr(p.longitude)


@given(coded_articles)
def test_any_coded_article_round_trips(coded: CodedArticle) -> None:
    assert roundtrip(coded) == coded


def _with(inc: Incident, **changes: object) -> Incident:
    from dataclasses import replace

    return replace(inc, **changes)  # type: ignore[arg-type]


def _damaged(path: tuple[str | int, ...], value: object = None, delete: bool = False) -> dict:
    data = coded_to_dict(sample_coded()[0])
    target = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    if delete:
        del target[path[-1]]  # type: ignore[arg-type]
    else:
        target[path[-1]] = value  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    "data",
    [
        _damaged(("article", "published"), "2020-13-01"),
        _damaged(("article", "published"), 20200801),
        _damaged(("incidents", 0, "killed", "total"), "3"),
        _damaged(("incidents", 0, "killed", "total"), True),
        _damaged(("incidents", 0, "aggregate"), 1),
        _damaged(("incidents", 0, "date_precision"), "fortnight"),
        _damaged(("incidents", 0, "place"), ["Idlib"]),
        _damaged(("incidents",), {"0": {}}),
        _damaged(("incidents", 0, "evidence"), delete=True),
        _damaged(("summary",), delete=True),
        _damaged(("article", "surprise"), "a field the model does not have"),
    ],
    ids=[
        "bad-date",
        "date-as-number",
        "count-as-string",
        "count-as-bool",
        "bool-as-int",
        "unknown-literal",
        "place-as-list",
        "incidents-as-object",
        "missing-evidence",
        "missing-summary",
        "unknown-key",
    ],
)
def test_damaged_encodings_are_refused(data: dict) -> None:
    with pytest.raises(CodecError):
        coded_from_dict(data)


def test_optional_fields_with_defaults_may_be_absent() -> None:
    data = coded_to_dict(sample_coded()[1])
    del data["article"]["url"]
    del data["article"]["content_hash"]
    back = coded_from_dict(data)
    assert back.article.url is None and back.article.content_hash == ""


def test_model_fingerprint_is_stable_within_a_run() -> None:
    assert len(MODEL_FINGERPRINT) == 16
    int(MODEL_FINGERPRINT, 16)


def test_a_damaged_value_is_named_by_its_path() -> None:
    """The path is made only when a value fails (not for every field decoded), and
    still names the field: what a person reading a damaged entry's error needs."""
    data = _damaged(("incidents", 0, "killed", "total"), "3")
    with pytest.raises(
        CodecError, match=r"^coded\.incidents\[0\]\.killed\.total: expected an integer"
    ):
        coded_from_dict(data)
    data = _damaged(("incidents", 0, "why", "killed"), ["ok", 3])
    with pytest.raises(
        CodecError, match=r"^coded\.incidents\[0\]\.why\.killed\[1\]: expected a string"
    ):
        coded_from_dict(data)
