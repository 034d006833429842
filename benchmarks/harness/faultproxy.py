"""A tiny TCP fault-injection proxy for tests (a stdlib-only toxiproxy).

    with FaultProxy("127.0.0.1", engine_port) as proxy:
        client = make_client(proxy.url)   # talks to the engine through the proxy
        proxy.refuse()                    # engine "down": connections are reset at once
        proxy.hang()                      # engine "blackholed": requests are read, never answered
        proxy.forward()                   # healthy again

Modes:

* ``forward`` -- bytes are relayed both ways (half-close aware, with back-pressure).
* ``refuse``  -- every new connection is accepted and immediately closed with a TCP RST
  (``SO_LINGER`` 0); every existing connection is reset too (the client gets the RST, the upstream
  side a normal close).
* ``hang``    -- connections are accepted and whatever the client sends is read and discarded;
  nothing is ever sent back. Existing connections stop forwarding: their upstream side is closed,
  unsent response bytes are dropped, and the client side is left hanging.

A mode switch returns only after the proxy thread has applied it, so a keep-alive connection
from a client pool can never carry one more request through a ``refuse`` or ``hang``. Switching
from ``hang`` back to ``forward`` resets the hung connections (their requests were swallowed).

One daemon thread runs a ``selectors`` event loop; ``stop()`` joins it and never waits more than
about 1.5 s.

It lives in the benchmark harness because the engine-fault benchmark and the engine-fault tests
both use it: tests may import the harness, benchmarks never import tests. It stays one module
over 400 lines on purpose: the event loop and the connection state it drives are one piece, and
splitting them would spread each mode's behaviour over two files.
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import socket
import struct
import threading

__all__ = ["FaultProxy"]

FORWARD = "forward"
REFUSE = "refuse"
HANG = "hang"
MODES = (FORWARD, REFUSE, HANG)

_RECV_SIZE = 65536
_BUF_LIMIT = 256 * 1024  # per direction; stop reading when the other side does not keep up
_ACCEPT_BATCH = 32  # accepts per readiness event, so a reconnect storm cannot starve mode switches
_JOIN_TIMEOUT = 1.5
_SWITCH_TIMEOUT = 2.0
_READ = selectors.EVENT_READ
_WRITE = selectors.EVENT_WRITE
_LISTENER = object()
_WAKER = object()


def _reset_close(sock: socket.socket | None) -> None:
    """Close ``sock`` with an RST instead of a FIN when the platform allows it."""
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class _Conn:
    """One accepted client connection and (in forward mode) its upstream connection."""

    __slots__ = (
        "client",
        "upstream",
        "state",  # "connecting" | "open" | "hung"
        "c2u",
        "u2c",
        "client_eof",
        "upstream_eof",
        "client_wr_shut",
        "upstream_wr_shut",
        "closed",
    )

    def __init__(self, client: socket.socket) -> None:
        self.client = client
        self.upstream: socket.socket | None = None
        self.state = "connecting"
        self.c2u = bytearray()
        self.u2c = bytearray()
        self.client_eof = False
        self.upstream_eof = False
        self.client_wr_shut = False
        self.upstream_wr_shut = False
        self.closed = False


class FaultProxy:
    """TCP proxy from ``listen_host:listen_port`` (0 = any free port) to ``upstream_host:upstream_port``."""

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
    ) -> None:
        self.upstream_host = upstream_host
        self.upstream_port = int(upstream_port)
        self.listen_host = listen_host
        self.listen_port = int(listen_port)
        self.accepted = 0  # connections accepted so far, in any mode
        self._mode = FORWARD
        self._lock = threading.Lock()
        self._pending: list[tuple[str, threading.Event]] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._port: int | None = None
        self._sel: selectors.BaseSelector | None = None
        self._listener: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._upstream_addr: tuple = ()
        self._upstream_family = socket.AF_INET
        self._conns: set[_Conn] = set()
        self._interest: dict[socket.socket, int] = {}

    # ------------------------------------------------------------------ public API
    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FaultProxy is not started")
        return self._port

    @property
    def url(self) -> str:
        host = self.listen_host
        if host in ("", "0.0.0.0"):  # noqa: S104 - only used to build a client URL
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        self._switch(value)

    def forward(self) -> None:
        self._switch(FORWARD)

    def refuse(self) -> None:
        self._switch(REFUSE)

    def hang(self) -> None:
        self._switch(HANG)

    def start(self) -> FaultProxy:
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("FaultProxy already started")
            upstream = socket.getaddrinfo(self.upstream_host, self.upstream_port, type=socket.SOCK_STREAM)
            self._upstream_family, self._upstream_addr = upstream[0][0], upstream[0][4]
            listen = socket.getaddrinfo(
                self.listen_host, self.listen_port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
            )
            lfamily, laddr = listen[0][0], listen[0][4]
            listener = socket.socket(lfamily, socket.SOCK_STREAM)
            try:
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind(laddr)
                listener.listen(128)
                listener.setblocking(False)
            except OSError:
                listener.close()
                raise
            self._listener = listener
            self._port = listener.getsockname()[1]
            self._wake_r, self._wake_w = socket.socketpair()
            self._wake_r.setblocking(False)
            self._wake_w.setblocking(False)
            self._sel = selectors.DefaultSelector()
            self._sel.register(listener, _READ, _LISTENER)
            self._sel.register(self._wake_r, _READ, _WAKER)
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name=f"faultproxy-{self._port}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
        self._wake()
        thread.join(_JOIN_TIMEOUT)
        with self._lock:
            self._thread = None
            if thread.is_alive():  # should not happen; make sure the port is released anyway
                _reset_close(self._listener)
            self._release_waiters()

    def __enter__(self) -> FaultProxy:
        if self._thread is None:
            self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"127.0.0.1:{self._port}" if self._port else "unbound"
        return f"<FaultProxy {where} -> {self.upstream_host}:{self.upstream_port} mode={self._mode}>"

    # ------------------------------------------------------------------ mode switching
    def _switch(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
        with self._lock:
            if self._thread is None or self._stopping:
                self._mode = mode
                return
            done = threading.Event()
            self._pending.append((mode, done))
        self._wake()
        if not done.wait(_SWITCH_TIMEOUT):
            raise RuntimeError(f"FaultProxy thread did not apply mode {mode!r} within {_SWITCH_TIMEOUT}s")

    def _release_waiters(self) -> None:
        for mode, done in self._pending:
            self._mode = mode
            done.set()
        self._pending.clear()

    def _wake(self) -> None:
        try:
            if self._wake_w is not None:
                self._wake_w.send(b"\0")
        except OSError:  # buffer full (a wake-up is already pending) or already closed
            pass

    def _apply_pending(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        for mode, done in pending:
            self._mode = mode
            for conn in list(self._conns):
                if mode == REFUSE or (mode == FORWARD and conn.state == "hung"):
                    self._close(conn, reset=True)
                elif mode == HANG and conn.state != "hung":
                    self._make_hung(conn)
            done.set()

    # ------------------------------------------------------------------ event loop (proxy thread)
    def _run(self) -> None:
        sel = self._sel
        assert sel is not None
        try:
            while not self._stopping:
                events = sel.select(timeout=0.25)
                if self._pending:  # mode switches first, before relaying anything else
                    self._drain_wake()
                    self._apply_pending()
                for key, mask in events:
                    if self._stopping:
                        break
                    if key.data is _LISTENER:
                        self._accept()
                    elif key.data is _WAKER:
                        self._drain_wake()
                        self._apply_pending()
                    elif not key.data.closed:
                        self._handle(key.data, key.fileobj, mask)
        finally:
            for conn in list(self._conns):
                self._close(conn, reset=True)
            for sock in (self._listener, self._wake_r, self._wake_w):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
            sel.close()
            with self._lock:
                self._release_waiters()

    def _drain_wake(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_r is not None and self._wake_r.recv(4096):
                pass

    def _accept(self) -> None:
        assert self._listener is not None
        for _ in range(_ACCEPT_BATCH):
            try:
                client, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. EMFILE / ECONNABORTED: try again on the next readiness event
                return
            self.accepted += 1
            if self._mode == REFUSE:
                _reset_close(client)
                continue
            client.setblocking(False)
            conn = _Conn(client)
            self._conns.add(conn)
            if self._mode == HANG:
                conn.state = "hung"
            else:
                self._connect_upstream(conn)
                if conn.closed:
                    continue
            self._update(conn)

    def _connect_upstream(self, conn: _Conn) -> None:
        up = socket.socket(self._upstream_family, socket.SOCK_STREAM)
        up.setblocking(False)
        for sock in (conn.client, up):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        err = up.connect_ex(self._upstream_addr)
        if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
            up.close()
            self._close(conn, reset=True)  # upstream down: the client sees a reset
            return
        conn.upstream = up
        conn.state = "connecting"  # completion is checked via SO_ERROR once writable

    def _make_hung(self, conn: _Conn) -> None:
        self._unregister(conn.upstream)
        if conn.upstream is not None:
            conn.upstream.close()
        conn.upstream = None
        conn.state = "hung"
        conn.c2u.clear()
        conn.u2c.clear()
        if conn.client_eof:
            self._close(conn, reset=False)
        else:
            self._update(conn)

    def _handle(self, conn: _Conn, sock: socket.socket, mask: int) -> None:
        from_client = sock is conn.client
        if conn.state == "hung":
            if from_client and mask & _READ:
                try:
                    data = sock.recv(_RECV_SIZE)
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:
                    data = b""
                if not data:
                    self._close(conn, reset=False)
            return
        if not from_client and conn.state == "connecting":
            if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                self._close(conn, reset=True)
                return
            conn.state = "open"
        if mask & _READ and not self._recv_into(conn, from_client):
            self._close(conn, reset=True)
            return
        self._pump(conn)

    def _recv_into(self, conn: _Conn, from_client: bool) -> bool:
        sock = conn.client if from_client else conn.upstream
        try:
            data = sock.recv(_RECV_SIZE)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        if from_client:
            if data:
                conn.c2u += data
            else:
                conn.client_eof = True
        elif data:
            conn.u2c += data
        else:
            conn.upstream_eof = True
        return True

    def _pump(self, conn: _Conn) -> None:
        if conn.state == "open" and not self._send(conn.upstream, conn.c2u):
            self._close(conn, reset=True)
            return
        if not self._send(conn.client, conn.u2c):
            self._close(conn, reset=True)
            return
        # propagate half-closes once everything before the FIN has been delivered
        if conn.state == "open" and conn.client_eof and not conn.c2u and not conn.upstream_wr_shut:
            conn.upstream_wr_shut = self._shutdown_wr(conn.upstream)
        if conn.upstream_eof and not conn.u2c and not conn.client_wr_shut:
            conn.client_wr_shut = self._shutdown_wr(conn.client)
        if conn.client_eof and conn.upstream_eof and not conn.c2u and not conn.u2c:
            self._close(conn, reset=False)
            return
        self._update(conn)

    @staticmethod
    def _send(sock: socket.socket | None, buf: bytearray) -> bool:
        while buf and sock is not None:
            try:
                n = sock.send(buf)
            except (BlockingIOError, InterruptedError):
                return True
            except OSError:
                return False
            del buf[:n]
        return True

    @staticmethod
    def _shutdown_wr(sock: socket.socket | None) -> bool:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)
        return True

    # ------------------------------------------------------------------ selector bookkeeping
    def _update(self, conn: _Conn) -> None:
        if conn.state == "hung":
            self._set_interest(conn.client, _READ, conn)
            return
        events = 0
        if not conn.client_eof and len(conn.c2u) < _BUF_LIMIT:
            events |= _READ
        if conn.u2c:
            events |= _WRITE
        self._set_interest(conn.client, events, conn)
        if conn.upstream is None:
            return
        if conn.state == "connecting":
            events = _WRITE
        else:
            events = 0
            if not conn.upstream_eof and len(conn.u2c) < _BUF_LIMIT:
                events |= _READ
            if conn.c2u:
                events |= _WRITE
        self._set_interest(conn.upstream, events, conn)

    def _set_interest(self, sock: socket.socket, events: int, conn: _Conn) -> None:
        assert self._sel is not None
        current = self._interest.get(sock, 0)
        if events == current:
            return
        if not events:
            self._unregister(sock)
        elif current:
            self._sel.modify(sock, events, conn)
            self._interest[sock] = events
        else:
            self._sel.register(sock, events, conn)
            self._interest[sock] = events

    def _unregister(self, sock: socket.socket | None) -> None:
        if sock is not None and self._interest.pop(sock, 0) and self._sel is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._sel.unregister(sock)

    def _close(self, conn: _Conn, reset: bool) -> None:
        """Close both sides; ``reset`` sends the client an RST. The upstream always gets a plain FIN."""
        if conn.closed:
            return
        conn.closed = True
        self._conns.discard(conn)
        for sock in (conn.client, conn.upstream):
            if sock is None:
                continue
            self._unregister(sock)
            if reset and sock is conn.client:
                _reset_close(sock)
            else:
                with contextlib.suppress(OSError):
                    sock.close()
