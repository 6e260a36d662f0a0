"""The page's "Edit an event" panel: which events it offers, what the form changed, saving it.

    >>> import pandas as pd
    >>> row = {"event_id": "e1", "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "SDF",
    ...        "actor2": "", "event_date": pd.Timestamp("2023-01-20"), "location": "Raqqa",
    ...        "latitude": 35.95, "longitude": 39.01, "dismissed": False}
    >>> form_changes(row, event_type="Battles", sub_event_type="Armed clash", actor1="SDF", actor2="ISIS",
    ...              event_date=date(2023, 1, 20), dismissed=False)
    {'actor2': 'ISIS'}

:func:`save_event_edit` keeps the changes in the event store
(:meth:`geo_events.EventStore.edit`, which checks every value and raises
:class:`~geo_events.errors.EditError` naming a bad one) with the values shown
as the old ones, so an event of an article on the page's paths, which is
not in the store, is edited too. The store applies the edits whenever the
page reads it (:func:`geo_events.dashboard.event_table`); events marked "not
an event" leave the map, the counts and the exports (:func:`active_rows`)
and stay listed in the panel, where they can be restored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from gazetteer import Candidate
from geo_events.events.triggers import EVENT_TYPES
from geo_events.store import EventEdit, EventStore, sub_event_types
from geo_events.store.edits import field_text

__all__ = ["EDIT_TYPES", "active_rows", "edit_choices", "event_label", "form_changes", "save_event_edit",
           "subtype_options"]

#: The event types the form offers (ACLED's).
EDIT_TYPES: tuple[str, ...] = EVENT_TYPES
_LABEL_WORDS = 8


def active_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` without the events marked "not an event" (what the map, counts and exports show)."""
    if "dismissed" not in rows or rows.empty:
        return rows
    return rows[~rows["dismissed"].astype(bool)]


def subtype_options(event_type: str) -> list[str]:
    """The sub-event types the form offers for ``event_type``.

        >>> subtype_options("Protests")
        ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters']
    """
    return sub_event_types(event_type)


def event_label(row: Mapping[str, object]) -> str:
    """How an event is listed: "2023-01-20 · Battles · Raqqa · Clashes erupted in…".

        >>> event_label({"event_date": pd.Timestamp("2023-01-20"), "event_type": "Battles",
        ...              "location": None, "matched_text": "Hajin", "notes": "A drone struck Hajin.",
        ...              "dismissed": True})
        '2023-01-20 · Battles · Hajin · A drone struck Hajin. (not an event)'
    """
    words = str(row.get("notes") or "").split()
    note = " ".join(words[:_LABEL_WORDS]) + ("…" if len(words) > _LABEL_WORDS else "")
    place = row.get("location") if isinstance(row.get("location"), str) else row.get("matched_text")
    parts = [field_text(row.get("event_date")) or "undated", str(row.get("event_type") or "?"),
             str(place or "unplaced"), note]
    return " · ".join(p for p in parts if p) + (" (not an event)" if row.get("dismissed") else "")


def edit_choices(shown: pd.DataFrame, every: pd.DataFrame) -> dict[str, str]:
    """event_id -> label of the events the panel offers: those ``shown`` (mentions left out),
    then every event marked "not an event" in ``every`` (so it can be restored)."""
    offered = pd.concat([shown, every[every["dismissed"].astype(bool)]]) if "dismissed" in every else shown
    events = offered[(offered["kind"] == "event") & ~offered["event_id"].duplicated()]
    return {row["event_id"]: event_label(row) for row in events.to_dict("records")}


def form_changes(row: Mapping[str, object], *, event_type: str, sub_event_type: str, actor1: str, actor2: str,
                 event_date: date | None, dismissed: bool, place: Candidate | None = None,
                 country: str | None = None) -> dict[str, object]:
    """The fields the form changed, field -> new value (nothing that equals the ``row`` shown).
    ``place`` is a gazetteer place chosen instead of the event's, ``country`` its country's name;
    ``event_date`` ``None`` leaves the date alone."""
    wanted: dict[str, object] = {"event_type": event_type, "sub_event_type": sub_event_type,
                                 "actor1": actor1.strip(), "actor2": actor2.strip(), "dismissed": dismissed}
    if event_date is not None:
        wanted["event_date"] = event_date
    changes = {field: value for field, value in wanted.items()
               if (field_text(value) or None) != field_text(row.get(field))}
    if changes.get("event_type") and "sub_event_type" not in changes:
        changes["sub_event_type"] = sub_event_type  # a new type needs its subtype, even an unchanged name
    if place is not None and (place.name, place.latitude, place.longitude) != (
            row.get("location"), row.get("latitude"), row.get("longitude")):
        changes.update(location=place.name, latitude=place.latitude, longitude=place.longitude,
                       country_code=place.country_code or "", country=country or place.country_code or "")
    return changes


def save_event_edit(store_path: Path | str, row: Mapping[str, object], changes: Mapping[str, object]) -> list[EventEdit]:
    """Keep ``changes`` to the event of ``row`` (a row of the page's table) in the store at
    ``store_path``; the edits kept (:meth:`geo_events.EventStore.edit`)."""
    with EventStore.open(store_path) as store:
        return store.edit(str(row["event_id"]), changes, current=dict(row))
