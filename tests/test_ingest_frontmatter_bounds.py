"""Front matter no YAML parser sees before it is bounded: size, nesting, aliases.

An 80 KB front matter of nested ``[`` crashed the whole process in libyaml's C
loader (SIGSEGV); a 550-byte alias bomb took a minute and gigabytes. Each such
file is read key by key with a warning, and the build goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest import read_articles
from generator.ingest.article import headline_from_lead
from generator.ingest.frontmatter import (
    MAX_FRONT_MATTER,
    MAX_NESTING,
    _Loader,
    nesting_bound,
    split_front_matter,
    yaml_refusal,
)

ROOT = Path(__file__).resolve().parent.parent
BODY = "Two soldiers were killed on Thursday when gunmen attacked a checkpoint in {} in Daraa."
REFUSED = "; not parsed as YAML, read key by key"


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_deep_front_matter_is_reported_and_the_process_survives(tmp_path):
    """Run in a child process: before the bound, the first file killed it with SIGSEGV."""
    write(tmp_path, "a-brackets.md", "---\ntitle: " + "[" * 80_000 + "\n---\n" + BODY.format("A"))
    write(tmp_path, "b-nested.md", "---\ntitle: " + "[" * 5_000 + "\n---\n" + BODY.format("B"))
    write(tmp_path, "c-dashes.md", "---\n" + "- " * 5_000 + "x\n---\n" + BODY.format("C"))
    write(tmp_path, "d-fine.md", "---\ntitle: Fine\ntags: [a, b]\n---\n" + BODY.format("D"))
    script = (
        "import json, sys\n"
        "from generator.ingest import read_articles\n"
        "r = read_articles(sys.argv[1])\n"
        "print(json.dumps({'titles': {a.path: a.title for a in r.articles},\n"
        "                  'problems': [[p.path, p.status, p.reason] for p in r.problems]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    front_matter = [p for p in result["problems"] if p[2].startswith("front matter")]
    assert front_matter == [
        ["a-brackets.md", "warning", "front matter is larger than 16 KB" + REFUSED],
        ["b-nested.md", "warning", "front matter may nest deeper than 32 levels" + REFUSED],
        ["c-dashes.md", "warning", "front matter may nest deeper than 32 levels" + REFUSED],
    ]
    titles = result["titles"]
    assert sorted(titles) == ["a-brackets.md", "b-nested.md", "c-dashes.md", "d-fine.md"]
    assert titles["a-brackets.md"].startswith("[[[[") and len(titles["a-brackets.md"]) <= 200
    # no title key: made from the first line, the lead (a headline's length)
    assert titles["c-dashes.md"] == headline_from_lead(BODY.format("C"))
    assert titles["d-fine.md"] == "Fine"


def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    lines.append("date: [" + ",".join([f"*l{levels - 1}"] * 9) + "]")
    return "\n".join(lines)


def test_an_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path):
    """9**7 strings behind 600 bytes: expanding them took 4 s and 160 MB (one level more: 40 s)."""
    bomb = _bomb(6)
    assert len(bomb) < 600
    write(tmp_path, "bomb.md", f"---\ntitle: Laughs\n{bomb}\n---\n" + BODY.format("E"))
    tracemalloc.start()
    try:
        result = read_articles(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    [article] = result.articles
    assert (article.title, article.published) == ("Laughs", None)
    reasons = [p.reason for p in result.problems]
    assert reasons[0] == "front matter uses YAML anchors or aliases (&name, *name)" + REFUSED
    assert reasons[1].startswith("date '[*l5,*l5,") and reasons[1].endswith(
        "is not a date sitrep reads; date left empty"
    )


def test_values_read_key_by_key_pass_the_same_bounds():
    """The key-by-key fallback parses values one by one: a refused value is taken as written."""
    deep = "[" * 40 + "]" * 40
    fm = split_front_matter(f"---\ntitle: {deep}\nsource: *alias\nurl: 'x\n\nBody text.")
    assert fm.meta == {"title": deep, "source": "*alias", "url": "'x"}
    assert fm.warnings[0].startswith("front matter is not closed")
    fm = split_front_matter(f"---\ntitle: [{deep}\nsource: \"a: b\"\n---\nBody text.")
    assert fm.meta == {"title": f"[{deep}", "source": "a: b"}
    assert fm.warnings == ["front matter may nest deeper than 32 levels" + REFUSED]
    assert fm.body == "Body text."


def test_ordinary_front_matter_is_not_refused():
    for text in [
        "title: Seven soldiers killed in clashes in Idlib\ndate: 2020-08-01\nsource: The New Arab",
        "title: 'Q&A: Assad''s forces, 5 * 3 and Tom & Jerry'\nurl: https://a.org/x-y-z?q=1",
        "title: x\ntags:\n  - a\n  - b\ncategories: [news, syria]\nauthor: {name: A, id: 3}",
        "params:\n    author:\n        name: A\n        links:\n            - https://a.org",
    ]:
        assert yaml_refusal(text) is None, text
    assert yaml_refusal("x" * (MAX_FRONT_MATTER + 1)) == "is larger than 16 KB"
    assert yaml_refusal("title: **Exclusive**") is not None  # an alias to YAML as well


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((max(_depth(k), _depth(v)) for k, v in value.items()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="-?: \t\n\u2028[]{},ab'\"#", max_size=60))
def test_nesting_bound_never_underestimates(text):
    try:
        loaded = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return
    except (TypeError, ValueError):  # a list or mapping as a key: unhashable
        return
    assert _depth(loaded) <= nesting_bound(text)


def test_nesting_bound_on_examples():
    assert nesting_bound("title: x\ntags:\n  - a\n  - b") == 6
    assert nesting_bound("- " * 20 + "x") == 42
    assert nesting_bound("a:\u2028 b:\u2028  c:\u2028   d") == 8  # U+2028 breaks lines in YAML
    assert nesting_bound("[" * 100) == 102
    assert MAX_NESTING == 32
