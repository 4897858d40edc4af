"""Helpers shared by the test files: data to build reports from, hypothesis strategies,
the CLI, built sites, the hostile corpus. Fixtures are in ``conftest.py``."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import strategies as st

from generator.model import Article, Casualties, CodedArticle, Faction, Incident, Place, Problem

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (POSIX paths relative to it) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------ the command line


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def sitrep(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``sitrep ARGV...`` in this process: its exit code, stdout and stderr."""
    from generator.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return Run(code, out, err)


def bench_tool() -> ModuleType:
    """``tools/bench.py`` (``tools/`` is not a package), loaded once: what it reads off
    sitrep's output and the tables it makes are tested against the real lines."""
    name = "sitrep_tools_bench"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "bench.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# ------------------------------------------------------------------ articles and reports


def article(
    text: str,
    *,
    id: str = "a",
    title: str = "t",
    published: dt.date | None = None,
    source: str | None = None,
) -> Article:
    """An article as ingest would make it from ``{id}.txt``."""
    return Article(
        id=id, path=f"{id}.txt", title=title, text=text, published=published, source=source
    )


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


def many_articles(
    n: int, *, per_day: int = 1, start: dt.date = dt.date(2016, 1, 1)
) -> list[CodedArticle]:
    """``n`` articles, one HTS shelling in Idlib each, ``per_day`` a day: distinct
    places, so no two merge."""
    out = []
    for k in range(n):
        day = start + dt.timedelta(days=k // per_day)
        aid = f"a{k:05d}"
        inc = incident(
            aid,
            1,
            date=day,
            date_precision="day",
            place=Place(f"Village {k}", "idlib"),
            means="shelling",
            perpetrator="hts",
            target="syrian-government",
            killed=Casualties(total=k % 7 + 1),
            evidence=f"Shelling killed {k % 7 + 1} in Village {k}.",
        )
        a = article("", id=aid, title=f"Shelling in village {k}", published=day)
        out.append(CodedArticle(a, "A summary.", (inc,)))
    return out


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


def counted(text: str, **fields: Any) -> list[Incident]:
    """The incidents (stated totals left out) the extractor reads from an article of
    ``text`` (and the other ``fields`` of :func:`article`)."""
    from generator.extract import extract_article

    return [i for i in extract_article(article(text, **fields)).incidents if not i.aggregate]


def clause(text: str) -> Any:
    """``text`` as one clause for the extractor's rules: the whole text, through the
    blank pipeline."""
    from generator.extract.pipeline import get_nlp

    return get_nlp()(text)[:]


def report_of(*ids: str) -> Any:
    """A report of articles with these ids and no incidents."""
    from dataclasses import replace

    from generator.events.totals import build_report

    template = sample_coded()[1]
    coded = [
        replace(template, article=replace(template.article, id=i, path=f"{i}.txt"), incidents=())
        for i in ids
    ]
    return build_report(coded, [], FACTIONS)


# ------------------------------------------------------------------ events


D = dt.date(2017, 4, 15)


def inc(
    article_id: str,
    n: int = 1,
    *,
    day: dt.date | None = D,
    precision: str = "day",
    place: str | None = "Rashideen",
    province: str | None = "aleppo",
    means: str = "car-bomb",
    perpetrator: str | None = None,
    killed: int | None = None,
    injured: int | None = None,
    aggregate: bool = False,
    weekday: int | None = None,
) -> Incident:
    """A report for the merge: only what it compares."""
    found = incident(
        article_id,
        n,
        date=day,
        date_precision=precision if day else "unknown",
        place=Place(place, province),
        means=means,
        perpetrator=perpetrator,
        killed=Casualties(total=killed),
        injured=Casualties(total=injured),
        aggregate=aggregate,
    )
    return replace(found, weekday=weekday) if weekday is not None else found


def art(
    article_id: str, *incidents: Incident, published: dt.date | None = D, source: str | None = None
) -> CodedArticle:
    a = Article(article_id, f"{article_id}.md", article_id, "", published, source)
    return CodedArticle(a, "", tuple(incidents))


DAYS = [D + dt.timedelta(i) for i in range(3)]
PLACES = ["Douma", "Duma", "al-Douma", "the town of Douma", "Harasta", "Arbin", None]


@st.composite
def incidents_of(draw: st.DrawFn, article_id: str) -> tuple[Incident, ...]:
    out = []
    for n in range(draw(st.integers(0, 3))):
        precision = draw(st.sampled_from(["day"] * 6 + ["week", "month", "year", "unknown"]))
        day = draw(st.sampled_from([*DAYS, None]))
        out.append(
            inc(
                article_id,
                n,
                day=day,
                # the weekday an undated text names (only kept without a date)
                weekday=None if day else draw(st.sampled_from([None, DAYS[0].weekday(), 2])),
                precision=precision,
                place=draw(st.sampled_from(PLACES)),
                province=draw(st.sampled_from(["rif-dimashq"] * 4 + ["damascus", None])),
                means=draw(st.sampled_from(["airstrike", "barrel-bomb", "shelling", "unknown"])),
                perpetrator=draw(
                    st.sampled_from([None, "syrian-government", "russia", "unidentified"])
                ),
                killed=draw(st.one_of(st.none(), st.integers(0, 40))),
                injured=draw(st.one_of(st.none(), st.integers(0, 40))),
                aggregate=draw(st.booleans().map(lambda b: b and draw(st.booleans()))),
            )
        )
    return tuple(out)


@st.composite
def corpora(draw: st.DrawFn) -> list[CodedArticle]:
    """A few articles whose reports may or may not tell one event."""
    n = draw(st.integers(1, 8))
    out = []
    for i in range(n):
        aid = f"art{i}"
        published = draw(st.sampled_from([*DAYS, DAYS[-1] + dt.timedelta(1), None]))
        out.append(
            art(
                aid,
                *draw(incidents_of(aid)),
                published=published,
                source=draw(st.sampled_from([None, "SANA", "SOHR"])),
            )
        )
    return out


# ------------------------------------------------------------------ pages


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


_SHARED_FIGURE = re.compile(r"(\.\./)*assets/(maps|charts)/[a-z-]+\.svg")


def _is_shared_figure(attrs: list[tuple[str, str | None]]) -> bool:
    """sitrep's own ``<object>`` showing a map or chart it drew into a file of its
    own (generator.pages.urls.ASSETS): fixed attributes, a data URL of that form,
    a label from a governorate's name. Any other object is live markup."""
    found = dict(attrs)
    return (
        set(found) == {"type", "data", "style", "role", "aria-label"}
        and found["type"] == "image/svg+xml"
        and _SHARED_FIGURE.fullmatch(found["data"] or "") is not None
    )


_SEARCH_FORM = re.compile(r"(\.\./)*search/")


def _is_search_form(attrs: list[tuple[str, str | None]]) -> bool:
    """sitrep's own search box on a page (the Articles page): a GET form to the
    site's Search page with fixed attributes. Any other form is live markup."""
    found = dict(attrs)
    return (
        found == {**found, "class": "sitrep-page-search", "role": "search", "method": "get"}
        and set(found) == {"class", "role", "action", "method"}
        and _SEARCH_FORM.fullmatch(found["action"] or "") is not None
    )


class _LiveMarkup(HTMLParser):
    """Collects what can run in a page: script-capable elements (with their
    content), event-handler attributes and script URLs, each as a string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "object" and _is_shared_figure(attrs):
            return
        if tag == "form" and _is_search_form(attrs):
            return
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


# ------------------------------------------------------------------ built sites


def mkdocs_config(docs: Path, site: Path) -> dict[str, Any]:
    """The project's mkdocs.yml pointed at other folders (custom_dir and hooks kept
    absolute)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(site))
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    if config.get("hooks"):
        config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    return config


def run_ok(*cmd: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=str(ROOT), env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"


def build_site(articles: Path, work: Path) -> Path:
    """``articles`` built as ``make site`` does (sitrep build, then mkdocs build --strict)
    into ``work``; returns the site folder. A cache already in ``work/cache`` is used."""
    docs, site = work / "docs", work / "site"
    run_ok(
        sys.executable, "-m", "generator.cli", "build", str(articles),
        "--docs", str(docs), "--cache-dir", str(work / "cache"), "--quiet",
    )  # fmt: skip
    cfg = work / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(mkdocs_config(docs, site)), encoding="utf-8")
    run_ok(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(cfg))
    return site


HOSTILE_BODY = (
    "Two soldiers were killed on Thursday when gunmen attacked a checkpoint in the town "
    "of Al-Fatatra in the southern province of Daraa, according to {who}. Three civilians "
    "were killed in regime shelling on the village of Kafr Nabl in Idlib on Friday, the "
    "activists said. <script>alert('body')</script>\n"
)


def write_hostile_corpus(folder: Path) -> dict[str, str]:
    """Articles whose titles, sources, attributions and file names carry markup, each
    payload one that ran in a browser before the fixes (issue 12): ``{stem: what}``.
    Titles arrive by all three routes (a .txt first line, a .md ``title:``, an HTML
    ``og:title``); names hold spaces (attributes through ``{#...}``), line breaks (raw
    HTML in tables), a ``javascript:`` scheme, ``index`` and invisible characters."""
    folder.mkdir(parents=True, exist_ok=True)
    date = "07 April, 2023\n\n"

    def body(who: str = "Syrian military sources") -> str:
        return HOSTILE_BODY.format(who=who)

    files = {
        "title_txt.txt": "</title><svg onload=alert('title-txt')>\n" + date + body(),
        "title_md.md": (
            "---\ntitle: \"</title><svg onload=alert('title-md')>\"\n"
            "source: \"<img src=x onerror=alert('source-md')>\"\ndate: 2023-04-07\n---\n"
            + body("<img src=x onerror=alert('attribution')> sources")
        ),
        "title_html.html": (
            "<!DOCTYPE html><html><head><title>x</title>"
            '<meta property="og:title" content="&lt;/title&gt;&lt;svg onload=alert(1)&gt;">'
            '<meta property="og:site_name" content="&lt;img src=x onerror=alert(2)&gt;">'
            "</head><body><article><h1>Clashes</h1><p>" + body() + "</p><p>The Syrian "
            "Observatory for Human Rights said the fighting was the heaviest.</p>"
            "</article></body></html>"
        ),
        "x onfocus=alert(3) tabindex=1 autofocus.txt": "Anchor attributes\n" + date + body(),
        "nl\n<img src=x onerror=alert(4)>\n.txt": "Line breaks in a name\n" + date + body(),
        "nl2\n\n<details open ontoggle=alert(5)>\n.md": "Block HTML in a name\n" + date + body(),
        "javascript:alert(6).txt": "A scheme for a name\n" + date + body(),
        "index.txt": "An article named index\n" + date + body(),
        "zw\u200dj\U000e0041.txt": "Zero\u200dwidth \U000e0041tag\u200b title\n" + date + body(),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {os.path.splitext(n)[0]: text.split("\n", 1)[0] for n, text in files.items()}


def seed_hostile_cache(articles: Path, cache: Path) -> None:
    """Cache entries a stranger with write access to the cache could plant: one with
    markup in the free-text fields (kept, and escaped on the pages), one with markup in
    vocabulary fields (province, means, event type, faction: refused, re-extracted)."""
    import json
    from dataclasses import replace

    from generator.cache.codec import coded_to_dict
    from generator.cache.store import cache_key
    from generator.extract import EXTRACTOR_VERSION
    from generator.ingest import read_articles

    by_id = {a.id: a for a in read_articles(articles).articles}
    free_text = by_id["title_txt"]
    vocabulary = by_id["index"]
    template = incident(
        free_text.id,
        1,
        date=dt.date(2023, 4, 6),
        date_precision="day",
        place=Place("<svg onload=alert('place')>", "daraa", 32.85, 36.2, "place"),
        perpetrator="unidentified",
        target="syrian-government",
        killed=Casualties(total=2),
        attribution="<img src=x onerror=alert('cached-attribution')>",
        evidence="<details open ontoggle=alert('evidence')>",
    )
    planted = {
        free_text: CodedArticle(free_text, "<svg onload=alert('summary')>", (template,)),
        vocabulary: CodedArticle(
            vocabulary,
            "",
            (
                replace(
                    template,
                    id=f"{vocabulary.id}-01",
                    article_id=vocabulary.id,
                    place=Place("x", "<img src=x onerror=alert('province')>"),
                    means="<img src=x onerror=alert('means')>",
                    event_type="<img src=x onerror=alert('event')>",
                    perpetrator="<img src=x onerror=alert('faction')>",
                ),
            ),
        ),
    }
    for article, coded in planted.items():
        key = cache_key(article, EXTRACTOR_VERSION)
        path = cache / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"key": key, "coded": coded_to_dict(coded)}
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def build_site_of_report(coded: list[CodedArticle], work: Path) -> Path:
    """Coded articles (no extraction) rendered into ``work/docs`` and built by
    ``mkdocs build --strict`` into ``work/site``, as ``make site`` does after the
    extractor; returns the site folder. For large sites made in seconds."""
    from generator.events.totals import build_report
    from generator.pages.render import render_pages
    from generator.publish.swap import write_pages

    docs, site = work / "docs", work / "site"
    write_pages(render_pages(build_report(coded, [], FACTIONS)), docs)
    cfg = work / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(mkdocs_config(docs, site)), encoding="utf-8")
    run_ok(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(cfg))
    return site


def a_year_of_daily_reports() -> list[CodedArticle]:
    """365 articles in one governorate, one a day from ``D``, one report each, with
    tolls 1 to 7: windows that chain into one merge group (the memo's dense case)."""
    return [
        art(
            f"a{i:03d}",
            inc(f"a{i:03d}", day=D + dt.timedelta(i), killed=i % 7 + 1),
            published=D + dt.timedelta(i),
        )  # fmt: skip
        for i in range(365)
    ]
