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

Names of villages the packaged gazetteer lacks are found once GeoNames' file
of their country is added: :func:`village_countries` lists the countries of
the places shown, and :func:`add_village_places` downloads and imports their
files (:func:`gazetteer.add_countries`), one :class:`VillageImport` each.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gazetteer import Candidate, Gazetteer, add_countries, append_override, download_dump, user_overrides_path
from gazetteer.errors import DumpUnreachableError
from geo_events.errors import GeoEventsError, UserInputError
from geo_events.store import EventStore

__all__ = ["review_names", "review_labels", "candidates", "typed_place", "save_correction",
           "correct_everywhere", "AppliedCorrection", "place_label", "CORRECTABLE_KINDS",
           "village_countries", "add_village_places", "VillageImport", "download_command"]

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


def village_countries(table: pd.DataFrame, country_names: Mapping[str, str]) -> dict[str, str]:
    """ISO code -> name of the countries of the resolved places in ``table``, most rows first.

        >>> table = pd.DataFrame({"country_code": ["IQ", "SY", "SY", None, ""]})
        >>> village_countries(table, {"SY": "Syria", "IQ": "Iraq"})
        {'SY': 'Syria', 'IQ': 'Iraq'}
    """
    if "country_code" not in table or table.empty:
        return {}
    codes = table["country_code"].dropna().astype(str)
    counts = codes[codes.str.fullmatch(r"[A-Z]{2}")].value_counts()
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return {code: country_names.get(code, code) for code, _ in ranked}


def download_command(codes: Sequence[str]) -> str:
    """The command line that does what :func:`add_village_places` does.

        >>> download_command(["SY", "IQ"])
        'python -m gazetteer download SY IQ'
    """
    return "python -m gazetteer download " + " ".join(codes)


@dataclass(frozen=True, slots=True)
class VillageImport:
    """One country of :func:`add_village_places`: places added (``None``: already in the index),
    or why not (``error``; ``offline`` when the server could not be reached)."""

    code: str
    country: str
    places_added: int | None = None
    error: str | None = None
    offline: bool = False

    @property
    def message(self) -> str:
        if self.error is not None:
            return f"{self.country}: not added. {self.error}"
        if self.places_added is None:
            return f"{self.country}: its villages are already in the gazetteer."
        return f"{self.country}: {self.places_added:,} villages and other places added to the gazetteer."


def add_village_places(codes: Sequence[str], *, country_names: Mapping[str, str] | None = None,
                       on_progress: Callable[[float, str], None] | None = None, index: Path | None = None,
                       download: Callable[..., Path] = download_dump) -> list[VillageImport]:
    """Download and import GeoNames' file of each country in ``codes``; one report each, a
    failure (offline, a bad file) reported and the next country tried.

    ``on_progress(fraction, text)`` hears the share done (0-1) over all countries and what is
    happening; ``download`` fetches one file (:func:`gazetteer.download_dump`; tests pass
    their own); ``index`` is the gazetteer index (default: the one the page opens).
    """
    names = country_names or {}
    report = on_progress or (lambda fraction, text: None)
    done: list[VillageImport] = []
    for number, code in enumerate(codes):
        country = names.get(code, code)

        def on_bytes(received: int, total: int | None, number: int = number, country: str = country) -> None:
            share = received / total if total else 0.0
            size = f" of {total / 2**20:.1f}" if total else ""
            report((number + 0.9 * share) / len(codes), f"{country}: {received / 2**20:.1f}{size} MB downloaded")

        def downloaded(*args, **options) -> Path:
            return download(*args, on_bytes=on_bytes, **options)

        report(number / len(codes), f"{country}: downloading GeoNames' file…")
        try:
            (added,) = add_countries([code], index=index, download=downloaded,
                                     progress=lambda text, number=number, country=country: report(
                                         (number + 0.95) / len(codes), f"{country}: {text.strip()}"))
        except DumpUnreachableError as err:
            done.append(VillageImport(code, country, error=f"The download server could not be reached "
                                      f"(offline?): {err}", offline=True))
        except GeoEventsError as err:
            done.append(VillageImport(code, country, error=str(err)))
        else:
            done.append(VillageImport(code, country, places_added=added.places_added))
        report((number + 1) / len(codes), f"{country}: done")
    return done
