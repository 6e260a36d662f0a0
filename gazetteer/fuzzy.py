"""Close spellings of a town or village name, for names no folded key matches.

    >>> from gazetteer import Gazetteer
    >>> gaz = Gazetteer.open()
    >>> gaz.matches("Albukamal")      # the article glued on: no key matches
    []
    >>> [m.candidate.name for m in gaz.fuzzy_matches("Albukamal", countries=("SY",))][:1]
    ['Ālbū Kamāl']

:func:`gazetteer.folding.fold_name` already merges what transliterations
disagree on most (vowels, q/k, doubled letters, articles written apart); what
is left are chiefly a vowel written or not (Jarablus/Jarabulus, Tabqa/Tabaqah)
and an article glued on (Alhasakah, Albukamal, Almosul). :class:`FuzzyIndex`
scores folded keys with rapidfuzz's normalized Indel similarity
(``fuzz.ratio``, 0-100) and keeps those scoring at least
:data:`FUZZY_MIN_SCORE` (:data:`FUZZY_MIN_SCORE_ANY_COUNTRY` when no countries
are given: over the whole world some village is near almost any word).

Cost per look-up is bounded: only keys of towns and villages (kind ``city``:
cities500 and the villages of imported dumps) sharing their first
:data:`PREFIX_CHARS` letters with one of a few forms of the name
(:func:`search_prefixes`) are scored, each form one range query on the
``names`` table's key. Keys shorter than :data:`MIN_FUZZY_KEY_CHARS` are not
looked up: one letter off in five is another name.

Among places of equal score, the one whose recorded spelling
(:func:`gazetteer.folding.fold_spelling`) is closer to the name as written
comes first, then the more populous. Every match has ``spelled_alike=False``.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .candidate import Candidate, NameMatch
from .folding import fold_name, fold_spelling

__all__ = ["FuzzyIndex", "FuzzyMatch", "search_prefixes", "query_forms", "FUZZY_MIN_SCORE",
           "FUZZY_MIN_SCORE_ANY_COUNTRY", "MIN_FUZZY_KEY_CHARS", "MIN_ARTICLE_REST_CHARS",
           "PREFIX_CHARS", "GLUED_ARTICLES", "FUZZY_KINDS"]

#: The least ``fuzz.ratio`` of two folded keys taken as one name written two ways, among the
#: places of given countries. ``python benchmarks/bench_fuzzy.py`` on 60 Syrian and Iraqi
#: spellings and 30 words and person names, within Syria and Iraq (packaged data): at 90,
#: 14 spellings found right, none wrong, 1 word given a place (precision 93%); at 85,
#: 16 right, 5 wrong, 5 words (62%); at 95, 13 right and nothing wrong.
FUZZY_MIN_SCORE = 90.0
#: The same over every country, where far more keys lie near any word: at 90 the
#: benchmark's precision is 50% (12 right, 7 wrong, 5 of 12 words), at 95 100% (11 right).
FUZZY_MIN_SCORE_ANY_COUNTRY = 95.0
#: Folded keys shorter than this are not looked up fuzzily: a five-letter key one letter
#: short of another scores 89 (Jobar/Jaba, Hussein/Hisya), and vowel-rich names fold short
#: (Yusufiya: ``asafa``). Only the key without a glued article may be shorter, down to
#: :data:`MIN_ARTICLE_REST_CHARS`, and it must then meet a key exactly (Alraqqa: ``raka``).
MIN_FUZZY_KEY_CHARS = 6
#: The least that may be left of a key once a glued article is taken off.
MIN_ARTICLE_REST_CHARS = 4
#: Candidates share this many first letters with a form of the name.
PREFIX_CHARS = 3
#: Kinds of place searched: towns and villages (districts, provinces and countries have
#: few, well-known names that folding already meets).
FUZZY_KINDS = ("city",)
#: An Arabic article glued to the name, as the folded key starts (vowels fold to ``a``, so
#: "Elhasakeh" starts with it too). An assimilated one glued to a first word ("Arraqqa":
#: ``araka``) is not taken off: its doubled letter is gone from the key.
GLUED_ARTICLES = ("al",)


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    """A place found by a close spelling: the match, the key that met, and its score (0-100)."""

    match: NameMatch
    key: str
    score: float


def query_forms(key: str) -> tuple[str, ...]:
    """The forms of a folded key scored against the index: the key, and the key without
    an article glued to its front (when enough is left).

        >>> query_forms("albakamal"), query_forms("alraka"), query_forms("kafranbal")
        (('albakamal', 'bakamal'), ('alraka', 'raka'), ('kafranbal',))
    """
    forms = [key]
    for article in GLUED_ARTICLES:
        rest = key[len(article):]
        if key.startswith(article) and len(rest) >= MIN_ARTICLE_REST_CHARS:
            forms.append(rest)
    return tuple(forms)


def search_prefixes(key: str) -> tuple[str, ...]:
    """The key prefixes whose index keys are scored, for each of :func:`query_forms`: the first
    :data:`PREFIX_CHARS` letters, and the same with a vowel (``a`` once folded) after the
    first letter written or not (Sbeineh/Subaynah; on the benchmark's held-out spellings
    this finds 14 of 23 instead of 10).

        >>> search_prefixes("sabana"), search_prefixes("snana"), search_prefixes("albakamal")
        (('sab', 'sba'), ('sna', 'san'), ('alb', 'aal', 'bak', 'bka'))
    """
    found: dict[str, None] = {}
    for form in query_forms(key):
        head = form[:PREFIX_CHARS]
        found.setdefault(head)
        if len(form) > PREFIX_CHARS:
            if form[1] == "a":  # Sabana -> Sbana
                found.setdefault(form[0] + form[2:PREFIX_CHARS + 1])
            else:  # Snana -> Sanana
                found.setdefault((form[0] + "a" + form[1:])[:PREFIX_CHARS])
    return tuple(p for p in found if len(p) == PREFIX_CHARS)


#: Prefix scans kept per gazetteer (each a set of a few hundred to a few thousand keys).
PREFIX_CACHE_SIZE = 512


class FuzzyIndex:
    """Fuzzy look-ups over an open index (the :class:`~gazetteer.Gazetteer`'s connection).

    ``FuzzyIndex(db, lock).matches("Cerablus", countries=("SY",))``; the
    :meth:`gazetteer.Gazetteer.fuzzy_matches` method is the public way in.
    """

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db = db
        self._lock = lock
        self._prefix_keys = functools.lru_cache(maxsize=PREFIX_CACHE_SIZE)(self._query_prefix_keys)

    def matches(self, name: str, *, countries: Iterable[str] | None = None, limit: int = 10,
                min_score: float | None = None) -> list[FuzzyMatch]:
        """Places of :data:`FUZZY_KINDS` whose key is close to ``name``'s, best first, at most
        ``limit``; ``countries`` (ISO codes) keeps those countries' places only. A key equal
        to the name's own is left out (:meth:`gazetteer.Gazetteer.matches` finds those).
        ``min_score`` defaults to :data:`FUZZY_MIN_SCORE` with countries and
        :data:`FUZZY_MIN_SCORE_ANY_COUNTRY` without."""
        if min_score is None:
            min_score = FUZZY_MIN_SCORE if countries is not None else FUZZY_MIN_SCORE_ANY_COUNTRY
        key = fold_name(name)
        if len(key) < MIN_FUZZY_KEY_CHARS or limit < 1:
            return []
        codes = tuple(sorted({c.upper() for c in countries})) if countries is not None else None
        if codes == ():
            return []
        pool = self._keys(search_prefixes(key), codes)
        pool.discard(key)
        scored = _close_keys(key, pool, min_score=min_score, limit=limit)
        if not scored:
            return []
        spelling = fold_spelling(name)
        ranked: dict[int, tuple[tuple, FuzzyMatch]] = {}
        for place_id, candidate, found_key, found_spelling in self._places(list(scored), codes):
            score = scored[found_key]
            order = (-score, -fuzz.ratio(spelling, found_spelling), -candidate.population, place_id)
            if place_id not in ranked or order < ranked[place_id][0]:
                ranked[place_id] = (order, FuzzyMatch(NameMatch(candidate, False), found_key, score))
        return [match for _, match in sorted(ranked.values(), key=lambda pair: pair[0])][:limit]

    def _keys(self, prefixes: Iterable[str], codes: tuple[str, ...] | None) -> set[str]:
        """Distinct keys of the kinds searched that start with one of ``prefixes``."""
        found: set[str] = set()
        for prefix in prefixes:
            found.update(self._prefix_keys(prefix, codes))
        return found

    def _query_prefix_keys(self, prefix: str, codes: tuple[str, ...] | None) -> frozenset[str]:
        """The keys under one prefix, kept: the articles of a batch ask the same few
        prefixes of the same countries again and again."""
        where, extra = _place_filter(codes)
        with self._lock:
            return frozenset(row[0] for row in self._db.execute(
                "SELECT DISTINCT names.key FROM names JOIN places ON places.id = names.place_id "
                f"WHERE names.key >= ? AND names.key < ? AND {where}",
                (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), *extra)))

    def _places(self, keys: list[str], codes: tuple[str, ...] | None):
        where, extra = _place_filter(codes)
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(
                f"SELECT places.id, {_COLUMNS}, names.key, names.spelling FROM names "
                f"JOIN places ON places.id = names.place_id WHERE names.key IN ({marks}) AND {where}",
                (*keys, *extra)).fetchall()
        for row in rows:
            yield row[0], Candidate.from_index_row(row[1:-2]), row[-2], row[-1]


_COLUMNS = ", ".join(f"places.{c}" for c in (
    "name", "latitude", "longitude", "kind", "country_code", "admin1", "population", "geonameid", "source",
    "names"))


def _place_filter(codes: tuple[str, ...] | None) -> tuple[str, tuple[str, ...]]:
    kinds = ",".join("?" * len(FUZZY_KINDS))
    if codes is None:
        return f"places.kind IN ({kinds})", FUZZY_KINDS
    return (f"places.kind IN ({kinds}) AND places.country_code IN ({','.join('?' * len(codes))})",
            (*FUZZY_KINDS, *codes))


def _close_keys(key: str, pool: set[str], *, min_score: float, limit: int) -> dict[str, float]:
    """Keys of ``pool`` scoring at least ``min_score`` against a form of ``key``: key -> best score."""
    choices = sorted(pool)
    best: dict[str, float] = {}
    for form in query_forms(key):
        if len(form) < MIN_FUZZY_KEY_CHARS:  # too short to be near: only the very key
            if form in pool:
                best[form] = 100.0
            continue
        for found, score, _ in process.extract(form, choices, scorer=fuzz.ratio, score_cutoff=min_score,
                                               limit=limit * 4):
            best[found] = max(score, best.get(found, 0.0))
    return best
