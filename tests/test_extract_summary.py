"""Summaries a reader would publish, checked on the hand-coded FA-KES dev articles.

``summary_problems`` is the checker: a summary is 1-3 sentences and at most 75
words, carries no dateline (``find_dateline``, the ingest's own matcher), no
byline, no photo caption and no site furniture, and names the main incident's
place and toll where the hand-coded article has one (its deadliest incident).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pytest
import yaml

from generator.extract import extract_article
from generator.extract.gazetteer import places_of
from generator.extract.numbers import numbers_in, value
from generator.extract.summary import (
    MAX_WORDS,
    balanced_quotes,
    before_furniture,
    choosable,
    dateline_of,
    is_caption,
    is_furniture,
    summarise,
    without_byline,
    without_dateline,
    without_furniture,
    without_place_dateline,
    without_repeated_lead,
    without_title,
)
from generator.ingest import read_articles
from generator.ingest.dates import find_dateline
from generator.knowledge.placenames import place_key, places_compatible
from generator.model import Casualties, Incident, Why
from tests import helpers
from tests.helpers import ROOT, clause

GOLD_DEV = ROOT.parent / "shared" / "corpus" / "gold-dev"
PUBLISHED = dt.date(2016, 7, 12)
SHARE = 0.9
"""Of the gold-dev articles, the share whose summaries must pass (issue 15's target)."""
ALL_CRITERIA_SHARE = SHARE
"""The same with the main incident's toll and place: 28 of 30 today (24 before the
extractor's tolls improved, 22 before the article's larger stated total and the lead
printed twice, 0 before these rules)."""

SENTENCE_END = re.compile(r"[.!?][\"'\u201d)]?(?=\s+[\"'\u201c(]?[A-Z0-9])")
BYLINE = re.compile(
    r"^(?:posted|published|written|updated)\b|\b(?:posted|published|written)\s+(?:on|by)\b"
    r"|^by\s+[A-Z]|\bby\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+(?:English|Staff|Correspondent)\b"
    r"|\bReuters Staff\b|\bdate of publication\b|\blast updated\b",
    re.IGNORECASE,
)
CAPTION = re.compile(
    r"\bphoto(?:graph)?s?\b|\bpictured\b|\bgetty images\b|\band agencies\s*\)|\(\s*$|^\s*\)",
    re.IGNORECASE,
)
FURNITURE = re.compile(
    r"\btags\b|\bget short url\b|\bprint this page\b|\bcommunity standards\b|\brelated\b"
    r"|\bread more\b|\bclick here\b|\bsubscribe\b|\ball rights reserved\b|\bshare this\b",
    re.IGNORECASE,
)


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text)) + 1


def names_toll(summary: str, killed: int) -> bool:
    """The toll as a number the extractor reads ("76", "Seventy-six", "1,400")."""
    return any(value(n) == killed for n in numbers_in(clause(summary)))


def names_place(summary: str, place: str | None, province: str | None) -> bool:
    """The gold place's name, or a place of the gazetteer in its governorate."""
    if place:
        key = place_key(place)
        words = re.findall(r"[\w'-]+", summary)
        for n in range(1, 4):
            for i in range(len(words) - n + 1):
                if places_compatible(key, place_key(" ".join(words[i : i + n]))):
                    return True
    if province:
        found = {e.province for _, entries in places_of(clause(summary)) for e in entries}
        if province in found or (province == "rif-dimashq" and "damascus" in found):
            return True
    return False


def main_incident(gold: dict) -> dict | None:
    """The deadliest hand-coded incident (the first on a tie or when none has a toll)."""
    incidents = gold.get("incidents") or []
    if not incidents:
        return None
    return max(incidents, key=lambda i: (i.get("killed") or -1, -incidents.index(i)))


def summary_problems(summary: str, gold: dict | None = None) -> list[str]:
    """What keeps ``summary`` from being published: empty when nothing does."""
    problems = []
    words = len(summary.split())
    if not 0 < words <= MAX_WORDS:
        problems.append(f"{words} words")
    if not 1 <= sentence_count(summary) <= 3:
        problems.append(f"{sentence_count(summary)} sentences")
    if find_dateline(summary) is not None:
        problems.append("dateline")
    if BYLINE.search(summary):
        problems.append("byline")
    if CAPTION.search(summary) or summary.count("(") != summary.count(")"):
        problems.append("caption")
    if FURNITURE.search(summary):
        problems.append("site furniture")
    main = main_incident(gold) if gold else None
    if main and main.get("killed") is not None and not names_toll(summary, main["killed"]):
        problems.append(f"no toll {main['killed']}")
    if main and main.get("place") and not names_place(summary, main["place"], main["province"]):
        problems.append(f"no place {main['place']}")
    return problems


@cache
def gold_dev() -> dict:
    return yaml.safe_load((GOLD_DEV / "gold.yaml").read_text("utf-8"))


@cache
def gold_dev_summaries() -> dict[str, str]:
    articles = {a.id: a for a in read_articles(GOLD_DEV).articles}
    return {k: extract_article(articles[k]).summary for k in sorted(gold_dev())}


def failures(form_only: bool) -> dict[str, tuple[list[str], str]]:
    out = {}
    for article_id, summary in gold_dev_summaries().items():
        problems = summary_problems(summary, None if form_only else gold_dev()[article_id])
        if problems:
            out[article_id] = (problems, summary)
    return out


def report(found: dict[str, tuple[list[str], str]]) -> str:
    return "\n".join(f"{k}: {p} | {s}" for k, (p, s) in sorted(found.items()))


needs_gold_dev = pytest.mark.skipif(
    not GOLD_DEV.is_dir(), reason="../shared/corpus/gold-dev not beside the repo"
)


@needs_gold_dev
def test_gold_dev_summaries_are_short_and_free_of_page_furniture():
    """1-3 sentences, <= 75 words, no dateline, byline, caption or site furniture."""
    found = failures(form_only=True)
    assert len(gold_dev()) - len(found) >= SHARE * len(gold_dev()), report(found)


@needs_gold_dev
def test_gold_dev_summaries_also_name_the_main_incidents_place_and_toll():
    """All criteria, the hand-coded deadliest incident's toll and place included.
    The misses left: a toll the extractor reads otherwise than the coder ("his son
    and 20 other" = 22: the summary names the extractor's deadliest incident), and a
    lead that names no place for an attack the text places only later ("near
    Damascus")."""
    found = failures(form_only=False)
    assert len(gold_dev()) - len(found) >= ALL_CRITERIA_SHARE * len(gold_dev()), report(found)


# ---------------------------------------------------------------- the checker itself
def test_the_checker_finds_each_problem():
    assert summary_problems("Wed 05 Apr 2017 Shelling killed five in Idlib.") == ["dateline"]
    assert "byline" in summary_problems("Posted on a Tuesday by Asharq Al-Awsat English.")
    assert "caption" in summary_problems("A boy sits on the rubble in Aleppo. (")
    assert "site furniture" in summary_problems("Tags Syria Aleppo UN Shelling killed five.")
    assert summary_problems(" ".join(["word"] * 76) + ".") == ["76 words"]
    gold = {"incidents": [{"killed": 5, "place": "Ariha", "province": "idlib"}]}
    assert summary_problems("Shelling killed five in Ariha.", gold) == []
    assert summary_problems("Shelling killed many.", gold) == ["no toll 5", "no place Ariha"]


# ---------------------------------------------------------------- the rules
def test_a_dateline_is_no_part_of_a_summary():
    assert without_dateline("Wed 05 Apr 2017 Syria attack symptoms") == "Syria attack symptoms"
    assert without_dateline("Shelling killed 5 on 4 April 2017.") == (
        "Shelling killed 5 on 4 April 2017."
    )


def test_a_byline_is_no_part_of_a_summary():
    assert without_byline(
        "by Asharq Al-Awsat English Thirty were killed", "Thirty Killed in Strikes"
    ) == ("Thirty were killed")
    assert without_byline("by Youssef Diab and Paula Astih Warplanes struck", None) == (
        "Warplanes struck"
    )


def test_the_headline_run_into_the_lead_is_no_part_of_a_summary():
    assert (
        without_title(
            "22 dead in U.S. raids on IS stronghold. Six civilians were among",
            "22 dead in U.S. raids on IS stronghold",
        )
        == "Six civilians were among"
    )


def test_a_place_dateline_is_no_part_of_a_summary():
    assert without_place_dateline("BEIRUT A Russian helicopter was shot down") == (
        "A Russian helicopter was shot down"
    )
    assert without_place_dateline("MOSCOW (Sputnik) The YPG killed 17") == "The YPG killed 17"
    assert without_place_dateline("Aleppo city was shelled") == "Aleppo city was shelled"


def test_captions_and_site_furniture_are_no_sentences_of_a_summary():
    assert is_caption("A young boy cries as he sits on the rubble in Aleppo on July 21 2015. (")
    assert is_caption("( TRT World and Agencies) The US military is investigating reports")
    assert not is_caption("Shelling killed five in Idlib (northern Syria) on Monday.")
    assert is_furniture("Tags Syria Aleppo UN De Mistura Fatah al-Sham Eleven people were killed")
    assert not is_furniture("Eleven people were killed in Aleppo on Friday.")


def test_a_summary_names_the_deadliest_incident_within_75_words():
    lead = "Rebels launched an assault on government-held districts of Aleppo on Sunday."
    filler = "Fighting went on through the night in several districts of the old city."
    toll = "A suicide attack in the town of Dumeir east of Damascus killed 16 people."
    summary = extract_article(
        helpers.article(" ".join([lead, *[filler] * 8, toll]), published=PUBLISHED)
    ).summary
    assert toll in summary and len(summary.split()) <= MAX_WORDS


def test_a_lead_printed_twice_is_told_once():
    once = "The spokesman and 20 other fighters were killed in air strikes on Sunday"
    assert without_repeated_lead(f"{once} {once} a monitor said.") == f"{once} a monitor said."
    twice = "Shelling killed five people in the town of Ariha on Monday."
    assert summarise([twice, twice, "Rescuers searched the rubble for survivors there."], []) == (
        f"{twice} Rescuers searched the rubble for survivors there."
    )  # two sentences alike: the summary tells it once


def test_a_summary_never_leaves_a_quotation_open():
    assert balanced_quotes('Mayadeen" the ministry said.') == '"Mayadeen" the ministry said.'
    assert balanced_quotes('" Some cases appear to show more.') == (
        '"Some cases appear to show more."'
    )
    assert balanced_quotes('He said "no" on Monday.') == 'He said "no" on Monday.'


def _told(n: int, evidence: str, total: int, *, aggregate: bool = False, why=()) -> Incident:
    return helpers.incident(
        "a", n, evidence=evidence, killed=Casualties(total=total), aggregate=aggregate,
        why=Why(killed=tuple(why)),
    )  # fmt: skip


def test_a_summary_names_the_articles_larger_stated_total():
    """The 29 told as background is the deadliest thing the article reports: the
    summary names it, though the site does not count it; a total over a period is
    no attack and is never named for it."""
    lead = "Rebel fighters launched a major assault on government-held districts of Aleppo."
    nine = "Rebels fired shells into western Aleppo, killing nine civilians on Monday."
    fill = "The rebels said the assault would go on for several days in the city."
    past = "On Sunday at least 29 opposition fighters were killed when rebels attacked the road."
    war = "More than 280000 people have been killed in Syria since the war began in 2011."
    sentences = [lead, nine, fill, past, war]
    counted = _told(1, nine, 9)
    background = _told(2, past, 29, aggregate=True, why=["background_toll"])
    period = _told(3, war, 280000, aggregate=True, why=["period_total"])
    summary = summarise(sentences, [counted, background, period])
    assert past in summary and nine in summary and war not in summary
    assert past not in summarise(sentences, [counted, period])


def test_a_headline_alone_is_its_own_summary():
    """An article of its headline alone (a dateline, then the headline) is summed up by
    its headline, never left without a summary."""
    title = "51 martyrs from Kefraya escorted from Military Hospital in Aleppo"
    assert summarise([f"25 April 2017 {title}"], [], title) == title
    title = "Russian strikes kill 34 civilians in Deir Ezzor Monitor"
    assert summarise([f"{title} AFP Sunday 26 Nov 2017"], [], title) == title


def test_only_the_sentences_a_summary_may_choose_are_checked():
    """The first two publishable sentences, and those an incident's evidence holds or
    that write its toll, each once: a summary chooses among no others (the one that
    writes the toll when the evidence does not is chosen)."""
    lead = "Rebel fighters launched a major assault on government-held districts of Aleppo."
    fill = "The rebels said the assault would go on for several days in the city."
    more = "Residents said they had heard explosions through the night in the east."
    evidence = "Rebels fired shells into western Aleppo on Monday, a monitor said."
    toll = "The shells killed nine civilians in the western districts of the city."
    sentences = [lead, lead, fill, more, evidence, more, toll, "Short one."]
    shelling = _told(1, evidence, 9)
    assert choosable(sentences, [shelling]) == [lead, fill, evidence, toll]
    assert choosable(sentences, []) == [lead, fill]
    assert summarise(sentences, [shelling]) == f"{lead} {toll}"


def test_furniture_is_cut_as_from_each_sentence_alone():
    """The article-wide look for the phrases changes nothing: a sentence holding one is
    cut as ``before_furniture`` cuts it, the others (and an article without any) are
    kept whole, also where a phrase is only part of a word or across two sentences."""
    story = "Shelling in West Aleppo left 11 people dead on Friday Tags Syria Aleppo UN"
    plain = "Rescuers searched the rubble of the market for survivors on Saturday."
    inside = "The interrelated attacks hit the market stags and the hostages twice."
    across = "Rescuers said the shelling went on through the night and the Get short"
    sentences = [story, plain, inside, across, "URL of the page."]
    assert without_furniture(sentences) == [before_furniture(s) for s in sentences]
    cut = without_furniture(sentences)[0]
    assert cut == "Shelling in West Aleppo left 11 people dead on Friday"
    assert without_furniture([plain, inside]) == [plain, inside]


def test_a_first_word_said_once_is_no_repeated_lead():
    """A sentence whose first word comes back is checked for a copy; one whose first
    word never comes back is returned at once, unchanged."""
    assert without_repeated_lead("Shelling killed five people in the town of Ariha.") == (
        "Shelling killed five people in the town of Ariha."
    )
    once = "Jets hit the town of Ariha and killed five people there"
    assert without_repeated_lead(f"  {once} {once} on Monday.") == f"{once} on Monday."


def test_a_sentence_without_a_year_or_bracket_has_no_dateline():
    """``dateline_of`` answers None at once for a sentence with neither a four-digit
    year nor a bracket, and reads the others as ``find_dateline`` does."""
    assert dateline_of("Jets struck the town on Monday, killing five people.") is None
    found = dateline_of("Posted on July 2 2016 by Asharq Al-Awsat English Thirty killed")
    assert found is not None and found.date == dt.date(2016, 7, 2)
    yearless = dateline_of("BEIRUT, April 7 (Reuters) - Jets struck the town")
    assert yearless == find_dateline("BEIRUT, April 7 (Reuters) - Jets struck the town")
