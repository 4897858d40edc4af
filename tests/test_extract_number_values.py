"""A count's value and a range's high end, as ``span._`` and as ``numbers.value``/``high``."""

from __future__ import annotations

from generator.extract import numbers
from generator.extract.pipeline import get_nlp


def test_span_underscore_reads_the_components_record() -> None:
    doc = get_nlp()("Between 229 and 425 people and a dozen soldiers were killed in Idlib.")
    found = numbers.numbers_in(doc[:])
    assert [(n.text, n._.value, n._.high) for n in found] == [
        ("229 and 425", 229, 425),
        ("a dozen", 12, None),
    ]
    assert [(numbers.value(n), numbers.high(n)) for n in found] == [(229, 425), (12, None)]


def test_a_doc_the_component_did_not_read_has_no_values() -> None:
    doc = get_nlp().make_doc("Seven people were killed.")
    assert numbers.numbers_in(doc[:]) == []
    assert numbers.value(doc[0:1]) is None and doc[0:1]._.value is None
