"""SMTP with the standard library: connect, TLS, log in, one transaction per message."""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from ..errors import GeneratorError

TIMEOUT = 60.0
"""Seconds to wait for the server at each step."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the mail server; the password comes from an environment variable."""

    host: str
    port: int
    starttls: bool = False
    ssl: bool = False
    user: str | None = None
    password_env: str | None = None

    @classmethod
    def parse(cls, server: str, *, starttls: bool = False, use_ssl: bool = False,
              user: str | None = None, password_env: str | None = None) -> SmtpSettings:
        """From `--smtp HOST:PORT` and the other options; a GeneratorError naming the option."""
        host, sep, port = server.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise GeneratorError(f"--smtp {server!r}: write it as HOST:PORT, e.g. "
                                 "smtp.example.org:587")
        if starttls and use_ssl:
            raise GeneratorError("--starttls and --ssl exclude each other: use --ssl for port "
                                 "465, --starttls for 587")
        if user and not password_env:
            raise GeneratorError("--user needs --password-env NAME: the environment variable "
                                 "that holds the password")
        if password_env and not user:
            raise GeneratorError("--password-env needs --user")
        return cls(host.strip("[]"), int(port), starttls, use_ssl, user, password_env)

    def password(self) -> str | None:
        """The password from the named environment variable (checked before anything is sent)."""
        if not self.password_env:
            return None
        value = os.environ.get(self.password_env)
        if not value:
            raise GeneratorError(f"--password-env {self.password_env}: the environment variable "
                                 f"{self.password_env} is not set; set it to the password")
        return value


@dataclass
class Outcome:
    """What the server said to one message: accepted (by some or all recipients) or not."""

    accepted: bool
    reply: str
    refused: dict[str, str] = field(default_factory=dict)


class Transport:
    """An open SMTP session; use as a context manager."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Transport:
        s = self.settings
        where = f"{s.host}:{s.port}"
        password = s.password()
        try:
            if s.ssl:
                self.smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT,
                                             context=ssl.create_default_context())
            else:
                self.smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
            self.smtp.ehlo()
            if s.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if s.user:
                self.smtp.login(s.user, password or "")
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise GeneratorError(f"the server {where} refused the user name or password for "
                                 f"{s.user!r} ({_reply(exc.smtp_code, exc.smtp_error)}); check "
                                 f"--user and the variable {s.password_env}") from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise GeneratorError(f"the server {where} does not support this ({exc}); try "
                                 "without --starttls, or with --ssl") from None
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self.close()
            reason = _reason(exc)
            raise GeneratorError(f"cannot reach the mail server {where} ({reason}); check --smtp "
                                 "HOST:PORT and --ssl/--starttls. Nothing was sent") from None
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> Outcome:
        """One SMTP transaction. A refusal is an Outcome; a lost connection raises
        GeneratorError (then whether the server took the message is unknown)."""
        smtp = self.smtp
        assert smtp is not None
        data = message.as_bytes(policy=policy.SMTP)
        try:
            code, text = smtp.mail(sender)
            if code != 250:
                smtp.rset()
                return Outcome(False, _reply(code, text))
            refused = {}
            for rcpt in recipients:
                code, text = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = _reply(code, text)
            if len(refused) == len(recipients):
                smtp.rset()
                return Outcome(False, "; ".join(refused.values()), refused)
            code, text = smtp.data(data)
            if code != 250:
                smtp.rset()
                return Outcome(False, _reply(code, text), refused)
            return Outcome(True, _reply(code, text), refused)
        except smtplib.SMTPResponseException as exc:
            try:
                smtp.rset()
            except (OSError, smtplib.SMTPException):
                pass  # the next message reports a lost connection
            return Outcome(False, _reply(exc.smtp_code, exc.smtp_error))
        except (OSError, smtplib.SMTPException) as exc:
            raise GeneratorError(f"the connection to {self.settings.host}:{self.settings.port} "
                                 f"was lost ({_reason(exc)})") from None


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "no answer in time"
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    return str(exc) or type(exc).__name__
