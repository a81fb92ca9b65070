"""The gunicorn worker class (gunicorn.conf.py): gthread, where no client holds a search thread by
reading slowly.

gthread writes an answer from the thread that computed it: a client reading an export at 1 KB/s
held that thread for as long as the download lasted, and six of them held every thread of a
3 x 2 server (a plain search then waited 30 s and more). Here a thread writes what the
kernel takes at once; when the client's buffers are full, the rest of the answer (what is
computed and what the app's iterator will still give, e.g. an export's rows) moves to a sender
thread, and the search thread is free at once. Sender threads only wait for sockets: there are
many per worker (SEARCHAPP_SENDERS, default 32); when all are busy the search thread finishes the
answer itself, as gthread did. A client that takes nothing for SEARCHAPP_SEND_TIMEOUT seconds
(default 60) is cut off, so it holds neither kind of thread for ever.

Also: a request line over the limit gets the app's JSON error body (gunicorn writes an HTML
page), as API clients parse JSON and which path the line asked for is not known once cut.
"""
from __future__ import annotations

import json
import os
import queue
import select
import socket
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from gunicorn import util
from gunicorn.http import wsgi
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

DEFAULT_SENDERS = 32
DEFAULT_SEND_TIMEOUT = 60.0
# A long answer's socket keeps at most this much queued for its client (Linux doubles it), from the
# moment the answer passes this size: left to itself the kernel grows a loopback send buffer to
# megabytes, and the app computed that much of the answer ahead of a slow reader (an export's rows
# with their snippets: 2.8 MB, ~0.4 s of CPU per slow reader of 20 KB articles, beside the searches
# of the same process). A page or a JSON answer is far smaller and never capped.
STREAM_BUFFER = 128 * 1024
HANDED_OFF = object()   # handle_request's answer: a sender thread owns the connection now


def _setting(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


class WouldBlock(Exception):
    """The client's buffers are full: the rest of the answer waits for a sender thread."""


class PacedSocket:
    """The client socket as gunicorn's Response writes to it. While ``eager`` (on the search
    thread), sendall() sends what the kernel takes now and, if that is not all, keeps the rest and
    raises WouldBlock; after that (on a sender thread) it waits for the client, giving up after
    ``idle_timeout`` seconds without progress."""

    def __init__(self, sock: socket.socket, idle_timeout: float):
        self._sock = sock
        self.idle_timeout = idle_timeout
        self.eager = True
        self.pending = b""
        self._written = 0   # bytes handed to this socket, until its buffer is capped (STREAM_BUFFER)

    def __getattr__(self, name):
        return getattr(self._sock, name)   # fileno, sendfile, ... of the real socket

    def sendall(self, data) -> None:
        view = memoryview(data).cast("B")
        self._cap_buffer(len(view))
        if not self.eager:
            self._send_waiting(view)
            return
        sent = self._send_now(view)
        if sent < len(view):
            self.pending = bytes(view[sent:])
            raise WouldBlock

    def flush(self) -> None:
        """Send what a WouldBlock kept, waiting for the client (the sender thread's first step)."""
        self.eager = False
        data, self.pending = self.pending, b""
        self._send_waiting(memoryview(data))

    def _cap_buffer(self, size: int) -> None:
        """Once this connection's answers pass STREAM_BUFFER bytes, cap its send buffer there: the
        rest of a long answer is then made as the client takes it (a slow one waits for a sender
        thread), not megabytes ahead."""
        if self._written is None:
            return
        self._written += size
        if self._written > STREAM_BUFFER:
            self._written = None
            try:
                self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, STREAM_BUFFER)
            except OSError:   # the client went away: the send says so
                pass

    def _send_now(self, view: memoryview) -> int:
        sent = 0
        while sent < len(view):
            try:
                sent += self._sock.send(view[sent:], socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                break
        return sent

    def _send_waiting(self, view: memoryview) -> None:
        sent = 0
        poller = select.poll()
        poller.register(self._sock.fileno(), select.POLLOUT)
        while sent < len(view):
            sent += self._send_now(view[sent:])
            if sent < len(view) and not poller.poll(self.idle_timeout * 1000):
                raise TimeoutError(f"the client read nothing for {self.idle_timeout:g} s")


class SenderPool:
    """Daemon threads that finish answers for slow readers; ``submit`` refuses when all are busy
    (daemon: a client that stalls never keeps a stopping worker alive past its grace period)."""

    def __init__(self, size: int):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._free = threading.Semaphore(size)
        for number in range(size):
            threading.Thread(target=self._run, name=f"sender-{number}", daemon=True).start()

    def submit(self, job, *args) -> bool:
        if not self._free.acquire(blocking=False):
            return False
        self._jobs.put((job, args))
        return True

    def _run(self) -> None:
        while True:
            job, args = self._jobs.get()
            try:
                job(*args)
            finally:
                self._free.release()


@dataclass
class Rest:
    """What is left of an answer when the client's buffers filled: the app's remaining pieces,
    and whether gunicorn's Response still has to close it (write the last chunk)."""

    items: Iterator[bytes]
    closed: bool = False


def _write_eagerly(resp, items: Iterator[bytes]) -> Rest | None:
    """Write the answer while the client takes it at once; the Rest when it stops (the bytes
    that did not fit wait in the PacedSocket), None when all of it is written.

    gunicorn's Response marks its headers sent only after they are written, so a WouldBlock
    while sending them marks them here (the PacedSocket holds their rest)."""
    for item in items:
        if not resp.headers_sent:
            try:
                resp.send_headers()
            except WouldBlock:
                resp.headers_sent = True
                return Rest(chain([item], items))
        try:
            resp.write(item)
        except WouldBlock:
            return Rest(items)
    if not resp.headers_sent:
        try:
            resp.send_headers()
        except WouldBlock:
            resp.headers_sent = True
            return Rest(iter(()))
    try:
        resp.close()
    except WouldBlock:
        return Rest(iter(()), closed=True)
    return None


def _write_rest(resp, rest: Rest) -> None:
    """The kept bytes, then the rest, waiting for the client (at most its idle timeout at a time)."""
    resp.sock.flush()
    for item in rest.items:
        resp.write(item)
    if not rest.closed:
        resp.close()


class SearchWorker(ThreadWorker):
    """gthread whose slow readers are served by sender threads (see the module docstring)."""

    def init_process(self):
        self.send_timeout = _setting("SEARCHAPP_SEND_TIMEOUT", DEFAULT_SEND_TIMEOUT)
        self.senders = SenderPool(int(_setting("SEARCHAPP_SENDERS", DEFAULT_SENDERS)))
        super().init_process()

    def handle_request(self, req, conn):
        """gthread's handle_request (gunicorn 27), but an answer the client cannot take at once
        is handed to a sender thread (HANDED_OFF)."""
        environ, resp, handed = {}, None, False
        try:
            self.cfg.pre_request(self, req)
            started = datetime.now()
            resp, environ = wsgi.create(req, conn.sock, conn.client, conn.server, self.cfg)
            environ["wsgi.multithread"] = True
            self.nr += 1
            if self.nr >= self.max_requests:
                if self.alive:
                    self.log.info("Autorestarting worker after current request.")
                    self.alive = False
                resp.force_close()
            if not self.alive or not self.cfg.keepalive or len(self.keepalived_conns) >= self.max_keepalived:
                resp.force_close()
            sink = resp.sock = PacedSocket(conn.sock, self.send_timeout)
            respiter = self.wsgi(environ, resp.start_response)
            if isinstance(respiter, environ["wsgi.file_wrapper"]):
                sink.eager = False   # a static file: sendfile, as gthread does
                resp.write_file(respiter)
                resp.close()
            else:
                rest = _write_eagerly(resp, iter(respiter))
                if rest is not None:
                    handed = self.senders.submit(self._send_rest, req, conn, resp, environ, respiter, rest, started)
                    if handed:
                        return HANDED_OFF
                    _write_rest(resp, rest)   # every sender is busy: finish here, as gthread would
            self._finished(req, resp, environ, respiter, started)
            return not resp.should_close()
        except OSError:
            util.reraise(*sys.exc_info())
        except (Exception, SystemExit):
            if resp and resp.headers_sent:
                # Already answering: a 500 on the same socket would corrupt it; an answer cut
                # short (no last chunk) tells the client it is incomplete.
                self.log.exception("Error handling request")
                util.close_graceful(conn.sock)
                raise StopIteration()
            raise
        finally:
            if not handed:
                self._post_request(req, environ, resp)

    def _finished(self, req, resp, environ, respiter, started) -> None:
        self.log.access(resp, req, environ, datetime.now() - started)
        if hasattr(respiter, "close"):
            respiter.close()

    def _post_request(self, req, environ, resp) -> None:
        try:
            self.cfg.post_request(self, req, environ, resp)
        except Exception:   # noqa: BLE001 - gthread's own rule
            self.log.exception("Exception in post_request hook")

    def _send_rest(self, req, conn, resp, environ, respiter, rest, started) -> None:
        """On a sender thread: the kept bytes, then the rest of the answer, then the connection
        goes back to the main loop (kept alive or closed, as the answer says)."""
        keepalive = False
        try:
            _write_rest(resp, rest)
            keepalive = not resp.should_close()
        except (OSError, TimeoutError) as error:
            self.log.debug("client went away while reading: %s", error)
        except Exception:   # noqa: BLE001 - the app failed mid-answer: cut it short (no last chunk)
            self.log.exception("Error handling request")
        finally:
            try:
                self._finished(req, resp, environ, respiter, started)
            except Exception:   # noqa: BLE001 - closing must not lose the connection's accounting
                self.log.exception("Error closing the answer")
            self._post_request(req, environ, resp)
            done: Future = Future()
            done.set_result(keepalive)
            self.method_queue.defer(self.finish_request, conn, done)

    def _keepalive_after(self, conn, keepalive):
        if keepalive is HANDED_OFF:
            return HANDED_OFF
        return super()._keepalive_after(conn, keepalive)

    def finish_request(self, conn, fs):
        if not fs.cancelled() and fs.exception() is None and fs.result() is HANDED_OFF:
            return   # a sender thread owns it; it calls finish_request again when done
        super().finish_request(conn, fs)

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        body = json.dumps({"error": {
            "code": "uri_too_long", "param": None,
            "message": f"the request line is longer than {self.cfg.limit_request_line} bytes"}})
        head = ("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
                "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        try:
            util.write_nonblock(client, (head + body).encode("ascii"))
        except Exception:   # noqa: BLE001 - the client went away: nothing to answer
            self.log.debug("Failed to send error message.")
