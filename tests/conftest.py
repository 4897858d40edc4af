"""Shared fixtures: a small hand-made report, independent of the extractor's rules."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
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


# ------------------------------------------------------------------ live markup


_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data"})
_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "object", "embed", "base", "form", "meta"})


class _LiveMarkup(HTMLParser):
    """Collects what can run in a page: script-capable elements (with their
    content), event-handler attributes and script URLs, each as a string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self._open = [f"<{tag} {sorted((k, v or '') for k, v in attrs)}>"]
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            squeezed = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if name in _URL_ATTRS and squeezed.startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in _ACTIVE_TAGS:
            self.found.append("".join(self._open))
            self._open = None

    def close(self) -> None:
        super().close()
        if self._open is not None:  # an element left open runs too
            self.found.append("".join(self._open))
            self._open = None


def live_markup(html: str) -> list[str]:
    """Every script element, embedded frame or object, ``<base>``/``<meta>``/``<form>``,
    event-handler attribute and ``javascript:`` URL in ``html``, parsed with an HTML
    parser (never a regex): what a page could run. Compare with a clean page's."""
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found

