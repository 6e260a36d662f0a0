"""The column names an article table's fields go by, read from ``table_columns.csv``.

    >>> table_column_names()["date"][:3]
    ('date', 'published', 'publish_date')
    >>> fold_column_name("\\ufeffPublish-Date "), fold_column_name("publish_date")
    ('publishdate', 'publishdate')

Each field of :class:`~geo_events.io.ColumnNames` (text, date, title, url) has
its names in ``geo_events/vocab/data/table_columns.csv``, its own name first,
the others in the order a guess prefers them. Names match when
:func:`fold_column_name` makes them equal; two names of the file that fold
alike raise :class:`~gazetteer.GazetteerDataError` naming the line.
"""

from __future__ import annotations

import functools
import re

from gazetteer import GazetteerDataError, vocabulary

__all__ = ["table_column_names", "fold_column_name", "TABLE_FIELDS"]

_PACKAGE = "geo_events.vocab"
_FILE = "table_columns.csv"
#: The fields of an article table, in the order they are shown.
TABLE_FIELDS = ("text", "date", "title", "url")
#: What folding drops: whitespace, underscores, hyphens and byte-order marks.
_IGNORED = re.compile(r"[\s_\-\ufeff]+")


def fold_column_name(name: str) -> str:
    """``name`` as names are compared: case folded, without whitespace, ``_``, ``-`` or a BOM."""
    return _IGNORED.sub("", name.casefold())


@functools.cache
def table_column_names() -> dict[str, tuple[str, ...]]:
    """Each field's column names, as written, in the file's order (the field's own name first)."""
    names: dict[str, list[str]] = {field: [] for field in TABLE_FIELDS}
    folded: dict[str, str] = {}
    for entry in vocabulary.table(_FILE, package=_PACKAGE, roles=frozenset(TABLE_FIELDS)):
        where = f"{entry.source}, line {entry.line}"
        if len(entry.roles) != 1:
            raise GazetteerDataError(f"{where}: {entry.word!r} needs one field ({', '.join(TABLE_FIELDS)})")
        key = fold_column_name(entry.word)
        if key in folded:
            raise GazetteerDataError(f"{where}: {entry.word!r} is {folded[key]!r} once folded")
        folded[key] = entry.word
        names[next(iter(entry.roles))].append(entry.word)
    for field, written in names.items():
        if not written or fold_column_name(written[0]) != field:
            raise GazetteerDataError(f"{_FILE}: the names of {field!r} must start with {field!r}")
    return {field: tuple(written) for field, written in names.items()}
