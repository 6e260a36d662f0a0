"""Fix a misplaced or unresolved name once: saved to the user's corrections, applied everywhere.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"matched_text": ["Zubaydi", "Raqqa"], "location": [None, "Ar Raqqah"],
    ...                       "confidence": [0.0, 0.9], "needs_review": [True, False]})
    >>> review_names(table)["matched_text"].tolist()
    ['Zubaydi']

The dashboard lists the names to review (:func:`review_names`), offers the
gazetteer's candidates for a name or for another search (:func:`candidates`),
or takes typed coordinates (:func:`typed_place`, which refuses a bad value
with :class:`geo_events.errors.UserInputError`). :func:`save_correction`
appends the choice to the user's corrections file (``GEO_EVENTS_OVERRIDES``,
read by every later gazetteer) with the name as written as an alias, and
adds it to the open gazetteer at once, so articles extracted again place the
name there; :meth:`geo_events.EventStore.apply_correction` moves every
stored row of that name. :func:`correct_everywhere` does both, the
"Save correction" button of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gazetteer import Candidate, Gazetteer, append_override, user_overrides_path
from geo_events.errors import UserInputError
from geo_events.store import EventStore

__all__ = ["review_names", "review_labels", "candidates", "typed_place", "save_correction",
           "correct_everywhere", "AppliedCorrection", "place_label", "CORRECTABLE_KINDS"]

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


def review_labels(review: pd.DataFrame) -> dict[str, str]:
    """How each name of :func:`review_names` is listed, keyed by the name as written.

        >>> review = pd.DataFrame({"matched_text": ["Zubaydi"], "rows": [2], "location": [None],
        ...                        "confidence": [0.0]})
        >>> review_labels(review)
        {'Zubaydi': 'Zubaydi — 2 row(s), now unresolved'}
    """
    return {row.matched_text: f"{row.matched_text} — {row.rows} row(s), now "
                              f"{row.location if isinstance(row.location, str) else 'unresolved'}"
            for row in review.itertuples(index=False)}


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
    """A place from typed values; :class:`~geo_events.errors.UserInputError` (a ``ValueError``)
    names the value that is wrong and its type (folium-style validation).

        >>> typed_place("Khirbet Ammu", 37.05, 41.32, country_code="sy").country_code
        'SY'
        >>> typed_place("X", 91.0, 0.0)
        Traceback (most recent call last):
        ...
        geo_events.errors.UserInputError: latitude must be a number within +/-90, got 91.0 (float)
    """
    if not isinstance(name, str) or not name.strip():
        raise UserInputError(f"a place needs a name, got {name!r} ({type(name).__name__})")
    if kind not in CORRECTABLE_KINDS:
        raise UserInputError(f"kind must be one of {', '.join(CORRECTABLE_KINDS)}, "
                             f"got {kind!r} ({type(kind).__name__})")
    code = country_code.strip().upper() if isinstance(country_code, str) else None
    if code is None or (code and (len(code) != 2 or not code.isalpha())):
        raise UserInputError(f"country must be a two-letter ISO code, "
                             f"got {country_code!r} ({type(country_code).__name__})")
    for label, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value)
                or abs(value) > limit):
            raise UserInputError(f"{label} must be a number within +/-{limit}, "
                                 f"got {value!r} ({type(value).__name__})")
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


@dataclass(frozen=True, slots=True)
class AppliedCorrection:
    """What :func:`correct_everywhere` did: the place as saved, and the stored rows it moved."""

    written: str
    place: Candidate
    moved_rows: int


def correct_everywhere(gazetteer: Gazetteer, written: str, place: Candidate, *, store: EventStore,
                       path: Path | None = None) -> AppliedCorrection:
    """Save ``written`` -> ``place`` (:func:`save_correction`) and move every stored row of
    ``written`` there, with the country's name from the gazetteer.

        >>> from gazetteer import Gazetteer
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> gazetteer = Gazetteer.open(override_paths=[folder / "mine.csv"])
        >>> with EventStore.open(folder / "events.sqlite3") as store:
        ...     done = correct_everywhere(gazetteer, "Khirbet Amo", typed_place("Khirbet Ammu", 37.05, 41.32),
        ...                               store=store, path=folder / "mine.csv")
        >>> done.place.name, done.moved_rows
        ('Khirbet Ammu', 0)
    """
    saved = save_correction(gazetteer, written, place, path=path)
    moved = store.apply_correction(written, saved, country=gazetteer.country_names().get(saved.country_code))
    return AppliedCorrection(written=written, place=saved, moved_rows=moved)
