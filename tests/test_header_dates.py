"""Article date lines in the common layouts: ``date``, ``Published (on)``, ``Posted (on)``
with ISO, word-form and numeric dates, day first or month first (``day_first``,
``GEO_EVENTS_MONTH_FIRST``, ``--month-first``)."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo_events as ge
from geo_events.cli import main
from geo_events.io import read_article_file, read_inputs
from geo_events.io.readers import MONTH_FIRST_ENV, read_input_bytes
from geo_events.text.dates import find_dates, leading_date

READER_LOG = "geo_events.io.readers"
BODY = "Raids near Raqqa."
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

#: Every value layout, written for a date (day first where the order matters).
LAYOUTS = {
    "iso": lambda d: d.isoformat(),
    "iso slashes": lambda d: f"{d.year:04d}/{d.month:02d}/{d.day:02d}",
    "day abbreviated month": lambda d: f"{d.day} {MONTHS[d.month][:3]} {d.year}",
    "day month": lambda d: f"{d.day} {MONTHS[d.month]} {d.year}",
    "month day, year": lambda d: f"{MONTHS[d.month]} {d.day}, {d.year}",
    "abbreviated month day year": lambda d: f"{MONTHS[d.month][:3]} {d.day} {d.year}",
    "slashes": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "dots": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "dashes": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "weekday": lambda d: f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month]} {d.year}",
    "time": lambda d: f"{d.day} {MONTHS[d.month][:3]} {d.year} 10:45",
    "time and zone": lambda d: f"{MONTHS[d.month]} {d.day}, {d.year} 10:45 GMT",
    "iso date and time": lambda d: f"{d.isoformat()}T10:45:00Z",
    "weekday and time": lambda d: f"{WEEKDAYS[d.weekday()][:3]}, {d.day} {MONTHS[d.month][:3]} {d.year} "
                                  "10:45:00 +0000",
}
#: The same, month first: only the numeric layouts change.
MONTH_FIRST_LAYOUTS = {
    **LAYOUTS,
    "slashes": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "dots": lambda d: f"{d.month:02d}.{d.day:02d}.{d.year}",
    "dashes": lambda d: f"{d.month:02d}-{d.day:02d}-{d.year}",
}
KEYWORDS = ["date", "Date:", "DATE :", " date", "Published", "published:", "Published on", "PUBLISHED ON:",
            "Posted", "Posted on", "posted on :"]
DAY = date(2023, 1, 23)


@pytest.fixture(autouse=True)
def _day_first_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """No month-first setting from the tester's environment."""
    monkeypatch.delenv(MONTH_FIRST_ENV, raising=False)


def parse(raw: str, **options) -> ge.Article:
    return ge.parse_article(raw, source="x", **options)


# --- Every layout, every keyword ---------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("keyword", KEYWORDS)
def test_each_layout_after_each_keyword_dates_the_article(keyword: str, layout: str) -> None:
    article = parse(f"{keyword} {LAYOUTS[layout](DAY)}\n{BODY}")
    assert (article.published, article.text) == (DAY, BODY)


@pytest.mark.parametrize(("value", "published"), [
    ("2023-01-23", DAY), ("2023/01/23", DAY), ("2023.1.5", date(2023, 1, 5)),
    ("23 Jan 2023", DAY), ("23 Jan. 2023", DAY), ("23 January 2023", DAY), ("23rd of January, 2023", DAY),
    ("23-Jan-2023", DAY), ("January 23, 2023", DAY), ("Jan. 23, 2023", DAY), ("January 23rd 2023", DAY),
    ("Jan 23 2023", DAY), ("sept 5 2023", date(2023, 9, 5)), ("5 May 2023", date(2023, 5, 5)),
    ("23/01/2023", DAY), ("23.01.2023", DAY), ("23-01-2023", DAY), ("3/1/2023", date(2023, 1, 3)),
    ("Monday, 23 January 2023", DAY), ("Monday 23 January 2023", DAY), ("Mon, 23 Jan 2023", DAY),
    ("Monday, January 23, 2023", DAY),
    ("23 Jan 2023 10:45", DAY), ("23 Jan 2023, 10:45 GMT", DAY), ("23 Jan 2023 at 10:45 a.m.", DAY),
    ("23 Jan 2023 | 10:45 pm EST", DAY), ("2023-01-23T10:45:00Z", DAY), ("2023-01-23T10:45:00.123+03:00", DAY),
    ("2023-01-23 10:45:00 -0500", DAY), ("Mon, 23 Jan 2023 10:45:00 +0000", DAY),
    ("23 Jan 2023 10:45 UTC+3", DAY),
    ("20230123", DAY),  # other ISO 8601 forms after ``date``, as Python reads them, still read
])
def test_accepted_values(value: str, published: date) -> None:
    article = parse(f"date {value}\n{BODY}")
    assert (article.published, article.text) == (published, BODY)


def test_dates_in_the_text_count_from_a_word_form_header() -> None:
    article = parse("Published 23 Jan 2023\nOn Friday a drone hit a base near Raqqa.")
    (friday,) = find_dates(article.text, published=article.published)
    assert (friday.text, friday.day) == ("On Friday", date(2023, 1, 20))


@pytest.mark.parametrize("raw", [
    f"title: Raid in Syria\nPublished on 23 January 2023\n{BODY}",
    f"Published on 23 January 2023\ntitle: Raid in Syria\n\n{BODY}",
    f"\ufeff  Published: 23 January 2023  \n\ntitle: Raid in Syria\n{BODY}",
])
def test_a_title_line_before_or_after_the_date_line(raw: str) -> None:
    article = parse(raw)
    assert (article.published, article.title, article.text) == (DAY, "Raid in Syria", BODY)


def test_only_the_first_date_line_is_read_and_updated_lines_stay_text() -> None:
    article = parse(f"Published 23 Jan 2023\nUpdated 24 Jan 2023\n{BODY}")
    assert (article.published, article.text) == (DAY, f"Updated 24 Jan 2023\n{BODY}")
    article = parse(f"Published 23 Jan 2023\nPosted 24 Jan 2023\n{BODY}")
    assert (article.published, article.text) == (DAY, f"Posted 24 Jan 2023\n{BODY}")


def test_a_date_line_below_the_text_is_text() -> None:
    article = parse(f"{BODY}\nPublished 23 Jan 2023")
    assert (article.published, article.text) == (None, f"{BODY}\nPublished 23 Jan 2023")


# --- The article on the date's own line (the seed's layout) ------------------------------------

def test_the_seed_file_keeps_its_date_and_first_words(seed_path: Path) -> None:
    article = read_article_file(seed_path)
    assert article.published == DAY
    assert article.text.startswith("US Army has captured at least two")


@pytest.mark.parametrize("value", ["23 January 2023", "January 23, 2023", "Monday, 23 Jan 2023", "23/01/2023",
                                   "2023-01-23T10:45:00Z", "23 Jan 2023 10:45 GMT", "23 Jan 2023,",
                                   "23 Jan 2023 |", "23 Jan 2023 \u2014"])
def test_the_seed_with_a_word_form_date_reads_the_same_text(seed_path: Path, value: str) -> None:
    raw = seed_path.read_text(encoding="utf-8")
    assert raw.startswith(" date 2023-01-23 US Army")
    article = parse(raw.replace("2023-01-23", value, 1))
    assert (article.published, article.text) == (DAY, read_article_file(seed_path).text)


@pytest.mark.parametrize(("raw", "text"), [
    ("date 23 Jan 2023 On Friday a drone hit Raqqa.", "On Friday a drone hit Raqqa."),
    ("date 2023-01-23 On Friday a drone hit Raqqa.", "On Friday a drone hit Raqqa."),
    ("Published 23 January 2023 Friday's drone strike", "Friday's drone strike"),
    ("date 23 Jan 2023 1500 people fled Raqqa.", "1500 people fled Raqqa."),
    ("date 2023-01-23 2,000 people fled.", "2,000 people fled."),
    ("date January 23, 2023 2022 was worse.", "2022 was worse."),
    ("date 23/01/2023 2023 began badly.", "2023 began badly."),
    ("date 23 Jan 2023 10:45 ISIS fighters attacked.", "ISIS fighters attacked."),  # a time has a colon
    ("date 23 Jan 2023 - Raids near Raqqa.", "Raids near Raqqa."),
    ("date 23 Jan 2023 -5 degrees in Raqqa.", "-5 degrees in Raqqa."),
    ("Posted on 23 Jan 2023 by Reuters", "by Reuters"),
])
def test_text_after_the_date_on_its_line_stays(raw: str, text: str) -> None:
    article = parse(raw)
    assert (article.published, article.text) == (DAY, text)


# --- Day first, month first --------------------------------------------------------------------

@pytest.mark.parametrize(("value", "day_first", "published"), [
    ("03/04/2023", True, date(2023, 4, 3)),
    ("03/04/2023", False, date(2023, 3, 4)),
    ("03.04.2023", False, date(2023, 3, 4)),
    ("03-04-2023", False, date(2023, 3, 4)),
    ("13/01/2023", True, date(2023, 1, 13)),  # only day first reads it
    ("13/01/2023", False, None),  # never swapped to fit
    ("01/13/2023", False, date(2023, 1, 13)),
    ("01/13/2023", True, None),
    ("2023-03-04", False, date(2023, 3, 4)),  # year first is always year, month, day
    ("4 March 2023", False, date(2023, 3, 4)),  # words are never ambiguous
    ("March 4, 2023", True, date(2023, 3, 4)),
])
def test_numeric_dates_follow_the_switch_and_are_never_swapped(value: str, day_first: bool,
                                                               published: date | None) -> None:
    article = parse(f"Published {value}\n{BODY}", day_first=day_first)
    assert (article.published, article.text) == (published, BODY)


@pytest.mark.parametrize(("setting", "published"), [
    ("1", date(2023, 3, 4)), ("true", date(2023, 3, 4)), (" YES ", date(2023, 3, 4)),
    ("0", date(2023, 4, 3)), ("", date(2023, 4, 3)), ("off", date(2023, 4, 3)),
])
def test_the_environment_variable_sets_the_default_order(monkeypatch: pytest.MonkeyPatch, setting: str,
                                                         published: date) -> None:
    monkeypatch.setenv(MONTH_FIRST_ENV, setting)
    assert parse(f"date 03/04/2023\n{BODY}").published == published
    assert parse(f"date 03/04/2023\n{BODY}", day_first=True).published == date(2023, 4, 3)  # the argument wins
    assert parse(f"date 03/04/2023\n{BODY}", day_first=False).published == date(2023, 3, 4)


def test_an_unknown_setting_warns_and_reads_day_first(monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(MONTH_FIRST_ENV, "us-style")
    with caplog.at_level(logging.WARNING, logger=READER_LOG):
        first = parse(f"date 03/04/2023\n{BODY}")
        parse(f"date 03/04/2023\n{BODY}")
    assert first.published == date(2023, 4, 3)
    warned = [r.getMessage() for r in caplog.records if MONTH_FIRST_ENV in r.getMessage()]
    assert len(warned) == 1 and "'us-style'" in warned[0]  # once, not per article


def test_the_readers_of_files_and_uploads_follow_the_switch(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Posted on 03/04/2023\n{BODY}", encoding="utf-8")
    assert read_article_file(path).published == date(2023, 4, 3)
    assert read_article_file(path, day_first=False).published == date(2023, 3, 4)
    assert ge.read_paths([tmp_path], day_first=False).articles[0].published == date(2023, 3, 4)
    (item,) = read_inputs([path], day_first=False)
    assert item.articles[0].published == date(2023, 3, 4)
    monkeypatch.setenv(MONTH_FIRST_ENV, "1")  # what the page's uploads and folders follow
    assert read_input_bytes("up.txt", path.read_bytes()).articles[0].published == date(2023, 3, 4)
    assert ge.read_paths([tmp_path]).articles[0].published == date(2023, 3, 4)


# --- Lines that are not dates, and bad dates ---------------------------------------------------

@pytest.mark.parametrize("line", ["Published by Reuters", "Posted on Facebook, the video shows Raqqa.",
                                  "published 23 people were hurt", "Posted 5 May", "Published in 2023",
                                  "Posted on Jan 23", "Published 23/01/23", "Published", "Posted:",
                                  "Publisher: 23 Jan 2023", "Dated 23 Jan 2023", "date", "Date:"])
def test_a_line_without_a_full_date_is_prose(line: str) -> None:
    article = parse(f"{line}\n{BODY}")
    assert (article.published, article.text) == (None, f"{line}\n{BODY}")


@pytest.mark.parametrize(("raw", "text", "logged"), [
    ("date 2023-02-30 Impossible day.", "Impossible day.", "2023-02-30"),
    ("date 31/02/2023 Impossible day.", "Impossible day.", "31/02/2023"),
    ("date 13/13/2023 Impossible day.", "Impossible day.", "no month 13"),
    ("Published 31 February 2023\nImpossible day.", "Impossible day.", "31 February 2023"),
    ("Published on 0000-01-23\nYear zero.", "Year zero.", "year 0 "),
    ("date 23 Jan 0000 Year zero.", "Year zero.", "year 0 "),
    ("Published 23 Jan 20231\nA five-digit year.", "A five-digit year.", "year 20231"),
    ("date 20230-01-23 A five-digit year.", "A five-digit year.", "year 20230"),
    ("date yesterday Words.", "Words.", "'yesterday'"),  # ``date X``: X is a bad date, as before
])
def test_a_bad_date_leaves_the_article_undated_and_says_what_is_read(
        raw: str, text: str, logged: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=READER_LOG):
        article = parse(raw)
    assert (article.published, article.text) == (None, text)
    (message,) = [r.getMessage() for r in caplog.records if r.name == READER_LOG]
    assert message.startswith("x line 1: ") and logged in message and "kept undated" in message
    assert "23 Jan 2023" in message and "23/01/2023" in message and MONTH_FIRST_ENV in message


def test_a_weekday_that_does_not_match_is_logged_and_the_date_kept(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=READER_LOG):
        article = parse(f"Published Friday, 01/02/2023\n{BODY}")
    assert article.published == date(2023, 2, 1)
    (message,) = [r.getMessage() for r in caplog.records if r.name == READER_LOG]
    assert "Friday does not match 2023-02-01, a Wednesday" in message and "day first" in message


def test_an_undated_txt_input_names_the_date_lines_read() -> None:
    found = read_input_bytes("a.txt", f"Published by Reuters\n{BODY}".encode())
    (problem,) = found.problems
    assert problem.kept and "undated" in problem.message and "Published 23 Jan 2023" in problem.message


def test_leading_date_reports_where_the_date_ends() -> None:
    text = "Mon, 23 Jan 2023 10:45 GMT On Friday"
    found = leading_date(text)
    assert found is not None and (found.day, text[found.end:]) == (DAY, " On Friday")
    assert leading_date("On Friday, 23 Jan 2023") is None
    assert leading_date("23 Jan") is None and leading_date("23/01/23") is None


# --- Properties ---------------------------------------------------------------------------------

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(DATES, st.sampled_from(sorted(LAYOUTS)), st.sampled_from(KEYWORDS), st.booleans())
def test_any_date_in_any_layout_is_read_back(day: date, layout: str, keyword: str, titled: bool) -> None:
    title = "title: Raid\n" if titled else ""
    article = parse(f"{title}{keyword} {LAYOUTS[layout](day)}\nText.")
    assert (article.published, article.text) == (day, "Text.")


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(sorted(MONTH_FIRST_LAYOUTS)), st.sampled_from(KEYWORDS))
def test_any_date_month_first_is_read_back(day: date, layout: str, keyword: str) -> None:
    article = parse(f"{keyword} {MONTH_FIRST_LAYOUTS[layout](day)}\nText.", day_first=False)
    assert (article.published, article.text) == (day, "Text.")


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(["/", ".", "-"]), st.booleans())
def test_day_and_month_are_never_swapped(day: date, separator: str, day_first: bool) -> None:
    """A numeric date written in the other order reads as that order's date, or as none."""
    first, second = (day.month, day.day) if day_first else (day.day, day.month)  # the wrong order
    article = parse(f"date {first:02d}{separator}{second:02d}{separator}{day.year}\nText.", day_first=day_first)
    try:
        as_written = date(day.year, day.day, day.month)  # the day read as the month
    except ValueError:
        as_written = None
    assert (article.published, article.text) == (as_written, "Text.")


LINE = st.characters(blacklist_categories=("Cs",)).filter(lambda c: len(f"a{c}b".splitlines()) == 1)
DATE_PARTS = st.sampled_from(["23", "01", "13", "31", "02", "0000", "2023", "20231", "Jan", "January", "May",
                              "Monday", "Mon", "on", "of", "T", "10:45", "GMT", "Z", "+03:00", "am", "/", "-",
                              ".", ",", " ", "  ", "\t", "|", ":", "x"])
HEADER_LINES = st.one_of(
    st.text(LINE, max_size=40),
    st.builds(lambda keyword, value: f"{keyword} {value}",
              st.sampled_from([*KEYWORDS, "title:", "Updated", "Publisher"]),
              st.one_of(st.text(LINE, max_size=30), st.lists(DATE_PARTS, max_size=12).map("".join))),
)


@settings(max_examples=500, deadline=None)
@given(HEADER_LINES, st.booleans())
def test_any_header_line_never_raises_nor_loses_the_body(header: str, day_first: bool) -> None:
    article = parse(f"{header}\n{BODY}", day_first=day_first)
    assert article.published is None or isinstance(article.published, date)
    assert article.text.endswith(BODY)
    kept = article.text[:-len(BODY)]
    assert kept == "" or (kept.endswith("\n") and header.strip().endswith(kept[:-1].strip()))  # a prefix goes
    if not header.strip().lower().startswith(("date", "published", "posted", "title")):
        assert kept == (f"{header.lstrip()}\n" if header.strip() else "")  # prose is untouched


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_text_never_raises_and_keeps_the_body(header: str, body: str) -> None:
    body = "Raids " + body
    article = parse(f"{header}\n{body}")
    assert "\n".join(body.splitlines()).strip() in article.text


# --- The command line ---------------------------------------------------------------------------

def test_month_first_option_of_extract(tmp_path: Path, gazetteer) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Published 03/04/2023\nShelling hit Raqqa.", encoding="utf-8")
    dates = {}
    for flag in ([], ["--month-first"]):
        out = tmp_path / f"rows{len(flag)}.jsonl"
        assert main(["extract", str(article), "--columns", "event_date,matched_text", "-o", str(out),
                     *flag]) == 0
        dates[bool(flag)] = {json.loads(line)["event_date"] for line in out.read_text().splitlines()}
    assert dates == {False: {"2023-04-03"}, True: {"2023-03-04"}}


def test_month_first_option_of_ingest(tmp_path: Path, gazetteer) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Posted on 03/04/2023\nA drone struck a base near Raqqa.", encoding="utf-8")
    store, out = tmp_path / "events.sqlite3", tmp_path / "events.jsonl"
    assert main(["ingest", str(article), "--store", str(store), "--no-progress", "--month-first"]) == 0
    assert main(["events", "--store", str(store), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and {r["event_date"] for r in rows} == {"2023-03-04"}


# --- Date cells of CSV / JSON Lines collections ------------------------------------------------

@pytest.mark.parametrize(("cell", "day_first", "published"), [
    ("2023-01-23", True, DAY), ("2023-01-23T10:45:00Z", True, DAY), ("2023-01-23 (approx.)", True, DAY),
    ("23 Jan 2023", True, DAY), ("January 23, 2023 10:45 GMT", True, DAY), ("23/01/2023", True, DAY),
    ("03/04/2023", True, date(2023, 4, 3)), ("03/04/2023", False, date(2023, 3, 4)),
    ("13/01/2023", False, None), ("31/02/2023", True, None), ("23 Jan 2023 and more", True, None),
])
def test_table_date_cells_read_the_same_layouts(tmp_path: Path, cell: str, day_first: bool,
                                                published: date | None) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": BODY, "date": cell}) + "\n", encoding="utf-8")
    result = ge.read_paths([tmp_path], day_first=day_first)
    assert [a.published for a in result.articles] == [published]
    assert [p.kept for p in result.problems] == ([] if published else [True])
    if published is None:
        assert "23 Jan 2023" in result.problems[0].message and "kept undated" in result.problems[0].message


def test_table_date_cells_follow_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.csv").write_text(f"date,text\n03/04/2023,{BODY}\n", encoding="utf-8")
    assert ge.read_paths([tmp_path]).articles[0].published == date(2023, 4, 3)
    monkeypatch.setenv(MONTH_FIRST_ENV, "1")
    assert ge.read_paths([tmp_path]).articles[0].published == date(2023, 3, 4)
