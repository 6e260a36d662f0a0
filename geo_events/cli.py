"""Command line: ``python -m geo_events extract PATH... [--format jsonl|csv|geojson] [-o FILE]``.

Argument parsing around the package's public functions; exit code 2 for bad
arguments or paths, 1 when the gazetteer cannot be opened.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from gazetteer import FallbackGeocoder, Gazetteer, GazetteerError

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
    columns = _columns(parser, args.columns)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        result = read_paths(args.paths)
    except GeoEventsError as err:
        log.error("%s", err)
        return 2
    for problem in result.problems:
        log.warning("%s: %s", problem.source, problem.message)
    try:
        geoparser = Geoparser(Gazetteer.open(args.gazetteer, progress=log.warning),
                              geocoder=FallbackGeocoder.from_settings())
    except GazetteerError as err:
        log.error("%s", err)
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
