"""Sends email through SMTP (DIRECTORY_SMTP_URL; the embedded development sink by default).

Every message has a subject, a plain-text and an HTML part, rendered from templates/mail in the
recipient's language. Addresses are never logged.

Headers are built with the email library's own API from single-line values: the subject is
collapsed to one line of printable text whatever a template put in it (a profile's name, say),
and the recipient (and a Reply-To) is an `Address` parsed from the address, which refuses CR
and LF, so no value can add a header. A recipient the library cannot parse is a `MailError` like
a refused one.
"""

from __future__ import annotations

import asyncio
import logging
import re
import smtplib
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment

from directory import metrics
from directory.i18n import current_language

log = logging.getLogger("directory.mail")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Header text: control characters and line breaks become spaces, runs of space one."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached."""


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool  # smtps:// (implicit TLS)
    starttls: bool  # smtp://...?starttls=1
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"DIRECTORY_SMTP_URL must look like smtp://host:port, got {url!r}")
        return cls(host=parts.hostname, port=parts.port or (465 if parts.scheme == "smtps" else 25),
                   tls=parts.scheme == "smtps", starttls="starttls=1" in (parts.query or ""),
                   username=parts.username, password=parts.password)


class Mailer:
    def __init__(self, smtp_url: str, sender: str, templates: Environment) -> None:
        self.target = SmtpTarget.parse(smtp_url)
        self.sender = sender
        self.templates = templates

    def render(self, template: str, lang: str, **context: Any) -> EmailMessage:
        token = current_language.set(lang)
        try:
            module = self.templates.get_template(f"mail/{template}.html").make_module(context)
            subject = str(getattr(module, "subject", "")).strip()
            html = str(module)
            text = self.templates.get_template(f"mail/{template}.txt").render(context)
        finally:
            current_language.reset(token)
        message = EmailMessage()
        message["Subject"] = one_line(subject)
        message["From"] = self.sender
        message["Message-ID"] = make_msgid(domain="direktori-malang.example")
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message

    async def send(self, to: str, template: str, lang: str, reply_to: str | None = None,
                   headers: dict[str, str] | None = None, **context: Any) -> None:
        """`reply_to`: where a reply goes (an inquiry's client), parsed like the recipient;
        `headers`: extra single-line headers (e.g. List-Unsubscribe), set as one line."""
        message = self.render(template, lang, **context)
        for name, value in (headers or {}).items():
            message[name] = one_line(value)
        try:
            message["To"] = Address(addr_spec=to)
            if reply_to:
                message["Reply-To"] = Address(addr_spec=reply_to)
        except (ValueError, IndexError, HeaderParseError) as exc:
            log.error("mail not sent: the recipient address cannot be used")
            raise MailError("invalid recipient address") from exc
        await asyncio.to_thread(self._deliver, message)

    def _deliver(self, message: EmailMessage) -> None:
        t = self.target
        try:
            smtp_class = smtplib.SMTP_SSL if t.tls else smtplib.SMTP
            with smtp_class(t.host, t.port, timeout=10) as smtp:
                if t.starttls:
                    smtp.starttls()
                if t.username:
                    smtp.login(t.username, t.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            log.error("sending mail failed: %s", type(exc).__name__)
            metrics.MAIL_FAILURES.inc()
            raise MailError(str(exc)) from exc
