"""The ``names`` rows of a batch of places, and both as compact messages for the writer process.

    >>> counts, rows = rows_of([(7, ["Ar Raqqah", "Raqqa", "Rakka", "X"])])
    >>> counts, sorted(rows)  # "X" folds too short to keep; "Raqqa" spells like "Ar Raqqah"
    ([2], [('raka', 'rakka', 7), ('raka', 'raqqa', 7)])
    >>> unpack_named(pack_named([(7, ["Raqqa", "Rakka"]), (8, [])]))
    [(7, ['Raqqa', 'Rakka']), (8, [])]

A batch goes to the writer process as a few long strings and lists of
numbers instead of a hundred thousand small strings: pickling and
unpickling those was a tenth of a build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..folding import fold_keys_many

__all__ = ["rows_of", "NameRow", "MIN_KEY_CHARS", "pack_named", "unpack_named", "pack_rows",
           "unpack_rows", "PackedNames", "PackedRows"]

#: Folded keys shorter than this are not stored.
MIN_KEY_CHARS = 2

#: One ``names`` row: (folded key, spelling key, place id).
NameRow = tuple[str, str, int]
#: ``(place ids, names per place, the names joined)``, or the ``(id, names)`` pairs
#: themselves when a name holds the separator.
PackedNames = tuple[list[int], list[int], str] | list[tuple[int, list[str]]]
#: ``(keys joined, spellings joined, place ids)``.
PackedRows = tuple[str, str, list[int]]

#: Joins a batch's names. A name holding it is sent as it is (see :func:`pack_named`);
#: folded keys are letters and digits only, so never hold it.
_SEPARATOR = "\x1f"


def rows_of(places: Iterable[tuple[int, list[str]]]) -> tuple[list[int], list[NameRow]]:
    """Each place's count of distinct spellings, and its distinct name rows, place after place.

    ``places``: ``(place id, names)`` pairs with distinct ids. The count is
    what the index stores as the place's ``names`` (a prominence cue).
    """
    distinct = [(place_id, set(names)) for place_id, names in places]
    keys, spelled = fold_keys_many([name for _, names in distinct for name in names])
    counts: list[int] = []
    rows: list[NameRow] = []
    start = 0
    for place_id, names in distinct:
        end = start + len(names)
        spellings = set()
        for key, spelling in set(zip(keys[start:end], spelled[start:end])):
            if len(key) >= MIN_KEY_CHARS:
                rows.append((key, spelling, place_id))
                spellings.add(spelling)
        counts.append(len(spellings))
        start = end
    return counts, rows


def pack_named(named: Sequence[tuple[int, list[str]]]) -> PackedNames:
    """``named`` (``(place id, names)`` pairs) as one message; :func:`unpack_named` reverses it."""
    flat = [name for _, names in named for name in names]
    joined = _SEPARATOR.join(flat)
    if joined.count(_SEPARATOR) != max(len(flat) - 1, 0):
        return [(place_id, list(names)) for place_id, names in named]  # a name holds the separator
    return [place_id for place_id, _ in named], [len(names) for _, names in named], joined


def unpack_named(packed: PackedNames) -> list[tuple[int, list[str]]]:
    """The ``(place id, names)`` pairs of a :func:`pack_named` message."""
    if isinstance(packed, list):
        return packed
    ids, sizes, joined = packed
    flat = joined.split(_SEPARATOR) if sum(sizes) else []
    named, start = [], 0
    for place_id, size in zip(ids, sizes, strict=True):
        named.append((place_id, flat[start:start + size]))
        start += size
    if start != len(flat):
        raise ValueError(f"a packed batch holds {len(flat)} names, its places {start}")
    return named


def pack_rows(rows: Sequence[NameRow]) -> PackedRows:
    """``names`` rows as one message; :func:`unpack_rows` reverses it."""
    return (_SEPARATOR.join(row[0] for row in rows), _SEPARATOR.join(row[1] for row in rows),
            [row[2] for row in rows])


def unpack_rows(packed: PackedRows) -> list[NameRow]:
    """The rows of a :func:`pack_rows` message."""
    keys, spellings, ids = packed
    if not ids:
        return []
    return list(zip(keys.split(_SEPARATOR), spellings.split(_SEPARATOR), ids, strict=True))
