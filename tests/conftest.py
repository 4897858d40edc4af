"""Shared fixtures: a small hand-made report, independent of the extractor's rules."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import PurePosixPath

import pytest

from generator.aggregate import Report, build_report
from generator.model import Article, Casualties, CodedArticle, Faction, Incident, Place, Problem

FACTIONS = {
    "syrian-government": Faction(
        "syrian-government", "Syrian government forces", "syrian-government-and-allies", ("regime",)
    ),
    "hts": Faction("hts", "Hay'at Tahrir al-Sham", "hts-nusra", ("HTS",)),
    "unidentified": Faction("unidentified", "Unidentified armed group", "unknown"),
}


def incident(article_id: str, n: int, **kw) -> Incident:
    base = dict(
        id=f"{article_id}-{n:02d}",
        article_id=article_id,
        date=None,
        date_precision="unknown",
        place=Place(None, None),
        event_type="battle",
        sub_event_type="armed-clash",
        means="gunfire",
        perpetrator=None,
        target=None,
        killed=Casualties(),
        injured=Casualties(),
        aggregate=False,
        attribution=None,
        evidence="",
    )
    base.update(kw)
    return Incident(**base)


def sample_coded() -> list[CodedArticle]:
    a1 = Article(
        id="001_clashes",
        path="001_clashes.txt",
        title="Seven soldiers killed in clashes | Idlib <script>alert(1)</script>",
        text="",
        published=dt.date(2020, 8, 1),
        source="The New Arab",
    )
    a2 = Article(
        id="002_daraa",
        path="nested/002_daraa.md",
        title="# Gunmen attack *Al-Fatatra*",
        text="",
        published=dt.date(2023, 4, 7),
        source=None,
    )
    return [
        CodedArticle(
            a1,
            "Seven regime soldiers were killed in Idlib. A mine killed three.",
            (
                incident(
                    "001_clashes",
                    1,
                    date=dt.date(2020, 7, 31),
                    date_precision="day",
                    place=Place("Jabal al-Zawiya", "idlib", 35.7, 36.5, "place"),
                    event_type="explosions-remote-violence",
                    sub_event_type="remote-explosive-landmine-ied",
                    means="ied",
                    target="syrian-government",
                    killed=Casualties(total=3, combatants=3),
                    injured=Casualties(total=3),
                    attribution="SOHR",
                    evidence="A regime officer and two soldiers were killed after a mine exploded.",
                ),
                incident(
                    "001_clashes",
                    2,
                    date=dt.date(2020, 7, 31),
                    date_precision="day",
                    place=Place("Jabal al-Zawiya", "idlib", 35.7, 36.5, "place"),
                    perpetrator="hts",
                    target="syrian-government",
                    killed=Casualties(total=4),
                    injured=Casualties(total=6),
                    attribution="SOHR",
                    evidence="Four regime soldiers were killed in clashes with HTS | <b>bold</b>.",
                ),
                incident(
                    "001_clashes",
                    3,
                    date=dt.date(2020, 7, 31),
                    date_precision="day",
                    place=Place(None, "idlib", None, None, "governorate"),
                    target="syrian-government",
                    killed=Casualties(total=7),
                    injured=Casualties(total=9),
                    aggregate=True,
                    evidence=(
                        "At least seven Syrian regime soldiers were killed and nine others injured."
                    ),
                ),
            ),
        ),
        CodedArticle(
            a2,
            "Gunmen killed two soldiers in Daraa.",
            (
                incident(
                    "002_daraa",
                    1,
                    date=dt.date(2023, 4, 6),
                    date_precision="day",
                    place=Place("Al-Fatatra", "daraa", None, None, "governorate"),
                    perpetrator="unidentified",
                    target="syrian-government",
                    killed=Casualties(total=2, combatants=2),
                    attribution="Syrian military sources",
                    evidence=(
                        "Two soldiers died when the town of Al-Fatatra was attacked by gunmen."
                    ),
                ),
            ),
        ),
    ]


def sample_problems() -> list[Problem]:
    return [
        Problem("photo.png", "skipped", "not an article: image file"),
        Problem("broken.md", "warning", "front matter is not valid YAML; read without it"),
    ]


@pytest.fixture
def report() -> Report:
    return build_report(sample_coded(), sample_problems(), FACTIONS, files_seen=4)


def assert_links_resolve(pages: dict[str, str]) -> None:
    """Every relative link of the rendered pages points at a page and anchor they hold."""
    anchors = {path: set(re.findall(r"\{#([\w-]+)\}", text)) for path, text in pages.items()}
    for path, text in pages.items():
        for target in re.findall(r"\]\(([^)]+)\)", text):
            file, _, anchor = target.partition("#")
            resolved = (
                str(PurePosixPath(os.path.normpath(PurePosixPath(path).parent / file)))
                if file
                else path
            )
            assert resolved in pages, f"{path} links to missing {target}"
            if anchor:
                assert anchor in anchors[resolved], f"{path} links to missing anchor {target}"
