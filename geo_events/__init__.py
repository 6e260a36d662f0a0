"""geo_events: news articles in, dated places and events on a map out.

    >>> from gazetteer import Gazetteer
    >>> from geo_events import Geoparser, read_paths, SAMPLE_ARTICLES_DIR
    >>> rows = Geoparser(Gazetteer.open()).extract(read_paths([SAMPLE_ARTICLES_DIR]).articles)
    >>> {"Mosul", "Ar Raqqah"} <= set(rows["location"])
    True

The flow, one subpackage per stage, each importing only those before it::

    io (read) -> text -> geoparse (places) -> events -> pipeline -> store -> dashboard (map)

This root holds the names a user needs; each is imported on first use
(PEP 562), so ``import geo_events`` and the command line load no more than
they use: never the page's libraries (streamlit, folium, branca). Plumbing
stays in its subpackage (``geo_events.dashboard`` for the page's parts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geo_events.lazy_exports import lazy_names

#: The built-in sample corpus: articles written for this project.
SAMPLE_ARTICLES_DIR = Path(__file__).parent / "sample_articles"

#: Public name -> the module that defines it.
_EXPORTS = {
    "Geoparser": "geo_events.pipeline",
    "Article": "geo_events.models", "Mention": "geo_events.models",
    "ResolvedMention": "geo_events.models", "Event": "geo_events.models",
    "IngestProblem": "geo_events.models",
    "parse_article": "geo_events.io.readers", "read_paths": "geo_events.io.readers",
    "place_rows": "geo_events.io.rows", "event_rows": "geo_events.io.rows",
    "write_rows": "geo_events.io.export",
    "merge_duplicates": "geo_events.events.dedup",
    "EventStore": "geo_events.store.event_store",
    "GeoEventsError": "geo_events.errors",
}

__all__ = [*_EXPORTS, "SAMPLE_ARTICLES_DIR"]


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS)


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from geo_events.errors import GeoEventsError
    from geo_events.events.dedup import merge_duplicates
    from geo_events.io.export import write_rows
    from geo_events.io.readers import parse_article, read_paths
    from geo_events.io.rows import event_rows, place_rows
    from geo_events.models import Article, Event, IngestProblem, Mention, ResolvedMention
    from geo_events.pipeline import Geoparser
    from geo_events.store.event_store import EventStore
