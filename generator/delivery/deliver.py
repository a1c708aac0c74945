"""The delivery loop of `send` and `remind`: skip the delivered, record each message, go on."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.utils import make_msgid
from pathlib import Path

from ..errors import GeneratorError
from ..output import digest_of, inside, safe_name, write_atomic
from .mail import MailText, compose
from .record import PENDING, REFUSED, SENT, DeliveryRecord, now_utc
from .smtp import Transport

EXIT_PARTIAL = 3
"""Exit code when some recipients were refused (or had no address) while the others got theirs."""


@dataclass(frozen=True)
class Outgoing:
    """One message to go out: to whom, what kind, which files, the values of its texts."""

    key: str
    kind: str
    unit_id: str
    unit_name: str
    to: tuple[Address, ...]
    files: tuple[Path, ...]
    values: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    same_files_only: bool = True
    """Skip only when the files sent were these very bytes (a rebuilt pack goes again);
    False: the key alone says whether it was sent (a reminder's workbook may be remade)."""


@dataclass
class Summary:
    """What a run did, message by message."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.refused else 0


def check_sizes(outgoing: list[Outgoing], max_mb: float) -> None:
    """Refuses (before anything is sent) every message whose attachments exceed the limit."""
    limit = max_mb * 1024 * 1024
    over = []
    for item in outgoing:
        size = sum(p.stat().st_size for p in item.files)
        if size > limit:
            over.append(f"  {item.unit_name} ({item.unit_id}): attachments {size / 1048576:.1f} "
                        f"MB")
    if over:
        raise GeneratorError("\n".join([f"{len(over)} message(s) over the limit of --max-mb "
                                        f"{max_mb:g} MB; nothing was sent:", *over,
                                        "send fewer formats (--format pdf) or raise --max-mb "
                                        "if the server accepts larger mail"]))


def deliver(outgoing: list[Outgoing], *, texts: dict[str, MailText], sender: Address,
            record: DeliveryRecord, transport: Callable[[], Transport] | None,
            resend: frozenset[str] = frozenset(), outbox: Path | None = None,
            echo: Callable[[str], None] = print) -> Summary:
    """Sends (or with `outbox`, writes as .eml files) each message not delivered before.

    A message already sent with the same files is skipped unless its unit is in `resend`. The
    record marks a message pending before it is handed to the server and sent or refused after;
    a pending message (the run was killed while it was in flight) goes again with the same
    Message-ID, so that mail programs show it once."""
    summary = Summary()
    with ExitStack() as stack:
        session: Transport | None = None
        for item in outgoing:
            files = [{"name": p.name, "bytes": (d := digest_of(p)).size, "sha256": d.sha256}
                     for p in item.files]
            previous = record.get(item.key)
            same = previous is not None and (previous.get("files") == files
                                             or not item.same_files_only)
            if (previous and previous.get("status") == SENT and same
                    and item.unit_id not in resend):
                summary.skipped.append(item.key)
                echo(f"already sent  {item.unit_name} ({previous.get('time')}, "
                     f"{previous.get('message_id')})")
                continue
            retry = previous is not None and previous.get("status") == PENDING and same
            message_id = (previous or {}).get("message_id") if retry else None
            message_id = message_id or make_msgid(domain=sender.domain)
            to = [a.addr_spec for a in item.to]
            message = compose(texts[item.kind], item.values, sender=sender, to=list(item.to),
                              files=list(item.files), message_id=message_id, when=now_utc())
            if outbox is not None:
                dest = inside(outbox, safe_name(item.key.replace("/", "-")) + ".eml")
                write_atomic(dest, lambda tmp, m=message: tmp.write_bytes(bytes(m)))
                summary.written.append(dest)
                echo(f"would send    {item.unit_name} → {', '.join(to)}: "
                     f"{', '.join(p.name for p in item.files)} ({dest})")
                continue
            if session is None:
                assert transport is not None
                session = stack.enter_context(transport())
            entry = {"kind": item.kind, "unit": item.unit_id, "unit_name": item.unit_name,
                     "to": to, "from": sender.addr_spec, "subject": str(message["Subject"]),
                     "files": files, "message_id": message_id, "status": PENDING,
                     "time": now_utc().isoformat(), "reply": ""}
            if retry:
                echo(f"again         {item.unit_name}: the last run stopped before the server's "
                     "answer was recorded (same Message-ID)")
            record.put(item.key, entry)
            try:
                outcome = session.send(message, sender.addr_spec, to)
            except GeneratorError as exc:
                raise GeneratorError(f"{exc} while sending to {item.unit_name} ({', '.join(to)}); "
                                     f"{len(summary.sent)} message(s) went out before. Run the "
                                     "same command again to continue: nothing is sent twice"
                                     ) from None
            entry = {**entry, "status": SENT if outcome.accepted else REFUSED,
                     "reply": outcome.reply, "refused": outcome.refused,
                     "time": now_utc().isoformat()}
            record.put(item.key, entry)
            if outcome.accepted:
                summary.sent.append(item.key)
                echo(f"sent          {item.unit_name} → {', '.join(to)}: "
                     f"{len(item.files)} file(s); {outcome.reply}")
            if outcome.refused or not outcome.accepted:
                summary.refused.append(item.key)
                reasons = "; ".join(f"{a}: {r}" for a, r in outcome.refused.items())
                echo(f"REFUSED       {item.unit_name}: {reasons or outcome.reply}")
    return summary
