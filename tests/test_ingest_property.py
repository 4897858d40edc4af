"""No input crashes ingest: random text and bytes, with and without front matter."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ingest import UNEXPECTED, read_articles
from generator.ingest.decode import clean_text, decode_bytes, repair_mojibake
from generator.ingest.frontmatter import split_front_matter

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

names = st.sampled_from(["a.txt", "b.md", "c.markdown", "d.html", "e.htm", "sub/f.txt"])
texts = st.one_of(
    st.text(max_size=400),
    st.builds(
        lambda meta, body: f"---\n{meta}\n---\n{body}", st.text(max_size=80), st.text(max_size=200)
    ),
    st.builds(lambda t: f"<html><body><p>{t}</p></body></html>", st.text(max_size=200)),
)


def check(result) -> None:
    assert not [p for p in result.problems if p.reason.startswith(UNEXPECTED)]
    seen_paths = {a.path for a in result.articles} | {
        p.path for p in result.problems if p.status != "warning"
    }
    assert len(seen_paths) == result.seen
    for a in result.articles:
        assert a.title and a.text.strip()
        assert "\x00" not in a.text and "\u202e" not in a.title + a.text
        assert "\r" not in a.text


@SETTINGS
@given(
    st.dictionaries(
        names,
        st.one_of(texts.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)),
        min_size=1,
        max_size=4,
    )
)
def test_random_files_never_crash(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        check(read_articles(root, today=dt.date(2025, 1, 1)))


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_raises(data):
    text = clean_text(decode_bytes(data))
    assert "\x00" not in text and "\r" not in text


NEWS_CHARS = st.text(
    alphabet=st.sampled_from(list("abcXYZ 019.,'\"-") + list("’‘“”–—…éèàçüöñ€£")), max_size=200
)


@SETTINGS
@given(NEWS_CHARS)
def test_mojibake_repair_keeps_clean_text_and_undoes_cp1252(text):
    assert repair_mojibake(text) == text
    assert repair_mojibake(garble(text)) == text


def garble(text: str) -> str:
    """UTF-8 read as Windows-1252, undefined bytes kept as C1 controls (as browsers do)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


@SETTINGS
@given(st.text(max_size=300))
def test_front_matter_never_raises(text):
    fm = split_front_matter("---\n" + text)
    assert isinstance(fm.meta, dict) and isinstance(fm.body, str)
