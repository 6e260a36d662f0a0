"""Building the SQLite index the gazetteer reads, from :mod:`gazetteer.sources`.

    >>> from gazetteer.indexing import default_index_path, index_is_current
    >>> index_is_current(default_index_path()) in (True, False)
    True

:mod:`~gazetteer.indexing.build` builds the index and imports GeoNames dumps
into it; :mod:`~gazetteer.indexing.cli` is ``python -m gazetteer build|import``.
"""

from __future__ import annotations

from .build import (
                     INDEX_FORMAT,
                     MIN_KEY_CHARS,
                     build_index,
                     current_signature,
                     default_index_path,
                     import_dump,
                     index_is_current,
                     stored_signature,
)

__all__ = ["build_index", "import_dump", "default_index_path", "index_is_current",
           "stored_signature", "current_signature", "INDEX_FORMAT", "MIN_KEY_CHARS"]
