import json

import markdown
import pytest

from generator.safety.escape import md_inline, yaml_string

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


INVISIBLE_SAMPLES = [
    "\u200d",  # zero-width joiner
    "\u200c",  # zero-width non-joiner
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\u2062",  # invisible times
    "\ufeff",  # zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    "\ufe0f",  # variation selector 16
    "\u3164",  # Hangul filler
    "\ufff9",  # interlinear annotation anchor
    "\U000e0001",  # language tag
    "\U000e0041",  # tag latin capital A: hidden text
    "\U000e007f",  # cancel tag
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
]


@pytest.mark.parametrize("char", INVISIBLE_SAMPLES, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_removed_from_every_short_field(char):
    """Bidi controls were removed; zero-width joiners and tag characters survived."""
    from generator.pages.svg import svg_text

    text = f"Ev{char}il{char * 3} title"
    assert md_inline(text) == "Evil title"
    assert json.loads(yaml_string(text)) == "Evil title"
    assert svg_text(text) == "Evil title"


def test_visible_text_in_other_scripts_is_kept():
    for text in ["حلب", "Ḥamāh", "Ma‘arrat al-Nu‘mān", "Dar’a", "👍"]:
        assert md_inline(text) == text
