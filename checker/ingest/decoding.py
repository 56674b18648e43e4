"""Bytes -> text, refusing what is not text rather than guessing.

Policy (claim offsets index into the decoded text, so the decoding must be right or refused):

1. A NUL byte in the file means binary (images, PDFs, zip files): refused.
2. A UTF-16 byte-order mark is a declaration, not a guess: decoded as UTF-16.
3. UTF-8, with or without a byte-order mark (``utf-8-sig`` drops the mark, nothing else).
4. Otherwise cp1252, the Windows encoding French newsrooms saved text in for decades
   (« é » is the single byte 0xE9). It is accepted only when every byte decodes and the result has
   no control characters besides tab, newline, carriage return and form feed: text from another
   single-byte encoding or a binary blob almost always trips one of those. The fallback is logged.
5. Anything else is refused with a reason naming the first bad byte.
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

# C0 and C1 control characters that do not occur in real text (tab, LF, VT, FF, CR are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class Unreadable(Exception):
    """A file or record that cannot become an article; the message is the reason shown to people.

    Private to ``checker.ingest``: ``read_article`` turns it into an ``InputError`` and
    ``read_corpus`` into a ``ReadProblem``.
    """


def decode_text(data: bytes, name: str = "") -> str:
    """Decode a file's bytes following the policy in the module docstring.

    ``name`` only labels the log line of the cp1252 fallback. Raises Unreadable for binary or
    undecodable content.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Unreadable(f"not valid UTF-16 despite its byte-order mark ({exc.reason})") from None
    if b"\x00" in data:
        raise Unreadable("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or _CONTROL.search(text):
        bad = data[utf8_error.start : utf8_error.start + 1]
        raise Unreadable(
            f"not UTF-8 (byte 0x{bad.hex()} at offset {utf8_error.start}) and not plain cp1252 text either"
        )
    logger.warning("%s: not UTF-8, decoded as cp1252", name or "<bytes>")
    return text
