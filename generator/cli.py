"""Command line: `plan-briefing build | validate | schema | fonts`."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import GeneratorError
from .i18n import LANGUAGES

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


def _csv(choices: tuple[str, ...]):
    def parse(value: str) -> tuple[str, ...]:
        items = tuple(v.strip() for v in value.split(",") if v.strip())
        bad = [v for v in items if v not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"{value!r}: choose from {', '.join(choices)}")
        return items
    return parse


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _plan_option(command: argparse.ArgumentParser, lang: bool) -> None:
    """The optional plan argument of the template commands (and their label language)."""
    command.add_argument("plan", nargs="?", help="plan file (default: the sample plan)")
    if lang:
        command.add_argument("--lang", choices=LANGUAGES, help="label language")


def _import_options(command: argparse.ArgumentParser, default_out: str, title: str) -> None:
    command.add_argument("--out", help=f"the plan to write (default: {default_out} beside it)")
    command.add_argument("--to", choices=("zh-Hans", "zh-Hant"), help="convert the text to "
                         "Simplified or Traditional Chinese (OpenCC)")
    command.add_argument("--title", default="", help=f"the plan's title (default: {title})")
    command.add_argument("--organisation", default="", help="the organisation running the plan")
    command.add_argument("--as-of", type=_date, help="the plan's as-of date (default: today)")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs test)."""
    from .build import FORMATS, REPORTS

    parser = argparse.ArgumentParser(
        prog="plan-briefing",
        description="Turn a work plan (YAML/JSON) into meeting briefings and status reports "
                    "in DOCX, PPTX and PDF.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="write reports for a plan (default: the sample plan)",
                                description="Write the briefing and status report for a plan.")
    build.add_argument("plan", nargs="?", help="plan file (.yaml/.yml/.json); default: the "
                       "sample plan generator/data/shanghai-ip-2020.yaml")
    build.add_argument("--report", type=_csv(REPORTS), default=REPORTS,
                       help=f"reports to build, comma-separated (default: {','.join(REPORTS)})")
    build.add_argument("--format", type=_csv(FORMATS), default=FORMATS,
                       help=f"formats, comma-separated (default: {','.join(FORMATS)})")
    build.add_argument("--out", default="out", help="output folder (default: out)")
    build.add_argument("--lang", choices=LANGUAGES, help="label language (default: the plan's)")
    build.add_argument("--theme", help="theme file (default: templates/theme.yaml)")
    build.add_argument("--as-of", type=_date, help="report as of this date (default: the plan's "
                       "as_of)")
    build.add_argument("--compare-to", type=_date, help="compare with the update of this date "
                       "(default: the one before the latest)")
    build.add_argument("--jobs", type=int, help="worker processes (default: all CPU cores; 1 "
                       "renders in this process)")
    build.add_argument("--per", choices=("unit",), help="build the meeting bundle: overview, one "
                       "pack per lead unit, manifest.json and a zip (ignores --report)")
    build.add_argument("--scheduler", metavar="ADDRESS", help="with --per unit: render the packs "
                       "on the Dask cluster of this scheduler (tcp://HOST:PORT)")

    validate = commands.add_parser("validate", help="check plan files and list every problem",
                                   description="Check plan files; exit 2 if any has problems.")
    validate.add_argument("plans", nargs="+", help="plan files")

    text = commands.add_parser("import-text", help="draft a plan file from a plan's own text",
                               description="Draft a plan (YAML) from the text of a notice or "
                               "meeting report: areas, tasks, units; review it before use.")
    text.add_argument("source", help="a UTF-8 text file")
    _import_options(text, "SOURCE-draft.yaml", "guessed")
    sheet = commands.add_parser("import-sheet", help="a plan file from a task breakdown table",
                                description="Make a plan (YAML) from a task breakdown table "
                                "(任务分工表) in .xlsx or .csv; review it before use.")
    sheet.add_argument("source", help="an .xlsx or .csv file")
    _import_options(sheet, "SOURCE-plan.yaml", "the file name")

    returns = commands.add_parser("returns", help="write a status-return workbook per lead unit",
                                  description="Write one .xlsx per lead unit: its tasks, current "
                                  "status, and columns to fill in.")
    returns.add_argument("plan", help="the plan file")
    returns.add_argument("--out", default="out/returns", help="folder (default: out/returns)")

    back = commands.add_parser("read-returns", help="read filled-in returns as a status update",
                               description="Read filled-in return workbooks as one dated status "
                               "update, saved beside the plan in PLAN.updates/DATE.yaml.")
    back.add_argument("plan", help="the plan file")
    back.add_argument("returns", nargs="+", help="filled-in .xlsx returns")
    back.add_argument("--date", type=_date, required=True, help="the update's date (YYYY-MM-DD)")
    back.add_argument("--title", default="", help="the update's title, e.g. 10月份工作进展")

    convert = commands.add_parser("convert", help="a plan's text in Simplified or Traditional "
                                  "Chinese", description="Write a copy of a plan with all its "
                                  "text converted between Simplified and Traditional Chinese "
                                  "(OpenCC: the script changes, the wording stays).")
    convert.add_argument("plan", help="the plan file")
    convert.add_argument("--to", choices=("zh-Hans", "zh-Hant"), required=True)
    convert.add_argument("--out", required=True, help="the converted plan to write (.yaml)")

    context = commands.add_parser("context", help="list the variables fill-in templates can use",
                                  description="List every template variable with its type and "
                                  "its value for the plan (default: the sample plan).")
    _plan_option(context, lang=True)

    fill = commands.add_parser("fill", help="fill your own Word or PowerPoint template",
                               description="Fill a Word (.docx) or PowerPoint (.pptx) template "
                               "with tags with the plan's data; see README 'Use your own "
                               "template'.")
    fill.add_argument("template", help="the .docx or .pptx template")
    _plan_option(fill, lang=True)
    fill.add_argument("--out", required=True, help="the filled .docx or .pptx to write")

    check = commands.add_parser("check-template", help="check a template before a meeting",
                                description="Report every problem of a Word or PowerPoint "
                                "template (syntax, unknown variables, a trial fill) with its "
                                "place (paragraph; slide and shape).")
    check.add_argument("template", help="the .docx or .pptx template")
    _plan_option(check, lang=False)

    commands.add_parser("schema", help="print the plan format as JSON Schema",
                        description="Print a JSON Schema of the plan format for editors.")
    commands.add_parser("fonts", help="prepare the PDF font once (the set-up command runs it)",
                        description="Instance the static Noto Sans SC fonts the PDF embeds.")
    return parser


def run() -> None:
    """The console entry point: `main`, then an exit that skips tearing the interpreter's
    objects down one by one (≈ 0.1-0.2 s after a large build). Nothing is pending by then:
    every output was written, synced and renamed before `main` returned, and the worker pool
    is closed; only the standard streams are flushed here."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader went away: nothing more to say to it
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code (0 ok, 2 user error, 1 internal error)."""
    # A build allocates millions of short-lived objects and few cycles: collecting the
    # youngest generation every 700 allocations (the default) costs ≈ 10-15% of a run.
    gc.set_threshold(50_000, 20, 100)
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted; files already in the output folder are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for the "
              "details, and report it)", file=sys.stderr)
        return EXIT_INTERNAL


def _templates(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build import SAMPLE_PLAN
    from .context import chart_blocks, describe, template_context
    from .i18n import Labels
    from .indicators import analyse
    from .loader import load_plan
    from .reports.common import document_info

    loaded = load_plan(args.plan or SAMPLE_PLAN)
    status = analyse(loaded.plan)
    labels = Labels(getattr(args, "lang", None) or loaded.plan.language)
    context = template_context(status, labels)
    if args.command == "context":
        for path, kind, example in describe(context):
            print(f"{path}\t{kind}\t{example}")
        return EXIT_OK
    from .fill_pptx import check_pptx_template, fill_pptx
    from .fill_word import check_word_template, fill_word

    template = Path(args.template)
    charts = chart_blocks(status, labels)
    powerpoint = template.suffix.lower() == ".pptx"
    if args.command == "check-template":
        problems = (check_pptx_template(template, context, charts) if powerpoint else
                    check_word_template(template, context))
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"{template}: ok")
        return EXIT_USER if problems else EXIT_OK
    from .output import write_atomic

    info = document_info(status, labels, template.stem)
    out = Path(args.out)
    if powerpoint:
        write_atomic(out, lambda tmp: fill_pptx(template, context, tmp, info, charts=charts))
    else:
        write_atomic(out, lambda tmp: fill_word(template, context, tmp, info, charts=charts))
    print(out)
    return EXIT_OK


def _import_text(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.script import convert_data, detect_script
    from .importers.text import draft_from_text, draft_yaml
    from .loader import load_plan
    from .output import write_atomic
    from .sources import read_text

    source = Path(args.source)
    text = read_text(source)
    language = args.to or detect_script(text)
    data, notes = draft_from_text(text, title=args.title, organisation=args.organisation,
                                  as_of=args.as_of, language=language)
    if args.to:
        data = convert_data(data, args.to)
        notes = [*convert_data(notes, args.to), f"Text converted to {args.to} with OpenCC."]
    out = Path(args.out) if args.out else source.with_name(f"{source.stem}-draft.yaml")
    write_atomic(out, lambda tmp: tmp.write_text(draft_yaml(data, notes, source.name),
                                                 encoding="utf-8"))
    loaded = load_plan(out)
    plan = loaded.plan
    print(f"{out}: {len(plan.areas)} areas, {len(plan.tasks())} tasks, {len(plan.units)} "
          f"unit(s); review it, then: plan-briefing build {out}")
    for note in notes[1:]:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def _import_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.script import convert_data
    from .importers.spreadsheet import import_sheets
    from .importers.text import draft_yaml
    from .loader import load_plan
    from .output import write_atomic

    source = Path(args.source)
    result = import_sheets(source, title=args.title, organisation=args.organisation,
                           as_of=args.as_of, language=args.to)
    data = convert_data(result.data, args.to) if args.to else result.data
    notes = ["Organisation, meeting and dates are placeholders where the table says nothing.",
             *result.warnings]
    out = Path(args.out) if args.out else source.with_name(f"{source.stem}-plan.yaml")
    write_atomic(out, lambda tmp: tmp.write_text(draft_yaml(data, notes, source.name),
                                                 encoding="utf-8"))
    plan = load_plan(out).plan
    print(f"{out}: {len(plan.areas)} areas, {len(plan.tasks())} tasks, {len(plan.units)} units")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _read_returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    import yaml

    from .importers.returns import read_returns
    from .loader import load_plan, updates_folder
    from .output import write_atomic

    plan_path = Path(args.plan)
    plan = load_plan(plan_path).plan
    result = read_returns(plan, [Path(p) for p in args.returns], args.date, args.title)
    if any(u.date == args.date for u in plan.updates):
        from .errors import GeneratorError

        raise GeneratorError(f"{plan_path}: an update dated {args.date} exists already; "
                             "choose another --date or remove it first")
    dest = updates_folder(plan_path) / f"{args.date.isoformat()}.yaml"
    text = yaml.safe_dump(result.update, allow_unicode=True, sort_keys=False)
    write_atomic(dest, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    try:
        load_plan(plan_path)
    except Exception:
        dest.unlink()
        raise
    for line in result.report:
        print(line)
    print(dest)
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


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from .build import build, build_meeting

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
            print(f"warning: {warning}", file=sys.stderr)
        for path in result.files:
            print(path)
        return EXIT_OK
    if args.command == "validate":
        from .errors import PlanError
        from .loader import load_plan

        failed = False
        for name in args.plans:
            try:
                loaded = load_plan(name)
            except PlanError as exc:
                failed = True
                print(exc, file=sys.stderr)
                continue
            plan = loaded.plan
            print(f"{name}: ok ({len(plan.areas)} areas, {len(plan.tasks())} tasks, "
                  f"{len(plan.units)} units, {len(plan.updates)} updates)")
            for warning in loaded.warnings:
                print(f"warning: {name}: {warning}", file=sys.stderr)
        return EXIT_USER if failed else EXIT_OK
    if args.command in {"context", "fill", "check-template"}:
        return _templates(args)
    if args.command == "import-text":
        return _import_text(args)
    if args.command == "import-sheet":
        return _import_sheet(args)
    if args.command == "returns":
        from pathlib import Path

        from .importers.returns import write_returns
        from .indicators import analyse
        from .loader import load_plan

        for path in write_returns(analyse(load_plan(args.plan).plan), Path(args.out)):
            print(path)
        return EXIT_OK
    if args.command == "read-returns":
        return _read_returns(args)
    if args.command == "convert":
        from pathlib import Path

        import yaml

        from .importers.script import convert_data
        from .loader import load_plan
        from .output import write_atomic

        plan = load_plan(args.plan).plan
        data = convert_data(plan.model_dump(mode="json", exclude_defaults=True), args.to)
        data["language"] = args.to
        out = Path(args.out)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        write_atomic(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        load_plan(out)
        print(out)
        return EXIT_OK
    if args.command == "schema":
        from .model import Plan

        print(json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.command == "fonts":
        from .fonts import noto_sans_sc

        files = noto_sans_sc()
        print(files.regular)
        print(files.bold)
        return EXIT_OK
    raise AssertionError(args.command)
