"""A browser's side of an upload over a plain socket, and a server process seen through /proc.

The client streams a multipart body from chunks, so a 300 MiB body never sits
in the benchmark's memory either, and it stops sending the moment the server
answers, as a browser does; it reports how many bytes it had sent by then.
"""

import re
import select
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

BOUNDARY = "dhrqa-bench-boundary"
SEND_CHUNK = 256 * 1024
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int | None  # None: the connection was reset before an answer came
    headers: dict
    body: bytes
    sent: int  # bytes of the request body sent before the answer (or the reset)
    seconds: float


class Browser:
    """Cookies and CSRF tokens for one signed-in person on http://127.0.0.1:port."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, [body], len(body), "application/x-www-form-urlencoded")

    def csrf_token(self, path):
        found = CSRF_FIELD.search(self.get(path).body)
        return found.group(1).decode()

    def sign_in(self, email, password):
        token = self.csrf_token("/sign-in/")
        answer = self.post_form("/sign-in/", {"csrfmiddlewaretoken": token, "username": email, "password": password})
        if answer.status != 302:
            raise SystemExit(f"Signing in as {email} failed with status {answer.status}")

    def upload(self, path, fields, *, file_name, chunks, size, accept="text/html"):
        """POST `fields`, then a file of `size` bytes given as `chunks`, as multipart/form-data."""
        head = b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields
        ) + (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
             "Content-Type: application/pdf\r\n\r\n").encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        return self.request("POST", path, _chained(head, chunks, tail), len(head) + size + len(tail),
                            f"multipart/form-data; boundary={BOUNDARY}", accept=accept)

    def request(self, method, path, body=(), length=0, content_type=None, *, accept="text/html"):
        headers = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Accept: {accept}",
                   "Connection: close"]
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        if method == "POST":
            headers += [f"Content-Type: {content_type}", f"Content-Length: {length}"]
        start = time.perf_counter()
        with socket.create_connection(("127.0.0.1", self.port), timeout=300) as connection:
            connection.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
            sent = _send_until_answered(connection, body)
            raw = _read_all(connection)
        answer = _parse(raw, sent, time.perf_counter() - start)
        for cookie in answer.headers.get("set-cookie", []):
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return answer


def _chained(head, chunks, tail):
    yield head
    yield from chunks
    yield tail


def _send_until_answered(connection, body):
    sent = 0
    for piece in body:
        for start in range(0, len(piece), SEND_CHUNK):
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                return sent
            try:
                connection.sendall(piece[start:start + SEND_CHUNK])
            except (BrokenPipeError, ConnectionResetError):
                return sent
            sent += len(piece[start:start + SEND_CHUNK])
    return sent


def _read_all(connection):
    parts = []
    try:
        while chunk := connection.recv(65536):
            parts.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(parts)


def _parse(raw, sent, seconds):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/"):
        return Answer(None, {}, b"", sent, seconds)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return Answer(int(lines[0].split()[1]), headers, body, sent, seconds)


class MemorySampler:
    """Samples a process's VmRSS from /proc every few milliseconds, in a thread, until stopped."""

    def __init__(self, pid, interval=0.005):
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, status_kib(self.pid, "VmRSS"))
            time.sleep(self.interval)


def status_kib(pid, field):
    """A size in KiB from /proc/<pid>/status: VmRSS (resident now) or VmHWM (the most it has been)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def reset_peak(pid):
    """Start VmHWM again from the current VmRSS (Linux 4.0+)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
