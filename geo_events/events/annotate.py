"""The event stage's layers of a document: actors, dates, clauses and their triggers.

    >>> from datetime import date
    >>> from geo_events.text.document import Document
    >>> doc = annotate(Document.from_text("On Friday a drone struck a base, which ISIS denied.",
    ...                                   published=date(2023, 1, 23)))
    >>> [a.actor for a in doc.actors], [d.text for d in doc.dates]
    (['Islamic State (ISIS)'], ['On Friday'])
    >>> [(doc.text[c.start:c.end], t and t.sub_event_type) for c, t in zip(doc.clauses, doc.triggers)]
    [('On Friday a drone struck a base', 'Air/drone strike'), (', which ISIS denied.', None)]

Each layer is read once over the document's sentences, in text order, and
kept for :func:`geo_events.events.extract.extract_events`, which assembles
events from them without reading the text again for these:

- ``actors``: :func:`geo_events.events.actors.find_actors` over the whole text;
- ``dates``: :func:`geo_events.text.dates.find_dates` within each sentence;
- ``clauses``: each sentence split at ", which", ", who", "; ", " while ",
  ", as ", ", after " ... and at "a month after" (an offset in time);
- ``triggers``: the heaviest reported trigger of each clause
  (:func:`geo_events.events.triggers.best_trigger`), ``None`` where there is none.

Linear in the length of the text: each layer is one pass of its patterns,
over the text or over each sentence and clause in turn, and the quotations a
trigger must lie outside are found once for the whole text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo_events.limits import check_deadline
from geo_events.text.dates import TimeOffset, find_dates, find_offsets
from geo_events.text.document import Clause, Document

from .actors import find_actors
from .triggers import best_trigger, quoted_spans

__all__ = ["annotate", "CLAUSE_BREAK"]

#: Where a sentence splits into clauses that may each report an event.
CLAUSE_BREAK = re.compile(r",\s+(?:which|who|whom|whose|where|as|after|before|when|while|whereas)\b|;\s+|"
                          r"\s+(?:while|whereas)\s+", re.IGNORECASE)


def annotate(document: Document) -> Document:
    """``document`` with its ``actors``, ``dates``, ``clauses`` and ``triggers`` layers."""
    text = document.text
    dates, clauses = [], []
    for s_start, s_end in document.sentences:
        check_deadline()  # the unit's deadline (geo_events.limits), once per sentence
        dates += [replace(d, start=s_start + d.start, end=s_start + d.end)
                  for d in find_dates(text[s_start:s_end], published=document.published)]
        clauses += _clauses(text, s_start, s_end)
    quoted = quoted_spans(text)
    actors = document.actors or tuple(find_actors(text))  # found already when places were resolved
    return replace(document, actors=actors, dates=tuple(dates), clauses=tuple(clauses),
                   triggers=tuple(best_trigger(text, c.start, c.end, quoted=quoted) for c in clauses))


def _clauses(text: str, start: int, end: int) -> list[Clause]:
    cuts: list[tuple[int, TimeOffset | None]] = [
        (m.start(), None) for m in CLAUSE_BREAK.finditer(text, start, end)]
    for offset in find_offsets(text[start:end]):
        cuts.append((start + offset.start, replace(offset, start=start + offset.start,
                                                   end=start + offset.end)))
    cuts.sort(key=lambda c: c[0])
    clauses, cursor, pending = [], start, None
    for cut, offset in cuts:
        if cut > cursor:
            clauses.append(Clause(cursor, cut, pending))
        cursor, pending = cut, offset
    clauses.append(Clause(cursor, end, pending))
    return clauses
