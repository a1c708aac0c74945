"""`import-text` and `import-sheet`: draft plan files from a plan's text or a task table."""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_OK, output_file, printable
from .options import import_options


def text_arguments(text: argparse.ArgumentParser) -> None:
    text.add_argument("source", help="a text file (UTF-8, UTF-16, GB18030 or Big5: detected)")
    import_options(text, "SOURCE-draft.yaml", "guessed")


def sheet_arguments(sheet: argparse.ArgumentParser) -> None:
    sheet.add_argument("source", help="an .xlsx, .xls or .csv file (any encoding)")
    import_options(sheet, "SOURCE-plan.yaml", "the file name")


def import_text(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..importers.encoding import read_text_file
    from ..importers.script import convert_data, detect_script
    from ..importers.text import draft_from_text, draft_yaml
    from ..loader import load_plan
    from ..output import write_atomic

    source = Path(args.source)
    text, encoding = read_text_file(source)
    language = args.to or detect_script(text)
    data, notes = draft_from_text(text, title=args.title, organisation=args.organisation,
                                  as_of=args.as_of, language=language, year=args.year)
    if args.to:
        data = convert_data(data, args.to)
        notes = [*convert_data(notes, args.to), f"Text converted to {args.to} with OpenCC."]
    notes.insert(0, f"{source.name} read as {encoding}.")
    out = (output_file(args.out, (".yaml", ".yml"), "draft plan") if args.out
           else source.with_name(f"{source.stem}-draft.yaml"))
    write_atomic(out, lambda tmp: tmp.write_text(draft_yaml(data, notes, source.name),
                                                 encoding="utf-8"))
    loaded = load_plan(out)
    plan = loaded.plan
    print(f"{out}: {len(plan.areas)} areas, {len(plan.tasks())} tasks, {len(plan.units)} "
          f"unit(s); review it, then: plan-briefing build {out}")
    for note in notes:
        print(printable(f"note: {note}"), file=sys.stderr)
    return EXIT_OK


def import_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..importers.script import convert_data
    from ..importers.spreadsheet import import_sheets
    from ..importers.text import draft_yaml
    from ..loader import load_plan
    from ..output import write_atomic

    source = Path(args.source)
    result = import_sheets(source, title=args.title, organisation=args.organisation,
                           as_of=args.as_of, language=args.to, year=args.year)
    data = convert_data(result.data, args.to) if args.to else result.data
    notes = []
    if result.unknown_columns:
        notes.append("Columns not understood (kept in each task's note): "
                     + ", ".join(result.unknown_columns))
    if result.encoding:
        notes.append(f"{source.name} read as {result.encoding}.")
    notes += ["Organisation, meeting and dates are placeholders where the table says nothing.",
              *result.warnings]
    out = (output_file(args.out, (".yaml", ".yml"), "plan") if args.out
           else source.with_name(f"{source.stem}-plan.yaml"))
    write_atomic(out, lambda tmp: tmp.write_text(draft_yaml(data, notes, source.name),
                                                 encoding="utf-8"))
    plan = load_plan(out).plan
    print(f"{out}: {len(plan.areas)} areas, {len(plan.tasks())} tasks, {len(plan.units)} units")
    if result.encoding:
        print(f"note: {source.name} read as {result.encoding}", file=sys.stderr)
    for warning in result.warnings:
        print(printable(f"warning: {warning}"), file=sys.stderr)
    return EXIT_OK
