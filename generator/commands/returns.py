"""`returns`, `read-returns` and `round`: the status-return round trip with the units."""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_OK, EXIT_USER
from .options import iso_date


def returns_arguments(returns: argparse.ArgumentParser) -> None:
    returns.add_argument("plan", help="the plan file")
    returns.add_argument("--out", default="out/returns", help="folder (default: out/returns)")
    returns.add_argument("--as-of", type=iso_date, help="show the status as of this date, every "
                         "update up to it applied (default: the latest of the plan's as_of "
                         "and its last update)")


def read_arguments(back: argparse.ArgumentParser) -> None:
    back.add_argument("plan", help="the plan file")
    back.add_argument("returns", nargs="+", help="filled-in .xlsx returns")
    back.add_argument("--date", type=iso_date, required=True, help="the update's date "
                      "(YYYY-MM-DD)")
    back.add_argument("--title", default="", help="the update's title, e.g. 10月份工作进展")


def round_arguments(round_: argparse.ArgumentParser) -> None:
    round_.add_argument("plan", help="the plan file")
    round_.add_argument("--date", type=iso_date, required=True, help="the round's date (the "
                        "--date given to read-returns)")
    round_.add_argument("--due", type=iso_date, help="the deadline for the returns")
    round_.add_argument("--returns-out", help="write a fresh blank return here for every unit "
                        "that has not fully returned")


def returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..importers.returns import write_returns
    from ..indicators import analyse
    from ..loader import load_plan

    plan = load_plan(args.plan).plan
    as_of = args.as_of or max([plan.as_of, *(u.date for u in plan.updates)])
    for path in write_returns(analyse(plan, as_of=as_of), Path(args.out)):
        print(path)
    print(f"status as of {as_of}", file=sys.stderr)
    return EXIT_OK


def read_returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..importers.round import take_returns

    result = take_returns(Path(args.plan), [Path(p) for p in args.returns], args.date,
                          args.title)
    for line in result.report:
        print(line)
    for line in result.merged:
        print(f"merged: {line}")
    for unit in result.refused:
        for problem in unit.problems:
            print(f"refused: {problem}", file=sys.stderr)
    if result.update_path:
        print(result.update_path)
    print(f"round recorded in {result.record_path}; see: plan-briefing round {args.plan} "
          f"--date {args.date}", file=sys.stderr)
    return EXIT_USER if result.refused else EXIT_OK


def round_(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..importers.round import round_status

    out = Path(args.returns_out) if args.returns_out else None
    for unit in round_status(Path(args.plan), args.date, due=args.due, returns_dir=out):
        due = args.due.isoformat() if args.due else "-"
        line = (f"{unit.unit_name}\t{unit.state}\t{unit.tasks_returned}/{unit.tasks_expected}"
                f"\tdue {due}\t{unit.detail}")
        if unit.return_file:
            line += f"\t{unit.return_file}"
        print(line)
    return EXIT_OK
