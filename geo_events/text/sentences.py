"""Split article text into sentences, keeping character offsets.

    >>> text = "Raids hit Raqqa on Jan. 21. U.S. forces left.\\n\\nA new paragraph"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Raids hit Raqqa on Jan. 21.', 'U.S. forces left.', 'A new paragraph']

A small rule-based splitter: a sentence ends at ``.``, ``!`` or ``?`` (with
closing quotes or brackets) before whitespace and a capital, digit or quote,
unless the word before the stop is a known abbreviation; paragraph breaks
always end a sentence. (pysbd does this more thoroughly but is ~100x slower,
and geoparsing has a 200 articles/s target.)
"""

from __future__ import annotations

import re

from geo_events import vocab

__all__ = ["sentence_spans", "paragraph_breaks"]

_ABBREVIATIONS = vocab.sentence_abbreviations()
_PARAGRAPH = re.compile(r"\n\s*\n")
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z.]+)\.$")
_WORD_WINDOW = 40


def _is_abbreviation(text: str, stop: int) -> bool:
    # Only the word before the stop matters: search a window, not the whole text.
    match = _WORD_BEFORE.search(text, max(0, stop - _WORD_WINDOW), stop + 1)
    if not match:
        return False
    word = match.group(1)
    # "U.S.", "A." (initials) and listed abbreviations do not end a sentence.
    return "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS


def paragraph_breaks(text: str) -> list[int]:
    """Where each paragraph break (a blank line) starts."""
    return [m.start() for m in _PARAGRAPH.finditer(text)]


def sentence_spans(text: str, *, breaks: list[int] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence, whitespace trimmed; ``breaks``, the text's
    :func:`paragraph_breaks` when the caller has them already."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    cuts = paragraph_breaks(text) if breaks is None else breaks
    for block_end in [*cuts, len(text)]:
        block_start = cursor
        for match in _BOUNDARY.finditer(text, block_start, block_end):
            if text[match.start()] == "." and _is_abbreviation(text, match.start()):
                continue
            _add(spans, text, block_start, match.end())
            block_start = match.end()
        _add(spans, text, block_start, block_end)
        cursor = block_end
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
