"""From articles to place rows: recognise, resolve and join, in one object.

    >>> from gazetteer import FallbackGeocoder, Gazetteer
    >>> from geo_events import Geoparser, parse_article
    >>> parser = Geoparser(Gazetteer.open())
    >>> rows = parser.extract([parse_article(" date 2023-01-20 A drone hit Raqqa.", source="x")])
    >>> rows.loc[0, ["location", "country"]].tolist()
    ['Ar Raqqah', 'Syria']

Every stage is linear in the length of an article, so is each method here:
splitting (:mod:`geo_events.text.document`), recognising
(:mod:`geo_events.geoparse.recognize`) and resolving
(:mod:`geo_events.geoparse.resolve`) places, and extracting events
(:mod:`geo_events.events.extract`); each module says how.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from gazetteer import FallbackGeocoder, Gazetteer, fold_name
from gazetteer.demonyms import is_demonym
from geo_events.events.actors import find_actors
from geo_events.events.extract import extract_events
from geo_events.geoparse.recognize import PlaceFinder
from geo_events.geoparse.resolve import Resolver
from geo_events.text.characters import replace_surrogates
from geo_events.text.document import Document

from .errors import SpanError
from .limits import DEADLINE_SECONDS, each_unit, partition
from .models import Article, Event, IngestProblem, Mention, ResolvedMention

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Geoparser", "EventExtractor", "events_of_each"]


class Geoparser:
    """Recognise and resolve the places of articles against one gazetteer.

    Build one and reuse it: it holds the gazetteer's caches. ``geocoder``
    (optional, online) is asked for names the gazetteer cannot place.
    """

    def __init__(self, gazetteer: Gazetteer, *, geocoder: FallbackGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.finder = PlaceFinder(gazetteer)
        self.resolver = Resolver(gazetteer, geocoder=geocoder)
        self._country_names = gazetteer.country_names()

    def document(self, text: str, *, published: date | None = None) -> Document:
        """``text`` split once (:class:`~geo_events.text.document.Document`) with its ``places``
        layer: every place mention with the place it resolves to."""
        text = replace_surrogates(text)  # lone surrogates cannot be encoded for the gazetteer
        document = Document.from_text(text, published=published)
        return replace(document, places=tuple(self.resolver.resolve(self.finder.find(document), text=text)))

    def event_document(self, text: str, *, published: date | None = None) -> Document:
        """:meth:`document` with the event stage's ``actors`` layer, whose states (the
        countries whose forces, or home-grown groups, it names: "regime forces" point to
        Syria) count, when its places are resolved, as countries the article names."""
        text = replace_surrogates(text)
        document = Document.from_text(text, published=published)
        actors = tuple(find_actors(text))
        countries = frozenset(a.country for a in actors if a.country)
        places = self.resolver.resolve(self.finder.find(document), text=text, countries=countries)
        return replace(document, places=tuple(places), actors=actors)

    def geoparse(self, text: str) -> list[ResolvedMention]:
        """Every place mention in ``text`` with the place it resolves to."""
        return list(self.document(text).places)

    def resolve_spans(self, text: str, spans: Iterable[tuple[int, int]]) -> list[ResolvedMention]:
        """Resolve given ``(start, end)`` spans of ``text``, one result per span, in order.

        This is how resolvers are compared: the spans come from elsewhere (an
        annotator, another recogniser) and only the choice of place is ours.
        A span whose name the gazetteer lacks comes back with ``place=None``.

            >>> from gazetteer import Gazetteer
            >>> [r.place.name for r in Geoparser(Gazetteer.open()).resolve_spans(
            ...     "Raids near Raqqa.", [(11, 16)])]
            ['Ar Raqqah']
        """
        text = replace_surrogates(text)
        return self.resolver.resolve(_mentions(Document.from_text(text), spans), text=text)

    def extract(self, articles: Iterable[Article]) -> pd.DataFrame:
        """One row per (article, place) for ``articles``; see :func:`place_rows`."""
        from geo_events.io.rows import place_rows  # pandas: only for tables, not for geoparse()

        return place_rows(((a, self.geoparse(a.text)) for a in articles),
                          country_names=self._country_names)

    def article_events(self, article: Article) -> list[Event]:
        """The events and place mentions of one article (:func:`geo_events.events.extract.extract_events`)."""
        document = self.event_document(article.text, published=article.published)
        return extract_events(article, document, country_names=self._country_names,
                              admin1_name=self.gazetteer.admin1_name, admin2_name=self.gazetteer.nearest_admin2)

    def events(self, articles: Iterable[Article]) -> list[Event]:
        """:meth:`article_events` of each article, in order."""
        return [event for article in articles for event in self.article_events(article)]


class EventExtractor(Protocol):
    """What :func:`events_of_each` needs: a :class:`Geoparser`, or a stand-in for one."""

    def article_events(self, article: Article) -> list[Event]: ...


def events_of_each(articles: Iterable[Article], extractor: EventExtractor, *,
                   deadline_seconds: float | None = DEADLINE_SECONDS,
                   ) -> tuple[list[tuple[Article, list[Event]]], list[IngestProblem]]:
    """Each article with its events, each article one unit of work
    (:func:`geo_events.limits.each_unit`), and the problems of those that failed or ran past
    ``deadline_seconds``: what the command line, ``ingest``, the uploads and the page run."""
    return partition(each_unit(articles, lambda a: (a, extractor.article_events(a)), name=lambda a: a.source,
                               deadline_seconds=deadline_seconds))


def _mentions(document: Document, spans: Iterable[tuple[int, int]]) -> list[Mention]:
    """Mentions for caller-given spans, checked against the document's text."""
    text = document.text
    mentions = []
    for span in spans:
        if not (isinstance(span, (tuple, list)) and len(span) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
            raise SpanError(f"a span is two integer offsets [start, end], got {span!r}")
        start, end = span
        if not 0 <= start < end <= len(text):
            raise SpanError(f"span [{start}, {end}] is not within the text (length {len(text)})")
        s_start, s_end = document.sentence_at(start) if document.sentences else (start, end)
        if not s_start <= start < s_end:  # between sentences (sentences never overlap)
            s_start, s_end = start, end
        name = text[start:end]
        mentions.append(Mention(start, end, name, fold_name(name), s_start, s_end,
                                demonym=is_demonym(name)))
    return mentions
