"""`send` and `remind`: mail from the command line (the work is in `generator.delivery`)."""

from __future__ import annotations

import argparse

from ..delivery.options import add_mail_options
from .options import csv_choices, iso_date


def send_arguments(send: argparse.ArgumentParser) -> None:
    send.add_argument("bundle", help="the bundle folder `build --per unit` wrote")
    send.add_argument("--plan", help="the plan the bundle was built from (default: found by "
                      "the manifest's name and SHA-256)")
    send.add_argument("--format", type=csv_choices(("docx", "pptx", "pdf")),
                      default=("pdf", "docx"),
                      help="formats to attach, comma-separated (default: pdf,docx)")
    add_mail_options(send)


def remind_arguments(remind: argparse.ArgumentParser) -> None:
    remind.add_argument("plan", help="the plan file")
    remind.add_argument("--date", type=iso_date, required=True, help="the round's date (the "
                        "update date the returns will carry)")
    remind.add_argument("--due", type=iso_date, help="the returns' deadline")
    remind.add_argument("--before", type=int, default=0, help="remind this many days before "
                        "the deadline (default 0: from the day itself)")
    remind.add_argument("--today", type=iso_date, help="the day to decide for (default: today)")
    remind.add_argument("--returns", default="out/returns", help="the round's return workbooks "
                        "and delivery.json (default: out/returns)")
    add_mail_options(remind)


def send(args: argparse.Namespace) -> int:
    from ..delivery.commands import run_send

    return run_send(args)


def remind(args: argparse.Namespace) -> int:
    from ..delivery.commands import run_remind

    return run_remind(args)
