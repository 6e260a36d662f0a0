"""Storing the page's uploads and pastes: events extracted, stored once, one status per file."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.dashboard import UploadStatus, column_options, picked_columns, store_table, store_uploads
from geo_events.errors import StoreError, UserInputError
from pg_server import postgres_server, postgres_url  # noqa: F401  (fixtures)

RAQQA = b" date 2023-01-20 Clashes erupted in Raqqa."


class OneEventEach:
    """Stands in for the geoparser: one event per article, at the article's date."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def article_events(self, article: ge.Article) -> list[ge.Event]:
        self.seen.append(article.source)
        return [ge.Event(f"{article.article_id}:0", article.article_id, article.source, "", date(2023, 1, 20),
                         1, "Battles", "Armed clash", "", "", 0, 0, 0, "Raqqa", "Raqqa", 35.95, 39.01, 1,
                         "Syria", None, None, "", 0.9, "event")]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A new store on each backend: a SQLite file, a database on a real PostgreSQL server."""
    location = tmp_path / "events.sqlite3" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with ge.EventStore.open(location) as opened:
        yield opened


def test_each_file_is_extracted_stored_and_reported(store: ge.EventStore) -> None:
    parser = OneEventEach()
    report = store_uploads([("a.txt", RAQQA), ("b.txt", b" date 2023-02-01 Protests in Idlib.")],
                           geoparser=parser, store=store)
    assert parser.seen == ["a.txt", "b.txt"]
    assert report == [UploadStatus("a.txt", "1 new, 0 already stored, 1 events and mentions", stored=True),
                      UploadStatus("b.txt", "1 new, 0 already stored, 1 events and mentions", stored=True)]
    assert store.counts() == (2, 2)


def test_the_same_text_again_is_stored_once(store: ge.EventStore) -> None:
    store_uploads([("a.txt", RAQQA)], geoparser=OneEventEach(), store=store)
    (again,) = store_uploads([("pasted.txt", RAQQA)], geoparser=OneEventEach(), store=store)
    assert str(again) == "✓ pasted.txt: 0 new, 1 already stored, 0 events and mentions"
    assert store.counts() == (1, 1)


def test_progress_is_reported_before_each_file_of_a_zip(store: ge.EventStore) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("one.txt", RAQQA)
        archive.writestr("two.txt", b" date 2023-03-03 Raids in Homs.")
    calls: list[tuple[int, int, str]] = []
    store_uploads([("pack.zip", packed.getvalue()), ("c.txt", RAQQA + b" Again.")], geoparser=OneEventEach(),
                  store=store, on_progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(1, 3, "pack.zip/one.txt"), (2, 3, "pack.zip/two.txt"), (3, 3, "c.txt")]


def test_a_refused_file_is_an_error_status_and_the_others_are_stored(store: ge.EventStore) -> None:
    report = store_uploads([("image.png", b"\x89PNG"), ("a.txt", RAQQA)], geoparser=OneEventEach(),
                           store=store)
    assert [(s.name, s.stored) for s in report] == [("image.png", False), ("a.txt", True)]
    assert str(report[0]).startswith("✗ image.png: ") and store.counts() == (1, 1)


def test_a_store_that_refuses_the_file_is_reported_not_raised(store: ge.EventStore,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(store, "add", broken)
    (status,) = store_uploads([("a.txt", RAQQA)], geoparser=OneEventEach(), store=store)
    assert status == UploadStatus("a.txt", "not stored: disk full", stored=False)


UNCLEAR = (b"published,headline,body,content\n"
           b"2023-01-20,Raqqa,Clashes erupted in Raqqa.,x\n2023-01-21,Idlib,Protests in Idlib.,y\n")


def test_an_unclear_table_is_one_status_carrying_it_and_nothing_is_stored(store: ge.EventStore) -> None:
    parser = OneEventEach()
    (status,) = store_uploads([("news.csv", UNCLEAR)], geoparser=parser, store=store)
    assert (status.name, status.stored) == ("news.csv", False)
    assert "the text could be in body or content" in status.message
    assert status.table is not None and status.table.data == UNCLEAR
    assert status.table.guess.header == ("published", "headline", "body", "content")
    assert parser.seen == [] and store.counts() == (0, 0)


def test_an_unclear_table_in_a_zip_is_kept_under_its_member_name(store: ge.EventStore) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("news.csv", UNCLEAR)
        archive.writestr("a.txt", RAQQA)
    report = store_uploads([("pack.zip", packed.getvalue())], geoparser=OneEventEach(), store=store)
    unclear = [s.table for s in report if s.table is not None]
    assert [t.name for t in unclear] == ["pack.zip/news.csv"] and unclear[0].data == UNCLEAR
    assert store.counts() == (1, 1)  # the zip's article is stored all the same


def test_store_table_reads_the_table_with_the_picked_columns(store: ge.EventStore) -> None:
    (status,) = store_uploads([("news.csv", UNCLEAR)], geoparser=OneEventEach(), store=store)
    read: list[ge.Article] = []

    class Recording(OneEventEach):
        def article_events(self, article: ge.Article) -> list[ge.Event]:
            read.append(article)
            return super().article_events(article)

    report = store_table(status.table, picked_columns({"text": "body", "date": "published", "title": "headline",
                                                       "url": None}), geoparser=Recording(), store=store)
    assert report == [UploadStatus("news.csv", "2 new, 0 already stored, 2 events and mentions", stored=True)]
    assert [(a.source, a.text, a.title, a.published) for a in read] == [
        ("news.csv#2", "Clashes erupted in Raqqa.", "Raqqa", date(2023, 1, 20)),
        ("news.csv#3", "Protests in Idlib.", "Idlib", date(2023, 1, 21))]
    assert store.counts() == (2, 2)


def test_the_form_offers_every_column_with_the_guess_preselected(store: ge.EventStore) -> None:
    (status,) = store_uploads([("news.csv", UNCLEAR)], geoparser=OneEventEach(), store=store)
    assert column_options(status.table, "text") == (["published", "headline", "body", "content"], 2)
    assert column_options(status.table, "url") == ([None, "published", "headline", "body", "content"], 0)


def test_picking_no_text_column_is_refused() -> None:
    with pytest.raises(UserInputError, match="article text"):
        picked_columns({"text": None, "date": "published"})
