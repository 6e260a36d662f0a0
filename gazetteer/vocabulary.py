"""Vocabularies as data: one loader for every word list and word table.

    >>> sorted(place_words("territory_of"))
    ['city', 'district', 'province', 'town', 'village']
    >>> place_kinds("kind_before_of")["republic"]
    'country'

Two shapes of file, both UTF-8, ``#`` starting a comment line, blank lines ignored:

- a word list (``*.txt``): words separated by spaces or line breaks, read
  by :func:`words`;
- a word table (``*.csv``): a header naming the columns, which include
  ``word`` and, usually, ``roles``: the space-separated names of what the
  word does for its consumers (``after_name``, ``street``, ``not_place``...).
  A word is written once, in one row; each consumer takes the words with the
  role it needs (:func:`with_role`). Read by :func:`table`.

Geographic vocabularies (place-type words and their kinds, compass and area
words, abbreviations of geographic words) live in ``gazetteer/data/vocabulary``
and have accessors here, so both the gazetteer and geo_events read them
without the gazetteer importing geo_events. Linguistic ones (function words,
titles, number words, months) live in ``geo_events/vocab/data`` and are read
through the same loader by :mod:`geo_events.vocab`.

A malformed file raises :class:`~gazetteer.errors.GazetteerDataError` naming
the file and the line. Every file is read once per process.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Container, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import get_args

from .candidate import Kind
from .errors import GazetteerDataError

__all__ = ["Entry", "words", "table", "parse_words", "parse_table", "with_role",
           "place_words", "ordered_place_words", "place_kinds", "area_words", "abbreviations",
           "PLACE_TYPE_ROLES", "AREA_ROLES", "ABBREVIATION_ROLES", "VOCABULARY_DIR",
           "census_names", "dictionary_words", "CasedWords"]

#: Folder, inside a package, that holds its vocabulary files (``data`` for any other package).
VOCABULARY_DIR = {"gazetteer": ("data", "vocabulary")}
_DEFAULT_DIR = ("data",)
_KINDS = frozenset(get_args(Kind))


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a word table: the word, its roles, its other columns and where it was written."""

    word: str
    roles: frozenset[str]
    fields: Mapping[str, str]
    line: int
    source: str = "<text>"

    def __getitem__(self, column: str) -> str:
        return self.fields[column]


def parse_words(text: str, *, source: str = "<text>") -> frozenset[str]:
    """The words of a word list's ``text``: ``parse_words("# c\\na b\\nc")`` -> ``{'a', 'b', 'c'}``.

    Words are lower case: a capital letter is a mistake (raises
    :class:`GazetteerDataError` naming ``source`` and the line).
    """
    found: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for word in line.split():
            if word != word.lower():
                raise GazetteerDataError(f"{source}, line {number}: {word!r} is not lower case")
            found.add(word)
    return frozenset(found)


def parse_table(text: str, *, source: str = "<text>",
                roles: Iterable[str] | None = None) -> tuple[Entry, ...]:
    """The rows of a word table's ``text``, in the order written.

        >>> [(e.word, sorted(e.roles)) for e in parse_table("word,roles\\nmt,a b\\n")]
        [('mt', ['a', 'b'])]

    ``roles``, if given, are the only role names allowed. A row with the
    wrong number of fields, an empty or repeated word (repeated with the same
    ``stands_for``), or an unknown role raises :class:`GazetteerDataError`
    naming ``source`` and the line.
    """
    allowed = None if roles is None else frozenset(roles)
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise GazetteerDataError(f"{source}: no header line")
    header_line, header = lines[0]
    columns = [c.strip() for c in _fields(header, source, header_line)]
    if "word" not in columns or len(set(columns)) != len(columns) or "" in columns:
        raise GazetteerDataError(f"{source}, line {header_line}: the header {header!r} needs a "
                                 f"'word' column and distinct, non-empty column names")
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for number, line in lines[1:]:
        values = _fields(line, source, number)
        if len(values) != len(columns):
            raise GazetteerDataError(f"{source}, line {number}: {len(values)} fields, "
                                     f"the header names {len(columns)} ({', '.join(columns)})")
        row = {column: value.strip() for column, value in zip(columns, values)}
        word = row.pop("word")
        if not word or word != word.lower():
            raise GazetteerDataError(f"{source}, line {number}: the word {word!r} is empty "
                                     f"or not lower case")
        key = (word, row.get("stands_for", ""))
        if key in seen:
            raise GazetteerDataError(f"{source}, line {number}: {word!r} is written twice")
        seen.add(key)
        word_roles = frozenset(row.pop("roles", "").split())
        unknown = word_roles - allowed if allowed is not None else set()
        if unknown:
            raise GazetteerDataError(f"{source}, line {number}: unknown role(s) "
                                     f"{', '.join(sorted(unknown))} for {word!r}; "
                                     f"known: {', '.join(sorted(allowed or ()))}")
        entries.append(Entry(word, word_roles, MappingProxyType(row), number, source))
    return tuple(entries)


def _fields(line: str, source: str, number: int) -> list[str]:
    try:
        return next(csv.reader([line]), [])
    except csv.Error as err:
        raise GazetteerDataError(f"{source}, line {number}: {err}") from err


@functools.cache
def words(name: str, *, package: str = "gazetteer") -> frozenset[str]:
    """A packaged word list: ``words("function_words.txt", package="geo_events.vocab")``."""
    source, text = _read(name, package)
    return parse_words(text, source=source)


@functools.cache
def table(name: str, *, package: str = "gazetteer",
          roles: frozenset[str] | None = None) -> tuple[Entry, ...]:
    """A packaged word table: ``table("place_types.csv")`` -> its rows, in order."""
    source, text = _read(name, package)
    return parse_table(text, source=source, roles=roles)


def with_role(entries: Iterable[Entry], role: str) -> tuple[Entry, ...]:
    """The entries that have ``role``, in order."""
    return tuple(e for e in entries if role in e.roles)


def _read(name: str, package: str) -> tuple[str, str]:
    folder = resources.files(package).joinpath(*VOCABULARY_DIR.get(package, _DEFAULT_DIR))
    path = folder.joinpath(name)
    try:
        return str(path), path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GazetteerDataError(f"cannot read the vocabulary {path}: {err}") from err


# ------------------------------------------------------ geographic vocabularies

#: Roles a place-type word may have (see the header of ``place_types.csv``).
PLACE_TYPE_ROLES = frozenset({
    "after_name", "feature_after", "feature_before", "feature_before_of", "kind_after",
    "kind_before_of", "territory_of", "division_suffix", "street", "numbered_road",
    "organisation", "not_place", "area_after"})
#: Roles of compass and area words (see the header of ``area_words.csv``).
AREA_ROLES = frozenset({"cardinal", "intercardinal", "area_modifier", "part", "division_generic",
                        "organisation", "not_place"})
#: Roles of abbreviations of geographic words (see the header of ``abbreviations.csv``).
ABBREVIATION_ROLES = frozenset({"spelled_out", "dotted_prefix", "sentence", "feature_after", "street"})


@functools.cache
def _place_types() -> tuple[Entry, ...]:
    return _checked_kinds(table("place_types.csv", roles=PLACE_TYPE_ROLES))


def _checked_kinds(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """``entries``, once each ``kind`` is known and each kind cue has one."""
    for entry in entries:
        if entry["kind"] and entry["kind"] not in _KINDS:
            raise GazetteerDataError(f"{entry.source}, line {entry.line}: unknown kind "
                                     f"{entry['kind']!r}; known: {', '.join(sorted(_KINDS))}")
        if entry.roles & {"kind_after", "kind_before_of"} and not entry["kind"]:
            raise GazetteerDataError(f"{entry.source}, line {entry.line}: {entry.word!r} is a "
                                     f"kind cue without a kind")
    return entries


def place_words(role: str) -> frozenset[str]:
    """Place-type words with ``role``: ``place_words("division_suffix")`` -> ``{'province', ...}``.

    An abbreviation given the role counts too: ``"st"`` for ``street``.
    """
    return frozenset(e.word for e in with_role(_place_types(), role)) \
        | frozenset(word for word, _ in abbreviations(role))


def ordered_place_words(role: str) -> tuple[str, ...]:
    """Like :func:`place_words`, in the file's order (for patterns built from them)."""
    return tuple(e.word for e in with_role(_place_types(), role))


def place_kinds(role: str) -> dict[str, Kind]:
    """Place-type words with ``role`` and the kind each means: ``{'village': 'city', ...}``."""
    return {e.word: e["kind"] for e in with_role(_place_types(), role)}  # type: ignore[misc]


def area_words(role: str) -> tuple[str, ...]:
    """Compass and area words with ``role``, in the file's order: ``area_words("cardinal")``
    -> ``('north', 'south', 'east', 'west')``."""
    return tuple(e.word for e in with_role(table("area_words.csv", roles=AREA_ROLES), role))


def abbreviations(role: str | None = None) -> tuple[tuple[str, str], ...]:
    """``(abbreviation, word it stands for)`` pairs with ``role`` (all if ``None``), in order:
    ``abbreviations("dotted_prefix")[0]`` -> ``('mt', 'Mount')``."""
    entries = table("abbreviations.csv", roles=ABBREVIATION_ROLES)
    return tuple((e.word, e["stands_for"]) for e in entries if role is None or role in e.roles)


@functools.cache
def census_names(name: str, min_percent: float) -> frozenset[str]:
    """Names (case-folded) at or above ``min_percent`` in one US Census 1990 file of the
    ``names`` package ("dist.male.first", "dist.female.first", "dist.all.last";
    ``NAME freq cum rank`` lines). Read by the recogniser and the airports source."""
    try:
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    except (ModuleNotFoundError, OSError, UnicodeDecodeError) as err:
        raise GazetteerDataError(f"cannot read the census name list {name!r} of the 'names' "
                                 f"package (is it installed?): {err}") from err
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if len(parts) != 4:
            raise GazetteerDataError(f"census name list {name!r}, line {number}: {line!r} is not "
                                     f"'NAME freq cum rank'")
        if float(parts[1]) >= min_percent:
            found.add(parts[0].casefold())
    return frozenset(found)


class CasedWords(Container[str]):
    """The words of one list written in one case: ``word in words`` is whether the list
    has ``word`` and ``word`` is in that case (no copy of the list is made).

        >>> lower = CasedWords({"raid", "Mosul"}, str.islower)
        >>> "raid" in lower, "Mosul" in lower, "mosul" in lower
        (True, False, False)
    """

    __slots__ = ("_words", "_in_case")

    def __init__(self, words: AbstractSet[str], in_case: Callable[[str], bool]) -> None:
        self._words, self._in_case = words, in_case

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._words and self._in_case(word)


@functools.cache
def dictionary_words() -> tuple[CasedWords, CasedWords]:
    """Webster's Second (``english-words``): its lowercase words, and its capitalised
    ones (names), as containers over the one list the package loads. Read by the
    recogniser and the airports source."""
    try:
        from english_words import get_english_words_set
    except ModuleNotFoundError as err:
        raise GazetteerDataError("the 'english-words' package is not installed") from err
    words = frozenset(get_english_words_set(["web2"], lower=False))
    return CasedWords(words, str.islower), CasedWords(words, str.istitle)
