"""The gunicorn hooks: freezing start-up objects, ending a finished connection at once."""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator

import pytest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser

from quiz.web.serving import close_read_side_when_done, freeze_startup_objects


@pytest.fixture
def connection() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A real TCP connection on the loopback: (client side, server side)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    server.settimeout(2)
    with client, server:
        yield client, server


def parsed_request(server: socket.socket) -> object:
    """The request as gunicorn's sync worker parses it."""
    return next(RequestParser(Config(), server, ("127.0.0.1", 0)))


def test_a_request_read_to_its_end_ends_the_wait(connection) -> None:
    client, server = connection
    client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    request = parsed_request(server)
    close_read_side_when_done(None, request, {}, None)
    # gunicorn's graceful close now reads end-of-stream at once instead of waiting.
    assert server.recv(4096) == b""


def test_a_posted_body_read_by_the_app_ends_the_wait(connection) -> None:
    client, server = connection
    client.sendall(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nlabel")
    request = parsed_request(server)
    assert request.body.read() == b"label"
    close_read_side_when_done(None, request, {}, None)
    assert server.recv(4096) == b""


def test_an_unread_body_is_left_to_gunicorn(connection) -> None:
    client, server = connection
    client.sendall(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nlabel")
    request = parsed_request(server)
    close_read_side_when_done(None, request, {}, None)
    assert request.body.read() == b"label"  # still readable: gunicorn drains it before closing


def test_bytes_beyond_the_request_are_left_to_gunicorn(connection) -> None:
    client, server = connection
    client.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
    request = parsed_request(server)
    client.sendall(b"GET /b HTTP/1.1\r\n\r\n")
    socket.socket.recv(server, 1, socket.MSG_PEEK)  # wait until those bytes have arrived
    close_read_side_when_done(None, request, {}, None)
    assert server.recv(4096).startswith(b"GET /b")


def test_start_up_objects_leave_the_collectors_care() -> None:
    assert gc.get_freeze_count() == 0
    try:
        freeze_startup_objects(None)
        assert gc.get_freeze_count() > 10_000  # the test session's modules, app, models...
    finally:
        gc.unfreeze()
