"""An analyst's edits of events: values checked at the boundary, the latest applied."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from geo_events.errors import EditError, GeoEventsError
from geo_events.models import Event
from geo_events.store.edits import (EDITABLE_FIELDS, EventEdit, apply_edits, check_changes, field_text,
                                    sub_event_types)


def event() -> Event:
    return Event("e1", "a1", "t.txt", "", date(2023, 1, 20), 1, "Battles", "Armed clash", "SDF", "ISIS", 1, 0,
                 0, "Raqqa", "Raqqa", 35.95, 39.01, 1, "Syria", None, 163915, "note", 0.9, "event", "SY")


@pytest.mark.parametrize(("changes", "current", "wanted"), [
    ({"event_type": "Riots", "sub_event_type": "Mob violence"}, "Battles",
     {"event_type": "Riots", "sub_event_type": "Mob violence"}),
    ({"sub_event_type": "Government regains territory"}, "Battles",
     {"sub_event_type": "Government regains territory"}),
    ({"actor1": "  Syrian   Democratic Forces "}, "", {"actor1": "Syrian Democratic Forces"}),
    ({"actor2": ""}, "", {"actor2": ""}),
    ({"event_date": date(2020, 2, 29)}, "", {"event_date": "2020-02-29"}),
    ({"location": "Tabqa", "latitude": "35.84", "longitude": -38, "country_code": "sy"}, "",
     {"location": "Tabqa", "latitude": "35.84", "longitude": "-38.0", "country_code": "SY"}),
    ({"dismissed": True}, "", {"dismissed": "1"}),
    ({"dismissed": "0"}, "", {"dismissed": "0"}),
])
def test_good_values_are_kept_as_text(changes: dict, current: str, wanted: dict) -> None:
    assert check_changes(changes, current_type=current) == wanted


@pytest.mark.parametrize(("changes", "message"), [
    ({"event_type": "Skirmish", "sub_event_type": "Armed clash"}, "event_type must be one of ACLED's types"),
    ({"event_type": "Protests"}, "a new event_type needs its sub_event_type"),
    ({"sub_event_type": "Peaceful protest"}, "sub_event_type must be a sub-event type of 'Battles'"),
    ({"event_type": "Riots", "sub_event_type": "Armed clash"}, "sub-event type of 'Riots'"),
    ({"event_date": "2023-02-30"}, "event_date must be a date YYYY-MM-DD, got '2023-02-30'"),
    ({"event_date": "20/01/2023"}, "event_date must be a date"),
    ({"event_date": "2023-W01-1"}, "event_date must be a date"),
    ({"location": "X", "latitude": 91, "longitude": 0}, "latitude must be a number within \\+/-90, got 91"),
    ({"location": "X", "latitude": 0, "longitude": "nan"}, "longitude must be a number"),
    ({"location": "X", "latitude": 0, "longitude": "1e400"}, "longitude must be a number"),
    ({"location": "", "latitude": 0, "longitude": 0}, "location must be printable text of 1"),
    ({"latitude": 0, "longitude": 0}, "a place is edited whole"),
    ({"country": "Iraq"}, "a place is edited whole"),
    ({"actor1": "x" * 201}, "actor1 must be printable text of 0 to 200"),
    ({"actor1": "bell\x07"}, "actor1 must be printable text"),
    ({"actor1": 7}, "actor1 must be text, got 7 \\(int\\)"),
    ({"dismissed": "yes"}, "dismissed must be a flag"),
    ({"fatalities": 3}, "cannot edit 'fatalities'"),
    ({"event_id": "x"}, "cannot edit 'event_id'"),
])
def test_bad_values_are_refused_naming_the_field_and_value(changes: dict, message: str) -> None:
    with pytest.raises(EditError, match=message) as caught:
        check_changes(changes, current_type="Battles")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, GeoEventsError)


@given(field=st.sampled_from(EDITABLE_FIELDS), value=st.one_of(st.text(), st.integers(), st.floats(),
                                                                st.none(), st.booleans()),
       current=st.text(max_size=30))
def test_any_typed_value_is_kept_or_refused_with_an_edit_error(field: str, value: object, current: str) -> None:
    changes = ({"location": "X", "latitude": 0, "longitude": 0, field: value}
               if field in ("location", "latitude", "longitude", "country", "country_code") else {field: value})
    try:
        checked = check_changes(changes, current_type=current)
    except EditError:
        return
    assert set(checked) == set(changes) and all(isinstance(v, str) for v in checked.values())


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=20), max_size=4))
def test_any_mapping_of_typed_text_is_kept_or_refused_with_an_edit_error(changes: dict) -> None:
    try:
        check_changes(changes)
    except EditError:
        pass


def test_the_latest_edit_of_each_field_is_applied() -> None:
    history = [EventEdit("e1", "actor1", "SDF", "YPG", "2024-05-01T09:00:00+00:00"),
               EventEdit("e1", "actor1", "YPG", "Asayish", "2024-05-02T09:00:00+00:00"),
               EventEdit("e1", "event_date", "2023-01-20", "2023-01-19", "2024-05-02T09:00:00+00:00"),
               EventEdit("e1", "dismissed", None, "1", "2024-05-02T09:00:00+00:00")]
    (back,) = apply_edits([event()], {"e1": history, "other": history[:1]})
    assert (back.actor1, back.event_date, back.dismissed) == ("Asayish", date(2023, 1, 19), True)
    assert back.edited.startswith("actor1: YPG -> Asayish (2024-05-02T09:00:00+00:00); event_date:")
    assert apply_edits([event()], {}) == [event()]


def test_sub_event_types_follow_the_type_and_field_text_reads_table_cells() -> None:
    assert "Peaceful protest" in sub_event_types("Protests") and sub_event_types("Nope") == []
    assert [field_text(v) for v in (None, float("nan"), 35.5, True, date(2023, 1, 2), "")] == [
        None, None, "35.5", "1", "2023-01-02", None]
