"""An analyst's edits of events: checked at the boundary, kept as a history, applied latest first.

    >>> check_changes({"event_type": "Protests", "sub_event_type": "Peaceful protest"})
    {'event_type': 'Protests', 'sub_event_type': 'Peaceful protest'}
    >>> check_changes({"event_date": "2023-02-30"})
    Traceback (most recent call last):
    ...
    geo_events.errors.EditError: event_date must be a date YYYY-MM-DD, got '2023-02-30' (str)

Every value is kept as text (:class:`EventEdit`): a date as ``YYYY-MM-DD``,
coordinates as decimal numbers, the "not an event" flag (``dismissed``) as
``"1"`` or ``"0"``. A place is edited whole: ``location``, ``latitude`` and
``longitude`` together (``country`` and ``country_code`` may come with them).
Edits are keyed by ``event_id``, which is the same whenever the same article
is extracted again, so they outlive a re-ingest and a source removed and
added back; :func:`apply_edits` applies the latest value of each field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from geo_events.errors import EditError
from geo_events.events.triggers import EVENT_TYPES, taxonomy
from geo_events.models import Event

__all__ = ["EventEdit", "EDITABLE_FIELDS", "PLACE_FIELDS", "MAX_ACTOR_CHARS", "check_changes", "apply_edits",
           "edit_summary", "field_text", "sub_event_types"]

#: The place of an event: given together or not at all.
PLACE_FIELDS = ("location", "latitude", "longitude")
#: What an analyst may change; ``dismissed`` is "not an event" ("1") or an event again ("0").
EDITABLE_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "event_date", *PLACE_FIELDS,
                   "country", "country_code", "dismissed")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The longest actor name or place name an edit takes.
MAX_ACTOR_CHARS = 200


@dataclass(frozen=True, slots=True)
class EventEdit:
    """One field of one event changed by hand: from ``old_value`` to ``new_value`` (as text;
    ``None`` for an empty old value) at ``edited_at`` (UTC, ISO 8601)."""

    event_id: str
    field: str
    old_value: str | None
    new_value: str
    edited_at: str


def sub_event_types(event_type: str) -> list[str]:
    """ACLED's sub-event types of ``event_type``, in the taxonomy's order.

        >>> sub_event_types("Riots")
        ['Violent demonstration', 'Mob violence']
    """
    return [sub for sub, kind in taxonomy().items() if kind == event_type]


def _bad(field: str, value: object, wanted: str) -> EditError:
    return EditError(f"{field} must be {wanted}, got {value!r} ({type(value).__name__})")


def _text(field: str, value: object, *, limit: int = MAX_ACTOR_CHARS, blank: bool = True) -> str:
    if not isinstance(value, str):
        raise _bad(field, value, "text")
    value = " ".join(value.split())
    if len(value) > limit or (not blank and not value) or not value.isprintable():
        raise _bad(field, value, f"printable text of {'1' if not blank else '0'} to {limit} characters")
    return value


def _number(field: str, value: object, limit: float) -> str:
    try:
        number = float(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or math.isnan(number) or abs(number) > limit:
        raise _bad(field, value, f"a number within +/-{limit:g}")
    return repr(number)


def _day(field: str, value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise _bad(field, value, "a date YYYY-MM-DD")


def check_changes(changes: Mapping[str, object], *, current_type: str = "") -> dict[str, str]:
    """``changes`` (field -> value) checked and written as the text kept in the store; an
    :class:`~geo_events.errors.EditError` names the first field or value that cannot be.

    ``current_type`` is the event's type now: a new ``sub_event_type`` must belong to the
    type it will have (the one in ``changes``, else this one).
    """
    if not isinstance(changes, Mapping):
        raise _bad("changes", changes, "a mapping of field to value")
    unknown = [f for f in changes if f not in EDITABLE_FIELDS]
    if unknown:
        raise EditError(f"cannot edit {unknown[0]!r}; editable fields: {', '.join(EDITABLE_FIELDS)}")
    given = [f for f in PLACE_FIELDS if f in changes]
    if given and len(given) < len(PLACE_FIELDS) or (not given and {"country", "country_code"} & set(changes)):
        raise EditError(f"a place is edited whole: give {', '.join(PLACE_FIELDS)} together, got "
                        f"{', '.join(f for f in changes if f in (*PLACE_FIELDS, 'country', 'country_code'))}")
    checked: dict[str, str] = {}
    for field, value in changes.items():
        if field == "event_type":
            if value not in EVENT_TYPES:
                raise _bad(field, value, f"one of ACLED's types ({', '.join(EVENT_TYPES)})")
            checked[field] = value
        elif field == "sub_event_type":
            kind = changes.get("event_type", current_type)
            if value not in sub_event_types(kind):
                raise _bad(field, value, f"a sub-event type of {kind!r} ({', '.join(sub_event_types(kind))})")
            checked[field] = value
        elif field in ("actor1", "actor2", "country"):
            checked[field] = _text(field, value)
        elif field == "location":
            checked[field] = _text(field, value, blank=False)
        elif field == "country_code":
            code = _text(field, value, limit=2).upper()
            if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
                raise _bad(field, value, "a two-letter ISO code")
            checked[field] = code
        elif field in ("latitude", "longitude"):
            checked[field] = _number(field, value, 90 if field == "latitude" else 180)
        elif field == "event_date":
            checked[field] = _day(field, value)
        else:  # dismissed
            if value not in (True, False, "1", "0", 1, 0):
                raise _bad(field, value, 'a flag ("1": not an event, "0": an event)')
            checked[field] = "1" if value in (True, "1", 1) else "0"
    if "event_type" in checked and "sub_event_type" not in checked and current_type != checked["event_type"]:
        raise EditError(f"a new event_type needs its sub_event_type: one of "
                        f"{', '.join(sub_event_types(checked['event_type']))}")
    return checked


def field_text(value: object) -> str | None:
    """A field's value as the store keeps it (``None`` for empty or missing)."""
    if value is None or (isinstance(value, (float, datetime)) and value != value):  # NaN, pandas' NaT
        return None
    if isinstance(value, datetime):  # a pandas Timestamp too
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "item"):  # numpy scalars
        return field_text(value.item())
    return str(value) if str(value) else None


def _typed(field: str, value: str) -> object:
    if field == "event_date":
        return date.fromisoformat(value)
    if field in ("latitude", "longitude"):
        return float(value)
    if field == "dismissed":
        return value == "1"
    if field in ("country", "country_code"):
        return value or None
    return value


def latest(history: Sequence[EventEdit]) -> dict[str, EventEdit]:
    """The last edit of each field in ``history`` (oldest first), keyed by field."""
    return {edit.field: edit for edit in history}


def edit_summary(history: Sequence[EventEdit]) -> str:
    """What the latest edits changed, one "field: old -> new (when)" each, joined by "; ".

        >>> edit_summary([EventEdit("e", "actor1", None, "SDF", "2024-05-01T09:30:00+00:00")])
        'actor1: (empty) -> SDF (2024-05-01T09:30:00+00:00)'
    """
    return "; ".join(f"{e.field}: {e.old_value if e.old_value is not None else '(empty)'} -> "
                     f"{e.new_value or '(empty)'} ({e.edited_at})" for e in latest(history).values())


def apply_edits(events: Iterable[Event], edits: Mapping[str, Sequence[EventEdit]]) -> list[Event]:
    """``events`` with the latest edit of each field applied (``edits``: event_id -> history,
    oldest first), ``edited`` summing them up; events with no edits are returned as they are."""
    done = []
    for event in events:
        history = edits.get(event.event_id)
        if history:
            values = {field: _typed(field, edit.new_value) for field, edit in latest(history).items()}
            event = replace(event, **values, edited=edit_summary(history))
        done.append(event)
    return done
