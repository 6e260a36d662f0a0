"""Who did what to whom, and how many were killed, injured or captured.

    >>> text = "Turkish warplanes struck SDF positions, killing at least 12 fighters."
    >>> [a.actor for a in find_actors(text)]
    ['Turkish armed forces', 'Syrian Democratic Forces (SDF)']
    >>> count_casualties(text)
    Casualties(fatalities=12, injuries=0, captured=0)

Actors come from the alias list ``data/actors.csv`` (ISIS = Islamic State =
Daesh = ISIL, CENTCOM, SDF, Iranian-linked militias, ...; add your own in a
CSV of the same columns named by ``$GEO_EVENTS_ACTORS``, tried first),
then from organisation patterns for names it lacks ("the Hamza Brigade",
"Sultan Murad Division"). :mod:`geo_events.events.roles` gives them their roles
in each event.

Vague numbers are read low, as ACLED does: "a"/"another" 1, "several" and
"a few" 3, "dozens" 12, "scores" 20, "hundreds" 100; "at least 12" is 12.

Linear in the length of the text: :func:`find_actors` makes one pass of one
pattern of all the aliases and one of the organisation pattern (each of its
matches checked against the spans already taken by bisection), and
:func:`count_casualties` one pass per verb pattern (each verb reading the 70
characters before it).
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from gazetteer.demonyms import demonym_countries
from gazetteer.sources.countries import countryinfo_by_iso
from geo_events import vocab
from geo_events.errors import LexiconError
from geo_events.models import ActorMatch
from geo_events.text.heads import pattern_heads

__all__ = ["ActorMatch", "Casualties", "find_actors", "canonical_actor", "count_casualties",
           "parse_count", "actor_aliases", "ACTORS_ENV"]

_NUMBER_WORDS = vocab.number_words("count")
#: A count: digits, then phrases ("dozens of" before "dozens"), then single words.
_NUMBER = (r"(?:\d[\d,]*|" + "|".join([w for w in _NUMBER_WORDS if " " in w]
                                      + [w for w in _NUMBER_WORDS if " " not in w]) + r")")
_QUALIFIER = r"(?:at least|some|about|around|nearly|almost|more than|over|up to|as many as|roughly|another)\s+"
#: Words after a number that make it no count of people: "a month after", "40 percent".
_NOT_PEOPLE = (r"percent|%|km|kilometers?|kilometres?|miles?|"
               + "|".join(f"{unit}s?" for unit in vocab.time_units()) + "|times")
_VERBS = {
    "fatalities": r"killed|killing|dead|died|slain|shot dead|executed|neutrali[sz]ed|massacred",
    "injuries": r"injured|injuring|wounded|wounding|hurt",
    "captured": r"captured|capturing|arrested|arresting|detained|detaining|nabbed|abducted|kidnapped|"
                r"taken prisoner|taken hostage|apprehended",
}
#: "<verb> [at least] <number> ...": "killed two members", "captured at least two operatives".
_VERB_THEN_COUNT = {
    field: re.compile(rf"\b(?:{verbs})\s+(?:{_QUALIFIER})?(?P<n>{_NUMBER})\b(?!\s*(?:{_NOT_PEOPLE}))",
                      re.IGNORECASE)
    for field, verbs in _VERBS.items()}
#: A verb of each kind, for "<number> <up to five words> [were|was|...] <verb>": "A civilian
#: was injured", "12 people died"; the number is the last one in the words before the verb.
_VERB = {field: re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE) for field, verbs in _VERBS.items()}
_COUNT_BEFORE = re.compile(rf"(?<![\w-])(?:{_QUALIFIER})?(?P<n>{_NUMBER})(?P<gap>(?:\s+[\w'()-]+){{0,5}}?"
                           rf"(?:\s+(?:were|was|have been|had been|has been|are|is|got))?(?:\s+reportedly)?)\s*$",
                           re.IGNORECASE)
_BEFORE_CHARS = 70
_MONTHS = "|".join(sorted(vocab.months(), key=len, reverse=True))
#: A number beside a month name is part of a date ("On 2 March 2021, ... were killed").
_DATE_PART_AFTER = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
_DATE_PART_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+(?:\d{{1,2}},?\s+)?$", re.IGNORECASE)
#: "by" (and "the") right before an actor: the agent of a passive verb.
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
#: Organisations the alias list lacks: capitalised words ending in a unit word.
_ORGANISATION = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][\w'-]+\s+){1,4}(?:Brigades?|Battalions?|Division|Regiment|Front|Army|"
    r"Forces|Militia|Movement|Corps|Guards?|Group|Units?))\b")


@dataclass(frozen=True, slots=True)
class _Alias:
    """One row of the alias list. A row whose pattern holds ``{demonym}`` / ``{country}``
    stands for every country (``countries`` maps each demonym and name the pattern
    may match, lower-cased, to the country's name, which fills ``{country}`` in ``actor``)."""

    actor: str
    inter: str
    pattern: re.Pattern[str]
    countries: dict[str, tuple[str, str]] | None = None
    country: str = ""
    #: ``pattern``'s source; a template row's country word is the group ``w_<n>``.
    source: str = ""

    def name(self, match: re.Match[str], words: str = "w_") -> str:
        """The actor ``match`` names (``words``: the prefix of its country word's group name)."""
        return self.actor if self.countries is None else self.actor.format(country=self._said(match, words)[0])

    def home(self, match: re.Match[str], words: str = "w_") -> str:
        """The ISO code of the country ``match``'s actor is of ("" if none)."""
        return self.country if self.countries is None else self._said(match, words)[1]

    def _said(self, match: re.Match[str], words: str) -> tuple[str, str]:
        said = next(word for key, word in match.groupdict().items() if word and key.startswith(words))
        return self.countries.get(said.lower(), (said, ""))


@dataclass(frozen=True, slots=True)
class Casualties:
    """Counts reported for one event (0 when the text gives none)."""

    fatalities: int = 0
    injuries: int = 0
    captured: int = 0


#: Environment variable naming a CSV of extra aliases (same columns), tried before the packaged ones.
ACTORS_ENV = "GEO_EVENTS_ACTORS"


def actor_aliases() -> tuple[_Alias, ...]:
    """The user's aliases (``$GEO_EVENTS_ACTORS``, if set) then the packaged list.

    Each file is read once; :class:`LexiconError` names the file and row of a
    malformed one (a missing user file too).
    """
    return _aliases(os.environ.get(ACTORS_ENV, ""))


@functools.cache
def _aliases(user_file: str) -> tuple[_Alias, ...]:
    packaged = resources.files("geo_events.events").joinpath("data/actors.csv").read_text(encoding="utf-8")
    found = list(_parse_aliases(packaged, source="data/actors.csv"))
    if user_file:
        try:
            text = Path(user_file).expanduser().read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise LexiconError(f"{ACTORS_ENV}={user_file}: cannot read: {err}") from err
        found = list(_parse_aliases(text, source=user_file)) + found
    return tuple(found)


def _parse_aliases(raw: str, *, source: str) -> Iterator[_Alias]:
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            pattern = ",".join([row["pattern"], *row.get(None, [])])  # the rest of the line
            if not row["actor"] or not pattern:
                raise ValueError("an actor and a pattern are needed")
            countries = None
            pattern = re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)  # no capturing groups of its own
            if "{demonym}" in pattern or "{country}" in pattern:
                countries = _country_words()
                words = _trie_pattern(countries)
                count = iter(range(pattern.count("{")))
                pattern = re.sub(r"\{(?:demonym|country)\}", lambda _: f"(?P<w_{next(count)}>{words})", pattern)
            yield _Alias(row["actor"], row["inter"] or "",
                         re.compile(rf"(?=\w)(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), countries,
                         "" if countries else (row.get("country") or "").strip(), pattern)
        except (KeyError, TypeError, ValueError, re.error) as err:
            raise LexiconError(f"{source}, row {number}: {err}") from err


def _trie_pattern(words: Iterable[str]) -> str:
    """One pattern matching any of ``words`` (longest first), written as a trie: "sudan|
    sudanese|syria" as "s(?:udan(?:ese)?|yria)". Python's regular expressions try the
    branches of an alternation one by one at each position; a trie tries one per letter,
    which keeps the pattern of every country's demonym and name fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body  # a word may end here, or go on

    return pattern(trie)


@functools.cache
def _country_words() -> dict[str, tuple[str, str]]:
    """Each country's demonyms and names (lower case) -> its name and ISO code: what a
    ``{demonym}`` or ``{country}`` row of the alias list matches."""
    info = countryinfo_by_iso()
    words: dict[str, tuple[str, str]] = {}
    for demonym, code in demonym_countries().items():
        if code in info:
            words[demonym.lower()] = (info[code]["name"], code)
    for code, record in info.items():
        words.setdefault(record["name"].lower(), (record["name"], code))
    return words


@functools.lru_cache(maxsize=1024)
def canonical_actor(name: str) -> str:
    """``name`` as the alias list names the actor it is an alias of in full ("Military
    Forces of Syria" is "Syrian government forces"), else ``name``."""
    alias = next((a for a in actor_aliases() if a.pattern.fullmatch(name)), None)
    return alias.actor if alias is not None and alias.countries is None else name


def _all_aliases() -> re.Pattern[str]:
    """One pattern for all :func:`actor_aliases`: alias ``k`` is the group ``a<k>``, its
    country words ``w<k>_<n>``; at a position the first alias (in the list's order)
    matching there wins."""
    return _combined(os.environ.get(ACTORS_ENV, ""))


@functools.cache
def _combined(user_file: str) -> re.Pattern[str]:
    """The pattern of :func:`_all_aliases`. Each run of aliases written only as capitalised
    names ("ISIS|Daesh|Islamic State", "{demonym} soldiers") sits behind one check for a
    capital letter: at the lower-case words that make most of a text the pattern skips the
    run at once (half the time of the plain alternation), and a name written in lower case
    ("isis") is no actor."""
    parts: list[str] = []
    run: list[str] = []
    for k, alias in enumerate(_aliases(user_file)):
        branch = f"(?P<a{k}>(?:{alias.source.replace('(?P<w_', f'(?P<w{k}_')})(?![\\w-]))"
        if _capitalised(alias):
            run.append(branch)
            continue
        if run:
            parts.append(_CAPITAL + "(?:" + "|".join(run) + ")")
            run = []
        parts.append(branch)
    if run:
        parts.append(_CAPITAL + "(?:" + "|".join(run) + ")")
    return re.compile(r"(?=\w)(?<![\w-])(?:" + "|".join(parts) + ")", re.IGNORECASE)


#: A capital letter next, checked case-sensitively inside the case-insensitive pattern.
_CAPITAL = "(?-i:(?=[A-Z]))"


def _capitalised(alias: _Alias) -> bool:
    """Whether every match of ``alias``, as written, opens with a capital letter."""
    if alias.countries is not None:
        return True  # a country's name or demonym
    firsts = pattern_heads(re.compile(alias.source), chars=1, fold=False)
    return firsts is not None and all(first.isupper() for first in firsts)


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMatch]:
    """Actors named in ``text[start:end]``, in order: read left to right, each span goes to
    the first alias (in the list's order) that matches where it starts; then organisation
    names the aliases lack, where no alias took the span.

    Linear in the length of the text: one pass of all the aliases at once (one pattern;
    a pass per alias cost twice as much), one of the organisation pattern, each of its
    matches checked against the spans taken by bisection.
    """
    end = len(text) if end is None else end
    taken_starts: list[int] = []  # disjoint spans, in text order
    taken_ends: list[int] = []
    found: list[ActorMatch] = []

    def take(spans: Iterable[tuple[int, int, str, str, str]]) -> None:
        added = []
        for s, e, actor, inter, home in spans:
            k = bisect.bisect_left(taken_starts, e) - 1  # the last taken span starting before e
            if k >= 0 and taken_ends[k] > s:
                continue  # overlaps a span taken by an earlier alias
            added.append((s, e))
            passive = bool(_BY_BEFORE.search(text[max(start, s - 8):s]))
            found.append(ActorMatch(s, e, actor, inter, passive, home))
        if added:
            merged = sorted([*zip(taken_starts, taken_ends), *added])
            taken_starts[:] = [s for s, _ in merged]
            taken_ends[:] = [e for _, e in merged]

    aliases = actor_aliases()
    named = []
    for m in _all_aliases().finditer(text, start, end):
        k = int(m.lastgroup[1:])
        name = aliases[k].name(m, f"w{k}_")
        if aliases[k].countries is not None:
            name = canonical_actor(name)  # "Russian armoured units": the Russian armed forces
        named.append((m.start(), m.end(), name, aliases[k].inter, aliases[k].home(m, f"w{k}_")))
    take(named)
    take((m.start(1), m.end(1), m.group(1).strip(), "", "") for m in _ORGANISATION.finditer(text, start, end))
    return _without_generic_heads(text, sorted(found, key=lambda a: a.start))


#: Actors named by a generic word that, right after a named actor, is that actor's head
#: noun: "ISIS gunmen", "Houthi rebels", "Hamas fighters" name one actor.
_GENERIC_HEADS = frozenset({"Unidentified armed group", "Rebel forces", "Government forces", "Police forces"})


def _without_generic_heads(text: str, found: list[ActorMatch]) -> list[ActorMatch]:
    """``found`` with each generic actor that follows a named one across a space merged into it."""
    kept: list[ActorMatch] = []
    for actor in found:
        if kept and actor.actor in _GENERIC_HEADS and kept[-1].actor not in _GENERIC_HEADS and \
                kept[-1].end < actor.start and not text[kept[-1].end:actor.start].strip():
            kept[-1] = replace(kept[-1], end=actor.end)
            continue
        kept.append(actor)
    return kept


def parse_count(word: str) -> int | None:
    """A count as written ("12", "1,200", "two", "dozens of"), ``None`` if not a count."""
    word = " ".join(word.lower().split())
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    return _NUMBER_WORDS.get(word)


def count_casualties(text: str, start: int = 0, end: int | None = None) -> Casualties:
    """Killed, injured and captured counts stated in ``text[start:end]`` (the first of each)."""
    end = len(text) if end is None else end
    counts = {}
    for field in _VERBS:
        values = [(m.start(), parse_count(m.group("n")))
                  for m in _VERB_THEN_COUNT[field].finditer(text, start, end)]
        if not any(v is not None for _, v in values):  # "killed two" before "a man ... killed"
            for verb in _VERB[field].finditer(text, start, end):
                window = text[max(start, verb.start() - _BEFORE_CHARS):verb.start()]
                values.append((verb.start(), _last_count(window)))
        values = [(s, v) for s, v in values if v is not None and v < 100_000]
        counts[field] = min(values)[1] if values else 0
    return Casualties(**counts)


def _last_count(window: str) -> int | None:
    """The count closest before a verb: "12 people were" -> 12; ``None`` if words intervene
    that hold another count or a verb."""
    best = None
    for match in re.finditer(rf"(?<![\w-]){_NUMBER}(?![\w-])(?!\s+(?:{_NOT_PEOPLE}))", window,
                             re.IGNORECASE):
        if _DATE_PART_AFTER.match(window, match.end()) or _DATE_PART_BEFORE.search(window, 0, match.start()):
            continue  # "2 March", "March 2021": a date, not a count
        best = match
    if best is None:
        return None
    tail = _COUNT_BEFORE.search(window, best.start())
    if tail is None or tail.start("n") != best.start():
        return None
    return parse_count(best.group())
