"""Words around a place name that say what kind of place it is, or what holds it.

    >>> from geo_events.models import Mention
    >>> text = "Shelling hit the village of Hajin and Raqqa province; Paris, Texas was calm."
    >>> spans = [(28, 33), (38, 43), (54, 59), (61, 66)]
    >>> mentions = [Mention(s, e, text[s:e], "", 0, len(text)) for s, e in spans]
    >>> [(c.kind, c.container) for c in mention_cues(text, mentions)]
    [('city', None), ('admin1', None), (None, 3), (None, None)]

Two cues, both read from the text right beside a mention:

- a kind: a type word after the name ("Raqqa province", "Clarke and Madison
  counties" gives ``admin2`` to both) or a phrase before it ("the village of
  Hajin", "the state of Georgia");
- a container: the next mention follows after just a comma ("Paris, Texas",
  "Athens, Ga."), so the first place may lie inside the second. In a list
  ("Mosul, Raqqa") no candidate lies inside the next, and nothing follows.

Ranking (:mod:`geo_events.geoparse.ranking`) turns them into score terms.
Linear in the length of the text: each mention reads a few words beside it and
the text up to the next mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer import Kind
from geo_events import vocab
from geo_events.models import Mention

__all__ = ["MentionCue", "mention_cues", "qualifiers_after", "KIND_AFTER", "KIND_BEFORE", "QUALIFIER_WORDS"]

#: A type word right after a name (or after "X and Y ..."), and the kind it means.
KIND_AFTER: dict[str, Kind] = vocab.place_kinds("kind_after")
#: A phrase right before a name ("the village of Hajin") and the kind it means.
KIND_BEFORE: dict[str, Kind] = {f"{word} of": kind
                                 for word, kind in vocab.place_kinds("kind_before_of").items()}
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")
_LIST_AFTER = re.compile(r"(?:,?[ \t]+(?:and|or)[ \t]+|,[ \t]*)")
_PHRASE_BEFORE = re.compile(r"\b([A-Za-z]+[ \t]+of)[ \t]+$")
_CONTAINER_GAP = re.compile(r",[ \t]*")
_BEFORE_CHARS = 24


@dataclass(frozen=True, slots=True)
class MentionCue:
    """What the words beside one mention say: its likely kind, its container."""

    kind: Kind | None = None
    container: int | None = None  # index, in the same list, of the mention holding this one
    #: Whether ``kind`` comes from a phrase before the name ("the village of Hajin").
    kind_stated: bool = False
    #: Words right after the name that may name a place holding it, longest first:
    #: "Springfield, Oregon", "London, ON", "Moscow (Russia)", "Cambridge in Massachusetts".
    qualifiers: tuple[str, ...] = ()


def mention_cues(text: str, mentions: Sequence[Mention]) -> list[MentionCue]:
    """One cue per mention, in order (``MentionCue()`` when the text says nothing)."""
    before = [_kind_before(text, m.start) for m in mentions]
    kinds = [_kind_after(text, m.end) or said for m, said in zip(mentions, before)]
    # "Clarke and Madison counties": a list of names shares the type word after its last name.
    for i in range(len(mentions) - 2, -1, -1):
        gap = text[mentions[i].end:mentions[i + 1].start]
        if kinds[i] is None and kinds[i + 1] is not None and _LIST_AFTER.fullmatch(gap) \
                and _kind_after(text, mentions[i + 1].end) is not None:
            kinds[i] = kinds[i + 1]
    containers: list[int | None] = [None] * len(mentions)
    for i in range(len(mentions) - 1):
        gap = text[mentions[i].end:mentions[i + 1].start]
        if _CONTAINER_GAP.fullmatch(gap):  # a list ("Mosul, Raqqa") holds no place of the
            containers[i] = i + 1           # other, so ranking finds no containment there
    return [MentionCue(kind, container, kind is not None and kind == stated,
                       qualifiers_after(text, m.end))
            for m, kind, container, stated in zip(mentions, kinds, containers, before)]


def qualifiers_after(text: str, end: int) -> tuple[str, ...]:
    """The capitalised words (up to :data:`QUALIFIER_WORDS`) or the ISO code written
    right after a name, after a comma, in brackets or after "in", as the phrases that
    may name a place holding it, longest first; ``()`` when none.

        >>> qualifiers_after("Springfield, Oregon police said", 11)
        ('Oregon',)
        >>> qualifiers_after("Paris (Texas) saw", 5), qualifiers_after("Paris, US-TX", 5)
        (('Texas',), ('US-TX',))
        >>> qualifiers_after("Dublin, New Hampshire's mayor", 6)
        ('New Hampshire', 'New')
        >>> qualifiers_after("Paris. Texas", 5), qualifiers_after("Dublin and Cork", 6)
        ((), ())

    Ranking gives a candidate inside the place a phrase names a bonus, so a list
    ("Lima, Dublin") costs nothing: no Lima lies in Dublin.
    """
    match = _QUALIFIER.match(text, end)
    if match is None:
        return ()
    if match.group("open") and not _CLOSE.match(text, match.end()):
        return ()  # "Paris (Texas" without its bracket closed
    words = match.group("words").split()
    words[-1] = _POSSESSIVE.sub("", words[-1])
    return tuple(" ".join(words[:n]) for n in range(len(words), 0, -1) if words[n - 1])


#: Capitalised words read as a qualifier at most ("Bosnia and Herzegovina" aside).
QUALIFIER_WORDS = 3
_WORD = r"(?:[A-Z][\w'’.-]*)"
_QUALIFIER = re.compile(
    r"(?:,[ \t]*|[ \t]*(?P<open>\()[ \t]*|[ \t]+in[ \t]+)"
    rf"(?P<words>[A-Z]{{2}}-[A-Z0-9]{{1,3}}\b|{_WORD}(?:[ \t]+{_WORD}){{0,{QUALIFIER_WORDS - 1}}})")
_CLOSE = re.compile(r"[ \t]*\)")
_POSSESSIVE = re.compile(r"['’]s?$")


def _kind_after(text: str, end: int) -> Kind | None:
    match = _WORD_AFTER.match(text, end)
    return KIND_AFTER.get(match.group(1).lower()) if match else None


def _kind_before(text: str, start: int) -> Kind | None:
    match = _PHRASE_BEFORE.search(text[max(0, start - _BEFORE_CHARS):start])
    if not match:
        return None
    return KIND_BEFORE.get(" ".join(match.group(1).lower().split()))

