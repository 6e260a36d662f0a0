"""The named rules that keep or drop a candidate place-name span, in the order they are tried.

    >>> [(rule.name, rule.verdict) for rule in RULES][:3]
    [('currency', 'drop'), ('road_number', 'drop'), ('capitals_unrecorded', 'drop')]
    >>> print(rule_table().splitlines()[0])
    currency                      drop  "US$460": a currency, not the country.

A candidate is a run of tokens ``i..j`` whose folded form names a gazetteer
place (:class:`~geo_events.geoparse.recognize.PlaceFinder` finds them). Each
:class:`Rule` tests the span; the first rule whose test holds decides, with
its verdict; when none holds the span is kept (rule ``default``). Every
decision is logged at DEBUG on the logger ``geo_events.geoparse.rules``
(``python -m geo_events geoparse --explain`` shows them on standard error)::

    DEBUG geo_events.geoparse.rules: drop 'Paris' [0:5] by person_run

Rules read the word lists and gazetteer look-ups; they never change
anything, so the order of the list is the whole of their interplay. Each reads
a fixed number of tokens of the span and around it (where a run starts is
labelled beforehand in the :class:`~.span_context.SpanContext`), never a whole
run, so recognition stays linear in the text's length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from geo_events import vocab
from geo_events.vocab import is_common_word

from .span_context import Lookups, SpanContext

__all__ = ["Rule", "Verdict", "RULES", "DEFAULT_RULE", "decide", "explain", "rule_table",
           "STREET_WORDS", "CIVIC_WORDS", "AREA_MODIFIERS"]

log = logging.getLogger(__name__)

Verdict = Literal["keep", "drop"]
#: ``test(lookups, context, i, j)``: whether the rule applies to tokens ``i..j``.
Test = Callable[[Lookups, SpanContext, int, int], bool]

#: Words that, after a place's name in one capitalised run, make the run a
#: street or a business named after the place ("Wichita Street", "Cumberland
#: Farms"): somewhere else, so the place's name alone is not a mention of it.
STREET_WORDS = vocab.place_types("street")
#: After "<X> City", words that make it the town's government ("Dublin City
#: Council"): the mention is the town X, the span stops before "City".
CIVIC_WORDS = vocab.civic_words()
#: Words that may stand before a place inside one capitalised run: "North Texas".
AREA_MODIFIERS = frozenset(vocab.area_words("area_modifier"))
_ORGANISATION_WORDS = vocab.organisation_words()


@dataclass(frozen=True, slots=True)
class Rule:
    """A named test on a candidate span and the verdict it gives when the test holds."""

    name: str
    verdict: Verdict
    test: Test
    description: str


def _rule(name: str, verdict: Verdict) -> Callable[[Test], Rule]:
    """Decorator: a rule named ``name``, described by the test's docstring."""
    def make(test: Test) -> Rule:
        return Rule(name, verdict, test, " ".join((test.__doc__ or "").split()))
    return make


# --------------------------------------------------------------- whole span


@_rule("currency", "drop")
def _currency(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """"US$460": a currency, not the country."""
    return c.text.startswith("$", c.tokens[j].end)


@_rule("road_number", "drop")
def _road_number(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """"KY 80", "County Road 43": a road, not the state or county."""
    return lookups.road(c, i, j)


@_rule("capitals_unrecorded", "drop")
def _capitals_unrecorded(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """Several words, one in capitals, not a recorded spelling: "US Army" merely folds
    like some village."""
    return i < j and any(t.text.isupper() for t in c.tokens[i:j + 1]) \
        and not lookups.recorded(c.text[c.tokens[i].start:c.tokens[j].end])


# ---------------------------------------------------------------- one word


@_rule("not_place_word", "drop")
def _not_place_word(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word that alone is almost never the place: a month, a title, "Army", "North"."""
    lower = c.tokens[i].lower
    return i == j and (lower in lookups.not_places or lower in lookups.titles)


@_rule("lower_case_elsewhere", "drop")
def _lower_case_elsewhere(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word the same text also writes in lower case: an ordinary word there."""
    word = c.tokens[i].text
    return i == j and (word in c.lower_words or word.lower() in c.lower_words)


@_rule("person_name", "drop")
def _person_name(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word the text uses in a person's name: a later lone "Buccino" after
    "Colonel Joe Buccino"."""
    return i == j and c.tokens[i].text in c.person_names


def _acronym(c: SpanContext, i: int, j: int) -> bool:
    word = c.tokens[i].text
    return i == j and word.isupper() and len(word) > 1


@_rule("acronym_of_place", "keep")
def _acronym_of_place(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """An acronym recorded as a country's or state's name: "US", "UK", "DRC"."""
    return _acronym(c, i, j) and lookups.abbreviates_place(c.tokens[i].text)


@_rule("acronym_dateline", "keep")
def _acronym_dateline(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A place in capitals opening a dateline: "BEIRUT (AP) --"."""
    return _acronym(c, i, j) and lookups.dateline(c, i, j)


@_rule("acronym", "drop")
def _other_acronym(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """Any other acronym: "ISIS", "SDF", "AP"."""
    return _acronym(c, i, j)


@_rule("quoted", "drop")
def _quoted_word(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word in quotes: a nickname ('Anas')."""
    return i == j and _quoted(c.text, c.tokens[i].start, c.tokens[i].end)


@_rule("sentence_initial", "drop")
def _sentence_initial(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word opening a sentence, never used mid-sentence, not a prominent place:
    "Smoke rose...", "Aid groups..."."""
    word = c.tokens[i].text
    return i == j and i in c.sentence_initial and word not in c.mid_sentence \
        and not lookups.prominent(word)


@_rule("given_name_or_word", "drop")
def _given_name_or_word(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word that is a given name or an ordinary word, not a prominent place, and not
    followed by ", <country or state>": "Kristina", "Health" (but "Palmyra, Syria")."""
    word = c.tokens[i].text
    return i == j and (lookups.people.is_given(word) or is_common_word(word)) \
        and not lookups.prominent(word) and not lookups.followed_by_holder(c, i)


# ------------------------------------------------- inside a capitalised run


@_rule("inside_longer_name", "drop")
def _inside_longer_name(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """Words of the same capitalised run come before the place, and not only area words:
    "Joe Buccino", "Islamic State Syria" (but "North Texas", "Northeast Georgia")."""
    tokens, runs = c.tokens, c.runs
    if not (i > 0 and runs[i - 1] == runs[i] >= 0):
        return False
    start = c.run_starts[i]
    if start in c.sentence_initial and is_common_word(tokens[start].text):
        start += 1  # "Former US ambassador": the run only began with the sentence
    return i - start > c.area_streaks[i]  # not all of tokens[start:i] are AREA_MODIFIERS


def _followed_in_run(c: SpanContext, j: int) -> bool:
    return j + 1 < len(c.tokens) and c.runs[j + 1] == c.runs[j] >= 0


@_rule("street", "drop")
def _street(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A street word follows in the same run: "Wichita Street" is in Dublin, Ohio."""
    return _followed_in_run(c, j) and c.tokens[j + 1].lower in STREET_WORDS


@_rule("city_government", "drop")
def _city_government(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """"<X> City" before a civic word: "Dublin City Council" (the town "Dublin" is tried next)."""
    return _followed_in_run(c, j) and c.tokens[j].lower == "city" \
        and c.tokens[j + 1].lower in CIVIC_WORDS


@_rule("person_run", "drop")
def _person_run(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A given name opening a run that reads as a person's name: "Paris Hilton";
    "Taylor Brandstetter" (Taylor is no big town)."""
    if not (_followed_in_run(c, j) and i == j):
        return False
    word, following = c.tokens[i].text, c.tokens[j + 1]
    return lookups.people.is_given(word) and following.lower not in _ORGANISATION_WORDS \
        and (lookups.people.is_surname(following.text)
             or (lookups.unknown_word(following.text) and not lookups.prominent(word)))


@_rule("opens_longer_name", "keep")
def _opens_longer_name(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A recorded spelling opening a longer capitalised name stands: "Texas Department
    of ...", "U.S. Army" (a loose fold is too weak a reason)."""
    return _followed_in_run(c, j) and lookups.recorded(c.text[c.tokens[i].start:c.tokens[j].end])


@_rule("opens_longer_name_unrecorded", "drop")
def _opens_longer_name_unrecorded(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A place opening a longer capitalised name, not spelled as recorded."""
    return _followed_in_run(c, j)


@_rule("default", "keep")
def _default(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """No rule applies: the span names a place."""
    return True


#: The rules, in the order they are tried; the first whose test holds decides.
RULES: tuple[Rule, ...] = (
    _currency, _road_number, _capitals_unrecorded,
    _not_place_word, _lower_case_elsewhere, _person_name,
    _acronym_of_place, _acronym_dateline, _other_acronym,
    _quoted_word, _sentence_initial, _given_name_or_word,
    _inside_longer_name,
    _street, _city_government, _person_run, _opens_longer_name, _opens_longer_name_unrecorded,
)
#: What decides when no rule in :data:`RULES` applies.
DEFAULT_RULE = _default


def decide(lookups: Lookups, context: SpanContext, i: int, j: int) -> Rule:
    """The rule that decides on tokens ``i..j`` (:data:`DEFAULT_RULE` if none applies), logged."""
    for rule in RULES:
        if rule.test(lookups, context, i, j):
            break
    else:
        rule = DEFAULT_RULE
    explain(context.text, context.tokens[i].start, context.tokens[j].end, rule.verdict, rule.name)
    return rule


def explain(text: str, start: int, end: int, verdict: Verdict, reason: str) -> None:
    """Log one decision on ``text[start:end]`` (DEBUG): what ``--explain`` prints.

    Besides the rules' names, the lookups gives ``dotted_abbreviation`` ("U.S.",
    "Athens, Ga."), ``demonym`` ("Syrian") and ``whole_feature_name`` ("Naugatuck
    River", kept whole where the gazetteer knows only "Naugatuck").
    """
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s %r [%d:%d] by %s", verdict, text[start:end], start, end, reason)


def rule_table() -> str:
    """One line per rule, in order: name, verdict, description."""
    rules = (*RULES, DEFAULT_RULE)
    width = max(len(r.name) for r in rules)
    return "\n".join(f"{r.name:<{width}}  {r.verdict:<5} {r.description}" for r in rules)


_QUOTES_BEFORE = frozenset({"'", "‘", '"', "“"})
_QUOTES_AFTER = frozenset({"'", "’", '"', "”"})


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1:start] if start else ""
    return before in _QUOTES_BEFORE and text[end:end + 1] in _QUOTES_AFTER
