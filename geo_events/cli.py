"""Command line: ``geo-events extract|ingest|events|geoparse|resolve ...`` (or ``python -m geo_events``).

- ``extract PATH... [--events] [--format jsonl|csv|geojson] [-o FILE]``: article files to
  place rows, or with ``--events`` to the event table (no store involved).
- ``ingest PATH... [--store FILE]``: articles, collections and ACLED exports into the
  event store, one transaction per file, with a progress bar.
- ``events [--store FILE] [--no-merge] [--format ...] [-o FILE]``: the stored events,
  duplicate reports merged.
- ``geoparse [FILE]``: JSON Lines ``{"text", "date"?}`` to ``{"toponyms": [...]}``.
- ``resolve [FILE]``: JSON Lines ``{"text", "spans"}`` to ``{"places": [...]}``.

``geoparse`` and ``resolve`` read standard input when FILE is omitted, load
the gazetteer once and stream: one output line per input line, in order.

Argument parsing around the package's public functions; exit code 2 for bad
arguments or paths, 1 when the gazetteer cannot be opened or an input line
could not be read (its output line is then ``{"error": ...}``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer import FallbackGeocoder, Gazetteer
from geo_events.errors import GeoEventsError
from geo_events.events.dedup import merge_duplicates
from geo_events.io.batch import geoparse_lines, resolve_lines
from geo_events.io.formats import FORMATS
from geo_events.io.readers import existing_paths, expand_path, read_inputs, read_paths
from geo_events.io.tables import ColumnNames, parse_column_names
from geo_events.models import EVENT_FIELDS
from geo_events.store.event_store import STORE_ENV, EventStore, default_store_path

if TYPE_CHECKING:
    import pandas as pd

    from geo_events.pipeline import Geoparser

# The table-building modules (pandas) and the progress bar are imported by the
# commands that use them, so `geoparse` and `resolve` load no more than they need.

__all__ = ["main"]

log = logging.getLogger("geo_events")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Find, resolve and export the places that news articles mention.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract", help="geoparse article files or folders and write one row per (article, place)")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                         help="a seed-style .txt article, or a folder of them")
    extract.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    extract.add_argument("-o", "--output", type=Path, default=None, help="output file (default: stdout)")
    extract.add_argument("--columns", default=None, metavar="A,B,...",
                         help="only these columns, in this order (default: all of them)")
    extract.add_argument("--events", action="store_true",
                         help="write the event table (events and mentions) instead of place rows")
    extract.add_argument("--gazetteer", type=Path, default=None, help="gazetteer index file")
    extract.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    for command in (extract,):
        command.add_argument("--table-columns", default=None, metavar="FIELD=COLUMN,...",
                             help="column names of CSV/JSONL collections (default: "
                                  "text=text,date=date,title=title,url=url)")
    ingest = commands.add_parser(
        "ingest", help="geoparse and extract events from files and folders into the event store")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help=".txt articles, .csv/.jsonl collections, ACLED .csv exports, or folders")
    ingest.add_argument("--store", type=Path, default=None,
                        help=f"event store file (default: ${STORE_ENV} or {default_store_path()})")
    ingest.add_argument("--table-columns", default=None, metavar="FIELD=COLUMN,...",
                        help="column names of CSV/JSONL collections")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.add_argument("--gazetteer", type=Path, default=None, help="gazetteer index file")
    ingest.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    stored = commands.add_parser("events", help="write the events of the event store")
    stored.add_argument("--store", type=Path, default=None, help="event store file")
    stored.add_argument("--no-merge", action="store_true",
                        help="keep every article's report (default: merge duplicate reports)")
    stored.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    stored.add_argument("-o", "--output", type=Path, default=None, help="output file (default: stdout)")
    stored.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    for name, help_text in (
            ("geoparse", 'find and resolve places in JSON Lines {"text": ..., "date": optional}'),
            ("resolve", 'resolve given spans: JSON Lines {"text": ..., "spans": [[start, end], ...]}')):
        stream = commands.add_parser(name, help=help_text)
        stream.add_argument("input", nargs="?", type=Path, default=None, metavar="FILE",
                            help="JSON Lines input (default: standard input)")
        stream.add_argument("-o", "--output", type=Path, default=None,
                            help="output file (default: stdout)")
        stream.add_argument("--gazetteer", type=Path, default=None, help="gazetteer index file")
        stream.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
        if name == "geoparse":
            stream.add_argument("--explain", action="store_true",
                                help="log on standard error which recognition rule kept or dropped "
                                     "each candidate span (logger geo_events.geoparse.rules)")
    return parser


def _columns(parser: argparse.ArgumentParser, spec: str | None, *, events: bool = False) -> list[str]:
    from geo_events.io.rows import COLUMNS

    known = EVENT_FIELDS if events else COLUMNS
    if spec is None:
        return list(known)
    wanted = [c.strip() for c in spec.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in known]
    if unknown or not wanted:
        parser.error(f"unknown column(s) {', '.join(unknown) or '(none given)'}; "
                     f"choose from {', '.join(known)}")
    return wanted


def _ingest(args: argparse.Namespace, table_columns: ColumnNames) -> int:
    """``ingest``: each file in one transaction; 2 for bad paths or store, 1 if a file failed."""
    from tqdm import tqdm

    try:
        files = list(_input_files(args.paths))
        store = EventStore.open(args.store)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    geoparser = _open_geoparser(args)
    if geoparser is None:
        store.close()
        return 1
    totals = Counter()
    failed = 0
    with store, tqdm(files, unit="file", disable=args.no_progress, file=sys.stderr) as bar:
        for path in bar:
            bar.set_postfix_str(path.name[-40:], refresh=False)
            item = next(read_inputs([path], columns=table_columns))
            for problem in item.problems:
                log.warning("%s: %s", problem.source, problem.message)
            fresh = [a for a in item.articles if a.article_id not in store.known([a.article_id])]
            try:
                added = store.add([(a, geoparser.article_events(a)) for a in fresh], item.events)
            except GeoEventsError as err:
                log.error("%s: not stored: %s", path, err)
                failed += 1
                continue
            totals.update(articles=added.articles, events=added.events,
                          skipped=added.skipped + len(item.articles) - len(fresh),
                          problems=len(item.problems))
    sys.stderr.write(f"stored {totals['articles']} new article(s) or ACLED row(s) with "
                     f"{totals['events']} event(s) and mention(s); {totals['skipped']} already stored; "
                     f"{totals['problems']} problem(s); {failed} file(s) failed; store: "
                     f"{args.store or default_store_path()}\n")
    return 1 if failed else 0


def _input_files(paths: list[Path]) -> list[Path]:
    """Every file ``ingest`` will read, so the progress bar knows the total."""
    return [file for path in existing_paths(paths) for file in expand_path(path)]


def _stored_events(args: argparse.Namespace) -> int:
    """``events``: the store's events (duplicates merged unless ``--no-merge``)."""
    from geo_events.io.rows import event_rows

    try:
        with EventStore.open(args.store) as store:
            events = store.events()
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    return _write(event_rows(events if args.no_merge else merge_duplicates(events)), args)


def main(argv: list[str] | None = None, *, prog: str = "geo-events") -> int:
    """``main(["geoparse", "in.jsonl"])``: run one command; the exit code (the console script's).

    ``prog`` is the name the usage line shows (``python -m geo_events`` when run as a module).
    """
    parser = _parser(prog)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if getattr(args, "explain", False):
        logging.getLogger("geo_events.geoparse.rules").setLevel(logging.DEBUG)
    if args.command in ("geoparse", "resolve"):
        return _stream(args)
    try:
        table_columns = parse_column_names(args.table_columns) if getattr(args, "table_columns", None) \
            else ColumnNames()
    except ValueError as err:
        parser.error(f"--table-columns: {err}")
    if args.command == "ingest":
        return _ingest(args, table_columns)
    if args.command == "events":
        return _stored_events(args)
    return _extract(args, table_columns, columns=_columns(parser, args.columns, events=args.events))


def _extract(args: argparse.Namespace, table_columns: ColumnNames, *, columns: list[str]) -> int:
    """``extract``: place rows, or with ``--events`` the event table; 2 for bad paths, 1 if no gazetteer."""
    from geo_events.io.rows import event_rows

    try:
        result = read_paths(args.paths, columns=table_columns)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    for problem in result.problems:
        log.warning("%s: %s", problem.source, problem.message)
    geoparser = _open_geoparser(args)
    if geoparser is None:
        return 1
    if args.events:
        rows = event_rows(merge_duplicates([*geoparser.events(result.articles), *result.events]))[columns]
    else:
        rows = geoparser.extract(result.articles)[columns]
    return _write(rows, args)


def _write(rows: pd.DataFrame, args: argparse.Namespace) -> int:
    """Write ``rows`` to ``--output`` or stdout in ``--format``; 2 if the file cannot be written."""
    from geo_events.io.export import write_rows
    if args.output is None:
        try:
            write_rows(rows, sys.stdout, fmt=args.format)
            sys.stdout.flush()
        except BrokenPipeError:  # `... | head`: the reader left, which is fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    try:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            write_rows(rows, out, fmt=args.format)
    except OSError as err:
        log.error("cannot write %s: %s", args.output, err.strerror or err)
        return 2
    log.info("wrote %d rows to %s", len(rows), args.output)
    return 0


def _open_geoparser(args: argparse.Namespace) -> Geoparser | None:
    """The geoparser on ``--gazetteer`` (built on first use); ``None``, logged, if it cannot open."""
    from geo_events.pipeline import Geoparser

    try:
        return Geoparser(Gazetteer.open(args.gazetteer, progress=log.warning),
                         geocoder=FallbackGeocoder.from_settings())
    except GeoEventsError as err:
        log.error("%s", err)
        return None


def _stream(args: argparse.Namespace) -> int:
    """``geoparse`` / ``resolve``: JSON Lines in, JSON Lines out, one line each."""
    if args.input is not None and not args.input.is_file():
        log.error("no such input file: %s", args.input)
        return 2
    geoparser = _open_geoparser(args)
    if geoparser is None:
        return 1
    convert = geoparse_lines if args.command == "geoparse" else resolve_lines
    source = (args.input.open(encoding="utf-8", errors="replace") if args.input
              else sys.stdin)
    target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    errors = 0
    try:
        for line in convert(source, geoparser):
            errors += line.startswith('{"error"')
            target.write(line + "\n")
            target.flush()
    except BrokenPipeError:  # `... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as err:
        log.error("cannot write %s: %s", args.output, err.strerror or err)
        return 2
    finally:
        for handle in (source, target):
            if handle not in (sys.stdin, sys.stdout):
                handle.close()
    if errors:
        log.warning("%d input line(s) could not be read; see their {\"error\": ...} lines", errors)
    return 1 if errors else 0
