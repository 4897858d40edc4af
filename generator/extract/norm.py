"""The one normaliser: how a token's NORM folds the spellings that matter.

Places and factions, cue words and phrases are all matched on NORM, so one
spelling in the data covers its variants in the text: case, accents
("Ḩamāh"), apostrophes and curly quotes ("Dar'a", "Dar’a" -> "dara"), and the
Arabic article: "al-Zawiya", "el-Zawiya", "az-Zawiya" are one token (the
tokenizer keeps an article's hyphen, see ``pipeline``) whose NORM is
"zawiya"; a standalone "al" or "el" ("Jabhat al Nusra") is "al", a word the
rules skip (``is_word``). Other spellings ("Idleb", "Hayaat") are aliases in
the data files.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc

from generator.knowledge import arabic

ARTICLES = arabic.ARTICLES
"""The Arabic article, skipped wherever it stands: "al Zawiya" == "Zawiya"; the
first is the NORM of all (one list for the package: ``generator.knowledge.arabic``)."""
HYPHEN_ARTICLES = arabic.HYPHEN_ARTICLES
"""Assimilated forms ("as-Suwayda"), dropped only where a hyphen ties them to the
name: on their own they are English words."""
ALL_ARTICLES = arabic.ALL_ARTICLES
ARTICLE_PREFIX = re.compile(
    r"^(?:(?:{})[-\u2010\u2011]\s*|(?:{})\s+)(?=\w)".format(
        "|".join(sorted(ALL_ARTICLES, key=lambda a: (-len(a), a))), "|".join(ARTICLES)
    ),
    re.IGNORECASE,
)
"""An article at the start of a token: "al-", "ash-" (the tokenizer keeps them), "al "
(``merge_articles`` joins a standalone one to its name)."""
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"


@lru_cache(maxsize=400_000)
def fold(text: str) -> str:
    """A token's NORM. "Dar'a" -> "dara", "Ḩamāh" -> "hamah", "al-Zawiya" ->
    "zawiya", "el" -> "al"; punctuation keeps its text ("-", "'s")."""
    if not text[:1].isalnum():
        return text
    text = ARTICLE_PREFIX.sub("", text)
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if ch.isalnum())
    if folded in ARTICLES:
        return ARTICLES[0]
    return folded or text


WORD = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]+"
    r"(?:['\u2019\u02bc\u02bf\u02be`][A-Za-z]+)*|\S"
)


def norm_words(text: str) -> tuple[str, ...]:
    """The folded words of a phrase of the data, articles and hyphens left out:
    "Deir ez-Zor" -> ("deir", "zor"). A key to compare data entries by (the text is
    matched through the pipeline's own tokens)."""
    raw = WORD.findall(text)
    out: list[str] = []
    for i, tok in enumerate(raw):
        if not any(ch.isalnum() for ch in tok):
            continue
        word = fold(tok)
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if word in ARTICLES or (word in HYPHEN_ARTICLES and nxt == "-"):
            continue
        out.append(word)
    return tuple(out)


def capitalized(text: str) -> bool:
    """Whether a token is written with a capital, after its article if it has one
    ("Aleppo", "al-Bab"): how names are told from words."""
    if text[:1].isupper():
        return True
    article = ARTICLE_PREFIX.match(text)
    return article is not None and text[article.end() : article.end() + 1].isupper()


def is_word(norm: str) -> bool:
    """Whether a token with this NORM is a word the rules read: not punctuation, a
    possessive "'s", white space or a standalone Arabic article."""
    return norm[:1].isalnum() and norm != ARTICLES[0]


def spellings(phrase: str) -> list[str]:
    """The spellings of a phrase the text may use: as written, its words joined by
    hyphens ("Khan-Sheikhoun", "barrel-bomb"), its hyphens as spaces ("barrel bomb"),
    a possessive without its apostrophe ("Assads forces").
    The article needs none: "al-Sham", "ash-Sham", "al Sham" and "Sham" are all
    "sham" (see ``merge_articles``)."""
    out = [phrase]
    words = phrase.split()
    joined = words[:1]
    for prev, word in zip(words, words[1:], strict=False):
        # "as Sukhnah" is no "as-Sukhnah" (one token, "sukhnah")
        joined.append((" " if prev.lower() in ALL_ARTICLES else "-") + word)
    out.append("".join(joined))
    spaced = re.sub(f"(?<=\\w)[{HYPHENS}](?=\\w)", _space_unless_article, phrase)
    out.append(spaced)
    # "Russia's defence ministry" as FA-KES writes it: "Russias defence ministry"
    out.extend(POSSESSIVE_S.sub("s", text) for text in list(out))
    return list(dict.fromkeys(out))


POSSESSIVE_S = re.compile("['\u2019]s(?=\\s|$)")


def _space_unless_article(hyphen: re.Match[str]) -> str:
    before = hyphen.string[: hyphen.start()].split()[-1:]
    word = re.split(f"[{HYPHENS}]", before[0])[-1].lower() if before else ""
    return hyphen.group() if word in ALL_ARTICLES else " "


def possessive(word: str) -> str | None:
    """ "Aleppo" -> "Aleppos": the possessive FA-KES writes without its apostrophe,
    for words long enough not to be a plural of something else."""
    if len(word) + 1 > 3 and not word.lower().endswith("s"):
        return word + "s"
    return None


@Language.component("sitrep_articles")
def merge_articles(doc: Doc) -> Doc:
    """A standalone article joins its name: "Jabhat al Nusra" reads as "Jabhat
    al-Nusra", one token "al Nusra" whose NORM is "nusra" (the tokenizer already
    keeps "al-Nusra" whole), so every spelling of a name has one NORM."""
    article = doc.vocab.strings.add(ARTICLES[0])
    found = numpy.nonzero(doc.to_array(NORM) == article)[0]
    spans = [
        doc[i : i + 2]
        for i in found.tolist()
        if i + 1 < len(doc) and doc[i].whitespace_ and doc[i + 1].text[:1].isalpha()
    ]
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span, attrs={"NORM": span[1].norm_})
    return doc
