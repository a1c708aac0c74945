"""Argument types and option groups that several commands share (argparse only)."""

from __future__ import annotations

import argparse
import datetime as dt

from ..i18n import LANGUAGES


def csv_choices(choices: tuple[str, ...]):
    """An argument type: a comma-separated list, each item one of `choices`."""
    def parse(value: str) -> tuple[str, ...]:
        items = tuple(v.strip() for v in value.split(",") if v.strip())
        bad = [v for v in items if v not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"{value!r}: choose from {', '.join(choices)}")
        return items
    return parse


def iso_date(value: str) -> dt.date:
    """An argument type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def plan_option(command: argparse.ArgumentParser, lang: bool) -> None:
    """The optional plan argument of the template commands (and their label language)."""
    command.add_argument("plan", nargs="?", help="plan file (default: the sample plan)")
    if lang:
        command.add_argument("--lang", choices=LANGUAGES, help="label language")


def import_options(command: argparse.ArgumentParser, default_out: str, title: str) -> None:
    """The options of `import-text` and `import-sheet`."""
    command.add_argument("--out", help=f"the plan to write (default: {default_out} beside it)")
    command.add_argument("--to", choices=("zh-Hans", "zh-Hant"), help="convert the text to "
                         "Simplified or Traditional Chinese (OpenCC)")
    command.add_argument("--title", default="", help=f"the plan's title (default: {title})")
    command.add_argument("--organisation", default="", help="the organisation running the plan")
    command.add_argument("--as-of", type=iso_date, help="the plan's as-of date (default: today)")
    command.add_argument("--year", type=int, help="the plan's year, for relative deadlines such "
                         "as 年底前 or Q4 (default: the year in the title or file name)")
