"""Article tables read row by row (``geo_events.io.tables``) with the columns they are given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo_events.errors import UserInputError
from geo_events.io.tables import ColumnNames, csv_rows, parse_column_names, read_article_rows

TABLE = "date,title,body,url\n2023-01-20,Drone,A drone hit Raqqa.,https://a\n"


def test_a_field_set_to_none_reads_no_column() -> None:
    columns = ColumnNames(text="body", date=None, title=None, url=None)
    (article,), problems = read_article_rows(csv_rows(TABLE, source="t.csv"), source="t.csv", columns=columns)
    assert problems == []
    assert (article.published, article.title, article.url) == (None, "A drone hit Raqqa.", "")


def test_the_named_columns_are_read() -> None:
    (article,), _ = read_article_rows(csv_rows(TABLE, source="t.csv"), source="t.csv",
                                      columns=parse_column_names("text=body"))
    assert (article.published.isoformat(), article.title, article.url) == ("2023-01-20", "Drone", "https://a")


@pytest.mark.parametrize(("spec", "expected"), [
    ("text=body", ColumnNames(text="body")),
    (" text = Story Body , url=link ", ColumnNames(text="Story Body", url="link")),
    ("", ColumnNames()),
])
def test_parse_column_names_reads_field_column_pairs(spec: str, expected: ColumnNames) -> None:
    assert parse_column_names(spec) == expected


@pytest.mark.parametrize("spec", ["text", "body=text", "text=", "=body"])
def test_parse_column_names_refuses_a_bad_part(spec: str) -> None:
    with pytest.raises(UserInputError, match="FIELD=COLUMN"):
        parse_column_names(spec)


@settings(max_examples=300, deadline=None)
@given(spec=st.text(alphabet=st.sampled_from(list("text=dateurl,body =_\ufeffé")), max_size=40))
def test_parse_column_names_raises_only_user_input_errors(spec: str) -> None:
    try:
        columns = parse_column_names(spec)
    except UserInputError:
        return
    assert all(name and name == name.strip() for name in (columns.text, columns.date, columns.title, columns.url))
