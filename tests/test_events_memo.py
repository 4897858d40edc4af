"""Events kept between builds (generator/events/memo.py): the merge through the memo
gives the events and near misses of one merge of everything, on the first build and
on every later one, and merges again exactly the groups whose reports, factions or
code changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.events.memo import _SEP, FOLDER, MergeMemo
from generator.events.merge import event_json, merge_incidents, near_miss_json
from generator.model import CodedArticle
from tests.helpers import FACTIONS, D, a_year_of_daily_reports, art, inc
from tests.test_cluster_blocks import spread_corpora, whole


def memo_json(memo: MergeMemo, coded: list[CodedArticle]) -> str:
    events = memo.merge(coded, FACTIONS)
    assert memo.near_misses is not None
    return json.dumps(
        [[event_json(e) for e in events], [near_miss_json(m) for m in memo.near_misses]]
    )


CORPUS = [
    art("a", inc("a", killed=5, province="aleppo"), published=D),
    art("b", inc("b", killed=6, province="aleppo"), published=D),
    art("c", inc("c", killed=2, province="idlib", place="Saraqib"), published=D),
    art("d", inc("d", killed=3, province="daraa", place="Busra"), published=D - dt.timedelta(60)),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spread_corpora())
def test_memo_merge_is_the_merge_of_everything_built_afresh_and_read_back(
    tmp_path_factory, coded: list[CodedArticle]
) -> None:
    cache = tmp_path_factory.mktemp("cache")
    first = MergeMemo(cache, "code")
    assert memo_json(first, coded) == whole(coded)
    first.save()
    again = MergeMemo(cache, "code")
    assert memo_json(again, coded) == whole(coded)
    assert again.merged == 0


def test_an_added_article_merges_only_its_own_group_again(tmp_path: Path) -> None:
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    assert first.merged == first.groups == 3  # aleppo (a, b), idlib, daraa
    added = [*CORPUS, art("e", inc("e", killed=2, province="idlib", place="Saraqib"), published=D)]
    again = MergeMemo(tmp_path, "code")
    assert memo_json(again, added) == whole(added)
    assert (again.groups, again.merged) == (3, 1)


def test_an_edited_article_is_merged_again_with_its_new_figures(tmp_path: Path) -> None:
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    edited = [*CORPUS[:3], art("d", inc("d", killed=30, province="daraa", place="Busra"),
                               published=D - dt.timedelta(60))]  # fmt: skip
    again = MergeMemo(tmp_path, "code")
    events = again.merge(edited, FACTIONS)
    assert again.merged == 1
    assert [e.killed_best for e in events if e.province == "daraa"] == [30]
    assert memo_json(MergeMemo(tmp_path, "code"), edited) == whole(edited)


def test_new_code_or_factions_merge_every_group_again(tmp_path: Path) -> None:
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    other_code = MergeMemo(tmp_path, "code changed")
    other_code.merge(CORPUS, FACTIONS)
    assert other_code.merged == 3
    factions = dict(FACTIONS)
    name, faction = next(iter(factions.items()))
    factions[name] = dataclasses.replace(faction, bloc="other-bloc")
    other_factions = MergeMemo(tmp_path, "code")
    other_factions.merge(CORPUS, factions)
    assert other_factions.merged == 3


def test_reports_kept_apart_are_in_the_key_and_kept_apart(tmp_path: Path) -> None:
    first = MergeMemo(tmp_path, "code")
    assert len(first.merge(CORPUS, FACTIONS)) == 3  # a and b: one event
    first.save()
    again = MergeMemo(tmp_path, "code")
    apart = again.merge(CORPUS, FACTIONS, alone={"b-01"})
    assert again.merged == 1
    assert apart == merge_incidents(CORPUS, FACTIONS, alone={"b-01"})
    assert len(apart) == 4


def test_a_damaged_or_foreign_memo_is_merged_afresh_and_nothing_else_removed(
    tmp_path: Path,
) -> None:
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    folder = tmp_path / FOLDER
    files = sorted(folder.glob("*.json"))
    assert len(files) == 3
    files[0].write_text("{not json", "utf-8")
    head, *lines = files[1].read_text("utf-8").split("\n")
    for n, line in enumerate(lines):  # a group a line: its key, a tab, its entry
        key, _, text = line.partition("\t")
        head_text, event_text, *more = text.split(_SEP)  # the head, then an event a text
        event = json.loads(event_text)
        event["incidents"] = [["nope", "nope-01"]]
        lines[n] = f"{key}\t{_SEP.join([head_text, json.dumps(event), *more])}"
    files[1].write_text("\n".join([head, *lines]), "utf-8")
    (folder / "notes.json").write_text("mine", "utf-8")
    again = MergeMemo(tmp_path, "code")
    assert memo_json(again, CORPUS) == whole(CORPUS)
    assert again.merged == 2
    again.save()
    # A build with one governorate fewer: its file goes, a file sitrep did not name stays.
    fewer = MergeMemo(tmp_path, "code")
    fewer.merge(CORPUS[:3], FACTIONS)
    fewer.save()
    assert len(list(folder.glob("*.json"))) == 3  # two governorates + notes.json
    assert (folder / "notes.json").read_text("utf-8") == "mine"


def test_an_event_is_made_again_from_this_builds_reports_and_checked(tmp_path: Path) -> None:
    """An entry keeps each event as its grouping (id, reports, links), and the event is
    made again from this build's reports: its incidents are this build's objects, and
    an entry whose grouping does not make the event it names is merged afresh."""
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    texts = [p.read_text("utf-8") for p in sorted((tmp_path / FOLDER).glob("*.json"))]
    events = [json.loads(t) for text in texts for t in text.split(_SEP)[1:]]
    assert all(sorted(e) == ["id", "incidents", "links"] for e in events)
    again = MergeMemo(tmp_path, "code")
    read = again.merge(CORPUS, FACTIONS)
    assert again.merged == 0
    incidents = {id(i) for c in CORPUS for i in c.incidents}
    assert all(id(i) in incidents for e in read for i in e.incidents)
    path = sorted((tmp_path / FOLDER).glob("*.json"))[0]
    path.write_text(path.read_text("utf-8").replace('"id": "ev-', '"id": "ev-0'), "utf-8")
    third = MergeMemo(tmp_path, "code")
    assert memo_json(third, CORPUS) == whole(CORPUS)
    assert third.merged == 1


def test_a_build_that_merged_elsewhere_keeps_the_memo_of_the_last(tmp_path: Path) -> None:
    """With --dask (the cluster merged) no group went through the memo: saving must not
    take that for "no governorate merged" and remove every kept file."""
    first = MergeMemo(tmp_path, "code")
    memo_json(first, CORPUS)
    first.save()
    kept = sorted((tmp_path / FOLDER).iterdir())
    assert kept
    MergeMemo(tmp_path, "code").save()  # nothing merged through it
    assert sorted((tmp_path / FOLDER).iterdir()) == kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spread_corpora(), spread_corpora(), st.randoms(use_true_random=False))
def test_a_group_taken_up_again_after_adds_and_removals_is_the_merge_afresh(
    tmp_path_factory, coded: list[CodedArticle], more: list[CodedArticle], rnd
) -> None:
    """Articles added (published before, among and after the others) and removed:
    each group not in the memo is its last merge taken up again, and the events and
    near misses are those of one merge of everything afresh."""
    cache = tmp_path_factory.mktemp("cache")
    first = MergeMemo(cache, "code")
    memo_json(first, coded)
    first.save()
    added = [dataclasses.replace(a, article=dataclasses.replace(a.article, id=f"new{a.article.id}"))
             for a in more]  # fmt: skip
    added = [art(a.article.id, *(dataclasses.replace(i, id=f"new{i.id}", article_id=a.article.id)
                                 for i in a.incidents), published=a.article.published)
             for a in added]  # fmt: skip
    after = [a for a in coded if rnd.random() > 0.2] + added
    again = MergeMemo(cache, "code")
    assert memo_json(again, after) == whole(after)
    again.save()
    assert memo_json(MergeMemo(cache, "code"), after) == whole(after)


def test_an_article_added_to_a_dense_block_compares_only_the_reports_near_it(
    tmp_path: Path,
) -> None:
    """A year of reports in one governorate, one a day, chained into one group: an
    added article is merged by taking the group's last merge up again, deciding afresh
    only the reports that look up its days."""
    coded = a_year_of_daily_reports()
    first = MergeMemo(tmp_path, "code")
    memo_json(first, coded)
    first.save()
    assert (first.groups, first.decided) == (1, 365)
    mid = D + dt.timedelta(180)
    added = [*coded, art("new", inc("new", day=mid, killed=3), published=mid)]
    again = MergeMemo(tmp_path, "code")
    assert memo_json(again, added) == whole(added)
    assert (again.groups, again.merged) == (1, 1)
    assert 1 <= again.decided <= 12


def test_a_dense_group_cut_in_two_takes_up_its_last_merge_twice(tmp_path: Path) -> None:
    """A month of a dense block's reports removed cuts its group in two: each new group
    parses the one old entry that holds its reports (the memo keeps no entry parsed
    between groups) and both are the merge afresh, deciding only the reports near the
    cut."""
    coded = a_year_of_daily_reports()
    first = MergeMemo(tmp_path, "code")
    memo_json(first, coded)
    first.save()
    cut = coded[:150] + coded[180:]
    again = MergeMemo(tmp_path, "code")
    assert memo_json(again, cut) == whole(cut)
    assert (again.groups, again.merged) == (2, 2)
    assert 1 <= again.decided <= 12


def test_a_last_merge_made_by_other_code_or_factions_is_never_taken_up(tmp_path: Path) -> None:
    """Taking up a last merge keeps its decisions for the reports a change cannot
    reach; those were decided by the last build's rules: with other code (or
    factions) every report is decided afresh."""
    coded = a_year_of_daily_reports()
    first = MergeMemo(tmp_path, "code")
    memo_json(first, coded)
    first.save()
    mid = D + dt.timedelta(180)
    added = [*coded, art("new", inc("new", day=mid, killed=3), published=mid)]
    other_code = MergeMemo(tmp_path, "other code")
    assert memo_json(other_code, added) == whole(added)
    assert other_code.decided == len(added)
    factions = dict(FACTIONS)
    name, faction = next(iter(factions.items()))
    factions[name] = dataclasses.replace(faction, bloc="other-bloc")
    other_factions = MergeMemo(tmp_path, "code")
    other_factions.merge(added, factions)
    assert other_factions.decided == len(added)


def test_a_governorates_file_is_written_a_piece_at_a_time_as_joined() -> None:
    """Aleppo's file of a 100,000-article archive is hundreds of MB: written a piece at
    a time, each entry's JSON texts joined by the separator only there, the bytes the
    joined lines made."""
    from generator.events.memo import _HEADER, _lines

    groups = {"b": ('{"x": 1}', '{"e": 2}', "{}"), "a": ('{"y": "\\u00e9\\t"}',), "c": ("{}",)}
    pieces = list(_lines(groups, "made-with"))
    assert len(pieces) == 11  # header; a: key, text; b: key, 3 texts, 2 separators; c: 2
    lines = [_HEADER + "made-with", *(f"{k}\t{_SEP.join(groups[k])}" for k in "abc")]
    assert "".join(pieces) == "\n".join(lines)


def test_a_governorate_done_is_let_go_and_merged_again_from_its_file(tmp_path: Path) -> None:
    """Once a governorate's last block is merged, its old entries and which entry held
    each report are let go (at 100,000 articles they set an add-one build's peak); a
    second merge through the same memo reads the file again, and save still knows
    which files changed."""
    first = MergeMemo(tmp_path, "code")
    first.merge(CORPUS, FACTIONS)
    first.save()
    files = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    added = [*CORPUS, art("e", inc("e", killed=2, province="idlib", place="Saraqib"), published=D)]
    again = MergeMemo(tmp_path, "code")
    once = memo_json(again, added)
    assert (again._old, again._owners) == ({}, {})
    # of the entries' text, only the changed governorate's (idlib's one group) is held
    assert sorted(len(groups) for groups in again._new.values()) == [0, 0, 1]
    assert once == whole(added) == memo_json(again, added)
    assert again.merged == 1  # the file read again: idlib's new group is not in it yet
    again.save()
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    changed = {name for name in after if files.get(name) != after[name]}
    assert len(changed) == 1  # idlib's file only


def test_an_entry_is_read_back_an_event_at_a_time_whatever_its_strings_hold(
    tmp_path: Path,
) -> None:
    """An entry's events are JSON texts joined by a control character, which
    json.dumps escapes wherever an article's strings hold it: a place named with it
    (in the reasons of the links and near misses) reads back as it was, from the
    memo, not merged again."""
    coded = [*CORPUS, art("e", inc("e", killed=4, province="hama", place=f"Ha{_SEP}ma"),
                          published=D)]  # fmt: skip
    first = MergeMemo(tmp_path, "code")
    assert memo_json(first, coded) == whole(coded)
    first.save()
    again = MergeMemo(tmp_path, "code")
    assert memo_json(again, coded) == whole(coded)
    assert again.merged == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / FOLDER).iterdir())
    assert text.count(_SEP) == len(first.merge(coded, FACTIONS))  # one before each event
