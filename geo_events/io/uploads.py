"""Files uploaded in the page (.txt, .csv, .jsonl, or a .zip of them), read in memory.

    >>> [(f.name, len(f.input.articles)) for f in read_uploads([("a.txt", b" date 2023-01-20 Raids in Raqqa.")])]
    [('a.txt', 1)]

Each upload (and each member of a zip) becomes an :class:`UploadedFile` with
its articles, ACLED events and problems; a bad one carries its own error and
the others still load. Nothing touches the disk: names are labels, never
paths, so a zip member called ``../../etc/passwd`` is just a name. Limits:
:data:`MAX_UPLOAD_BYTES` per upload, :data:`MAX_ZIP_MEMBERS` members and
:data:`MAX_ZIP_BYTES` unpacked per zip (a zip bomb stops at the limit).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from geo_events.models import IngestProblem

from .readers import ARTICLE_SUFFIXES, InputFile, read_input_bytes
from .tables import ColumnNames

__all__ = ["UploadedFile", "read_uploads", "UPLOAD_SUFFIXES", "MAX_UPLOAD_BYTES", "MAX_ZIP_MEMBERS",
           "MAX_ZIP_BYTES"]

UPLOAD_SUFFIXES = frozenset(ARTICLE_SUFFIXES | {".zip"})
#: Largest upload accepted, in bytes (Streamlit's own cap, .streamlit/config.toml, is 20 MB).
MAX_UPLOAD_BYTES = 20 * 2**20
#: Members read from one zip, and bytes unpacked from it at most.
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_BYTES = 100 * 2**20


@dataclass(slots=True)
class UploadedFile:
    """One uploaded file or zip member: its label and what reading it gave."""

    name: str
    input: InputFile


def read_uploads(files: Iterable[tuple[str, bytes]], *,
                 columns: ColumnNames = ColumnNames()) -> list[UploadedFile]:
    """Read ``(name, bytes)`` uploads; every upload or zip member gets its own entry."""
    found: list[UploadedFile] = []
    for name, data in files:
        label = PurePosixPath(name.replace("\\", "/")).name or "upload"
        suffix = PurePosixPath(label).suffix.lower()
        if len(data) > MAX_UPLOAD_BYTES:
            found.append(_refused(label, f"{len(data):,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit"))
        elif suffix == ".zip":
            found.extend(_zip_members(label, data, columns))
        elif suffix in ARTICLE_SUFFIXES:
            found.append(UploadedFile(label, read_input_bytes(label, data, columns=columns)))
        else:
            found.append(_refused(label, f"not a {', '.join(sorted(UPLOAD_SUFFIXES))} file"))
    return found


def _refused(label: str, why: str) -> UploadedFile:
    return UploadedFile(label, InputFile(PurePosixPath(label), problems=[IngestProblem(label, why)]))


def _zip_members(label: str, data: bytes, columns: ColumnNames) -> Iterator[UploadedFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as err:
        yield _refused(label, f"not a readable zip: {err}")
        return
    budget = MAX_ZIP_BYTES
    readable = [m for m in members if PurePosixPath(m.filename).suffix.lower() in ARTICLE_SUFFIXES
                and not PurePosixPath(m.filename).name.startswith(".")
                and "__MACOSX" not in PurePosixPath(m.filename).parts]
    if len(readable) > MAX_ZIP_MEMBERS:
        yield _refused(label, f"{len(readable):,} files; only the first {MAX_ZIP_MEMBERS:,} are read")
        readable = readable[:MAX_ZIP_MEMBERS]
    with archive:
        for member in readable:
            name = f"{label}/{member.filename}"
            if member.file_size > budget:
                yield _refused(name, f"unpacks past the zip's {MAX_ZIP_BYTES:,}-byte limit; skipped")
                continue
            try:
                with archive.open(member) as stream:
                    content = stream.read(budget + 1)
            # A bad CRC (BadZipFile), a corrupt deflate stream (zlib.error), encryption
            # (RuntimeError) or an unknown compression method (NotImplementedError).
            except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError) as err:
                yield _refused(name, f"cannot unpack: {err}")
                continue
            if len(content) > budget:  # the header lied about the size
                yield _refused(name, f"unpacks past the zip's {MAX_ZIP_BYTES:,}-byte limit; skipped")
                continue
            budget -= len(content)
            yield UploadedFile(name, read_input_bytes(name, content, columns=columns))
