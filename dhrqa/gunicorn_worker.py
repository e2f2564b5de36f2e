"""gunicorn's threaded worker, with time limits on reading from a client (bin/gunicorn.conf.py chooses it).

A thread waits for a client's request; a client that trickles its request
holds only its thread, and the other threads and workers go on serving. But
gunicorn reads the request line and headers with no time limit at all, so
a client sending one byte a second would keep a thread forever, and enough
of them would take every thread. Here the request head must arrive within
DHRQA_CLIENT_HEAD_SECONDS of its first byte, and once the head is in, each
read of the body must bring something within DHRQA_CLIENT_IDLE_SECONDS (a
slow upload that keeps moving goes on; a stalled one is cut off). A client
cut off while sending its head is dropped; one cut off mid-body gets the
answer Django gives a body it could not read.
"""

import os
import time

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker

HEAD_SECONDS = float(os.environ.get("DHRQA_CLIENT_HEAD_SECONDS") or 10)
IDLE_SECONDS = float(os.environ.get("DHRQA_CLIENT_IDLE_SECONDS") or 30)


class HeadTimedOut(NoMoreData):
    """The client did not finish sending its request's head in time: gunicorn drops it as it does one that left."""

    def __str__(self):
        return f"request head not received within {HEAD_SECONDS:g} s"


class TimedSocket:
    """A client's socket whose reads are limited in time: the head in all, then each read of the body.

    Everything but `recv` goes to the socket itself, which gunicorn reads through this
    (the request parser holds it) and polls by its file descriptor.
    """

    def __init__(self, sock):
        self._sock = sock
        self._head_deadline = None
        self.reading_head = True
        self.stalled = False

    def start_request(self):
        self.reading_head = True
        self._head_deadline = None

    def start_body(self):
        self.reading_head = False

    def recv(self, size, *flags):
        if self.reading_head:
            now = time.monotonic()
            if self._head_deadline is None:
                # From the first read, not from when the connection was made: an idle kept-alive or
                # new connection waits in gunicorn's poller, holding no thread.
                self._head_deadline = now + HEAD_SECONDS
            left = self._head_deadline - now
            if left <= 0:
                raise HeadTimedOut()
            self._sock.settimeout(left)
        else:
            self._sock.settimeout(IDLE_SECONDS)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            if self.reading_head:
                raise HeadTimedOut() from None
            self.stalled = True
            raise
        finally:
            # Back to blocking: the limits are on reads only. A timeout left on the socket would also
            # bound each whole sendall of the answer, cutting off a slow download that is still moving.
            self._sock.settimeout(None)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class TimedThreadWorker(ThreadWorker):
    def handle(self, conn):
        if not isinstance(conn.sock, TimedSocket):
            conn.sock = TimedSocket(conn.sock)
        conn.sock.start_request()
        return super().handle(conn)

    def handle_request(self, req, conn):
        conn.sock.start_body()
        return super().handle_request(req, conn)

    def _keepalive_after(self, conn, keepalive):
        # A client that stalled mid-body is answered, then let go, not waited for again.
        return not conn.sock.stalled and super()._keepalive_after(conn, keepalive)
