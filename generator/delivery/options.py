"""The command-line options `send` and `remind` share (argparse only: cheap to import)."""

from __future__ import annotations

import argparse


def add_mail_options(command: argparse.ArgumentParser) -> None:
    """The options `send` and `remind` share: server, sender, dry run, resend, size limit."""
    command.add_argument("--smtp", metavar="HOST:PORT", help="the mail server (not needed with "
                         "--dry-run)")
    command.add_argument("--from", dest="sender", required=True, metavar="ADDRESS",
                         help="the sender, e.g. 'Secretariat <sec@example.org>'")
    command.add_argument("--starttls", action="store_true", help="upgrade to TLS (port 587)")
    command.add_argument("--ssl", action="store_true", help="TLS from the start (port 465)")
    command.add_argument("--user", help="log in with this user name")
    command.add_argument("--password-env", metavar="NAME", help="the environment variable "
                         "holding the password (never the password itself)")
    command.add_argument("--dry-run", action="store_true", help="send nothing: print what "
                         "would go out and write each message as an .eml file")
    command.add_argument("--outbox", help="where --dry-run writes the .eml files")
    command.add_argument("--resend", action="append", default=[], metavar="UNIT",
                         help="send to this unit (id) again even if it got it (repeatable)")
    command.add_argument("--max-mb", type=float, default=20.0, help="refuse messages whose "
                         "attachments exceed this many MB (default 20)")
    command.add_argument("--theme", help="a theme file; a mail.yaml beside it replaces the "
                         "built-in mail texts")
