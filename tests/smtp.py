"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 at a free port, keeping what it receives."""

import contextlib
import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class ReceivedEmail:
    """One message as the server took it: the SMTP envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage

    @property
    def subject(self):
        return self.message["Subject"]

    @property
    def body_lines(self):
        return self.message.get_content().splitlines()


class SMTPServer:
    """The handler aiosmtpd calls for each message.

    `refuse_first` answers that many messages with "451 Try again later", as a
    mail server does while it is busy or restarting.
    """

    def __init__(self, port, *, refuse_first=0):
        self.port = port
        self.refuse_first = refuse_first
        self.refused = 0
        self.received = []
        self._lock = threading.Lock()

    @property
    def url(self):
        """The EMAIL_URL that points Django at this server."""
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return "451 Try again later"
            self.received.append(ReceivedEmail(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                message=email.message_from_bytes(envelope.original_content, policy=email.policy.default),
            ))
        return "250 Message accepted for delivery"

    def wait_for(self, count, *, timeout=20):
        """The messages received, once there are `count` of them or `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            return list(self.received)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_smtp_server(*, refuse_first=0):
    """Start aiosmtpd in a thread on 127.0.0.1; stop it after."""
    server = SMTPServer(free_port(), refuse_first=refuse_first)
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with running_smtp_server() as server:
        yield server
