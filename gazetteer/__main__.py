"""``python -m gazetteer build [--path FILE]``: build the offline index now."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import GazetteerError
from .index import build_index, default_index_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gazetteer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="(re)build the SQLite index from packaged data")
    build.add_argument("--path", type=Path, default=None,
                       help=f"index file (default: {default_index_path()})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        build_index(args.path or default_index_path())
    except GazetteerError as err:
        logging.getLogger("gazetteer").error("%s", err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
