"""Which of many patterns can match in a text, told by the first letters of its words.

    >>> import re
    >>> drones = re.compile(r"\\b(?:drones?|UAVs?)\\b", re.IGNORECASE)
    >>> sorted(pattern_heads(drones))
    ['dron', 'uav', 'uavs']
    >>> may_match(pattern_heads(drones), word_heads("A UAV struck the base."))
    True
    >>> may_match(pattern_heads(drones), word_heads("Shelling hit the base."))
    False

A lexicon of a few dozen case-insensitive patterns, each an alternation of
phrases, costs one scan of the text per pattern: Python's regular expressions
try every alternative at every position. But a match can only open with one
of a few strings (:func:`pattern_heads`, read from the parsed pattern: the
first four letters of each phrase), and a word of the text opens every match.
So the openings of the text's words (:func:`word_heads`, one pass) rule out,
before any scan, the patterns none of whose openings occur: about four in
five of the trigger lexicon's rows for a sentence of news. A pattern whose
opening cannot be read (it may open with any letter: ``\\w+``) is never ruled
out, so the answer is always a superset of the patterns that match.

Linear in the length of the text.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser

__all__ = ["pattern_heads", "word_heads", "may_match", "HEAD_CHARS"]

#: How many letters of a match's opening are compared.
HEAD_CHARS = 4
_WORD_START = re.compile(r"\b(?=\w)")
#: Letters that case-insensitive matching takes for ASCII ones ("ı" for "i").
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "İ": "i"})


def pattern_heads(pattern: re.Pattern[str], *, chars: int = HEAD_CHARS,
                  fold: bool = True) -> frozenset[str] | None:
    """Every string of ``chars`` characters (lower case unless not ``fold``; shorter where
    a match may end sooner) a match of ``pattern`` can open with, as the pattern is
    written; ``None`` when it cannot tell."""
    found: set[str] = set()

    def walk(items: list, prefix: str) -> bool:
        if len(prefix) >= chars or not items:
            found.add(prefix[:chars])
            return True
        (op, av), rest = items[0], items[1:]
        if op is _c.LITERAL:
            return walk(rest, prefix + (chr(av).lower() if fold else chr(av)))
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return walk(rest, prefix)  # zero width
        if op is _c.IN:
            letters = _letters_of(av, fold=fold)
            return letters is not None and all(walk(rest, prefix + c) for c in letters)
        if op is _c.BRANCH:
            return all(walk(list(branch) + rest, prefix) for branch in av[1])
        if op is _c.SUBPATTERN:
            return walk(list(av[-1]) + rest, prefix)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, sub = av
            more = [(op, (0, high if high == _c.MAXREPEAT else high - 1, sub))] if high != 1 else []
            return (low > 0 or walk(rest, prefix)) and walk(list(sub) + more + rest, prefix)
        return False  # may open with any letter (\w, .)

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return frozenset(found) if walk(list(parsed), "") else None


def _letters_of(items: list, *, fold: bool = True) -> list[str] | None:
    """The characters a character class stands for (lower case if ``fold``), if a few; else ``None``."""
    letters: set[str] = set()
    case = str.lower if fold else str
    for op, av in items:
        if op is _c.LITERAL:
            letters.add(case(chr(av)))
        elif op is _c.RANGE and av[1] - av[0] < 26:
            letters.update(case(chr(c)) for c in range(av[0], av[1] + 1))
        else:
            return None
    return sorted(letters)


def word_heads(text: str, start: int = 0, end: int | None = None) -> frozenset[str]:
    """The openings (:data:`HEAD_CHARS` characters, lower case) of the words of ``text[start:end]``."""
    end = len(text) if end is None else end
    return frozenset(text[m.start():min(end, m.start() + HEAD_CHARS)].translate(_FOLD).lower()
                     for m in _WORD_START.finditer(text, start, end))


def may_match(heads: frozenset[str] | None, text_heads: frozenset[str]) -> bool:
    """Whether a pattern with openings ``heads`` (:func:`pattern_heads`) may match in a
    text whose words open with ``text_heads`` (:func:`word_heads`)."""
    if heads is None or not heads.isdisjoint(text_heads):
        return True
    return any(len(h) < HEAD_CHARS and any(w.startswith(h) for w in text_heads) for h in heads)
