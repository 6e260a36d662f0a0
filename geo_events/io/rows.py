"""Join articles and their resolved mentions into one table: a row per (article, place).

    >>> place_rows([]).columns[:4].tolist()
    ['article_id', 'source', 'title', 'event_date']

Every mention reaches the table: a place named three times in an article is
one row (``mentions`` = 3, the first sentence kept in ``notes``); a name the
gazetteer could not resolve is a row with no coordinates and
``needs_review`` set, so nothing the text says is lost. Demonyms
("Turkish-backed") are cues, not places where anything happened: they stay
in :meth:`Geoparser.geoparse`'s output, marked, and out of this table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from geo_events.models import EVENT_FIELDS, Article, Event, ResolvedMention

__all__ = ["place_rows", "COLUMNS", "event_rows"]

#: The table's columns, in order.
COLUMNS = (
    "article_id", "source", "title", "event_date", "location", "matched_text",
    "latitude", "longitude", "country", "country_code", "kind", "geonameid",
    "confidence", "needs_review", "mentions", "notes", "start", "end",
)
_DTYPES = {"latitude": "float64", "longitude": "float64", "geonameid": "Int64",
           "confidence": "float64", "needs_review": bool, "mentions": "int64",
           "start": "int64", "end": "int64"}


def place_rows(parsed: Iterable[tuple[Article, list[ResolvedMention]]], *,
               country_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Build the table from ``(article, resolved mentions)`` pairs."""
    names = country_names or {}
    records: list[dict] = []
    for article, resolved in parsed:
        rows: dict[tuple, dict] = {}
        for item in resolved:
            mention, place = item.mention, item.place
            if mention.demonym:
                continue
            identity = item.identity
            if identity in rows:
                rows[identity]["mentions"] += 1
                continue
            rows[identity] = {
                "article_id": article.article_id,
                "source": article.source,
                "title": article.title,
                "event_date": article.published,
                "location": place.name if place else None,
                "matched_text": mention.text,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
                "country": names.get(place.country_code, place.country_code) if place else None,
                "country_code": place.country_code if place else None,
                "kind": place.kind if place else None,
                "geonameid": place.geonameid if place else None,
                "confidence": round(item.confidence, 3),
                "needs_review": item.needs_review,
                "mentions": 1,
                "notes": article.text[mention.sentence_start:mention.sentence_end],
                "start": mention.start,
                "end": mention.end,
            }
        records.extend(rows.values())
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame.astype(_DTYPES)


_EVENT_DTYPES = {"latitude": "float64", "longitude": "float64", "geonameid": "Int64",
                 "confidence": "float64", "needs_review": bool, "time_precision": "int64",
                 "geo_precision": "int64", "fatalities": "int64", "injuries": "int64",
                 "captured": "int64", "source_count": "int64", "inter1": "int64", "inter2": "int64",
                 "interaction": "int64", "dismissed": bool}


def event_rows(events: Iterable[Event]) -> pd.DataFrame:
    """One row per :class:`Event`, columns :data:`geo_events.models.EVENT_FIELDS`.

        >>> event_rows([]).columns[:5].tolist()
        ['event_id', 'article_id', 'source', 'title', 'event_date']
    """
    frame = pd.DataFrame.from_records([{f: getattr(e, f) for f in EVENT_FIELDS} for e in events],
                                      columns=list(EVENT_FIELDS))
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame.astype(_EVENT_DTYPES)
