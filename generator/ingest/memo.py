"""Files read by the last build, not read again while they are unchanged.

Reading and parsing every article file (decoding, front matter, boilerplate, the
language check, the date line) was about a sixth of an add-one ``sitrep build`` at
2,000 articles, for files that did not change. So a build keeps, per file, what
reading it gave (the article's fields and warnings, without its text) under the
file's mode, size, modification and change times and inode (``lstat``, taken before
the file is read), and the next build takes an unchanged file's article from there.
Any write to a file moves its change time, which nobody can set back, and a file
replaced by another has another inode: either is read again.

The article's text is not kept: a kept article comes without it, with the key of
its extraction (:func:`generator.cache.store.cache_key`, noted by the last build for
the article's id and the extractor's version), so a build whose extractions are all
in the cache never needs it; an article whose extraction is not there (a new
extractor, a cleared cache, another id) is read again first (:meth:`ReadMemo.fill`).

Kept only: articles (a skipped or failed file is read again, and says so again),
of text or HTML files (not JSONL records), and whose publication date is not after
today (the "in the future" warning depends on the day). The memo is keyed by the
code that reads and merges (:func:`generator.publish.record.reading_fingerprint`:
every file of the ``generator`` package but the page renderers': the readers, the
word lists), kept in the cache folder (``CACHE/ingest/``, one file per articles
folder), and only a hint: one that is missing, too large or does not decode is none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.model import Article
from generator.safety.safeio import read_regular, stat_row, write_quietly

from .article import Draft, Outcome
from .files import Entry

__all__ = ["FOLDER", "ReadMemo"]

FOLDER = "ingest"
"""Under the cache folder."""
_FORMAT = 1
_LIMIT = 512 << 20
_KINDS = frozenset({"text", "html"})


def _draft(data: Any) -> Draft | None:
    """A kept draft (its text left out), or None for one that does not decode."""
    try:
        published = data["published"]
        draft = Draft(
            title=data["title"],
            text="",
            published=dt.date.fromisoformat(published) if published is not None else None,
            source=data["source"],
            url=data["url"],
            content_hash=data["content_hash"],
            warnings=list(data["warnings"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    fields = (draft.title, draft.content_hash, *draft.warnings)
    optional = (draft.source, draft.url)
    if not all(type(f) is str for f in fields) or not all(
        f is None or type(f) is str for f in optional
    ):
        return None
    return draft


class ReadMemo:
    """One build's reading of an articles folder through the memo: :meth:`read`
    stands for :func:`generator.ingest.read_entry`; :meth:`keys` and :meth:`fill` serve
    the extraction (:func:`generator.cache.run.extract_cached`); :meth:`save` keeps
    this build's files for the next one."""

    def __init__(
        self, cache_dir: Path | None, root: Path, code: str, today: dt.date | None = None
    ) -> None:
        self.code = code
        self.today = today or dt.date.today()
        self.path: Path | None = None
        self.hits = 0
        """Files taken from the memo, not read."""
        self.filled = 0
        """Of them, read after all (:meth:`fill`)."""
        self._old: dict[str, Any] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._elided: dict[str, Entry] = {}
        if cache_dir is None:
            return
        digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogateescape"))
        self.path = cache_dir / FOLDER / f"{digest.hexdigest()[:32]}.json"
        try:
            doc = json.loads(read_regular(self.path, _LIMIT))
            if isinstance(doc, dict) and doc.get("format") == _FORMAT and doc.get("code") == code:
                files = doc.get("files")
                self._old = files if isinstance(files, dict) else {}
        except (OSError, ValueError, RecursionError):
            self._old = {}

    def read(self, entry: Entry, read: Callable[[Entry], Outcome]) -> Outcome:
        """What reading ``entry`` gives: the kept article (without its text) when the
        file is the one the last build read, else ``read(entry)``."""
        if self.path is None or entry.kind not in _KINDS:
            return read(entry)
        try:
            row = stat_row(os.lstat(entry.path))
        except OSError:
            return read(entry)
        old = self._old.get(entry.rel)
        if isinstance(old, dict) and old.get("stat") == row:
            draft = _draft(old.get("draft"))
            if draft is not None:
                self._new[entry.rel] = old
                self._elided[entry.rel] = entry
                self.hits += 1
                return Outcome(draft=draft)
        outcome = read(entry)
        d = outcome.draft
        if d is not None and (d.published is None or d.published <= self.today):
            kept = {
                "title": d.title,
                "published": d.published.isoformat() if d.published else None,
                "source": d.source,
                "url": d.url,
                "content_hash": d.content_hash,
                "warnings": list(d.warnings),
            }
            self._new[entry.rel] = {"stat": row, "draft": kept}
        return outcome

    def keys(self, articles: Sequence[Article], version: str) -> list[str | None]:
        """The extraction key of each article that came without its text, as the last
        build noted it for the same id and extractor version; None for the others."""
        out: list[str | None] = []
        for a in articles:
            entry = self._new.get(a.path) if a.path in self._elided else None
            ok = entry is not None and entry.get("version") == version and entry.get("id") == a.id
            key = entry.get("key") if entry is not None and ok else None
            out.append(key if isinstance(key, str) else None)
        return out

    def fill(self, article: Article) -> Article:
        """``article`` with its text: read again if it came from the memo without it."""
        from . import read_entry

        entry = self._elided.pop(article.path, None)
        if entry is None:
            return article
        self.filled += 1
        draft = read_entry(entry, today=self.today).draft
        if draft is None or draft.content_hash != article.content_hash:
            self._new.pop(article.path, None)  # the file changed while this build ran
        if draft is None:
            return article  # gone since: extracted as an empty text, read again next build
        return draft.article(article.id, article.path)

    def note_keys(self, articles: Sequence[Article], keys: Sequence[str], version: str) -> None:
        """Keep each article's extraction key, for the next build's :meth:`keys`."""
        for a, key in zip(articles, keys, strict=True):
            entry = self._new.get(a.path)
            if entry is not None:
                self._new[a.path] = {**entry, "key": key, "version": version, "id": a.id}

    def save(self) -> None:
        """Keep the files this build read or took from the memo (nothing else)."""
        if self.path is None:
            return
        doc = {"format": _FORMAT, "code": self.code, "files": self._new}
        write_quietly(self.path, json.dumps(doc, ensure_ascii=False))
