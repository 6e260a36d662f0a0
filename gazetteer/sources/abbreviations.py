"""Division abbreviations as news agencies write them: US states ("Ky.", "W.Va.",
"Calif.", "D.C."), Canadian provinces ("Ont.", "B.C."), Australian states ("Qld").

    >>> from gazetteer.sources.abbreviations import state_abbreviations
    >>> state_abbreviations()["KY"]
    ('Ky.',)

The AP abbreviations of the ``us`` package, added by
:func:`with_state_abbreviations` to the names of the first-level division
records of :mod:`gazetteer.sources.admin1`, and "Washington, D.C." for the
District of Columbia.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from ..errors import GazetteerDataError

from .shared import Record, unique

__all__ = ["state_abbreviations", "with_state_abbreviations", "state_abbreviations_signature",
           "division_abbreviations", "DIVISION_ABBREVIATIONS_CSV"]

#: Names of US first-level divisions that the ``us`` package does not give.
_EXTRA_STATE_NAMES: dict[str, tuple[str, ...]] = {"DC": ("Washington, D.C.",)}


#: Abbreviations of other countries' divisions as their news agencies write them
#: ("Ont.", "Qld"): ``iso_code,abbreviation,style`` rows, facts of style guides.
DIVISION_ABBREVIATIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "division_abbreviations.csv"


def state_abbreviations_signature() -> str:
    """``state_abbreviations_signature()`` -> ``"us==4.0.0;division_abbreviations=<hash>"``:
    the installed data's version and a hash of :data:`DIVISION_ABBREVIATIONS_CSV`."""
    try:
        digest = hashlib.sha256(DIVISION_ABBREVIATIONS_CSV.read_bytes()).hexdigest()[:12]
    except OSError as err:
        raise GazetteerDataError(f"cannot read {DIVISION_ABBREVIATIONS_CSV}: {err}") from err
    return f"us=={metadata.version('us')};division_abbreviations={digest}"


@functools.cache
def division_abbreviations() -> dict[tuple[str, str], tuple[str, ...]]:
    """``(country_code, admin1)`` -> abbreviations news writes for a division outside the US.

        >>> division_abbreviations()[("CA", "08")], ("CA", "03") in division_abbreviations()
        (('Ont.',), False)

    An abbreviation that is also an English word or a person's name ("Man." for
    Manitoba) is left out: the word is far the likelier reading.
    """
    from .admin1 import code_regions
    from .airports import is_plain_word

    found: dict[tuple[str, str], list[str]] = {}
    try:
        with DIVISION_ABBREVIATIONS_CSV.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise GazetteerDataError(f"cannot read {DIVISION_ABBREVIATIONS_CSV}: {err}") from err
    for number, row in enumerate(rows, start=2):
        code, abbreviation = (row.get("iso_code") or "").strip(), (row.get("abbreviation") or "").strip()
        regions = [r for r in code_regions(code) if r[1]] if "-" in code else []
        if len(regions) != 1 or not abbreviation:
            raise GazetteerDataError(f"{DIVISION_ABBREVIATIONS_CSV}: row {number}: "
                                     f"{code!r} is not one division's ISO 3166-2 code, or no abbreviation")
        if is_plain_word(abbreviation.replace(".", "")):
            continue  # "Man." (Manitoba) would make "Man's" a province: the word wins
        found.setdefault(regions[0], []).append(abbreviation)
    return {region: tuple(unique(names)) for region, names in found.items()}


def state_abbreviations() -> dict[str, tuple[str, ...]]:
    """GeoNames admin1 code of each US state -> its extra names: ``{"KY": ("Ky.",), ...}``.

        >>> abbreviations = state_abbreviations()
        >>> abbreviations["WV"], abbreviations["DC"]
        (('W.Va.',), ('D.C.', 'Washington, D.C.'))

    The AP abbreviations of the ``us`` package; states that AP writes in full
    (Ohio, Texas) have none. GeoNames' US admin1 codes are the postal codes.
    """
    return dict(_state_abbreviations())


@functools.cache
def _state_abbreviations() -> dict[str, tuple[str, ...]]:
    import us

    result: dict[str, tuple[str, ...]] = {}
    for state in (*us.states.STATES_AND_TERRITORIES, us.states.DC):
        names = [state.ap_abbr, *_EXTRA_STATE_NAMES.get(state.abbr, ())]
        extra = tuple(unique(n for n in names if n and n != state.name))
        if extra:
            result[state.abbr] = extra
    return result


def with_state_abbreviations(records: Iterable[Record]) -> Iterator[Record]:
    """``records`` with :func:`state_abbreviations` added to the US first-level divisions' names.

        >>> from gazetteer.sources.admin1 import admin1_records
        >>> ky = next(n for c, n in with_state_abbreviations(admin1_records())
        ...           if (c.country_code, c.admin1) == ("US", "KY"))
        >>> ky[-1]
        'Ky.'
    """
    extra = _state_abbreviations()
    elsewhere = division_abbreviations()
    for place, names in records:
        if place.kind == "admin1" and place.country_code == "US" and place.admin1 in extra:
            names = list(unique([*names, *extra[place.admin1]]))
        elif place.kind == "admin1" and (place.country_code, place.admin1) in elsewhere:
            names = list(unique([*names, *elsewhere[(place.country_code, place.admin1)]]))
        yield place, names
