"""A fake GeoNames download server for tests: ``http.server`` in a thread, serving small
generated country zips and misbehaving on purpose (see :class:`Handler`)."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["FILES", "HTML_PAGE", "FakeGeoNames", "Handler", "serve", "closed_port", "village", "dump_zip"]


def village(geonameid: int, name: str, latitude: float, longitude: float, country: str) -> list[str]:
    """A row of GeoNames' 19 tab-separated columns; villages made up for tests (ids too)."""
    return [str(geonameid), name, name, f"{name} Village", f"{latitude}", f"{longitude}", "P", "PPL",
            country, "", "01", "", "", "", "120", "", "300", "Asia/Damascus", "2024-01-01"]


def dump_zip(code: str, rows: list[list[str]], *, filler_rows: int = 30) -> bytes:
    """A GeoNames-like ``CODE.zip``: ``CODE.txt`` (the rows, then ``filler_rows`` more with ids
    of the code's own) and a readme, as GeoNames ships it."""
    first_id = 8_000_000 + 1_000 * (ord(code[0]) - ord("A")) + 40 * (ord(code[1]) - ord("A"))
    more = [village(first_id + i, f"Testvillage {code} {i}", 35.0 + i / 1000, 40.0, code)
            for i in range(filler_rows)]
    text = "".join("\t".join(row) + "\n" for row in rows + more)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{code}.txt", text)
        archive.writestr("readme.txt", "test dump")
    return buffer.getvalue()


SY_ROWS = [village(9_300_001, "Khirbat Zaytuna", 36.51, 40.72, "SY")]
IQ_ROWS = [village(9_300_002, "Tall Qasab", 36.32, 41.88, "IQ")]
FILES = {"SY": dump_zip("SY", SY_ROWS), "IQ": dump_zip("IQ", IQ_ROWS)}
HTML_PAGE = b"<!DOCTYPE html><html><body>Please log in to the network</body></html>"


@dataclass
class FakeGeoNames:
    """What the fake server was asked: one (path, Range header) per request."""

    url: str
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)

    def asked(self, name: str) -> list[str | None]:
        return [rng for path, rng in self.requests if path.endswith("/" + name)]


class Handler(http.server.BaseHTTPRequestHandler):
    """``/<behaviour>/<CC>.zip``; behaviours: good (Range honoured), norange (Range ignored),
    drop (the first answer stops half-way), liar (announces more bytes than it sends),
    nolength (no Content-Length), html (a login page), htmlzip (a page labelled as a zip),
    big (announces 1 GB), badrows, nomember, slow (answers after 2 s), missing (404)."""

    server: http.server.ThreadingHTTPServer

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state: FakeGeoNames = self.server.state  # type: ignore[attr-defined]
        state.requests.append((self.path, self.headers.get("Range")))
        _, behaviour, name = self.path.split("/", 2)
        code = name.removesuffix(".zip")
        body = FILES.get(code)
        if behaviour == "missing" or body is None:
            self.send_error(404, "Not Found")
            return
        if behaviour == "slow":
            time.sleep(2.0)
        if behaviour in ("html", "htmlzip"):
            self._send(200, HTML_PAGE, "text/html" if behaviour == "html" else "application/zip")
            return
        if behaviour == "big":
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(2**30))
            self.end_headers()
            return
        if behaviour == "badrows":
            body = _zip_of({f"{code}.txt": "1\tonly three\tcolumns\n"})
        elif behaviour == "nomember":
            body = _zip_of({"readme.txt": "no rows here"})
        if behaviour == "nolength":  # no Content-Length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.end_headers()
            self.wfile.write(body)
            return
        if behaviour == "liar":
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)
            return
        start = self._range_start() if behaviour not in ("norange",) else None
        if behaviour == "drop" and self.path not in state.dropped:
            state.dropped.add(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            return  # HTTP/1.0: the connection closes half-way through the file
        if start is None:
            self._send(200, body, "application/zip")
        elif start >= len(body):
            self.send_error(416, "Range Not Satisfiable")
        else:
            self.send_response(206)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            self.wfile.write(body[start:])

    def _range_start(self) -> int | None:
        wanted = self.headers.get("Range")
        if not wanted or not wanted.startswith("bytes=") or not wanted.endswith("-"):
            return None
        return int(wanted[len("bytes="):-1])

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _zip_of(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@contextmanager
def serve() -> Iterator[FakeGeoNames]:
    """A running fake server; its base is ``state.url`` + ``/<behaviour>/``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state = FakeGeoNames(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
