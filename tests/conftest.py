"""Shared fixtures: the real gazetteer (built once per machine), the seed article; and the
property tests' profiles (HYPOTHESIS_PROFILE=ci for a fixed seed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from geopy.distance import great_circle
from hypothesis import settings

from gazetteer import Gazetteer

import geo_events as ge

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "centcom-raid-2023-01-23.txt"

# Property tests: "dev" explores new examples each run (and replays failures it saved);
# "ci" (.ci/run) draws the same examples every run, so a red CI run is reproducible.
# HYPOTHESIS_PROFILE picks one; a test's own @settings (max_examples...) still apply.
settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: GeoNames points of the seed's five places (issue 2), and the 10 km bar.
SEED_PLACES = {
    "Deir al-Zour": (35.336, 40.141),
    "Bukamal": (34.452, 40.919),
    "Qamishli": (37.052, 41.231),
    "Raqqa": (35.953, 39.008),
    "Mosul": (36.335, 43.119),
}
SEED_TOLERANCE_KM = 10.0
#: The seed writes "the stronghold province of Deir al-Zour": that mention is the
#: governorate (GeoNames 170792), not the town; its centre lies ~12 km from the
#: town's point, so it is checked by id and within this bar.
SEED_PROVINCES = {"Deir al-Zour": 170792}
SEED_PROVINCE_TOLERANCE_KM = 25.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, in km."""
    return great_circle(a, b).km


def seed_place_error(written: str, latitude: float, longitude: float,
                     geonameid: int | None) -> str | None:
    """Why a seed mention's place is wrong (``None`` when it is right)."""
    distance = great_circle((latitude, longitude), SEED_PLACES[written]).km
    if written in SEED_PROVINCES:
        if geonameid != SEED_PROVINCES[written] or distance > SEED_PROVINCE_TOLERANCE_KM:
            return f"{written}: geonameid {geonameid}, {distance:.0f} km from the town"
    elif distance > SEED_TOLERANCE_KM:
        return f"{written} is {distance:.0f} km off"
    return None


@pytest.fixture(scope="session", autouse=True)
def _no_user_overrides(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tester's own corrections file out of every test (and the app under test)."""
    os.environ["GEO_EVENTS_OVERRIDES"] = str(tmp_path_factory.mktemp("user") / "overrides.csv")


@pytest.fixture(scope="session")
def gazetteer(_no_user_overrides: None) -> Gazetteer:
    """The packaged-data index in the user cache (built on first use, ~15 s)."""
    return Gazetteer.open()


@pytest.fixture(scope="session")
def geoparser(gazetteer: Gazetteer) -> ge.Geoparser:
    return ge.Geoparser(gazetteer)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seed is not beside the checkout")
    return SEED


@pytest.fixture(scope="session")
def sample_rows(geoparser: ge.Geoparser):
    return geoparser.extract(ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles)


@pytest.fixture(scope="session")
def sample_events(geoparser: ge.Geoparser):
    """The sample corpus's event table (events and mentions), as the dashboard shows it."""
    return ge.event_rows(geoparser.events(ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles))
