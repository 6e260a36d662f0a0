"""Which columns of an article table hold its text, date, title and url, told from their names.

    >>> guess = detect_columns(["published", "headline", "body", "link"])
    >>> guess.sure, guess.spec()
    (True, 'text=body,date=published,title=headline,url=link')
    >>> unsure = detect_columns(["published", "body", "content"])
    >>> unsure.sure, unsure.doubts, unsure.spec()
    (False, ('the text could be in body or content',), 'text=body,date=published')

The names each field goes by are data (``geo_events/vocab/data/table_columns.csv``,
:func:`geo_events.vocab.table_column_names`), matched ignoring case, spaces,
underscores, hyphens and a byte-order mark. A column named as the field
itself (``text``) is read even when another name of the field is there
too, as before names were detected. A mapping given by the user
(``--table-columns text=story``, the page's column form) wins over the
names for the fields it gives; a field left at its default name is
detected, and ``None`` reads no column for it.

The guess is unsure (:attr:`ColumnGuess.sure` false) when no column can be
the text, when two columns could hold one field (``body`` and ``content``),
or when the user's mapping names a column the table does not have (for
JSON Lines, whose objects may leave keys out, only the text's). Then
nothing should be read: the command line exits naming the columns and the
mapping that would work (:meth:`ColumnGuess.message`), and the page asks.
An unsure guess still proposes its best mapping: an ambiguous field's
likeliest column (for the text, the one with the longest cells) and, when
no name says text, the other column with the longest cells.

:func:`table_guess` reads a table's header and first rows from its text
(:data:`SAMPLE_ROWS` of them) and leaves ACLED exports alone: their columns
are ACLED's own.
"""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice

from geo_events.models import IngestProblem
from geo_events.vocab import TABLE_FIELDS, fold_column_name, table_column_names

from .tables import ColumnNames, csv_rows, is_acled_header, jsonl_rows

__all__ = ["ColumnGuess", "detect_columns", "table_guess", "SAMPLE_ROWS"]

#: Rows a table's header and cell lengths are read from (a JSON Lines table's columns are
#: the keys of its first rows).
SAMPLE_ROWS = 100
#: A column name shown as it is; any other is shown quoted.
_PLAIN_NAME = re.compile(r"\w[\w .\-/]*")


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    """The columns a table is read by, and why they may be wrong.

    ``columns`` is the mapping to read with (the best guess when unsure); a
    field with no column is ``None`` in it, the text aside (its default name).
    """

    #: The table's columns, in order, each once.
    header: tuple[str, ...]
    columns: ColumnNames
    #: Why the guess is unsure, one phrase each; empty when it is sure.
    doubts: tuple[str, ...] = ()
    #: For a field two or more columns could hold: the columns not chosen, likeliest first.
    alternatives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The text column guessed from cell lengths when no name said text (else ``None``).
    text_by_length: str | None = None

    @property
    def sure(self) -> bool:
        return not self.doubts

    def column(self, name: str) -> str | None:
        """The column read for field ``name`` (``"text"``, ``"date"``...), ``None`` for none
        (the text's when no column could hold it)."""
        chosen = getattr(self.columns, name)
        return chosen if chosen in self.header or chosen is not None and name != "text" else None

    def spec(self) -> str:
        """The mapping as ``--table-columns`` takes it: ``text=body,date=published``."""
        return ",".join(f"{name}={self.column(name)}" for name in TABLE_FIELDS if self.column(name))

    def describe(self) -> str:
        """Why the guess is unsure and the columns found, in one phrase."""
        doubts = "; ".join(self.doubts) or "none"
        return f"cannot tell which columns to read ({doubts}); columns found: {_names(self.header) or 'none'}"

    def message(self, source: str, *, option: str = "--table-columns") -> str:
        """What the command line says of an unsure table: the file, the columns found, and the
        ``option`` mapping that would read it, each ambiguous choice spelled out."""
        if self.column("text") is None:
            return f"{source}: {self.describe()}; no column could hold the text"
        hint = f"{source}: {self.describe()}; to read it, run again with {option} {shlex.quote(self.spec())}"
        others = [f"{name}={column}" for name, columns in self.alternatives.items() for column in columns]
        if others:
            hint += f" (or with {' or '.join(shlex.quote(o) for o in others)})"
        if self.text_by_length:
            hint += f"; text={self.text_by_length} is a guess: its cells are the longest"
        return hint


def detect_columns(header: Iterable[str], *, given: ColumnNames = ColumnNames(),
                   sample: Iterable[Mapping[str, object]] = (), header_complete: bool = True) -> ColumnGuess:
    """The columns of a table with these column names; never raises for any names.

    ``given`` is the user's mapping: a field set to another name than its own
    is read from that column (matched as the names are, when not written
    exactly), ``None`` from none, and a field left at its own name is
    detected. ``sample``: some of the table's rows, whose cell lengths pick the
    likeliest text column. ``header_complete`` false (JSON Lines, whose objects may
    leave keys out and whose header is the keys of its first rows): a given date,
    title or url column that is not in ``header`` is read as given, not doubted.
    """
    names = tuple(dict.fromkeys(name for name in header if isinstance(name, str)))
    lengths = _mean_lengths(names, sample)
    chosen: dict[str, str | None] = {}
    missing: list[str] = []  # fields whose given column is not in the table
    for name in TABLE_FIELDS:  # the user's columns first: detection leaves them to their field
        wanted = getattr(given, name)
        if wanted is None and name != "text":
            chosen[name] = None
        elif wanted is not None and wanted != name:
            chosen[name] = found = _given_column(wanted, names)
            if found is None and not header_complete and name != "text":
                chosen[name] = wanted
            elif found is None:
                missing.append(name)
    doubts = [f"there is no column {_name(getattr(given, name))} (given for the {name})" for name in missing]
    alternatives: dict[str, tuple[str, ...]] = {}
    taken = {column for column in chosen.values() if column is not None}
    for name in TABLE_FIELDS:
        if name in chosen and name not in missing:
            continue
        candidates = _ranked(name, [c for c in names if c not in taken], lengths)
        own = [c for c in candidates if fold_column_name(c) == name]
        if len(own) == 1 or name in own:  # the field's own name: read as it always was
            chosen[name] = own[0] if len(own) == 1 else name
        elif candidates:
            chosen[name] = candidates[0]
            if len(candidates) > 1:
                alternatives[name] = tuple(candidates[1:])
                if name not in missing:  # else the given column is the doubt
                    doubts.append(f"the {name} could be in {_names(candidates, last='or')}")
        else:
            chosen[name] = None
        if chosen[name] is not None:
            taken.add(chosen[name])
    by_length = None
    if chosen["text"] is None:
        if "text" not in missing:
            doubts.append(f"no column is called {_names(table_column_names()['text'], last='or')}")
        # A column with no name (pandas' unnamed index, most often) or a comma in its name cannot
        # be given with --table-columns: never the guess.
        by_length = max((c for c in names if c not in taken and c.strip() and "," not in c),
                        key=lambda c: lengths.get(c, 0.0), default=None)
    text = chosen["text"] if chosen["text"] is not None else by_length
    columns = ColumnNames(text=text if text is not None else "text", date=chosen["date"], title=chosen["title"],
                          url=chosen["url"])
    return ColumnGuess(names, columns, tuple(doubts), alternatives, by_length)


def table_guess(text: str, *, suffix: str, source: str,
                given: ColumnNames = ColumnNames()) -> ColumnGuess | None:
    """The columns of a ``.csv`` or ``.jsonl`` table's text, from its header and first
    :data:`SAMPLE_ROWS` rows; ``None`` when there is nothing to tell them from (no rows) or
    they are not an article table's (an ACLED export). Never raises."""
    reader = csv_rows if suffix.lower() == ".csv" else jsonl_rows
    readable = (item for item in reader(text, source=source) if not isinstance(item, IngestProblem))
    rows = [row for _, row in islice(readable, SAMPLE_ROWS)]
    header = list(dict.fromkeys(name for row in rows for name in row))
    if not rows or suffix.lower() == ".csv" and is_acled_header(header):
        return None
    return detect_columns(header, given=given, sample=rows, header_complete=suffix.lower() == ".csv")


def _given_column(wanted: str, names: tuple[str, ...]) -> str | None:
    """The column the user named: written exactly, else the one column whose name folds alike."""
    if wanted in names:
        return wanted
    alike = [c for c in names if fold_column_name(c) == fold_column_name(wanted)]
    return alike[0] if len(alike) == 1 else None


def _ranked(name: str, columns: list[str], lengths: Mapping[str, float]) -> list[str]:
    """The columns whose names are names of field ``name``, likeliest first: for the text the
    longest cells first, then the vocabulary's order, then the table's."""
    order = _vocabulary_order()[name]
    found = [c for c in columns if fold_column_name(c) in order]
    return sorted(found, key=lambda c: (-lengths.get(c, 0.0) if name == "text" else 0.0,
                                        order[fold_column_name(c)]))


@functools.cache
def _vocabulary_order() -> dict[str, dict[str, int]]:
    """For each field, its folded names and their place in the vocabulary."""
    return {name: {fold_column_name(word): rank for rank, word in enumerate(words)}
            for name, words in table_column_names().items()}


def _mean_lengths(names: tuple[str, ...], sample: Iterable[Mapping[str, object]]) -> dict[str, float]:
    """The mean length of each column's text cells over ``sample`` (other cells count as empty)."""
    totals = dict.fromkeys(names, 0)
    count = 0
    for row in sample:
        count += 1
        for name in names:
            cell = row.get(name) if isinstance(row, Mapping) else None
            totals[name] += len(cell) if isinstance(cell, str) else 0
    return {name: total / count for name, total in totals.items()} if count else {}


def _name(column: str) -> str:
    """A column name as messages show it: as written, or quoted when it is not plain."""
    return column if _PLAIN_NAME.fullmatch(column) else repr(column)


def _names(columns: Iterable[str], *, last: str = "") -> str:
    shown = [_name(c) for c in columns]
    if last and len(shown) > 1:
        return f"{', '.join(shown[:-1])} {last} {shown[-1]}"
    return ", ".join(shown)
