import markdown
import pytest

from generator.escape import md_inline, yaml_string

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "# Heading",
    "| a | b |",
    "!!! warning",
    "---",
    "{{ config }} {% include 'x' %}",
    "**bold** _em_ `code`",
    "\u202eevil\u202c title",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_plain_text(text):
    html = markdown.markdown(f"| col |\n|---|\n| {md_inline(text)} |", extensions=["tables"])
    for bad in ("<script", "<img", "<iframe", "href=", "<strong", "<em", "<code", "<h1"):
        assert bad not in html
    assert "\u202e" not in html
    assert html.count("<td>") == 1  # the pipe did not split the cell


def test_ordinary_text_stays_readable():
    assert md_inline("Assad's forces killed 2 in Idlib.") == "Assad's forces killed 2 in Idlib."
    assert md_inline("line one\n\nline two") == "line one line two"
    assert md_inline(None) == ""


def test_yaml_string_is_a_quoted_scalar():
    import yaml

    for text in ['He said: "no"', "---\nkey: value", "a: b # c", "\u202ex"]:
        loaded = yaml.safe_load(f"title: {yaml_string(text)}")
        assert loaded == {"title": text.replace("\u202e", "")}
