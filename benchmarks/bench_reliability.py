"""python benchmarks/bench_reliability.py [--quick]: issue 12 in numbers: linear time, fuzz, every case.

Three tables, in markdown, to stdout (progress to stderr):

1. **Event extraction time against text size.** ``Geoparser.article_events`` on
   one article (``parse_article``) of 10, 100 and 1,000 KB in four shapes
   (short sentences with places and triggers; the sample articles' paragraphs
   repeated; lines padded with blank lines; words with no punctuation at all),
   median of a few runs. "s per 100 KB" is the time at 1,000 KB over 10, and
   "1000/100" the ratio of the two largest: about 10 when the stage is linear,
   about 100 when it is quadratic. Articles over ``MAX_ARTICLE_CHARS`` are read in
   parts by the readers; the big article here goes to the stage directly, to
   time the stage itself. The last column times a 1 MB ``.txt`` through the
   readers (``read_input_bytes`` and ``article_events`` of every part).
2. **Fuzz throughput.** Seeded random inputs (``random``, not hypothesis: a plain
   measurement) through the public readers and batch functions: cases per
   second, cases that raised (must be 0), units lost (must be 0: a file that
   gave nothing and said nothing, a row or line neither read nor reported, a
   zip member not named, a batch line without its answer) and internal errors
   (must be 0: a bug the unit-of-work safety net caught, "please report it").
3. **The issue's list.** Each reported case run through the public functions:
   ``ok`` when it is read or reported (never raised) and the good input beside
   it still read, ``FAIL`` otherwise.

The exit code is 1 when any case fails, raises, loses a unit or hits an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import geo_events as ge  # noqa: E402
from benchmarks.machine import pin_one_core  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from geo_events.io import read_uploads  # noqa: E402
from geo_events.io.batch import geoparse_lines, json_lines, resolve_lines  # noqa: E402
from geo_events.io.readers import read_input_bytes, read_input_file  # noqa: E402

log = logging.getLogger("bench_reliability")

#: Text shapes for the timing table: (name, how to make ``chars`` characters of it).
SHORT_SENTENCES = "Raids near Mosul. A drone strike killed 3 in Raqqa on 5 March. SDF arrested 5 in Deir ez-Zor. "
BLANK_PADDED = "Clashes near Deir ez-Zor killed 2\n\n\n\n\n\n"
NO_PUNCTUATION = "forces captured Mosul and Raqqa after clashes near Deir ez-Zor killed three fighters "
#: Issue 12's inputs.
GOOD = " date 2023-01-20 A drone struck a base near Raqqa."
CRASH_SENTENCE = " date 2023-01-24 In Mosul, police said six suspects were captured."
NESTED = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"text": ' + "9" * 5_000 + "}"
ACLED_HEADER = "event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n"
ACLED_FIRST = "SYR1,2023-01-20,Battles,35.9,39.0,2\n"
ACLED_LAST = "SYR9,2023-01-23,Riots,36.3,43.1,0\n"
#: Seconds one timing cell may take before its runs stop repeating.
CELL_SECONDS = 30.0


def repeat_to(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def shapes(sample: list[ge.Article]) -> dict[str, Callable[[int], str]]:
    paragraphs = "\n\n".join(a.text for a in sample) + "\n\n"
    return {
        "short sentences (\"Raids near Mosul. ...\")": lambda chars: repeat_to(SHORT_SENTENCES, chars),
        f"sample articles' paragraphs ({len(sample)} articles, repeated)": lambda chars: repeat_to(paragraphs, chars),
        "lines padded with blank lines": lambda chars: repeat_to(BLANK_PADDED, chars),
        "no punctuation (one sentence)": lambda chars: repeat_to(NO_PUNCTUATION, chars),
    }


# --- 1. Event extraction time against size -------------------------------------------------

def time_events(parser: ge.Geoparser, text: str, runs: int) -> tuple[float, int]:
    """Median seconds of ``article_events`` on one article of ``text``, and its event count."""
    article = ge.parse_article(text, source="bench.txt")
    times, found, spent = [], 0, 0.0
    for _ in range(runs):
        started = time.perf_counter()
        found = sum(e.kind == "event" for e in parser.article_events(article))
        times.append(time.perf_counter() - started)
        spent += times[-1]
        if spent > CELL_SECONDS:
            break
    return statistics.median(times), found


def time_through_readers(parser: ge.Geoparser, text: str) -> tuple[float, int]:
    """Seconds to read ``text`` as a dated .txt (split in parts) and extract every part's events."""
    data = f" date 2023-01-20 {text}".encode()
    started = time.perf_counter()
    found = read_input_bytes("big.txt", data)
    for article in found.articles:
        parser.article_events(article)
    return time.perf_counter() - started, len(found.articles)


def scaling_table(parser: ge.Geoparser, sample: list[ge.Article], sizes_kb: list[int], runs: int,
                  *, shape_count: int) -> list[str]:
    lines = ["| text shape | " + " | ".join(f"{kb:,} KB, s" for kb in sizes_kb)
             + f" | events at {sizes_kb[-1]:,} KB | s per 100 KB | {sizes_kb[-1]}/{sizes_kb[-2]} KB"
             " | 1 MB .txt through the readers, s (parts) |",
             "|---|" + "--:|" * len(sizes_kb) + "--:|--:|--:|--:|"]
    for name, make in list(shapes(sample).items())[:shape_count]:
        seconds, events = [], 0
        for kb in sizes_kb:
            median, events = time_events(parser, make(kb * 1000), runs)
            log.info("%s, %d KB: %.3f s (%d events)", name, kb, median, events)
            seconds.append(median)
        per_100 = seconds[-1] / (sizes_kb[-1] / 100)
        ratio = seconds[-1] / seconds[-2]
        through, parts = time_through_readers(parser, make(1_000_000))
        log.info("%s, 1 MB through the readers: %.3f s (%d parts)", name, through, parts)
        lines.append(f"| {name} | " + " | ".join(f"{s:.3f}" for s in seconds)
                     + f" | {events:,} | {per_100:.3f} | {ratio:.1f} | {through:.2f} ({parts}) |")
    return lines


# --- 2. Fuzz throughput ---------------------------------------------------------------------

CSV_PIECES = ['"', ",", "\r", "\n", "\r\n", "\x00", '""', " ", "\t", "Raqqa", "2023-01-20", "\ufeff", "é",
              "\u2028", "text", "date", "Raids near Mosul", "1e400"]
WORDS = ["Mosul", "Raqqa", "Deir ez-Zor", "Dayr az-Zawr", "ISIS", "SDF", "captured", "killed", "drone strike",
         "arrested", "on 5 March", "near", "in", ".", ",", "\n", "\ud800", "\u200f", "Syria", "police"]


def random_text(rng: random.Random, *, max_chars: int = 40) -> str:
    alphabet = rng.choice(["ascii", "words", "unicode"])
    if alphabet == "words":
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))
    if alphabet == "ascii":
        return "".join(chr(rng.randint(0, 127)) for _ in range(rng.randint(0, max_chars)))
    return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, max_chars)))


def random_json(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randint(0, 7 if depth < 3 else 4)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 2**64, 10**30, rng.randint(-10**9, 10**9)])
    if kind == 3:
        return rng.choice([0.5, float("nan"), float("inf"), 1e308, -0.0])
    if kind == 4:
        return random_text(rng)
    if kind == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["text", "date", "title", "url", "spans", random_text(rng, max_chars=5)]):
            random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_json_line(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice([NESTED, HUGE_INT, "", "   ", "{", "null", '{"text": "a\rb"}'])
    if roll < 0.15:
        return random_text(rng)
    if roll < 0.6:
        obj = {"text": random_text(rng) if rng.random() < 0.8 else random_json(rng)}
        if rng.random() < 0.5:
            obj["date"] = rng.choice(["2023-01-20", "2023-02-30", "", None, 5, random_text(rng, max_chars=10)])
        if rng.random() < 0.5:
            obj["spans"] = [[rng.randint(-2, 50), rng.randint(-2, 50)] for _ in range(rng.randint(0, 3))]
        return json.dumps(obj)
    return json.dumps(random_json(rng))


def random_bytes_case(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(["a", "../x", "..\\y", "", "naïve", "dir/"]) + rng.choice([".txt", ".csv", ".jsonl"])
    roll = rng.random()
    if roll < 0.6:
        return name, rng.randbytes(rng.randint(0, 2000))
    codec = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
    return name, random_text(rng, max_chars=200).encode(codec, "surrogatepass")


def hostile_csv(rng: random.Random) -> str:
    def cell() -> str:
        if rng.random() < 0.01:
            return rng.choice(["x", '"', "Raids near Mosul. "]) * rng.randint(10_000, 40_000)
        return "".join(rng.choice(CSV_PIECES) if rng.random() < 0.6 else random_text(rng, max_chars=8)
                       for _ in range(rng.randint(0, 5)))

    header = [rng.choice(["text", "date", "title", "url", "text", cell()]) for _ in range(rng.randint(1, 5))]
    rows = [[cell() for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 12))]
    newline = rng.choice(["\n", "\r\n", "\r"])
    return newline.join(",".join(cells) for cells in [header, *rows])


def csv_record(cells: list[str], newline: str) -> str:
    """One RFC 4180 record: a cell with a comma, quote or line break quoted, quotes doubled."""
    return ",".join(f'"{c.replace(chr(34), 2 * chr(34))}"' if re.search(r'[,"\r\n]', c) else c
                    for c in cells) + newline


def well_formed_csv(rng: random.Random) -> tuple[bytes, list[int]]:
    """A CSV of rows with text (quotes, commas, line breaks inside), and the line each row starts on."""
    newline = rng.choice(["\n", "\r\n"])
    records = []
    for _ in range(rng.randint(1, 15)):
        text = random_text(rng).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        text = text if text.strip() else "Raids near Mosul, \"again\"\non Friday"
        records.append(csv_record([text, rng.choice(["2023-01-20", "", "2023-02-30"]), "t"], newline))
    starts, line = [], 2
    for record in records:
        starts.append(line)
        line += len(re.findall(r"\r\n|\r|\n", record))
    return ("text,date,title" + newline + "".join(records)).encode(), starts


def zipped(members: list[tuple[str, bytes]], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def random_zip(rng: random.Random) -> tuple[bytes, int]:
    """A zip of random members (names with ../, \\, hidden files, nested zips; stored, deflated,
    bzip2 or LZMA; sometimes 1-3 corrupt bytes) and its file count."""
    names: dict[str, bytes] = {}
    for _ in range(rng.randint(0, 8)):
        name = (rng.choice(["", "../", "..\\..\\", "/", "a/", "__MACOSX/", "docs/../../"])
                + rng.choice(["a", "b", ".DS_Store", "..", "x y", "naïve", str(rng.randint(0, 99))])
                + rng.choice([".txt", ".csv", ".jsonl", ".zip", ".pdf", "", ".TXT"]))
        names[name] = rng.choice([rng.randbytes(rng.randint(0, 300)), GOOD.encode(), zipped([("in.txt", b"x")]),
                                  random_json_line(rng).encode("utf-8", "replace")])
    data = bytearray(zipped(list(names.items()), compression=rng.choice(
        [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])))
    files = sum(not n.endswith("/") for n in names)
    if data and rng.random() < 0.2:  # corrupt bytes
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            data[at] = rng.choice([data[at] ^ 0xFF, 0, 0x80])
        try:  # the members a reader can still list (a corrupt directory may list fewer, or none)
            files = sum(not info.filename.endswith("/") for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        except Exception:  # noqa: BLE001 - not a zip any more: the reader must refuse it whole
            pass
    return bytes(data), files


def lines_read(found, name: str) -> set[int]:
    return {int(m.group(1)) for a in found.articles if (m := re.match(rf"{re.escape(name)}#(\d+)", a.source))}


def lines_skipped(found, name: str) -> set[int]:
    return {int(p.source.rsplit(" ", 1)[1]) for p in found.problems
            if not p.kept and p.source.startswith(f"{name}, line ")}


def file_refused(found, name: str) -> bool:
    return any(p.source == name and not p.kept for p in found.problems)


def internal(problems) -> int:
    """Problems that are bugs the unit-of-work safety net caught ("internal error ...")."""
    return sum("internal error" in p.message for p in problems)


#: What one fuzz case found: units it checked, units lost, internal errors.
Tally = tuple[int, int, int]


def case_bytes(rng: random.Random, _parser: ge.Geoparser) -> Tally:
    name, data = random_bytes_case(rng)
    found = read_input_bytes(name, data)
    return 1, int(not (found.articles or found.events or found.problems)), internal(found.problems)


def case_hostile_csv(rng: random.Random, _parser: ge.Geoparser) -> Tally:
    found = read_input_bytes("h.csv", hostile_csv(rng).encode("utf-8", "surrogatepass"))
    return 1, int(not (found.articles or found.events or found.problems)), internal(found.problems)


def case_well_formed_csv(rng: random.Random, _parser: ge.Geoparser) -> Tally:
    data, starts = well_formed_csv(rng)
    found = read_input_bytes("n.csv", data)
    if file_refused(found, "n.csv"):
        return len(starts), 0, internal(found.problems)
    missing = set(starts) - lines_read(found, "n.csv") - lines_skipped(found, "n.csv")
    return len(starts), len(missing), internal(found.problems)


def case_jsonl(rng: random.Random, _parser: ge.Geoparser) -> Tally:
    text = "\n".join(random_json_line(rng) for _ in range(rng.randint(0, 10)))
    found = read_input_bytes("j.jsonl", text.encode("utf-8", "surrogatepass"))
    expected = {n for n, line in enumerate(text.split("\n"), start=1) if line.strip()}
    if file_refused(found, "j.jsonl"):
        return max(len(expected), 1), 0, internal(found.problems)
    missing = expected - lines_read(found, "j.jsonl") - lines_skipped(found, "j.jsonl")
    return len(expected), len(missing), internal(found.problems)


def case_zip(rng: random.Random, _parser: ge.Geoparser) -> Tally:
    data, files = random_zip(rng)
    found = read_uploads([("up.zip", data)])
    errors = sum(internal(f.input.problems) for f in found)
    if any(f.name == "up.zip" and any(not p.kept for p in f.input.problems) for f in found):
        # Refused as a whole, and named: fine for a file that is no zip; the members of a
        # readable zip lost to an internal error count as lost.
        return max(files, 1), files if errors else 0, errors
    hidden = sum(int(p.message.split(" ", 1)[0]) for f in found if f.name == "up.zip"
                 for p in f.input.problems if "hidden or system file(s)" in p.message)
    members = sum(f.name.startswith("up.zip/") for f in found)
    return files, abs(files - members - hidden), errors


def batch_case(function: Callable, answer_key: str) -> Callable[[random.Random, ge.Geoparser], Tally]:
    def case(rng: random.Random, parser: ge.Geoparser) -> Tally:
        lines: list[str | bytes] = [random_json_line(rng) for _ in range(rng.randint(1, 8))]
        if rng.random() < 0.2:
            lines[rng.randrange(len(lines))] = rng.randbytes(rng.randint(0, 40))
        answers = [json.loads(line) for line in function(lines, parser)]
        answered = sum(isinstance(a, dict) and len(a) == 1 and (
            a.get("error", "").startswith(f"line {n}: ") or isinstance(a.get(answer_key), list))
            for n, a in enumerate(answers, start=1))
        errors = sum("internal error" in a.get("error", "") for a in answers if isinstance(a, dict))
        return len(lines), len(lines) - answered + max(0, len(answers) - len(lines)), errors
    return case


FUZZ_CASES = {
    "read_input_bytes: random bytes as .txt/.csv/.jsonl (some UTF-16/32)": (case_bytes, "files", 9_000),
    "read_input_bytes: hostile CSV (quotes, \\r, NUL, 10-40 KB cells)": (case_hostile_csv, "files", 6_000),
    "read_input_bytes: well-formed CSV, rows accounted for": (case_well_formed_csv, "rows", 3_000),
    "read_input_bytes: JSONL of random JSON values, lines accounted for": (case_jsonl, "lines", 6_000),
    "read_uploads: random zips (../, \\, nested zips, corrupt bytes)": (case_zip, "members", 3_000),
    "geoparse_lines: random JSON lines": (batch_case(geoparse_lines, "toponyms"), "lines", 3_000),
    "resolve_lines: random JSON lines, random spans": (batch_case(resolve_lines, "places"), "lines", 3_000),
}


def fuzz_table(parser: ge.Geoparser, scale: float, seed: int) -> tuple[list[str], int]:
    lines = ["| input | cases | cases/s | raised | units checked | units lost | internal errors |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    bad = 0
    for name, (case, units, count) in FUZZ_CASES.items():
        rng = random.Random(f"{seed}:{name}")
        count = max(10, round(count * scale))
        raised = checked = lost = errors = 0
        first_error = ""
        started = time.perf_counter()
        for _ in range(count):
            try:
                done, missing, caught = case(rng, parser)
                checked, lost, errors = checked + done, lost + missing, errors + caught
            except Exception as err:  # noqa: BLE001 - counted: the point of the measurement
                raised += 1
                first_error = first_error or f"{type(err).__name__}: {err}"[:200]
        seconds = time.perf_counter() - started
        if raised:
            log.warning("%s: %d case(s) raised, first: %s", name, raised, first_error)
        log.info("%s: %d cases in %.1f s", name, count, seconds)
        bad += raised + lost + errors
        lines.append(f"| {name} | {count:,} | {count / seconds:,.0f} | {raised} | {checked:,} {units} | {lost} "
                     f"| {errors} |")
    return lines, bad


# --- 3. The issue's list ----------------------------------------------------------------------

def zip_bytes(members: dict[str, bytes]) -> bytes:
    return zipped(list(members.items()))


def answers(function: Callable, lines: list, parser: ge.Geoparser) -> list[dict]:
    return [json.loads(line) for line in function(lines, parser)]


def acled(row: str) -> tuple[bool, str]:
    found = read_input_bytes("acled.csv", (ACLED_HEADER + ACLED_FIRST + row + ACLED_LAST).encode())
    ids = sorted(e.event_id for e in found.events)
    problems = [str(p) for p in found.problems]
    return (ids == ["acled:SYR1", "acled:SYR9"] and len(problems) == 1 and problems[0].startswith("acled.csv, line 3"),
            problems[0] if problems else f"events {ids}, no problem")


def check_crash_sentence(parser: ge.Geoparser) -> tuple[bool, str]:
    found = read_input_bytes("a.txt", CRASH_SENTENCE.encode())
    events = [e for a in found.articles for e in parser.article_events(a) if e.kind == "event"]
    return any(e.sub_event_type == "Arrests" for e in events), f"{len(events)} event(s): " + ", ".join(
        f"{e.sub_event_type} in {e.location} ({e.captured} captured)" for e in events)


def check_json_line(line: str, parser: ge.Geoparser) -> tuple[bool, str]:
    out = answers(geoparse_lines, [line, '{"text": "Raids near Mosul."}'], parser)
    found = read_input_bytes("x.jsonl", f'{line}\n{{"text": "Raids near Mosul."}}\n'.encode())
    ok = "error" in out[0] and out[1]["toponyms"] and len(found.articles) == 1 and len(found.problems) == 1
    return bool(ok), f"geoparse: {out[0].get('error')}; jsonl: {found.problems[0] if found.problems else '-'}"


def check_lone_surrogate(parser: ge.Geoparser) -> tuple[bool, str]:
    (out,) = answers(resolve_lines, [json.dumps({"text": "Near Mosul\ud800 x", "spans": [[5, 10]]})], parser)
    article = ge.parse_article(" date 2023-01-20 Raids near Mosul\ud800.", source="x")
    events = parser.article_events(article)
    found = read_input_bytes("s.jsonl", json.dumps({"text": "Raids near Mosul\ud800."}).encode())
    ok = out["places"][0]["name"] == "Mosul" and "\ud800" not in article.text and events and found.articles
    return bool(ok), f"resolved {out['places'][0]['name']}; article text {article.text!r}"


def check_big_cell(_parser: ge.Geoparser) -> tuple[bool, str]:
    big = "Raids near Mosul. " * 11_200  # over the csv module's 128 KB field limit and the article limit
    found = read_input_bytes("t.csv", f'text,date\nfirst,2023-01-01\n"{big}",2023-01-02\nlast,2023-01-03\n'.encode())
    whole = "".join(a.text for a in found.articles if a.source.startswith("t.csv#3")).replace(" ", "")
    ok = lines_read(found, "t.csv") == {2, 3, 4} and whole == big.replace(" ", "") and all(
        p.kept for p in found.problems)
    return ok, f"{len(big):,}-character cell: rows {sorted(lines_read(found, 't.csv'))} read; " + "; ".join(
        map(str, found.problems))


def check_unclosed_quote(_parser: ge.Geoparser) -> tuple[bool, str]:
    found = read_input_bytes("t.csv", b'text,date\n"Raids in Raqqa,2023-01-01\nClashes in Mosul,2023-01-02\n'
                                      b"Fires in Homs,2023-01-03\n")
    ok = [a.text for a in found.articles] == ["Clashes in Mosul", "Fires in Homs"] and len(found.problems) == 1
    return ok, str(found.problems[0]) if found.problems else "no problem"


def check_bare_cr_geoparse(parser: ge.Geoparser) -> tuple[bool, str]:
    stream = io.BytesIO(b'{"text": "Raids\rnear Mosul."}\n{"text": "Clashes in Raqqa."}\n')
    out = answers(geoparse_lines, list(json_lines(stream)), parser)
    ok = len(out) == 2 and out[0]["toponyms"][0]["name"] == "Mosul" and out[1]["toponyms"]
    return ok, f"{len(out)} answers for 2 lines: " + ", ".join(o["toponyms"][0]["name"] for o in out)


def check_bare_cr_csv(_parser: ge.Geoparser) -> tuple[bool, str]:
    found = read_input_bytes("mac.csv", b"text,date\rRaids near Raqqa,2023-01-01\rClashes in Mosul,2023-01-02\r")
    return len(found.articles) == 2 and not found.problems, f"{len(found.articles)} rows read"


def check_utf16(_parser: ge.Geoparser) -> tuple[bool, str]:
    found = read_input_bytes("a.txt", GOOD.encode("utf-16"))
    return [a.text for a in found.articles] == [GOOD.split(" ", 3)[3]], str(found.problems[0])


def check_fifo(_parser: ge.Geoparser) -> tuple[bool, str]:
    if not hasattr(os, "mkfifo"):
        return True, "no named pipes on this system (skipped)"
    with tempfile.TemporaryDirectory(prefix="bench-fifo-") as tmp:
        fifo = Path(tmp) / "x.txt"
        os.mkfifo(fifo)
        result: list = []
        worker = threading.Thread(target=lambda: result.append(read_input_file(fifo)), daemon=True)
        worker.start()
        worker.join(timeout=10)
        if not result:
            with contextlib.suppress(OSError):  # let the blocked reader go
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            return False, "still waiting on the pipe after 10 s"
        problems = result[0].problems
        return bool(problems) and "not a regular file" in problems[0].message, \
            str(problems[0]).replace(str(fifo), "x.txt") if problems else "no problem"


def check_nested_zip(_parser: ge.Geoparser) -> tuple[bool, str]:
    found = {f.name: f.input for f in read_uploads([("up.zip", zip_bytes({
        "inner.zip": zip_bytes({"a.txt": GOOD.encode()}), "b.txt": GOOD.encode()}))])}
    inner = found.get("up.zip/inner.zip")
    ok = inner is not None and "zip inside the zip" in inner.problems[0].message and found["up.zip/b.txt"].articles
    return bool(ok), str(inner.problems[0]) if inner else f"members: {sorted(found)}"


def check_backslash_member(_parser: ge.Geoparser) -> tuple[bool, str]:
    found = {f.name: f.input for f in read_uploads([("up.zip", zip_bytes({"..\\..\\evil.txt": GOOD.encode()}))])}
    evil = found.get("up.zip/evil.txt")
    ok = evil is not None and len(evil.articles) == 1 and "points outside the zip" in evil.problems[0].message
    return bool(ok), str(evil.problems[0]) if evil else f"members: {sorted(found)}"


def corrupt_zip_check(how: Callable[[bytearray], None], *, first: str = "a.txt",
                      compression: int = zipfile.ZIP_STORED) -> Callable[[ge.Geoparser], tuple[bool, str]]:
    """A zip of ``first`` and b.txt changed by ``how``: handled when nothing is an internal error
    and both members are read or named (or the zip, if it cannot be opened at all, is refused as
    not readable)."""
    def check(_parser: ge.Geoparser) -> tuple[bool, str]:
        data = bytearray(zipped([(first, GOOD.encode() * 20), ("b.txt", GOOD.encode())], compression=compression))
        how(data)
        found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
        problems = [str(p) for f in found.values() for p in f.problems]
        members = [f for name, f in found.items() if name.startswith("up.zip/")]
        ok = not any("internal error" in p for p in problems) and (
            (len(members) == 2 and all(f.articles or f.problems for f in members))
            or problems == [p for p in problems if "not a readable zip" in p])
        return ok, "; ".join(problems) or "read"
    return check


def _set(data: bytearray, at: int, value: int) -> None:
    data[at] = value


FRESH_BIG_HEADER = """
from geo_events.io.readers import read_input_bytes
found = read_input_bytes("h.csv", b"text," + b"x" * 200_000 + b"\\nRaids near Raqqa,1\\n")
print(len(found.articles))
"""


def check_big_header_fresh_process(_parser: ge.Geoparser) -> tuple[bool, str]:
    done = subprocess.run([sys.executable, "-c", FRESH_BIG_HEADER], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)
    if done.returncode == 0:
        return done.stdout.strip() == "1", f"{done.stdout.strip()} row(s) read"
    return False, "raised " + (done.stderr.strip().splitlines() or ["?"])[-1]


ISSUE_CASES: list[tuple[str, Callable[[ge.Geoparser], tuple[bool, str]]]] = [
    ("1. the crash sentence (an arrest at the end of a sentence)", check_crash_sentence),
    ("3. nested JSON (100,000 brackets)", lambda p: check_json_line(NESTED, p)),
    ("3. a 5,000-digit integer", lambda p: check_json_line(HUGE_INT, p)),
    ("4. ACLED: missing cells", lambda p: acled("SYR2,2023-01-21,Battles\n")),
    ("4. ACLED: fatalities 1e400", lambda p: acled("SYR3,2023-01-21,Battles,35.9,39.0,1e400\n")),
    ("4. ACLED: fatalities 1e23", lambda p: acled("SYR4,2023-01-21,Battles,35.9,39.0,99999999999999999999999\n")),
    ("4. ACLED: a repeated event_id_cnty", lambda p: acled("SYR1,2023-01-22,Battles,35.9,39.0,0\n")),
    ("5. a lone surrogate (JSON \\ud800)", check_lone_surrogate),
    ("6. a 200 KB CSV cell", check_big_cell),
    ("6. an unclosed quote", check_unclosed_quote),
    ("7. a bare \\r inside a geoparse line", check_bare_cr_geoparse),
    ("7. UTF-16 with a byte-order mark", check_utf16),
    ("7. a FIFO named x.txt", check_fifo),
    ("7. a zip inside the zip", check_nested_zip),
    ("7. a ..\\ zip member name", check_backslash_member),
    ("found by the property tests: a CSV whose lines end in a bare \\r", check_bare_cr_csv),
    ("found by the property tests: a zip member name that is not UTF-8 in its local header",
     corrupt_zip_check(lambda d: _set(d, 30, d[30] ^ 0xFF), first="é.txt")),  # b"\xc3\xa9" -> b"<\xa9"
    ("found by the property tests: a zip member name starting with NUL",
     corrupt_zip_check(lambda d: _set(d, d.index(b"PK\x01\x02") + 46, 0))),
    ("found by the property tests: a zip asking for zip version 23.5",
     corrupt_zip_check(lambda d: _set(d, d.index(b"PK\x01\x02") + 6, 0xEB))),
    ("found by the property tests: a zip whose directory offset is past the directory",
     corrupt_zip_check(lambda d: _set(d, d.rindex(b"PK\x05\x06") + 19, 0x01))),
    ("found by the property tests: a corrupt LZMA-compressed member",
     corrupt_zip_check(lambda d: _set(d, 30 + len("a.txt") + 4, d[30 + len("a.txt") + 4] ^ 0xFF),
                       compression=zipfile.ZIP_LZMA)),
    ("found by the property tests: a 200 KB cell in the header, first CSV read in a fresh process",
     check_big_header_fresh_process),
]


def issue_table(parser: ge.Geoparser) -> tuple[list[str], int]:
    lines = ["| case | handled | what happened |", "|---|---|---|"]
    failed = 0
    for name, check in ISSUE_CASES:
        try:
            ok, detail = check(parser)
        except Exception as err:  # noqa: BLE001 - a raise is what this table reports
            ok, detail = False, f"raised {type(err).__name__}: {err}"
        failed += not ok
        detail = detail.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {name} | {'ok' if ok else 'FAIL'} | {detail[:160]}{'…' if len(detail) > 160 else ''} |")
    return lines, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one run per size, two text shapes, a tenth of the fuzz cases (under a minute)")
    parser.add_argument("--seed", type=int, default=12, help="seed of the fuzz inputs (default 12)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    pinned = pin_one_core()
    runs, shape_count, scale = (1, 2, 0.1) if args.quick else (3, 4, 1.0)
    sizes_kb = [10, 100, 1000]
    started = time.perf_counter()
    geoparser = ge.Geoparser(Gazetteer.open(progress=log.info))
    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    geoparser.events(sample)  # lexicons and caches loaded outside the timings

    log.info("1. event extraction against size")
    timing = scaling_table(geoparser, sample, sizes_kb, runs, shape_count=shape_count)
    log.info("2. fuzz throughput")
    logging.getLogger("geo_events.io.batch").setLevel(logging.ERROR)  # each line's error is counted, not logged
    fuzz, fuzz_bad = fuzz_table(geoparser, scale, args.seed)
    log.info("3. the issue's list")
    checks, failed = issue_table(geoparser)

    how_often = (f"median of {runs} runs, fewer where a cell passed {CELL_SECONDS:.0f} s" if runs > 1
                 else "one run per cell")
    out = [f"**Event extraction time against text size** (`Geoparser.article_events` on one article; "
           f"{how_often}; KB = 1,000 characters)", "",
           *timing, "",
           f"**Fuzz throughput** (seeded `random`, seed {args.seed}; must be 0: raised, units lost, internal "
           "errors)", "", *fuzz, "",
           "**Issue 12, case by case** (through the public reader and batch functions)", "", *checks, "",
           f"`python benchmarks/bench_reliability.py{' --quick' if args.quick else ''}` — "
           f"{time.perf_counter() - started:.0f} s; Python {platform.python_version()}, {os.cpu_count()} cores "
           f"({pinned}), {platform.machine()} {platform.system()}."]
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if failed or fuzz_bad else 0


if __name__ == "__main__":
    sys.exit(main())
