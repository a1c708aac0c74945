"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and a built bundle."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from generator.build import build_meeting

from ..conftest import ENGLISH


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What the server received; `refuse` makes it answer 550 to those recipients, `on_rcpt`
    runs on every RCPT (the tests kill a client there)."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    on_rcpt: Callable[[str, int], None] | None = None
    rcpt_count: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_count += 1
        if self.on_rcpt:
            self.on_rcpt(address, self.rcpt_count)
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: user unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content,
                                     policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 2.0.0 Ok: queued"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.received if address in rcpts]


@pytest.fixture
def smtp_server():
    """(mailbox, "127.0.0.1:PORT"): a real SMTP server on loopback for one test."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, f"127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def built_bundle(tmp_path_factory) -> Path:
    """The English sample's meeting bundle in PDF and DOCX, built once (copy before changing)."""
    out = tmp_path_factory.mktemp("bundle")
    build_meeting(ENGLISH, formats=("pdf", "docx"), out_dir=out, jobs=1)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


@pytest.fixture
def bundle(built_bundle, tmp_path) -> Path:
    """A private copy of the bundle, with the plan beside its output folder."""
    dest = tmp_path / "out" / built_bundle.name
    shutil.copytree(built_bundle, dest)
    shutil.copy(ENGLISH, tmp_path / ENGLISH.name)
    return dest
