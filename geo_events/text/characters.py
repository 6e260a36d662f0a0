"""Text that can always be encoded: lone surrogates replaced, offsets kept.

    >>> replace_surrogates("Near Mosul\\ud800 x")
    'Near Mosul\\ufffd x'

JSON may carry ``"\\ud800"`` escapes and Python strings may hold such lone
halves of a UTF-16 pair; every step that encodes (the gazetteer's SQLite
lookups, hashing, writing UTF-8) fails on them. Each is replaced by U+FFFD,
one character for one, so offsets into the text stay valid. Linear in the
length of the text; a text without surrogates is returned as it is.
"""

from __future__ import annotations

import re

__all__ = ["replace_surrogates"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each surrogate code point replaced by U+FFFD (same length)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)
