"""A local SMTP server for tests (aiosmtpd), on 127.0.0.1 and a free port.

``smtp_server`` records every message it accepted with its ``Message-ID``; a test may
give it ``on_data(envelope, count)``, called before it answers a message: return an SMTP
reply ("451 …", "550 …") to refuse it, or ``None`` to accept it.
"""

import email
import threading
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    message_id: str
    recipients: tuple[str, ...]
    subject: str
    message: email.message.Message


class RecordingHandler:
    def __init__(self):
        self.received = []
        self.on_data = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            count = len(self.received)
        if self.on_data is not None:
            reply = self.on_data(envelope, count)
            if reply:
                return reply
        parsed = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received.append(
                Received(
                    message_id=parsed["Message-ID"],
                    recipients=tuple(envelope.rcpt_tos),
                    subject=str(
                        email.header.make_header(email.header.decode_header(parsed["Subject"]))
                    ),
                    message=parsed,
                )
            )
        return "250 Message accepted for delivery"


class LocalSMTPServer(Controller):
    """An aiosmtpd controller bound to 127.0.0.1; port 0 picks a free port."""

    def __init__(self, port=0):
        self.handler = RecordingHandler()
        super().__init__(self.handler, hostname="127.0.0.1", port=port)

    def _create_server(self):
        async def create():
            server = await self.loop.create_server(
                self._factory_invoker, host=self.hostname, port=self.port
            )
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()

    @property
    def received(self):
        with self.handler.lock:
            return list(self.handler.received)

    def message_ids(self):
        return [item.message_id for item in self.received]


@pytest.fixture
def smtp_server():
    """A running local SMTP server (``.port``, ``.received``, ``.handler.on_data``)."""
    server = LocalSMTPServer()
    server.start()
    yield server
    server.stop()
