"""What kind of event a clause reports, from the trigger lexicon in ``data/event_triggers.csv``.

    >>> best_trigger("a coalition base was targeted with a drone").sub_event_type
    'Air/drone strike'
    >>> best_trigger("The minister will visit Raqqa") is None
    True

The lexicon is data: one row per trigger, a case-insensitive regular
expression with ACLED's ``event_type`` / ``sub_event_type`` and a weight.
Within a clause the heaviest trigger wins (a "raid" that "captured" people
is an arrest, one that "killed" them a clash). Triggers inside quotation
marks (what someone said), after a word of intent or ability ("will",
"could", "threaten", "plot", "ability to"), and nouns after "the", "their"
("during the assault": an event already told) are not reports of a new event.

Linear in the length of the text searched: one pass per trigger pattern, each
match checked against the 60 characters before it and, by bisection, against
the text's quotations (:func:`quoted_spans`, found once per text).
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import math
import re
from dataclasses import dataclass, replace
from importlib import resources

from geo_events.errors import LexiconError
from geo_events.models import TriggerMatch
from geo_events.text.heads import may_match, pattern_heads, word_heads

__all__ = ["Trigger", "TriggerMatch", "triggers", "best_trigger", "quoted_spans", "EVENT_TYPES", "taxonomy",
           "follows_up", "in_context", "DETAIL_WEIGHT"]

#: ACLED's six event types.
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians",
               "Protests", "Riots", "Strategic developments")
@functools.cache
def _not_reported() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of ``data/not_reported.csv`` as two patterns (case-sensitive, whole
    words): those looked for before a trigger, and (rows of kind "after: ...") right after."""
    before, after = [], []
    for number, row in _data_rows("not_reported.csv"):
        pattern = ",".join([row.get("pattern") or "", *row.get(None, [])])
        try:
            re.compile(pattern)
        except re.error as err:
            raise LexiconError(f"data/not_reported.csv, row {number}: {err}") from err
        (after if (row.get("kind") or "").startswith("after:") else before).append(pattern)
    return (re.compile(r"\b(?:" + "|".join(before) + r")(?!\w)"),
            re.compile(r"\s+(?:" + "|".join(after or ["(?!)"]) + r")\b"))


#: Characters before a trigger searched for such a word (within its clause).
_INTENT_WINDOW = 60
_OF_AFTER = re.compile(r"\s+of\b")
#: A heading label: up to five words (letters, "/", "-") and a colon, opening a line.
_LABEL = re.compile(r"[ \t]*[A-Za-z][\w/-]*(?:[ \t]+[\w/-]+){0,4}[ \t]*:(?!\d)")
_QUOTED = re.compile(r"[“\"][^”\"\n]*[”\"]")
#: A trigger noun after "the", "their", ... names an event already told ("during the assault").
_ALREADY_TOLD = re.compile(r"\b(?:the|this|that|these|those|their|its|his|her|our)\s+(?:[\w-]+\s+)?$",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row."""

    event_type: str
    sub_event_type: str
    weight: int
    pattern: re.Pattern[str]
    alone: bool = True


@functools.cache
def taxonomy() -> dict[str, str]:
    """ACLED's 25 sub-event types, each with its event type (``data/acled_taxonomy.csv``)."""
    pairs = {}
    for number, row in _data_rows("acled_taxonomy.csv"):
        if row.get("event_type") not in EVENT_TYPES or not row.get("sub_event_type"):
            raise LexiconError(f"data/acled_taxonomy.csv, row {number}: unknown event_type "
                               f"{row.get('event_type')!r}")
        pairs[row["sub_event_type"]] = row["event_type"]
    return pairs


def _data_rows(name: str) -> list[tuple[int, dict]]:
    raw = resources.files("geo_events.events").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    return list(enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2))


@functools.cache
def triggers() -> tuple[Trigger, ...]:
    """The packaged trigger lexicon (read once; :class:`LexiconError` if malformed)."""
    known = taxonomy()
    rows: list[Trigger] = []
    for number, row in _data_rows("event_triggers.csv"):
        try:
            if known.get(row["sub_event_type"]) != row["event_type"]:
                raise ValueError(f"{row['event_type']!r} / {row['sub_event_type']!r} is not in "
                                 "data/acled_taxonomy.csv")
            pattern = ",".join([row["pattern"], *row.get(None, [])])  # the rest of the line
            if row.get("alone") not in ("yes", "no"):
                raise ValueError(f"alone must be yes or no, got {row.get('alone')!r}")
            rows.append(Trigger(row["event_type"], row["sub_event_type"], int(row["weight"]),
                                re.compile(rf"(?=\w)\b(?:{pattern})\b", re.IGNORECASE), row["alone"] == "yes"))
        except (KeyError, TypeError, ValueError, re.error) as err:
            raise LexiconError(f"data/event_triggers.csv, row {number}: {err}") from err
    return tuple(rows)


@functools.cache
def _followups() -> dict[tuple[str, str], str]:
    rules = {}
    for number, row in _data_rows("event_followups.csv"):
        if row.get("type") not in ("earlier", "later") or row.get("later") not in taxonomy() or not (
                row.get("earlier") in taxonomy() or row.get("earlier") in EVENT_TYPES):
            raise LexiconError(f"data/event_followups.csv, row {number}: need an earlier type, a later "
                               "sub-event type and type earlier or later")
        rules[(row["earlier"], row["later"])] = row["type"]
    return rules


@dataclass(frozen=True, slots=True)
class _ContextRule:
    sub_event_type: str
    context_type: str | None
    context_words: re.Pattern[str] | None
    result: str


@functools.cache
def _context_rules() -> tuple[_ContextRule, ...]:
    rules = []
    for number, row in _data_rows("event_context.csv"):
        context = row.get("context") or ""
        try:
            if row.get("sub_event_type") not in taxonomy() or row.get("result") not in taxonomy():
                raise ValueError("need a sub_event_type and a result from data/acled_taxonomy.csv")
            words = re.compile(context[1:-1], re.IGNORECASE) if context.startswith("/") else None
            if words is None and context not in EVENT_TYPES:
                raise ValueError(f"context {context!r} is neither an event type nor /a pattern/")
        except (ValueError, re.error) as err:
            raise LexiconError(f"data/event_context.csv, row {number}: {err}") from err
        rules.append(_ContextRule(row["sub_event_type"], None if words else context, words, row["result"]))
    return tuple(rules)


def in_context(trigger: TriggerMatch, text: str, start: int, end: int, *,
               quoted: list[tuple[int, int]] | None = None) -> TriggerMatch:
    """``trigger`` as the rest of its sentence ``text[start:end]`` makes it
    (``data/event_context.csv``): detentions in a sentence that reports a protest are a
    protest with intervention; an assault that was repelled took no territory."""
    for rule in _context_rules():
        if rule.sub_event_type != trigger.sub_event_type:
            continue
        if rule.context_words is not None:
            found = rule.context_words.search(text, start, end) is not None
        else:
            found = _reports_type(text, start, end, rule.context_type, quoted)
        if found:
            return replace(trigger, event_type=taxonomy()[rule.result], sub_event_type=rule.result)
    return trigger


def _reports_type(text: str, start: int, end: int, event_type: str,
                  quoted: list[tuple[int, int]] | None) -> bool:
    """Whether ``text[start:end]`` reports any trigger of ``event_type``."""
    heads = word_heads(text, start, end)
    rows = [t for t, opens in _heaviest_first() if t.event_type == event_type and may_match(opens, heads)]
    if not rows:
        return False
    quoted = quoted_spans(text) if quoted is None else quoted
    return any(_reported(text, start, match, quoted) for row in rows
               for match in row.pattern.finditer(text, start, end))


#: A trigger this light only adds detail to an event told before it in the sentence.
DETAIL_WEIGHT = 4


def follows_up(earlier: TriggerMatch, later: TriggerMatch) -> str | None:
    """Whether ``later`` (a trigger in a later clause of the sentence) tells more of the
    event ``earlier`` reports (``data/event_followups.csv``): ``"later"`` when the merged
    event takes the later's type, ``"earlier"`` when it keeps its own, ``None`` when
    ``later`` is an event of its own."""
    if later.weight <= DETAIL_WEIGHT:
        return "earlier"
    rules = _followups()
    return rules.get((earlier.sub_event_type, later.sub_event_type)) or rules.get(
        (earlier.event_type, later.sub_event_type))


@functools.cache
def _heaviest_first() -> tuple[tuple[Trigger, frozenset[str] | None], ...]:
    """The lexicon's rows by weight, heaviest first (file order among equals), each with
    the first two letters (lower case) any of its matches can open with (``None``: any)."""
    return tuple((t, pattern_heads(t.pattern)) for t in sorted(triggers(), key=lambda t: -t.weight))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation in ``text``, in text order (they never overlap)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def best_trigger(text: str, start: int = 0, end: int | None = None, *,
                 quoted: list[tuple[int, int]] | None = None) -> TriggerMatch | None:
    """The heaviest reported trigger in ``text[start:end]`` (the earliest of equals), or ``None``.

    ``quoted``: the text's :func:`quoted_spans`, when the caller has them already (as
    that function gives them: in text order, none overlapping; each trigger is looked
    up among them by bisection).
    """
    end = len(text) if end is None else end
    quoted = quoted_spans(text) if quoted is None else quoted
    best: TriggerMatch | None = None
    heads = word_heads(text, start, end)
    for trigger, opens in _heaviest_first():
        if best is not None and trigger.weight < best.weight:
            break  # the rest are lighter
        if not may_match(opens, heads):
            continue  # no word of the clause opens as a match of this row does
        for match in trigger.pattern.finditer(text, start, end):
            if not _reported(text, start, match, quoted):
                continue
            found = TriggerMatch(match.start(), match.end(), trigger.event_type,
                                 trigger.sub_event_type, trigger.weight, trigger.alone)
            if best is None or found.weight > best.weight or (
                    found.weight == best.weight and found.start < best.start):
                best = found
            break
    return best


def _reported(text: str, start: int, match: re.Match[str], quoted: list[tuple[int, int]]) -> bool:
    """Whether a trigger match reports an event (see the module docstring); ``start``:
    where its clause begins (the words looked at before it stay inside the clause)."""
    if _inside(quoted, match.start()) or _is_label(text, match.start(), match.end()):
        return False
    before, after = _not_reported()
    if before.search(text, max(start, match.start() - _INTENT_WINDOW), match.start()) or \
            after.match(text, match.end()):
        return False
    return not (" " not in match.group() and not match.group().lower().endswith(("ed", "ing"))
                and _ALREADY_TOLD.search(text, max(start, match.start() - 30), match.start())
                and not _OF_AFTER.match(text, match.end()))  # "the arrest of two men ..." reports one


def _is_label(text: str, start: int, end: int) -> bool:
    """Whether the trigger is part of a heading label that opens its line ("Arrests: On 3
    May, ...", "Looting/property destruction: ..."), as notes are filed: a few words and a
    colon; it names a type, it reports nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    colon = _LABEL.match(text, line_start)
    return colon is not None and start < colon.end()


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``start <= offset < end`` for one of ``spans`` (in text order, not overlapping)."""
    k = bisect.bisect_right(spans, (offset, math.inf)) - 1  # the last span starting at or before offset
    return k >= 0 and offset < spans[k][1]
