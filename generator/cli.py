"""Command line: `plan-briefing build | validate | schema | fonts`."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
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
    command.add_argument("--year", type=int, help="the plan's year, for relative deadlines such "
                         "as 年底前 or Q4 (default: the year in the title or file name)")


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
                       "as_of, or its newest status update when that is later)")
    build.add_argument("--compare-to", type=_date, help="compare with the update of this date "
                       "(default: the one before the latest)")
    build.add_argument("--jobs", type=int, help="worker processes (default: all CPU cores; 1 "
                       "renders in this process)")
    build.add_argument("--per", choices=("unit",), help="build the meeting bundle: overview, one "
                       "pack per lead unit, manifest.json and a zip (ignores --report)")
    build.add_argument("--strict", action="store_true", help="refuse a draft (0 tasks, or "
                       "placeholders such as （请填写） left from an import) instead of warning")
    build.add_argument("--scheduler", metavar="ADDRESS", help="with --per unit: render the packs "
                       "on the Dask cluster of this scheduler (tcp://HOST:PORT)")

    validate = commands.add_parser("validate", help="check plan files and list every problem",
                                   description="Check plan files; exit 2 if any has problems.")
    validate.add_argument("plans", nargs="+", help="plan files")

    text = commands.add_parser("import-text", help="draft a plan file from a plan's own text",
                               description="Draft a plan (YAML) from the text of a notice or "
                               "meeting report: areas, tasks, units; review it before use.")
    text.add_argument("source", help="a text file (UTF-8, UTF-16, GB18030 or Big5: detected)")
    _import_options(text, "SOURCE-draft.yaml", "guessed")
    sheet = commands.add_parser("import-sheet", help="a plan file from a task breakdown table",
                                description="Make a plan (YAML) from a task breakdown table "
                                "(任务分工表) in .xlsx, .xls or .csv; review it before use.")
    sheet.add_argument("source", help="an .xlsx, .xls or .csv file (any encoding)")
    _import_options(sheet, "SOURCE-plan.yaml", "the file name")

    returns = commands.add_parser("returns", help="write a status-return workbook per lead unit",
                                  description="Write one .xlsx per lead unit: its tasks, current "
                                  "status, and columns to fill in.")
    returns.add_argument("plan", help="the plan file")
    returns.add_argument("--out", default="out/returns", help="folder (default: out/returns)")
    returns.add_argument("--as-of", type=_date, help="show the status as of this date, every "
                         "update up to it applied (default: the latest of the plan's as_of "
                         "and its last update)")

    back = commands.add_parser("read-returns", help="read filled-in returns as a status update",
                               description="Read filled-in return workbooks as one dated status "
                               "update, saved beside the plan in PLAN.updates/DATE.yaml.")
    back.add_argument("plan", help="the plan file")
    back.add_argument("returns", nargs="+", help="filled-in .xlsx returns")
    back.add_argument("--date", type=_date, required=True, help="the update's date (YYYY-MM-DD)")
    back.add_argument("--title", default="", help="the update's title, e.g. 10月份工作进展")

    round_ = commands.add_parser("round", help="which units returned, partly, refused, missing",
                                 description="Show the return round of DATE: one line per lead "
                                 "unit with its state, the deadline and what is missing or "
                                 "why its return was refused.")
    round_.add_argument("plan", help="the plan file")
    round_.add_argument("--date", type=_date, required=True, help="the round's date (the "
                        "--date given to read-returns)")
    round_.add_argument("--due", type=_date, help="the deadline for the returns")
    round_.add_argument("--returns-out", help="write a fresh blank return here for every unit "
                        "that has not fully returned")

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

    send = commands.add_parser("send", help="mail each unit its pack from a meeting bundle",
                               description="Mail each unit with a contact address its pack from "
                               "a meeting bundle (checked against manifest.json first); every "
                               "message is kept in delivery.json, nothing is sent twice. Exit "
                               "3 when some recipients were refused and the others got theirs.")
    send.add_argument("bundle", help="the bundle folder `build --per unit` wrote")
    send.add_argument("--plan", help="the plan the bundle was built from (default: found by "
                      "the manifest's name and SHA-256)")
    send.add_argument("--format", type=_csv(("docx", "pptx", "pdf")), default=("pdf", "docx"),
                      help="formats to attach, comma-separated (default: pdf,docx)")
    from .delivery.options import add_mail_options

    add_mail_options(send)
    remind = commands.add_parser("remind", help="chase (催办) units that have not returned",
                                 description="Mail a reminder with its return workbook to each "
                                 "unit whose return for the round is not in; recorded in "
                                 "delivery.json like `send`, each kind once per round.")
    remind.add_argument("plan", help="the plan file")
    remind.add_argument("--date", type=_date, required=True, help="the round's date (the "
                        "update date the returns will carry)")
    remind.add_argument("--due", type=_date, help="the returns' deadline")
    remind.add_argument("--before", type=int, default=0, help="remind this many days before "
                        "the deadline (default 0: from the day itself)")
    remind.add_argument("--today", type=_date, help="the day to decide for (default: today)")
    remind.add_argument("--returns", default="out/returns", help="the round's return workbooks "
                        "and delivery.json (default: out/returns)")
    add_mail_options(remind)

    commands.add_parser("schema", help="print the plan format as JSON Schema",
                        description="Print a JSON Schema of the plan format for editors.")
    commands.add_parser("fonts", help="prepare the PDF fonts once (a first build does it too)",
                        description="Prepares the fonts PDFs embed: Noto Sans SC, Noto Sans TC "
                        "(zh-Hant) and, where TeX Live's Fandol faces are installed, the GB/T "
                        "9704 theme's.")
    return parser


def run() -> None:
    """The console entry point: `main`, then an exit that skips tearing the interpreter's
    objects down one by one (≈ 0.1-0.2 s after a large build). Nothing is pending by then:
    every output was written, synced and renamed before `main` returned, and the worker pool
    is closed; only the standard streams are flushed here."""
    try:
        code = main()
    except KeyboardInterrupt:  # between `main`'s own handlers (start-up, its last line)
        print(INTERRUPTED, file=sys.stderr)
        code = 130
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
    args = None
    try:
        args = make_parser().parse_args(argv)
        return _run(args)
    except GeneratorError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except OSError as exc:
        message = output_problem(exc)
        if message is None:
            return _internal(exc, args)
        print(f"error: {printable(message)}", file=sys.stderr)
        return EXIT_USER
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        return _internal(exc, args)


INTERRUPTED = ("interrupted: no file was left half-written; a file finished before the "
               "interruption may have replaced its previous version, the others are unchanged "
               "(a meeting bundle is replaced only once it is complete)")
"""What Ctrl-C prints: every file is renamed into place whole, one at a time."""

_OUTPUT_ERRNOS = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EACCES: "no permission (read-only, or another user's); fix the permissions or "
                  "choose another --out",
    errno.EPERM: "not permitted (another user's?); fix the permissions or choose another --out",
    errno.EROFS: "the file system is read-only; choose another --out",
    errno.ENOTDIR: "a file is in the way where a folder is needed; move it or choose another "
                   "--out",
    errno.EEXIST: "a file is in the way where a folder is needed; move it or choose another "
                  "--out",
    errno.EISDIR: "a folder has the name of a file to write; move it away or choose another "
                  "--out",
    errno.ENOTEMPTY: "a folder has the name of a file to write; move it away or choose "
                     "another --out",
    errno.ENAMETOOLONG: "the path is too long for this system; choose a shorter --out",
}


def output_problem(exc: OSError) -> str | None:
    """A user's message for a file-system error a user can fix (full disk, permissions, a
    file or folder in the way), naming the path; None for anything else."""
    reason = _OUTPUT_ERRNOS.get(exc.errno)
    if reason is None:
        return None
    where = next((name for name in (exc.filename2, exc.filename) if name is not None),
                 "the output")
    return f"{where}: {reason}"


def printable(text: str) -> str:
    """`text` with control characters other than line breaks and tabs shown as escapes, so
    that terminal escape sequences in data (a YAML key, a file name) never reach a terminal."""
    return "".join(c if c in "\n\t" or (c.isprintable() and c not in "\x1b\x9b")
                   else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in text)


def _internal(exc: BaseException, args) -> int:
    if args is not None and args.debug:
        raise exc
    print(f"internal error: {type(exc).__name__}: {printable(str(exc))}\n(run again with "
          "--debug for the details, and report it)", file=sys.stderr)
    return EXIT_INTERNAL


def output_file(name: str, suffixes: tuple[str, ...], what: str):
    """The `--out` file of a command that writes one file: refused before anything is read
    or written when it is a folder or does not end in one of `suffixes`."""
    from pathlib import Path

    from .errors import OutputError

    out = Path(name)
    if out.is_dir():
        raise OutputError(f"{out}: is a folder; --out names the {what} to write, e.g. "
                          f"{out / ('result' + suffixes[0])}")
    if out.suffix.lower() not in suffixes:
        raise OutputError(f"{out}: --out must end in {' or '.join(suffixes)} (the {what} to "
                          "write)")
    return out


def checked_plan(tmp, text: str, out) -> None:
    """Writes `text` to `tmp` and validates it as a plan (problems named by `out`), so that a
    plan that would be refused never replaces the file at `out`."""
    import dataclasses

    from .errors import PlanError
    from .loader import load_plan

    tmp.write_text(text, encoding="utf-8")
    try:
        load_plan(tmp)
    except PlanError as exc:
        raise PlanError([dataclasses.replace(p, file=str(out)) for p in exc.problems]) from None


def _templates(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build import SAMPLE_PLAN
    from .context import chart_blocks, describe, template_context
    from .i18n import Labels
    from .indicators import analyse
    from .loader import load_plan
    from .reports.common import document_info

    loaded = load_plan(args.plan or SAMPLE_PLAN)
    plan = loaded.plan
    if getattr(args, "lang", None):  # plan text in the script of the label language
        from .script_convert import to_script
        plan = to_script(plan, args.lang)
    status = analyse(plan)
    labels = Labels(getattr(args, "lang", None) or plan.language)
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
            print(printable(str(problem)), file=sys.stderr)
        if not problems:
            print(f"{template}: ok")
        return EXIT_USER if problems else EXIT_OK
    from .output import write_atomic

    info = document_info(status, labels, template.stem)
    out = output_file(args.out, (template.suffix.lower(),), "filled template")
    if powerpoint:
        write_atomic(out, lambda tmp: fill_pptx(template, context, tmp, info, charts=charts))
    else:
        write_atomic(out, lambda tmp: fill_word(template, context, tmp, info, charts=charts))
    print(out)
    return EXIT_OK


def _import_text(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.encoding import read_text_file
    from .importers.script import convert_data, detect_script
    from .importers.text import draft_from_text, draft_yaml
    from .loader import load_plan
    from .output import write_atomic

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


def _import_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.script import convert_data
    from .importers.spreadsheet import import_sheets
    from .importers.text import draft_yaml
    from .loader import load_plan
    from .output import write_atomic

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


def _returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.returns import write_returns
    from .indicators import analyse
    from .loader import load_plan

    plan = load_plan(args.plan).plan
    as_of = args.as_of or max([plan.as_of, *(u.date for u in plan.updates)])
    for path in write_returns(analyse(plan, as_of=as_of), Path(args.out)):
        print(path)
    print(f"status as of {as_of}", file=sys.stderr)
    return EXIT_OK


def _read_returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.round import take_returns

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


def _round(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.round import round_status

    out = Path(args.returns_out) if args.returns_out else None
    for unit in round_status(Path(args.plan), args.date, due=args.due, returns_dir=out):
        due = args.due.isoformat() if args.due else "-"
        line = (f"{unit.unit_name}\t{unit.state}\t{unit.tasks_returned}/{unit.tasks_expected}"
                f"\tdue {due}\t{unit.detail}")
        if unit.return_file:
            line += f"\t{unit.return_file}"
        print(line)
    return EXIT_OK


def _contact_lines(plan) -> list[str]:
    """`validate`'s list of contacts: per unit, who gets its mail; units without an address."""
    units = [u for u in plan.units if u.contacts]
    if not units:
        return []
    lines = [f"  contacts ({sum(1 for u in units if any(c.email for c in u.contacts))} of "
             f"{len(plan.units)} units have an address):"]
    for unit in units:
        people = "; ".join(" ".join(filter(None, (c.name, c.email and f"<{c.email}>", c.phone)))
                           for c in unit.contacts)
        lines.append(f"    {unit.id}: {people}")
    missing = [u.id for u in plan.units if not any(c.email for c in u.contacts)]
    if missing:
        lines.append(f"    no address: {', '.join(missing)}")
    return lines


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
    from .build import SAMPLE_PLAN
    from .checks import draft_problems
    from .loader import load_plan

    loaded = load_plan(plan_path or SAMPLE_PLAN)
    problems = draft_problems(loaded.plan)
    if not problems:
        return None
    print(f"error: {loaded.path}: a draft, not a report (--strict):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_USER


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from .build import build, build_meeting

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
    if args.command == "validate":
        from .errors import PlanError
        from .loader import load_plan

        failed = False
        for name in args.plans:
            try:
                loaded = load_plan(name)
            except PlanError as exc:
                failed = True
                print(printable(str(exc)), file=sys.stderr)
                continue
            plan = loaded.plan
            print(f"{name}: ok ({len(plan.areas)} areas, {len(plan.tasks())} tasks, "
                  f"{len(plan.units)} units, {len(plan.updates)} updates)")
            from .checks import status_warnings
            from .indicators import analyse

            for warning in [*loaded.warnings, *status_warnings(analyse(plan))]:
                print(printable(f"warning: {name}: {warning}"), file=sys.stderr)
            for line in _contact_lines(plan):
                print(printable(line))
        return EXIT_USER if failed else EXIT_OK
    if args.command in {"context", "fill", "check-template"}:
        return _templates(args)
    if args.command == "import-text":
        return _import_text(args)
    if args.command == "import-sheet":
        return _import_sheet(args)
    if args.command == "returns":
        return _returns(args)
    if args.command == "read-returns":
        return _read_returns(args)
    if args.command == "round":
        return _round(args)
    if args.command == "convert":

        import yaml

        from .importers.script import convert_data
        from .loader import load_plan
        from .output import write_atomic

        out = output_file(args.out, (".yaml", ".yml"), "converted plan")
        plan = load_plan(args.plan).plan
        data = convert_data(plan.model_dump(mode="json", exclude_defaults=True), args.to)
        data["language"] = args.to
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        write_atomic(out, lambda tmp: checked_plan(tmp, text, out))  # checked, then in place
        print(out)
        return EXIT_OK
    if args.command in {"send", "remind"}:
        from .delivery.commands import run_remind, run_send

        return run_send(args) if args.command == "send" else run_remind(args)
    if args.command == "schema":
        from .model import Plan

        print(json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.command == "fonts":
        from .fonts import noto_sans_sc
        from .render.official_fonts import fandol_faces, noto_sans_tc

        files = noto_sans_sc()
        print(files.regular)
        print(files.bold)
        for extra in (noto_sans_tc(), fandol_faces()):  # zh-Hant; the GB/T 9704 theme
            paths = (extra.values() if isinstance(extra, dict) else
                     (extra.regular, extra.bold) if extra else ())
            for path in paths:
                print(path)
        return EXIT_OK
    raise AssertionError(args.command)
