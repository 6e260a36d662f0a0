"""From an article and its resolved places to dated, typed, placed events.

    >>> from datetime import date
    >>> from gazetteer import Gazetteer
    >>> from geo_events import Geoparser, parse_article
    >>> parser = Geoparser(Gazetteer.open())
    >>> article = parse_article(" date 2023-01-23 On Friday a drone struck a base near Raqqa.", source="x")
    >>> event = next(e for e in parser.events([article]) if e.kind == "event")
    >>> event.event_date.isoformat(), event.sub_event_type, event.location, event.geo_precision
    ('2023-01-20', 'Air/drone strike', 'Ar Raqqah', 2)

Per sentence, clause by clause (a sentence splits at ", which", ", who",
"; ", " while ", ", as ", ", after ", and at "a month after"), an event is
the heaviest trigger of :mod:`geo_events.events.triggers` reported in the clause:

- **date**: the clause's first date expression (:mod:`geo_events.text.dates`),
  else the sentence's; the clause after "a month after" is dated that much
  before the clause it follows; with none, the article's date at precision 3;
- **place**: the places in the clause, else in the sentence, else the
  nearest earlier place of the paragraph (at least precision 2 then); a
  country or province is dropped when a place inside it is named beside it
  ("Raqqa, the ISIS capital in Syria"); one event per remaining place;
  ``geo_precision`` 1 for a town, 2 for "near X", "east of X", a feature
  named after a town or a district, 3 for a province, country or region;
- **actors and counts**: :mod:`geo_events.events.actors`, actors over the sentence
  ("launched by Iranian-linked militias" after ", which"), counts over the
  clause; a place inside an actor's name ("US" of "US Army") places no event;
  counts
  stated in a following trigger-less sentence of the paragraph ("A civilian
  was injured during the assault.") are added to the event before it.

Every place the article names and no event uses becomes a ``mention`` row
dated with the article (precision 3), unresolved names included (no point,
``needs_review``): nothing the text says is lost.

Linear in the length of the article: the layers are read once, in text order;
the places, actors and dates of each sentence and clause are found by
bisection in the article's (never by a scan of them all), the places of a
clause that names none are its sentence's, found once, and a capture verb is
compared only with the places right beside it. Each clause is read with its
sentence's actors, which :data:`geo_events.text.sentences.MAX_SENTENCE_CHARS`
keeps few however long the article (or a sentence as written) is.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from gazetteer import Candidate, fold_name
from geo_events import vocab
from geo_events.limits import check_deadline
from geo_events.models import ActorMatch, Article, Event, Mention, ResolvedMention, TriggerMatch
from geo_events.text.dates import YEAR_OR_VAGUER
from geo_events.text.document import Clause, Document, starting_in

from .actors import Casualties, canonical_actor, count_casualties
from .annotate import CLAUSE_BREAK, annotate
from .places import (AREA_AFTER, BETWEEN_BEFORE, between_pair, container_of, dateline_end, qualifies_actor,
                     unlisted_names)
from .roles import REGAINING_TYPES, UNARMED_TYPES, UNIDENTIFIED, Roles, assign_roles, placed_roles, refine_type
from .triggers import follows_up, in_context, quoted_spans

__all__ = ["extract_events", "MAX_PLACES_PER_EVENT", "NEAR_CUE"]

#: An event is placed at no more than this many places of its clause.
MAX_PLACES_PER_EVENT = 6
_CARDINAL = "|".join(vocab.area_words("cardinal"))
_COMPASS = "|".join((*vocab.area_words("cardinal"), *vocab.area_words("intercardinal")))
_TERRITORY = "|".join(vocab.ordered_place_types("territory_of"))
#: Words right before a place that put the event near it, not in it (geo_precision 2).
NEAR_CUE = re.compile(
    r"\b(?:near|nearby|outside|outskirts of|around|close to|vicinity of|countryside of|"
    r"suburbs? of|area of|(?:" + _COMPASS + r")(?:ern)?\s+of|"
    r"(?:" + _CARDINAL + r")(?:ern)?\s+(?:outskirts|countryside|suburbs)\s+of)\s+(?:the\s+)?"
    r"(?:(?:" + _TERRITORY + r")\s+of\s+)?$", re.IGNORECASE)
_TERRITORY_GAP = re.compile(r"\s+(?:of\s+)?(?:the\s+(?:" + _TERRITORY + r")\s+of\s+)?")
#: Between a place and a capture verb after it: "Tabqa, captured", "Ramadi was captured".
_TAKEN_GAP = re.compile(r"(?:\s+to\s+the\s+\w+)?,?\s*(?:(?:was|were|has been|had been|is)\s+)?")
#: Runs of non-space characters that hold any _TAKEN_GAP ("to the north, has been": five),
#: and one more: a place ending before them is too far from the verb.
_TAKEN_GAP_RUNS = 6
#: Verbs (as written, lower case) whose object, when a place, is territory taken.
_TAKING_VERBS = ("captur", "stormed")
_TERRITORY_KINDS = frozenset({"city", "admin1", "admin2", "feature"})
_HOLDER_KINDS = {"country": 0, "region": 0, "admin1": 1, "admin2": 2}
#: Confidence of a name the gazetteer lacks, placed at what holds it (below 0.6: needs review).
_UNLISTED_CONFIDENCE = 0.5
_NO_CASUALTIES = Casualties()
#: Weight at which a trigger alone is a sure sign of an event; lighter ones lower the confidence.
_SURE_WEIGHT = 8

AdminName = Callable[[str, str], "str | None"]
#: (country code, admin1 code, latitude, longitude, place name) -> the district's name:
#: Gazetteer.nearest_admin2.
Admin2Name = Callable[[str, str, float, float, str], "str | None"]


@dataclass(slots=True)
class _Draft:
    """An event being assembled (its places are still mentions)."""

    sentence: tuple[int, int]
    trigger: TriggerMatch
    day: date | None
    precision: int
    roles: Roles
    casualties: Casualties
    places: list[tuple[ResolvedMention, int]]


def extract_events(article: Article, document: Document, *,
                   country_names: dict[str, str] | None = None,
                   admin1_name: AdminName | None = None,
                   admin2_name: Admin2Name | None = None) -> list[Event]:
    """Events, then mentions, of one article (see the module docstring).

    ``document`` is the article's text with its ``places`` layer; the event
    layers (:func:`geo_events.events.annotate.annotate`) are added here unless
    the caller has added them already.
    """
    if document.sentences and not document.clauses:
        document = annotate(document)
    text = document.text
    country_names = country_names or {}
    actors = document.actors
    places = _with_unlisted(document, [r for r in document.places if not r.mention.demonym])
    # "US" of "US Army", "Syria" of "Islamic State of Iraq and Syria", "Turkey" of "Turkey-backed":
    # part of or a qualifier of an actor, not where anything happened (still mentions).
    in_actor = _Covered((a.start, a.end) for a in actors)
    dateline = dateline_end(text)
    event_places = [r for r in places if not in_actor.covers(r.mention.start)
                    and not qualifies_actor(text, r.mention.start, r.mention.end)]
    if any(r.place is not None and r.mention.start >= dateline for r in event_places):
        event_places = [r for r in event_places if r.mention.start >= dateline]  # "KYIV -": filed there
    event_places = _Places(event_places)
    actor_starts = [a.start for a in actors]
    clauses = list(zip(document.clauses, document.triggers))
    drafts: list[_Draft] = []
    next_clause = 0
    previous_agent: ActorMatch | None = None
    quoted = quoted_spans(text)
    for s_start, s_end in document.sentences:
        check_deadline()  # the unit's deadline (geo_events.limits), once per sentence
        first = next_clause
        while next_clause < len(clauses) and clauses[next_clause][0].start < s_end:
            next_clause += 1
        sentence_actors = starting_in(actors, actor_starts, s_start, s_end)
        sentence_drafts = _sentence_events(document, (s_start, s_end), event_places, sentence_actors,
                                           clauses[first:next_clause], previous_agent, quoted)
        previous_agent = _agent_of(sentence_drafts, sentence_actors) or previous_agent
        if sentence_drafts:
            drafts.extend(sentence_drafts)
        elif drafts and document.same_paragraph(drafts[-1].sentence[0], s_start):
            # "A civilian was injured during the assault.": counts for the event before.
            extra = count_casualties(text, s_start, s_end)
            last = drafts[-1]
            last.casualties = Casualties(max(last.casualties.fatalities, extra.fatalities),
                                         last.casualties.injuries + extra.injuries,
                                         max(last.casualties.captured, extra.captured))
    _credit_claims(document, drafts)
    events: list[Event] = []
    used: set[tuple[int, int]] = set()
    for draft in drafts:
        for place, precision in draft.places:
            used.add((place.mention.start, place.mention.end))
            events.append(_event(article, draft, place, precision, text, country_names, admin1_name,
                                 admin2_name, ordinal=len(events)))
        if not draft.places:
            events.append(_event(article, draft, None, YEAR_OR_VAGUER, text, country_names,
                                 admin1_name, admin2_name, ordinal=len(events)))
    seen: set[tuple] = set()
    for item in places:
        if (item.mention.start, item.mention.end) in used:
            continue
        identity = item.identity
        if identity in seen:
            continue
        seen.add(identity)
        events.append(_mention(article, item, text, country_names, admin1_name, admin2_name,
                               ordinal=len(events)))
    return events


#: A claim of responsibility, and where its claimant stands: before ("ISIS claimed the
#: attack") or after ("claimed by ISIS", "responsibility was claimed by ISIS").
_CLAIM = re.compile(r"\b(?:claimed|claims|claiming|took|takes|has taken)\s+(?:the\s+)?(?:responsibility|credit)\b|"
                    r"\bclaimed\s+(?:the\s+)?(?:attack|bombing|blast|strike|killing|kidnapping|assault|"
                    r"operation|explosion|shooting)s?\b|(?P<by>\bclaimed\s+by\b)", re.IGNORECASE)
_CLAIMABLE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _credit_claims(document: Document, drafts: list[_Draft]) -> None:
    """Give a violent event whose perpetrator the text does not name (actor1 empty or an
    unidentified armed group) to the group that claimed it in the same paragraph ("ISIS
    claimed responsibility", "claimed by al-Shabaab"), as ACLED's coders do."""
    text, actors = document.text, document.actors
    claims = []
    for match in _CLAIM.finditer(text):
        s_start, s_end = document.sentence_at(match.start())
        if match.group("by"):
            claimant = next((a for a in actors if match.end() <= a.start < min(s_end, match.end() + 40)), None)
        else:
            claimant = next((a for a in reversed(actors) if s_start <= a.start < match.start()), None)
        if claimant is not None and claimant.inter and claimant.inter not in UNARMED_TYPES:
            claims.append((match.start(), claimant))
    if not claims:
        return
    for k, draft in enumerate(drafts):
        if draft.trigger.event_type not in _CLAIMABLE or draft.roles.actor1 not in ("", UNIDENTIFIED):
            continue
        claim = next((c for start, c in claims if document.same_paragraph(start, draft.sentence[0])), None)
        if claim is not None and claim.actor != draft.roles.actor2:
            drafts[k] = replace(draft, roles=replace(draft.roles, actor1=claim.actor, home1=claim.country,
                                                     inter1=vocab.inter_code(claim.inter)))


#: Right before a date: it dates a statement ("said on Sunday"), not what the statement tells.
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|announced|reported|told|stated|claimed|confirmed|added|declared|"
                               r"tweeted|wrote)\s+(?:on\s+|late\s+on\s+|early\s+on\s+)?$", re.IGNORECASE)


def _event_dates(text: str, dates: Sequence) -> Sequence:
    """A clause's dates with the date of a statement ("Ukraine's army said on Sunday it had
    retaken Lyman on Saturday") put last: the event is dated by the others, if any."""
    if len(dates) < 2:
        return dates
    told = [d for d in dates if _STATEMENT_BEFORE.search(text, max(0, d.start - 30), d.start)]
    return [d for d in dates if d not in told] + told if told and len(told) < len(dates) else dates


def _agent_of(drafts: Sequence[_Draft], actors: Sequence[ActorMatch]) -> ActorMatch | None:
    """Who a pronoun in the next sentence may stand for: this sentence's first agent,
    else its first armed actor."""
    named = {d.roles.actor1 for d in drafts if d.roles.actor1}
    return next((a for a in actors if a.actor in named), None) or next(
        (a for a in actors if a.inter and a.inter not in UNARMED_TYPES), None)


def _sentence_events(document: Document, sentence: tuple[int, int], places: _Places,
                     actors: Sequence[ActorMatch],
                     clauses: Sequence[tuple[Clause, TriggerMatch | None]],
                     previous_agent: ActorMatch | None = None,
                     quoted: list[tuple[int, int]] | None = None) -> list[_Draft]:
    text, published = document.text, document.published
    sentence_dates = document.dates_in(*sentence)
    drafts: list[_Draft] = []
    previous_day: tuple[date | None, int] | None = None
    sentence_places: list[tuple[ResolvedMention, int]] | None = None  # made once, if a clause needs them
    for clause, trigger in clauses:
        dates = _event_dates(text, document.dates_in(clause.start, clause.end))
        if dates:
            day, precision = dates[0].day, dates[0].precision
        elif clause.offset is not None and previous_day is not None and previous_day[0] is not None:
            # "A, a month after B": B came a month before A; "A; two days later, B": B after A
            adverb = clause.offset.text.split()[-1].lower() in ("later", "earlier")
            try:
                day = previous_day[0] + clause.offset.delta if adverb else previous_day[0] - clause.offset.delta
            except (OverflowError, ValueError):  # "3000 years later": past the calendar
                day = None
            precision = max(previous_day[1], clause.offset.precision)
        elif len(sentence_dates) == 1 and not drafts:
            day, precision = sentence_dates[0].day, sentence_dates[0].precision
        elif previous_day is not None:  # "On 14 November, X; Y": Y on the same day
            day, precision = previous_day
        else:
            day, precision = published, YEAR_OR_VAGUER
        if published is not None and day is not None and day > published:
            day = published
        if dates or trigger is not None or clause.offset is not None:
            previous_day = (day, precision)  # "; " alone opens a clause that dates nothing
        if trigger is None:
            continue
        casualties = count_casualties(text, clause.start, clause.end)
        if not trigger.alone and not actors and casualties == _NO_CASUALTIES:
            continue  # "the team stormed to victory", "prices exploded": no one acts or is hurt
        trigger = _territory(text, trigger, places, actors)
        roles = assign_roles(text, actors, trigger, (clause.start, clause.end),
                             passive_before=_passive_end(text, clause, sentence[1]),
                             previous_agent=previous_agent)
        trigger = refine_type(trigger, roles)
        typed = in_context(trigger, text, *sentence, quoted=quoted)
        if typed.event_type != trigger.event_type:  # a protest's detentions: the protesters act
            roles = assign_roles(text, actors, typed, (clause.start, clause.end),
                                 passive_before=_passive_end(text, clause, sentence[1]),
                                 previous_agent=previous_agent)
        trigger = typed
        inside = places.starting_in(clause.start, clause.end)
        if inside:
            placed = _event_places(text, inside)
        else:  # the sentence's places, else the paragraph's last before it
            if sentence_places is None:
                sentence_places = _sentence_places(document, sentence, places)
            placed = list(sentence_places)
        drafts.append(_Draft(
            sentence=sentence, trigger=trigger, day=day, precision=precision,
            roles=roles,
            casualties=casualties,
            places=placed))
    return _merge_followups(drafts)


def _merge_followups(drafts: list[_Draft]) -> list[_Draft]:
    """A sentence's drafts with each follow-up (:func:`geo_events.events.triggers.follows_up`)
    merged into the event it follows: one event, with the type the rule gives, the
    follow-up's actors where it names any (the force that dispersed a protest), the
    earlier's places unless the follow-up names its own, and the larger counts."""
    merged: list[_Draft] = []
    for draft in drafts:
        earlier = merged[-1] if merged else None
        # an event dated apart ("two days after clashes ...") is another event
        outcome = follows_up(earlier.trigger, draft.trigger) if earlier and earlier.day == draft.day else None
        if earlier is None or outcome is None:
            merged.append(draft)
            continue
        later_wins = outcome == "later"
        roles, other = (draft.roles, earlier.roles) if later_wins else (earlier.roles, draft.roles)
        if not roles.actor1:
            roles = replace(roles, actor1=other.actor1, inter1=other.inter1)
        if not roles.assoc_actor_1:
            roles = replace(roles, assoc_actor_1=other.assoc_actor_1)
        a, b = earlier.casualties, draft.casualties
        merged[-1] = replace(earlier, trigger=draft.trigger if later_wins else earlier.trigger, roles=roles,
                             casualties=Casualties(max(a.fatalities, b.fatalities), max(a.injuries, b.injuries),
                                                   max(a.captured, b.captured)),
                             places=earlier.places or draft.places)
    return merged


def _passive_end(text: str, clause: Clause, sentence_end: int) -> int:
    """Where a "by <agent>" for the clause's trigger may still stand: the clause, and a
    relative clause right after it ("targeted with a drone, which ... was launched by X"),
    up to the end of the sentence (its actors are the only ones compared with this)."""
    if text[clause.end:clause.end + 8].lower().startswith((", which", ", who")):
        following = CLAUSE_BREAK.search(text, clause.end + 1, sentence_end)
        return following.start() if following else sentence_end
    return clause.end


def _territory(text: str, trigger: TriggerMatch, places: _Places,
               actors: Sequence[ActorMatch]) -> TriggerMatch:
    """A captured place is territory taken ("captured Kobani", "Tabqa, captured last
    month"), not an arrest; territory taken by state forces is regained."""
    territorial = trigger.event_type == "Battles" and "territory" in trigger.sub_event_type
    if trigger.sub_event_type in ("Arrests", "Armed clash") and \
            text[trigger.start:trigger.end].lower().startswith(_TAKING_VERBS):
        # only a capture or a storming takes territory ("captured Kobani", "stormed Sinjar"):
        # people are detained, arrested, nabbed
        gap = _TERRITORY_GAP.match(text, trigger.end)  # None before a stop or the text's end
        after = gap.end() if gap else -1
        # Only a place starting right after the trigger, or ending within the few words
        # before it, can pass the test below.
        nearby = (*places.starting_at(after),
                  *places.ending_in(_start_of_runs_before(text, trigger.start, _TAKEN_GAP_RUNS),
                                    trigger.start))
        territorial = any(p.place is not None and p.place.kind in _TERRITORY_KINDS and (
            p.mention.start == after or _TAKEN_GAP.fullmatch(text, p.mention.end, trigger.start))
            for p in nearby)
    if not territorial:
        return trigger
    agent = [a for a in actors if a.start < trigger.start and a.inter]
    state = agent[-1].inter in REGAINING_TYPES if agent else "Government" in trigger.sub_event_type
    return replace(trigger, event_type="Battles",
                   sub_event_type="Government regains territory" if state
                   else "Non-state actor overtakes territory")


def _sentence_places(document: Document, sentence: tuple[int, int],
                     places: _Places) -> list[tuple[ResolvedMention, int]]:
    """The places of a clause that names none: the sentence's, else the nearest earlier
    located place of the paragraph (at least geo_precision 2 then)."""
    inside = places.starting_in(*sentence)
    if inside:
        return _event_places(document.text, inside)
    earlier = places.last_located_before(sentence[0])
    if earlier is None or not document.same_paragraph(earlier.mention.start, sentence[0]):
        return []
    return _event_places(document.text, [earlier], fallback=True)


def _event_places(text: str, inside: Sequence[ResolvedMention], *,
                  fallback: bool = False) -> list[tuple[ResolvedMention, int]]:
    """The places of ``inside`` an event is placed at, with their geo_precision (see the
    module docstring); at least 2 for a ``fallback`` place, one from outside the sentence.

    A name the gazetteer lacks, followed by the place holding it ("Thiban town, Deir
    ez-Zor"), is placed at that place's point under its own name (precision 2 in a town
    or district, 3 in a province); the holder places nothing else. Of "between X and
    Y", X alone, at precision 2.
    """
    inside = _placed_unlisted(text, inside)
    located = [p for p in inside if p.place is not None]
    # _holds depends on the inner place's kind, country and province only, and never holds
    # a place of the outer place's own kind: one of each is enough to compare with.
    inner: dict[str, dict[tuple[str, str], Candidate]] = {}
    for item in located:
        inner.setdefault(item.place.country_code, {}).setdefault((item.place.kind, item.place.admin1),
                                                                 item.place)
    kept: list[ResolvedMention] = []
    identities: set[tuple] = set()
    seconds = _between_seconds(text, located)
    for item in located:
        outer = item.place
        if item.mention.start in seconds:
            continue  # "between X and Y": Y only bounds the area
        if outer.kind in _HOLDER_KINDS and any(_holds(outer, other)
                                               for other in inner[outer.country_code].values()):
            continue  # "Raqqa ... in Syria": Syria only holds the event's place
        if item.identity not in identities:
            identities.add(item.identity)
            kept.append(item)
            if len(kept) == MAX_PLACES_PER_EVENT:
                break
    kept += [p for p in inside if p.place is None][:1] if not kept else []
    return [(p, max(_geo_precision(text, p), 2 if fallback else 1)) for p in kept[:MAX_PLACES_PER_EVENT]]


def _between_seconds(text: str, located: Sequence[ResolvedMention]) -> set[int]:
    """Where the Y of each "between X and Y" among ``located`` starts."""
    return {b.mention.start for a, b in zip(located, located[1:])
            if between_pair(text, (a.mention.start, a.mention.end), b.mention.start)}


def _placed_unlisted(text: str, inside: Sequence[ResolvedMention]) -> list[ResolvedMention]:
    """``inside`` with each unresolved name that a located place right after it holds
    ("Thiban town, Deir ez-Zor") placed at that place's point under its own name, and
    the holder dropped (it only says where the name lies)."""
    result: list[ResolvedMention] = []
    skip = -1
    for k, item in enumerate(inside):
        if item.mention.start == skip:
            continue
        holder = inside[k + 1] if k + 1 < len(inside) else None
        if holder is not None and holder.place is not None and (
                item.place is None or (item.place.kind not in _HOLDER_KINDS
                                       and _known_outside(item.place, holder.place))) and \
                container_of(text, item.mention.end, holder.mention.start):
            # unknown, or resolved to a namesake outside the place the text puts it in
            # ("Moura, Mopti region": not the Moura in Portugal)
            place = replace(holder.place, name=item.mention.text, geonameid=None)
            result.append(ResolvedMention(item.mention, place, min(holder.confidence, _UNLISTED_CONFIDENCE),
                                          holder.candidates, near=True))
            skip = holder.mention.start
            continue
        result.append(item)
    return result


def _with_unlisted(document: Document, places: list[ResolvedMention]) -> list[ResolvedMention]:
    """``places`` and, unresolved, the names the words around them make places though the
    gazetteer lacks them (:func:`geo_events.events.places.unlisted_names`), in text order."""
    taken = sorted([(p.mention.start, p.mention.end) for p in document.places]
                   + [(a.start, a.end) for a in document.actors])
    extra = []
    for start, end in unlisted_names(document.text, document.sentences, taken=taken):
        s_start, s_end = document.sentence_at(start)
        name = document.text[start:end]
        extra.append(ResolvedMention(Mention(start, end, name, fold_name(name), s_start, s_end), None, 0.0, 0))
    return sorted([*places, *extra], key=lambda p: p.mention.start) if extra else places


class _Places:
    """The places events may be placed at, in text order, looked up by offset (each
    look-up logarithmic in their number, where a scan made the stage quadratic)."""

    def __init__(self, places: list[ResolvedMention]) -> None:
        self.items = places
        self.starts = [p.mention.start for p in places]
        self.located = [p for p in places if p.place is not None]
        self.located_starts = [p.mention.start for p in self.located]
        self.by_start: dict[int, list[ResolvedMention]] = {}
        self.by_end: dict[int, list[ResolvedMention]] = {}
        for p in places:
            self.by_start.setdefault(p.mention.start, []).append(p)
            self.by_end.setdefault(p.mention.end, []).append(p)
        self.ends = sorted(self.by_end)

    def starting_in(self, start: int, end: int) -> Sequence[ResolvedMention]:
        """The places starting in ``text[start:end]``, in text order."""
        return starting_in(self.items, self.starts, start, end)

    def starting_at(self, offset: int) -> list[ResolvedMention]:
        return self.by_start.get(offset, [])

    def ending_in(self, start: int, end: int) -> list[ResolvedMention]:
        """The places ending at an offset in ``[start, end]``."""
        return [p for e in self.ends[bisect.bisect_left(self.ends, start):bisect.bisect_right(self.ends, end)]
                for p in self.by_end[e]]

    def last_located_before(self, offset: int) -> ResolvedMention | None:
        """The last place resolved to a point that starts before ``offset``."""
        k = bisect.bisect_left(self.located_starts, offset)
        return self.located[k - 1] if k else None


class _Covered:
    """Offsets covered by any of some ``(start, end)`` spans, each test logarithmic."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if start >= end:
                continue
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, offset: int) -> bool:
        """Whether ``start <= offset < end`` for one of the spans."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and offset < self.ends[k]


def _start_of_runs_before(text: str, end: int, runs: int) -> int:
    """Where the ``runs``-th run of non-space characters before ``end`` starts (0 if fewer)."""
    i = end
    for _ in range(runs):
        while i and text[i - 1].isspace():
            i -= 1
        while i and not text[i - 1].isspace():
            i -= 1
    return i


def _known_outside(place: Candidate, holder: Candidate) -> bool:
    """Whether ``place`` is known to lie outside ``holder``, the place the text puts it in: its
    country is known and differs, or, for a division, its province is known and the division
    does not hold it. A place whose country or province is not recorded (a correction typed
    with coordinates alone) is not known to lie outside anything."""
    if not place.country_code:
        return False
    if place.country_code != holder.country_code:
        return True
    return holder.kind in _HOLDER_KINDS and bool(place.admin1) and not _holds(holder, place)


def _holds(outer: Candidate, inner: Candidate) -> bool:
    """Whether ``outer`` (a country, province or district) contains ``inner``."""
    if outer.kind not in _HOLDER_KINDS or outer is inner or inner.kind in ("country", "region"):
        return False
    if not outer.country_code or outer.country_code != inner.country_code:
        return False
    if outer.kind == "country":
        return True
    if inner.kind == "admin1":
        return False
    return outer.admin1 == inner.admin1 and _HOLDER_KINDS[outer.kind] < _HOLDER_KINDS.get(inner.kind, 3)


def _geo_precision(text: str, item: ResolvedMention) -> int:
    place = item.place
    if place is None or place.kind in ("country", "admin1", "region"):
        return 3
    if item.near or place.kind == "admin2" or AREA_AFTER.match(text, item.mention.end) or \
            BETWEEN_BEFORE.search(text, max(0, item.mention.start - 40), item.mention.start):
        return 2  # "near X", "Idlib countryside", "the Hama front", "between X and Y"
    before = text[max(0, item.mention.start - 40):item.mention.start]
    return 2 if NEAR_CUE.search(before) else 1


def _event_id(article_id: str, ordinal: int) -> str:
    return hashlib.sha1(f"{article_id}:{ordinal}".encode()).hexdigest()[:16]


def _place_fields(item: ResolvedMention | None, country_names: dict[str, str],
                  admin1_name: AdminName | None, admin2_name: Admin2Name | None = None) -> dict:
    place = item.place if item else None
    if place is None:
        return {"location": None, "admin2": None, "latitude": None, "longitude": None, "country": None,
                "admin1": None, "geonameid": None, "country_code": None}
    admin1 = admin1_name(place.country_code, place.admin1) if admin1_name and place.admin1 else None
    if admin1 is None and place.kind == "admin1" and place.geonameid is not None:
        admin1 = place.name  # a province's own name (not a name placed at it, which has no geonameid)
    if place.kind == "admin2":
        admin2 = place.name if place.geonameid is not None else None
    elif place.kind in ("city", "feature") and admin2_name and place.admin1:
        admin2 = admin2_name(place.country_code, place.admin1, place.latitude, place.longitude, place.name)
    else:
        admin2 = None  # a province or a country holds districts; it is not in one
    return {"location": place.name, "admin2": admin2, "latitude": place.latitude, "longitude": place.longitude,
            "country": country_names.get(place.country_code, place.country_code) or None,
            "admin1": admin1, "geonameid": place.geonameid, "country_code": place.country_code or None}


def _event(article: Article, draft: _Draft, item: ResolvedMention | None, precision: int, text: str,
           country_names: dict[str, str], admin1_name: AdminName | None, admin2_name: Admin2Name | None, *,
           ordinal: int) -> Event:
    s_start, s_end = draft.sentence
    confidence = min(1.0, draft.trigger.weight / _SURE_WEIGHT)
    code = item.place.country_code if item is not None and item.place is not None else ""
    roles = placed_roles(draft.roles, code, country_names.get(code), canonical_actor)
    if item is not None:
        confidence *= item.confidence if item.place is not None else 0.0
    return Event(
        event_id=_event_id(article.article_id, ordinal), article_id=article.article_id,
        source=article.source, title=article.title, event_date=draft.day,
        time_precision=draft.precision, event_type=draft.trigger.event_type,
        sub_event_type=draft.trigger.sub_event_type, actor1=roles.actor1, actor2=roles.actor2,
        assoc_actor_1=roles.assoc_actor_1, assoc_actor_2=roles.assoc_actor_2,
        inter1=roles.inter1, inter2=roles.inter2, interaction=roles.interaction,
        fatalities=draft.casualties.fatalities, injuries=draft.casualties.injuries,
        captured=draft.casualties.captured,
        matched_text=item.mention.text if item else "", geo_precision=precision,
        notes=text[s_start:s_end], confidence=round(confidence, 3), kind="event",
        needs_review=item is None or item.needs_review, url=article.url, sources=article.source,
        **_place_fields(item, country_names, admin1_name, admin2_name))


def _mention(article: Article, item: ResolvedMention, text: str, country_names: dict[str, str],
             admin1_name: AdminName | None, admin2_name: Admin2Name | None, *, ordinal: int) -> Event:
    m = item.mention
    return Event(
        event_id=_event_id(article.article_id, ordinal), article_id=article.article_id,
        source=article.source, title=article.title, event_date=article.published,
        time_precision=YEAR_OR_VAGUER, event_type="", sub_event_type="", actor1="", actor2="",
        fatalities=0, injuries=0, captured=0, matched_text=m.text,
        geo_precision=_geo_precision(text, item), notes=text[m.sentence_start:m.sentence_end],
        confidence=round(item.confidence, 3), kind="mention", needs_review=item.needs_review,
        url=article.url, sources=article.source, **_place_fields(item, country_names, admin1_name, admin2_name))
