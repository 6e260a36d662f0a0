"""``python -m gazetteer build|import|download``: build the offline index, or add GeoNames dumps to it.

    python -m gazetteer build                 # (re)build from the packaged data now
    python -m gazetteer import SY.zip         # add every Syrian GeoNames entry
    python -m gazetteer download SY IQ        # fetch GeoNames' SY.zip and IQ.zip once, add them

Installed, the same commands are ``geo-events-gazetteer build|import|download``. Exit
codes: 0 done, 1 a file could not be fetched or read (the others are still added), 2 a
bad argument (an unknown country code, a missing file, a URL that is not http or https).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..errors import GazetteerSettingError, GeoEventsError
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
    download = commands.add_parser(
        "download", help="fetch GeoNames country files (SY, IQ: villages, rivers, bases) once and "
                         "add them to the index")
    download.add_argument("countries", nargs="+", metavar="CC",
                          help="ISO 3166 alpha-2 country codes, e.g. SY IQ")
    download.add_argument("--base-url", default=None,
                          help="server folder holding SY.zip (default: $GEO_EVENTS_GEONAMES_URL or "
                               "https://download.geonames.org/export/dump/)")
    download.add_argument("--refresh", action="store_true",
                          help="download again even if the file is already stored")
    download.add_argument("--dump-dir", type=Path, default=None,
                          help="where the files are kept (default: the user data folder's geonames/)")
    download.add_argument("--timeout-seconds", type=float, default=30.0,
                          help="how long to wait for the server to answer or send more (default 30)")
    download.add_argument("--min-population", type=int, default=0,
                          help="skip populated places smaller than this (other features are kept)")
    download.add_argument("--no-progress", action="store_true", help="no progress bar")
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
        if args.command == "download":
            return _download(args, index)
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


def _download(args: argparse.Namespace, index: Path) -> int:
    """``download``: each country in turn; one that fails is logged and the next is tried."""
    from ..download import add_countries, country_codes, dump_url
    from ..errors import DumpUnreachableError

    log = logging.getLogger("gazetteer")
    try:
        codes = country_codes(args.countries)
        urls = {code: dump_url(code, base_url=args.base_url) for code in codes}
    except GazetteerSettingError as err:
        log.error("%s", err)
        return 2
    failed = 0
    for code in codes:
        try:
            add_countries([code], index=index, min_population=args.min_population,
                          download=_with_progress_bar(disabled=args.no_progress), base_url=args.base_url,
                          dump_dir=args.dump_dir, refresh=args.refresh, timeout_seconds=args.timeout_seconds)
        except GazetteerSettingError as err:
            log.error("%s", err)
            return 2
        except GeoEventsError as err:
            failed += 1
            log.error("%s", err)
            if isinstance(err, DumpUnreachableError):
                log.error("Offline? Run the same command again once connected (it resumes), or fetch "
                          "%s by other means and run: python -m gazetteer import %s.zip", urls[code], code)
    return 1 if failed else 0


def _with_progress_bar(*, disabled: bool):
    """:func:`gazetteer.download.download_dump` under a tqdm byte counter on stderr."""
    from tqdm import tqdm

    from ..download import download_dump

    def download(code: str, **options) -> Path:
        with tqdm(desc=f"{code}.zip", unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr,
                  disable=disabled, leave=False) as bar:
            def on_bytes(received: int, total: int | None) -> None:
                if received < bar.n or (total is not None and total != bar.total):
                    bar.reset(total=total)  # a restart from the first byte, or the size is known
                bar.update(received - bar.n)

            return download_dump(code, on_bytes=on_bytes, **options)

    return download
