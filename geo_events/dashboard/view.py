"""What the page shows of the filtered event table: its counts, the rows on the map, the table.

    >>> from geo_events.io.rows import event_rows
    >>> shown = event_rows([])
    >>> shown_counts(shown)
    ShownCounts(events=0, articles=0, places=0, unresolved=0)
    >>> table_view(shown).columns[:3].tolist()
    ['event_date', 'time_precision', 'kind']

The map's base layer is fitted once per session to what the first view
shows and kept, so the analyst's zoom survives filter changes;
:func:`map_fit` says which rows to keep and which to fit to now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from geo_events.models import IngestProblem, source_file

from .event_map import count_places, web_link

__all__ = ["TABLE_COLUMNS", "MAP_FIT_COLUMNS", "ShownCounts", "shown_counts", "located_rows",
           "table_view", "map_fit", "problem_summary", "problem_table"]

#: The event table's columns as the page lists them, in order.
TABLE_COLUMNS = ["event_date", "time_precision", "kind", "event_type", "sub_event_type", "actor1",
                 "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                 "fatalities", "injuries", "captured", "matched_text", "location", "admin2", "admin1",
                 "country", "geo_precision", "confidence", "needs_review", "source_count", "notes",
                 "sources", "url", "edited"]
#: The columns of the rows kept to fit the base map to (places, and the legend's types).
MAP_FIT_COLUMNS = ["location", "latitude", "longitude", "kind", "event_type", "geo_precision"]


@dataclass(frozen=True, slots=True)
class ShownCounts:
    """The page's metrics: events (not mentions), articles, places on the map, unresolved names."""

    events: int
    articles: int
    places: int
    unresolved: int


def located_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """The rows with coordinates: those the map draws."""
    return shown.dropna(subset=["latitude", "longitude"])


def shown_counts(shown: pd.DataFrame) -> ShownCounts:
    """:class:`ShownCounts` of the filtered rows."""
    return ShownCounts(events=int((shown["kind"] == "event").sum()),
                       articles=int(shown["article_id"].nunique()), places=count_places(shown),
                       unresolved=int(shown["latitude"].isna().sum()))


def table_view(table: pd.DataFrame) -> pd.DataFrame:
    """``table``'s :data:`TABLE_COLUMNS`, with only http(s) links in ``url``
    (:func:`geo_events.dashboard.web_link`)."""
    return table[TABLE_COLUMNS].assign(url=table["url"].map(web_link))


def map_fit(kept: pd.DataFrame | None, located: pd.DataFrame, *,
            refit: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(rows to keep, rows to fit the base map to now)``.

    ``kept`` is what an earlier run kept (``None`` on the first run); on the
    first run, or when ``refit`` is asked, the rows ``located`` now are kept
    instead. An empty kept set fits to ``located``.
    """
    if kept is None or refit:
        kept = located[MAP_FIT_COLUMNS]
    return kept, kept if len(kept) else located


def problem_summary(problems: Sequence[IngestProblem], *, files_shown: int = 5) -> str:
    """One line for many reading problems: how many inputs were skipped and noted, and the
    files with the most of them (a row's problem counts for its file).

        >>> problem_summary([IngestProblem("a.csv, line 2", "bad"), IngestProblem("a.csv, line 3", "bad"),
        ...                  IngestProblem("b.txt", "undated", kept=True)])
        '2 inputs skipped and 1 read with a note: a.csv (2), b.txt (1)'
    """
    per_file = Counter(source_file(p.source) for p in problems)
    skipped = sum(not p.kept for p in problems)
    shown = ", ".join(f"{name} ({count:,})" for name, count in per_file.most_common(files_shown))
    more = f" and {len(per_file) - files_shown:,} more files" if len(per_file) > files_shown else ""
    return (f"{skipped:,} input{'s' * (skipped != 1)} skipped and {len(problems) - skipped:,} read with "
            f"a note: {shown}{more}")


def problem_table(problems: Sequence[IngestProblem]) -> pd.DataFrame:
    """Every reading problem as a row: the input it names, why, and whether it was read anyway."""
    return pd.DataFrame({"input": [p.source for p in problems], "problem": [p.message for p in problems],
                         "read anyway": [p.kept for p in problems]})
