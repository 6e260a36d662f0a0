"""US state abbreviations (gazetteer.sources.abbreviations)."""

from __future__ import annotations

import pytest

from gazetteer import Candidate, Gazetteer
from gazetteer.sources.abbreviations import state_abbreviations, with_state_abbreviations


AP_ABBREVIATIONS = [
    ("W.Va.", "WV"), ("Ky.", "KY"), ("Ill.", "IL"), ("Kan.", "KS"), ("Ind.", "IN"),
    ("S.C.", "SC"), ("D.C.", "DC"), ("Washington, D.C.", "DC"), ("Calif.", "CA"),
    ("Fla.", "FL"), ("La.", "LA"), ("N.Y.", "NY"),
]


@pytest.mark.parametrize(("written", "admin1"), AP_ABBREVIATIONS)
def test_ap_abbreviation_finds_its_state(gazetteer: Gazetteer, written: str,
                                         admin1: str) -> None:
    states = [m.candidate for m in gazetteer.matches(written)
              if m.spelled_alike and m.candidate.kind == "admin1"]
    assert [(c.country_code, c.admin1) for c in states] == [("US", admin1)], states


@pytest.mark.parametrize(("state", "expected"), [
    ("KY", ("Ky.",)), ("WV", ("W.Va.",)), ("DC", ("D.C.", "Washington, D.C.")),
    ("OH", None),  # AP writes Ohio in full: nothing to add
    ("PR", None),  # territories have no AP abbreviation
])
def test_state_abbreviations(state: str, expected: tuple[str, ...] | None) -> None:
    assert state_abbreviations().get(state) == expected


def _place(kind: str, country: str, admin1: str) -> Candidate:
    return Candidate(name="X", latitude=37.0, longitude=-84.0, kind=kind,  # type: ignore[arg-type]
                     country_code=country, admin1=admin1)


@pytest.mark.parametrize(("place", "added"), [
    (_place("admin1", "US", "KY"), ["Ky."]),
    (_place("admin1", "US", "OH"), []),
    (_place("city", "US", "KY"), []),       # a Kentucky town is not Kentucky
    (_place("admin1", "AU", "WA"), []),     # only US states
])
def test_abbreviations_are_added_to_us_states_only(place: Candidate, added: list[str]) -> None:
    [(out, names)] = list(with_state_abbreviations([(place, ["X", "X2"])]))
    assert out is place and names == ["X", "X2", *added]
