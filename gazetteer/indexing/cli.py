"""``python -m gazetteer build|import``: build the offline index, or add GeoNames dumps to it.

    python -m gazetteer build                 # (re)build from the packaged data now
    python -m gazetteer import SY.zip         # add every Syrian GeoNames entry

Installed, the same commands are ``geo-events-gazetteer build|import``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..errors import GeoEventsError
from .build import build_index, default_index_path, import_dump, index_is_current

__all__ = ["main"]


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog,
                                     description="Build or extend the offline gazetteer index.")
    parser.add_argument("--index", type=Path, default=None,
                        help=f"index file (default: {default_index_path()})")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="(re)build the index from the packaged data")
    imports = commands.add_parser(
        "import", help="add GeoNames dump files (allCountries.zip, SY.zip, SY.txt) to the index")
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imports.add_argument("--min-population", type=int, default=0,
                         help="skip populated places smaller than this (other features are kept)")
    return parser


def main(argv: list[str] | None = None, *, prog: str = "geo-events-gazetteer") -> int:
    """``main(["build"])``: run one command; the exit code (the console script's).

    ``prog`` is the name the usage line shows (``python -m gazetteer`` when run as a module).
    """
    args = _parser(prog).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log = logging.getLogger("gazetteer")
    index = args.index or default_index_path()
    try:
        if args.command == "build":
            build_index(index)
            return 0
        missing = [str(f) for f in args.files if not f.is_file()]
        if missing:
            log.error("no such file: %s", ", ".join(missing))
            return 2
        if not index_is_current(index):
            build_index(index)
        for dump in args.files:
            import_dump(index, dump, min_population=args.min_population)
    except GeoEventsError as err:
        log.error("%s", err)
        return 1
    return 0
