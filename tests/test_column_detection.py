"""Telling an article table's text, date, title and url columns from their names
(``geo_events.io.column_detection``), and what reading a table does with the guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo_events as ge
from geo_events.io import ColumnNames, detect_columns, parse_column_names, unsure_tables
from geo_events.io.column_detection import table_guess
from geo_events.io.readers import read_input_bytes
from geo_events.vocab import fold_column_name, table_column_names

# (header, the mapping read: text, date, title, url; None where no column holds the field)
SURE = [
    (["date", "title", "text", "url"], ("text", "date", "title", "url")),
    (["published", "headline", "body", "link"], ("body", "published", "headline", "link")),
    (["Published", "Headline", "Body", "Link"], ("Body", "Published", "Headline", "Link")),
    (["\ufeffpublish_date", "content"], ("content", "\ufeffpublish_date", None, None)),
    (["Publish Date", "Article-Text", "Source URL"], ("Article-Text", "Publish Date", None, "Source URL")),
    (["PUBDATE", "article", "id"], ("article", "PUBDATE", None, None)),
    (["text"], ("text", None, None, None)),
    (["id", "story", "author"], ("story", None, None, None)),
    # the field's own name is read when another name of the field is there too, as before
    (["text", "body", "date", "published"], ("text", "date", None, None)),
    (["Text", "content"], ("Text", None, None, None)),
    (["url", "link", "source_url", "text"], ("text", None, None, "url")),
    # a column repeated in the header is one column
    (["body", "body", "date"], ("body", "date", None, None)),
]


@pytest.mark.parametrize(("header", "expected"), SURE, ids=[",".join(h) for h, _ in SURE])
def test_common_names_are_detected(header: list[str], expected: tuple) -> None:
    guess = detect_columns(header)
    assert guess.sure, guess.doubts
    assert (guess.columns.text, guess.columns.date, guess.columns.title, guess.columns.url) == expected


UNSURE = [
    # (header, a phrase of the doubt, the proposed mapping)
    (["published", "headline", "body", "content", "link"], "the text could be in body or content",
     "text=body,date=published,title=headline,url=link"),
    (["published", "pubdate", "text"], "the date could be in published or pubdate", "text=text,date=published"),
    (["headline", "body", "link", "source_url"], "the url could be in link or source_url",
     "text=body,title=headline,url=link"),
    (["Text", "TEXT"], "the text could be in Text or TEXT", "text=Text"),
    (["id", "when", "summary"], "no column is called text, body,", "text=id"),
    (["date"], "no column is called text", "date=date"),
    ([], "no column is called text", ""),
]


@pytest.mark.parametrize(("header", "doubt", "spec"), UNSURE, ids=[",".join(h) or "empty" for h, _, _ in UNSURE])
def test_ambiguous_and_missing_columns_are_unsure_with_a_best_guess(header: list[str], doubt: str,
                                                                   spec: str) -> None:
    guess = detect_columns(header)
    assert not guess.sure
    assert any(d.startswith(doubt) for d in guess.doubts), guess.doubts
    assert guess.spec() == spec


def test_the_longest_cells_break_a_tie_for_the_text() -> None:
    rows = [{"content": "x", "body": "Clashes erupted in Raqqa on Friday, residents said."}] * 3
    guess = detect_columns(["content", "body"], sample=rows)
    assert not guess.sure and guess.column("text") == "body" and guess.alternatives == {"text": ("content",)}


def test_with_no_text_name_the_column_with_the_longest_cells_is_the_guess() -> None:
    rows = [{"id": "17", "when": "2023-01-20", "what": "A drone struck a car near Raqqa on Friday."}]
    guess = detect_columns(["id", "when", "what"], sample=rows)
    assert not guess.sure and guess.column("text") == "what" and guess.text_by_length == "what"
    assert "text=what is a guess: its cells are the longest" in guess.message("x.csv")


@pytest.mark.parametrize(("header", "spec", "expected"), [
    (["published", "story_body"], "text=story_body", ("story_body", "published", None, None)),
    (["Story Body", "when"], "text=story body,date=WHEN", ("Story Body", "when", None, None)),  # matched folded
    (["body", "content", "date"], "text=content", ("content", "date", None, None)),  # the user settles it
    (["body", "date"], "text=body,date=date", ("body", "date", None, None)),
])
def test_a_given_mapping_wins_and_the_rest_is_detected(header: list[str], spec: str, expected: tuple) -> None:
    guess = detect_columns(header, given=parse_column_names(spec))
    assert guess.sure, guess.doubts
    assert (guess.columns.text, guess.columns.date, guess.columns.title, guess.columns.url) == expected


def test_none_in_a_given_mapping_reads_no_column_for_that_field() -> None:
    guess = detect_columns(["body", "date", "title"], given=ColumnNames(text="body", date=None, title=None))
    assert guess.sure and (guess.columns.date, guess.columns.title) == (None, None)


@pytest.mark.parametrize(("given", "doubt"), [
    ("text=story", "there is no column story (given for the text)"),
    ("text=body,url=href", "there is no column href (given for the url)"),
])
def test_a_given_column_the_table_lacks_is_unsure(given: str, doubt: str) -> None:
    guess = detect_columns(["published", "body", "link"], given=parse_column_names(given))
    assert not guess.sure and doubt in guess.doubts
    assert guess.spec() == "text=body,date=published,url=link"  # what would work instead


def test_json_lines_may_leave_out_a_given_optional_key() -> None:
    text = '{"body": "Raids near Mosul.", "published": "2023-01-21"}\n'
    guess = table_guess(text, suffix=".jsonl", source="b.jsonl", given=parse_column_names("text=body,url=link"))
    assert guess is not None and guess.sure and guess.columns.url == "link"
    missing_text = table_guess(text, suffix=".jsonl", source="b.jsonl", given=parse_column_names("text=story"))
    assert missing_text is not None and not missing_text.sure


def test_the_message_names_the_file_the_columns_and_a_mapping_for_each_choice() -> None:
    guess = detect_columns(["published", "headline", "body", "content", "link"])
    message = guess.message("news.csv")
    assert message.startswith("news.csv: cannot tell which columns to read (the text could be in body or content)")
    assert "columns found: published, headline, body, content, link" in message
    assert "--table-columns text=body,date=published,title=headline,url=link (or with text=content)" in message


def test_a_column_name_with_spaces_is_quoted_for_the_shell() -> None:
    guess = detect_columns(["Body Text", "Main Text"], sample=[{"Body Text": "long words here", "Main Text": ""}])
    assert "--table-columns 'text=Body Text'" in guess.message("x.csv")


def test_the_table_reader_leaves_acled_exports_and_empty_tables_alone() -> None:
    acled = "event_id_cnty,event_date,event_type,latitude,longitude\nSYR1,2023-01-02,Battles,35.9,39.0\n"
    assert table_guess(acled, suffix=".csv", source="a.csv") is None
    assert table_guess("published,body\n", suffix=".csv", source="h.csv") is None  # no rows
    assert table_guess("", suffix=".jsonl", source="e.jsonl") is None


def test_every_vocabulary_name_of_a_field_detects_that_field() -> None:
    for field, names in table_column_names().items():
        for name in names:
            guess = detect_columns([name] if field == "text" else ["text", name])
            assert guess.sure and guess.column(field) == name, (field, name)


def test_folding_ignores_case_spaces_underscores_hyphens_and_a_bom() -> None:
    assert {fold_column_name(n) for n in ("publish_date", "Publish Date", "\ufeffPUBLISH-DATE", " publishDate ")} \
        == {"publishdate"}


# ------------------------------------------------------------------ reading files and uploads


def test_a_detected_table_loads_without_a_problem_per_row(tmp_path: Path) -> None:
    (tmp_path / "news.csv").write_text("published,headline,body,link\n"
                                       "2023-01-20,Drone,A drone hit Raqqa.,https://a\n"
                                       "2023-01-21,Raids,Raids near Mosul.,https://b\n", encoding="utf-8")
    result = ge.read_paths([tmp_path / "news.csv"])
    assert result.problems == []
    assert [(a.title, a.published.isoformat(), a.url) for a in result.articles] == [
        ("Drone", "2023-01-20", "https://a"), ("Raids", "2023-01-21", "https://b")]


def test_an_unsure_table_is_one_problem_and_nothing_read() -> None:
    rows = "".join(f"2023-01-{day:02},Raids in Raqqa.,other words\n" for day in range(1, 21))
    read = read_input_bytes("news.csv", ("published,body,content\n" + rows).encode())
    assert read.articles == [] and len(read.problems) == 1
    (problem,) = read.problems
    assert problem.source == "news.csv" and "the text could be in body or content" in problem.message
    assert read.unsure_columns is not None and read.unsure_columns.header == ("published", "body", "content")


def test_unsure_tables_lists_the_tables_of_a_folder_that_need_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text("date,body\n2023-01-20,Raids.\n", encoding="utf-8")
    (tmp_path / "two.csv").write_text("date,body,content\n2023-01-20,Raids.,x\n", encoding="utf-8")
    (tmp_path / "none.jsonl").write_text('{"id": 1, "words": "Raids."}\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("date 2023-01-20 Raids.", encoding="utf-8")
    found = unsure_tables([tmp_path])
    assert [path.name for path, _ in found] == ["none.jsonl", "two.csv"]
    assert unsure_tables([tmp_path / "two.csv"], columns=parse_column_names("text=body")) == []


# ------------------------------------------------------------------ properties

_NAMES = st.one_of(st.text(max_size=12), st.sampled_from(
    ["text", "Body", "content", "date", "published", "headline", "link", "url", "\ufeffbody", " Text ", ""]))


@settings(max_examples=300, deadline=None)
@given(header=st.lists(_NAMES, max_size=8),
       given_text=st.one_of(st.just("text"), _NAMES.filter(bool)),
       cells=st.lists(st.dictionaries(_NAMES, st.one_of(st.text(max_size=20), st.integers(), st.none())),
                      max_size=3))
def test_detection_never_raises_and_a_sure_guess_reads_columns_of_the_table(
        header: list[str], given_text: str, cells: list[dict]) -> None:
    guess = detect_columns(header, given=ColumnNames(text=given_text), sample=cells)
    guess.message("x.csv")
    guess.describe()
    if guess.sure:
        assert guess.columns.text in header
        chosen = [guess.column(f) for f in ("text", "date", "title", "url") if guess.column(f)]
        assert set(chosen) <= set(header) and len(chosen) == len(set(chosen))  # each column read once
    else:
        assert guess.doubts


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), suffix=st.sampled_from([".csv", ".jsonl"]))
def test_reading_a_table_guess_from_any_text_never_raises(text: str, suffix: str) -> None:
    guess = table_guess(text, suffix=suffix, source="x")
    assert guess is None or guess.header == tuple(dict.fromkeys(guess.header))


def test_a_column_the_option_cannot_name_is_never_the_guessed_text() -> None:
    rows = [{"": "A long cell in a column with no name.", "a,b": "Another long cell.", "id": "7",
             "date": "2023-01-20"}]
    guess = detect_columns(["", "a,b", "id", "date"], sample=rows)
    assert not guess.sure and guess.column("text") == "id" and guess.spec() == "text=id,date=date"


def test_a_missing_given_text_column_still_lists_every_choice() -> None:
    guess = detect_columns(["body", "content"], given=parse_column_names("text=story"))
    assert guess.doubts == ("there is no column story (given for the text)",)
    assert "--table-columns text=body (or with text=content)" in guess.message("x.csv")


_PLAIN = st.text(alphabet="abtexdyur _-TEXDBY019", min_size=1, max_size=10).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None)
@given(header=st.lists(st.one_of(_PLAIN, st.sampled_from(["text", "Body", "content", "date", "published",
                                                          "headline", "link", "url", "TEXT", "Date"])),
                       min_size=1, max_size=8))
def test_the_mapping_an_unsure_guess_proposes_reads_the_table(header: list[str]) -> None:
    guess = detect_columns(header)
    if guess.column("text") is None:
        assert not guess.sure and "no column could hold the text" in guess.message("x.csv")
        return
    again = detect_columns(header, given=parse_column_names(guess.spec()))
    assert again.sure, (guess.spec(), again.doubts)
    assert again.spec() == guess.spec()
