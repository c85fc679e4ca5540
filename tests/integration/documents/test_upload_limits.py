"""An upload over the limit is refused as soon as its size is known, not after it has arrived.

Against a real waitress server on 127.0.0.1 (the one ``eoffice serve`` runs), because the test
client never buffers a body the way waitress does.
"""
from __future__ import annotations

import io
import socket
import threading
import time
from typing import Any, Iterator

import pytest

from eoffice.cli import TOO_LARGE_MESSAGE, make_server, waitress_options

MB = 1024 * 1024


@pytest.fixture
def small_limit_app(make_app, sqlite_database):  # type: ignore[no-untyped-def]
    """An app that accepts 1 MB per upload (SQLite is enough: the body never reaches the database)."""
    return make_app(sqlite_database, max_upload_mb=1)


@pytest.fixture
def live_server(small_limit_app) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    server = make_server(small_limit_app, "127.0.0.1", 0, 2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.effective_port
    finally:
        server.close()
        thread.join(timeout=5)


def _exchange(address: tuple[str, int], head: bytes, body_parts: Any, timeout: float = 10.0) -> tuple[bytes, float, int]:
    """Send ``head`` then body parts until the server answers; return (answer, seconds, bytes sent)."""
    started = time.monotonic()
    sent = 0
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(head)
        for part in body_parts:
            try:
                sock.sendall(part)
                sent += len(part)
            except OSError:  # the server closed the connection after answering
                break
        sock.settimeout(timeout)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except OSError:
            pass
    return answer, time.monotonic() - started, sent


def test_waitress_limit_follows_the_upload_setting(small_limit_app) -> None:  # type: ignore[no-untyped-def]
    options = waitress_options(small_limit_app)
    assert options["max_request_body_size"] == small_limit_app.config["MAX_CONTENT_LENGTH"] + 1
    assert 1 * MB < options["max_request_body_size"] < 3 * MB, "1 MB of file plus the form's overhead, not 1 GB"


def test_a_huge_content_length_gets_413_at_once_without_sending_the_body(live_server) -> None:  # type: ignore[no-untyped-def]
    head = (b"POST /incoming/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 209715200\r\n\r\n")
    answer, seconds, _ = _exchange(live_server, head, [b"--xyz\r\n" + b"0" * 1024])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert TOO_LARGE_MESSAGE.encode("utf-8") in answer, "in Vietnamese, saying what to do"
    assert seconds < 5, f"refused after {seconds:.1f} s: it waited for the body"


def test_a_chunked_upload_is_cut_off_once_it_passes_the_limit(live_server) -> None:  # type: ignore[no-untyped-def]
    head = (b"POST /incoming/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n")
    piece = b"0" * (256 * 1024)
    chunk = b"%x\r\n" % len(piece) + piece + b"\r\n"
    answer, _, sent = _exchange(live_server, head, [chunk] * 200)  # 50 MB offered
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MB, f"{sent / MB:.0f} MB were taken before the refusal"


def test_a_request_within_the_limit_reaches_the_app(live_server) -> None:  # type: ignore[no-untyped-def]
    answer, _, _ = _exchange(live_server, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", [])
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


class _BodyThatMustNotBeRead(io.RawIOBase):
    read_calls = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        type(self).read_calls += 1
        raise AssertionError("the body was read although its Content-Length is over the limit")


def test_flask_refuses_on_content_length_before_reading_the_body(small_limit_app) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import login

    with small_limit_app.app_context():
        from eoffice.demo import load_demo

        load_demo(with_documents=False)
    client = small_limit_app.test_client()
    login(client, "vanthu", "Demo@2026")
    response = client.post(
        "/incoming/new", content_type="multipart/form-data; boundary=xyz",
        environ_overrides={"wsgi.input": _BodyThatMustNotBeRead(), "CONTENT_LENGTH": str(200 * MB)},
    )
    assert response.status_code == 413
    assert "vượt quá dung lượng cho phép" in response.get_data(as_text=True)
    assert _BodyThatMustNotBeRead.read_calls == 0
