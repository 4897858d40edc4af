"""One file in, one draft article (or a skip/fail reason) out.

The draft has no id yet: ids and duplicates depend on the other files, and
:func:`generator.ingest.read_articles` settles them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from generator.model import Article

from .boilerplate import source_from_text, strip_boilerplate
from .dates import (
    Dateline,
    DateParse,
    date_from_header,
    find_dateline,
    parse_date,
)
from .decode import clean_text, decode_bytes, looks_binary, truncate
from .files import Entry, Refused, read_regular, sniff
from .frontmatter import split_front_matter
from .html import extract_html
from .language import not_english_reason

#: Files larger than this are truncated to it (with a warning), not skipped: a
#: 1 MB "article" is usually several pasted together, and the start is still
#: worth reading. Reading stops at the cap, so memory stays bounded: reading
#: takes about 10x the cap at its peak, extraction (spaCy tokens) about 100x
#: and 1-3 s per MB. The longest FA-KES article is 8.6 KB, so 1 MiB leaves
#: a hundredfold margin; at 5 MiB one file took 27 s and 500 MB to extract.
MAX_BYTES = 1024 * 1024
#: Publication dates outside these years are reported and left empty. A news
#: article from before 1900 is a typo, and keeping dates far from ``date.min``
#: and ``date.max`` keeps the extractor's relative dates ("on Friday" before
#: 0001-01-01) from overflowing, which stopped a whole build.
MIN_YEAR, MAX_YEAR = 1900, 2999
#: A date line in the text more than this many days from the front matter's
#: (or the HTML metadata's) date is reported; the front matter is kept. A page's
#: date line may trail its metadata by a day or two (time zones, a late web
#: edition); beyond three days one of them is wrong (FA-KES's date column is
#: off by more than three days in 104 of 413 rows).
AGREE_DAYS = 3
#: The warning for an article that gives no publication date anywhere.
NO_DATE = (
    "no publication date (none in front matter, in the page's metadata or at the top of the "
    "text); days such as 'on Friday' in it are left undated"
)
#: Titles longer than this are cut at a word boundary and end in "…".
MAX_TITLE = 200

TITLE_KEYS = ("title", "headline", "article_title")
DATE_KEYS = ("date", "published", "publication_date", "pubdate", "published_at", "datetime")
SOURCE_KEYS = ("source", "publisher", "outlet", "sitename", "site")
URL_KEYS = ("url", "link", "canonical_url", "source_url")

_SPACE = re.compile(r"\s+")


@dataclass
class Draft:
    title: str
    text: str
    published: dt.date | None
    source: str | None
    url: str | None
    content_hash: str
    warnings: list[str] = field(default_factory=list)

    def article(self, article_id: str, path: str) -> Article:
        """The article this draft reads as, under its id and the path it was read from."""
        return Article(
            id=article_id,
            path=path,
            title=self.title,
            text=self.text,
            published=self.published,
            source=self.source,
            url=self.url,
            content_hash=self.content_hash,
        )


@dataclass(frozen=True)
class Outcome:
    """Either ``draft`` is set, or ``status`` ("skipped"/"failed") and ``reason``."""

    draft: Draft | None = None
    status: str = ""
    reason: str = ""


def _size(n: int) -> str:
    """'1 MB' for 1 MiB; '2000 bytes' for a limit a test set below a megabyte."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _skip(reason: str) -> Outcome:
    return Outcome(status="skipped", reason=reason)


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for k in keys:
        if k in meta and meta[k] is not None and meta[k] != "":
            return k, meta[k]
    return "", None


def _as_text(key: str, value: Any, warnings: list[str]) -> str | None:
    """A front-matter scalar as one line of text; lists/mappings are ignored."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value
    elif isinstance(value, (bool, int, float, dt.date)):
        s = str(value)
        warnings.append(f"{key} is not text ({type(value).__name__}); used as {s!r}")
    else:
        warnings.append(f"{key} is not text ({type(value).__name__}); ignored")
        return None
    s = _SPACE.sub(" ", clean_text(s)).strip()
    return s or None


def shorten_title(title: str, limit: int = MAX_TITLE) -> str:
    title = _SPACE.sub(" ", title).strip()
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


@dataclass(frozen=True)
class Given:
    """The date front matter or HTML metadata gives, before the text is looked at."""

    key: str
    """The front-matter key ("date", "published"...); "" when nothing gives a date."""
    origin: str
    """Where it comes from, for messages: "front matter date", "page metadata date"."""
    value: Any
    parsed: DateParse


def _given(meta: dict[str, Any], html_date: str | None) -> Given:
    key, value = _first(meta, DATE_KEYS)
    origin = f"front matter {key}"
    if not key and html_date:
        key, value, origin = "date", html_date, "page metadata date"
    if not key:
        return Given("", "", None, DateParse(None))
    if isinstance(value, dt.datetime):
        return Given(key, origin, value, DateParse(value.date()))
    if isinstance(value, dt.date):
        return Given(key, origin, value, DateParse(value))
    return Given(key, origin, value, parse_date(str(value).strip()))


def _unusable(given: Given, outcome: str) -> str:
    raw = str(given.value).strip()
    if given.parsed.impossible:
        return f"{given.key} {raw!r} is not a real date; {outcome}"
    return f"{given.key} {raw[:40]!r} is not a date sitrep reads; {outcome}"


def _publication_date(given: Given, line: Dateline | None, warnings: list[str]) -> dt.date | None:
    """Front matter, then HTML metadata, then the date line at the top of the text.

    The text's date line is read in every case. Beside a given date it is only
    checked: more than :data:`AGREE_DAYS` apart is reported and the given date
    kept. It stands in for a given date that is unusable. An article with no
    date anywhere is reported, since its "on Friday" cannot be dated.
    """
    line_date = line.date if line is not None else None
    if given.key:
        date = given.parsed.date
        if date is None:
            used = (
                f"the date line in the text ({line.written!r}) used" if line and line_date else ""
            )
            warnings.append(_unusable(given, used or "date left empty"))
            return line_date
        if line is not None and line_date is not None:
            gap = abs((line_date - date).days)
            if gap > AGREE_DAYS:
                warnings.append(
                    f"{given.origin} {date.isoformat()} kept: the date line in the text "
                    f"({line.written!r}) is {gap} days from it"
                )
        return date
    if line is None:
        warnings.append(NO_DATE)
    elif line.impossible:
        warnings.append(
            f"the date line in the text ({line.written!r}) is not a real date; date left empty"
        )
    elif line_date is None:
        warnings.append(
            f"the date line in the text ({line.written!r}) gives no year and none of the text's "
            "dates is near it; date left empty"
        )
    return line_date


def _url(value: Any, warnings: list[str]) -> str | None:
    s = _as_text("url", value, warnings)
    if s is None:
        return None
    if not re.match(r"https?://\S+$", s, re.I):
        warnings.append(f"url {s[:60]!r} is not an http(s) address; ignored")
        return None
    return s


def _title_from_text(text: str) -> str:
    """The first line that is not a date line ("Saturday 13 April 2019"); boilerplate is gone.
    A first line longer than a headline is the lead: the title is made from it
    (:func:`headline_from_lead`)."""
    lines = [line.strip() for line in text.split("\n", 60)[:60] if line.strip()]
    for line in lines:
        if date_from_header([line], max_lines=1).date is None:
            return headline_from_lead(line) if len(line.split()) > HEADLINE_WORDS else line
    return lines[0]


HEADLINE_WORDS = 14
"""A first line with more words is no headline but the lead (FA-KES headlines have
at most 20; a lead sentence 25 to 60)."""
SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9\"'\u201d)][.!?])\s+(?=[A-Z\"\u201c])")
CLAUSE_BREAK = re.compile(r",\s|\s[-\u2013\u2014]\s|;\s")
MIN_CLAUSE_WORDS = 5


def headline_from_lead(lead: str) -> str:
    """ "Syrian government air strikes killed at least 39 people in Idlib on Tuesday, a
    monitor said, as ..." -> "Syrian government air strikes killed at least 39
    people in Idlib on Tuesday": a plain-text article without a headline gets its
    lead's first sentence, without a dateline before it and from its first comma or
    dash on (if what stands before has five words), at most 14 words (cut at a word,
    with "…", no small word left dangling)."""
    found = find_dateline(lead)
    if found is not None and found.written and 0 <= lead.find(found.written) < 40:
        lead = lead[lead.find(found.written) + len(found.written) :].lstrip(" ,.:-\u2013\u2014|")
    sentence = SENTENCE_BREAK.split(lead, maxsplit=1)[0]
    clause = CLAUSE_BREAK.split(sentence, maxsplit=1)[0]
    if len(clause.split()) >= MIN_CLAUSE_WORDS:
        sentence = clause
    words = sentence.split()
    if len(words) > HEADLINE_WORDS:
        words = words[:HEADLINE_WORDS]
        # "... consistent with" -> "... consistent": no small word dangles at the cut
        while len(words) > MIN_CLAUSE_WORDS and words[-1].islower() and len(words[-1]) <= 4:
            words.pop()
        return " ".join(words).rstrip(" ,;:-") + "\u2026"
    return sentence.rstrip(" .")


def _drop_repeated_title(text: str, title: str, header_lines: int = 15) -> str:
    """Remove repeats of the headline line within the header ("Title\\n\\nTitle\\n...")."""
    lines = text.split("\n")
    seen = False
    out: list[str] = []
    nonblank = 0
    for line in lines:
        if line.strip():
            nonblank += 1
        if nonblank <= header_lines and line.strip() == title:
            if seen:
                continue
            seen = True
        out.append(line)
    return "\n".join(out)


def read_file(entry: Entry, *, today: dt.date | None = None) -> Outcome:
    """Read one text or HTML file into a :class:`Draft` (see the package docstring)."""
    warnings: list[str] = []
    try:
        data = read_regular(entry, MAX_BYTES + 1)
    except Refused as exc:
        return _skip(str(exc))
    except OSError as exc:
        return Outcome(status="failed", reason=f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return _skip("empty file")
    what = sniff(data[:16])
    if what:
        return _skip(f"not an article: content is a {what}")
    if looks_binary(data):
        return _skip("not an article: binary content")
    if len(data) > MAX_BYTES:
        data = truncate(data, MAX_BYTES)
        warnings.append(f"larger than {_size(MAX_BYTES)}; only the start was read")
    decoded = decode_bytes(data)
    del data
    text = clean_text(decoded).rstrip("\ufffd")

    meta: dict[str, Any] = {}
    html_title = html_date = html_source = html_url = None
    if entry.kind == "html":
        page = extract_html(text)
        if page is None:
            return _skip("no article text found in the HTML page")
        body = clean_text(page.text)
        html_title, html_date, html_source, html_url = page.title, page.date, page.source, page.url
    else:
        fm = split_front_matter(text)
        meta, body = fm.meta, fm.body
        warnings.extend(fm.warnings)
    del text
    given = (html_title, html_date, html_source, html_url)
    return draft_of(meta, body, warnings, today=today, page=given)


def draft_of(
    meta: dict[str, Any],
    body: str,
    warnings: list[str],
    *,
    today: dt.date | None = None,
    page: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None),
) -> Outcome:
    """The draft of an article whose fields (front matter, or a JSONL record's) are
    ``meta`` and whose decoded, cleaned text is ``body``: every field checked and
    every warning given as for a file. ``page``: the title, date, source and URL
    an HTML page's metadata gives (used where ``meta`` gives none)."""
    html_title, html_date, html_source, html_url = page
    cleaned = strip_boilerplate(body)
    if not cleaned.strip():
        return _skip("empty: no text after front matter and boilerplate")
    reason = not_english_reason(cleaned)
    if reason:
        return _skip(reason)

    # Title: front matter, then HTML metadata, then the first line of the text.
    key, value = _first(meta, TITLE_KEYS)
    title = _as_text(key, value, warnings) if key else None
    title = title or _as_text("title", html_title, warnings)  # its entities may hide controls
    if not title:
        title = _title_from_text(cleaned)
    title = shorten_title(title)
    cleaned = _drop_repeated_title(cleaned, title)

    # Date: front matter, then HTML metadata, then the date line at the top of the text.
    given = _given(meta, html_date)
    dateline = find_dateline(cleaned, title, near=given.parsed.date)
    published = _publication_date(given, dateline, warnings)
    if published is not None and not MIN_YEAR <= published.year <= MAX_YEAR:
        warnings.append(
            f"date {published.isoformat()} is outside {MIN_YEAR}-{MAX_YEAR}; date left empty"
        )
        published = None
    today = today or dt.date.today()
    if published is not None and published > today:
        warnings.append(f"date {published.isoformat()} is in the future")

    key, value = _first(meta, SOURCE_KEYS)
    source = _as_text(key, value, warnings) if key else None
    source = source or _as_text("source", html_source, warnings) or source_from_text(body)

    key, value = _first(meta, URL_KEYS)
    url = _url(value, warnings) if key else None
    if url is None and html_url:
        url = _url(html_url, warnings)

    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return Outcome(draft=Draft(title, cleaned, published, source, url, digest, warnings))
