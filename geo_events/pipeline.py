"""From articles to place rows: recognise, resolve and join, in one object.

    >>> from gazetteer import FallbackGeocoder, Gazetteer
    >>> from geo_events import Geoparser, parse_article
    >>> parser = Geoparser(Gazetteer.open())
    >>> rows = parser.extract([parse_article(" date 2023-01-20 A drone hit Raqqa.", source="x")])
    >>> rows.loc[0, ["location", "country"]].tolist()
    ['Ar Raqqah', 'Syria']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from gazetteer import FallbackGeocoder, Gazetteer

from .join import place_rows
from .models import Article, ResolvedMention
from .recognize import PlaceFinder
from .resolve import Resolver

__all__ = ["Geoparser"]


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

    def geoparse(self, text: str) -> list[ResolvedMention]:
        """Every place mention in ``text`` with the place it resolves to."""
        return self.resolver.resolve(self.finder.find(text))

    def extract(self, articles: Iterable[Article]) -> pd.DataFrame:
        """One row per (article, place) for ``articles``; see :func:`place_rows`."""
        return place_rows(((a, self.geoparse(a.text)) for a in articles),
                          country_names=self._country_names)
