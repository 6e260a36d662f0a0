"""Command line: ``geo-events extract|ingest|events|edit|geoparse|resolve ...`` (or ``python -m geo_events``).

- ``extract PATH... [--events] [--format jsonl|csv|geojson] [-o FILE]``: article files to
  place rows, or with ``--events`` to the event table (no store involved).
- ``ingest PATH... [--store FILE] [--workers N | --scheduler tcp://HOST:PORT]``: articles,
  collections and ACLED exports into the event store, one transaction per file, with a
  progress bar; with ``--workers`` (N >= 2) or ``--scheduler``, the events are extracted on a
  Dask cluster (:mod:`geo_events.cluster`) and stored by this process.
- ``events [--store FILE] [--no-merge] [--format ...] [-o FILE]``: the stored events,
  duplicate reports merged, with the analyst's edits applied (columns ``edited``: what
  was changed and when, ``dismissed``: marked "not an event", merged with none).
- ``edit EVENT_ID FIELD=VALUE... [--store FILE]``: change fields of a stored event
  (event_type, sub_event_type, actor1, actor2, event_date, location+latitude+longitude,
  dismissed=1|0), kept in the store's edit history.
- ``geoparse [FILE]``: JSON Lines ``{"text", "date"?}`` to ``{"toponyms": [...]}``.
- ``resolve [FILE]``: JSON Lines ``{"text", "spans"}`` to ``{"places": [...]}``.

``geoparse`` and ``resolve`` read standard input when FILE is omitted, load
the gazetteer once and stream: one output line per input line, in order.

Argument parsing around the package's public functions; exit code 2 for bad
arguments or paths, or for a .csv / .jsonl table whose columns cannot be told
(logged with the ``--table-columns`` that would read it, before anything is
read); 1 when the gazetteer cannot be opened or an input line could not be
read (its output line is then ``{"error": ...}``).
"""

from __future__ import annotations

import argparse
import logging
import os
import stat
import sys
from collections import Counter
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO, TextIO

from gazetteer import FallbackGeocoder, Gazetteer
from geo_events.cluster.connect import CONNECT_TIMEOUT_SECONDS, MAX_WORKERS, scheduler_address
from geo_events.errors import ClusterError, GeoEventsError, InputPathError
from geo_events.events.dedup import merge_duplicates
from geo_events.io.batch import geoparse_lines, json_lines, resolve_lines
from geo_events.io.formats import FORMATS
from geo_events.io.readers import (MONTH_FIRST_ENV, InputFile, existing_paths, expand_path, read_inputs,
                                  read_paths, unsure_tables)
from geo_events.io.tables import ColumnNames, parse_column_names
from geo_events.limits import DEADLINE_SECONDS, each_unit, partition, run_unit
from geo_events.models import EVENT_FIELDS, IngestProblem
from geo_events.store.location import STORE_ENV, as_location, default_store_path

if TYPE_CHECKING:
    import pandas as pd

    from geo_events.pipeline import Geoparser
    from geo_events.store.event_store import EventStore

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
                             help="column names of CSV/JSONL collections (default: told from common "
                                  "names: text or body, date or published, title or headline, url or link...)")
    ingest = commands.add_parser(
        "ingest", help="geoparse and extract events from files and folders into the event store")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help=".txt articles, .csv/.jsonl collections, ACLED .csv exports, or folders")
    ingest.add_argument("--store", type=as_location, default=None, metavar="FILE|URL",
                        help=f"event store file or postgresql:// URL (default: ${STORE_ENV} or "
                             f"{default_store_path()})")
    ingest.add_argument("--table-columns", default=None, metavar="FIELD=COLUMN,...",
                        help="column names of CSV/JSONL collections (default: told from common names)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.add_argument("--gazetteer", type=Path, default=None, help="gazetteer index file")
    ingest.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    where = ingest.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, default=1, metavar="N",
                       help=f"extract on a Dask LocalCluster of N worker processes, one thread each (1 to "
                            f"{MAX_WORKERS}; default 1: in this process, without Dask)")
    where.add_argument("--scheduler", type=_scheduler, default=None, metavar="tcp://HOST:PORT",
                       help="extract on the workers of a running Dask scheduler (tcp:// or tls://); the "
                            "scheduler and each worker need geo_events installed, each worker its gazetteer "
                            "index built "
                            "(python -m gazetteer build); --gazetteer, if given, is a path on the workers' "
                            "machines; cannot be combined with --workers")
    ingest.add_argument("--scheduler-timeout-seconds", type=_positive_seconds, default=CONNECT_TIMEOUT_SECONDS,
                        metavar="S", help="how long to wait for the scheduler and its first worker "
                                          f"(default: {CONNECT_TIMEOUT_SECONDS:g})")
    for command in (extract, ingest):
        command.add_argument("--month-first", action="store_true",
                             help="read numeric dates such as 03/04/2023 month first, as 4 March (default: "
                                  f"day first, 3 April, unless ${MONTH_FIRST_ENV}=1)")
    stored = commands.add_parser("events", help="write the events of the event store")
    stored.add_argument("--store", type=as_location, default=None, metavar="FILE|URL",
                        help="event store file or postgresql:// URL")
    stored.add_argument("--no-merge", action="store_true",
                        help="keep every article's report (default: merge duplicate reports)")
    stored.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    stored.add_argument("-o", "--output", type=Path, default=None, help="output file (default: stdout)")
    stored.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    edit = commands.add_parser("edit", help="change fields of a stored event (kept with when and what changed)")
    edit.add_argument("event_id", metavar="EVENT_ID", help="the event's id (the events command's event_id)")
    edit.add_argument("changes", nargs="+", metavar="FIELD=VALUE",
                      help="event_type, sub_event_type, actor1, actor2, event_date (YYYY-MM-DD), location, "
                           "latitude and longitude (together), country, country_code, dismissed (1: not an event)")
    edit.add_argument("--store", type=as_location, default=None, metavar="FILE|URL",
                      help="event store file or postgresql:// URL")
    edit.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
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
    for command in commands.choices.values():
        if command not in (stored, edit):  # every command that reads articles or lines
            command.add_argument("--deadline-seconds", type=_seconds, default=DEADLINE_SECONDS, metavar="S",
                                 help="stop an article or line that takes longer than S seconds and report "
                                      f"it (default: {DEADLINE_SECONDS:g}; 0 for no deadline)")
    return parser


def _seconds(value: str) -> float | None:
    """``--deadline-seconds``: a number of seconds, 0 for none."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0 up")
    return seconds or None


def _workers(value: str) -> int:
    """``--workers``: a whole number from 1 to :data:`MAX_WORKERS`."""
    try:
        workers = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of workers") from None
    if not 1 <= workers <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value!r}: use 1 to {MAX_WORKERS} workers")
    return workers


def _scheduler(value: str) -> str:
    """``--scheduler``: ``tcp://HOST:PORT`` or ``tls://HOST:PORT``."""
    try:
        return scheduler_address(value)
    except GeoEventsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive_seconds(value: str) -> float:
    seconds = _seconds(value)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of seconds above 0")
    return seconds


def _day_first(args: argparse.Namespace) -> bool | None:
    """``--month-first``: ``False``; else ``None``, so the readers follow the environment."""
    return False if args.month_first else None


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
    """``ingest``: each file in one transaction, each file and article one unit of work;
    2 for bad paths or store, 1 if anything was skipped (the rest is stored)."""
    from tqdm import tqdm

    from geo_events.pipeline import events_of_each
    from geo_events.store.event_store import EventStore

    try:
        total = len(_input_files(args.paths))
        if not _tables_are_clear(args.paths, table_columns):
            return 2
        store = EventStore.open(args.store)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    geoparser = _open_geoparser(args)
    if geoparser is None:
        store.close()
        return 1
    totals: Counter[str] = Counter()
    with store, tqdm(total=total, unit="file", disable=args.no_progress, file=sys.stderr) as bar:
        for item in read_inputs(args.paths, columns=table_columns, day_first=_day_first(args)):
            if item.path.is_dir():  # a folder's own note (files in it that are not inputs)
                totals.update(_report(item.problems))
                continue
            bar.set_postfix_str(item.path.name[-40:], refresh=False)
            fresh = [a for a in item.articles if a.article_id not in store.known([a.article_id])]
            pairs, problems = events_of_each(fresh, geoparser, deadline_seconds=args.deadline_seconds)
            added = run_unit(str(item.path), lambda: store.add(pairs, item.events), deadline_seconds=None)
            if added.problem is not None:
                problems.append(IngestProblem(str(item.path), f"not stored: {added.problem.message}"))
            else:
                totals.update(articles=added.value.articles, events=added.value.events,
                              stored=added.value.skipped + len(item.articles) - len(fresh))
            totals.update(_report([*item.problems, *problems]))
            bar.update(1)
    return _summary(totals, store)


def _summary(totals: Counter[str], store: EventStore) -> int:
    """``ingest``'s last line (naming ``store``, its password hidden); its exit code, 1 if an
    input was skipped."""
    sys.stderr.write(f"stored {totals['articles']} new article(s) or ACLED row(s) with "
                     f"{totals['events']} event(s) and mention(s); {totals['stored']} already stored; "
                     f"{totals['skipped']} input(s) skipped and {totals['notes']} note(s), each logged "
                     f"above; store: {store.location}\n")
    return 1 if totals["skipped"] else 0


def _ingest_on_cluster(args: argparse.Namespace, table_columns: ColumnNames) -> int:
    """``ingest --workers N`` (N >= 2) or ``--scheduler URL``: read and store here, extract on a
    Dask cluster (:mod:`geo_events.cluster`); the same store, output and exit codes as
    :func:`_ingest`, and 2 when the cluster cannot be started or reached."""
    from tqdm import tqdm

    from geo_events.cluster import ingest_on_cluster, start_workers
    from geo_events.cluster.connect import cluster_client
    from geo_events.store.event_store import EventStore

    try:
        _input_files(args.paths)  # a missing path stops the run before any cluster starts
        if not _tables_are_clear(args.paths, table_columns):
            return 2
        store = EventStore.open(args.store)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    gazetteer_path = args.gazetteer
    if args.scheduler is None:  # the workers are local: build the index once, here, before they start
        try:
            Gazetteer.open(args.gazetteer, progress=log.warning).close()
        except (GeoEventsError, OSError) as err:
            log.error("%s", err)
            store.close()
            return 1
        gazetteer_path = args.gazetteer.resolve() if args.gazetteer is not None else None
    # Dask's own messages: its warnings (a worker lost and restarted), its details with -v.
    logging.getLogger("distributed").setLevel(logging.INFO if args.verbose else logging.WARNING)
    totals: Counter[str] = Counter()
    try:
        with store, cluster_client(workers=args.workers, scheduler=args.scheduler,
                                   timeout_seconds=args.scheduler_timeout_seconds) as client:
            workers = len(client.scheduler_info()["workers"])
            try:
                # The online fallback, if set, asks once a second in all: each worker waits N seconds.
                start_workers(client, gazetteer_path=gazetteer_path, geocoder_min_delay_seconds=float(workers))
            except Exception as err:  # noqa: BLE001 - whatever a worker's setup raised, named
                log.error("the Dask cluster cannot extract events: %s: %s (the scheduler and each worker "
                          "need geo_events installed, and each worker its gazetteer index: python -m "
                          "gazetteer build)", type(err).__name__, " ".join(str(err).split()))
                return 1
            log.info("extracting on %d Dask worker(s)", workers)
            with tqdm(total=0, unit="article", disable=args.no_progress, file=sys.stderr) as bar:

                def counted(items: Iterable[InputFile]) -> Iterator[InputFile]:
                    for item in items:  # the total grows as files are read
                        bar.total += len(item.articles)
                        bar.set_postfix_str(item.path.name[-40:], refresh=False)
                        bar.refresh()
                        yield item

                inputs = counted(read_inputs(args.paths, columns=table_columns, day_first=_day_first(args)))
                for done in ingest_on_cluster(inputs, store, client, deadline_seconds=args.deadline_seconds,
                                              progress=bar.update):
                    if done.added is not None:
                        totals.update(articles=done.added.articles, events=done.added.events,
                                      stored=done.added.skipped + done.known)
                    totals.update(_report(done.problems))
                    bar.update(done.known)
    except ClusterError as err:
        log.error("%s", err)
        return 2
    return _summary(totals, store)


def _tables_are_clear(paths: list[Path], table_columns: ColumnNames) -> bool:
    """Whether every .csv / .jsonl table under ``paths`` has columns that can be told; each one
    that has not is logged once, with the columns found and the ``--table-columns`` that would
    read it. Nothing is read when one is unclear."""
    unsure = unsure_tables(paths, columns=table_columns)
    for file, guess in unsure:
        log.error("%s", guess.message(str(file)))
    return not unsure


def _report(problems: list[IngestProblem]) -> Counter[str]:
    """Log each problem once (source and reason); count inputs skipped and notes."""
    for problem in problems:
        log.warning("%s", problem)
    return Counter(skipped=sum(not p.kept for p in problems), notes=sum(p.kept for p in problems))


def _input_files(paths: list[Path]) -> list[Path]:
    """Every file ``ingest`` will read, so the progress bar knows the total."""
    return [file for path in existing_paths(paths) for file in expand_path(path)]


def _stored_events(args: argparse.Namespace) -> int:
    """``events``: the store's events (duplicates merged unless ``--no-merge``)."""
    from geo_events.io.rows import event_rows
    from geo_events.store.event_store import EventStore

    try:
        with EventStore.open(args.store) as store:
            events = store.events()
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    return _write(event_rows(events if args.no_merge else merge_duplicates(events)), args)


def _edit(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``edit``: keep the changes to one stored event; 2 for a bad field, value, event or store."""
    changes = {}
    for item in args.changes:
        field, sep, value = item.partition("=")
        if not sep:
            parser.error(f"{item!r}: write each change as FIELD=VALUE")
        changes[field.strip()] = value
    from geo_events.store.event_store import EventStore

    try:
        with EventStore.open(args.store) as store:
            kept = store.edit(args.event_id, changes)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    sys.stderr.write(f"{len(kept)} field(s) of {args.event_id} changed"
                     + (f": {', '.join(e.field for e in kept)}\n" if kept else " (the values were already so)\n"))
    return 0


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
        if args.workers > 1 or args.scheduler is not None:
            return _ingest_on_cluster(args, table_columns)
        return _ingest(args, table_columns)
    if args.command == "events":
        return _stored_events(args)
    if args.command == "edit":
        return _edit(args, parser)
    return _extract(args, table_columns, columns=_columns(parser, args.columns, events=args.events))


def _extract(args: argparse.Namespace, table_columns: ColumnNames, *, columns: list[str]) -> int:
    """``extract``: place rows, or with ``--events`` the event table; 2 for bad paths or output,
    1 if no gazetteer or if an input was skipped (the rows of the others are still written)."""
    from geo_events.io.rows import event_rows, place_rows
    from geo_events.pipeline import events_of_each

    try:
        if not _tables_are_clear(args.paths, table_columns):
            return 2
        result = read_paths(args.paths, columns=table_columns, day_first=_day_first(args))
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    geoparser = _open_geoparser(args)
    if geoparser is None:
        return 1
    problems = list(result.problems)
    if args.events:
        pairs, failed = events_of_each(result.articles, geoparser, deadline_seconds=args.deadline_seconds)
        rows = event_rows(merge_duplicates([*(e for _, events in pairs for e in events), *result.events]))
    else:
        parsed, failed = partition(each_unit(result.articles, lambda a: (a, geoparser.geoparse(a.text)),
                                             name=lambda a: a.source, deadline_seconds=args.deadline_seconds))
        rows = place_rows(parsed, country_names=geoparser.gazetteer.country_names())
    counts = _report(problems + failed)
    written = _write(rows[columns], args)
    return written or (1 if counts["skipped"] else 0)


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
    """``geoparse`` / ``resolve``: JSON Lines in, JSON Lines out, one line each; 2 when the input
    cannot be opened or the output written, 1 when a line got an error (the others answered)."""
    try:
        source = _open_input(args.input)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    try:
        target = _open_output(args.output)
    except GeoEventsError as err:
        log.error("%s", err)
        source.close()
        return 2
    geoparser = _open_geoparser(args)
    if geoparser is None:
        return 1
    convert = geoparse_lines if args.command == "geoparse" else resolve_lines
    errors = 0
    try:
        for line in convert(json_lines(source), geoparser, deadline_seconds=args.deadline_seconds):
            errors += line.startswith('{"error"')
            target.write(line + "\n")
            target.flush()
    except BrokenPipeError:  # `... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as err:
        log.error("cannot write %s: %s", args.output or "the output", err.strerror or err)
        return 2
    finally:
        for handle in (source, target):
            if handle not in (sys.stdin.buffer, sys.stdout):
                handle.close()
    if errors:
        log.warning("%d input line(s) could not be read; see their {\"error\": ...} lines", errors)
    return 1 if errors else 0


def _open_input(path: Path | None) -> BinaryIO:
    """The input as bytes (standard input when ``path`` is None); a regular file only, as a
    pipe or device named on the command line could block the run before it starts."""
    if path is None:
        return sys.stdin.buffer
    if not path.exists():
        raise InputPathError(f"no such input file: {path}")
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputPathError(f"{path}: not a regular file")
        return path.open("rb")
    except OSError as err:
        raise InputPathError(f"cannot read {path}: {err.strerror or err}") from err


def _open_output(path: Path | None) -> TextIO:
    """Where results go (standard output when ``path`` is None), opened before any work so a
    path that cannot be written fails at once."""
    if path is None:
        return sys.stdout
    try:
        return path.open("w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise InputPathError(f"cannot write {path}: {err.strerror or err}") from err
