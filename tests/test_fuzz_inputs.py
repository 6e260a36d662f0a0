"""Issue 12's promises, checked on generated input: no reader, batch line or event
extraction raises on bad content, and no unit (row, line, zip member) is lost.

Each property draws hostile input (arbitrary bytes, CSV with stray quotes,
``\\r`` and NUL, arbitrary JSON per line, ACLED rows with arbitrary cells,
zips with ``../`` and ``\\`` names, text with lone surrogates, sentences of
place, actor and trigger words) and checks what the public functions promise:

- readers return an ``InputFile`` / ``UploadedFile`` list, and every problem
  names its unit (the file, ``"name, line N"``, a zip member);
- ``geoparse_lines`` / ``resolve_lines`` give one JSON object per input line,
  either the answer or ``{"error": "line N: ..."}``;
- ``Geoparser.article_events`` raises nothing but ``GeoEventsError``, and each
  event belongs to its article and quotes its text.

What they found is kept at the end as minimal reproductions, each fixed.

``HYPOTHESIS_PROFILE=ci`` (``.ci/run``) draws the same examples every run;
each test bounds its own ``max_examples`` so the file runs in well under a minute.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO

import geo_events as ge
from geo_events.errors import DeadlineError, GeoEventsError
from geo_events.io import read_uploads
from geo_events.io.batch import geoparse_lines, resolve_lines
from geo_events.io.readers import InputFile, read_input_bytes
from geo_events.io.tables import ACLED_COLUMNS, csv_rows, jsonl_rows
from geo_events.limits import deadline
from geo_events.models import IngestProblem
from geo_events.text.characters import replace_surrogates


def big(max_examples: int) -> settings:
    """Settings for inputs that are big on purpose (200 KB cells, 100,000 brackets): hypothesis's
    size and speed health checks would flag them as a mistake."""
    return settings(max_examples=max_examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


# --- Strategies ---------------------------------------------------------------------------

#: Any text at all, lone surrogates included (hypothesis leaves those out by default).
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHARACTER, max_size=200)
#: Text that can be written as UTF-8 (no surrogates).
UTF8_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
SUFFIXES = st.sampled_from([".txt", ".csv", ".jsonl", ".TXT", ".Csv"])
#: File names as uploads and zips give them: folders, backslashes, dots, odd characters.
NAMES = st.builds(lambda stem, suffix: stem + suffix,
                  st.one_of(st.sampled_from(["a", "../x", "..\\..\\y", "/abs/z", "dir/", " ", "", ".hidden",
                                             "a:b", "naïve", "C:\\docs\\r"]),
                            st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)),
                  SUFFIXES)
#: CSV cells: mostly short and spiky (quotes, commas, every line break, NUL), sometimes
#: over the csv module's 128 KB default field limit.
CSV_PIECES = st.sampled_from(['"', ",", "\r", "\n", "\r\n", "\x00", '""', " ", "\t", "Raqqa", "2023-01-20",
                              "\ufeff", "é", "\u2028"])
SMALL_CELL = st.lists(st.one_of(CSV_PIECES, UTF8_TEXT), max_size=6).map("".join)
HUGE_CELL = st.builds(lambda piece, chars: piece * (chars // len(piece)),
                      st.sampled_from(["x", "Raids near Mosul. ", '"', "a,b"]), st.integers(130_000, 210_000))
#: ACLED's required columns, then the optional ones this reader uses.
ACLED_HEADER = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities",
                "time_precision", "geo_precision", "actor1", "location", "notes", "inter1", "inter2",
                "interaction", "assoc_actor_1", "admin2"]
assert ACLED_COLUMNS <= set(ACLED_HEADER)
#: Cells an export can hold, good and bad: missing, 1e400, 1e23, NaN, 5,000 digits, words.
ACLED_CELL = st.one_of(
    st.sampled_from(["", " ", "SYR1", "SYR1", "2023-01-20", "20 January 2023", "01/20/2023", "2023-02-30",
                     "35.9", "39.0", "-91", "181", "nan", "inf", "-inf", "1e400", "1e23", "-0", "0", "2", "3",
                     "1.5", "9" * 5_000, "Battles", "ISIS", "Raqqa", "State forces", "civilians", "17", "60",
                     "State forces-Civilians"]),
    st.text(st.characters(codec="utf-8", exclude_characters=',"\r\n\x00'), max_size=15),
    st.integers().map(str), st.floats().map(repr))
#: Any JSON value (NaN and huge integers included: the json module writes and reads both).
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHARACTER, max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
#: JSON objects close to what the readers and the batch commands expect, with any value in each field.
ARTICLE_OBJECTS = st.fixed_dictionaries(
    {}, optional={"text": st.one_of(ANY_TEXT, JSON_VALUES), "date": st.one_of(st.dates().map(date.isoformat),
                                                                              JSON_VALUES),
                  "title": JSON_VALUES, "url": JSON_VALUES,
                  "spans": st.one_of(st.lists(st.lists(st.integers(), max_size=3), max_size=4),
                                     st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)).map(list),
                                              max_size=4),
                                     JSON_VALUES)})
#: Lines that fail to decode in unusual ways (issue 12, case 3), and blank ones.
ABSURD_LINES = st.sampled_from(["[" * 100_000 + "]" * 100_000, '{"text": ' + "9" * 5_000 + "}", "", "   ",
                                "\ufeff", "{", "null", '{"text": "\\ud800 Mosul"}', '{"text": "a\rb"}',
                                '{"text": "Raids near Mosul."}'])
JSON_LINE = st.one_of(ARTICLE_OBJECTS.map(json.dumps), JSON_VALUES.map(json.dumps),
                      ABSURD_LINES, ANY_TEXT)

#: Words the event stage reacts to: places (every spelling), actors, triggers, counts, dates.
PLACES = ["Mosul", "Raqqa", "Deir ez-Zor", "Deir al-Zour", "Dayr az-Zawr", "Albu Kamal", "Syria", "Iraq",
          "Hajin", "Qamishli", "Syrian", "Iraqi"]
ACTORS = ["ISIS", "IS", "SDF", "Kurdish-led forces", "the Syrian army", "police", "militants", "U.S. forces",
          "Turkish drones", "Hezbollah", "Islamic State"]
TRIGGERS = ["captured", "killed", "drone strike", "arrested", "shelled", "clashes", "raid", "protest",
            "retook", "IED", "car bomb", "were captured", "wounded", "seized", "airstrike", "rioted"]
FILLERS = ["on 5 March", "on Friday", "Jan. 21", "in December", "since 2016", "over the past 48 hours",
           "a month after", "six", "3", "dozens of", "12,000", "near", "in", "the", "said", "of", "and", "by",
           ".", ",", ";", "!", "?", "...", '"', "'", "(", ")", "-", "\n", "\n\n", "\r\n", "  ", "\t", "date",
           " date 2023-01-20", "Mr.", "U.S.", "al-", "ʿ", "’"]
EVENT_WORDS = st.sampled_from(PLACES + ACTORS + TRIGGERS + FILLERS)
#: Word salad: the event words in any order, with stray characters and separators.
WORD_SALAD = st.lists(st.one_of(EVENT_WORDS, EVENT_WORDS, EVENT_WORDS, st.text(max_size=4)), max_size=30).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", " ", "\n", ". "]), min_size=len(words),
                           max_size=len(words)).map(lambda seps: "".join(w + s for w, s in zip(words, seps))))
#: Sentences shaped like news ("ISIS captured Mosul on 5 March."), with parts left out or garbled.
SENTENCE = st.builds(
    lambda *parts: " ".join(p for p in parts[:-1] if p) + parts[-1],
    st.sampled_from(ACTORS + ["", "six", "A"]), st.sampled_from(TRIGGERS), st.sampled_from(["", "near", "in", "of"]),
    st.sampled_from(PLACES), st.sampled_from(["", "", *FILLERS[:7], "by", "killing 3", "wounding dozens"]),
    st.sampled_from([".", ".", "", ";", "!", "\n", "\n\n", "...", ". \"", " (", ".)"]))
EVENT_TEXT = st.lists(st.one_of(SENTENCE, SENTENCE, WORD_SALAD), max_size=6).map(" ".join)


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = b" date 2023-01-20 A drone struck a base near Raqqa."
MEMBER_NAMES = st.builds(
    lambda folder, stem, suffix: folder + stem + suffix,
    st.sampled_from(["", "../", "../../", "..\\", "..\\..\\", "/", "\\", "a/", "a\\b\\", "./", "__MACOSX/",
                     "docs/../../", "dir//"]),
    st.one_of(st.sampled_from(["a", "b", ".DS_Store", "._a", "..", ".", ""]),
              st.text(st.characters(codec="utf-8", exclude_characters="\x00/"), max_size=8)),
    st.sampled_from([".txt", ".csv", ".jsonl", ".zip", ".pdf", "", "/", ".TXT"])).filter(bool)
MEMBER_DATA = st.one_of(st.binary(max_size=300), st.just(GOOD), st.just(b"text,date\nRaids in Raqqa,2023-01-01\n"),
                        st.just(zipped([("inner.txt", GOOD)])), JSON_LINE.map(lambda t: t.encode("utf-8", "replace")))


@st.composite
def zip_uploads(draw) -> tuple[bytes, list[str]]:
    """A zip of random members (distinct names; a name ending in "/" is a folder entry)."""
    members = draw(st.lists(st.tuples(MEMBER_NAMES, MEMBER_DATA), max_size=8, unique_by=lambda m: m[0]))
    return zipped(members), [name for name, _ in members]


@st.composite
def corrupt_zips(draw) -> bytes:
    """A zip of random members with one to three bytes changed anywhere (headers, names, data)."""
    data = bytearray(draw(zip_uploads())[0])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.sampled_from([data[at] ^ 0xFF, data[at] ^ 0x08, 0, 0xFF, 0x80]))
    return bytes(data)


def assert_problems_name_their_unit(found: InputFile, name: str) -> None:
    for problem in found.problems:
        assert isinstance(problem, IngestProblem)
        assert problem.source == name or problem.source.startswith((f"{name}, line ", f"{name}#")), problem
        assert problem.message.strip(), problem
        assert "internal error" not in problem.message, problem  # a bug the safety net caught
    for article in found.articles:
        assert article.source.startswith(name) and article.text.strip() == article.text and article.text


def assert_nothing_dropped_silently(found: InputFile) -> None:
    assert found.articles or found.events or found.problems, "input gave nothing and said nothing"


def csv_record(cells: list[str], newline: str) -> str:
    """One CSV record as RFC 4180 writes it: a cell holding a comma, a quote or any line break
    quoted, its quotes doubled (the csv module's writer leaves a lone \\r unquoted)."""
    return ",".join(f'"{c.replace(chr(34), 2 * chr(34))}"' if re.search(r'[,"\r\n]', c) else c
                    for c in cells) + newline


def line_starts(records: list[str]) -> list[int]:
    """The line each CSV record starts on (line 1 is the header), lines ending at \\r\\n, \\r or \\n."""
    starts, line = [], 2
    for record in records:
        starts.append(line)
        line += len(re.findall(r"\r\n|\r|\n", record))
    return starts


# --- Readers: arbitrary bytes ---------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(NAMES, st.one_of(st.binary(max_size=400),
                        st.sampled_from(["\ufeff", "\ufeff\ufeff", "\ufffe", ""]).flatmap(
                            lambda bom: UTF8_TEXT.map(lambda t: (bom + t).encode("utf-8"))),
                        st.sampled_from(["utf-16", "utf-16-le", "utf-32", "utf-16-be"]).flatmap(
                            lambda codec: UTF8_TEXT.map(lambda t: t.encode(codec)))))
def test_any_bytes_under_any_input_name_are_read_or_reported(name: str, data: bytes) -> None:
    found = read_input_bytes(name, data)
    assert isinstance(found, InputFile)
    assert_problems_name_their_unit(found, name)
    assert_nothing_dropped_silently(found)


# --- CSV, JSON Lines, ACLED: structured but hostile text ------------------------------------

@big(200)
@given(st.lists(st.sampled_from(["text", "date", "title", "url", "text", "", " text ", "\ufefftext"]) | SMALL_CELL,
                min_size=1, max_size=5),
       st.lists(st.lists(st.one_of(SMALL_CELL, SMALL_CELL, SMALL_CELL, HUGE_CELL), max_size=5)
                | SMALL_CELL.map(lambda raw: [raw]), max_size=6),
       st.sampled_from(["\n", "\r\n", "\r", ""]), st.booleans())
def test_hostile_csv_is_read_or_reported_line_by_line(header: list[str], rows: list[list[str]],
                                                      newline: str, quote_all: bool) -> None:
    def line(cells: list[str]) -> str:
        return ",".join(f'"{c}"' if quote_all else c for c in cells)  # quotes left unescaped on purpose

    text = newline.join(line(cells) for cells in [header, *rows])
    total_lines = len(re.findall(r"\r\n|\r|\n", text)) + 1
    previous = 0
    for item in csv_rows(text, source="h.csv"):
        if isinstance(item, IngestProblem):
            assert item.source == "h.csv" or item.source.startswith("h.csv, line "), item
            continue
        number, row = item
        assert previous < number <= total_lines and isinstance(row, dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in row.items())
        previous = number
    found = read_input_bytes("h.csv", text.encode("utf-8"))
    assert_problems_name_their_unit(found, "h.csv")
    assert_nothing_dropped_silently(found)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "text": st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=80).filter(
        lambda t: t.strip()),
    "date": st.one_of(st.dates().map(date.isoformat), st.sampled_from(["", "2023-02-30", "yesterday"])),
    "title": UTF8_TEXT.map(lambda t: t.replace("\x00", ""))}), min_size=1, max_size=12),
    st.sampled_from(["\n", "\r\n"]))
def test_every_well_formed_csv_row_becomes_an_article_or_a_problem(rows: list[dict], newline: str) -> None:
    """Nothing lost: N rows with a text cell (quotes, commas, line breaks inside it) give an
    article or a problem each, on the line the row starts on."""
    records = [csv_record([row["text"], row["date"], row["title"]], newline) for row in rows]
    data = ("text,date,title" + newline + "".join(records)).encode("utf-8")
    found = read_input_bytes("n.csv", data)
    assert_problems_name_their_unit(found, "n.csv")
    starts = line_starts(records)
    read = {int(re.match(r"n\.csv#(\d+)", a.source).group(1)) for a in found.articles}
    skipped = {int(p.source.rsplit(" ", 1)[1]) for p in found.problems if not p.kept}
    assert read | skipped == set(starts), (starts, read, skipped, found.problems)
    assert not read & skipped
    by_line = {}
    for article in found.articles:
        by_line.setdefault(int(re.match(r"n\.csv#(\d+)", article.source).group(1)), []).append(article.text)
    for start, row in zip(starts, rows):
        if start in by_line:  # the text is read whole (in parts only past the size limit)
            assert "".join(by_line[start]) == row["text"].strip()


@big(200)
@given(st.lists(JSON_LINE, max_size=8), st.booleans())
def test_any_json_lines_give_an_article_or_a_problem_per_line(lines: list[str], bom: bool) -> None:
    text = ("\ufeff" if bom else "") + "\n".join(lines)
    items = list(jsonl_rows(text, source="j.jsonl"))
    assert all(isinstance(i, IngestProblem) or (isinstance(i[0], int) and isinstance(i[1], dict)) for i in items)
    found = read_input_bytes("j.jsonl", text.encode("utf-8", "surrogatepass"))
    assert_problems_name_their_unit(found, "j.jsonl")
    assert_nothing_dropped_silently(found)
    if any(p.source == "j.jsonl" and not p.kept for p in found.problems):
        return  # refused as a whole (not UTF-8, a NUL byte: "binary"), and named (checked above)
    decoded = text.removeprefix("\ufeff")
    expected = {n for n, line in enumerate(decoded.split("\n"), start=1) if line.strip()}
    read = {int(re.match(r"j\.jsonl#(\d+)", a.source).group(1)) for a in found.articles}
    skipped = {int(p.source.rsplit(" ", 1)[1]) for p in found.problems if not p.kept and ", line " in p.source}
    assert read | skipped == expected and not read & skipped, (expected, read, skipped)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(ACLED_CELL, min_size=len(ACLED_HEADER), max_size=len(ACLED_HEADER)), max_size=10),
       st.sampled_from(["\n", "\r\n"]))
def test_acled_rows_with_any_cells_are_events_or_named_problems(rows: list[list[str]], newline: str) -> None:
    text = newline.join(",".join(cells) for cells in [ACLED_HEADER, *rows]) + newline
    found = read_input_bytes("acled.csv", text.encode("utf-8"))
    assert not found.articles
    assert_problems_name_their_unit(found, "acled.csv")
    data_rows = [cells for cells in rows if any(c.strip() for c in cells)]  # all-blank rows are blank lines
    skipped = [p for p in found.problems if not p.kept and p.source != "acled.csv"]
    assert len(found.events) + len(skipped) == len(data_rows), found.problems
    if not data_rows:
        assert [p.message for p in found.problems] == ["no rows; nothing read"]
    assert len({p.source for p in skipped}) == len(skipped)
    assert len({e.event_id for e in found.events}) == len(found.events)
    for event in found.events:
        assert -90 <= event.latitude <= 90 and -180 <= event.longitude <= 180
        assert 0 <= event.fatalities <= 1_000_000 and event.time_precision in (1, 2, 3)
        assert 0 <= event.inter1 <= 8 and 0 <= event.inter2 <= 8 and 0 <= event.interaction <= 88


# --- Zips and uploads -----------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.tuples(NAMES, st.binary(max_size=200)),
    st.tuples(st.sampled_from(["up.zip", "../up.zip", "a\\b\\c.ZIP", ".zip", "x.zip"]),
              st.one_of(zip_uploads().map(lambda z: z[0]), st.binary(max_size=200), corrupt_zips())),
    st.tuples(st.text(max_size=10), st.binary(max_size=50))), max_size=5))
def test_any_uploads_are_read_or_reported_each_under_its_name(uploads: list[tuple[str, bytes]]) -> None:
    found = read_uploads(uploads)
    assert len(found) >= len(uploads)
    for upload in found:
        assert upload.name and not upload.name.startswith(("/", "\\"))  # a label, never a path
        assert_problems_name_their_unit(upload.input, upload.name)
        assert_nothing_dropped_silently(upload.input)


@settings(max_examples=200, deadline=None)
@given(zip_uploads())
def test_every_zip_member_is_read_or_named(upload: tuple[bytes, list[str]]) -> None:
    data, names = upload
    found = read_uploads([("up.zip", data)])
    files = [n for n in names if not n.endswith("/")]
    if not files:
        assert [f.name for f in found] == ["up.zip"] and "empty zip" in found[0].input.problems[0].message
        return
    hidden = 0
    members = []
    for upload_file in found:
        summary = [p for p in upload_file.input.problems if "hidden or system file(s)" in p.message]
        if upload_file.name == "up.zip" and summary:
            hidden += int(summary[0].message.split(" ", 1)[0])
        else:
            assert upload_file.name.startswith("up.zip/")
            members.append(upload_file)
    assert len(members) + hidden == len(files), ([f.name for f in found], names)
    for member in members:
        assert ".." not in member.name.split("/") and "\\" not in member.name


# --- Articles and batch lines ---------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.one_of(ANY_TEXT,
                 st.builds(lambda title, day, body: f"{title}\n date {day} {body}",
                           st.sampled_from(["", "title: x", "title:", "TITLE: \ud800"]),
                           st.one_of(st.dates().map(date.isoformat), ANY_TEXT.map(lambda t: t[:12])), ANY_TEXT)))
def test_parse_article_takes_any_string(raw: str) -> None:
    article = ge.parse_article(raw, source="any")
    assert isinstance(article, ge.Article) and article.source == "any"
    assert article.published is None or isinstance(article.published, date)
    assert not re.search("[\ud800-\udfff]", article.text + article.title)  # lone surrogates replaced
    assert article.text == article.text.strip()


def check_batch_output(lines: list, out: list[str], answer_key: str) -> list[dict]:
    assert len(out) == len(lines)
    answers = []
    for number, line in enumerate(out, start=1):
        obj = json.loads(line)
        assert isinstance(obj, dict) and len(obj) == 1, obj
        if "error" in obj:
            assert obj["error"].startswith(f"line {number}: ") and "internal error" not in obj["error"], obj
        else:
            assert isinstance(obj[answer_key], list), obj
        answers.append(obj)
    return answers


def line_object(line: str | bytes | None, *, first: bool) -> dict | None:
    """The object a batch line holds, if it is one (BOM allowed on the first line only)."""
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
        value = json.loads(text.removeprefix("\ufeff") if first else text, strict=False)
    except (AttributeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


#: Lines whose text names places (so answers have toponyms to check), with any spans.
PLACE_LINES = st.builds(lambda text, spans: json.dumps({"text": text, "spans": spans}), EVENT_TEXT,
                        st.lists(st.one_of(st.tuples(st.integers(-3, 80), st.integers(-3, 80)).map(list),
                                           st.lists(st.integers(), max_size=3), JSON_VALUES), max_size=5))


@big(250)
@given(st.lists(st.one_of(JSON_LINE, PLACE_LINES, st.binary(max_size=60),
                          ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.none()), max_size=6))
def test_geoparse_lines_answer_every_line_once(geoparser: ge.Geoparser, lines: list) -> None:
    answers = check_batch_output(lines, list(geoparse_lines(lines, geoparser)), "toponyms")
    for number, (line, answer) in enumerate(zip(lines, answers), start=1):
        if "toponyms" in answer:
            text = replace_surrogates(line_object(line, first=number == 1)["text"])
            for toponym in answer["toponyms"]:
                assert text[toponym["start"]:toponym["end"]] == toponym["text"] != "", (text, toponym)


@big(250)
@given(st.lists(st.one_of(JSON_LINE, PLACE_LINES, st.binary(max_size=40),
                          ARTICLE_OBJECTS.filter(lambda o: isinstance(o.get("text"), str)).map(
                              lambda o: json.dumps({**o, "spans": o.get("spans", [[0, 1]])}))), max_size=6))
def test_resolve_lines_answer_every_line_once_with_one_place_per_span(geoparser: ge.Geoparser,
                                                                     lines: list) -> None:
    answers = check_batch_output(lines, list(resolve_lines(lines, geoparser)), "places")
    for number, (line, answer) in enumerate(zip(lines, answers), start=1):
        if "places" in answer:
            spans = line_object(line, first=number == 1)["spans"]
            assert len(answer["places"]) == len(spans)
            for span, place in zip(spans, answer["places"]):
                assert place is None or [place["start"], place["end"]] == list(span), (span, place)


# --- Event extraction -----------------------------------------------------------------------

def check_events(geoparser: ge.Geoparser, text: str) -> None:
    article = ge.parse_article(text, source="fuzz.txt")
    try:
        events = geoparser.article_events(article)
    except GeoEventsError:
        return  # a documented refusal is allowed; anything else fails the test
    for event in events:
        assert event.article_id == article.article_id and event.source == "fuzz.txt"
        assert event.kind in ("event", "mention")
        assert event.notes and event.notes in article.text, (event.notes, article.text)
        assert event.matched_text in article.text
        assert event.fatalities >= 0 and event.injuries >= 0 and event.captured >= 0
        assert event.time_precision in (1, 2, 3) and event.geo_precision in (1, 2, 3)


@settings(max_examples=500, deadline=None)
@given(EVENT_TEXT)
def test_event_extraction_on_place_actor_and_trigger_words(geoparser: ge.Geoparser, text: str) -> None:
    check_events(geoparser, text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_event_extraction_on_any_text(geoparser: ge.Geoparser, text: str) -> None:
    check_events(geoparser, text)


@settings(max_examples=50, deadline=None)
@given(EVENT_TEXT)
def test_event_extraction_past_its_deadline_raises_only_deadline_error(geoparser: ge.Geoparser,
                                                                       text: str) -> None:
    article = ge.parse_article(text, source="fuzz.txt")
    with deadline(0):
        try:
            geoparser.article_events(article)
        except DeadlineError:
            pass


# --- What the properties found, as minimal reproductions (fixed) -----------------------------------

# A CSV whose lines end in a bare \r (classic Mac OS, some spreadsheet exports): the readers
# read such lines (csv_rows), but the header check split the text at \n only and handed the
# whole file to the csv module as one line, which raised "new-line character seen in
# unquoted field" out of read_input_bytes (and lost the whole file as an internal error
# in read_uploads / read_paths).

@pytest.mark.parametrize("data", [b"\r,text\n", b"text,date\rRaids\r"])
def test_a_bare_carriage_return_in_a_csv_header_line_does_not_raise(data: bytes) -> None:
    found = read_input_bytes("h.csv", data)
    assert_problems_name_their_unit(found, "h.csv")
    assert_nothing_dropped_silently(found)


def test_a_csv_with_bare_carriage_return_line_ends_is_read_row_by_row() -> None:
    found = read_input_bytes("mac.csv", b"text,date\rRaids near Raqqa,2023-01-01\rClashes in Mosul,2023-01-02\r")
    assert [(a.source, a.text) for a in found.articles] == [("mac.csv#2", "Raids near Raqqa"),
                                                          ("mac.csv#3", "Clashes in Mosul")]
    assert found.problems == []


def test_an_acled_export_with_bare_carriage_return_line_ends_is_read_as_events() -> None:
    found = read_input_bytes("acled.csv", b"event_id_cnty,event_date,event_type,latitude,longitude\r"
                                          b"SYR1,2023-01-20,Battles,35.9,39.0\r")
    assert [e.event_id for e in found.events] == ["acled:SYR1"] and not found.problems


# A zip member whose local header holds a name that is not UTF-8 (a corrupt byte; the central
# directory is intact): zipfile's open() raises UnicodeDecodeError, which the member loop did
# not catch, so the whole zip became one "internal error" and its good members were lost.

def test_a_member_with_a_garbled_local_name_is_refused_and_the_others_are_read() -> None:
    data = bytearray(zipped([("é.txt", GOOD), ("b.txt", GOOD)]))
    assert data[30:32] == "é".encode()  # the first member's name in its local header
    data[30] ^= 0xFF
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert set(found) == {"up.zip/é.txt", "up.zip/b.txt"}, found
    assert "cannot unpack" in found["up.zip/é.txt"].problems[0].message
    assert len(found["up.zip/b.txt"].articles) == 1


# A zip whose central directory asks for a newer zip version than Python reads (here a
# corrupt byte: "version needed to extract" 23.5): zipfile.ZipFile() raises
# NotImplementedError, which was not among the errors read as "not a readable zip", so the
# upload was reported as an internal error ("please report it") instead.

def test_a_zip_of_an_unknown_version_is_not_readable_not_an_internal_error() -> None:
    data = bytearray(zipped([("a.txt", GOOD)]))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 0xEB  # version needed to extract: 23.5
    (found,) = read_uploads([("up.zip", bytes(data))])
    assert found.name == "up.zip"
    assert [p.message for p in found.input.problems] == ["not a readable zip: zip file version 23.5"]


# A zip member whose name starts with a NUL byte (zipfile cuts names at the first NUL, so the
# name is ""): ZipInfo.is_dir() indexes filename[-1] and raised IndexError on Python 3.11,
# so the whole zip became one "internal error" and its good members were lost.

def test_a_member_with_an_empty_name_is_named_and_the_others_are_read() -> None:
    data = bytearray(zipped([("a.txt", GOOD), ("b.txt", GOOD)]))
    central = data.index(b"PK\x01\x02")
    data[central + 46] = 0  # the first byte of the first member's name in the central directory
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert len(found["up.zip/b.txt"].articles) == 1, found
    assert len(found) == 2 and all(f.problems for name, f in found.items() if name != "up.zip/b.txt")


# A zip whose end record gives a central directory offset past the real one (a corrupt byte):
# zipfile shifts every member's header offset below 0 and open() raised "negative seek value"
# (ValueError), which the member loop did not catch: the whole zip was an "internal error".

def test_a_zip_with_a_corrupt_directory_offset_names_its_members() -> None:
    data = bytearray(zipped([("a.txt", GOOD), ("b.txt", GOOD)]))
    end = data.rindex(b"PK\x05\x06")
    data[end + 19] = 0x01  # the central directory's offset, plus 16 MB
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert set(found) == {"up.zip/a.txt", "up.zip/b.txt"}, found
    assert all("cannot unpack" in f.problems[0].message for f in found.values())


# --- Two more they found, fixed: the csv field size limit is raised when geo_events.io.tables loads,
# and a corrupt LZMA member is that member's "cannot unpack" ---

# A CSV whose header line holds a cell over 128 KB raises out of read_input_bytes when it is
# the first CSV the process reads: the header check runs the csv module before csv_rows has
# raised its field size limit (process-wide, so only a fresh interpreter shows it; later
# reads passed). read_paths / read_uploads then lost the whole file as an internal error.
FRESH_BIG_HEADER = """
from geo_events.io.readers import read_input_bytes
found = read_input_bytes("h.csv", b"text," + b"x" * 200_000 + b"\\nRaids near Raqqa,1\\n")
print(len(found.articles))
"""


def test_a_header_cell_over_128_kb_in_a_fresh_process_does_not_raise() -> None:
    done = subprocess.run([sys.executable, "-c", FRESH_BIG_HEADER], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr


# A member compressed with LZMA whose data is corrupt: lzma.LZMAError is not among the errors
# the member loop read as "cannot unpack", so the whole zip (its good members too) became
# one "internal error".

def test_a_corrupt_lzma_member_is_refused_and_the_others_are_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_LZMA) as archive:
        archive.writestr("a.txt", GOOD * 20)
        archive.writestr("b.txt", GOOD)
    data = bytearray(buffer.getvalue())
    data[30 + len("a.txt") + 4] ^= 0xFF  # the first LZMA properties byte of a.txt's data
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert set(found) == {"up.zip/a.txt", "up.zip/b.txt"}, found
    assert "cannot unpack" in found["up.zip/a.txt"].problems[0].message
    assert len(found["up.zip/b.txt"].articles) == 1
