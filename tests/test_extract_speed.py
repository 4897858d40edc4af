"""The rule layer's shortcuts read exactly what the slow way reads (issue 13: speed
work changes no output)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generator.extract.candidates import Candidate, is_earlier_year, years_in
from generator.extract.rules import once_per_span
from generator.extract.rules.casualties import Toll, read_toll
from tests.helpers import clause

YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
"""The years a span names, as the rules read them before ``years_in``."""


@pytest.mark.parametrize(
    "text",
    [
        "The 2013 sarin attack on Ghouta killed hundreds.",
        "In 1999, 2004 and 2039 nothing; 1979 and 2040 are no years here.",
        "FA-KES glues dates: 202015 and 2015-2016, also 2015_x and x2015.",
        "Runs: 20202020, 1989899, 19802039 and ٢٠١٥ or 201٥.",
        "No year at all.",
    ],
)
def test_years_in_reads_what_the_regex_reads_in_every_part(text):
    span = clause(text)
    doc = span.doc
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            part = doc[start:end]
            assert years_in(part) == [int(y) for y in YEAR.findall(part.text)], part.text


def test_a_clause_naming_only_earlier_years_is_about_the_past():
    span = clause("The 2013 sarin attack on Ghouta killed hundreds.")
    assert is_earlier_year(span, dt.date(2016, 5, 1))
    assert not is_earlier_year(span, dt.date(2013, 5, 1))


def test_a_reading_is_made_once_per_stretch_of_text():
    made = []

    @once_per_span
    def count_tokens(span):
        made.append((span.start, span.end))
        return len(span)

    span = clause("Five soldiers were killed in Idlib.")
    doc = span.doc
    assert count_tokens(doc[0:3]) == count_tokens(doc[0:3]) == 3
    assert count_tokens(doc[1:3]) == 2
    assert made == [(0, 3), (1, 3)]


def test_a_kept_toll_is_the_toll_read_afresh():
    span = clause("Five soldiers were killed and two were injured in Idlib.")
    first = read_toll(span)
    assert read_toll(span) is first
    assert first == read_toll.__wrapped__(span)


def test_a_candidate_copy_is_dataclasses_replace():
    cand = Candidate(
        index=0,
        clause=clause("Five soldiers were killed in Idlib."),
        sentence="Five soldiers were killed in Idlib.",
        date=None,
        precision="unknown",
        place=None,
        province="idlib",
        place_entry=None,
        own_place=False,
        means="unknown",
        perpetrator=None,
        target=None,
        claimant=None,
        toll=Toll(),
        attribution=None,
    )
    assert cand.but(recalled=True) == dataclasses.replace(cand, recalled=True)
    assert cand.because("killed", "r", aggregate=True) == dataclasses.replace(
        cand, aggregate=True, why=cand.why.add("killed", "r")
    )
    assert cand.but().why is cand.why and cand.but(lead=True) is not cand
    with pytest.raises(TypeError):
        cand.but(no_such_field=1)


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Five soldiers were killed in Idlib.", False),
        ("Five soldiers were killed in Idlib on Sunday.", True),
        ("Sunday's strike killed five soldiers in Idlib.", True),
        ("Five soldiers were killed in Idlib yesterday.", True),
        ("Five soldiers were killed in Idlib last week.", True),
        ("Five soldiers were killed in Idlib on 11 June.", True),
    ],
)
def test_only_a_clause_with_a_date_word_is_read_for_its_date(text, dated):
    from generator.extract.rules.dates import may_date, read_date

    span = clause(text)
    assert may_date(span) is dated
    published = dt.date(2023, 6, 14)
    assert (read_date(span, published)[0] is not None) is dated


def test_a_count_and_its_role_are_read_once_per_clause():
    from generator.extract.numbers import numbers_in
    from generator.extract.rules import first_decision
    from generator.extract.rules.casualties import NUMBER_ROLES, count_of, count_role

    span = clause("Two men from Hezbollah and three men from the popular committees were killed.")
    first, second = numbers_in(span)
    c = count_of(span, second)
    assert count_of(span, second) is c
    assert count_role(c) == first_decision(NUMBER_ROLES, c) == ("killed", "counted_by_word_after")
    assert count_of(span[1:], second) is not c  # another stretch of text, another count


def test_has_cue_is_a_label_of_the_span_for_every_part_and_list():
    from generator.extract.cues import CUES, _index, _within, has_cue

    span = clause(
        "This follows a similar attack: regime airstrikes killed five civilians and "
        "wounded 12 in the IS-held town, the Syrian Observatory said."
    )
    doc = span.doc
    labels = set(CUES) | {"means", "sources"}
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            part = doc[start:end]
            held = {c[2] for c in _within(_index(doc), part)}
            assert {label for label in labels if has_cue(part, label)} == held & labels
    assert len({c[2] for c in _within(_index(doc), span)}) > 3


def test_sentence_of_is_spacys_sentence_of_a_span():
    from generator.extract.rules.dates import sentence_of

    doc = clause("Five soldiers were killed. Two more died on Monday! The army said so.").doc
    assert len(list(doc.sents)) == 3
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            part = doc[start:end]
            mine, spacys = sentence_of(part), part.sent
            assert (mine.start, mine.end) == (spacys.start, spacys.end), part.text


@pytest.mark.parametrize("slots", [False, True])
def test_quick_init_makes_what_the_dataclass_init_makes(slots: bool) -> None:
    """With or without slots (a slotted class's fields set through its slots)."""
    from generator.frozen import quick_init

    @dataclasses.dataclass(frozen=True, slots=slots)
    class Plain:
        a: int
        b: tuple[str, ...] = ()
        c: list[int] = dataclasses.field(default_factory=list)

    @quick_init
    @dataclasses.dataclass(frozen=True, slots=slots)
    class Quick:
        a: int
        b: tuple[str, ...] = ()
        c: list[int] = dataclasses.field(default_factory=list)

    for args, kw in [((1,), {}), ((1, ("x",)), {}), ((), {"a": 2, "c": [3]}), ((4, (), [5]), {})]:
        plain, quick = Plain(*args, **kw), Quick(*args, **kw)
        assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
        assert repr(quick).replace("Quick", "Plain") == repr(plain)
    assert hasattr(Quick(1), "__dict__") is not slots
    assert Quick(1).c is not Quick(1).c  # a fresh default each time
    assert Quick(1) == Quick(1, (), [])
    assert dataclasses.replace(Quick(1), b=("y",)) == Quick(1, ("y",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Quick(1).a = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Quick()  # type: ignore[call-arg]


def test_quick_init_of_mixed_slots_and_dicts_and_what_it_refuses():
    """A class without slots may inherit slotted fields (and the reverse): each field
    is set where the dataclass's own __init__ would set it. A field named like the
    made __init__'s local is no trap; keyword-only fields are refused, not reordered."""
    from generator.frozen import _DICT, quick_init

    @quick_init
    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int
        b: str = "x"

    @quick_init
    @dataclasses.dataclass(frozen=True)
    class Sub(Base):
        c: tuple[int, ...] = ()
        d: int = 0  # the name the made __init__ once used for the instance's dict

    sub = Sub(1, "y", (2,), 3)
    assert (sub.a, sub.b, sub.c, sub.d) == (1, "y", (2,), 3)
    assert sub == Sub(1, "y", (2,), 3) and vars(sub) == {"c": (2,), "d": 3}

    @quick_init
    @dataclasses.dataclass(frozen=True)
    class Plain:
        d: int
        e: int

    assert (Plain(1, 2).d, Plain(1, 2).e) == (1, 2)
    with pytest.raises(AssertionError, match="keyword-only"):

        @quick_init
        @dataclasses.dataclass(frozen=True, kw_only=True)
        class Keywords:
            a: int

    with pytest.raises(AssertionError, match="reserved"):
        quick_init(dataclasses.make_dataclass("Reserved", [_DICT], frozen=True))


def test_the_model_classes_made_by_the_ten_thousand_init_quickly():
    from generator.model import Casualties, Incident, Place, Why

    for cls in (Casualties, Incident, Place, Why):
        # The dataclass's own __init__ calls __dataclass_builtins_object__.__setattr__.
        assert "__setattr__" not in cls.__init__.__code__.co_names, cls
        assert "__dataclass_builtins_object__" not in cls.__init__.__code__.co_names, cls
    assert Why(("a",)).add("place", "b") == Why(killed=("a",), place=("b",))


@pytest.mark.parametrize(
    "text",
    [
        "Five were killed, according to the Aleppo Media Center.",
        "The Halab Today network said five were killed.",
        "According to Local Coordination Committees five died; the Aleppo Media Center said so.",
        "according to activists five were killed in Idlib",
        "Five were killed in Idlib.",
    ],
)
def test_quoted_as_written_reads_what_walking_every_word_reads(text):
    from generator.extract.rules import attribution
    from generator.extract.tokens import norms, texts

    def every_word(sentence):  # the walk before the name starts were found once per doc
        ts, ns = texts(sentence.doc), norms(sentence.doc)
        lo, hi = sentence.start, sentence.end
        for i in range(lo, hi - 2):
            if ns[i] == "according" and ns[i + 1] == "to":
                found = attribution._organisation(ts, ns, i + 2 + (ns[i + 2] == "the"), hi)
                if found is not None:
                    return found[0]
            elif (
                ts[i][:1].isupper()
                and ns[i] != "the"
                and (i == lo or not ts[i - 1][:1].isupper() or ns[i - 1] == "the")
            ):
                found = attribution._organisation(ts, ns, i, hi)
                if found is not None and attribution._speaks_after(sentence, found[1]):
                    return found[0]
        return None

    doc = clause(text).doc
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            part = doc[start:end]
            assert attribution.quoted_as_written(part) == every_word(part), part.text
