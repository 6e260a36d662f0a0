"""python benchmarks/bench_fuzzy.py [--scores 80,85,90,95] [--misses]

How well :meth:`gazetteer.Gazetteer.fuzzy_matches` finds Syrian and Iraqi towns and
villages written the way conflict reporting writes them
(``tests/data/fuzzy_spellings.csv``: 60 spellings, each with the place's point), and
how often it finds a place for a word or person name that is none
(``tests/data/fuzzy_non_places.csv``: 30), at several score thresholds, within
Syria and Iraq and over every country. Only names :meth:`~gazetteer.Gazetteer.matches`
finds no place for are looked up fuzzily, as a resolver would.

A spelling's first fuzzy match is right within 25 km of its point. Printed, one
markdown row per scope and threshold: spellings found exactly (right place); the same
looked up fuzzily as if their own spelling were not recorded (held out: right / wrong
first match, none counted apart); the others found fuzzily right and wrong, or not
found (not found includes exact matches elsewhere); non-places given a place; precision of the fuzzy
matches (right / all, words included, held-out ones not); mean milliseconds per fuzzy
look-up. The index
is whatever ``GEO_EVENTS_GAZETTEER`` names (with dumps imported, more villages are there
to find, and to find wrongly).
"""

from __future__ import annotations

import argparse
import csv
import logging
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

from geopy.distance import great_circle  # noqa: E402

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.fuzzy import FUZZY_MIN_SCORE, FUZZY_MIN_SCORE_ANY_COUNTRY  # noqa: E402

__all__ = ["Spelling", "FuzzyScores", "read_spellings", "read_non_places", "score", "markdown_table",
           "main", "SPELLINGS", "NON_PLACES", "RIGHT_KM", "SCOPES"]

log = logging.getLogger("bench_fuzzy")

SPELLINGS = REPO / "tests" / "data" / "fuzzy_spellings.csv"
NON_PLACES = REPO / "tests" / "data" / "fuzzy_non_places.csv"
#: A match this near the spelling's point is the right place.
RIGHT_KM = 25.0
#: Where fuzzy matches are looked for: the spellings' countries, or everywhere.
SCOPES: dict[str, tuple[str, ...] | None] = {"SY+IQ": ("SY", "IQ"), "world": None}


@dataclass(frozen=True, slots=True)
class Spelling:
    """A name as written, the place meant (its country and point)."""

    written: str
    place: str
    country: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class FuzzyScores:
    """One scope and threshold: counts over the spellings and the non-places."""

    scope: str
    min_score: float
    exact: int
    held_out_right: int
    held_out_wrong: int
    fuzzy_right: int
    fuzzy_wrong: int
    unfound: int
    word_hits: int
    words_looked_up: int
    ms_per_lookup: float
    wrong: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        found = self.fuzzy_right + self.fuzzy_wrong + self.word_hits
        return self.fuzzy_right / found if found else 1.0


def read_spellings(path: Path = SPELLINGS) -> list[Spelling]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Spelling(row["written"], row["place"], row["country"], float(row["latitude"]),
                         float(row["longitude"])) for row in csv.DictReader(handle)]


def read_non_places(path: Path = NON_PLACES) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["word"] for row in csv.DictReader(handle)]


def _is_right(spelling: Spelling, latitude: float, longitude: float, country: str) -> bool:
    return (country == spelling.country
            and great_circle((latitude, longitude), (spelling.latitude, spelling.longitude)).km <= RIGHT_KM)


def score(gazetteer: Gazetteer, spellings: Sequence[Spelling], words: Sequence[str], *,
          scope: str = "SY+IQ", min_score: float | None = None) -> FuzzyScores:
    """Look every spelling and word up as a resolver would: exactly, then fuzzily if nothing
    (``min_score``: the gazetteer's default for the scope)."""
    countries = SCOPES[scope]
    if min_score is None:
        min_score = FUZZY_MIN_SCORE if countries is not None else FUZZY_MIN_SCORE_ANY_COUNTRY
    exact = held_right = held_wrong = right = wrong_count = unfound = word_hits = words_looked_up = 0
    wrong: list[str] = []
    times: list[float] = []

    def fuzzy(name: str):
        started = time.perf_counter()
        found = gazetteer.fuzzy_matches(name, countries=countries, limit=1, min_score=min_score)
        times.append(time.perf_counter() - started)
        return found

    for spelling in spellings:
        known = [m.candidate for m in gazetteer.matches(spelling.written)
                 if countries is None or m.candidate.country_code in countries]
        if known:
            found_right = any(_is_right(spelling, c.latitude, c.longitude, c.country_code) for c in known)
            exact, unfound = exact + found_right, unfound + (not found_right)
            held_out = fuzzy(spelling.written) if found_right else []  # as if not recorded
            if held_out:
                top = held_out[0].candidate
                is_right = _is_right(spelling, top.latitude, top.longitude, top.country_code)
                held_right, held_wrong = held_right + is_right, held_wrong + (not is_right)
            continue
        found = fuzzy(spelling.written)
        if not found:
            unfound += 1
        elif _is_right(spelling, found[0].candidate.latitude, found[0].candidate.longitude,
                       found[0].candidate.country_code):
            right += 1
        else:
            wrong_count += 1
            wrong.append(f"{spelling.written} -> {found[0].candidate.name} ({found[0].candidate.country_code})")
    for word in words:
        if any(countries is None or m.candidate.country_code in countries for m in gazetteer.matches(word)):
            continue  # a place by that name exists: not fuzzy matching's doing
        words_looked_up += 1
        found = fuzzy(word)
        if found:
            word_hits += 1
            wrong.append(f"{word} -> {found[0].candidate.name} ({found[0].candidate.country_code})")
    return FuzzyScores(scope=scope, min_score=min_score, exact=exact, held_out_right=held_right,
                       held_out_wrong=held_wrong, fuzzy_right=right,
                       fuzzy_wrong=wrong_count, unfound=unfound, word_hits=word_hits,
                       words_looked_up=words_looked_up,
                       ms_per_lookup=1000 * statistics.fmean(times) if times else 0.0, wrong=tuple(wrong))


def markdown_table(rows: Sequence[FuzzyScores], *, spellings: int, words: int) -> str:
    lines = [f"| scope | min score | exact (of {spellings}) | exact ones held out: right / wrong "
             f"| fuzzy right | fuzzy wrong | not found | non-places given a place (of {words}, looked up) "
             "| fuzzy precision | ms per fuzzy look-up |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.scope} | {row.min_score:g} | {row.exact} | {row.held_out_right} / "
                     f"{row.held_out_wrong} | {row.fuzzy_right} | {row.fuzzy_wrong} "
                     f"| {row.unfound} | {row.word_hits} ({row.words_looked_up}) | {row.precision:.0%} "
                     f"| {row.ms_per_lookup:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", default="80,85,90,95",
                        help="comma-separated thresholds to try (default: 80,85,90,95)")
    parser.add_argument("--misses", action="store_true", help="list the wrong matches on stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    thresholds = sorted({float(value) for value in args.scores.split(",") if value.strip()})
    gazetteer = Gazetteer.open()
    spellings, words = read_spellings(), read_non_places()
    gazetteer.fuzzy_matches("Warmup", countries=("SY",))  # the first query opens SQLite's pages
    rows = []
    for scope in SCOPES:
        for threshold in thresholds:
            rows.append(score(Gazetteer(gazetteer.path, overrides=gazetteer.overrides), spellings, words,
                              scope=scope, min_score=threshold))  # a fresh cache each
            if args.misses:
                for line in rows[-1].wrong:
                    log.info("%s %g: %s", scope, threshold, line)
    print(f"index: {gazetteer.path} ({len(gazetteer):,} places); default min score {FUZZY_MIN_SCORE:g} "
          f"with countries, {FUZZY_MIN_SCORE_ANY_COUNTRY:g} without")
    print(markdown_table(rows, spellings=len(spellings), words=len(words)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
