"""``python -m gazetteer build|import``: the command line of :mod:`gazetteer.indexing.cli`.

Installed, the same commands are ``geo-events-gazetteer build|import``.
"""

from __future__ import annotations

import sys

from .indexing.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main(prog="python -m gazetteer"))
