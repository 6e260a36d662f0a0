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

__all__ = ["pattern_heads", "word_heads", "may_match", "Heads", "WordHeads", "HEAD_CHARS"]

#: How many letters of a match's opening are compared.
HEAD_CHARS = 4
_WORD_START = re.compile(r"\b(?=\w)")
#: Letters that case-insensitive matching takes for ASCII ones ("ı" for "i").
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "İ": "i"})


class Heads(frozenset):
    """A pattern's openings (a frozenset), with ``short``: those shorter than the rest
    (a match that may end sooner: "IED" of ``IEDs?``), checked against word prefixes."""

    short: frozenset[str]


def _heads(found: set[str], chars: int) -> Heads:
    heads = Heads(found)
    heads.short = frozenset(h for h in found if len(h) < chars)
    return heads


def pattern_heads(pattern: re.Pattern[str], *, chars: int = HEAD_CHARS,
                  fold: bool = True) -> Heads | None:
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
    return _heads(found, chars) if walk(list(parsed), "") else None


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


class WordHeads:
    """The openings of a text's words (:func:`word_heads`): their first :data:`HEAD_CHARS`
    characters, lower case, and (read when first needed) all shorter prefixes of those."""

    __slots__ = ("openings", "_prefixes")

    def __init__(self, openings: frozenset[str]) -> None:
        self.openings = openings
        self._prefixes: frozenset[str] | None = None

    @property
    def prefixes(self) -> frozenset[str]:
        if self._prefixes is None:
            self._prefixes = frozenset(o[:k] for o in self.openings for k in range(1, len(o)))
        return self._prefixes


_OPENING = re.compile(r"\b(?=(\w.{0,%d}))" % (HEAD_CHARS - 1), re.DOTALL)


def word_heads(text: str, start: int = 0, end: int | None = None) -> WordHeads:
    """The openings of the words of ``text[start:end]``."""
    end = len(text) if end is None else end
    openings = _OPENING.findall(text, start, end)
    return WordHeads(frozenset("\0".join(openings).translate(_FOLD).lower().split("\0")) if openings
                     else frozenset())


def may_match(heads: Heads | None, words: WordHeads) -> bool:
    """Whether a pattern with openings ``heads`` (:func:`pattern_heads`) may match in a
    text whose words open as ``words`` (:func:`word_heads`) say."""
    if heads is None or not heads.isdisjoint(words.openings):
        return True
    return bool(heads.short) and not words.prefixes.isdisjoint(heads.short)
