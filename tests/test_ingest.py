"""Reading seed-style articles: layouts, folders, and bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.errors import UserInputError
from geo_events.errors import ArticleFormatError, InputPathError
from geo_events.io import parse_column_names, read_article_file


@pytest.mark.parametrize(("raw", "published", "title", "text"), [
    (" date 2023-01-23 US Army has captured two.", date(2023, 1, 23), "US Army has captured two.",
     "US Army has captured two."),
    ("date 2023-01-23\nBody on its own line.", date(2023, 1, 23), "Body on its own line.",
     "Body on its own line."),
    ("\ufeff  DATE: 2019-03-23  \n\nBody.", date(2019, 3, 23), "Body.", "Body."),
    ("title: Raid in Syria\ndate 2023-01-21\nBody.", date(2023, 1, 21), "Raid in Syria", "Body."),
    ("date 2023-01-21\ntitle: Raid in Syria\n\nBody.", date(2023, 1, 21), "Raid in Syria", "Body."),
    ("No marker at all.\nSecond line.", None, "No marker at all.", "No marker at all.\nSecond line."),
    (" date 2023-02-30 Impossible day.", None, "Impossible day.", "Impossible day."),
    (" date yesterday Words.", None, "Words.", "Words."),
])
def test_parse_article_layouts(raw: str, published: date | None, title: str, text: str) -> None:
    article = ge.parse_article(raw, source="t")
    assert (article.published, article.title, article.text) == (published, title, text)
    assert article.raw == raw


def test_seed_file_parses_with_its_date(seed_path: Path) -> None:
    article = read_article_file(seed_path)
    assert article.published == date(2023, 1, 23)
    assert article.text.startswith("US Army has captured")


def test_article_id_is_a_content_hash() -> None:
    one = ge.parse_article(" date 2020-01-01 Same.", source="a")
    two = ge.parse_article(" date 2020-01-01 Same.", source="b")
    other = ge.parse_article(" date 2020-01-02 Same.", source="a")
    assert one.article_id == two.article_id != other.article_id


def test_long_first_line_gives_a_truncated_title() -> None:
    article = ge.parse_article(" date 2020-01-01 " + "word " * 50, source="t")
    assert len(article.title) == 100 and article.title.endswith("…")


def test_folder_reads_txt_recursively_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Raqqa.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Undated Mosul.", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_bytes(b"\x89PNG\x00\x00binary")
    (tmp_path / "d.txt").write_bytes(" date 2020-01-01 caf\xe9".encode("latin-1"))
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "e.txt").write_text("ignored", encoding="utf-8")

    result = ge.read_paths([tmp_path])

    assert sorted(Path(a.source).name for a in result.articles) == ["a.txt", "b.txt"]
    problems = {Path(p.source).name: p.message for p in result.problems}
    assert "binary" in problems["c.txt"]
    assert "not UTF-8" in problems["d.txt"] and "offset" in problems["d.txt"]
    assert "undated" in problems["b.txt"]  # kept, and said so


def test_missing_path_raises_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputPathError, match="nope.txt"):
        ge.read_paths([tmp_path / "nope.txt"])


def test_empty_folder_is_a_problem_not_an_error(tmp_path: Path) -> None:
    result = ge.read_paths([tmp_path])
    assert result.articles == [] and "has no .csv, .jsonl, .txt files" in result.problems[0].message


def test_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(" date 2020-01-01 " + "x" * 2000, encoding="utf-8")
    with pytest.raises(ArticleFormatError, match="over the 1,000-byte limit"):
        read_article_file(big, max_file_bytes=1000)


def test_parse_article_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="bytes"):
        ge.parse_article(b" date 2020-01-01 x", source="t")  # type: ignore[arg-type]


def test_csv_and_jsonl_collections_load_with_configurable_columns(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("published,body,link\n2023-01-20,A drone hit Raqqa.,https://a\n"
                                    ",No date here.,\n2023-02-30,Bad date.,\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"published": "2023-01-21T10:00", "body": "Raids near Mosul."}\n'
                                      'not json\n{"body": ""}\n', encoding="utf-8")
    columns = parse_column_names("text=body,date=published,url=link")
    result = ge.read_paths([tmp_path], columns=columns)
    assert [(a.text, a.published and a.published.isoformat(), a.url) for a in result.articles] == [
        ("A drone hit Raqqa.", "2023-01-20", "https://a"), ("No date here.", None, ""),
        ("Bad date.", None, ""), ("Raids near Mosul.", "2023-01-21", "")]
    messages = sorted(p.message for p in result.problems)
    assert any("is not a YYYY-MM-DD date" in m for m in messages)
    assert any("not JSON" in m for m in messages) and any("no text" in m for m in messages)
    assert {p.source.rsplit(", line ", 1)[1] for p in result.problems} == {"4", "2", "3"}


@pytest.mark.parametrize("spec", ["text", "body=text", "text="])
def test_bad_column_spec_names_the_part(spec: str) -> None:
    with pytest.raises(UserInputError, match="FIELD=COLUMN"):
        parse_column_names(spec)


def test_acled_export_rows_become_events(tmp_path: Path) -> None:
    (tmp_path / "acled.csv").write_text(
        "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,country,"
        "admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,iso\n"
        "SYR1,2023-01-21,1,Battles,Armed clash,SDF,ISIS,Syria,Deir ez-Zor,Hajin,34.69,40.83,1,"
        "SOHR,Clashes.,2,760\n"
        "SYR2,not a date,1,Battles,Armed clash,,,Syria,,X,1,2,1,,,0,760\n", encoding="utf-8")
    result = ge.read_paths([tmp_path / "acled.csv"])
    assert result.articles == [] and len(result.events) == 1
    (event,) = result.events
    assert (event.event_id, event.event_date.isoformat(), event.sub_event_type, event.fatalities,
            event.location, event.latitude) == ("acled:SYR1", "2023-01-21", "Armed clash", 2, "Hajin", 34.69)
    assert "line 3" in result.problems[0].source
