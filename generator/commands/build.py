"""`build`: the reports of a plan, or its meeting bundle (`--per unit`)."""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_OK, EXIT_USER, printable
from ..errors import GeneratorError
from ..i18n import LANGUAGES
from .options import csv_choices, iso_date


def arguments(build: argparse.ArgumentParser) -> None:
    from ..build import FORMATS, REPORTS

    build.add_argument("plan", nargs="?", help="plan file (.yaml/.yml/.json); default: the "
                       "sample plan generator/data/shanghai-ip-2020.yaml")
    build.add_argument("--report", type=csv_choices(REPORTS), default=REPORTS,
                       help=f"reports to build, comma-separated (default: {','.join(REPORTS)})")
    build.add_argument("--format", type=csv_choices(FORMATS), default=FORMATS,
                       help=f"formats, comma-separated (default: {','.join(FORMATS)})")
    build.add_argument("--out", default="out", help="output folder (default: out)")
    build.add_argument("--lang", choices=LANGUAGES, help="label language (default: the plan's)")
    build.add_argument("--theme", help="theme file (default: templates/theme.yaml)")
    build.add_argument("--as-of", type=iso_date, help="report as of this date (default: the "
                       "plan's as_of, or its newest status update when that is later)")
    build.add_argument("--compare-to", type=iso_date, help="compare with the update of this "
                       "date (default: the one before the latest)")
    build.add_argument("--jobs", type=int, help="worker processes (default: all CPU cores; 1 "
                       "renders in this process)")
    build.add_argument("--per", choices=("unit",), help="build the meeting bundle: overview, one "
                       "pack per lead unit, manifest.json and a zip (ignores --report)")
    build.add_argument("--strict", action="store_true", help="refuse a draft (0 tasks, or "
                       "placeholders such as （请填写） left from an import) instead of warning")
    build.add_argument("--scheduler", metavar="ADDRESS", help="with --per unit: render the packs "
                       "on the Dask cluster of this scheduler (tcp://HOST:PORT)")


def run(args: argparse.Namespace) -> int:
    from ..build import build, build_meeting

    if args.strict and (code := _refuse_draft(args.plan)) is not None:
        return code
    options = dict(formats=args.format, out_dir=args.out, language=args.lang,
                   theme=args.theme, as_of=args.as_of, compare_to=args.compare_to,
                   jobs=args.jobs)
    if args.scheduler and not args.per:
        raise GeneratorError("--scheduler works with --per unit (the meeting bundle)")
    if args.per:
        result = build_meeting(args.plan, progress=_progress_bar(), scheduler=args.scheduler,
                               **options)
    else:
        result = build(args.plan, reports=args.report, **options)
    for warning in result.warnings:
        print(printable(f"warning: {warning}"), file=sys.stderr)
    for path in result.files:
        print(path)
    return EXIT_OK


def _progress_bar():
    """A one-line progress bar on a terminal; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files", end=end,
              file=sys.stderr, flush=True)

    return show


def _refuse_draft(plan_path: str | None) -> int | None:
    """`build --strict`: exit 2 (nothing written) when the plan still reads as a draft."""
    from ..build import SAMPLE_PLAN
    from ..checks import draft_problems
    from ..loader import load_plan

    loaded = load_plan(plan_path or SAMPLE_PLAN)
    problems = draft_problems(loaded.plan)
    if not problems:
        return None
    print(f"error: {loaded.path}: a draft, not a report (--strict):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_USER
