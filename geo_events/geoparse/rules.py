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

from gazetteer import ARTICLE_TOKENS
from geo_events import vocab
from geo_events.vocab import is_common_word

from .span_context import Lookups, SpanContext

__all__ = ["Rule", "Verdict", "RULES", "DEFAULT_RULE", "decide", "explain", "rule_table",
           "reads_as_person", "STREET_WORDS", "CIVIC_WORDS", "AREA_MODIFIERS"]

log = logging.getLogger(__name__)

Verdict = Literal["keep", "drop"]
#: ``test(lookups, context, i, j)``: whether the rule applies to tokens ``i..j``.
Test = Callable[[Lookups, SpanContext, int, int], bool]

#: Words that, after a place's name in one capitalised run, make the run a
#: street or a business named after the place ("Baghdad Street", "Cumberland
#: Farms"): somewhere else, so the place's name alone is not a mention of it.
STREET_WORDS = vocab.place_types("street")
#: After "<X> City", words that make it the town's government ("Dublin City
#: Council"): the mention is the town X, the span stops before "City".
CIVIC_WORDS = vocab.civic_words()
#: Words that may stand before a place inside one capitalised run: "North Texas".
AREA_MODIFIERS = frozenset(vocab.area_words("area_modifier"))
_ORGANISATION_WORDS = vocab.organisation_words()
_WEEKDAYS = frozenset(vocab.weekdays())
#: Longer words in capitals are names written so ("HARWINTON"), not acronyms.
_ACRONYM_MAX_CHARS = 5
#: Words in capitals this long may be a country's or state's name ("IRAQ", "BASRA"); shorter
#: ones must be its initials ("US", "DRC"): "EST" is a time zone, not the region Est.
_NAME_IN_CAPITALS_MIN_CHARS = 4
#: Words that, ending a capitalised run after a given name, make it a place, not a
#: person: "Virginia Beach" is no woman, "Jackson County" no man.
_PLACE_TYPE_WORDS = frozenset().union(*(vocab.place_types(role) for role in (
    "after_name", "feature_after", "kind_after", "street", "numbered_road")))


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
    """One word that alone is almost never the place: a month, a title, "Army", "North"; or
    a weekday's plural ("Sundays")."""
    lower = c.tokens[i].lower
    return i == j and (lower in lookups.not_places or lower in lookups.titles
                       or (lower.endswith("s") and lower[:-1] in _WEEKDAYS))


@_rule("lower_case_elsewhere", "drop")
def _lower_case_elsewhere(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word the same text also writes in lower case: an ordinary word there."""
    word = c.tokens[i].text
    return i == j and (word in c.lower_words or word.lower() in c.lower_words)


@_rule("person_name", "drop")
def _person_name(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word the text uses in a person's name: a later lone "Buccino" after
    "Colonel Joe Buccino"; not after a locative phrase ("Jordan Henderson ... in Jordan")."""
    return i == j and c.tokens[i].text in c.person_names and not _lone_after_locative(lookups, c, i)


def _acronym(c: SpanContext, i: int, j: int) -> bool:
    word = c.tokens[i].text
    return i == j and word.isupper() and len(word) > 1


@_rule("acronym_of_place", "keep")
def _acronym_of_place(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """An acronym of a country's, state's or region's name ("US", "UK", "DRC", not "EST"
    for the region Est); a name of four letters or more in capitals, of a country, state
    or region ("BASRA", "KYIV"), unless in brackets after a dateline, where it names the
    news agency ("(SANA)"); or a place's name the text also writes as a name mid-sentence
    ("MOSUL" in a headline above "Mosul"; a short word so written must be a recorded
    name: "AIDS" above "Aids" is not)."""
    if not _acronym(c, i, j):
        return False
    word = c.tokens[i].text
    if lookups.abbreviates_place(word):
        return True
    if len(word) >= _NAME_IN_CAPITALS_MIN_CHARS and not _bracketed(c, i) and lookups.division(word):
        return True
    return word.capitalize() in c.mid_sentence \
        and (len(word) > _ACRONYM_MAX_CHARS or lookups.recorded(word.capitalize()))


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
    """One word opening a sentence, never used mid-sentence, not followed by ", <country or
    state>" (a dateline: "Carthage, Missouri —"), and not a prominent place, or an ordinary
    word as written that is no country, state or region: "Smoke rose...", "Man's quest...",
    "Nice work" (but "Turkey said...", "Michigan's rate...": the word list holds "michigan"
    too; "Leeds fans...": no plural of "leed"). A name that is its sentence by itself
    ("Manbij", a label or a heading) is kept unless it is an ordinary word."""
    word = c.tokens[i].text
    if not (i == j and i in c.sentence_initial and word not in c.mid_sentence):
        return False
    ordinary = is_common_word(word, plurals=False) and not lookups.division(word)
    if not ordinary and (i + 1 == len(c.tokens) or i + 1 in c.sentence_initial):
        return False  # the name alone is the sentence: a label, a heading, a list of places
    return (not lookups.prominent(word) or ordinary) and not lookups.followed_by_holder(c, i)


@_rule("given_name_or_word", "drop")
def _given_name_or_word(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """One word that is a given name or an ordinary word, not a prominent place, and not
    followed by ", <country or state>": "Kristina", "Health" (but "Palmyra, Syria"). A town
    of some size stands alone after a locative phrase: "captured Palmyra", "west of Marion",
    "in Lombard" (but "in Wright State University", "at Kristina's" are no towns)."""
    if i != j:
        return False
    word = c.tokens[i].text
    if not (lookups.people.is_given(word) or is_common_word(word)) or lookups.prominent(word):
        return False
    return not lookups.followed_by_holder(c, i) \
        and not (_lone_after_locative(lookups, c, i) and lookups.sizeable(word))


# ------------------------------------------------- inside a capitalised run


@_rule("inside_longer_name", "drop")
def _inside_longer_name(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """Words of the same capitalised run come before the place, and not only area words:
    "Joe Buccino", "Islamic State Syria" (but "North Texas", "Northeast Georgia")."""
    tokens, runs = c.tokens, c.runs
    if not (i > 0 and runs[i - 1] == runs[i] >= 0):
        return False
    start = c.run_starts[i]
    if start in c.sentence_initial and is_common_word(tokens[start].text) \
            and not lookups.people.is_given(tokens[start].text):
        start += 1  # "Former US ambassador": the run only began with the sentence (not "Al Franken")
    return i - start > c.area_streaks[i]  # not all of tokens[start:i] are AREA_MODIFIERS


def _followed_in_run(c: SpanContext, j: int) -> bool:
    return j + 1 < len(c.tokens) and c.runs[j + 1] == c.runs[j] >= 0


@_rule("street", "drop")
def _street(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A street word follows in the same run: "Baghdad Street" is a street in Damascus."""
    return _followed_in_run(c, j) and c.tokens[j + 1].lower in STREET_WORDS


@_rule("city_government", "drop")
def _city_government(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """"<X> City" before a civic word: "Dublin City Council" (the town "Dublin" is tried next)."""
    return _followed_in_run(c, j) and c.tokens[j].lower == "city" \
        and c.tokens[j + 1].lower in CIVIC_WORDS


@_rule("person_run", "drop")
def _person_run(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """A given name opening a run that reads as a person's name: "Paris Hilton", "Taylor
    Brandstetter" (see :func:`reads_as_person`)."""
    return i == j and _followed_in_run(c, j) and reads_as_person(lookups, c, i, j + 1)


@_rule("given_name_run", "drop")
def _given_name_run(lookups: Lookups, c: SpanContext, i: int, j: int) -> bool:
    """Several words that only fold like a place and read as a person's name: "Ed Sullivan"
    (Sullivan), "Al Gore" (Gore), "David Bowie"; not "Santa Barbara", "Al Raqqa" (see
    :func:`reads_as_person`), nor an exact name of a place of some size ("Glen Burnie")."""
    return i < j and reads_as_person(lookups, c, i, j) \
        and not lookups.exact_place(c.text[c.tokens[i].start:c.tokens[j].end])


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


def reads_as_person(lookups: Lookups, c: SpanContext, i: int, last: int) -> bool:
    """Whether tokens ``i..last`` of one capitalised run read as a person's name.

    The first word is a census given name; no word after it is a place-type or
    organisation word ("Virginia Beach", "Georgia Bureau"); and the last word is
    a census surname ("Hilton", "Gore"), or a word written like a surname that is
    neither ordinary nor a prominent place ("Brandstetter", "Bowie", "Buffett"),
    after any given name, a country's too ("Jordan Pickford", "Chad Daybell"). A
    given name that is also an Arabic article ("Al", "Ed") needs the last word to be a surname or no place at all:
    "Al Gore", "Al Sharpton", but "Al Raqqa", "Al Qaim" (a hyphen makes one
    word: "Al-Hasakah" is never read so).
    """
    tokens = c.tokens
    first, final = tokens[i].text, tokens[last].text
    if not lookups.people.is_given(first) or any(
            t.lower in _PLACE_TYPE_WORDS or t.lower in _ORGANISATION_WORDS for t in tokens[i + 1:last + 1]):
        return False
    if lookups.people.is_surname(final):
        return True
    if tokens[i].lower in ARTICLE_TOKENS:
        return not lookups.recorded(final)
    return lookups.unknown_word(final) and _surname_shaped(final)


def _surname_shaped(word: str) -> bool:
    """Whether ``word`` is written as a surname is: letters, a capital first and not all
    capitals, perhaps two such parts of three letters or more joined by a hyphen
    ("McDermand", "Redfern-Hardisty"; not "PD", "On-Time")."""
    parts = word.split("-")
    return all(p.isalpha() and p[0].isupper() and not p.isupper() and (len(parts) == 1 or len(p) >= 3)
               for p in parts) and len(parts) <= 2


def _bracketed(c: SpanContext, i: int) -> bool:
    """Whether token ``i`` stands in round brackets by itself: "(SANA)", "(AP)"."""
    token = c.tokens[i]
    return c.text[token.start - 1:token.start] == "(" and c.text[token.end:token.end + 1] == ")"


def _possessive(c: SpanContext, i: int) -> bool:
    """Whether token ``i`` is written with "'s" or, ending in s, with "'": "at Kristina's",
    "in Flores' honor"."""
    end = c.tokens[i].end
    return c.text.startswith(("'s", "’s"), end) \
        or (c.tokens[i].lower.endswith("s") and c.text.startswith(("'", "’"), end))


def _lone_after_locative(lookups: Lookups, c: SpanContext, i: int) -> bool:
    """Whether token ``i`` stands alone (no capitalised word after it in its run, not a
    possessive) right after a locative phrase (:meth:`.Lookups.after_locative`)."""
    return not _followed_in_run(c, i) and not _possessive(c, i) and lookups.after_locative(c, i)


#: The rules, in the order they are tried; the first whose test holds decides.
RULES: tuple[Rule, ...] = (
    _currency, _road_number, _capitals_unrecorded,
    _not_place_word, _lower_case_elsewhere, _person_name,
    _acronym_of_place, _acronym_dateline, _other_acronym,
    _quoted_word, _sentence_initial, _given_name_or_word,
    _inside_longer_name,
    _given_name_run,
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
    "Athens, Ga."), ``demonym`` ("Syrian"), ``whole_feature_name`` ("Naugatuck
    River", kept whole where the gazetteer knows only "Naugatuck") and
    ``type_in_name`` ("the Kurdistan region", the Kurdistan Region's own name in
    lower case).
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
