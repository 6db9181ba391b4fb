"""A real SMTP server on loopback for tests: aiosmtpd, keeping every message it receives."""

from __future__ import annotations

import email
import email.policy
import re
import threading
import time
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.ports import free_port


class Mailbox:
    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def last_to(self, address: str, timeout: float = 20.0, *, count: int = 1) -> EmailMessage:
        """The newest mail to `address` once at least `count` have arrived (mail from a served
        app leaves through its outbox, a moment after the page answered)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found[-1]
            time.sleep(0.02)
        raise AssertionError(f"no mail to {address}; got {[m['To'] for m in self.messages]}")

    def link_to(self, address: str, path: str, *, after: int = 0,
                timeout: float = 20.0) -> str:
        """The link to `path` in the newest mail to `address` that has one, waiting for it:
        mail leaves through the outbox, so a second mail to the same address (verification
        after an invitation) may still be on its way when the page already answered.
        `after` skips the first messages (those that were there before the action)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(self.to(address)[after:]):
                if link := _link(message, path):
                    return link
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail to {address} with a link to {path}; got "
                                     f"{[(m['To'], m['Subject']) for m in self.messages]}")
            time.sleep(0.05)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()  # type: ignore[no-any-return]


def _link(message: EmailMessage, path: str) -> str | None:
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", text_of(message))
    return match.group(1) if match else None


def link_in(message: EmailMessage, path: str) -> str:
    """The path+query of the first link to `path` in a message's text."""
    link = _link(message, path)
    assert link, f"no link to {path} in:\n{text_of(message)}"
    return link
