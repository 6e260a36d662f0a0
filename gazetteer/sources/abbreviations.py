"""US state abbreviations as news agencies write them ("Ky.", "W.Va.", "Calif.", "D.C.").

    >>> from gazetteer.sources.abbreviations import state_abbreviations
    >>> state_abbreviations()["KY"]
    ('Ky.',)

The AP abbreviations of the ``us`` package, added by
:func:`with_state_abbreviations` to the names of the first-level division
records of :mod:`gazetteer.sources.admin1`, and "Washington, D.C." for the
District of Columbia.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import metadata

from .shared import Record, unique

__all__ = ["state_abbreviations", "with_state_abbreviations", "state_abbreviations_signature"]

#: Names of US first-level divisions that the ``us`` package does not give.
_EXTRA_STATE_NAMES: dict[str, tuple[str, ...]] = {"DC": ("Washington, D.C.",)}


def state_abbreviations_signature() -> str:
    """``state_abbreviations_signature()`` -> ``"us==4.0.0"``: the installed data's version."""
    return f"us=={metadata.version('us')}"


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
    for place, names in records:
        if place.kind == "admin1" and place.country_code == "US" and place.admin1 in extra:
            names = list(unique([*names, *extra[place.admin1]]))
        yield place, names
