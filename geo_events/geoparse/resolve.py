"""Resolve mentions to places: gazetteer candidates, ranked in context.

    >>> from geo_events.geoparse.recognize import PlaceFinder
    >>> gaz = Gazetteer.open()
    >>> text = "Militias in Deir al-Zour, Syria."
    >>> [r.place.name for r in Resolver(gaz).resolve(PlaceFinder(gaz).find(text))]
    ['Deir ez-Zor', 'Syria']

Linear in the number of mentions: two passes over the article's distinct
names; what the rest of the article says about each name (the countries and
points of the places the first pass is sure of, the divisions of the other
names) is one table for the article less the name's own part, never a copy
per name, and a candidate's nearest sure point is looked up by position
(:mod:`.anchors`), not among all of them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from gazetteer import (Candidate, FallbackGeocoder, Gazetteer, LatLon, NameMatch, fold_spelling,
                       great_circle_km)
from gazetteer.capitals import capital_keys
from gazetteer.demonyms import demonym_countries, demonym_place
from gazetteer.sources.airports import airfield_grid
from geo_events.limits import check_deadline
from geo_events.models import Mention, ResolvedMention

from .anchors import Anchors
from .cues import mention_cues
from .namesakes import Namesake, namesake_names
from .features import inside_named_region, spelled_as_written, with_namesakes
from .ranking import DocumentContext, Region, rank_candidates, region_of

__all__ = ["Resolver", "MAX_CANDIDATES", "ANCHOR_CONFIDENCE", "LOOSE_MATCH_MAX_KM",
           "GEOCODER_CONFIDENCE", "DEMONYM_CONFIDENCE"]

#: Candidates looked up per name, spelled as written first, then most populous; as many
#: again from the countries the article points to when that cut leaves some out.
MAX_CANDIDATES = 25
#: Closest spellings ranked for a name no record spells (:meth:`gazetteer.Gazetteer.fuzzy_matches`).
FUZZY_CANDIDATES = 5
#: A first-pass pick at least this confident anchors the second pass.
ANCHOR_CONFIDENCE = 0.8
#: Kinds of places that hold others ("Texas" in "Paris, Texas").
HOLDING_KINDS = frozenset({"country", "admin1", "admin2"})
#: Kinds of places a name before a comma is as an item of a list, not a qualified town.
LIST_KINDS = frozenset({"country", "region"})
#: Kinds of confident places whose position anchors the article's other names.
ANCHOR_KINDS = frozenset({"city", "admin2", "feature"})
#: A place found only through loose transliteration folding is accepted when
#: its country is named in the article and it lies this close to one of the
#: article's confidently resolved towns (when there are any).
LOOSE_MATCH_MAX_KM = 300.0
#: A town found only by loose folding, for a name no record spells, is taken without
#: the article pointing to its country when at least this many people live there.
LOOSE_PROMINENT_POPULATION = 20_000
#: ... and when its own name is spelled this close to the text's (rapidfuzz ratio of the
#: spelling keys, 0-100): "Quamishli" and Al Qāmishlī score 94; "al-Zubaydi", which an
#: alternate name of Al Bayda folds like, 67.
LOOSE_SPELLING_MIN_SCORE = 75
#: Confidence of a demonym's country: "Syrian" says Syria, though not where in it.
DEMONYM_CONFIDENCE = 0.9
#: Confidence given to the online fallback's answer: below the review bar, so
#: the analyst sees it was not found offline.
GEOCODER_CONFIDENCE = 0.5


def _supported(place: Candidate, context: DocumentContext) -> bool:
    if place.country_code not in context.country_codes:
        return False
    anchors = context.anchors
    if not anchors:
        return True
    if isinstance(anchors, Anchors):
        return anchors.any_within_km(place.latlon, LOOSE_MATCH_MAX_KM)
    return any(great_circle_km(place.latlon, anchor) <= LOOSE_MATCH_MAX_KM for anchor in anchors)

log = logging.getLogger(__name__)


#: What resolving reads besides the gazetteer, each read from its package once per
#: process (cached): the national capitals (a ranking feature), the country demonyms,
#: and the airfields by position. Conflict reports name airports and airbases by their
#: town often ("Tabqa airbase", "Kabul airport"): the 0.16 s the airfields take is paid
#: when the resolver is built, not by the article that first needs them.
VOCABULARIES: tuple[Callable[[], object], ...] = (capital_keys, demonym_countries, airfield_grid)


class Resolver:
    """Pick a place for each mention of one article, using the whole article.

    Building one reads the :data:`VOCABULARIES` (once per process), so that the
    first article does not wait for them.
    """

    def __init__(self, gazetteer: Gazetteer, *, geocoder: FallbackGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        for load in VOCABULARIES:
            load()

    def resolve(self, mentions: list[Mention], *, text: str = "",
                countries: frozenset[str] = frozenset()) -> list[ResolvedMention]:
        """One :class:`ResolvedMention` per mention, in order; unknown names stay unresolved.

        Two passes over the article's distinct names: the first ranks with the
        countries the article names; the second adds the countries and
        positions of the towns the first pass was sure of, so each name is
        ranked beside its neighbours (never beside its own first guess).
        Given the article ``text``, the words beside each mention add their
        cues (:func:`geo_events.geoparse.cues.mention_cues`). ``countries``: ISO codes the
        article points to by other means than place names (the states whose forces or
        home-grown groups it names: "regime forces" point to Syria), counted with the
        countries it names.
        """
        notes = _Notes()
        final, ranked = {}, {}
        for name, matches, context in self._final_contexts(mentions, text, countries, notes):
            ranked[name] = matches, context
            # A feature inside a town is where the town is, wherever the article points.
            near = notes.near_not_feature(name)
            final[name] = notes.settled[name] if name in notes.settled and not near \
                else _pick(name, matches, context, near=near)
            if name in notes.features and final[name][0] is not None:
                final[name] = (notes.features[name].place(final[name][0], written=name), *final[name][1:])
            if final[name][0] is None and self.geocoder is not None:
                final[name] = self._ask_geocoder(name, context, candidates=len(matches))
        final.update(notes.demonyms)
        picks = [final[m.text] for m in mentions]
        # "Lima, Ohio ... Lima, Peru": an occurrence whose own qualifier differs from
        # the name's others is ranked with its own.
        for i, regions in _own_qualifiers(mentions, notes.qualified).items():
            matches, context = ranked[mentions[i].text]
            picks[i] = _pick(mentions[i].text, matches, replace(context, inside=regions),
                             near=notes.near_not_feature(mentions[i].text))
        return [ResolvedMention(m, *pick, near=m.text in notes.near) for m, pick in zip(mentions, picks)]

    def ranking_inputs(self, mentions: list[Mention], *, text: str = "",
                       countries: frozenset[str] = frozenset()
                       ) -> dict[str, tuple[list[NameMatch], DocumentContext]]:
        """Per distinct name (demonyms aside), the candidates and the context of
        :meth:`resolve`'s second pass: the rows a script fitting the ranking weights
        needs (``scripts/train_ranker.py``).

        The candidates are those before the words beside the name constrain them
        (:func:`_constrained`, which :meth:`resolve` applies before ranking): fitted on
        the constrained lists, ``cue_kind`` and ``inside_named_region`` are constant
        wherever a constraint applies and their weights fall (0.69 to 0.22, 1.92 to
        0.51), while they still decide the names a cue after them qualifies without
        constraining ("Raqqa province").
        """
        return {name: (matches, context)
                for name, matches, context in self._final_contexts(mentions, text, countries, _Notes())}

    def _final_contexts(self, mentions: list[Mention], text: str, countries: frozenset[str],
                        notes: _Notes) -> Iterator[tuple[str, list[NameMatch], DocumentContext]]:
        """``(name, matches, context)`` of the second pass for each distinct name, with
        what :meth:`resolve` needs besides written into ``notes``."""
        demonyms = notes.demonyms
        demonyms.update({m.text: self._demonym_place(m.text) for m in mentions if m.demonym})
        near, features, qualified = notes.near, notes.features, notes.qualified
        found = {m.text: self.gazetteer.matches(m.text, limit=MAX_CANDIDATES) for m in mentions
                 if not m.demonym}
        replaced: set[str] = set()  # names whose matches are not their own look-up's
        for name in _codes_after_a_name(text, mentions):
            if any(m.spelled_alike and m.candidate.kind in LIST_KINDS for m in found[name]):
                continue  # "London, UK": a country's own abbreviation, not Uttarakhand's code
            coded = self._code_matches(name)
            if coded:
                found[name] = coded
                replaced.add(name)
        for name, matches in found.items():
            check_deadline()
            if not any(m.spelled_alike for m in matches):
                namesake, namesake_matches = self._namesake(name)
                if namesake is not None:
                    found[name] = namesake_matches
                    replaced.add(name)
                    if namesake.near:
                        near.add(name)
                    if namesake.feature:
                        features[name] = namesake
        # The countries each name points to: a country of its spelling, or the only
        # country of its recorded spellings (a "Crestwood" found only in the US). A
        # town a river or a park is named after says nothing about the article's
        # whereabouts until the article points there.
        pointed = {name: _countries_of(matches, sole=name not in near) for name, matches in found.items()}
        outside = frozenset({place.country_code for place, _, _ in demonyms.values()
                             if place is not None and place.country_code}) | countries
        named = _elsewhere(pointed, outside)
        for name, matches in found.items():
            if named[name] and name not in replaced and _cut(matches):
                # The most populous namesakes world-wide may leave out the article's own
                # village: the name's places in the countries it points to come too.
                found[name] = _with(matches, self.gazetteer.matches(name, limit=MAX_CANDIDATES,
                                                                    countries=named[name]))
        own = {name: matches for name, matches in found.items() if name not in near}
        for name, matches in found.items():
            if not matches and named[name]:  # a spelling no record has: the closest
                # ones in the countries the article points to (world-wide, the scan costs
                # milliseconds a name and finds little the loose key does not)
                found[name] = self.gazetteer.fuzzy_matches(name, countries=sorted(named[name]),
                                                           limit=FUZZY_CANDIDATES)
        divisions = {text: _divisions(matches) for text, matches in own.items()}
        support = _Support.of_each(found, divisions)
        cued = _cued(text, mentions, found, self.gazetteer, qualified)
        first = {name: _pick(name, matches, DocumentContext(named[name], division_support=support[name],
                                                            **cued[name]))
                 for name, matches in found.items()}
        sure = {place for place, confidence, _ in first.values()
                if place is not None and confidence >= ANCHOR_CONFIDENCE}
        # Each name is ranked beside the sure places not at its own first pick's point:
        # their countries and their points (the anchors), each minus that point.
        anchors = Anchors(p.latlon for p in sure if p.kind in ANCHOR_KINDS)
        sure_countries = _SureCountries(sure)
        for name, matches in found.items():
            check_deadline()  # the unit's deadline (geo_events.limits), once per distinct name
            own_pick = first[name][0]
            point = own_pick.latlon if own_pick is not None else None
            others, sure_elsewhere = anchors.without(point), sure_countries.without(point)
            if not others and sure_elsewhere <= named[name]:
                notes.settled[name] = first[name]
            yield name, matches, DocumentContext(named[name] | sure_elsewhere, others, support[name],
                                                 **cued[name])

    def _code_matches(self, code: str) -> list[NameMatch]:
        """The countries and first-level divisions an ISO code may name ("ON", "US-TX"),
        as matches spelled as written."""
        places = []
        for country_code, admin1 in sorted(self.gazetteer.code_regions(code)):
            if not admin1:
                place = self.gazetteer.country(country_code)
                places += [place] if place is not None else []
                continue
            name = self.gazetteer.admin1_name(country_code, admin1)
            if name:
                places += [m.candidate for m in self.gazetteer.matches(name, limit=MAX_CANDIDATES)
                           if m.candidate.kind == "admin1" and m.candidate.country_code == country_code
                           and m.candidate.admin1 == admin1][:1]
        return [NameMatch(place, True) for place in places]

    def _namesake(self, name: str) -> tuple[Namesake | None, list[NameMatch]]:
        """The first of ``name``'s namesakes (:mod:`.namesakes`) the gazetteer
        records as spelled, with its matches of the kinds it allows."""
        for namesake in namesake_names(name):
            matches = [m for m in self.gazetteer.matches(namesake.name, limit=MAX_CANDIDATES)
                       if m.spelled_alike and (namesake.kinds is None or m.candidate.kind in namesake.kinds)]
            if matches:
                return namesake, matches
        return None, []

    def _demonym_place(self, text: str) -> tuple[Candidate | None, float, int]:
        place = demonym_place(self.gazetteer, text)  # a country's ("Syrian") or a region's ("European")
        return (place, DEMONYM_CONFIDENCE, 1) if place else (None, 0.0, 0)

    def _ask_geocoder(self, text: str, context: DocumentContext, *,
                      candidates: int) -> tuple[Candidate | None, float, int]:
        """The online fallback's answer, limited to the article's countries; flagged for review."""
        place = self.geocoder.geocode(text, country_codes=sorted(context.country_codes))
        if place is None:
            return None, 0.0, candidates
        return place, GEOCODER_CONFIDENCE, candidates + 1


_CODE = re.compile(r"[A-Z]{2,3}(?:-[A-Z0-9]{1,3})?")
_NAME_BEFORE_CODE = re.compile(r"[A-Z][\w'’.-]*(?:,|[ \t]*\()[ \t]*$")


def _codes_after_a_name(text: str, mentions: list[Mention]) -> set[str]:
    """Mentions written as an ISO code right after a capitalised name's comma or bracket
    ("London, ON", "Paris (US-TX)"): the code names a region, not a namesake town."""
    return {m.text for m in mentions
            if _CODE.fullmatch(m.text) and _NAME_BEFORE_CODE.search(text, max(0, m.start - 60), m.start)}


def _own_qualifiers(mentions: list[Mention],
                    qualified: dict[int, frozenset[Region]]) -> dict[int, frozenset[Region]]:
    """Of the mentions' own qualifier regions (by index, from :func:`_cued`), those of
    names written with two or more different qualifiers in the article (rare: one name
    is one place in most articles, which :func:`_cued` assumes)."""
    by_name: dict[str, set[frozenset[Region]]] = {}
    for i, regions in qualified.items():
        by_name.setdefault(mentions[i].text, set()).add(regions)
    return {i: regions for i, regions in qualified.items() if len(by_name[mentions[i].text]) > 1}


def _cued(text: str, mentions: list[Mention], found: dict[str, list[NameMatch]],
          gazetteer: Gazetteer, qualified: dict[int, frozenset[Region]] | None = None) -> dict[str, dict]:
    """Per distinct name, the cue fields of its :class:`DocumentContext` (see :mod:`.cues`).

    ``kind_stated``: the kind the phrases before the name agree on ("the province of").
    ``inside``: the regions a qualifier after the name may name ("Springfield,
    Oregon", "London, ON", "Moscow (Russia)"), read from the text whether or not
    the qualifier is itself a mention; ``holding``: for a mention that qualifies
    another, the regions of the places it may hold. ``qualified``, when given, gets
    each qualified mention's own regions, by its index.
    """
    kinds: dict[str, Counter] = {name: Counter() for name in found}
    stated: dict[str, set[str]] = {name: set() for name in found}
    inside: dict[str, set[Region]] = {name: set() for name in found}
    holding: dict[str, set[Region]] = {name: set() for name in found}
    cues = mention_cues(text, mentions) if text else []
    regions_of: dict[str, frozenset[Region]] = {}
    for index, (mention, cue) in enumerate(zip(mentions, cues)):
        if mention.text not in found:
            continue  # a demonym
        if cue.kind is not None:
            kinds[mention.text][cue.kind] += 1
            if cue.kind_stated:
                stated[mention.text].add(cue.kind)
        for qualifier in cue.qualifiers:
            if qualifier not in regions_of:
                regions_of[qualifier] = _qualifier_regions(qualifier, gazetteer, found)
            regions = regions_of[qualifier]
            if regions:
                inside[mention.text] |= regions
                if qualified is not None:
                    qualified[index] = regions
                break  # the longest phrase that names a place
        outer = mentions[cue.container].text if cue.container is not None else None
        if outer in found:
            holding[outer] |= {r for m in found[mention.text] if m.spelled_alike
                               for r in ((m.candidate.country_code, m.candidate.admin1),
                                         (m.candidate.country_code, ""))}
    return {name: {"kind_hint": kinds[name].most_common(1)[0][0] if kinds[name] else None,
                   "inside": frozenset(inside[name]), "holding": frozenset(holding[name]),
                   "written": fold_spelling(name),
                   "kind_stated": next(iter(stated[name])) if len(stated[name]) == 1 else None}
            for name in found}


def _qualifier_regions(qualifier: str, gazetteer: Gazetteer,
                       found: Mapping[str, list[NameMatch]] | None = None) -> frozenset[Region]:
    """The countries and divisions ``qualifier`` may name: an ISO code's, else those of
    its candidates spelled as written that hold places (countries and first-level
    divisions when there are any, else second-level ones)."""
    coded = gazetteer.code_regions(qualifier) if qualifier.replace("-", "").isalnum() and len(qualifier) <= 7 \
        and qualifier.isupper() else frozenset()
    if coded:
        return coded
    known = found.get(qualifier) if found is not None else None  # a mention's own matches
    matches = known if known is not None else gazetteer.matches(qualifier, limit=MAX_CANDIDATES)
    holders = [m.candidate for m in matches if m.spelled_alike and m.candidate.kind in HOLDING_KINDS]
    # The largest divisions it may name: "Oregon" is the state before Oregon County, Missouri.
    largest = [c for c in holders if c.kind != "admin2"] or holders
    return frozenset(region_of(c) for c in largest)


@dataclass
class _Notes:
    """What resolving an article learns besides each name's candidates and context."""

    #: A demonym's place ("Syrian": Syria), confidence and candidate count.
    demonyms: dict[str, tuple[Candidate | None, float, int]] = field(default_factory=dict)
    #: Names whose matches are of the place they are named after ("Khabur River").
    near: set[str] = field(default_factory=set)
    #: Names of a building or site in a town ("Kabul airport"), with how to place them.
    features: dict[str, Namesake] = field(default_factory=dict)
    #: Mention index -> the regions its own qualifier names.
    qualified: dict[int, frozenset[Region]] = field(default_factory=dict)
    #: Names whose second-pass context adds nothing to the first's (no other sure place,
    #: no country not named already), with the first pass's pick: ranking again would
    #: give it again.
    settled: dict[str, tuple[Candidate | None, float, int]] = field(default_factory=dict)

    def near_not_feature(self, name: str) -> bool:
        """Whether ``name`` is taken only where the article points (a river, not an airport)."""
        return name in self.near and name not in self.features


class _Support(Mapping[Region, int]):
    """For one name, how many of the article's other names have a place in each division:
    the count over all names, less the name's own (no copy of the whole count per name)."""

    def __init__(self, total: Counter[Region], own: frozenset[Region] | set[Region]) -> None:
        self._total = total
        self._own = own
        self._size = len(total) - sum(1 for d in own if total[d] == 1)

    @classmethod
    def of_each(cls, names: Iterable[str],
                divisions: dict[str, set[Region]]) -> dict[str, Mapping[Region, int]]:
        """``{name: Counter(d for other, held in divisions.items() if other != name for d in held)}``,
        in time linear in the divisions' sizes rather than in their number squared."""
        total = Counter(d for held in divisions.values() for d in held)
        return {name: cls(total, divisions[name]) if name in divisions else total for name in names}

    def __getitem__(self, division: Region) -> int:
        count = self._total.get(division, 0) - (division in self._own)
        if count <= 0:
            raise KeyError(division)
        return count

    def __iter__(self) -> Iterator[Region]:
        return (d for d, count in self._total.items() if count - (d in self._own) > 0)

    def __len__(self) -> int:
        return self._size


class _SureCountries:
    """The countries of the places the first pass is sure of, and those of all but the
    places at one point (a name's own pick), each answer made once."""

    def __init__(self, sure: Iterable[Candidate]) -> None:
        points: dict[str, set[LatLon]] = {}
        for place in sure:
            if place.country_code:
                points.setdefault(place.country_code, set()).add(place.latlon)
        self._all = frozenset(points)
        self._only_at: dict[LatLon, set[str]] = {}
        for code, where in points.items():
            if len(where) == 1:
                self._only_at.setdefault(next(iter(where)), set()).add(code)
        self._made: dict[LatLon | None, frozenset[str]] = {}

    def without(self, point: LatLon | None) -> frozenset[str]:
        """The countries of the sure places not at ``point``."""
        if point not in self._made:
            self._made[point] = self._all - self._only_at.get(point, set())
        return self._made[point]


def _cut(matches: list[NameMatch]) -> bool:
    """Whether a look-up stopped at :data:`MAX_CANDIDATES` (corrections are not counted)."""
    return sum(not m.override for m in matches) >= MAX_CANDIDATES


def _with(matches: list[NameMatch], more: Iterable[NameMatch]) -> list[NameMatch]:
    """``matches`` and, after them, those of ``more`` whose place is not among them."""
    places = {m.candidate for m in matches}
    return matches + [m for m in more if m.candidate not in places]


def _countries_of(matches: list[NameMatch], *, sole: bool) -> frozenset[str]:
    """The countries a name points to: those of its country candidates spelled as
    written and, when ``sole``, the only country of all its recorded spellings
    (a "Crestwood" found only in the US says the article is about the US)."""
    countries = {m.candidate.country_code for m in matches if m.spelled_alike}
    named = {m.candidate.country_code for m in matches
             if m.spelled_alike and m.candidate.kind == "country"}
    if sole and len(countries) == 1:
        named |= countries
    return frozenset(named - {""})


def _elsewhere(pointed: dict[str, frozenset[str]], outside: frozenset[str]) -> dict[str, frozenset[str]]:
    """Per name, the countries the rest of the article points to: those of the other
    names, and ``outside`` (demonyms, the caller's). A country name never counts as
    named because of itself. Linear in the names' country sets."""
    total = Counter(code for codes in pointed.values() for code in codes)
    everyone = frozenset(total) | outside
    made: dict[frozenset[str], frozenset[str]] = {}
    for codes in pointed.values():
        if codes not in made:
            made[codes] = everyone - {c for c in codes if total[c] == 1 and c not in outside}
    return {name: made[codes] for name, codes in pointed.items()}


def _divisions(matches: list[NameMatch]) -> set[tuple[str, str]]:
    """First-level divisions ``(country_code, admin1)`` holding a place spelled as written."""
    return {(m.candidate.country_code, m.candidate.admin1) for m in matches
            if m.spelled_alike and m.candidate.admin1 and m.candidate.kind in ("city", "admin1", "admin2")}


def _list_item(matches: list[NameMatch], inside: frozenset[Region]) -> bool:
    """Whether a name before a comma is an item of a list, not a qualified town: it spells
    a country or a region, or a division of a country the "qualifier" is in ("Bulgaria,
    Italy", "Illinois, Missouri"; not "Lima, Ohio", though Lima is also a Peruvian region)."""
    countries = {code for code, _ in inside}
    return any(m.spelled_alike and (m.candidate.kind in LIST_KINDS
                                    or (m.candidate.kind == "admin1" and m.candidate.country_code in countries))
               for m in matches)


def _constrained(matches: list[NameMatch], context: DocumentContext) -> list[NameMatch]:
    """The candidates the words beside a name leave (all of them if they would leave none):
    a kind stated before it, a qualifier naming a region it lies in."""
    if context.kind_stated is not None:
        # A phrase before the name constrains it: "the province of Deir al-Zour" is the
        # province, whatever the town's fame (a division has its town's spellings).
        named = with_namesakes(matches, context)
        kind = [m for m in matches if m.candidate.kind == context.kind_stated
                and spelled_as_written(m, named)]
        matches = kind or matches
    if context.inside and not _list_item(matches, context.inside):
        # A qualifier constrains the name: "Paris, Texas" is one of the Parises in Texas.
        within = [m for m in matches if m.spelled_alike and inside_named_region(m, context)]
        matches = within or matches
    return matches


def _pick(text: str, matches: list[NameMatch], context: DocumentContext, *,
          near: bool = False) -> tuple[Candidate | None, float, int]:
    """The best place for ``text`` with its confidence and candidate count.

    ``near``: the matches are of the place ``text`` is named after ("Khabur"
    for "Khabur River"); one is taken only where the article points (as a
    loose match is), since a river or a lake may be named after a town far away.
    """
    matches = _constrained(matches, context)
    ranked = rank_candidates(matches, context=context)
    if not ranked:
        log.debug("no gazetteer candidate for %r", text)
        return None, 0.0, 0
    alike = {id(m.candidate) for m in matches if m.spelled_alike}
    for place, confidence in ranked:
        # A candidate found only through the loose transliteration key must be
        # backed by the article (its country named, near its other towns), or be
        # a sizeable town when nothing is spelled as written ("Quamishli").
        if (id(place) in alike and not near) or _supported(place, context) \
                or (not alike and not near and place.kind == "city" and not context.country_codes
                    and place.population >= LOOSE_PROMINENT_POPULATION
                    and fuzz.ratio(fold_spelling(text), fold_spelling(place.name)) >= LOOSE_SPELLING_MIN_SCORE):
            return place, confidence, len(matches)
    log.debug("%r only loosely matches places the article does not point to; left unresolved", text)
    return None, 0.0, len(matches)
