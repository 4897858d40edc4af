"""Page keys: a page is rendered again only when its key changes, so a key must name
everything the page prints (equal keys, equal pages) and nothing it does not (adding an
article in Daraa leaves the Idlib page's key alone)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings

from generator.events.totals import build_report
from generator.model import Casualties, CodedArticle, Place
from generator.pages.paging import LATEST
from generator.pages.render import page_jobs
from tests.helpers import FACTIONS, article, corpora, incident, many_articles, sample_coded


def keyed(coded: list[CodedArticle]) -> dict[str, tuple[str | None, str]]:
    """Path -> (key, text) of every page of the report of ``coded``."""
    out = {}
    for job in page_jobs(build_report(coded, [], FACTIONS)):
        text = job.render()
        out[job.path] = (job.key, text if isinstance(text, str) else "".join(text))
    return out


def in_daraa() -> CodedArticle:
    """A new report of a new event in Daraa: unidentified gunmen, soldiers killed."""
    aid = "003_daraa_again"
    return CodedArticle(
        article(
            "", id=aid, title="Gunmen kill three soldiers near Nawa", published=dt.date(2023, 5, 2)
        ),
        "Gunmen killed three soldiers near Nawa.",
        (
            incident(
                aid,
                1,
                date=dt.date(2023, 5, 1),
                date_precision="day",
                place=Place("Nawa", "daraa", None, None, "place"),
                perpetrator="unidentified",
                target="syrian-government",
                killed=Casualties(total=3),
                evidence="Three soldiers were killed near Nawa by unidentified gunmen.",
            ),
        ),
    )


def assert_equal_keys_equal_pages(
    before: dict[str, tuple[str | None, str]], after: dict[str, tuple[str | None, str]]
) -> None:
    for path in before.keys() & after.keys():
        (k1, t1), (k2, t2) = before[path], after[path]
        if k1 is not None and k1 == k2:
            assert t1 == t2, f"{path}: same key, different page"


def test_governorate_and_faction_pages_have_keys() -> None:
    pages = keyed(sample_coded())
    lists = [
        p
        for p in pages
        if p.count("/") == 1
        and p.startswith(("governorates/", "factions/"))
        and not p.endswith("/index.md")
    ]
    assert "governorates/idlib.md" in lists and "factions/hts.md" in lists
    assert all(pages[p][0] is not None for p in lists), [p for p in lists if pages[p][0] is None]


def test_an_added_article_changes_the_keys_of_the_pages_it_is_on_only() -> None:
    before = keyed(sample_coded())
    after = keyed([*sample_coded(), in_daraa()])
    changed = {p for p in before if p in after and before[p][0] != after[p][0]}
    # On the new event's pages: its governorate and both sides' factions.
    assert {"governorates/daraa.md", "factions/unidentified.md"} <= changed
    assert "factions/syrian-government.md" in changed
    # Not on it: another governorate, a faction on neither side, the other articles.
    for path in ("governorates/idlib.md", "governorates/aleppo.md", "factions/hts.md"):
        assert path not in changed, path
    assert not [p for p in changed if p.startswith("articles/") and p != "articles/index.md"]
    assert_equal_keys_equal_pages(before, after)


def test_a_toll_past_the_latest_rows_changes_the_key() -> None:
    """Past LATEST events a page shows the newest rows and only counts the rest: the
    oldest event's toll revised (its article edited) changes no row and no month of
    the archive, but the killed figure, so the page's key."""
    busy = many_articles(LATEST + 5)
    oldest = busy[0]
    revised = dataclasses.replace(oldest.incidents[0], killed=Casualties(total=30))
    edited = [dataclasses.replace(oldest, incidents=(revised,)), *busy[1:]]
    before, after = keyed(busy), keyed(edited)
    for path in ("governorates/idlib.md", "factions/hts.md", "factions/syrian-government.md"):
        assert before[path][0] != after[path][0], path
        assert before[path][1] != after[path][1], path
    assert_equal_keys_equal_pages(before, after)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coded=corpora())
def test_pages_with_equal_keys_are_equal(coded: list[CodedArticle]) -> None:
    """Whatever one article added to a corpus changes (merges, tolls, titles, slugs,
    perpetrators), a page whose key did not change prints the same."""
    assert_equal_keys_equal_pages(keyed(coded[:-1]), keyed(coded))


def test_a_page_of_possible_duplicates_is_keyed_by_its_pairs() -> None:
    """An article elsewhere leaves the Aleppo page of possible duplicates alone (it was
    rendered on every build); a new title of a report it links to changes its key."""
    from tests.helpers import D, art, inc

    pair = [
        art("a", inc("a", killed=5, perpetrator="hts"), published=D),
        art("b", inc("b", killed=5, perpetrator="syrian-government"), published=D),
    ]
    elsewhere = art("c", inc("c", killed=2, province="daraa", place="Nawa"), published=D)
    path = "possible-duplicates/aleppo.md"
    before, after = keyed(pair), keyed([*pair, elsewhere])
    assert before[path][0] is not None and before[path][0] == after[path][0]
    assert_equal_keys_equal_pages(before, after)
    retitled = [dataclasses.replace(pair[0], article=dataclasses.replace(
        pair[0].article, title="Another title"))]  # fmt: skip
    renamed = keyed([*retitled, pair[1]])
    assert renamed[path][0] != before[path][0] and "Another title" in renamed[path][1]


def test_any_field_of_an_incident_is_in_its_article_key() -> None:
    """An incident is keyed by the digest of its repr (made once a build): a change to
    any of its fields, even one the article page may not print, changes the key of its
    article's page, and equal keys still mean equal pages."""
    coded = sample_coded()
    at = next(n for n, c in enumerate(coded) if c.incidents)
    first = coded[at].incidents[0]
    changed = list(coded)
    changed[at] = dataclasses.replace(
        coded[at],
        incidents=(dataclasses.replace(first, evidence=first.evidence + " Later."),)
        + coded[at].incidents[1:],
    )
    before, after = keyed(coded), keyed(changed)
    rekeyed = [p for p in before if before[p][0] is not None and before[p][0] != after[p][0]]
    assert any(p.startswith("articles/") for p in rekeyed), rekeyed
    assert_equal_keys_equal_pages(before, after)
