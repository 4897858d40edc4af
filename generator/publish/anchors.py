"""Links to anchors checked as soon as both ends are known, so that a build holds only
the links that will fail, not every link of the site.

MkDocs checks a link like ``other.md#incident-3`` only at the very end of the build
(``Page.validate_anchor_links``, after every page is written), so until then each
page keeps every link it makes to an anchor (``links_to_anchors``: the target file,
the anchor and the link as written) and every anchor it has (``present_anchor_ids``).
Article pages link to the incidents of the other articles that reported the same
event, so this is the largest thing a page holds once its HTML is in the spill file:
about 6 KB a page at 2,000 articles (19 links a page), growing with the archive's
density.

Here a link is decided as soon as its target page is converted (its anchors are then
final: every plugin's ``on_page_content`` has run), in the same way MkDocs' check
decides it: a link to a page that is not built or was not converted is skipped, a
link to an anchor the target has passes; both are dropped from the page that makes
it. The links that will fail stay, in their order, for MkDocs' own check, which then
logs exactly what it logged before (same messages, same order, counted by
``--strict``). Once every page is converted (:meth:`Anchors.settle`, ``on_env``) no
link is left undecided, and the pages' anchors are no longer needed: each page keeps
an empty set (a page whose anchors were ``None`` keeps ``None``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


class Anchors:
    """One build's links to anchors whose target page is not converted yet."""

    def __init__(self) -> None:
        self.converted: set[str] = set()
        self.waiting: defaultdict[str, list[Any]] = defaultdict(list)
        """Target ``src_uri`` -> the pages holding a link to one of its anchors."""

    def start(self) -> None:
        self.__init__()  # type: ignore[misc]

    def converted_page(self, page: Any) -> None:
        """``page`` is converted: decide its links to converted pages (itself included)
        and every link that waited for it."""
        uri = page.file.src_uri
        self.converted.add(uri)
        links = vars(page).get("links_to_anchors")
        if links:
            for target in list(links):
                if target.src_uri in self.converted:
                    _decide(page, target)
                else:
                    self.waiting[target.src_uri].append(page)
        for source in self.waiting.pop(uri, ()):
            _decide(source, page.file)

    def settle(self, pages: list[Any]) -> None:
        """Every page is converted (``on_env``): the links still waiting (to pages not
        converted in this build) are decided, then the anchors dropped."""
        for waiting in self.waiting.values():
            for source in waiting:
                late = [t for t in source.links_to_anchors if t.src_uri not in self.converted]
                for target in late:
                    _decide(source, target)
        self.waiting.clear()
        for page in pages:
            if getattr(page, "present_anchor_ids", None) is not None:
                page.present_anchor_ids = set()


def _decide(page: Any, target: Any) -> None:
    """Drops from ``page``'s links to ``target`` those MkDocs' check would pass."""
    links = page.links_to_anchors
    anchors = links.get(target)
    if anchors is None:
        return
    to = target.page
    present = None if to is None else to.present_anchor_ids
    if present is None:  # MkDocs skips these
        del links[target]
        return
    failing = {a: link for a, link in anchors.items() if a not in present}
    if failing:
        links[target] = failing
    else:
        del links[target]
