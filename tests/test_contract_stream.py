"""The incidents.json download is written in pieces of one record each, and the
pieces make the same bytes as ``json.dumps`` of the whole document."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.contract import dump_json
from generator.events.totals import build_report
from generator.pages.downloads import report_contract
from generator.pages.render import page_jobs
from generator.pages.urls import DOWNLOADS
from tests.helpers import FACTIONS, corpora, many_articles, sample_coded, sample_problems

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def whole(report: Any) -> str:
    """What the download was before it was streamed: the document dumped whole."""
    doc = {k: list(v) if isinstance(v, Iterator) else v for k, v in report_contract(report)}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def download(report: Any) -> list[str]:
    (job,) = [j for j in page_jobs(report) if j.path == DOWNLOADS["json"]]
    pieces = job.render()
    assert not isinstance(pieces, str), "incidents.json is made in one piece"
    return list(pieces)


def test_the_download_is_the_whole_document_in_pieces_of_one_record() -> None:
    report = build_report(many_articles(300), [], FACTIONS)
    pieces = download(report)
    text = "".join(pieces)
    assert text == whole(report)
    assert len(json.loads(text)["articles"]) == 300
    # No piece holds more than one article's or event's record.
    assert max(len(p) for p in pieces) < len(text) / 100


def test_the_sample_download_is_unchanged() -> None:
    report = build_report(sample_coded(), sample_problems(), FACTIONS, files_seen=4)
    assert "".join(download(report)) == whole(report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coded=corpora())
def test_any_corpus_gives_the_same_bytes(coded) -> None:
    report = build_report(coded, [], FACTIONS)
    assert "".join(download(report)) == whole(report)


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(
        st.tuples(st.text(max_size=5), st.booleans(), st.lists(JSON, max_size=4)),
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    indent=st.sampled_from([1, 2, 4]),
)
def test_dump_json_is_json_dumps(items: list[tuple[str, bool, list[Any]]], indent: int) -> None:
    """Any keys and values, lists given whole or as iterators, empty ones included."""
    doc = {k: v for k, _, v in items}
    lazy = [(k, v if whole_list else iter(v)) for k, whole_list, v in items]
    assert "".join(dump_json(lazy, indent)) == json.dumps(doc, ensure_ascii=False, indent=indent)


PLAIN_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda f: f == 0 or 1e-4 <= abs(f) < 1e16
)
"""Floats json.dumps and orjson spell alike (every coordinate)."""
JSON_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | PLAIN_FLOATS | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=4) | st.integers() | st.none(), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300)
@given(JSON_ANY, st.integers(0, 3), st.integers(0, 3))
def test_indented_is_json_dumps_nested(value: Any, indent: int, level: int) -> None:
    """The fast writer of incidents.json's records (indent 1) and of ``sitrep extract``'s
    (indent 2, orjson; an int past 64 bits or a key that is not a string, which
    orjson refuses, written the other way): json.dumps' bytes, nested."""
    from generator.contract import indented

    expected = json.dumps(value, ensure_ascii=False, indent=indent)
    assert indented(value, indent, level) == expected.replace("\n", "\n" + " " * (indent * level))


@settings(max_examples=200)
@given(st.floats(), st.integers(1, 3))
def test_a_float_is_spelled_one_way_at_every_indent(value: float, indent: int) -> None:
    """Outside 1e-4 to 1e16 json.dumps and orjson spell a float differently (1e-06,
    1e-6); whichever way a record is written, it is orjson's spelling, which reads
    back as the same float; NaN and the infinities, which are not JSON, are null."""
    from generator.contract import indented

    text = indented({"latitude": [value]}, indent)
    assert text.split("[")[1].split()[0] == orjson.dumps(value).decode()
    read = json.loads(text)["latitude"][0]
    assert read == value if math.isfinite(value) else read is None


def test_what_orjson_refuses_is_written_as_json_dumps_writes_it() -> None:
    from generator.contract import indented

    for value in ({"toll": 10**30}, {1: "a"}, {"a": {"b": [2**64, "x"]}}):
        assert indented(value, 2) == json.dumps(value, ensure_ascii=False, indent=2)
    assert "\ud800" in indented(["\ud800"], 2)  # a lone surrogate kept, as json.dumps keeps it
    with pytest.raises(TypeError):  # not JSON: refused, as json.dumps refuses it
        indented({"when": dt.date(2017, 4, 7)}, 2)
