"""Split article text into sentences, keeping character offsets.

    >>> text = "Raids hit Raqqa on Jan. 21. U.S. forces left.\\n\\nA new paragraph"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Raids hit Raqqa on Jan. 21.', 'U.S. forces left.', 'A new paragraph']

A small rule-based splitter: a sentence ends at ``.``, ``!`` or ``?`` (with
closing quotes or brackets) before whitespace and a capital, digit or quote,
unless the word before the stop is a known abbreviation; paragraph breaks
always end a sentence. (pysbd does this more thoroughly but is ~100x slower,
and geoparsing has a 200 articles/s target.)

A sentence longer than :data:`MAX_SENTENCE_CHARS` (text without sentence
punctuation: a table, a list, a transcript) is cut at its last whitespace
before that length, and again, so no sentence is longer:

    >>> long = "Raids near Mosul and " * 200
    >>> max(e - s for s, e in sentence_spans(long)) <= MAX_SENTENCE_CHARS < len(long)
    True

The event stage reads each sentence's clauses against all the sentence's
actors, work that grows with the square of a sentence's length; the cap keeps
it bounded, so the whole stage stays linear in the length of the text. News
sentences are far shorter (the longest in the LGL and GeoVirus corpora has 935
characters). Every stage takes the pieces for sentences: an event's ``notes``
hold its piece, and a word opening a piece opens a sentence for recognition.

Linear in the length of the text: one pass of the boundary pattern, each
possible stop checked against the 40 characters before it, each cut of an
over-long sentence found within the sentence's next ``MAX_SENTENCE_CHARS``.
"""

from __future__ import annotations

import re

from geo_events import vocab

__all__ = ["sentence_spans", "paragraph_breaks", "MAX_SENTENCE_CHARS"]

_ABBREVIATIONS = vocab.sentence_abbreviations()
_PARAGRAPH = re.compile(r"\n\s*\n")
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z.]+)\.$")
_WORD_WINDOW = 40
#: No sentence is longer: a longer one is cut at its last whitespace before this length
#: (at this length, inside a word that long).
MAX_SENTENCE_CHARS = 2000
#: Matched from a sentence's start, ends right after its last whitespace within the match range.
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_SPACES = re.compile(r"\s*")


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
    if not stripped:
        return
    start += len(chunk) - len(chunk.lstrip())
    end = start + len(stripped)
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        space = _UP_TO_LAST_SPACE.match(text, start, limit + 1)
        cut = space.end() - 1 if space else limit  # the last whitespace, else inside a long word
        spans.append((start, start + len(text[start:cut].rstrip())))
        start = _SPACES.match(text, cut).end()
    spans.append((start, end))
