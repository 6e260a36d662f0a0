"""Uploads read in memory: zips, limits, hostile names, one error per bad file."""

from __future__ import annotations

import io
import zipfile

import pytest

from geo_events.io import read_uploads
from geo_events.io import uploads


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_each_load_and_a_bad_one_gets_its_own_error() -> None:
    data = zipped({"a.txt": b" date 2023-01-20 Raids in Raqqa.", "sub/b.jsonl": b'{"text": "Clashes in Mosul."}\n',
                   "bad.txt": b"\x00binary", "notes.pdf": b"%PDF", ".hidden.txt": b"x"})
    found = read_uploads([("batch.zip", data)])
    assert [f.name for f in found] == ["batch.zip/a.txt", "batch.zip/sub/b.jsonl", "batch.zip/bad.txt",
                                       "batch.zip/notes.pdf", "batch.zip"]
    assert [len(f.input.articles) for f in found] == [1, 1, 0, 0, 0]
    assert "binary" in found[2].input.problems[0].message
    assert "not a .csv" in found[3].input.problems[0].message  # named, not dropped
    assert "1 hidden or system file" in found[4].input.problems[0].message


def test_hostile_member_names_are_labels_not_paths(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = read_uploads([("x.zip", zipped({"../../escape.txt": b"Raids in Raqqa."}))])
    assert found[0].input.articles[0].source == "x.zip/escape.txt"
    assert "points outside the zip" in found[0].input.problems[0].message
    assert not any(tmp_path.parent.parent.glob("escape.txt")) and not any(tmp_path.rglob("*"))


def test_oversized_and_unknown_uploads_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    found = read_uploads([("big.txt", b"x" * 11), ("a.exe", b"MZ"), ("c:\\dir\\ok.txt", b"Raqqa.")])
    assert "limit" in found[0].input.problems[0].message
    assert "not a" in found[1].input.problems[0].message
    assert found[2].name == "ok.txt" and len(found[2].input.articles) == 1


def test_zip_bomb_stops_at_the_unpacked_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_ZIP_BYTES", 1000)
    found = read_uploads([("bomb.zip", zipped({"a.txt": b"a" * 600, "b.txt": b"b" * 600}))])
    assert len(found[0].input.articles) == 1 and "limit" in found[1].input.problems[0].message


def test_not_a_zip_is_a_clear_problem() -> None:
    (found,) = read_uploads([("fake.zip", b"not a zip")])
    assert "not a readable zip" in found.input.problems[0].message


def test_member_that_cannot_be_unpacked_gets_its_own_error() -> None:
    data = bytearray(zipped({"a.txt": b"Raids in Raqqa.", "b.txt": b"Clashes in Mosul."}))
    # Mark b.txt's compression as method 99, which zipfile cannot unpack (local header and
    # central directory both carry the method, 8 and 10 bytes after their signatures).
    local = data.index(b"PK\x03\x04", data.index(b"PK\x03\x04") + 4)
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[local + 8:local + 10] = data[central + 10:central + 12] = (99).to_bytes(2, "little")
    found = read_uploads([("x.zip", bytes(data))])
    assert len(found[0].input.articles) == 1
    assert found[1].name == "x.zip/b.txt" and "cannot unpack" in found[1].input.problems[0].message


def test_corrupt_member_gets_its_own_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bad.txt", b"Raids in Raqqa. " * 50)
        archive.writestr("good.txt", b"Clashes in Mosul.")
    data = bytearray(buffer.getvalue())
    start = data.index(b"bad.txt") + len("bad.txt")
    data[start:start + 20] = b"\xff" * 20  # the deflate stream no longer decodes
    found = read_uploads([("x.zip", bytes(data))])
    assert "cannot unpack" in found[0].input.problems[0].message
    assert len(found[1].input.articles) == 1
