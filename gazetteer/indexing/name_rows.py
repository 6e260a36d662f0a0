"""The ``names`` rows of a batch of places: each name folded to its two keys.

    >>> counts, rows = rows_of([(7, ["Ar Raqqah", "Raqqa", "Rakka", "X"])])
    >>> counts, sorted(rows)  # "X" folds too short to keep; "Raqqa" spells like "Ar Raqqah"
    ([2], [('raka', 'rakka', 7), ('raka', 'raqqa', 7)])
"""

from __future__ import annotations

from collections.abc import Iterable

from ..folding import fold_keys

__all__ = ["rows_of", "NameRow", "MIN_KEY_CHARS"]

#: Folded keys shorter than this are not stored.
MIN_KEY_CHARS = 2

#: One ``names`` row: (folded key, spelling key, place id).
NameRow = tuple[str, str, int]


def rows_of(places: Iterable[tuple[int, list[str]]]) -> tuple[list[int], list[NameRow]]:
    """Each place's count of distinct spellings, and its distinct name rows, place after place.

    ``places``: ``(place id, names)`` pairs with distinct ids. The count is
    what the index stores as the place's ``names`` (a prominence cue).
    """
    counts: list[int] = []
    rows: list[NameRow] = []
    for place_id, names in places:
        spellings = set()
        for key, spelling in {fold_keys(name) for name in names}:
            if len(key) >= MIN_KEY_CHARS:
                rows.append((key, spelling, place_id))
                spellings.add(spelling)
        counts.append(len(spellings))
    return counts, rows
