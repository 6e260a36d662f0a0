"""Every vocabulary geo_events reads, each a named accessor over one loader.

    >>> from geo_events import vocab
    >>> vocab.number_words("span")["three"], vocab.months()["sept"], "colonel" in vocab.titles()
    (3, 9, True)

The files are in ``geo_events/vocab/data`` (function words, titles and other
word roles, months and weekdays, number words) and, for geographic words, in
``gazetteer/data/vocabulary`` (place types, compass and area words,
abbreviations). A word is written once, with the roles it plays; each
accessor gathers the words with one role, wherever they are written (a
place-type word may be an organisation word too: "County"). All are read by
:mod:`gazetteer.vocabulary` and cached.
"""

from __future__ import annotations

import functools

from gazetteer import GazetteerDataError, Kind, vocabulary
from gazetteer.vocabulary import Entry

__all__ = ["area_after_words", "function_words", "titles", "not_place_words", "organisation_words", "civic_words",
           "sentence_abbreviations", "locative_words", "connector_words", "place_types",
           "ordered_place_types", "place_kinds",
           "area_words", "abbreviations", "number_words", "months", "weekdays", "time_units",
           "WORD_ROLES"]

_PACKAGE = "geo_events.vocab"
#: Roles in ``word_roles.csv`` (see its header).
WORD_ROLES = frozenset({"title", "not_place", "organisation", "civic", "sentence",
                        "locative", "connector", "area_after"})
_NUMBER_ROLES = frozenset({"count", "span"})
_CALENDAR_ROLES = frozenset({"abbreviation"})


def _word_roles(role: str) -> frozenset[str]:
    entries = vocabulary.table("word_roles.csv", package=_PACKAGE, roles=WORD_ROLES)
    return frozenset(e.word for e in vocabulary.with_role(entries, role))


def _calendar() -> tuple[Entry, ...]:
    return vocabulary.table("calendar.csv", package=_PACKAGE, roles=_CALENDAR_ROLES)


@functools.cache
def function_words() -> frozenset[str]:
    """Words that never begin a place name, capitalised or not: "In", "The"."""
    return vocabulary.words("function_words.txt", package=_PACKAGE)


@functools.cache
def titles() -> frozenset[str]:
    """Words that introduce a person's name: "colonel", "gen", "mayor"."""
    return _word_roles("title")


@functools.cache
def not_place_words() -> frozenset[str]:
    """Words that, standing alone, are almost never the place of that name: "may",
    "army", "north", "province", "syrian"."""
    return (_word_roles("not_place") | vocabulary.place_words("not_place")
            | frozenset(vocabulary.area_words("not_place"))
            | frozenset(e.word for e in _calendar() if e["kind"] in ("month", "weekday")))


@functools.cache
def organisation_words() -> frozenset[str]:
    """Words that make a capitalised run an organisation's name: "bureau", "county"."""
    return (_word_roles("organisation") | vocabulary.place_words("organisation")
            | frozenset(vocabulary.area_words("organisation")))


@functools.cache
def civic_words() -> frozenset[str]:
    """After "<X> City", words that make it the town's government: "council", "clerk"."""
    return _word_roles("civic")


@functools.cache
def sentence_abbreviations() -> frozenset[str]:
    """Abbreviations whose full stop does not end a sentence: "gen", "jan", "mt"."""
    return (_word_roles("sentence")
            | frozenset(word for word, _ in vocabulary.abbreviations("sentence"))
            | frozenset(e.word for e in vocabulary.with_role(_calendar(), "abbreviation")))


@functools.cache
def area_after_words() -> frozenset[str]:
    """Words after a name for the land around the place, resolved as the place:
    "countryside", "outskirts" (``area_after`` in ``word_roles.csv`` and ``place_types.csv``)."""
    return _word_roles("area_after") | place_types("area_after")


def locative_words() -> frozenset[str]:
    """Words right before a name that make it a place: "in", "near", "captured", "shelled",
    "outskirts" (of)."""
    return _word_roles("locative")


@functools.cache
def connector_words() -> frozenset[str]:
    """Lower-case words that may stand inside a place's name: "of" ("Horn of Africa"),
    "del" ("Vina del Mar"), "and" ("Trinidad and Tobago")."""
    return _word_roles("connector")


def place_types(role: str) -> frozenset[str]:
    """Place-type words with ``role`` (see ``place_types.csv``): ``place_types("street")``."""
    return vocabulary.place_words(role)


def ordered_place_types(role: str) -> tuple[str, ...]:
    """Like :func:`place_types`, in the file's order, for patterns built from them."""
    return vocabulary.ordered_place_words(role)


def place_kinds(role: str) -> dict[str, Kind]:
    """Place-type words with ``role`` and the kind each means: ``place_kinds("kind_after")``."""
    return vocabulary.place_kinds(role)


def area_words(role: str) -> tuple[str, ...]:
    """Compass and area words with ``role``, in order: ``area_words("cardinal")``."""
    return vocabulary.area_words(role)


def abbreviations(role: str) -> dict[str, str]:
    """Geographic abbreviations with ``role`` and the word each stands for: ``{'co': 'County'}``."""
    return dict(vocabulary.abbreviations(role))


def number_words(role: str) -> dict[str, int]:
    """Number words with ``role`` (``count`` or ``span``) and their values, in the file's order."""
    if role not in _NUMBER_ROLES:
        raise ValueError(f"role must be one of {sorted(_NUMBER_ROLES)}, got {role!r}")
    entries = vocabulary.table("number_words.csv", package=_PACKAGE, roles=_NUMBER_ROLES)
    return {e.word: _integer(e, "value") for e in vocabulary.with_role(entries, role)}


@functools.cache
def months() -> dict[str, int]:
    """Month names and abbreviations, lower case, and the month's number: ``{'jan': 1, ...}``."""
    return {e.word: _integer(e, "number") for e in _calendar() if e["kind"] == "month"}


@functools.cache
def weekdays() -> dict[str, int]:
    """Weekday names and their number, Monday 0: ``{'monday': 0, ...}``."""
    return {e.word: _integer(e, "number") for e in _calendar() if e["kind"] == "weekday"}


@functools.cache
def time_units() -> tuple[str, ...]:
    """Units of time, singular, shortest first: ``('hour', 'day', 'week', 'month', 'year')``."""
    return tuple(e.word for e in _calendar() if e["kind"] == "unit")


def _integer(entry: Entry, column: str) -> int:
    try:
        return int(entry[column])
    except ValueError as err:
        raise GazetteerDataError(
            f"{entry.source}, line {entry.line}: {column} {entry[column]!r} of {entry.word!r} is not a whole number"
        ) from err
