"""Command line: ``python -m geo_events extract|geoparse|resolve ...``.

- ``extract PATH... [--format jsonl|csv|geojson] [-o FILE]``: article files to place rows.
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
from pathlib import Path

from gazetteer import FallbackGeocoder, Gazetteer, GazetteerError

from .batch import geoparse_lines, resolve_lines
from .errors import GeoEventsError
from .export import FORMATS, write_rows
from .ingest import read_paths
from .join import COLUMNS
from .pipeline import Geoparser

__all__ = ["main"]

log = logging.getLogger("geo_events")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo_events",
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
    extract.add_argument("--gazetteer", type=Path, default=None, help="gazetteer index file")
    extract.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
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
    return parser


def _columns(parser: argparse.ArgumentParser, spec: str | None) -> list[str]:
    if spec is None:
        return list(COLUMNS)
    wanted = [c.strip() for c in spec.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in COLUMNS]
    if unknown or not wanted:
        parser.error(f"unknown column(s) {', '.join(unknown) or '(none given)'}; "
                     f"choose from {', '.join(COLUMNS)}")
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if args.command in ("geoparse", "resolve"):
        return _stream(args)
    columns = _columns(parser, args.columns)
    try:
        result = read_paths(args.paths)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    for problem in result.problems:
        log.warning("%s: %s", problem.source, problem.message)
    geoparser = _open_geoparser(args)
    if geoparser is None:
        return 1
    rows = geoparser.extract(result.articles)[columns]
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
    try:
        return Geoparser(Gazetteer.open(args.gazetteer, progress=log.warning),
                         geocoder=FallbackGeocoder.from_settings())
    except GazetteerError as err:
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
