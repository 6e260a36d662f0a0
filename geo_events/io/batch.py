"""Batch geoparsing over JSON Lines: one object in, one object out, in order.

    >>> from gazetteer import Gazetteer
    >>> from geo_events import Geoparser
    >>> parser = Geoparser(Gazetteer.open())
    >>> out = list(geoparse_lines(['{"text": "Drones hit Raqqa."}'], parser))
    >>> json.loads(out[0])["toponyms"][0]["name"]
    'Ar Raqqah'
    >>> json.loads(next(resolve_lines(['{"text": "Near Mosul.", "spans": [[5, 10]]}'], parser)))["places"][0]["country_code"]
    'IQ'

Each input line is ``{"text": ..., "date": optional ISO date}`` (``geoparse``)
or ``{"text": ..., "spans": [[start, end], ...]}`` (``resolve``, offsets
into ``text`` as Python string indexes). Every input line gives exactly one
output line, so outputs can be zipped with inputs: a line that cannot be
read, for any reason (not UTF-8, not JSON, nested too deeply, over the size
limit, past the per-line deadline), gives ``{"error": "line N: ..."}`` and
the stream goes on. Lines end at ``\\n`` only. Time per line is linear in
its text (the geoparser's stages are).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO, Protocol

from geo_events.errors import ArticleFormatError, GeoEventsError, SpanError
from geo_events.limits import DEADLINE_SECONDS, run_unit
from geo_events.models import ResolvedMention
from geo_events.text.characters import replace_surrogates

from .tables import json_object


class Geoparsing(Protocol):
    """What the batch commands need of a parser (:class:`geo_events.Geoparser` is one); it is
    handed in, so this module does not depend on the pipeline above it."""

    def geoparse(self, text: str) -> list[ResolvedMention]: ...

    def resolve_spans(self, text: str, spans: Iterable[tuple[int, int]]) -> list[ResolvedMention]: ...

__all__ = ["geoparse_lines", "resolve_lines", "json_lines", "toponym_record", "BatchLineError", "Geoparsing",
           "MAX_TEXT_CHARS", "MAX_LINE_BYTES"]

log = logging.getLogger(__name__)

#: Longest ``text`` accepted on one line (a long book chapter); longer lines get an error.
MAX_TEXT_CHARS = 2_000_000
#: Longest input line read, in bytes (room for MAX_TEXT_CHARS escaped as JSON); longer lines get an error.
MAX_LINE_BYTES = 16 * 2**20


class BatchLineError(GeoEventsError, ValueError):
    """One input line is not the object the command reads."""


def toponym_record(item: ResolvedMention) -> dict[str, Any]:
    """The JSON object for one resolved mention (place fields ``None`` when unresolved)."""
    mention, place = item.mention, item.place
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.name if place else None,
        "lat": place.latitude if place else None,
        "lon": place.longitude if place else None,
        "geonameid": place.geonameid if place else None,
        "country_code": (place.country_code or None) if place else None,
        "kind": place.kind if place else None,
        "confidence": round(item.confidence, 3),
        "demonym": mention.demonym,
        "needs_review": item.needs_review,
    }


def geoparse_lines(lines: Iterable[str | bytes | None], geoparser: Geoparsing, *,
                   deadline_seconds: float | None = DEADLINE_SECONDS) -> Iterator[str]:
    """For each ``{"text", "date"?}`` line, ``{"toponyms": [...]}`` (see :func:`toponym_record`)."""
    def one(obj: dict[str, Any]) -> dict[str, Any]:
        text = _text(obj)
        _date(obj)
        return {"toponyms": [toponym_record(r) for r in geoparser.geoparse(text)]}
    return _each(lines, one, deadline_seconds=deadline_seconds)


def resolve_lines(lines: Iterable[str | bytes | None], geoparser: Geoparsing, *,
                  deadline_seconds: float | None = DEADLINE_SECONDS) -> Iterator[str]:
    """For each ``{"text", "spans"}`` line, ``{"places": [record or null, one per span]}``."""
    def one(obj: dict[str, Any]) -> dict[str, Any]:
        text, spans = _text(obj), obj.get("spans")
        if not isinstance(spans, list):
            raise BatchLineError(f'"spans" must be a list of [start, end] pairs, got {spans!r}')
        try:
            resolved = geoparser.resolve_spans(text, [tuple(s) if isinstance(s, list) else s
                                                      for s in spans])
        except SpanError as err:
            raise BatchLineError(str(err)) from err
        return {"places": [toponym_record(r) if r.place else None for r in resolved]}
    return _each(lines, one, deadline_seconds=deadline_seconds)


def json_lines(stream: BinaryIO, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """The lines of a byte stream, split at ``\\n`` only (a ``\\r`` inside a line stays in it,
    as JSON Lines has it), each at most ``max_line_bytes``: a longer line is read past and
    comes out as ``None``, so memory stays bounded and the line still gets its answer."""
    while True:
        line = stream.readline(max_line_bytes + 1)
        if not line:
            return
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_line_bytes)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _each(lines: Iterable[str | bytes | None],
          handle: Callable[[dict[str, Any]], dict[str, Any]], *,
          deadline_seconds: float | None) -> Iterator[str]:
    """One answer per line, each line one unit of work (:func:`geo_events.limits.run_unit`):
    whatever goes wrong with a line is its ``{"error": "line N: ..."}`` and the next is read."""
    for number, line in enumerate(lines, start=1):
        outcome = run_unit(f"line {number}", lambda: handle(_line_object(line, first=number == 1)),
                           deadline_seconds=deadline_seconds)
        if outcome.problem is not None:
            message = str(outcome.problem)
            log.warning("%s", message)
            result = {"error": message}
        else:
            result = outcome.value
        yield json.dumps(result, ensure_ascii=False)


def _line_object(line: str | bytes | None, *, first: bool) -> dict[str, Any]:
    if line is None:
        raise BatchLineError(f"longer than {MAX_LINE_BYTES:,} bytes; skipped")
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BatchLineError(f"not UTF-8 (bad byte at offset {err.start})") from None
    if first:
        line = line.lstrip("\ufeff")
    if not line.strip():
        raise BatchLineError("empty line")
    try:
        return json_object(line)
    except ArticleFormatError as err:
        raise BatchLineError(str(err)) from None


def _text(obj: dict[str, Any]) -> str:
    text = obj.get("text")
    if not isinstance(text, str):
        raise BatchLineError(f'"text" must be a string, got {type(text).__name__}')
    if len(text) > MAX_TEXT_CHARS:
        raise BatchLineError(f'"text" has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}')
    return replace_surrogates(text)


def _date(obj: dict[str, Any]) -> date | None:
    value = obj.get("date")
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as err:
        raise BatchLineError(f'"date" must be an ISO date like "2023-01-23", got {value!r}') from err
