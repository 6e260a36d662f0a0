"""The page's events: the paths' and the store's, each event once with every source."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.dashboard import event_table, merge_sources, path_events, store_version, stored_events
from geo_events.errors import InputPathError


def report(article: str, day: date, *, kind: str = "event", location: str = "Hajin") -> ge.Event:
    return ge.Event(f"{article}:0", article, f"{article}.txt", "", day, 1, "Battles", "Armed clash", "SDF", "",
                    2, 0, 0, location, location, 34.69, 40.83, 1, "Syria", None, 163, "", 0.9, kind)


def test_an_event_in_both_the_paths_and_the_store_is_one_row_with_both_sources() -> None:
    rows = event_table([report("a", date(2023, 1, 21))], [report("b", date(2023, 1, 22))])
    assert len(rows) == 1
    assert rows.loc[0, "source_count"] == 2 and rows.loc[0, "sources"] == "a.txt; b.txt"


def test_an_article_in_both_counts_once_and_the_paths_copy_is_kept() -> None:
    path_copy = report("a", date(2023, 1, 21))
    stored_copy = replace(path_copy, location="Moved by a correction")
    (event,) = merge_sources([path_copy], [stored_copy])
    assert event is path_copy and event.source_count == 1


def test_different_events_and_mentions_stay_apart() -> None:
    events = merge_sources([report("a", date(2023, 1, 21)), report("m1", date(2023, 1, 21), kind="mention")],
                           [report("b", date(2023, 6, 1)), report("m2", date(2023, 1, 21), kind="mention")])
    assert [e.article_id for e in events] == ["a", "m1", "b", "m2"]


def test_no_store_is_the_paths_events_merged_among_themselves() -> None:
    events = merge_sources([report("a", date(2023, 1, 21)), report("b", date(2023, 1, 21))])
    assert [(e.source_count, e.sources) for e in events] == [(2, "a.txt; b.txt")]


def test_stored_events_and_the_store_version(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    assert store_version(path) is None
    article = ge.parse_article(" date 2023-01-20 Shelling hit Hajin.", source="t.txt")
    event = replace(report("x", date(2023, 1, 20)), event_id=f"{article.article_id}:0",
                    article_id=article.article_id)
    with ge.EventStore.open(path) as store:
        empty = store_version(path)
        store.add([(article, [event])])
    assert empty is not None and store_version(path) != empty
    assert stored_events(path) == [event]


class Recorder:
    """Stands in for the geoparser: no events, but notes the articles it was given."""

    def __init__(self) -> None:
        self.sources: list[str] = []

    def article_events(self, article) -> list[ge.Event]:
        if "crash" in article.text:
            raise RuntimeError("a bug in one article")
        self.sources.append(article.source)
        return []


def test_path_events_reads_every_article_and_reports_problems(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Drones hit Saraqib.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("No date, but Idlib is named.", encoding="utf-8")
    parser = Recorder()
    events, problems = path_events([tmp_path], geoparser=parser)
    assert events == [] and sorted(Path(s).name for s in parser.sources) == ["a.txt", "b.txt"]
    assert any("b.txt" in p.source and "undated" in p.message for p in problems)


def test_an_article_that_fails_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-01 This one will crash.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" date 2020-01-02 Drones hit Saraqib.", encoding="utf-8")
    parser = Recorder()
    _, problems = path_events([tmp_path], geoparser=parser)
    assert [Path(s).name for s in parser.sources] == ["b.txt"]
    (problem,) = problems
    assert problem.source.endswith("a.txt") and "internal error (RuntimeError" in problem.message


def test_a_missing_path_is_a_project_error(tmp_path: Path) -> None:
    with pytest.raises(InputPathError, match="nope"):
        path_events([tmp_path / "nope"], geoparser=Recorder())


def test_edits_kept_in_the_store_apply_to_the_paths_events_too(tmp_path: Path) -> None:
    on_path = report("a", date(2023, 1, 21))  # an article the page was started on, never stored
    store_path = tmp_path / "events.sqlite3"
    with ge.EventStore.open(store_path) as store:
        store.edit(on_path.event_id, {"actor2": "ISIS"}, current=on_path)
    from geo_events.dashboard import stored_edits

    (row,) = event_table([on_path], edits=stored_edits(store_path)).itertuples()
    assert row.actor2 == "ISIS" and row.edited.startswith("actor2: (empty) -> ISIS (")
    assert stored_edits(tmp_path / "none.sqlite3") == {}


def test_an_event_marked_not_an_event_is_merged_with_none() -> None:
    a, b = report("a", date(2023, 1, 21)), report("b", date(2023, 1, 22))
    dismissed, kept = merge_sources([replace(a, dismissed=True)], [b])
    assert dismissed.event_id == a.event_id and dismissed.dismissed
    assert (kept.event_id, kept.source_count) == (b.event_id, 1)
