"""FaultProxy against a tiny local HTTP server (no Django, no search engine needed)."""

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.harness.faultproxy import FaultProxy


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the engines' HTTP layer

    def do_GET(self):
        big = self.path.startswith("/big")
        self._reply(b"x" * (3 * 1024 * 1024) if big else f"hello {self.path}".encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._reply(b"echo " + body)

    def _reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join(2)


@pytest.fixture
def proxy(upstream):
    with FaultProxy("127.0.0.1", upstream) as p:
        yield p


def _get(url, timeout=5.0):
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - local test URL
        return resp.status, resp.read()


def _is_connection_error(exc):
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason
    return isinstance(exc, ConnectionError)


def _is_timeout(exc):
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason
    return isinstance(exc, TimeoutError)


def test_start_binds_a_port_and_builds_the_url(proxy):
    assert proxy.port > 0
    assert proxy.url == f"http://127.0.0.1:{proxy.port}"
    assert proxy.mode == "forward"
    assert proxy._thread.daemon


def test_forward_passes_request_and_response(proxy):
    assert _get(proxy.url + "/ping") == (200, b"hello /ping")
    body = "payload æøå".encode()
    req = urllib.request.Request(proxy.url + "/echo", data=body, method="POST")  # noqa: S310 - local test URL
    with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310
        assert resp.read() == b"echo " + body


def test_forward_handles_a_large_body(proxy):
    status, body = _get(proxy.url + "/big")
    assert status == 200
    assert len(body) == 3 * 1024 * 1024


def test_refuse_fails_fast_with_a_connection_error(proxy):
    proxy.refuse()
    assert proxy.mode == "refuse"
    t0 = time.monotonic()
    with pytest.raises((urllib.error.URLError, ConnectionError)) as info:
        _get(proxy.url + "/ping", timeout=5)
    assert time.monotonic() - t0 < 1.0
    assert _is_connection_error(info.value), repr(info.value)


def test_hang_times_out_and_not_before_the_timeout(proxy):
    proxy.hang()
    t0 = time.monotonic()
    with pytest.raises((urllib.error.URLError, TimeoutError)) as info:
        _get(proxy.url + "/ping", timeout=0.5)
    elapsed = time.monotonic() - t0
    assert _is_timeout(info.value), repr(info.value)
    assert 0.45 <= elapsed < 2.0


def test_switching_back_to_forward_works_again(proxy):
    assert _get(proxy.url + "/a") == (200, b"hello /a")
    proxy.refuse()
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        _get(proxy.url + "/b")
    proxy.hang()
    with pytest.raises((urllib.error.URLError, TimeoutError)):
        _get(proxy.url + "/c", timeout=0.3)
    proxy.forward()
    assert _get(proxy.url + "/d") == (200, b"hello /d")
    proxy.mode = "hang"
    proxy.mode = "forward"
    assert _get(proxy.url + "/e") == (200, b"hello /e")


def test_refuse_cuts_existing_keep_alive_connections(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=2)
    try:
        for path in ("/1", "/2"):  # same pooled connection twice
            conn.request("GET", path)
            assert conn.getresponse().read() == f"hello {path}".encode()
        sock_before = conn.sock
        proxy.refuse()
        with pytest.raises(ConnectionError):
            conn.request("GET", "/3")
            conn.getresponse().read()
        assert sock_before is not None
    finally:
        conn.close()


def test_hang_stops_forwarding_on_existing_connections(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=0.5)
    try:
        conn.request("GET", "/1")
        assert conn.getresponse().read() == b"hello /1"
        proxy.hang()
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            conn.request("GET", "/2")
            conn.getresponse().read()
        assert time.monotonic() - t0 >= 0.45
    finally:
        conn.close()


def test_forward_to_a_dead_upstream_is_a_connection_error():
    with socket.socket() as s:  # grab a free port, then release it: nothing listens there
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    with FaultProxy("127.0.0.1", dead_port) as p:
        t0 = time.monotonic()
        with pytest.raises((urllib.error.URLError, ConnectionError)) as info:
            _get(p.url + "/ping")
        assert time.monotonic() - t0 < 1.0
        assert _is_connection_error(info.value), repr(info.value)


def test_unknown_mode_is_rejected(proxy):
    with pytest.raises(ValueError):
        proxy.mode = "slow"


def test_stop_returns_quickly_and_releases_the_port(upstream):
    p = FaultProxy("127.0.0.1", upstream).start()
    port = p.port
    open_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    open_conn.request("GET", "/keepalive")
    open_conn.getresponse().read()
    p.hang()
    hung = socket.create_connection(("127.0.0.1", port), timeout=2)
    hung.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        t0 = time.monotonic()
        p.stop()
        assert time.monotonic() - t0 < 1.0
        assert not any(t.name == f"faultproxy-{port}" for t in threading.enumerate())
        p.stop()  # idempotent
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        hung.close()
        open_conn.close()
