"""The `send` and `remind` commands: options checked, messages planned, then delivered."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from ..errors import GeneratorError
from ..model import Plan
from .deliver import EXIT_PARTIAL, Outgoing, Summary, check_sizes, deliver
from .mail import load_mail_texts, mail_file_for, parse_sender
from .record import RECORD, DeliveryRecord
from .smtp import SmtpSettings, Transport


def _settings(args: argparse.Namespace) -> SmtpSettings | None:
    if args.dry_run:
        return None
    if not args.smtp:
        raise GeneratorError("--smtp HOST:PORT is needed (or --dry-run to write .eml files)")
    settings = SmtpSettings.parse(args.smtp, starttls=args.starttls, use_ssl=args.ssl,
                                  user=args.user, password_env=args.password_env)
    settings.password()  # an unset variable is reported before anything is sent
    return settings


def _check_resend(args: argparse.Namespace, plan: Plan) -> frozenset[str]:
    unknown = [u for u in args.resend if u not in plan.units_by_id]
    if unknown:
        raise GeneratorError(f"--resend {', '.join(unknown)}: no such unit id in the plan; use "
                             "one of: " + ", ".join(u.id for u in plan.units[:20]))
    return frozenset(args.resend)


def _run(outgoing: list[Outgoing], notes: list[str], args: argparse.Namespace, *, plan: Plan,
         record_path: Path, outbox: Path) -> int:
    texts = load_mail_texts(mail_file_for(args.theme), plan.language)
    sender = parse_sender(args.sender, plan.organisation)
    settings = _settings(args)
    resend = _check_resend(args, plan)
    check_sizes(outgoing, args.max_mb)
    record = DeliveryRecord.load(record_path)
    started = time.perf_counter()
    summary: Summary = deliver(
        outgoing, texts=texts, sender=sender, record=record,
        transport=(lambda: Transport(settings)) if settings else None, resend=resend,
        outbox=outbox if args.dry_run else None)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    seconds = time.perf_counter() - started
    if args.dry_run:
        print(f"dry run: {len(summary.written)} message(s) written to {outbox}, nothing sent "
              f"({len(summary.skipped)} already sent)")
        return 0
    print(f"{len(summary.sent)} sent, {len(summary.skipped)} already sent, "
          f"{len(summary.refused)} refused in {seconds:.1f} s; record: {record_path}")
    if summary.refused:
        print(f"error: {len(summary.refused)} message(s) refused (see REFUSED above); the "
              f"others went out. Fix the addresses and run again (exit {EXIT_PARTIAL})",
              file=sys.stderr)
    return summary.exit_code


def run_send(args: argparse.Namespace) -> int:
    """`plan-briefing send BUNDLE`."""
    from .send import find_plan, pack_messages, read_bundle

    folder = Path(args.bundle)
    bundle = read_bundle(folder)
    plan = find_plan(bundle, args.plan).plan
    sender_name = parse_sender(args.sender, plan.organisation).display_name
    outgoing, notes = pack_messages(bundle, plan, args.format, sender_name=sender_name)
    if not outgoing and not notes:
        raise GeneratorError(f"{folder}: no unit packs in {','.join(args.format)}; choose "
                             "--format from the formats the bundle was built in")
    return _run(outgoing, notes, args, plan=plan, record_path=folder / RECORD,
                outbox=Path(args.outbox) if args.outbox else folder / "outbox")


def run_remind(args: argparse.Namespace) -> int:
    """`plan-briefing remind PLAN --date D`."""
    from ..importers.round import round_status
    from ..loader import load_plan
    from .remind import choose_reminders, reminder_messages, return_workbooks

    if args.before < 0:
        raise GeneratorError(f"--before {args.before}: give a number of days, 0 or more")
    plan_path = Path(args.plan)
    plan = load_plan(plan_path).plan
    folder = Path(args.returns)
    try:
        rounds = round_status(plan_path, args.date, due=args.due, returns_dir=folder)
    except NotImplementedError:
        raise GeneratorError("the return round is not available in this version (see "
                             "`plan-briefing round`)") from None
    today = args.today or dt.date.today()
    reminders, notes = choose_reminders(rounds, today=today, due=args.due, before=args.before)
    workbooks = return_workbooks([r.unit for r in reminders], plan, folder) if reminders else {}
    sender_name = parse_sender(args.sender, plan.organisation).display_name
    outgoing, more = reminder_messages(reminders, plan, round_date=args.date, due=args.due,
                                       workbooks=workbooks, sender_name=sender_name)
    if not outgoing:
        for note in [*notes, *more]:
            print(note)
        print(f"nobody to remind on {today}")
        return 0
    return _run(outgoing, [*notes, *more], args, plan=plan, record_path=folder / RECORD,
                outbox=Path(args.outbox) if args.outbox else folder / "outbox")
