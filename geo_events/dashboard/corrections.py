"""Fix a misplaced or unresolved name once: saved to the user's corrections, applied everywhere.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"matched_text": ["Zubaydi", "Raqqa"], "location": [None, "Ar Raqqah"],
    ...                       "confidence": [0.0, 0.9], "needs_review": [True, False]})
    >>> review_names(table)["matched_text"].tolist()
    ['Zubaydi']

The dashboard lists the names to review (:func:`review_names`), offers the
gazetteer's candidates for a name or for another search (:func:`candidates`),
or takes typed coordinates (:func:`typed_place`). :func:`save_correction`
appends the choice to the user's corrections file (``GEO_EVENTS_OVERRIDES``,
read by every later gazetteer) with the name as written as an alias, and
adds it to the open gazetteer at once, so articles extracted again place the
name there; :meth:`geo_events.EventStore.apply_correction` moves every
stored row of that name.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from gazetteer import Candidate, Gazetteer, append_override, user_overrides_path

__all__ = ["review_names", "candidates", "typed_place", "save_correction",
           "place_label", "CORRECTABLE_KINDS"]

#: Kinds a correction may give a place (an override file stores these).
CORRECTABLE_KINDS = ("city", "admin2", "admin1", "country", "region", "feature")
_MAX_CANDIDATES = 12


def review_names(table: pd.DataFrame) -> pd.DataFrame:
    """Names to review, most frequent first: ``matched_text``, ``rows``, ``location`` (now),
    ``confidence`` (lowest)."""
    flagged = table[table["needs_review"].astype(bool) & table["matched_text"].fillna("").ne("")]
    if flagged.empty:
        return pd.DataFrame(columns=["matched_text", "rows", "location", "confidence"])
    grouped = flagged.groupby("matched_text", sort=False).agg(
        rows=("matched_text", "size"), location=("location", "first"), confidence=("confidence", "min"))
    return grouped.reset_index().sort_values(["rows", "matched_text"], ascending=[False, True],
                                             ignore_index=True)


def candidates(gazetteer: Gazetteer, query: str, *, limit: int = _MAX_CANDIDATES) -> list[Candidate]:
    """The gazetteer's places for ``query``, spelled-alike and populous first (none for blank)."""
    if not query.strip():
        return []
    found = gazetteer.matches(query.strip(), limit=limit)
    ranked = sorted(found, key=lambda m: (not m.override, not m.spelled_alike, -m.candidate.population))
    return [m.candidate for m in ranked[:limit]]


def place_label(place: Candidate) -> str:
    """How a candidate is listed: "Mosul (city, IQ, pop. 1,739,800; 36.34, 43.12)"."""
    population = f", pop. {place.population:,}" if place.population else ""
    return (f"{place.name} ({place.kind}, {place.country_code or '-'}{population}; "
            f"{place.latitude:.2f}, {place.longitude:.2f})")


def typed_place(name: str, latitude: float, longitude: float, *, kind: str = "city",
                country_code: str = "") -> Candidate:
    """A place from typed values; ``ValueError`` says what is wrong (folium-style validation)."""
    if not name.strip():
        raise ValueError("a place needs a name")
    if kind not in CORRECTABLE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CORRECTABLE_KINDS)}, got {kind!r}")
    code = country_code.strip().upper()
    if code and (len(code) != 2 or not code.isalpha()):
        raise ValueError(f"country must be a two-letter ISO code, got {country_code!r}")
    for label, value in (("latitude", latitude), ("longitude", longitude)):
        if not isinstance(value, (int, float)) or math.isnan(value):
            raise ValueError(f"{label} must be a number, got {value!r}")
    return Candidate(name=name.strip(), latitude=float(latitude), longitude=float(longitude), kind=kind,
                     country_code=code, source="typed")


def save_correction(gazetteer: Gazetteer, written: str, place: Candidate, *,
                    path: Path | None = None) -> Candidate:
    """Append ``written`` -> ``place`` to the corrections file and to the open gazetteer."""
    entry = append_override(path or user_overrides_path(), name=place.name, latitude=place.latitude,
                            longitude=place.longitude, kind=place.kind, country=place.country_code,
                            aliases=[written] if written.strip() != place.name else [])
    gazetteer.overrides.add(entry)
    return entry.candidate
