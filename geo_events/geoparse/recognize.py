"""Find place-name mentions in article text, driven by the gazetteer's names.

    >>> from gazetteer import Gazetteer
    >>> finder = PlaceFinder(Gazetteer.open())
    >>> [m.text for m in finder.find("Drones struck Deir al-Zour and Albu Kamal.")]
    ['Deir al-Zour', 'Albu Kamal']

A mention is a run of up to five capitalised words (Arabic articles such as
``al-`` or ``ez`` and connectors such as "of" or "del" may sit inside: "Horn
of Africa", "Vina del Mar") whose folded form names a gazetteer place, or a
country's or region's demonym ("Syrian", "Central American"). The longest
match wins. Rules keep out what merely looks like a place: function and title
words, month and weekday names, acronyms that are no place's initials ("EST"),
ordinary words opening a sentence ("Man's quest"), words the same article also
writes in lower case, people's names (a census given name and a surname: "Al
Gore", "Paris Hilton"), and places that are only part of a longer capitalised
name ("Vladimir Putin", "Islamic State Syria") unless the rest is a place-type
word ("Raqqa Province"). A locative phrase ("captured Palmyra", "west of
Marion") or a state after a comma ("Carthage, Missouri —") keeps a town whose
name is also a given name or a word. Each of those rules is named and listed
in :mod:`geo_events.geoparse.rules`, which logs the one that decided each span.

Linear in the length of the text: a candidate span starts at each capitalised
token and is at most :data:`MAX_NAME_WORDS` long; the capitalised runs, where
each run starts and the area words before each token are labelled once per text,
so a rule reads a fixed number of tokens; gazetteer look-ups are cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from gazetteer import ARTICLE_TOKENS, Gazetteer, fold_name, fold_spelling
from gazetteer.demonyms import demonym_countries, demonym_country, demonym_region, demonym_regions, is_demonym
from gazetteer.vocabulary import dictionary_words
from geo_events import vocab
from geo_events.limits import check_deadline
from geo_events.models import Mention
from geo_events.text.document import Document, Token

from .namesakes import FEATURE_HEADS_AFTER
from .rules import AREA_MODIFIERS, decide, explain
from .span_context import ABBREVIATED_KINDS, PROMINENT_POPULATION, ROAD_NUMBER, Lookups, SpanContext

__all__ = ["PlaceFinder", "MAX_NAME_WORDS", "PLACE_TYPE_WORDS", "PROMINENT_POPULATION"]

#: Longest place name considered, in words ("Ras al Ain" is three).
MAX_NAME_WORDS = 5
#: Words that may follow a place inside one capitalised run: "Raqqa Province".
PLACE_TYPE_WORDS = vocab.place_types("after_name")
_JOIN_GAP = re.compile(r"[ \t]{1,2}")
#: Shortened words that open a name: "St. Petersburg", "Mt. Pleasant", "Ft. Worth".
_DOTTED_PREFIXES = frozenset(vocab.abbreviations("dotted_prefix"))
_DOTTED_GAP = re.compile(r"\.[ \t]{1,2}")
#: Abbreviations written with full stops: "U.S.", "W.Va.", "D.C.", "Ky.", "Calif.".
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Z][a-z]{0,4}\.(?:[ ]?[A-Z][a-z]{0,3}\.){0,2}")
#: After a lone name, what only a person does: "Okafor said", "Welch, 18, was".
_PERSON_AFTER = re.compile(r"[ \t]+(?:said|says|told|added|testified|pleaded|pled|explained|"
                           r"recalled|wrote)\b|,[ \t]*\d{1,3},")
_MIN_NAME_CHARS = 3
_NAME_PARTICLES = ARTICLE_TOKENS | {"bin", "ibn", "bint"}
#: Lower-case words a candidate name may hold between capitalised words: articles ("Deir
#: ez-Zor") and connectors ("Horn of Africa", "Vina del Mar", "Trinidad and Tobago").
_INNER_WORDS = ARTICLE_TOKENS | vocab.connector_words()
#: Words that, opening "<word> of <name>", say the kind of the place named after them:
#: "the State of Illinois", "City of Norfolk" are mentions of Illinois and Norfolk.
_KIND_BEFORE_OF = vocab.place_types("kind_before_of")
#: Words that make a capitalised run an organisation, not a person: after a
#: place that could be a given name ("Georgia Bureau"), the place stands.
ORGANISATION_WORDS = vocab.organisation_words()


#: What finding reads besides the gazetteer, each read from its package once per process
#: (cached): the dictionary's words, the demonyms of countries and regions.
VOCABULARIES: tuple[Callable[[], object], ...] = (dictionary_words, demonym_countries, demonym_regions)


class PlaceFinder:
    """Find mentions of gazetteer places in text; one instance serves many texts.

    Building one reads the :data:`VOCABULARIES` (once per process), so that the
    first article does not wait for them.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.lookups = Lookups(gazetteer)
        for load in VOCABULARIES:
            load()

    def find(self, text: str | Document) -> list[Mention]:
        """Every place mention in ``text`` (a string, or its :class:`Document` already split),
        in order, non-overlapping."""
        document = text if isinstance(text, Document) else Document.from_text(text)
        text = document.text
        tokens = document.tokens
        spans = self._candidate_spans(text, tokens)
        known = self.gazetteer.known_keys(key for _, _, key in spans)
        by_start: dict[int, list[tuple[int, str]]] = {}
        for i, j, key in spans:
            if key in known:
                by_start.setdefault(i, []).append((j, key))
        sentences = document.sentences
        runs = self._run_ids(text, tokens)
        context = SpanContext(
            text=text,
            tokens=tokens,
            runs=runs,
            lower_words={t.text for t in tokens if t.text.islower()},
            sentence_initial=_sentence_initial(text, tokens, sentences),
            run_starts=_run_starts(runs),
            area_streaks=_streaks(tokens, AREA_MODIFIERS),
        )
        context.person_names = self._person_names(context, by_start)
        context.mid_sentence = {t.text for k, t in enumerate(tokens)
                                if k not in context.sentence_initial}
        abbreviations = self._abbreviations(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            check_deadline()  # the unit's deadline (geo_events.limits): a cheap clock read per word
            if tokens[i].start in abbreviations:  # "U.S.", "Athens, Ga."
                start, end = tokens[i].start, abbreviations[tokens[i].start]
                s_start, s_end = document.sentence_at(start)
                mentions.append(Mention(start, end, text[start:end], fold_name(text[start:end]),
                                        s_start, s_end))
                explain(text, start, end, "keep", "dotted_abbreviation")
                while i < len(tokens) and tokens[i].start < end:
                    i += 1
                continue
            if i not in by_start and not tokens[i].text[0].isupper():
                i += 1  # neither a place nor a demonym starts here
                continue
            matches = sorted(by_start.get(i, ()), reverse=True)
            accepted = next((m for m in matches if self._acceptable(context, i, *m)), None)
            demonym = self._demonym_at(context, i)
            start = tokens[i].start
            s_start, s_end = document.sentence_at(start)
            if demonym is not None and (accepted is None or accepted[0] <= demonym[0]):
                j, end = demonym  # "Syrian", "Sri Lankan", "Iranian" of "Iranian-linked"
                name = text[start:end]
                mentions.append(Mention(start, end, name, fold_name(name), s_start, s_end,
                                        demonym=True))
                explain(text, start, end, "keep", "demonym")
            elif accepted is not None:
                j, key = accepted
                if j + 1 < len(tokens) and context.runs[j + 1] == context.runs[j] >= 0 \
                        and tokens[j + 1].lower in FEATURE_HEADS_AFTER:
                    j += 1  # "Naugatuck River", "Hamilton Township": the whole name is the place
                    key = fold_name(text[start:tokens[j].end])
                    explain(text, start, tokens[j].end, "keep", "whole_feature_name")
                elif j + 1 < len(tokens) and tokens[j + 1].lower in PLACE_TYPE_WORDS \
                        and not tokens[j + 1].capital \
                        and _JOIN_GAP.fullmatch(text, tokens[j].end, tokens[j + 1].start) \
                        and self.lookups.named_exactly(text[start:tokens[j + 1].end]):
                    j += 1  # "the Kurdistan region" is the Kurdistan Region, not Iran's Kurdistan
                    key = fold_name(text[start:tokens[j].end])
                    explain(text, start, tokens[j].end, "keep", "type_in_name")
                end = tokens[j].end
                mentions.append(Mention(start, end, text[start:end], key, s_start, s_end))
            else:
                i += 1
                continue
            i = j + 1
        return mentions

    def _demonym_at(self, context: SpanContext, i: int) -> tuple[int, int] | None:
        """``(last token, end offset)`` of a demonym starting at token ``i``, if one does.

        A demonym closing a longer capitalised name is part of that name
        ("Native American"); a country's opening it is still a cue ("Syrian" in
        "Syrian Democratic Forces", an actor, not a place), a region's is not
        ("European Court", "Asian Development Bank": bodies, not whereabouts).
        A region's demonym is a whole word: "African" of "African-American" is a
        people's name, not Africa.
        """
        tokens, runs, text = context.tokens, context.runs, context.text
        token = tokens[i]
        if not token.text[0].isupper() or (i > 0 and runs[i - 1] == runs[i] >= 0):
            return None
        j, end = i, None
        if i + 1 < len(tokens) and runs[i + 1] == runs[i] >= 0 \
                and is_demonym(text[token.start:tokens[i + 1].end]):
            j, end = i + 1, tokens[i + 1].end  # "Sri Lankan", "South Korean", "Latin American"
        else:
            first = token.text.split("-", 1)[0]  # "Iranian-linked", "Kurdish-led"
            if demonym_country(first):
                end = token.start + len(first)
            elif demonym_region(token.text):
                end = token.end  # "European", "Sub-Saharan"; not "African-American"
        if end is not None and demonym_region(text[token.start:end]) and j + 1 < len(tokens) \
                and runs[j + 1] == runs[j] >= 0:
            return None  # "European Court of Human Rights", "Asian Development Bank": a body's name
        if end is None:
            return None
        return j, end

    def _abbreviations(self, text: str) -> dict[int, int]:
        """Start -> end of each dotted abbreviation of a country or state in ``text``.

        Several parts ("U.S.", "W.Va.") may stand anywhere; one part ("Ky.",
        "Calif.") only after a comma, as in "Paris, Ky.", the way news
        agencies write a town's state.
        """
        found = {}
        for match in _ABBREVIATION.finditer(text):
            written = match.group()
            if written.count(".") == 1 and not _after_comma(text, match.start()):
                continue
            if ROAD_NUMBER.match(text, match.end()):
                continue  # "W.Va. 61": a state road
            spelling = fold_spelling(written)
            if any(c.kind in ABBREVIATED_KINDS
                   and fold_spelling(c.name) != spelling  # "Syria." ends a sentence
                   for c in self.lookups.spelled_as(written)):
                found[match.start()] = match.end()
        return found

    def _person_names(self, context: SpanContext,
                      places: dict[int, list[tuple[int, str]]]) -> set[str]:
        """Words of people's names, so that a later lone "Jones" or "Buccino" is a person.

        A name follows a title inside a capitalised run ("Colonel Joe
        Buccino"), or is a run that opens with a census given name and ends
        with a census surname ("Kristina Jones"), unless that run names a
        place itself ("Virginia Beach"). After a given name, a word that is
        neither ordinary nor a prominent place is a surname ("Taylor Neaton"),
        and so is the word after an initial ("James C. Okafor"). A lone name
        before "said" or ", 34," is a person too.
        """
        names: set[str] = set()
        tokens, runs = context.tokens, context.runs
        named_to = -1  # the last token of a run whose words after a title are all in names
        for k, token in enumerate(tokens):
            if token.lower in self.lookups.titles and runs[k] >= 0:
                follow = k + 1
                if follow < len(tokens) and runs[follow] != runs[k] and runs[follow] >= 0 \
                        and _DOTTED_GAP.fullmatch(context.text, token.end, tokens[follow].start):
                    names.add(tokens[follow].text)  # "Gen. Smith", "Sgt. First Class ..."
                    follow += 1
                if follow <= named_to:
                    follow = named_to + 1  # a title before, in the same run, named these words
                while follow < len(tokens) and runs[follow] == runs[follow - 1]:
                    names.add(tokens[follow].text)
                    follow += 1
                named_to = max(named_to, follow - 1)
            elif runs[k] >= 0 and (k == 0 or runs[k - 1] != runs[k]) and self.lookups.people.is_given(token.text):
                last = k
                while last + 1 < len(tokens) and runs[last + 1] == runs[k]:
                    last += 1
                words = [t.text for t in tokens[k:last + 1]]
                surname = self._after_initial(context, last)  # "James C. Okafor"
                if surname is not None:
                    names.add(surname)
                elif (1 <= last - k <= 3 and not any(w.lower() in ORGANISATION_WORDS for w in words)
                        and not any(j > k for j, _ in places.get(k, ()))):
                    if self.lookups.people.is_surname(words[-1]):
                        names.update(words)
                    elif last - k <= 2 and self.lookups.unknown_word(words[-1]):
                        names.update(words[1:])  # "Taylor Neaton": Neaton, not Taylor, MI
            if runs[k] >= 0 and (k == 0 or runs[k - 1] != runs[k]):
                names.update(self._named_by_what_follows(context, k))
        return names

    def _named_by_what_follows(self, context: SpanContext, k: int) -> list[str]:
        """The words of the capitalised run opening at token ``k`` when what follows it is
        what only a person does ("Okafor said", "Welch, 18,", "Laredo Lopez, 23,"), unless a
        locative phrase stands before it ("traders in Manbij said"): one word that is no
        prominent place, or two or three that end with a surname or an unknown word and are
        not the very name of a place ("Abu Dhabi said")."""
        tokens, runs, text = context.tokens, context.runs, context.text
        last = k
        while last + 1 < len(tokens) and runs[last + 1] == runs[k] and last - k < 2:
            last += 1
        if (last + 1 < len(tokens) and runs[last + 1] == runs[k]) \
                or not _PERSON_AFTER.match(text, tokens[last].end) or self.lookups.after_locative(context, k):
            return []
        words = [t.text for t in tokens[k:last + 1]]
        if last == k:  # "Moscow said" is its government; "Dave said" (Dawei's other name) a man
            return [] if self.lookups.prominent(words[0], own_name=True) else words
        if any(w.lower() in ORGANISATION_WORDS or w.lower() in PLACE_TYPE_WORDS for w in words):
            return []
        final = words[-1]
        if (self.lookups.people.is_surname(final) or self.lookups.unknown_word(final)) \
                and not self.lookups.exact_place(text[tokens[k].start:tokens[last].end]):
            return words
        return []

    def _after_initial(self, context: SpanContext, last: int) -> str | None:
        """The surname in "James C. Okafor", when token ``last`` (ending a given
        name's run) is the initial; else ``None``."""
        tokens, text = context.tokens, context.text
        if last + 1 >= len(tokens):
            return None
        initial, surname = tokens[last], tokens[last + 1]
        if len(initial.text) == 1 and initial.text.isupper() and surname.capital \
                and _DOTTED_GAP.fullmatch(text, initial.end, surname.start) \
                and self.lookups.unknown_word(surname.text):
            return surname.text
        return None

    def _candidate_spans(self, text: str, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        spans = []
        for i, first in enumerate(tokens):
            if not first.capital:
                continue
            for j in range(i, min(i + MAX_NAME_WORDS, len(tokens))):
                if j > i and not (_JOIN_GAP.fullmatch(text, tokens[j - 1].end, tokens[j].start)
                                  or (tokens[j - 1].lower in _DOTTED_PREFIXES
                                      and _DOTTED_GAP.fullmatch(text, tokens[j - 1].end,
                                                                tokens[j].start))):
                    break
                token = tokens[j]
                if token.capital:
                    name = text[first.start:token.end]
                    key = fold_name(name)
                    # Folding can shorten a name a lot ("Rawa" -> "ra"): judge length by the letters written.
                    if key and (len(fold_spelling(name)) >= _MIN_NAME_CHARS or name.isupper()):
                        spans.append((i, j, key))
                elif token.lower not in _INNER_WORDS or (j == i + 1 and first.lower in _KIND_BEFORE_OF):
                    break
        return spans

    def _run_ids(self, text: str, tokens: Sequence[Token]) -> list[int]:
        """Label each token with the capitalised run it belongs to (-1: none).

        A particle (al, bin) belongs to a run only between two capitalised
        words ("Abu al-Hassan", not "Mosul at dawn" or "known as Albu Kamal").
        """
        capital = [t.capital for t in tokens]
        glued = [i > 0 and bool(_JOIN_GAP.fullmatch(text, tokens[i - 1].end, t.start))
                 for i, t in enumerate(tokens)]
        ids = [-1] * len(tokens)
        run = -1
        for i, token in enumerate(tokens):
            particle = (token.lower in _NAME_PARTICLES and 0 < i < len(tokens) - 1
                        and ids[i - 1] >= 0 and glued[i] and glued[i + 1] and capital[i + 1])
            if not (capital[i] or particle):
                continue
            run += 0 if glued[i] and ids[i - 1] >= 0 else 1
            ids[i] = run
        return ids

    def _acceptable(self, context: SpanContext, i: int, j: int, key: str) -> bool:
        """Whether tokens ``i..j`` are kept as a place: the first of :data:`.rules.RULES`
        that applies decides (each decision is logged on ``geo_events.geoparse.rules``)."""
        return decide(self.lookups, context, i, j).verdict == "keep"



def _after_comma(text: str, start: int) -> bool:
    """Whether a comma, then only spaces, stands before ``start``: ``text[:start].rstrip(" ")
    .endswith(",")`` without copying the text before it (that copy made recognition quadratic
    in the number of dotted words such as "Mosul.")."""
    before = start
    while before and text[before - 1] == " ":
        before -= 1
    return text[before - 1:before] == ","


def _run_starts(runs: Sequence[int]) -> list[int]:
    """Per token, the first token of its capitalised run (itself outside one)."""
    starts = list(range(len(runs)))
    for k in range(1, len(runs)):
        if runs[k] >= 0 and runs[k - 1] == runs[k]:
            starts[k] = starts[k - 1]
    return starts


def _streaks(tokens: Sequence[Token], words: frozenset[str]) -> list[int]:
    """Per token, how many tokens right before it are (in lower case) among ``words``."""
    streaks = [0] * len(tokens)
    for k in range(1, len(tokens)):
        streaks[k] = streaks[k - 1] + 1 if tokens[k - 1].lower in words else 0
    return streaks


def _sentence_initial(text: str, tokens: Sequence[Token], sentences: list[tuple[int, int]]) -> set[int]:
    """Indexes of tokens that open a sentence (after any quotes or brackets)."""
    starts = {s for s, _ in sentences}
    initial = set()
    for k, token in enumerate(tokens):
        lead = token.start
        while lead > 0 and text[lead - 1] in "\"'“‘([":
            lead -= 1
        if lead in starts:
            initial.add(k)
    return initial
