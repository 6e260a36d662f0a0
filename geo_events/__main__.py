"""``python -m geo_events geoparse|resolve|extract|ingest|events ...``: see :mod:`geo_events.cli`."""

import sys

from .cli import main

__all__: list[str] = []

sys.exit(main(prog="python -m geo_events"))
