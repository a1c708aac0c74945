"""Mail composition: subject, plain-text and HTML body from `mail.yaml`, files attached."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from string import Formatter

from ..errors import GeneratorError, PlanError, TemplateError
from ..model import check_address
from ..sources import read_document
from ..theme import TEMPLATES_DIR

DEFAULT_MAIL = TEMPLATES_DIR / "mail.yaml"
KINDS = ("pack", "early", "late", "chase")
PARTS = ("subject", "text", "html")
PLACEHOLDERS = frozenset({
    "unit", "contact", "organisation", "sender", "meeting", "meeting_date", "plan", "as_of",
    "files", "round_date", "due", "days", "tasks_expected", "tasks_returned", "detail"})
"""The only names a mail template may use; each is filled with plain text."""

_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pptx": ("application", "vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
"""Attachment types by suffix (fixed: `mimetypes` depends on the machine's registry)."""


@dataclass(frozen=True)
class MailText:
    """One kind of mail in one language: subject, plain text, HTML (with placeholders)."""

    subject: str
    text: str
    html: str


def mail_file_for(theme: str | Path | None) -> Path:
    """The `mail.yaml` beside a theme file when it has one, else the built-in one."""
    if theme:
        beside = Path(theme).with_name("mail.yaml")
        if beside.is_file():
            return beside
    return DEFAULT_MAIL


def load_mail_texts(path: Path, language: str) -> dict[str, MailText]:
    """The mail kinds of one language from a mail template file; a TemplateError naming the
    file and key for a missing part or a placeholder that is not allowed."""
    try:
        doc = read_document(path)
    except PlanError as exc:
        raise TemplateError(str(exc).replace("in the plan", "in the mail template")) from None
    data = doc.data if isinstance(doc.data, dict) else {}
    texts = data.get(language)
    if not isinstance(texts, dict):
        raise TemplateError(f"{path}: no mail texts for the language {language!r}; add a "
                            f"`{language}:` section")
    out = {}
    for kind in KINDS:
        entry = texts.get(kind)
        where = f"{path}:{doc.line_of((language, kind)) or ''}: {language}.{kind}"
        if not isinstance(entry, dict):
            raise TemplateError(f"{where}: missing; give it subject, text and html")
        for part in PARTS:
            value = entry.get(part)
            if not isinstance(value, str) or not value.strip():
                raise TemplateError(f"{where}.{part}: missing or empty")
            _check_placeholders(value, f"{where}.{part}")
        out[kind] = MailText(entry["subject"], entry["text"], entry["html"])
    return out


def _check_placeholders(template: str, where: str) -> None:
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:
        raise TemplateError(f"{where}: {exc}; write {{{{ and }}}} for literal braces") from None
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS or spec or conv:
            raise TemplateError(f"{where}: {{{name}}} is not allowed; use only "
                                + " ".join(f"{{{n}}}" for n in sorted(PLACEHOLDERS)))


def fill(template: str, values: dict[str, str], *, as_html: bool = False) -> str:
    """The template with its placeholders replaced by the values, as text (data is never
    parsed as a template: `format_map` does not look into the values)."""
    if as_html:
        values = {k: html.escape(v).replace("\n", "<br>\n") for k, v in values.items()}
    return template.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


def one_line(text: str) -> str:
    """Header text on one line: line breaks and tabs become single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def parse_sender(value: str, default_name: str) -> Address:
    """`--from`: `name@example.org` or `Name <name@example.org>`; a GeneratorError if not."""
    name, addr = parseaddr(value)
    if not addr:
        raise GeneratorError(f"--from {value!r}: not an e-mail address; write it as "
                             "secretariat@example.org or 'Name <secretariat@example.org>'")
    try:
        check_address(addr)
    except ValueError as exc:
        raise GeneratorError(f"--from: {exc}") from None
    return address(name or default_name, addr)


def address(name: str, addr: str) -> Address:
    """An Address with a display name on one line."""
    user, _, domain = addr.rpartition("@")
    return Address(display_name=one_line(name), username=user, domain=domain)


def recipients(unit) -> tuple[Address, ...]:
    """The addresses of a unit's contacts that have an e-mail address."""
    return tuple(address(c.name, c.email) for c in unit.contacts if c.email)


def unit_values(plan, unit, labels, sender_name: str, as_of: dt.date) -> dict[str, str]:
    """The placeholders every message to a unit fills: who it is for and from, the plan, the
    meeting and the data date, written in the plan's language."""
    meeting = plan.next_meeting
    return {
        "unit": unit.name, "contact": labels.list_join([c.name for c in unit.contacts
                                                        if c.email]),
        "organisation": plan.organisation, "sender": sender_name, "plan": plan.title,
        "meeting": meeting.title, "meeting_date": labels.date(meeting.date),
        "as_of": labels.date(as_of),
    }


def compose(text: MailText, values: dict[str, str], *, sender: Address, to: list[Address],
            files: list[Path], message_id: str, when: dt.datetime) -> EmailMessage:
    """The message: plain text with an HTML alternative, the files attached."""
    message = EmailMessage()
    message["Subject"] = one_line(fill(text.subject, values))
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    message.set_content(fill(text.text, values))
    message.add_alternative(fill(text.html, values, as_html=True), subtype="html")
    for path in files:
        maintype, subtype = _TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                               filename=path.name)
    return message
