"""Work linear in the article's length: each look-up that replaced a scan gives what the scan gave.

No timings here (they belong to benchmarks): every test compares a fast look-up with
the plain scan it replaced, on generated inputs, or checks a bound that keeps the
work per sentence fixed.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pytest
from geopy.distance import great_circle
from hypothesis import given, settings
from hypothesis import strategies as st

import geo_events as ge
from gazetteer import KINDS, Candidate, LatLon
from geo_events import pipeline
from geo_events.events import actors, extract, triggers
from geo_events.events.places import between_pair
from geo_events.events.actors import actor_aliases, find_actors
from geo_events.events.roles import assign_roles
from geo_events.models import TriggerMatch as _Trigger
from geo_events.geoparse import recognize, resolve, rules
from geo_events.geoparse.anchors import Anchors, nearest_by_scan
from geo_events.geoparse.recognize import PlaceFinder
from geo_events.geoparse.span_context import SpanContext
from geo_events.models import ActorMatch, Mention, ResolvedMention, TriggerMatch
from geo_events.text import dates, sentences
from geo_events.text.dates import TimeRef, find_dates
from geo_events.text.document import Document, starting_in
from geo_events.text.sentences import MAX_SENTENCE_CHARS, sentence_spans
from geo_events.vocab import is_common_word

FAST = settings(max_examples=100, deadline=None, derandomize=True)
offsets = st.integers(min_value=-3, max_value=60)


@FAST
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=30), offsets, offsets)
def test_starting_in_is_the_scan(starts: list[int], lo: int, hi: int) -> None:
    starts.sort()
    items = [f"item{k}" for k in range(len(starts))]
    assert list(starting_in(items, starts, lo, hi)) == [
        item for item, start in zip(items, starts) if lo <= start < hi]


@FAST
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=10, unique=True), offsets, offsets)
def test_same_paragraph_is_the_scan(breaks: list[int], a: int, b: int) -> None:
    document = Document(text="", sentences=(), paragraph_breaks=tuple(sorted(breaks)))
    assert document.same_paragraph(a, b) == (not any(a < cut < b for cut in breaks))


@FAST
@given(st.lists(st.tuples(offsets, offsets), max_size=12), st.lists(offsets, max_size=20))
def test_covered_offsets_are_the_scan(spans: list[tuple[int, int]], probes: list[int]) -> None:
    covered = extract._Covered(spans)
    for offset in probes:
        assert covered.covers(offset) == any(s <= offset < e for s, e in spans)


# ----------------------------------------------------------- events' places

#: Pieces of text that make gaps a capture verb may follow ("Tabqa to the north, was captured"),
#: taken in this order ("" leaves one out), again and again.
_PIECES = (["Tabqa", "al-Qaim", "Tabqa_2"], ["", " to the north", " to the Raqqa_2", " to the"],
           ["", ",", " ,"], ["", " was", " has been", " is", " were"], [" ", "  ", "\n\n", ""],
           ["captured", "arrested", "the"], ["", ".", " ", ", "])
_POOL = [Candidate(f"P{k}", 30.0 + k, 40.0, kind, code, admin1, geonameid=k)
         for k, (kind, code, admin1) in enumerate(
             (kind, code, admin1) for kind in KINDS for code in ("", "SY") for admin1 in ("", "01", "02"))]


def resolved(text: str, start: int, end: int, place: Candidate | None) -> ResolvedMention:
    mention = Mention(start, end, text[start:end], text[start:end].lower(), 0, len(text))
    return ResolvedMention(mention, place, 0.9, 1)


def placed_texts(count: int) -> list[tuple[str, list[ResolvedMention]]]:
    """``count`` texts, each with places in text order: at some of its pieces, and at
    any spans (overlapping ones too). Drawn by a seeded generator (hypothesis draws a
    few hundred of these too slowly for the default run)."""
    rng = random.Random(20230124)
    drawn = []
    for _ in range(count):
        pieces = [piece for _ in range(rng.randint(1, 4)) for choices in _PIECES
                  if (piece := rng.choice(choices))]
        text = "".join(pieces)
        spans, cursor = [], 0
        for piece in pieces:
            word = piece.strip()
            if word and rng.random() < 0.5:
                start = text.index(word, cursor)
                spans.append((start, start + len(word)))
            cursor += len(piece)
        for _ in range(rng.randint(0, 3)):
            start = rng.randrange(len(text))
            spans.append((start, min(len(text), start + rng.randint(1, 12))))
        places = [resolved(text, start, end, rng.choice([None, *_POOL])) for start, end in spans]
        drawn.append((text, sorted(places, key=lambda p: p.mention.start)))
    return drawn


def territorial_by_scan(text: str, trigger: TriggerMatch, places: list[ResolvedMention]) -> bool:
    """The test of :func:`extract._territory` as a scan of every place (as it was written;
    only a capture, never an arrest, takes territory)."""
    if not text[trigger.start:trigger.end].startswith("captur"):
        return False
    gap = extract._TERRITORY_GAP.match(text, trigger.end)
    after = gap.end() if gap else -1
    return any(p.place is not None and p.place.kind in extract._TERRITORY_KINDS and (
        p.mention.start == after or extract._TAKEN_GAP.fullmatch(text, p.mention.end, trigger.start))
        for p in places)


def test_territory_looks_only_near_the_trigger_and_finds_what_the_scan_finds() -> None:
    for text, places in placed_texts(400):
        index = extract._Places(places)
        for word in re.finditer(r"captured|arrested|$", text):
            trigger = TriggerMatch(word.start(), word.end(), "Strategic developments", "Arrests", 7)
            taken = extract._territory(text, trigger, index, [])
            assert (taken.sub_event_type != "Arrests") == territorial_by_scan(text, trigger, places), (
                text, trigger)


def event_places_by_scan(text: str, inside: list[ResolvedMention],
                         fallback: bool) -> list[tuple[ResolvedMention, int]]:
    """:func:`extract._event_places` as it was written: each place against every other
    (after the same placing of unlisted names, and the Y of "between X and Y" left out)."""
    inside = extract._placed_unlisted(text, inside)
    located = [p for p in inside if p.place is not None]
    seconds = {b.mention.start for a, b in zip(located, located[1:])
               if between_pair(text, (a.mention.start, a.mention.end), b.mention.start)}
    kept: list[ResolvedMention] = []
    for item in located:
        if item.mention.start in seconds:
            continue
        if any(extract._holds(item.place, other.place) for other in located if other is not item):
            continue
        if all(item.identity != k.identity for k in kept):
            kept.append(item)
    kept += [p for p in inside if p.place is None][:1] if not kept else []
    return [(p, max(extract._geo_precision(text, p), 2 if fallback else 1))
            for p in kept[:extract.MAX_PLACES_PER_EVENT]]


def test_event_places_hold_and_dedupe_as_the_scan_did() -> None:
    for text, places in placed_texts(300):
        for fallback in (False, True):
            assert extract._event_places(text, places, fallback=fallback) == event_places_by_scan(
                text, places, fallback)


def test_places_index_answers_as_scans() -> None:
    for text, places in placed_texts(100):
        index = extract._Places(places)
        for offset in range(-1, len(text) + 2):
            located = [p for p in places if p.place is not None and p.mention.start < offset]
            assert index.last_located_before(offset) is (located[-1] if located else None)
            assert index.starting_at(offset) == [p for p in places if p.mention.start == offset]
            assert sorted(map(id, index.ending_in(offset, offset + 7))) == sorted(
                id(p) for p in places if offset <= p.mention.end <= offset + 7)


def test_an_arrest_before_a_stop_gives_its_event(geoparser: ge.Geoparser) -> None:
    article = ge.parse_article(" date 2023-01-24 In Mosul, police said six suspects were captured.", source="t")
    (event,) = [e for e in geoparser.article_events(article) if e.kind == "event"]
    assert (event.sub_event_type, event.location, event.captured) == ("Arrests", "Mosul", 6)


# ----------------------------------------------------- actors, quotes, dates

#: Words of overlapping actor names, quotes and dates, joined at random.
_EVENT_WORDS = ["ISIS", "Islamic State", "of Iraq and Syria", "SDF", "Syrian Democratic Forces", "by", "the",
                "US Army", "US troops", "Iranian-backed militias", "Hamza Brigade", "Sultan Murad Division",
                "police", "civilians", "\u201c", "\u201d", '"', "struck", "killed", "captured", "raid", "on",
                "Friday", "Jan.", "21", "2023-01-21", "in", "December", "2016", "mid-2014", "last week",
                "two", "days", "after", ",", ".", "\n"]


def event_texts(count: int) -> list[str]:
    rng = random.Random(20230121)
    return [" ".join(rng.choice(_EVENT_WORDS) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def actors_by_scan(text: str) -> list[ActorMatch]:
    """:func:`find_actors` as it was written: each match against every span taken."""
    taken: list[tuple[int, int]] = []
    found = []

    def add(s: int, e: int, actor: str, inter: str, home: str) -> None:
        if any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        passive = bool(re.search(r"\bby\s+(?:the\s+)?$", text[max(0, s - 8):s], re.IGNORECASE))
        found.append(ActorMatch(s, e, actor, inter, passive, home))

    for alias in actor_aliases():
        for match in alias.pattern.finditer(text):
            name = alias.name(match) if alias.countries is None else actors.canonical_actor(alias.name(match))
            add(match.start(), match.end(), name, alias.inter, alias.home(match))
    for match in actors._ORGANISATION.finditer(text):
        add(match.start(1), match.end(1), match.group(1).strip(), "", "")
    return actors._without_generic_heads(text, sorted(found, key=lambda a: a.start))


def test_actors_overlap_checks_find_what_the_scan_finds() -> None:
    for text in event_texts(300):
        assert find_actors(text) == actors_by_scan(text), text


def test_roles_read_the_first_mention_of_each_actor() -> None:
    for text in event_texts(200):
        found = find_actors(text)
        distinct = []
        for actor in found:  # the first of each name, as assign_roles keeps them
            if all(actor.actor != seen.actor for seen in distinct):
                distinct.append(actor)
        for start in range(0, len(text) + 1, 7):
            trigger = _Trigger(start, start, "Battles", "Armed clash", 6)
            assert assign_roles(text, found, trigger, (0, len(text))) == assign_roles(
                text, distinct, trigger, (0, len(text)))


@FAST
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(2, 6)), max_size=10), st.lists(offsets, max_size=20))
def test_quotation_look_up_is_the_scan(gaps: list[tuple[int, int]], probes: list[int]) -> None:
    quoted, cursor = [], 0
    for gap, length in gaps:  # in text order, not overlapping, as quoted_spans gives them
        quoted.append((cursor + gap, cursor + gap + length))
        cursor += gap + length
    for offset in probes:
        assert triggers._inside(quoted, offset) == any(s <= offset < e for s, e in quoted)


def dates_by_scan(text: str, published: date) -> list[TimeRef]:
    """:func:`find_dates` as it was written: each match against every span taken."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, kind in dates._PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = dates._resolve(kind, match, published)
            if resolved is None:
                continue
            day, precision = resolved
            taken.append(match.span())
            found.append(TimeRef(match.start(), match.end(), match.group(), min(day, published), precision))
    return sorted(found, key=lambda t: t.start)


def test_dates_overlap_checks_find_what_the_scan_finds() -> None:
    for text in event_texts(300):
        assert find_dates(text, published=date(2023, 1, 23)) == dates_by_scan(text, date(2023, 1, 23)), text


# --------------------------------------------------------- sentence length


def test_a_megabyte_without_punctuation_splits_into_bounded_sentences() -> None:
    text = "ISIS fighters attacked Mosul and Raqqa and " * 24_000  # 1 MB, one sentence as written
    spans = sentence_spans(text)
    assert len(spans) > len(text) // MAX_SENTENCE_CHARS
    assert all(0 < end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert all(text[start:end].strip() == text[start:end] for start, end in spans)
    assert " ".join(text[start:end] for start, end in spans).split() == text.split()  # every word kept
    assert all(text[end].isspace() for _, end in spans[:-1])  # cut between words


def spans_with_cap(text: str, cap: int) -> list[tuple[int, int]]:
    saved = sentences.MAX_SENTENCE_CHARS
    sentences.MAX_SENTENCE_CHARS = cap
    try:
        return sentence_spans(text)
    finally:
        sentences.MAX_SENTENCE_CHARS = saved


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab .Z\n!?")), max_size=80), st.integers(1, 12))
def test_cut_sentences_are_the_sentences_cut_at_whitespace(text: str, cap: int) -> None:
    whole, cut = spans_with_cap(text, 10 ** 9), spans_with_cap(text, cap)
    assert all(0 < end - start <= cap and text[start:end].strip() == text[start:end] for start, end in cut)
    assert [s for s, _ in whole] == [s for s, _ in cut if any(w == s for w, _ in whole)]
    for start, end in whole:  # each sentence is its pieces, split at whitespace or, in a long word, anywhere
        pieces = [(s, e) for s, e in cut if start <= s < end]
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(text[a_end:b_start].isspace() or (a_end == b_start and a_end - a_start == cap
                                                     and not any(c.isspace() for c in text[a_start:a_end + 1]))
                   for (a_start, a_end), (b_start, _) in zip(pieces, pieces[1:]))
        if end - start <= cap:
            assert pieces == [(start, end)]


# ------------------------------------------------------ place recognition

@FAST
@given(st.text(alphabet=st.sampled_from(list(" ,a.")), max_size=12), st.integers(0, 12))
def test_comma_before_is_the_copy_and_strip(text: str, start: int) -> None:
    start = min(start, len(text))
    assert recognize._after_comma(text, start) == text[:start].rstrip(" ").endswith(",")


#: Capitalised words of runs (places, titles, area words, a given name) and words between them.
_NAME_WORDS = ["Mosul", "Raqqa", "Hajin", "North", "Northeast", "General", "Colonel", "Gen.", "President",
               "Former", "US", "al-Qaim", "and", "the", ",", "."]


def name_contexts(finder: PlaceFinder, count: int) -> list[SpanContext]:
    rng = random.Random(20230123)
    contexts = []
    for _ in range(count):
        text = " ".join(rng.choice(_NAME_WORDS) for _ in range(rng.randint(1, 30)))
        document = Document.from_text(text)
        tokens = document.tokens
        runs = finder._run_ids(text, tokens)
        contexts.append(SpanContext(text=text, tokens=tokens, runs=runs, lower_words=set(),
                                    sentence_initial=recognize._sentence_initial(text, tokens, document.sentences),
                                    run_starts=recognize._run_starts(runs),
                                    area_streaks=recognize._streaks(tokens, rules.AREA_MODIFIERS)))
    return contexts


def inside_longer_name_by_scan(c: SpanContext, i: int) -> bool:
    """The rule ``inside_longer_name`` as it was written: back along the run, word by word."""
    tokens, runs = c.tokens, c.runs
    if not (i > 0 and runs[i - 1] == runs[i] >= 0):
        return False
    start = i
    while start > 0 and runs[start - 1] == runs[i]:
        start -= 1
    if start in c.sentence_initial and is_common_word(tokens[start].text):
        start += 1
    return not all(t.lower in rules.AREA_MODIFIERS for t in tokens[start:i])


def title_names_by_scan(finder: PlaceFinder, c: SpanContext) -> set[str]:
    """The names :meth:`PlaceFinder._person_names` takes after titles, as it was written:
    every title scanning its run to the end."""
    names, tokens, runs = set(), c.tokens, c.runs
    for k, token in enumerate(tokens):
        if token.lower in finder.lookups.titles and runs[k] >= 0:
            follow = k + 1
            if follow < len(tokens) and runs[follow] != runs[k] and runs[follow] >= 0 \
                    and recognize._DOTTED_GAP.fullmatch(c.text, token.end, tokens[follow].start):
                names.add(tokens[follow].text)
                follow += 1
            while follow < len(tokens) and runs[follow] == runs[follow - 1]:
                names.add(tokens[follow].text)
                follow += 1
    return names


def test_run_look_ups_of_recognition_are_the_scans(geoparser: ge.Geoparser) -> None:
    finder = geoparser.finder
    for context in name_contexts(finder, 300):
        for i in range(len(context.tokens)):
            assert rules._inside_longer_name.test(finder.lookups, context, i, i) == \
                inside_longer_name_by_scan(context, i), context.text
        # Mosul, Raqqa, Hajin are no given names and no word is said: only titles name people here.
        assert finder._person_names(context, {}) == title_names_by_scan(finder, context), context.text


# ----------------------------------------------------------- resolution

def random_point(rng: random.Random, near: LatLon | None) -> LatLon:
    """Mostly near ``near`` (a cluster, across the date line too), with ties and the poles."""
    digits = rng.choice([0, 1, 4])
    if near is not None and rng.random() < 0.7:
        lat = max(-90.0, min(90.0, near[0] + rng.uniform(-6, 6)))
        return round(lat, digits), round((near[1] + rng.uniform(-9, 9) + 180) % 360 - 180, digits)
    return round(rng.uniform(-90, 90), digits), round(rng.uniform(-180, 180), digits)


def test_anchor_look_ups_are_the_scans() -> None:
    rng = random.Random(20230120)
    for _ in range(150):
        centre = random_point(rng, None) if rng.random() < 0.9 else None
        points = [random_point(rng, centre) for _ in range(rng.randint(0, 25))]
        left_out = rng.choice(points) if points and rng.random() < 0.5 else None
        anchors = Anchors(points).without(left_out)
        kept = [p for p in dict.fromkeys(points) if p != left_out]
        assert list(anchors) == kept and len(anchors) == len(kept) and bool(anchors) == bool(kept)
        for _ in range(6):
            lat, lon = random_point(rng, centre)
            band = rng.choice([10.0, 1.5, 90.0])
            assert anchors.nearest(lat, lon, max_lat_degrees=band) == nearest_by_scan(
                kept, lat, lon, max_lat_degrees=band)
            km = rng.choice([300.0, 40.0, 3000.0])
            assert anchors.any_within_km((lat, lon), km) == any(
                great_circle((lat, lon), p).km <= km for p in kept)


_REGIONS = [("SY", "04"), ("SY", "09"), ("IQ", "07"), ("US", "TX"), ("US", "")]
regions = st.sampled_from(_REGIONS)


@FAST
@given(st.dictionaries(st.sampled_from("abcdef"), st.sets(regions), max_size=6),
       st.lists(st.sampled_from("abcdefg"), max_size=8))
def test_division_support_is_the_count_over_the_other_names(divisions: dict[str, set], names: list[str]) -> None:
    support = resolve._Support.of_each([*divisions, *names], divisions)
    for name in [*divisions, *names]:
        expected = Counter(d for other, held in divisions.items() if other != name for d in held)
        assert dict(support[name]) == dict(expected) and bool(support[name]) == bool(expected)
        assert all(support[name].get(region, 0) == expected.get(region, 0) for region in _REGIONS)


def test_countries_of_the_sure_places_but_one_point_are_the_scan() -> None:
    rng = random.Random(20230119)
    for _ in range(200):
        sure = {Candidate(f"P{k}", rng.choice([1.0, 2.0, 3.0]), 0.0, "city", rng.choice(["", "SY", "IQ", "TR"]))
                for k in range(rng.randint(0, 6))}
        countries = resolve._SureCountries(sure)
        for point in [None, (1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)]:
            assert countries.without(point) == {p.country_code for p in sure
                                                if (point is None or p.latlon != point) and p.country_code}


@pytest.mark.parametrize("lat", [0.0, 45.0, 60.0, 75.0, 86.0, -70.0])
def test_points_just_within_the_distance_are_found_all_around(lat: float) -> None:
    centre = (lat, 179.5)  # beside the date line
    for bearing in range(0, 360, 15):
        for km, found in ((295.0, True), (305.0, False)):
            there = great_circle(kilometers=km).destination(centre, bearing)
            anchors = Anchors([(there.latitude, there.longitude)])
            assert anchors.any_within_km(centre, 300.0) is found, (bearing, km)


@FAST
@given(st.text(alphabet=st.sampled_from(list("Ab .\n")), min_size=1, max_size=60), st.data())
def test_given_spans_take_the_sentence_the_scan_found(text: str, data: st.DataObject) -> None:
    document = Document.from_text(text)
    starts = data.draw(st.lists(st.integers(0, len(text) - 1), max_size=8))
    mentions = pipeline._mentions(document, [(start, start + 1) for start in starts])
    for start, mention in zip(starts, mentions):
        expected = next(((s, e) for s, e in document.sentences if s <= start < e), (start, start + 1))
        assert (mention.sentence_start, mention.sentence_end) == expected
