"""The gazetteer's patterns are tokenized once per extractor version and kept in the
user's cache folder (``generator/extract/ruler_cache.py``): a pipeline built from
the cache must match exactly as one whose ruler tokenized them, and a cache that
cannot be read or holds something else is never used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from spacy.pipeline import SpanRuler

from generator.extract import gazetteer, ruler_cache
from generator.extract.pipeline import _version, make_nlp

TEXT = (
    "Regime forces shelled Khan Sheikhoun and al-Lataminah in Hama countryside, and "
    "Jabhat al Nusra said the Russias jets hit Aleppos east; IS and the SDF fought."
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "sitrep"


def _mentions(nlp: Any) -> list[tuple[int, int, str, str]]:
    doc = nlp(TEXT)
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans[gazetteer.SPANS_KEY]]


def _keys(ruler: SpanRuler) -> dict[str, set[tuple[int, ...]]]:
    """The phrase matcher's patterns: NORM hashes by key (what it pickles)."""
    return cast(dict[str, set[tuple[int, ...]]], ruler.phrase_matcher.__reduce__()[1][1])


def test_a_pipeline_from_the_cache_matches_as_the_ruler_would(cache_home: Path) -> None:
    first = make_nlp()
    written = ruler_cache.cache_file(_version())
    assert written.parent == cache_home and written.is_file()
    nlp = make_nlp()  # from the cache
    ours = cast(SpanRuler, nlp.get_pipe("gazetteer"))
    # the reference: spaCy's own add_patterns, tokenizing every pattern
    ref = cast(
        SpanRuler,
        nlp.add_pipe(
            "span_ruler",
            name="reference",
            after="sitrep_articles",
            config={"spans_key": "reference", "phrase_matcher_attr": "NORM"},
        ),
    )
    ref.add_patterns(gazetteer.patterns())
    assert _keys(ours) == _keys(ref)
    assert ours._match_label_id_map == ref._match_label_id_map
    assert ours.patterns == ref.patterns
    assert _mentions(nlp) == _mentions(first)
    assert len(_mentions(first)) >= 6


@pytest.mark.parametrize(
    "broken", ["not json", '[["PLACE", "Idlib", "x", ["a"]]]', '[["PLACE", "Idlib", 3, []]]', "{}"]
)
def test_a_cache_file_that_holds_something_else_is_not_read(cache_home: Path, broken: str) -> None:
    path = cache_home / "file.json"
    cache_home.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    assert ruler_cache._read(path) is None


def test_a_broken_cache_is_tokenized_anew(cache_home: Path) -> None:
    reference = _mentions(make_nlp())
    path = ruler_cache.cache_file(_version())
    path.write_text('[["PLACE", "Idlib", "x", ["a"]]]', encoding="utf-8")
    assert _mentions(make_nlp()) == reference
    assert len(json.loads(path.read_text(encoding="utf-8"))) > 1000  # written anew


def test_an_unwritable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # its "sitrep" cannot be made
    assert _mentions(make_nlp())


def test_old_versions_are_pruned(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    for k in range(ruler_cache.KEEP + 3):
        (cache_home / f"{ruler_cache.PREFIX}old{k:02d}.json").write_text("[]", encoding="utf-8")
    make_nlp()
    left = sorted(p.name for p in cache_home.glob(f"{ruler_cache.PREFIX}*.json"))
    assert len(left) == ruler_cache.KEEP + 1
    assert ruler_cache.cache_file(_version()).name in left


def test_no_home_folder_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert _mentions(make_nlp())
