"""Files uploaded in the page (.txt, .csv, .jsonl, or a .zip of them), read in memory.

    >>> [(f.name, len(f.input.articles)) for f in read_uploads([("a.txt", b" date 2023-01-20 Raids in Raqqa.")])]
    [('a.txt', 1)]

Each upload (and each member of a zip) becomes an :class:`UploadedFile` with
its articles, ACLED events and problems; a bad one carries its own error and
the others still load. Nothing touches the disk: names are labels, never
paths, so a zip member called ``../../etc/passwd`` or ``..\\x.txt`` is just a
name (read as ``etc/passwd``, ``x.txt``, with a note). Every member is read or
named in a problem: other file types, zips inside the zip (not opened) and
the count of hidden system files (.DS_Store, __MACOSX). Limits:
:data:`MAX_UPLOAD_BYTES` per upload (an article .txt, in a zip or not, 2 MB as on
disk), :data:`MAX_ZIP_MEMBERS` members and
:data:`MAX_ZIP_BYTES` unpacked per zip (a zip bomb stops at the limit). Reading
is linear in the bytes unpacked, which those limits bound.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from geo_events.limits import run_unit
from geo_events.models import IngestProblem

from .long_articles import MAX_ARTICLE_CHARS
from .readers import ARTICLE_SUFFIXES, MAX_FILE_BYTES, TABLE_SUFFIXES, InputFile, read_input_bytes
from .tables import ColumnNames

__all__ = ["UploadedFile", "read_uploads", "UPLOAD_SUFFIXES", "MAX_UPLOAD_BYTES", "MAX_ZIP_MEMBERS",
           "MAX_ZIP_BYTES"]

UPLOAD_SUFFIXES = frozenset(ARTICLE_SUFFIXES | {".zip"})
_SUFFIX_LIST = ", ".join(sorted(UPLOAD_SUFFIXES))
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
    #: The file's bytes, kept only for a table whose columns could not be told
    #: (``input.unsure_columns``), to be read again with the columns the user picks.
    data: bytes | None = None


def read_uploads(files: Iterable[tuple[str, bytes]], *, columns: ColumnNames = ColumnNames(),
                 max_article_chars: int = MAX_ARTICLE_CHARS) -> list[UploadedFile]:
    """Read ``(name, bytes)`` uploads; every upload or zip member gets its own entry, each read
    as one unit of work (:func:`geo_events.limits.run_unit`): a bad one is its own problem."""
    found: list[UploadedFile] = []
    for name, data in files:
        label = _label(name) or "upload"
        suffix = PurePosixPath(label).suffix.lower()
        if len(data) > MAX_UPLOAD_BYTES:
            found.append(_refused(label, f"{len(data):,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit"))
        elif suffix == ".zip":
            outcome = run_unit(label, lambda: list(_zip_members(label, data, columns, max_article_chars)))
            found.extend(outcome.value if outcome.value is not None else [_refused(label, outcome.problem.message)])
        elif suffix in ARTICLE_SUFFIXES:
            found.append(_member(label, data, columns, max_article_chars))
        else:
            found.append(_refused(label, f"not a {_SUFFIX_LIST} file; skipped"))
    return found


def _label(name: str) -> str:
    """An upload's file name without any folder (browsers may send one, with either slash)."""
    return PurePosixPath(name.replace("\\", "/")).name


def _member(label: str, data: bytes, columns: ColumnNames, max_article_chars: int) -> UploadedFile:
    """One uploaded file or zip member, read as one unit of work; an article file (.txt) has
    the same size limit as on disk (:data:`~geo_events.io.readers.MAX_FILE_BYTES`)."""
    if PurePosixPath(label).suffix.lower() not in TABLE_SUFFIXES and len(data) > MAX_FILE_BYTES:
        return _refused(label, f"{len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit of an "
                               "article file; skipped (split it, or make it a .csv/.jsonl collection)")
    outcome = run_unit(label, lambda: read_input_bytes(label, data, columns=columns,
                                                       max_article_chars=max_article_chars))
    if outcome.value is None:
        return _refused(label, outcome.problem.message)
    return UploadedFile(label, outcome.value, data=data if outcome.value.unsure_columns is not None else None)


def _refused(label: str, why: str) -> UploadedFile:
    return UploadedFile(label, InputFile(PurePosixPath(label), problems=[IngestProblem(label, why)]))


def _member_name(filename: str) -> tuple[str, bool]:
    """A zip member's name as a label: backslashes read as folders, "..", "." and leading
    slashes dropped; and whether anything had to be dropped (the name pointed outside the zip)."""
    parts = filename.replace("\\", "/").split("/")
    kept = [p for p in parts if p not in ("", ".", "..")]
    return "/".join(kept), any(p in ("..",) for p in parts) or filename.startswith(("/", "\\"))


def _zip_members(label: str, data: bytes, columns: ColumnNames, max_article_chars: int) -> Iterator[UploadedFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.filename.endswith("/")]  # is_dir() fails on ""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:  # NotImplementedError: zip version
        yield _refused(label, f"not a readable zip: {err}")
        return
    if not members:
        yield _refused(label, "an empty zip: no files in it")
        return
    plan: list[tuple[str, zipfile.ZipInfo | None, IngestProblem | None]] = []  # in the zip's order
    hidden = readable = 0
    for member in members:
        path, outside = _member_name(member.filename)
        name = f"{label}/{path}"
        base = PurePosixPath(path)
        if base.name.startswith(".") or "__MACOSX" in base.parts:
            hidden += 1  # system files (.DS_Store, macOS resource forks): counted, not listed
        elif base.suffix.lower() == ".zip":
            plan.append((name, None, IngestProblem(name, "a zip inside the zip is not opened; upload it "
                                                         "on its own")))
        elif base.suffix.lower() not in ARTICLE_SUFFIXES:
            plan.append((name, None, IngestProblem(name, f"not a {_SUFFIX_LIST} file; skipped")))
        elif readable == MAX_ZIP_MEMBERS:
            plan.append((name, None, IngestProblem(name, f"past the first {MAX_ZIP_MEMBERS:,} files of "
                                                         "the zip; skipped")))
        else:
            readable += 1
            plan.append((name, member, IngestProblem(
                name, f"its name {member.filename!r} points outside the zip; read under this name",
                kept=True) if outside else None))
    budget = MAX_ZIP_BYTES
    with archive:
        for name, member, note in plan:
            if member is None:
                yield UploadedFile(name, InputFile(PurePosixPath(name), problems=[note]))
                continue
            if member.file_size > budget:
                yield _refused(name, f"unpacks past the zip's {MAX_ZIP_BYTES:,}-byte limit; skipped")
                continue
            try:
                with archive.open(member) as stream:
                    content = stream.read(budget + 1)
            # A bad CRC (BadZipFile), a corrupt deflate stream (zlib.error), encryption
            # (RuntimeError), an unknown compression method (NotImplementedError), a garbled name or offset.
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, RuntimeError,
                    NotImplementedError, EOFError, ValueError) as err:
                yield _refused(name, f"cannot unpack: {err}")
                continue
            if len(content) > budget:  # the header lied about the size
                yield _refused(name, f"unpacks past the zip's {MAX_ZIP_BYTES:,}-byte limit; skipped")
                continue
            budget -= len(content)
            read = _member(name, content, columns, max_article_chars)
            if note is not None:
                read.input.problems.insert(0, note)
            yield read
    if hidden:
        yield UploadedFile(label, InputFile(PurePosixPath(label), problems=[IngestProblem(
            label, f"{hidden} hidden or system file(s) (.DS_Store, __MACOSX, ...) not read", kept=True)]))
