"""A summary a reader would publish: 1-3 sentences, at most 75 words, the lead and
the sentence of the deadliest incident, without what a page wraps around a story.

Scraped articles open with a dateline, a byline and the headline run into the
lead ("Posted on April 4 2017 by Asharq Al-Awsat English 58 Killed in ...
Dozens of people ..."), a place dateline ("BEIRUT", "MOSCOW (Sputnik)"), photo
captions ("( TRT World and Agencies)") and site furniture ("Tags Syria Aleppo",
"Get short URL"). Each is a small rule below (``CLEANERS`` for the start of the
lead; ``is_caption`` and ``is_furniture`` drop whole sentences); the dateline is
the ingest's own (``find_dateline``). Words: ``generator/data/vocab/summary.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from generator.extract.norm import fold
from generator.extract.numbers import number_words
from generator.extract.rules.totals import period_total
from generator.extract.sentences import is_photo_credit
from generator.extract.vocab import Words, entries
from generator.ingest.dates import Dateline, find_dateline, may_hold_dateline
from generator.model import Incident

MAX_SENTENCES = 3
MAX_WORDS = 75
MIN_WORDS = 6
"""A shorter sentence ("Aleppo.", "Tags Syria") is no lead."""
TITLE_SLACK = 12
"""How many words before the headline may stand in the lead (dateline, byline)."""
V = Words("summary")

WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The lower-case words of ``text``; kept for a while, as ``publishable`` asks
    twice of each sentence (``is_caption``, ``is_furniture``)."""
    return tuple([w.lower() for w in WORD.findall(text)])


def _cut_words(text: str, count: int) -> str:
    """``text`` without its first ``count`` words (as ``_words`` counts them)."""
    if count <= 0:
        return text
    matches = list(WORD.finditer(text))
    if count > len(matches):
        return ""
    end = matches[count - 1].end()
    return text[end:].lstrip(" .,:;-\u2013\u2014|)\"'\u201d")


TIME_AFTER = re.compile(r"^\s*(?:\d{1,2}[:.]?\d{2}(?:\s*(?:UTC|GMT)\s*[+-]?\d*)?|\))\s*")


def dateline_of(text: str) -> Dateline | None:
    """``find_dateline(text)``; None at once for a text no dateline can be in
    (``may_hold_dateline``: most sentences a summary checks)."""
    return _dateline_of(text) if may_hold_dateline(text) else None


@lru_cache(maxsize=256)
def _dateline_of(text: str) -> Dateline | None:
    """``find_dateline(text)``, kept for a while: the lead is asked up to three times
    (``clean_lead`` runs its cleaners twice, then ``publishable``)."""
    return find_dateline(text)


def without_dateline(text: str) -> str:
    """ "Wed 05 Apr 2017 Syria attack symptoms consistent with ..." -> "Syria attack
    symptoms consistent with ...": the publication dateline the ingest finds at the
    top of a text (``find_dateline``), what stands before it on the line ("Posted
    on", "Date of publication") and a clock time after it ("19:02")."""
    found = dateline_of(text)
    if found is None or not found.written:
        return text
    at = text.find(found.written)
    if at < 0 or len(text[:at].split()) > TITLE_SLACK:
        return text
    rest = text[at + len(found.written) :]
    return TIME_AFTER.sub("", rest, count=1).lstrip(" .,:;-\u2013\u2014|")


def without_byline(text: str, title: str | None) -> str:
    """ "by Asharq Al-Awsat English Thirty were killed" -> "Thirty were killed": the
    author's or outlet's name after "by" at the start of the lead, up to the
    headline when it follows, else the capitalised words (and "and") of the names."""
    if not text.lower().startswith("by "):
        return text
    if title:
        rest = without_title(text, title)
        if rest != text:
            return rest
    words = text.split()
    i = 1
    while i < len(words) - 1 and (words[i][:1].isupper() or words[i] in V.name_joiners):
        nxt = words[i + 1]
        i += 1
        if not (nxt[:1].isupper() or nxt in V.name_joiners):
            break
    else:
        return text
    # the last capitalised word starts the story ("... Paula Astih Warplanes struck")
    return " ".join(words[i - 1 :])


def without_title(text: str, title: str | None) -> str:
    """ "22 dead in U.S. raids on IS stronghold. Six civilians were among ..." -> "Six
    civilians were among ...": the headline run into the lead, within its first
    words."""
    if not title:
        return text
    head, words = _words(title), _words(text)
    n = len(head)
    if n < 3:
        return text
    for start in range(0, min(TITLE_SLACK, len(words) - n) + 1):
        if words[start : start + n] == head:
            return _cut_words(text, start + n)
    return text


PLACE_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z'\-]{2,}(?:\s+[A-Z][A-Z'\-]{2,})*\s*(?:\([^)]{1,30}\)\s*)?[-\u2013\u2014,:]?"
    r"|(?:[A-Z][a-z]+\s+){1,2}(?:\([^)]{1,30}\)|[-\u2013\u2014])\s*)\s+(?=[A-Z\"\u201c])"
)


def without_place_dateline(text: str) -> str:
    """ "BEIRUT A Russian helicopter was shot down" -> "A Russian helicopter was shot
    down"; "MOSCOW (Sputnik) The YPG ...", "Beirut London- Warplanes ...": the city
    a story was filed from, in capitals or before an agency in brackets or a dash."""
    found = PLACE_DATELINE.match(text)
    if found is None:
        return text
    head = found.group().strip()
    if fold(head.split()[0].strip("'")) in V.not_datelines:
        return text  # "US strikes", "ISIS fighters": an actor, not a city
    return text[found.end() :]


def without_agency(text: str) -> str:
    """ "Moscow AFP Some 120 Islamic State fighters ..." -> "Some 120 Islamic State
    fighters ...": a city and the agency that filed from it."""
    words = text.split()
    for i in range(min(3, len(words) - 1)):
        if fold(words[i].strip("()")) in V.agencies:
            if all(w[:1].isupper() for w in words[:i]):
                return " ".join(words[i + 1 :])
            return text
    return text


CLEANERS: tuple[Callable[[str, str | None], str], ...] = (
    lambda text, title: without_dateline(text),
    without_byline,
    without_title,
    lambda text, title: without_place_dateline(text),
    lambda text, title: without_agency(text),
)
"""Applied in turn, twice, to the start of the lead (a dateline may follow a byline)."""


def clean_lead(text: str, title: str | None) -> str:
    """The lead sentence without what the page wrapped around it (``CLEANERS``)."""
    for _ in range(2):
        for rule in CLEANERS:
            text = rule(text, title).strip()
    return text


def is_caption(sentence: str) -> bool:
    """ "A young boy cries as he sits on the rubble ... on July 21 2015. (", "( TRT World
    and Agencies) The US military ...": a photo's caption or its credit: a bracket
    left open or closed alone, or a word only captions use."""
    if sentence.count("(") != sentence.count(")"):
        return True
    if not V.caption_words.isdisjoint(_words(sentence)):
        return True
    return caption_phrases().search(sentence.lower()) is not None


@cache
def caption_phrases() -> re.Pattern[str]:
    """Any caption phrase, in one scan (as ``phrase in text`` for each in turn)."""
    return re.compile("|".join(re.escape(p) for p in entries("summary", "caption_phrases")))


def before_furniture(sentence: str) -> str:
    """ "Shelling in West Aleppo left 11 people dead on Friday Tags Syria Aleppo UN
    ..." -> "Shelling in West Aleppo left 11 people dead on Friday": a sentence the
    site's words ran into ends where they start; one that starts with them is none."""
    found = furniture_pattern().search(sentence.lower())
    if found is None or found.start() >= len(sentence):  # (lower() may lengthen it)
        return sentence
    head = sentence[: found.start()].rstrip(" -|:")
    return head if len(head.split()) >= MIN_WORDS else ""


def without_furniture(sentences: list[str]) -> list[str]:
    """``before_furniture`` of each sentence, scanned only where it can match: the
    phrases are first looked for in the article's sentences at once (lower case, one
    substring search each), then a sentence is scanned when it holds one found. Most
    articles hold none, and the scan of every sentence cost a sixth of the summary
    (a phrase the pattern matches is a substring of the sentence in lower case, so
    nothing it would cut is skipped)."""
    lower = "\n".join(sentences).lower()
    present = [p for p in furniture_phrases() if p in lower]
    if not present:
        return sentences
    return [before_furniture(s) if any(p in s.lower() for p in present) else s for s in sentences]


@cache
def furniture_phrases() -> tuple[str, ...]:
    """The furniture phrases, lower case, as written in the data."""
    return tuple(entries("summary", "furniture_phrases"))


@cache
def furniture_pattern() -> re.Pattern[str]:
    """Any of the furniture phrases as a whole word: one scan of a sentence finds
    the first of them (a search per phrase cost more than the rest of the summary)."""
    phrases = "|".join(re.escape(p) for p in furniture_phrases())
    return re.compile(rf"\b(?:{phrases})\b")


def is_furniture(sentence: str) -> bool:
    """ "Tags Syria Aleppo UN De Mistura ...", "Get short URL", "Print this page": the
    site's words around a story."""
    lower = " " + " ".join(_words(sentence)) + " "
    return furniture_words().search(lower) is not None


@cache
def furniture_words() -> re.Pattern[str]:
    """Any furniture phrase between two spaces, in one scan (as ``" {phrase} " in
    text`` for each phrase in turn)."""
    phrases = "|".join(re.escape(p) for p in entries("summary", "furniture_phrases"))
    return re.compile(f" (?:{phrases}) ")


CREDIT = re.compile(r"^\s*\(?([^()]{0,60})\)\s*")


def credit_at_start(sentence: str) -> re.Match[str] | None:
    """ "( AFP Photo) At least 18 civilians were killed ...": a photo credit the
    sentence splitter left at the start of the next sentence."""
    found = CREDIT.match(sentence)
    if found is None:
        return None
    inside = set(_words(found.group(1)))
    if is_photo_credit(inside) or inside & V.agencies:
        return found
    return None


def without_captions(sentences: list[str]) -> list[str]:
    """ "A young boy cries as he sits on the rubble ... ( AFP Photo) At least 18
    civilians were killed": the sentence before a photo credit is the photo's
    caption (dropped, as an empty string), the credit is no part of the next."""
    out = list(sentences)
    for i, sentence in enumerate(sentences):
        found = credit_at_start(sentence)
        if found is None:
            continue
        out[i] = sentence[found.end() :]
        if i > 0:
            out[i - 1] = ""
    return out


@lru_cache(maxsize=65536)
def _number(word: str) -> int | None:
    if word.replace(",", "").isdecimal():
        return int(word.replace(",", ""))
    table = number_words()
    parts = word.lower().split("-")
    if all(table.get(p) is not None for p in parts):
        return sum(int(table[p] or 0) for p in parts)
    return None


def states_toll(sentence: str, toll: int) -> bool:
    """ "Seventy-six people including 28 children were killed": the sentence writes
    the number ``toll``, in digits or words."""
    return writes_a_toll(sentence, frozenset({toll}))


def writes_a_toll(sentence: str, tolls: frozenset[int]) -> bool:
    """Whether the sentence writes any of ``tolls`` (``states_toll`` for several at once)."""
    return not tolls.isdisjoint(numbers_written(sentence))


@lru_cache(maxsize=4096)
def numbers_written(sentence: str) -> frozenset[int | None]:
    """The numbers a sentence writes, in digits or words; read once, as a sentence is
    asked for each incident's toll."""
    return frozenset(_number(w.strip(".,:;\"'()")) for w in sentence.split())


def choosable(sentences: list[str], incidents: list[Incident]) -> list[str]:
    """The publishable sentences (``publishable``, each once, in order) among which a
    summary chooses: the first two, those an incident's evidence holds and, for an
    incident whose evidence does not write its toll, those that do
    (``incident_sentences`` and ``deadliest_total_sentence`` choose among no others).
    Only these are checked: a long article's other sentences cannot be chosen, and
    checking them cost more than the rest of the summary."""
    unique = list(dict.fromkeys(sentences))
    in_evidence = _in_any([i.evidence for i in incidents])
    kept: set[str] = set()
    for s in unique:
        if (len(kept) < 2 or in_evidence(s)) and publishable(s):
            kept.add(s)
    unwritten = frozenset(
        total
        for i in incidents
        if not i.aggregate
        and (total := i.killed.best_total) is not None
        and not any(s in i.evidence and states_toll(s, total) for s in kept)
    )
    if unwritten:
        kept.update(
            s for s in unique if s not in kept and writes_a_toll(s, unwritten) and publishable(s)
        )
    return [s for s in unique if s in kept]


APART = "\x00"
"""What parts the texts ``_in_any`` searches at once: no sentence holds it."""


def _in_any(texts: list[str]) -> Callable[[str], bool]:
    """Whether a sentence is part of any of ``texts``, as ``any(s in t for t in texts)``,
    in one search of them joined by ``APART`` (a sentence without it cannot match across
    two); a sentence with it is searched for in each."""
    joined = APART.join(dict.fromkeys(texts))

    def found(sentence: str) -> bool:
        if not texts:
            return False
        if APART in sentence:
            return any(sentence in t for t in texts)
        return sentence in joined

    return found


def publishable(sentence: str) -> bool:
    """A sentence a summary may carry: long enough, no caption, no furniture, no
    dateline left in it."""
    return (
        len(sentence.split()) >= MIN_WORDS
        and not is_caption(sentence)
        and not is_furniture(sentence)
        and dateline_of(sentence) is None
    )


def incident_sentences(body: list[str], incidents: list[Incident]) -> list[str]:
    """For each incident, the deadliest first, the sentence that states its toll,
    else the first sentence of its evidence (an incident read from the headline
    alone gives none)."""
    ranked = sorted(
        (i for i in incidents if not i.aggregate),
        key=lambda i: (-(i.killed.best_total or 0), i.id),
    )
    out: list[str] = []
    for inc in ranked:
        total = inc.killed.best_total
        told = [s for s in body if s in inc.evidence]
        if total is not None:
            stating = [s for s in told if states_toll(s, total)]
            told = stating or [s for s in body if states_toll(s, total)] or told
        if told and told[0] not in out:
            out.append(told[0])
    return out


def deadliest_total_sentence(body: list[str], incidents: list[Incident]) -> str | None:
    """ "On Sunday at least 29 opposition fighters were killed when rebels launched a
    fruitless assault": the sentence of the largest toll the article states, when it
    is a stated total (shown, never counted: an attack told as background, a sum of
    others) larger than every counted incident's, and not a total over a period
    ("since 2011", "this month"), which tells no attack. A summary says what the
    article reports, counted or not."""
    counted = max((i.killed.best_total or 0 for i in incidents if not i.aggregate), default=0)
    totals = [
        i
        for i in incidents
        if i.aggregate
        and (i.killed.best_total or 0) > counted
        and period_total.__name__ not in i.why.killed
    ]
    for inc in sorted(totals, key=lambda i: (-(i.killed.best_total or 0), i.id)):
        total = inc.killed.best_total or 0
        told = [s for s in body if s in inc.evidence and states_toll(s, total)]
        if told:
            return told[0]
    return None


def without_repeated_lead(text: str) -> str:
    """ "The spokesman ... was killed in the northeast of the country The spokesman ...
    was killed in the northeast of the country a monitor group said.": a lead printed
    twice (the page's teaser, then the story) with no full stop between is told once,
    as the longer, second copy. Bounded: a copy is at most ``MAX_WORDS`` words."""
    head = text.split(None, 1)
    if len(head) < 2 or head[0] not in head[1]:
        return text  # a copy starts with the first word again: most sentences have none
    words = text.split()
    for n in range(min(len(words) // 2, MAX_WORDS), MIN_WORDS - 1, -1):
        # a copy starts with the first word: most n are ruled out without a slice
        if words[n] == words[0] and words[:n] == words[n : 2 * n]:
            return " ".join(words[n:])
    return text


QUOTE = '"'


def balanced_quotes(sentence: str) -> str:
    """ "Mayadeen\" the ministry said" -> "\"Mayadeen\" the ministry said"; "\" Some cases
    appear to show ..." -> "\"Some cases appear to show ...\"": a sentence cut from a
    quotation that runs over several gets the mark it lost, so a summary never opens a
    quote it does not close (nor closes one it never opened)."""
    if sentence.count(QUOTE) % 2 == 0:
        return sentence
    at = sentence.find(QUOTE)
    if not sentence[:at].strip():  # the quotation opens here and runs on
        return QUOTE + sentence[at + 1 :].strip() + QUOTE
    return QUOTE + sentence


def headline_alone(title: str | None) -> bool:
    """ "25 April 2017 51 martyrs from Kefraya and al-Fouaa escorted from Military
    Hospital in Aleppo": when the text is its headline and a dateline and nothing else
    is publishable, the headline sums the article up (never an empty summary, nor the
    dateline left over)."""
    return title is not None and len(title.split()) >= MIN_WORDS // 2


def summarise(sentences: list[str], incidents: list[Incident], title: str | None = None) -> str:
    """The article's lead sentence, cleaned, then the sentences of its deadliest
    incidents, in the order the article tells them: 1-3 whole sentences, at most
    ``MAX_WORDS`` words; a lead too long alone gives way to the deadliest
    incident's sentence, and a single sentence too long is cut at a word."""
    cleaned = [s.strip() for s in without_captions([s.strip() for s in sentences])]
    if cleaned:
        cleaned[0] = clean_lead(cleaned[0], title)
    cleaned = [balanced_quotes(without_repeated_lead(s)) for s in without_furniture(cleaned)]
    body = choosable(cleaned, incidents)  # a lead printed twice ("X. X.") is told once
    if not body and headline_alone(title):
        return (title or "").strip()
    if not body:
        body = [s for s in cleaned if s and not is_caption(s) and not is_furniture(s)]
        body = list(dict.fromkeys(body))
    if not body:
        return ""
    # the deadliest incident's sentence first, then the article's larger stated total,
    # then the lead, then the others
    told = incident_sentences(body, incidents)
    total = deadliest_total_sentence(body, incidents)
    wanted = list(dict.fromkeys([*told[:1], *([total] if total else []), body[0], *told[1:]]))
    if len(wanted) < 2 and len(body) > 1:
        wanted.append(body[1])
    chosen: list[str] = []
    count = 0
    for s in wanted:
        n = len(s.split())
        if len(chosen) < MAX_SENTENCES and count + n <= MAX_WORDS:
            chosen.append(s)
            count += n
    if not chosen:
        words = wanted[0].split()[:MAX_WORDS]
        return " ".join(words).rstrip(" ,;:") + "\u2026"
    return " ".join(s for s in body if s in chosen)
