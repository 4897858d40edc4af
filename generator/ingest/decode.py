"""Bytes to clean text: encodings, line ends, control characters, mojibake.

Order of attempts (first that works wins):

1. a byte-order mark: UTF-8, UTF-16 or UTF-32 (LE/BE);
2. UTF-16 without a BOM, when every other byte is NUL (Windows "Unicode" text);
3. strict UTF-8;
4. strict cp1252 (Windows Western; a superset of Latin-1's printable range).
   Tried *before* charset-normalizer because on short English text with curly
   quotes it answers cp1250 or cp1006 ("naïve" -> "naﺅve"), and the articles
   we get are English;
5. charset-normalizer's best guess;
6. Latin-1, which never fails.

Then: CRLF and CR become LF; NULs, other C0 controls, bidi-override controls,
zero-width spaces and joiners, tag characters and other invisible format
characters go; no-break and typographic spaces become plain spaces;
cheap mojibake ("â€™" -> "’") is repaired run by run.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from generator.safety.escape import INVISIBLE_RE

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: C0 controls other than tab and newline, plus DEL. NUL is among them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: No-break and typographic spaces: pasted web text is full of them, and the
#: extractor's patterns (and the quoted evidence) expect a plain space.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


class Decoded(str):
    """A ``str`` that remembers which encoding it came from (``.encoding``)."""

    encoding: str

    def __new__(cls, text: str, encoding: str) -> Decoded:
        obj = super().__new__(cls, text)
        obj.encoding = encoding
        return obj


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` (see the module docstring for the order). Never raises."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(enc, errors="replace"), enc)
    enc16 = _utf16_without_bom(data)
    if enc16:
        return Decoded(data.decode(enc16, errors="replace"), enc16)
    for enc in ("utf-8", "cp1252"):
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding, errors="replace"), best.encoding)
        except LookupError:  # pragma: no cover - charset-normalizer names a codec we lack
            pass
    return Decoded(data.decode("latin-1"), "latin-1")


def truncate(data: bytes, limit: int) -> bytes:
    """At most ``limit`` bytes of ``data``, never ending inside a character.

    A UTF-8 sequence cut in half fails strict decoding, and the whole file then
    goes to the guessers (a long English article came back as Cyrillic); a
    UTF-16/32 text cut at an odd byte would shift every character after a
    surrogate. So the cut backs up to the last whole character.
    """
    if len(data) <= limit:
        return data
    head = data[:limit]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return head[: len(head) - len(head) % 4]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return head[: len(head) - len(head) % 2]
    for back in range(1, min(4, len(head)) + 1):
        byte = head[-back]
        if byte & 0xC0 == 0x80:  # a continuation byte: look further back for the lead
            continue
        if byte >= 0xC0:  # the lead byte of a sequence of `need` bytes
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if need > back:
                return head[:-back]
        break
    return head


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True for content that is not text in any encoding we read.

    NUL bytes in UTF-16/32 text are expected; elsewhere more than a few NULs or
    C0 controls in the first 8 KB mean a binary file with a text extension.
    """
    sample = data[:8192]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.10


# cp1252 maps 0x80-0x9F to these characters; the five undefined bytes
# (0x81 0x8D 0x8F 0x90 0x9D) survive mis-decoding as the C1 controls themselves.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace")
_CONT = "".join(
    ch if ch != "\ufffd" else chr(0x80 + i) for i, ch in enumerate(_CP1252_HIGH)
) + "".join(chr(c) for c in range(0xA0, 0xC0))
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
#: A UTF-8 lead byte read as cp1252/Latin-1, followed by continuation bytes so read.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00df]" + _CONT_CLASS + "|[\u00e0-\u00ef]" + _CONT_CLASS + "{2}"
    "|[\u00f0-\u00f4]" + _CONT_CLASS + "{3}"
)
_TO_BYTE = {ch: 0x80 + i for i, ch in enumerate(_CONT[:32])}


def _as_cp1252_bytes(s: str) -> bytes | None:
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if ch in _TO_BYTE:
            out.append(_TO_BYTE[ch])
        elif o < 256:
            out.append(o)
        else:
            return None
    return bytes(out)


#: What a repaired 3- or 4-byte sequence may decode to: punctuation, currency,
#: letterlike symbols (™), emoji. "café—“" is E9 97 93, valid UTF-8 for a CJK
#: character: genuine accented text next to curly punctuation must stay as it is.
_PLAUSIBLE_WIDE = ((0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F), (0x1F000, 0x1FAFF))


def _fix_run(m: re.Match[str]) -> str:
    raw = _as_cp1252_bytes(m.group(0))
    if raw is None:
        return m.group(0)
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return m.group(0)
    cp = ord(fixed)
    if cp >= 0x800 and not any(lo <= cp <= hi for lo, hi in _PLAUSIBLE_WIDE):
        return m.group(0)
    return fixed


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/Latin-1: "Assadâ€™s" -> "Assad’s".

    Only whole, valid UTF-8 sequences are replaced (a lead byte followed by the
    right number of continuation bytes), and 3-4 byte ones only when they give
    punctuation, currency, ™ or emoji, so genuine text such as "café" or
    "café—“quoted”" is left alone.
    """
    if not any(c in text for c in "ÂÃâ€ð"):
        return text
    return _MOJIBAKE.sub(_fix_run, text)


def clean_text(text: str) -> str:
    """Normalise line ends, drop NUL/C0 controls and invisible characters, repair mojibake."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    text = repair_mojibake(text)
    # Bidi controls ("Trojan source": text that displays differently from what it
    # says), zero-width spaces and joiners, tag characters (text hidden in a title)
    # and the other invisible format characters; after the repair, which can make
    # them. One list for ingest and the pages: ``escape.INVISIBLE``.
    text = INVISIBLE_RE.sub("", text)
    return _SPACES.sub(" ", text)
