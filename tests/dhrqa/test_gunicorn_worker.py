"""Slow clients against gunicorn as production runs it (bin/gunicorn.conf.py, dhrqa/gunicorn_worker.py).

Clients that trickle their request, a byte at a time, must neither hold up
other people's pages nor be kept waiting on for ever.
"""

import hashlib
import re
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CSPFactory, DocumentFactory, UserFactory
from tests.gunicorn import running_gunicorn

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONFIG = Path(settings.BASE_DIR) / "bin" / "gunicorn.conf.py"
# More slow clients in all than production has workers (so sync workers would all be held), fewer than one
# worker's threads (so whichever worker takes them, it has threads to spare).
HEADER_TRICKLERS = 4
HEAD = b"GET /sign-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: trickle\r\n" + b"X-Pad: " + b"a" * 200


class Trickler(threading.Thread):
    """A client that sends `data` one byte every `interval` seconds, then waits; it notes when, from its first byte,
    the server hung up, and what it answered."""

    def __init__(self, url, data, *, interval=0.5):
        super().__init__(daemon=True)
        host, port = re.match(r"http://([^:]+):(\d+)", url).groups()
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        self.data, self.interval = data, interval
        self.cut_off_after = None
        self.answer = b""

    def run(self):
        started = time.monotonic()
        try:
            for byte in self.data:
                self.sock.sendall(bytes([byte]))
                time.sleep(self.interval)
        except OSError:
            pass
        self.answer = self._read_to_the_end()
        self.cut_off_after = time.monotonic() - started
        self.sock.close()

    def _read_to_the_end(self):
        answer = b""
        try:
            while chunk := self.sock.recv(65536):
                answer += chunk
        except OSError:
            pass
        return answer


def slow_upload(url):
    """A letter sent to the public check page, as a browser that opened it would: the head, then the body to trickle."""
    with urllib.request.urlopen(f"{url}/check-a-letter/", timeout=60) as page:
        cookie = re.search(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", page.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    boundary = "trickle"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"letter\"; filename=\"letter.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n" + "x" * 300 + f"\r\n--{boundary}--\r\n").encode()
    head = (f"POST /check-a-letter/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
            f"Cookie: {settings.CSRF_COOKIE_NAME}={cookie}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n").encode()
    return head, body


def timed_page(url, session_cookie):
    request = urllib.request.Request(url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        page = response.read().decode()
    return time.monotonic() - started, response.status, page


def test_gunicorn_slow_clients_leave_other_pages_quick_and_are_cut_off(client_for):
    officer = UserFactory(csp_officer=True, csp=CSPFactory(name="Kent Community Safety Partnership"))
    session_cookie = client_for(officer).cookies[settings.SESSION_COOKIE_NAME].value

    with running_gunicorn(config=CONFIG) as server:
        # A worker's first page loads every view: enough pages that each worker has most likely served one.
        for _ in range(20):
            timed_page(f"{server.url}/reviews/", session_cookie)
        tricklers = [Trickler(server.url, HEAD) for _ in range(HEADER_TRICKLERS)]
        head, body = slow_upload(server.url)
        uploader = Trickler(server.url, body, interval=0.02)
        uploader.sock.sendall(head)
        for trickler in [*tricklers, uploader]:
            trickler.start()
        time.sleep(2)

        seconds, status, page = timed_page(f"{server.url}/reviews/", session_cookie)

        assert (status, re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)) == (
            200, "Kent Community Safety Partnership: reviews")
        assert seconds < 2, f"the page took {seconds:.1f} s beside {HEADER_TRICKLERS + 1} slow clients"
        assert all(trickler.is_alive() for trickler in [*tricklers, uploader]), "the slow clients were still sending"

        for trickler in tricklers:
            trickler.join(timeout=30)
        uploader.join(timeout=60)

    # Ten seconds (DHRQA_CLIENT_HEAD_SECONDS) from their first byte, with ~250 bytes still to send: dropped unanswered.
    assert [(trickler.answer, 9.5 < trickler.cut_off_after < 13) for trickler in tricklers] == [
        (b"", True)] * HEADER_TRICKLERS, [trickler.cut_off_after for trickler in tricklers]
    # An upload that keeps moving is read to its end, however slow, and answered.
    answer = uploader.answer.decode()
    assert (answer.split("\r\n", 1)[0], re.search(r"<title>\s*(.*?)\s*</title>", answer, re.S).group(1)) == (
        "HTTP/1.1 200 OK", "Not a QA Panel letter – DHR QA – GOV.UK")


def test_gunicorn_upload_that_stops_sending_is_cut_off_after_the_idle_time():
    with running_gunicorn(config=CONFIG, env={"DHRQA_WEB_WORKERS": "1", "DHRQA_CLIENT_IDLE_SECONDS": "2"}) as server:
        head, body = slow_upload(server.url)
        stalled = Trickler(server.url, body[:100], interval=0.01)
        stalled.sock.sendall(head)
        stalled.start()

        stalled.join(timeout=30)

    # Two seconds after its last byte (its 100 bytes take one), Django gave up reading the body and found no CSRF token:
    # the refusal, and the connection closed.
    assert (stalled.answer.split(b"\r\n", 1)[0], 3 < stalled.cut_off_after < 5) == (
        b"HTTP/1.1 403 Forbidden", True), stalled.cut_off_after


def test_gunicorn_slow_but_steady_download_is_not_cut_off(client_for):
    """A reader that pauses longer than the limits on reading a request between parts of a large download gets it all.

    The limits bound reads of a request only: the one set last, left on the socket, would cut off the answer's
    send once the reader's buffers stayed full for longer than it (dhrqa/gunicorn_worker.py).
    """
    content = b"%PDF-1.7\n" + bytes(range(256)) * (6 * 1024 * 1024 // 256)
    document = DocumentFactory(stored_file__file=SimpleUploadedFile("large.pdf", content),
                               stored_file__size=len(content), stored_file__sha256=hashlib.sha256(content).hexdigest())
    officer = UserFactory(csp_officer=True, csp=document.submission.review.csp)
    session_cookie = client_for(officer).cookies[settings.SESSION_COOKIE_NAME].value
    path = reverse("submissions:document_download", kwargs={"pk": document.pk})

    with running_gunicorn(config=CONFIG, env={"DHRQA_WEB_WORKERS": "1", "DHRQA_CLIENT_HEAD_SECONDS": "0.3",
                                                     "DHRQA_CLIENT_IDLE_SECONDS": "0.3"}) as server:
        host, port = re.match(r"http://([^:]+):(\d+)", server.url).groups()
        reader = socket.socket()
        # A small window, so that the server's send waits on this reader from the first pause.
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
        reader.settimeout(30)
        reader.connect((host, int(port)))
        reader.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                       f"Cookie: {settings.SESSION_COOKIE_NAME}={session_cookie}\r\n\r\n".encode())
        received, pauses, started = b"", 0, time.monotonic()
        # A megabyte at a time, then 0.6 s without reading: twice either limit, every time.
        while chunk := reader.recv(65536):
            received += chunk
            if len(received) >= (pauses + 1) * 1024 * 1024:
                pauses += 1
                time.sleep(0.6)
        seconds = time.monotonic() - started
        reader.close()

    head, body = received.split(b"\r\n\r\n", 1)
    assert head.split(b"\r\n", 1)[0] == b"HTTP/1.1 200 OK"
    assert (len(body), hashlib.sha256(body).hexdigest()) == (len(content), hashlib.sha256(content).hexdigest())
    assert pauses == 6, (pauses, seconds)
