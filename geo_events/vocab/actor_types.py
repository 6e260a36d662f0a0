"""ACLED's actor types (``inter1``, ``inter2``) and the ``interaction`` code of two of them.

    >>> inter_code("State Forces"), inter_code("7"), inter_code(""), inter_name(6)
    (1, 7, 0, 'Protesters')
    >>> interaction_code(7, 1), interaction_code(6, 0), interaction_code(0, 0)
    (17, 60, 0)

The types are data, in ``geo_events/vocab/data/actor_types.csv`` (code,
name, aliases), read once by :func:`gazetteer.vocabulary.table`. A code or
name that is not an ACLED actor type raises
:class:`~geo_events.errors.ArticleFormatError` (a ``ValueError``) naming it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gazetteer import GazetteerDataError, vocabulary
from geo_events.errors import ArticleFormatError

__all__ = ["inter_code", "inter_name", "interaction_code", "ACTOR_CODES"]

_PACKAGE = "geo_events.vocab"
_FILE = "actor_types.csv"
#: ACLED's actor type codes; 0 (no actor) is not among them.
ACTOR_CODES = range(1, 9)


@dataclass(frozen=True, slots=True)
class _ActorTypes:
    names: dict[int, str]
    codes: dict[str, int]  # casefolded code, name or alias -> code


@functools.cache
def _actor_types() -> _ActorTypes:
    names: dict[int, str] = {}
    codes: dict[str, int] = {}
    for entry in vocabulary.table(_FILE, package=_PACKAGE):
        where = f"{entry.source}, line {entry.line}"
        if not entry.word.isdigit() or int(entry.word) not in ACTOR_CODES:
            raise GazetteerDataError(f"{where}: the code {entry.word!r} is not one of 1-8")
        code = int(entry.word)
        if not entry["name"]:
            raise GazetteerDataError(f"{where}: code {code} has no name")
        names[code] = entry["name"]
        for spelling in (entry.word, entry["name"], *entry["aliases"].split("|")):
            key = spelling.strip().casefold()
            if key and codes.setdefault(key, code) != code:
                raise GazetteerDataError(f"{where}: {spelling.strip()!r} is already code {codes[key]}")
    if set(names) != set(ACTOR_CODES):
        raise GazetteerDataError(f"{_FILE}: codes {sorted(set(ACTOR_CODES) - set(names))} are missing")
    return _ActorTypes(names, codes)


def inter_code(value: str | int | None) -> int:
    """ACLED's code of an actor type given as a code or a name, in any case: ``inter_code("1")``,
    ``inter_code(1)``, ``inter_code("state forces")`` and ``inter_code("State Forces")`` are 1.

    Empty (``""``, ``None``, ``0``) is 0, no actor. A whole number written as a
    decimal (``"1.0"``, as spreadsheets save it) is read. Anything else raises
    :class:`~geo_events.errors.ArticleFormatError`; a value neither text nor a
    whole number raises ``TypeError``.
    """
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"an actor type is a code or a name, got {value!r} ({type(value).__name__})")
    if isinstance(value, str):
        text = value.strip()
        number = _whole_number(text) if text else 0
        if number is None:  # a name
            found = _actor_types().codes.get(text.casefold())
            if found is None:
                raise _unknown(value)
            return found
    else:
        number = value
    if number != 0 and number not in ACTOR_CODES:
        raise _unknown(value)
    return number


def inter_name(code: int) -> str:
    """The name of ACLED's actor type ``code``: ``inter_name(1)`` -> ``'State forces'``; 0 -> ``""``."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise TypeError(f"an actor type code is an int, got {code!r} ({type(code).__name__})")
    if code == 0:
        return ""
    try:
        return _actor_types().names[code]
    except KeyError:
        raise ArticleFormatError(f"{code} is not an ACLED actor type code (1-8, or 0 for none)") from None


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's ``interaction`` of two actor type codes: both codes as a two-digit number,
    smaller first (``interaction_code(7, 1)`` -> 17); a lone actor's code times ten
    (``interaction_code(6, 0)`` -> 60, whichever side it is on); 0 when neither is given."""
    for code in (inter1, inter2):
        inter_name(code)  # checks it
    given = sorted(code for code in (inter1, inter2) if code)
    if not given:
        return 0
    if len(given) == 1:
        return given[0] * 10
    return given[0] * 10 + given[1]


def _whole_number(text: str) -> int | None:
    """``text`` as a whole number ("3", "3.0"), or None when it is none."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _unknown(value: str | int) -> ArticleFormatError:
    shown = (repr(value) if isinstance(value, str) or value.bit_length() < 128
             else "a number of many digits")  # repr(10**5000) fails
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return ArticleFormatError(f"{shown} is not an ACLED actor type (a code 1-8 or a name: "
                              f"{', '.join(_actor_types().names.values())})")
