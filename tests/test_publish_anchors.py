"""Links to anchors decided as soon as both ends are converted (generator.publish.anchors):
a page keeps only the links MkDocs' check will log, and that check logs what it logged
before; no page holds its toc, links or anchors once converted."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from generator.publish.anchors import Anchors
from tests.test_publish_convert import build
from tests.test_publish_reuse import PAGES, write_docs


class _File(SimpleNamespace):
    """A File as a dict key, as MkDocs' is: by identity here."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other


def _file(uri: str) -> Any:
    return _File(src_uri=uri, page=None)


def _page(file: Any, anchors: set[str] | None, links: dict[Any, dict[str, str]]) -> Any:
    page = SimpleNamespace(file=file, present_anchor_ids=anchors, links_to_anchors=links)
    file.page = page
    return page


def test_a_link_is_decided_when_its_target_is_converted_whichever_comes_first():
    a, b, c, gone = _file("a.md"), _file("b.md"), _file("c.md"), _file("gone.md")
    anchors = Anchors()
    # a links forward to b (one anchor there, one not), to itself, and to a file
    # no page is made for.
    page_a = _page(
        a,
        {"top"},
        {
            b: {"x": "b.md#x", "nope": "b.md#nope"},
            a: {"top": "#top", "missing": "#missing"},
            gone: {"y": "gone.md#y"},
        },
    )
    anchors.converted_page(page_a)
    assert page_a.links_to_anchors == {
        b: {"x": "b.md#x", "nope": "b.md#nope"},  # b is not converted yet
        a: {"missing": "#missing"},  # its own anchors are known: only the failing one
        gone: {"y": "gone.md#y"},
    }
    page_b = _page(b, {"x"}, {a: {"top": "a.md#top"}})  # back to a: decided at once
    anchors.converted_page(page_b)
    assert page_b.links_to_anchors == {}
    assert page_a.links_to_anchors[b] == {"nope": "b.md#nope"}  # decided when b came
    page_c = _page(c, None, {})  # not converted (a reused page): MkDocs skips links to it
    anchors.settle([page_a, page_b, page_c])
    # gone.md has no page: MkDocs skips the link, so it is dropped at the end.
    assert page_a.links_to_anchors == {b: {"nope": "b.md#nope"}, a: {"missing": "#missing"}}
    assert page_a.present_anchor_ids == set() and page_b.present_anchor_ids == set()
    assert page_c.present_anchor_ids is None
    assert not anchors.waiting


def test_failing_links_stay_in_their_order():
    a, b = _file("a.md"), _file("b.md")
    anchors = Anchors()
    links = {b: {"n1": "1", "ok": "2", "n2": "3"}, a: {"n3": "4"}}
    page_a = _page(a, set(), links)
    anchors.converted_page(page_a)
    anchors.converted_page(_page(b, {"ok"}, {}))
    assert list(page_a.links_to_anchors) == [b, a]
    assert list(page_a.links_to_anchors[b].items()) == [("n1", "1"), ("n2", "3")]


HELD_HOOK = """
import json

_held = {}


def _large(files):
    held = {}
    for f in files.documentation_pages():
        page = f.page
        if page is None:
            continue
        fields = [
            name
            for name, value in (
                ("markdown", page.markdown),
                ("content", page.content),
                ("toc", list(page.toc or [])),
                ("links_to_anchors", getattr(page, "links_to_anchors", None)),
                ("present_anchor_ids", page.present_anchor_ids),
                ("render", vars(page).get("render")),
            )
            if value
        ]
        if fields:
            held[f.src_uri] = fields
    return held


def on_env(env, config, files, **kwargs):
    _held["on_env"] = _large(files)
    _held["files"] = files
    return env


def on_post_build(config, **kwargs):
    _held["post_build"] = _large(_held.pop("files"))
    open(OUT, "w").write(json.dumps(_held, sort_keys=True))
"""


def test_no_page_holds_its_large_fields_once_converted_and_written(tmp_path):
    """Once every page is converted (on_env) and again once every page is written, no
    page holds its Markdown, HTML, toc, anchors, links (but a failing one) or the
    converter's closure; the site still shows each page's toc, and the failing anchor
    link is logged as MkDocs logs it."""
    import json

    pages = {
        **PAGES,
        "articles/a.md": "# Article A\n\n## One\n\n## Two\n\n[b](b.md#second) [c](b.md#nope)\n",
    }
    write_docs(tmp_path, pages)
    out = tmp_path / "held.json"
    hook = tmp_path / "held_hook.py"
    hook.write_text(f"OUT = {str(out)!r}\n" + HELD_HOOK, "utf-8")
    logs = {}
    for jobs in (2, 1):
        code, log = build(tmp_path, f"site{jobs}", jobs=jobs, hooks=[str(hook)])
        assert code == 1  # --strict: the link to b.md#nope
        logs[jobs] = [ln for ln in log.splitlines() if "#nope" in ln]
        held = json.loads(out.read_text("utf-8"))
        failing = {"articles/a.md": ["links_to_anchors"]}
        assert held == {"on_env": failing, "post_build": failing}, jobs
        html = (tmp_path / f"site{jobs}" / "articles" / "a" / "index.html").read_text("utf-8")
        assert 'href="#two"' in html  # the toc, back from the spill file for the template
    assert len(logs[2]) == 1 and "the doc 'articles/b.md' does not contain an anchor" in logs[2][0]
    assert logs[1] == logs[2]
