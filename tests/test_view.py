"""What the page shows of the filtered rows: counts, located rows, the table, the map's fit."""

from __future__ import annotations

import pandas as pd

from geo_events.dashboard import (MAP_FIT_COLUMNS, TABLE_COLUMNS, ShownCounts, located_rows, map_fit,
                                  shown_counts, table_view)
from geo_events.io.rows import event_rows


def rows() -> pd.DataFrame:
    template = event_rows([])
    return pd.DataFrame({c: [None] * 4 for c in template.columns}).assign(
        article_id=["a", "a", "b", "c"], kind=["event", "mention", "event", "mention"],
        location=["Raqqa", "Raqqa", "Homs", None], latitude=[35.9, 35.9, 34.7, None],
        longitude=[39.0, 39.0, 36.7, None], event_type=["Battles", "", "Protests", ""],
        url=["https://example.org/a", "https://example.org/a", "javascript:alert(1)", None])


def test_counts_are_events_articles_places_and_unresolved_names() -> None:
    assert shown_counts(rows()) == ShownCounts(events=2, articles=3, places=2, unresolved=1)


def test_located_rows_are_those_with_coordinates() -> None:
    assert located_rows(rows())["location"].tolist() == ["Raqqa", "Raqqa", "Homs"]


def test_table_view_lists_the_columns_and_only_web_links() -> None:
    view = table_view(rows())
    assert view.columns.tolist() == TABLE_COLUMNS
    assert view["url"].iloc[0] == "https://example.org/a" and view["url"].iloc[2:].isna().all()


def test_the_first_run_keeps_what_it_shows_and_later_runs_keep_that() -> None:
    everything = located_rows(rows())
    kept, fit = map_fit(None, everything)
    assert kept.columns.tolist() == MAP_FIT_COLUMNS and fit is kept and len(kept) == 3
    fewer = everything[everything["location"] == "Homs"]
    kept_later, fit_later = map_fit(kept, fewer)
    assert kept_later is kept and fit_later is kept  # the view stays where it was


def test_refit_keeps_what_is_shown_now() -> None:
    everything = located_rows(rows())
    fewer = everything[everything["location"] == "Homs"]
    kept, fit = map_fit(everything[MAP_FIT_COLUMNS], fewer, refit=True)
    assert kept["location"].tolist() == ["Homs"] and fit is kept


def test_nothing_kept_fits_to_what_is_shown() -> None:
    everything = located_rows(rows())
    kept, fit = map_fit(everything[MAP_FIT_COLUMNS].iloc[:0], everything)
    assert kept.empty and fit is everything
